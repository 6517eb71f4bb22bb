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
    Draft, ReportData, appendix_table, chart_blocks, checklist, report_data,
)

def _end(text: str) -> str:
    """Ends a sentence with 。 unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；：.!?;:" else text + "。"


def _part_name(indicator: Indicator) -> str:
    return indicator.name_zh.removeprefix("其中")


def _month_note(month: int, sentence_month: int) -> str:
    """A figure of another month than its sentence's says its own: "（截至9月底）"."""
    return f"（截至{month}月底）" if month != sentence_month else ""


def money_unit(data: ReportData, indicators: list[Indicator]) -> str | None:
    """The one money unit of a sentence stating `indicators` and their parts (statistics.sentence_unit
    over their reading units); None when none of them is money."""
    units = []
    for indicator in indicators:
        for each in [indicator, *data.parts.get(indicator.pk, [])]:
            if st.unit_family(each.unit) == "cny":
                units.append(data.reading_unit(each, data.figures(each)))
    return st.sentence_unit(units, "万元") if units else None


def _unit(data: ReportData, indicator: Indicator, figures, money: str | None) -> str:
    """The unit the indicator's amounts read in within a sentence whose money unit is `money`."""
    if money and st.unit_family(indicator.unit) == "cny":
        return money
    return data.reading_unit(indicator, figures)


def indicator_clause(data: ReportData, indicator: Indicator, sentence_month: int, money: str | None = None) -> str | None:
    """"完成固定资产投资22.32亿元，占年度目标任务55亿元的40.58%，同比增长…，其中…"; None without
    figures. Every money amount reads in the sentence's unit `money`. A figure not yet approved
    is marked alone (ReportData.marker)."""
    figures = data.figures(indicator)
    if figures.month is None:
        return None
    marked = data.marker(indicator, figures)
    lag = _month_note(figures.month, sentence_month)
    verb, name = indicator.report_verb, indicator.report_name
    if figures.ytd_value is None:
        # Only a published growth rate: the bureau gave the rate without the absolute figure.
        return f"{st.month_span(figures.month)}{name}{marked(data.growth(indicator, figures))}"
    if not indicator.is_flow:
        verb = "共有"
    amount, target = data.level(indicator, figures, _unit(data, indicator, figures, money))
    text = f"{verb}{name}{marked(amount)}{lag}"
    if target is not None:
        text += f"，占年度目标任务{target}的{marked(data.completion(figures))}"
    growth = data.growth(indicator, figures)
    if growth:
        text += f"，{marked(growth)}"
        # 比1-N月 before December only: the year's last figure is read on its own.
        last_month = data.change_from_last_month(indicator, figures) if figures.month < 12 else ""
        extras = (data.change_from_last_year(indicator, figures), data.two_year_growth(indicator, figures), data.rank(indicator, figures), last_month)
        text += "".join(f"，{marked(extra)}" for extra in extras if extra)
    parts = [(p, data.figures(p)) for p in data.parts.get(indicator.pk, [])]
    parts = [(p, f) for p, f in parts if f.ytd_value is not None]
    if parts:
        texts, pulled = [], False
        for part, part_figures in parts:
            part_marked = data.marker(part, part_figures)
            part_lag = _month_note(part_figures.month, sentence_month)
            unit = _unit(data, part, part_figures, money)
            part_amount = data.amount(part, part_figures.ytd_value, part_figures.ytd_places, unit)
            pull = data.pull(part_figures, figures) if growth else ""
            pulled = pulled or bool(pull)
            texts.append(f"{_part_name(part)}{part_marked(part_amount)}{part_lag}" + (f"，{part_marked(pull)}" if pull else ""))
        # Parts with their 拉动 clause read as a list of their own.
        text += "，其中" + ("；" if pulled else "、").join(texts)
    return text


def figures_sentences(data: ReportData, indicators: list[Indicator]) -> list[str]:
    """"截至10月底，<clause>；<clause>。" for the indicators that have figures: one sentence per run of
    indicators whose figures are of one month, dated by that month, with one money unit."""
    runs: list[tuple[int, list[Indicator]]] = []
    for indicator in indicators:
        month = data.figures(indicator).month
        if month is None:
            continue
        if runs and runs[-1][0] == month:
            runs[-1][1].append(indicator)
        else:
            runs.append((month, [indicator]))
    sentences = []
    for month, run in runs:
        money = money_unit(data, run)
        clauses = [indicator_clause(data, i, month, money) for i in run]
        sentences.append(f"截至{month}月底，" + "；".join(c for c in clauses if c) + "。")
    return sentences


def progress_sentence(data: ReportData, indicators: list[Indicator]) -> str | None:
    """"对照序时进度，截至10月底，各业总产值超序时进度4.89个百分点，固定资产投资低于序时进度42.75个百分点。",
    each run of indicators dated by its figures' month."""
    runs: list[tuple[int, list[str]]] = []
    for indicator in indicators:
        figures = data.figures(indicator)
        if figures.gap_points is None or not indicator.is_flow:
            continue
        clause = f"{indicator.report_name}{data.marker(indicator, figures)(data.gap(figures))}"
        if runs and runs[-1][0] == figures.month:
            runs[-1][1].append(clause)
        else:
            runs.append((figures.month, [clause]))
    if not runs:
        return None
    return "对照序时进度，" + "；".join(f"截至{month}月底，" + "，".join(clauses) for month, clauses in runs) + "。"


def target_line(data: ReportData) -> str | None:
    """"目标任务：新开工项目30个，完成固定资产投资30亿元，…。" from next year's targets; None without."""
    phrases = []
    for indicator, depth in data.catalogue:
        target = data.next_year_target(indicator)
        if depth or target is None:
            continue
        phrases.append(indicator.target_text(st.format_round_amount(target, indicator.unit)))
    if not phrases:
        return None
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


def headline_judgement(data: ReportData) -> str:
    """主要指标保持增长 (every headline indicator grew), 有增有降 naming what fell, 同比下降 (all
    fell), else nothing: the one judgement on the headline indicators as a whole (phrasing.lead)."""
    headline = [i for i, depth in data.catalogue if not depth and i.is_headline]
    return phrasing.lead(data.growth_rates(headline))


def _summary_sections(data: ReportData, records: RecordSentences, headline: list[Indicator]) -> list:
    """The sections （一）（二）… of 一、工作总结 that have something to say: the figures, record
    sentences and staff text of each; a section with none of them is left out."""
    blocks: list = []
    sections = outline.entries(data.categories, data.sections)
    kinds = outline.record_kinds(sections)
    # A shared figure the record sentences state anywhere is not stated again by its indicator.
    covered = {code for placed in kinds.values() for kind in placed for code in records.covered(kind)}
    number = 0
    for entry in sections:
        if entry.hidden:
            continue
        own = data.indicators_of(entry.category) if entry.category else []
        indicators = [i for i in own if i not in headline and i.code not in covered]
        generated = figures_sentences(data, indicators)
        # A sentence per kind of record: each keeps to one money unit.
        generated += ["；".join(records(kind)) for kind in kinds[entry.key] if records(kind)]
        progress = progress_sentence(data, own)
        if progress:
            generated.append(progress)
        narrative = _paragraphs(entry.section.text) if entry.section else []
        body = "".join(_end(t) for t in generated)
        if narrative:
            body += narrative[0]
            narrative = narrative[1:]
        if not body:
            continue
        number += 1
        blocks.append(Heading(f"（{st.chinese_numeral(number)}）{_end(entry.title)}", 2, body=body))
        blocks += [Paragraph(p) for p in narrative]
    return blocks


def _numbered(blocks: list[tuple[str, list]]) -> list:
    """The parts 一、二、三、 that have content, numbered in order."""
    numbered: list = []
    for position, (title, content) in enumerate([b for b in blocks if b[1]], start=1):
        numbered += [Heading(f"{st.chinese_numeral(position)}、{title}", 1), *content]
    return numbered


def annual_draft(zone, year: int, as_of: int | None = None, *, with_charts=True, dated=None) -> Draft:
    """The outline of the year-end report for `zone` and `year`, figures as of month `as_of`, or
    without one of each indicator's latest approved month (ReportData); growth is ranked in the
    zone's rank group, the same whoever reads; 成文日期 `dated` (today without one)."""
    data = report_data(zone, year, as_of)
    # Sentences from the project and land records; none for a zone that keeps no records.
    records = RecordSentences(
        data.projects, data.land, shared_figures(data), grades=grade_sentence(zone, year), month=data.as_of,
        amount_places=data.style.amount_places,
    )
    blocks: list = []

    # Opening: the staff's lead, then the headline figures of the first category and the judgement
    # on the headline indicators as a whole.
    opening = data.sections.get(OPENING)
    first_category = data.categories[0] if data.categories else None
    headline = [i for i in data.indicators_of(first_category) if i.is_headline] if first_category else []
    text = [opening.lead if opening else "", *figures_sentences(data, headline), headline_judgement(data)]
    first = "".join(_end(t) for t in text if t.strip())
    if first:
        blocks.append(Paragraph(first))
    blocks += [Paragraph(p) for p in (_paragraphs(opening.text) if opening else [])]

    kinds = outline.record_kinds(outline.entries(data.categories, data.sections))
    if RecordInsert.ENTERPRISES in {kind for placed in kinds.values() for kind in placed}:
        records.enterprises = enterprise_statistics.enterprise_summary(zone)
    summary = _summary_sections(data, records, headline)

    problems = []
    for position, item in enumerate(data.items[NarrativeItem.Kind.PROBLEM], start=1):
        lines = _paragraphs(item.text)
        problems.append(Paragraph(f"{position}.{_end(item.title)}{lines[0] if lines else ''}"))
        problems += [Paragraph(line) for line in lines[1:]]

    plan = []
    overview = data.sections.get(PLAN_OVERVIEW)
    if overview and not overview.is_empty:
        lines = _paragraphs(overview.text)
        plan.append(Paragraph("工作思路：" + _end(overview.lead) + (lines[0] if lines else "")))
        plan += [Paragraph(line) for line in lines[1:]]
    targets = target_line(data)
    if targets:
        plan.append(Paragraph(targets))
    for position, item in enumerate(data.items[NarrativeItem.Kind.PLAN], start=1):
        lines = _paragraphs(item.text)
        plan.append(Heading(f"（{st.chinese_numeral(position)}）{_end(item.title)}", 2, body=lines[0] if lines else ""))
        plan += [Paragraph(line) for line in lines[1:]]

    blocks += _numbered([(f"{year}年工作总结", summary), ("存在的问题", problems), (f"{year + 1}年工作思路", plan)])

    blocks.append(letterhead.signature(data.style, dated))  # 成文日期 `dated`, today without one
    # Appendix: the indicator table and the charts.
    table = appendix_table(data, f"附表：{year}年主要指标完成情况（截至{data.as_of}月）")
    if table:
        blocks += [PageBreak(), table]
    if with_charts:
        blocks += chart_blocks(data)

    title = annual_title(zone, year)
    return Draft(Document(title, blocks), data.unapproved, data.as_of, data.provenance, data.approved_only, checklist(data, title))


def annual_docx(zone, year: int, as_of: int | None = None, *, dated=None) -> bytes:
    """The year-end report as a .docx: what the browser export and `annual_report` both send."""
    return build_docx(annual_draft(zone, year, as_of, dated=dated).document)
