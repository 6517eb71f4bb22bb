"""The year-end summary (年度工作总结和下一年工作思路) as docx_builder blocks.

The same outline feeds the browser preview and the Word export, so what a leader reads on screen
is what is sent on. Figures come from ReportData (and record statistics through `reports.records`);
this module only chooses words and order.
"""

from __future__ import annotations

from grading.selectors import grade_sentence
from indicators import statistics as st
from indicators.models import Indicator

from projects import enterprise_statistics

from . import letterhead, outline, phrasing, sources
from .docx_builder import Document, Heading, PageBreak, Paragraph, build_docx
from .models import OPENING, PLAN_OVERVIEW, NarrativeItem, RecordInsert
from .records import RecordSentences

from .report_data import (
    NO_DATA, Draft, ReportData, appendix_table, chart_blocks, checklist, report_data,
)

# Categories that always have a section in 工作总结, even without figures (they are what
# every zone reports on); any other category gets one when it has figures or text.
REQUIRED_SECTIONS = ("economy", "promotion", "projects", "land")

# How the seeds word an indicator: the verb before an actual figure, and the phrase of a
# target in 目标任务 ("{name}" and "{amount}" are filled in). Others read "完成…".
ACTUAL_VERBS = {
    "gdp": "实现",
    "industrial_output": "实现",
    "industrial_value_added": "实现",
    "total_output": "实现",
    "foreign_investment": "实际利用外资",
    "signed_projects": "",
    "signed_amount": "",
    "new_projects_started": "",
    "land_supplied_area": "",
    "safety_hazards_found": "",
}
TARGET_PHRASES = {
    "total_output": "园区{name}达到{amount}",
    "industrial_output": "{name}达到{amount}",
    "gdp": "{name}达到{amount}",
    "tax_revenue": "实现{name}{amount}",
    "general_budget_revenue": "实现{name}{amount}",
    "foreign_investment": "实际利用外资{amount}",
    "new_projects_started": "{name}{amount}",
    "signed_projects": "{name}{amount}",
    "signed_amount": "{name}{amount}",
    "enterprises_above_scale": "{name}达到{amount}",
}
DEFAULT_TARGET_PHRASE = "完成{name}{amount}"
# Names as the sentences use them: the catalogue's "税收收入" reads "税收" in the seeds.
SHORT_NAMES = {"tax_revenue": "税收", "foreign_investment": ""}


def _end(text: str) -> str:
    """Ends a sentence with 。 unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；：.!?;:" else text + "。"


def _part_name(indicator: Indicator) -> str:
    return indicator.name_zh.removeprefix("其中")


def _name(indicator: Indicator) -> str:
    return SHORT_NAMES.get(indicator.code, indicator.name_zh)


def indicator_clause(data: ReportData, indicator: Indicator, reference_month: int) -> str | None:
    """"完成固定资产投资22.32亿元，占年度目标任务55亿元的40.58%，同比增长…，其中…"; None without
    figures. The figure and its target share one unit; the parts (其中) share theirs. A figure
    not yet approved is marked alone (ReportData.marker)."""
    figures = data.figures(indicator)
    if figures.month is None:
        return None
    marked = data.marker(indicator, figures)
    lag = f"（至{figures.month}月底）" if figures.month != reference_month else ""
    verb = ACTUAL_VERBS.get(indicator.code, "完成")
    name = _name(indicator)
    if figures.ytd_value is None:
        # Only a published growth rate: the bureau gave the rate without the absolute figure.
        label = name or indicator.name_zh
        return f"{st.month_span(figures.month)}{label}{marked(data.growth(indicator, figures))}"
    if not indicator.is_flow:
        verb = "共有"
    amount, target = data.level(indicator, figures)
    text = f"{verb}{name}{marked(amount)}{lag}"
    if target is not None:
        text += f"，占年度目标任务{target}的{marked(data.completion(figures))}"
    growth = data.growth(indicator, figures)
    if growth:
        text += f"，{marked(growth)}"
        for extra in (data.two_year_growth(indicator, figures), data.rank(indicator, figures)):
            if extra:
                text += f"，{marked(extra)}"
    parts = [(p, data.figures(p)) for p in data.parts.get(indicator.pk, [])]
    parts = [(p, f) for p, f in parts if f.ytd_value is not None]
    if parts:
        unit = st.clause_unit([f.ytd_value for _, f in parts], parts[0][0].unit)
        texts, pulled = [], False
        for part, part_figures in parts:
            part_marked = data.marker(part, part_figures)
            part_lag = f"（至{part_figures.month}月底）" if part_figures.month != figures.month else ""
            part_amount = data.amount(part, part_figures.ytd_value, part_figures.ytd_places, unit)
            pull = data.pull(part_figures, figures) if growth else ""
            pulled = pulled or bool(pull)
            texts.append(f"{_part_name(part)}{part_marked(part_amount)}{part_lag}" + (f"，{part_marked(pull)}" if pull else ""))
        # Parts with their 拉动 clause read as a list of their own.
        text += "，其中" + ("；" if pulled else "、").join(texts)
    return text


def figures_sentence(data: ReportData, indicators: list[Indicator], reference_month: int) -> str | None:
    """"截止10月底，<clause>；<clause>。" for the indicators that have figures."""
    clauses = [c for c in (indicator_clause(data, i, reference_month) for i in indicators) if c]
    if not clauses:
        return None
    return f"截止{reference_month}月底，" + "；".join(clauses) + "。"


def progress_sentence(data: ReportData, indicators: list[Indicator]) -> str | None:
    """"对照序时进度，各业总产值超序时进度4.89个百分点，固定资产投资落后序时进度42.75个百分点。"""
    clauses = []
    for indicator in indicators:
        figures = data.figures(indicator)
        if figures.gap_points is None or not indicator.is_flow:
            continue
        clauses.append(f"{_name(indicator) or indicator.name_zh}{data.marker(indicator, figures)(data.gap(figures))}")
    if not clauses:
        return None
    return "对照序时进度，" + "，".join(clauses) + "。"


def target_line(data: ReportData) -> str:
    """"目标任务：新开工项目30个，完成固定资产投资30亿元，…。" from next year's targets."""
    phrases = []
    for indicator, depth in data.catalogue:
        target = data.next_year_target(indicator)
        if depth or target is None:
            continue
        template = TARGET_PHRASES.get(indicator.code, DEFAULT_TARGET_PHRASE)
        phrases.append(template.format(name=_name(indicator) or indicator.name_zh, amount=st.format_round_amount(target, indicator.unit)))
    if not phrases:
        return f"目标任务：{data.year + 1}年目标尚未设定。"
    return "目标任务：" + "，".join(phrases) + "。"


def shared_figures(data: ReportData) -> dict[str, tuple | None]:
    """For each figure the records give that an indicator gives too, the value and text the
    report states (the zone's one source, reports.sources); None where it states none."""
    chosen = {}
    for code in sources.OVERLAPS:
        indicator = data.by_code.get(code)
        if indicator is None or data.record_value(indicator) is None:
            continue
        figures = data.figures(indicator)
        if figures.ytd_value is None:
            chosen[code] = None
            continue
        text = data.amount(indicator, figures.ytd_value, figures.ytd_places)
        chosen[code] = (figures.ytd_value, data.marker(indicator, figures)(text))
    return chosen


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def annual_title(zone, year: int) -> str:
    return f"{zone.name}{year}年工作总结和{year + 1}年工作思路"


def annual_draft(zone, year: int, as_of: int | None = None, *, with_charts=True, dated=None) -> Draft:
    """The outline of the year-end report for `zone` and `year`, figures as of month `as_of`, or
    without one of each indicator's latest approved month (ReportData); growth is ranked in the
    zone's rank group, the same whoever reads."""
    data = report_data(zone, year, as_of)
    # Sentences from the project and land records; none for a zone that keeps no records.
    records = RecordSentences(data.projects, data.land, shared_figures(data), grades=grade_sentence(zone, year))
    reference = data.reference_month
    blocks: list = []

    # Opening: the staff's lead, then the headline figures of the first category.
    opening = data.sections.get(OPENING)
    first_category = data.categories[0] if data.categories else None
    headline = [i for i in data.indicators_of(first_category) if i.is_headline] if first_category else []
    headline_sentence = figures_sentence(data, headline, reference)
    text = [opening.lead if opening else "", headline_sentence or ""]
    opening_paragraphs = _paragraphs(opening.text) if opening else []
    first = "".join(_end(t) for t in text if t.strip())
    blocks.append(Paragraph(first or NO_DATA))
    blocks += [Paragraph(p) for p in opening_paragraphs]

    # 一、工作总结: the zone's outline for the year (reports.outline).
    blocks.append(Heading(f"一、{year}年工作总结", 1))
    sections = outline.entries(data.categories, data.sections)
    kinds = outline.record_kinds(sections)
    if RecordInsert.ENTERPRISES in {kind for placed in kinds.values() for kind in placed}:
        records.enterprises = enterprise_statistics.enterprise_summary(zone)
    # A shared figure the record sentences state anywhere is not stated again by its indicator.
    covered = {code for placed in kinds.values() for kind in placed for code in records.covered(kind)}
    number = 0
    for entry in sections:
        if entry.hidden:
            continue
        record_texts = [text for kind in kinds[entry.key] for text in records(kind)]
        record_clause = "；".join(record_texts) if record_texts else None
        own = data.indicators_of(entry.category) if entry.category else []
        indicators = [i for i in own if i not in headline and i.code not in covered]
        sentence = figures_sentence(data, indicators, reference)
        progress = progress_sentence(data, own)
        section = entry.section
        narrative = _paragraphs(section.text) if section else []
        has_data = any(map(data.has_data, own))
        in_use = entry.is_own or sentence or record_clause or (section and not section.is_empty) or has_data
        if entry.key not in REQUIRED_SECTIONS and not in_use:
            continue
        number += 1
        generated = [c for c in [sentence, record_clause, progress] if c]
        # The section opens with what its figures say as a whole (增长, mixed or 下降).
        section_lead = phrasing.lead(data.growth_rates(own))
        body = "".join(_end(t) for t in [section_lead, *generated] if t)
        if narrative:
            body += narrative[0]
            narrative = narrative[1:]
        if not body and not has_data:
            body = NO_DATA
        blocks.append(Heading(f"（{st.chinese_numeral(number)}）{_end(entry.title)}", 2, body=body))
        blocks += [Paragraph(p) for p in narrative]

    # 二、存在的问题
    blocks.append(Heading("二、存在的问题", 1))
    problems = data.items[NarrativeItem.Kind.PROBLEM]
    for position, item in enumerate(problems, start=1):
        lines = _paragraphs(item.text)
        blocks.append(Paragraph(f"{position}.{_end(item.title)}{lines[0] if lines else ''}"))
        blocks += [Paragraph(line) for line in lines[1:]]
    if not problems:
        blocks.append(Paragraph(NO_DATA))

    # 三、下一年工作思路
    blocks.append(Heading(f"三、{year + 1}年工作思路", 1))
    overview = data.sections.get(PLAN_OVERVIEW)
    if overview and not overview.is_empty:
        lines = _paragraphs(overview.text)
        blocks.append(Paragraph("工作思路：" + _end(overview.lead) + (lines[0] if lines else "")))
        blocks += [Paragraph(line) for line in lines[1:]]
    blocks.append(Paragraph(target_line(data)))
    for position, item in enumerate(data.items[NarrativeItem.Kind.PLAN], start=1):
        lines = _paragraphs(item.text)
        blocks.append(Heading(f"（{st.chinese_numeral(position)}）{_end(item.title)}", 2, body=lines[0] if lines else ""))
        blocks += [Paragraph(line) for line in lines[1:]]

    blocks.append(letterhead.signature(data.style, dated))  # 成文日期 `dated`, today without one
    # Appendix: the indicator table and the charts.
    blocks.append(PageBreak())
    blocks.append(appendix_table(data, f"附表：{year}年主要指标完成情况（截至{data.as_of}月）") or Paragraph(NO_DATA))
    if with_charts:
        blocks += chart_blocks(data)

    title = annual_title(zone, year)
    return Draft(Document(title, blocks), data.unapproved, data.as_of, data.provenance, data.approved_only, checklist(data, title))


def annual_docx(zone, year: int, as_of: int | None = None, *, dated=None) -> bytes:
    """The year-end report as a .docx: what the browser export and `annual_report` both send."""
    return build_docx(annual_draft(zone, year, as_of, dated=dated).document)
