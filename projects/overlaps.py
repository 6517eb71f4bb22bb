"""The figures that both the project and land records and a monthly indicator give (签约项目,
签约资金, 新开工项目, 供应土地面积), by the indicator's code.

A zone's 报告格式 (reports.ReportStyle.figure_source) names the one source its drafts state; the
dashboard's record cards state the same one and note the other (dashboard.selectors.shared_figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .land_statistics import LandSummary
from .statistics import ProjectSummary


@dataclass(frozen=True)
class Overlap:
    book: str  # the records, as the checklist names them
    value: Callable[[ProjectSummary, LandSummary], Decimal | int]


OVERLAPS = {
    "signed_projects": Overlap("项目台账", lambda projects, land: projects.signed_count),
    "signed_amount": Overlap("项目台账", lambda projects, land: projects.signed_amount),
    "new_projects_started": Overlap("项目台账", lambda projects, land: projects.new_started),
    "land_supplied_area": Overlap("土地台账", lambda projects, land: land.supplied_area_mu),
}


def record_value(code: str, projects: ProjectSummary, land: LandSummary) -> Decimal | None:
    """The records' figure for an overlapping indicator; None when the records give none (a zone
    that keeps no such records counts nothing)."""
    overlap = OVERLAPS.get(code)
    if overlap is None:
        return None
    value = overlap.value(projects, land)
    return Decimal(value) if value else None


def states_records(uses_records: bool, record: Decimal | None, indicator_value: Decimal | None) -> bool:
    """Whether the records' figure is the one stated: the zone chose the records, or the indicator
    has no figure of its own; never when the records give none."""
    return record is not None and (uses_records or indicator_value is None)
