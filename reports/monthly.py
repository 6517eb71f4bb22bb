"""The monthly briefing (经济运行月报) as docx_builder blocks."""

from __future__ import annotations

from indicators import statistics as st
from indicators.models import Indicator

from .docx_builder import Document, Heading, Paragraph, build_docx

from .report_data import (
    NO_DATA, Draft, ReportData, amount_text, appendix_table, chart_blocks, checklist_blocks, status_label, unapproved_blocks,
)


def monthly_title(zone, year: int, month: int) -> str:
    return f"{zone.name}经济运行月报（{year}年{month}月）"


def lagging_indicators(data: ReportData) -> list[Indicator]:
    """The indicators the dashboard warns of (ZoneDashboard.behind): top-level ones, each at its
    latest month with data, that lag time progress."""
    return [i for i, depth in data.catalogue if depth == 0 and st.lags_time_progress(i, data.figures(i))]


def monthly_draft(zone, year: int, month: int, *, with_charts=True) -> Draft:
    """经济运行月报: the month's table, the indicators behind time progress, the charts."""
    data = ReportData(zone, year, month)
    blocks: list = []
    status = status_label(data.status(month))
    blocks.append(Paragraph(f"本月数据状态：{status}。序时进度{st.format_percent(st.time_progress_percent(month))}。"))

    blocks.append(Heading("一、预警", 1))
    warnings = []
    for indicator in lagging_indicators(data):
        figures = data.figures(indicator)
        warnings.append(
            f"{indicator.name_zh}{st.month_span(figures.month)}完成{amount_text(indicator, figures.ytd_value)}，"
            f"完成率{st.format_percent(figures.completion)}，{st.describe_gap(figures.gap_points)}。"
        )
    for n, text in enumerate(warnings, start=1):
        blocks.append(Paragraph(f"{n}.{text}"))
    if not warnings:
        blocks.append(Paragraph(f"没有落后序时进度超过{st.format_number(st.warning_points(), 0)}个百分点的指标。"))

    blocks.append(Heading("二、主要指标", 1))
    blocks.append(appendix_table(data, f"{year}年{month}月主要指标", latest_available=False) or Paragraph(NO_DATA))
    if with_charts:
        blocks.append(Heading("三、图表", 1))
        blocks += chart_blocks(data) or [Paragraph(NO_DATA)]
    blocks += unapproved_blocks(data)
    blocks += checklist_blocks(data)
    return Draft(Document(monthly_title(zone, year, month), blocks), data.unapproved, month, data.provenance)


def monthly_docx(zone, year: int, month: int) -> bytes:
    return build_docx(monthly_draft(zone, year, month).document)
