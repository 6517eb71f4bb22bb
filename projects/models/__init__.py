"""Records behind half of every zone report: enterprises, projects and their monthly
progress, land parcels with idle-land disposal, mortgages and relocation cases.

Amounts are stored in 万元 (signed amount and investment alike) and areas in 亩; conversion
to 亿元, m² or 公顷 happens only for display, through indicators.statistics. Every record has a
`version` for optimistic locking: the services raise it on each save and refuse a save made
on an older one (projects.services.StaleRecord).
"""

from .enterprises import (
    Enterprise,
    EnterpriseFigure,
    EnterpriseFigureQuerySet,
    Industry,
)
from .land import Mortgage, MortgageQuerySet, Parcel, RelocationCase, held_land
from .projects import (
    STAGE_DATES,
    STAGE_REACHED,
    Project,
    ProjectChildQuerySet,
    ProjectProblem,
    ProjectProgress,
    ProjectYear,
    overdue_problem,
)

__all__ = [
    "Enterprise",
    "EnterpriseFigure",
    "EnterpriseFigureQuerySet",
    "Industry",
    "Project",
    "ProjectChildQuerySet",
    "ProjectProblem",
    "ProjectProgress",
    "ProjectYear",
    "STAGE_DATES",
    "STAGE_REACHED",
    "overdue_problem",
    "Mortgage",
    "MortgageQuerySet",
    "Parcel",
    "RelocationCase",
    "held_land",
]
