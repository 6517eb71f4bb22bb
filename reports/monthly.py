"""The monthly briefing (经济运行月报) as docx_builder blocks: a paragraph of analysis per indicator
with a figure, grouped by area with the record sentences (reports.briefing), 下一步, the month's
table on a landscape page, the charts."""

from __future__ import annotations

from indicators import statistics as st
from indicators.models import Indicator

from . import briefing, letterhead, phrasing
from .annual import shared_figures
from .docx_builder import Document, Heading, Paragraph, build_docx
from .records import RecordSentences

from .report_data import (
    Draft, ReportData, appendix_table, chart_blocks, checklist, report_data, status_label,
)


def monthly_title(zone, year: int, month: int) -> str:
    return f"{zone.name}经济运行月报（{year}年{month}月）"


def lagging_indicators(data: ReportData) -> list[Indicator]:
    """The indicators the dashboard warns of (ZoneDashboard.behind): top-level ones, each at its
    latest month with data, that lag time progress."""
    return [i for i, depth in data.catalogue if depth == 0 and st.lags_time_progress(i, data.figures(i))]


def headline_indicators(data: ReportData) -> list[Indicator]:
    """The top-level headline indicators with a figure to analyse."""
    return [i for i, depth in data.catalogue if depth == 0 and i.is_headline and data.has_data(i)]


def analysis(data: ReportData, indicator: Indicator) -> str:
    """"1-10月累计完成22.32亿元，同比增长8.5%，比1-9月提高0.5个百分点；占年度目标任务55亿元的
    40.58%，低于序时进度42.75个百分点。" for one indicator at its latest month (warnings are said
    once, in the opening)."""
    figures = data.figures(indicator)
    marked = data.marker(indicator, figures)
    span = st.month_span(figures.month)
    clauses = []
    target = None
    if figures.ytd_value is not None:
        amount, target = data.level(indicator, figures)
        amount = marked(amount)
        clauses.append(f"{span}累计{indicator.report_verb}{amount}" if indicator.is_flow else f"{figures.month}月末共有{amount}")
    growth = data.growth(indicator, figures)
    if growth:
        if not clauses:
            clauses.append(span)
        clauses[-1] += f"，{marked(growth)}"
        extras = (
            data.change_from_last_year(indicator, figures), data.two_year_growth(indicator, figures),
            data.rank(indicator, figures), data.change_from_last_month(indicator, figures),
        )
        clauses[-1] += "".join(f"，{marked(extra)}" for extra in extras if extra)
    if target is not None:
        progress = f"占年度目标任务{target}的{marked(data.completion(figures))}"
        if st.tracks_time_progress(indicator, figures):
            progress += f"，{marked(data.gap(figures))}"
        clauses.append(progress)
    # A growth clause makes the level a sentence of its own; without one the target follows on.
    return ("；" if growth else "，").join(clauses) + "。"


def opening(data: ReportData, headline: list[Indicator]) -> str:
    """"1-9月，主要指标保持增长。截至9月底，固定资产投资低于序时进度超过5个百分点，列入预警，需加快推进。":
    the judgement on the headline indicators where its rule holds (phrasing.lead) and each warning
    once, each dated by its figures' month."""
    text = ""
    lead = phrasing.lead(data.growth_rates(headline))
    if lead:
        # Dated by the figures it weighs: of one month, that month's span; of several, no date.
        months = {data.figures(i).month for i in headline if st.reported_growth(i, data.figures(i)) is not None}
        text += (f"{st.month_span(months.pop())}，" if len(months) == 1 else "") + f"{lead}。"
    by_month: dict[int, list[str]] = {}
    for indicator in lagging_indicators(data):
        by_month.setdefault(data.figures(indicator).month, []).append(indicator.name_zh)
    for month, names in sorted(by_month.items(), reverse=True):
        dated = f"截至{month}月底，" if month != data.as_of else ""
        text += dated + "、".join(names) + phrasing.lag_warning(st.warning_points()) + "。"
    return text


def monthly_draft(zone, year: int, month: int | None = None, *, with_charts=True, dated=None) -> Draft:
    """经济运行月报: the opening on the headline indicators, the month area by area
    (reports.briefing), the 下一步 staff wrote, the month's table, the charts. Without a month,
    that of the latest approved month, each figure its latest approved one. Parts without content
    are left out."""
    data = report_data(zone, year, month)
    month = data.as_of
    headline = headline_indicators(data)
    summary = opening(data, headline)
    blocks: list = [Paragraph(summary)] if summary else []
    number = 0
    records = RecordSentences(data.projects, data.land, shared_figures(data), month=month,
                              amount_places=data.style.amount_places)
    areas = briefing.area_blocks(data, records, analysis)
    if areas:
        number += 1
        blocks += [Heading(f"{st.chinese_numeral(number)}、主要指标运行情况", 1), *areas]
    steps = briefing.next_steps(data)
    if steps:
        number += 1
        blocks += [Heading(f"{st.chinese_numeral(number)}、下一步工作", 1), *steps]
    # The table's title is the part's heading: a heading of its own would be left behind on the
    # portrait page before it.
    table = appendix_table(data, f"{st.chinese_numeral(number + 1)}、{year}年{month}月主要指标", latest_available=False, landscape=True)
    if table:
        number += 1
        blocks.append(table)
    charts = chart_blocks(data) if with_charts else []
    if charts:
        blocks += [Heading(f"{st.chinese_numeral(number + 1)}、图表", 1), *charts]
    title = monthly_title(zone, year, month)
    notes = checklist(data, title, f"{month}月数据状态：{status_label(data.status(month))}。")
    document = Document(title, blocks, letterhead.masthead(data.style, month, dated))
    return Draft(document, data.unapproved, month, data.provenance, data.approved_only, notes)


def monthly_docx(zone, year: int, month: int | None = None, *, dated=None) -> bytes:
    return build_docx(monthly_draft(zone, year, month, dated=dated).document)
