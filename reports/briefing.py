"""What the 月报 says of the month area by area (经济运行, 招商引资, 项目建设, 土地管理, 安全生产):
every indicator with a figure, the record sentences (签约, 开工, 土地) and the safety checks, then
the 下一步 staff write for the month. monthly.py words each indicator; this module chooses what
goes under which heading."""

from __future__ import annotations

from collections.abc import Callable

from indicators import statistics as st
from indicators.models import Indicator

from .docx_builder import Heading, Paragraph
from .models import NEXT_STEPS_PREFIX, NarrativeSection
from .records import RecordSentences
from .report_data import ReportData

# The categories whose record sentences a 月报 states, and the kind of sentence (RecordSentences).
RECORD_KINDS = {"promotion": "promotion", "projects": "projects", "land": "land"}
SAFETY = "safety"


def safety_sentence(data: ReportData, indicator: Indicator) -> str | None:
    """"1-10月累计排查安全隐患550条，已整改523条，整改率95.09%" from the checks and their part."""
    figures = data.figures(indicator)
    if figures.ytd_value is None:
        return None
    marked = data.marker(indicator, figures)
    text = f"{st.month_span(figures.month)}累计{indicator.name_zh}{marked(data.amount(indicator, figures.ytd_value, figures.ytd_places))}"
    for part in data.parts.get(indicator.pk, []):
        part_figures = data.figures(part, figures.month, latest_available=False)
        if part_figures.ytd_value is None:
            continue
        share = st.ratio_percent(part_figures.ytd_value, figures.ytd_value)
        amount = data.amount(part, part_figures.ytd_value, part_figures.ytd_places)
        text += f"，{part.name_zh.removeprefix('其中')}{marked(amount)}"
        if share is not None:
            text += f"，整改率{marked(st.format_percent(share, data.style.completion_places))}"
    return text


def area_blocks(data: ReportData, records: RecordSentences, analysis: Callable[[ReportData, Indicator], str]) -> list:
    """（一）经济运行 … one heading per category with anything to say: its record sentences, then
    each top-level indicator with a figure (`analysis` words it), those the records state left out."""
    blocks, number = [], 0
    for category in data.categories:
        kind = RECORD_KINDS.get(category.code)
        stated = records(kind) if kind else []
        covered = records.covered(kind) if kind else set()
        paragraphs = ["；".join(stated) + "。"] if stated else []
        for indicator in data.indicators_of(category):
            if indicator.code in covered or not data.has_data(indicator):
                continue
            if category.code == SAFETY:
                sentence = safety_sentence(data, indicator)
                paragraphs += [sentence + "。"] if sentence else []
            else:
                paragraphs.append(f"{indicator.name_zh}{analysis(data, indicator)}")
        if paragraphs:
            number += 1
            blocks.append(Heading(f"（{st.chinese_numeral(number)}）{category.name_zh}", 2))
            blocks += [Paragraph(text) for text in paragraphs]
    return blocks


def next_steps(data: ReportData) -> list[Paragraph]:
    """下一步 as staff wrote it for the month; nothing when they wrote none."""
    section: NarrativeSection | None = data.sections.get(f"{NEXT_STEPS_PREFIX}{data.as_of}")
    return [Paragraph(line.strip()) for line in (section.text if section else "").splitlines() if line.strip()]
