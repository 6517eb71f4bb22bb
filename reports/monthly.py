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
    NO_DATA, Draft, ReportData, appendix_table, chart_blocks, checklist, report_data, status_label,
)


def monthly_title(zone, year: int, month: int) -> str:
    return f"{zone.name}经济运行月报（{year}年{month}月）"


def lagging_indicators(data: ReportData) -> list[Indicator]:
    """The indicators the dashboard warns of (ZoneDashboard.behind): top-level ones, each at its
    latest month with data, that lag time progress."""
    return [i for i, depth in data.catalogue if depth == 0 and st.lags_time_progress(i, data.figures(i))]


def headline_indicators(data: ReportData) -> list[Indicator]:
    """The top-level headline indicators the zone reports: with a figure or a target."""
    return [
        i for i, depth in data.catalogue
        if depth == 0 and i.is_headline and (data.has_data(i) or data.figures(i).annual_target is not None)
    ]


def analysis(data: ReportData, indicator: Indicator) -> str:
    """"1-10月累计完成22.32亿元，同比增长8.5%，比1-9月提高0.5个百分点；占年度目标任务55亿元的
    40.58%，低于序时进度42.75个百分点，…列入预警…。" for one indicator at its latest month."""
    figures = data.figures(indicator)
    if figures.month is None:
        return "本月暂无数据。"
    marked = data.marker(indicator, figures)
    span = st.month_span(figures.month)
    clauses = []
    if figures.ytd_value is not None:
        amount, target = data.level(indicator, figures)
        amount = marked(amount)
        clauses.append(f"{span}累计完成{amount}" if indicator.is_flow else f"{figures.month}月末共有{amount}")
    else:
        target = None
    growth = data.growth(indicator, figures)
    if growth:
        if not clauses:
            clauses.append(span)
        clauses[-1] += f"，{marked(growth)}"
        for extra in (data.two_year_growth(indicator, figures), data.rank(indicator, figures)):
            if extra:
                clauses[-1] += f"，{marked(extra)}"
        if figures.month > 1:
            earlier = data.figures(indicator, figures.month - 1, latest_available=False)
            change = phrasing.growth_change(
                st.reported_growth(indicator, figures), st.reported_growth(indicator, earlier),
                figures.month - 1, data.growth_places(figures),
            )
            if change:
                clauses[-1] += f"，{marked(change)}"
    if target is not None:
        progress = f"占年度目标任务{target}的{marked(data.completion(figures))}"
        if st.tracks_time_progress(indicator, figures):
            progress += f"，{marked(data.gap(figures))}"
        clauses.append(progress)
    # A growth clause makes the level a sentence of its own; without one the target follows on.
    text = ("；" if growth else "，").join(clauses) + "。"
    if st.lags_time_progress(indicator, figures):
        text += phrasing.lag_warning(st.warning_points()) + "。"
    return text


def monthly_draft(zone, year: int, month: int | None = None, *, with_charts=True, dated=None) -> Draft:
    """经济运行月报: the month area by area (reports.briefing), the 下一步 staff wrote, the month's
    table, the charts. Without a month, that of the latest approved month, each figure its latest
    approved one."""
    data = report_data(zone, year, month)
    month = data.as_of
    blocks: list = []
    lagging = lagging_indicators(data)
    summary = f"序时进度{st.format_percent(st.time_progress_percent(month), data.style.completion_places)}。"
    headline = headline_indicators(data)
    lead = phrasing.lead(data.growth_rates(headline))
    if lead:
        summary += lead + "。"
    if lagging:
        summary += "、".join(i.name_zh for i in lagging) + phrasing.lag_warning(st.warning_points()) + "。"
    blocks.append(Paragraph(summary))

    blocks.append(Heading("一、主要指标运行情况", 1))
    records = RecordSentences(data.projects, data.land, shared_figures(data))
    blocks += briefing.area_blocks(data, records, analysis) or [Paragraph(NO_DATA)]
    number = 1
    steps = briefing.next_steps(data)
    if steps:
        number += 1
        blocks += [Heading(f"{st.chinese_numeral(number)}、下一步工作", 1), *steps]

    # The table's title is the part's heading: a heading of its own would be left behind on the
    # portrait page before it.
    number += 1
    table = appendix_table(data, f"{st.chinese_numeral(number)}、{year}年{month}月主要指标", latest_available=False, landscape=True)
    blocks += [table] if table else [Heading(f"{st.chinese_numeral(number)}、主要指标", 1), Paragraph(NO_DATA)]
    if with_charts:
        blocks.append(Heading(f"{st.chinese_numeral(number + 1)}、图表", 1))
        blocks += chart_blocks(data) or [Paragraph(NO_DATA)]
    title = monthly_title(zone, year, month)
    notes = checklist(data, title, f"{month}月数据状态：{status_label(data.status(month))}。")
    document = Document(title, blocks, letterhead.masthead(data.style, month, dated))
    return Draft(document, data.unapproved, month, data.provenance, data.approved_only, notes)


def monthly_docx(zone, year: int, month: int | None = None, *, dated=None) -> bytes:
    return build_docx(monthly_draft(zone, year, month, dated=dated).document)
