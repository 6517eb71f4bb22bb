"""Reads for the leaders' dashboard.

Each function loads everything its page needs in a fixed number of queries (values and
targets through indicators.selectors.ValueTable, the review statuses in one more) and
leaves every figure to indicators.statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from indicators import statistics
from indicators.models import Indicator, ZoneMonth
from indicators.selectors import ValueTable, catalogue
from grading import selectors as grading_selectors
from projects import enterprise_statistics, land_statistics, overlaps, statistics as records

# Earlier years whose seasonal shape the year-end projection averages.
HISTORY_YEARS = 3


@dataclass
class PartFigures:
    """A part (其中) of an indicator, as of the month its whole runs to."""

    indicator: Indicator
    figures: statistics.IndicatorFigures


@dataclass
class IndicatorPanel:
    """One indicator of one zone for the dashboard: its figures as of the selected month."""

    indicator: Indicator
    figures: statistics.IndicatorFigures
    status: str  # ZoneMonth status of the month the figures run to ("" when none)
    ytd_this_year: dict[int, Decimal | None]
    ytd_last_year: dict[int, Decimal | None]
    month_values: dict[int, Decimal | None]
    last_year_month_values: dict[int, Decimal | None]
    published_yoy: dict[int, Decimal | None]
    notes: dict[int, str] = field(default_factory=dict)  # statistics.ReadMonths.notes
    combined: frozenset[int] = frozenset()
    parts: list[PartFigures] = field(default_factory=list)
    projection: Decimal | None = None
    projection_method: str = "none"

    @property
    def month(self) -> int | None:
        """The month the figures run to (investment may run to October, output to September)."""
        return self.figures.month

    @property
    def approved(self) -> bool:
        return self.status == ZoneMonth.Status.APPROVED

    @property
    def returned(self) -> bool:
        """The reviewer sent the month back: its figures are being corrected."""
        return self.status == ZoneMonth.Status.RETURNED

    @property
    def has_target(self) -> bool:
        return self.figures.annual_target is not None

    @property
    def projected_completion(self) -> Decimal | None:
        return statistics.completion_percent(self.projection, self.figures.annual_target)


@dataclass
class MonthStatus:
    month: int
    status: str  # "" when nothing was entered for the month

    @property
    def submitted(self) -> bool:
        return self.status in (ZoneMonth.Status.SUBMITTED, ZoneMonth.Status.APPROVED)

    @property
    def label(self) -> str:
        return status_label(self.status)


def status_label(status: str) -> str:
    return ZoneMonth.Status(status).label if status else _("未填报")


@dataclass
class ZoneDashboard:
    zone: object
    year: int
    month: int
    panels: list[IndicatorPanel]  # every active indicator that is not a part, in catalogue order
    months: list[MonthStatus]  # January to the selected month

    @property
    def headline(self) -> list[IndicatorPanel]:
        return [p for p in self.panels if p.indicator.is_headline]

    @property
    def tracked(self) -> list[IndicatorPanel]:
        """The panels whose completion is read against time progress (the completion chart)."""
        return [p for p in self.panels if statistics.tracks_time_progress(p.indicator, p.figures)]

    def panel(self, code: str) -> IndicatorPanel | None:
        return next((p for p in self.panels if p.indicator.code == code), None)

    @property
    def behind(self) -> list[IndicatorPanel]:
        """Indicators that lag time progress (IndicatorFigures.lags_time_progress), each at its latest
        month with data."""
        return [p for p in self.tracked if statistics.lags_time_progress(p.indicator, p.figures)]

    @property
    def unsubmitted(self) -> list[MonthStatus]:
        """Months up to the selected one still in draft, returned or never started."""
        return [m for m in self.months if not m.submitted]


def _up_to(values: dict[int, Decimal | None], month: int) -> dict[int, Decimal | None]:
    return {m: v for m, v in sorted(values.items()) if m <= month}


def _panel(indicator, parts, table: ValueTable, zone_id, year, month, statuses) -> IndicatorPanel:
    figures = table.figures(zone_id, indicator.pk, year, month)
    this_year, last_year = table.read(zone_id, indicator.pk, year), table.read(zone_id, indicator.pk, year - 1)
    panel = IndicatorPanel(
        indicator=indicator,
        figures=figures,
        status=statuses.get(figures.month, "") if figures.month else "",
        ytd_this_year=_up_to(this_year.ytd, month),
        ytd_last_year=dict(sorted(last_year.ytd.items())),
        month_values=_up_to(this_year.month_values, month),
        last_year_month_values=dict(sorted(last_year.month_values.items())),
        published_yoy=_up_to(table.get(zone_id, indicator.pk, year).published_yoy, month),
        notes=this_year.notes,
        combined=this_year.combined,
    )
    if figures.month is not None:
        # Parts run to the month their whole runs to, so the breakdown adds up.
        panel.parts = [
            PartFigures(part, table.figures(zone_id, part.pk, year, figures.month, latest_available=False))
            for part in parts
        ]
        if indicator.is_flow and figures.ytd_value is not None:
            history = [table.get(zone_id, indicator.pk, year - back).ytd for back in range(1, HISTORY_YEARS + 1)]
            panel.projection, panel.projection_method = statistics.project_year_end(
                figures.ytd_value, figures.month, history
            )
    return panel


def _tree():
    """Top-level active indicators with their direct parts, in catalogue order."""
    wholes, parts = [], {}
    for indicator, depth in catalogue():
        if depth == 0:
            wholes.append(indicator)
            parts[indicator.pk] = []
        elif depth == 1 and indicator.parent_id in parts:
            parts[indicator.parent_id].append(indicator)
    return wholes, parts


def zone_dashboard(zone, year: int, month: int) -> ZoneDashboard:
    """Everything one zone's dashboard shows for (year, month), in four queries.

    Values and targets of this year, last year and the earlier years of the seasonal
    projection (two), the catalogue (one) and this year's review statuses (one).
    """
    table = ValueTable.load([zone.pk], [year - back for back in range(HISTORY_YEARS + 1)])
    wholes, parts = _tree()
    statuses = dict(ZoneMonth.objects.filter(zone=zone, year=year, month__lte=month).values_list("month", "status"))
    panels = [_panel(indicator, parts[indicator.pk], table, zone.pk, year, month, statuses) for indicator in wholes]
    months = [MonthStatus(m, statuses.get(m, "")) for m in range(1, month + 1)]
    return ZoneDashboard(zone=zone, year=year, month=month, panels=panels, months=months)


@dataclass
class ZoneFigures:
    zone: object
    figures: statistics.IndicatorFigures


@dataclass
class IndicatorRanking:
    """The zones ranked on one indicator: by completion, then YTD."""

    indicator: Indicator
    rows: list[ZoneFigures]


def headline_indicators() -> list[Indicator]:
    """The top-level headline indicators, in catalogue order (one query)."""
    return [indicator for indicator in _tree()[0] if indicator.is_headline]


def comparison_figures(zone_ids, year: int, month: int, indicators) -> dict[int, dict[int, statistics.IndicatorFigures]]:
    """{zone_id: {indicator_id: figures}} of each zone at (year, month), each indicator at its
    latest month with data; two queries whatever the zones."""
    zone_ids = list(zone_ids)
    table = ValueTable.load(zone_ids, [year, year - 1], [i.pk for i in indicators])
    return {z: {i.pk: table.figures(z, i.pk, year, month) for i in indicators} for z in zone_ids}


def zone_comparison(zones, year: int, month: int, indicators=None, figures=None) -> list[IndicatorRanking]:
    """Each headline indicator (or each of `indicators`) with the zones ranked on it. `figures`:
    comparison_figures of these zones, when the caller keeps them; else they are read (two
    queries whatever the zones)."""
    zones = list(zones)
    indicators = headline_indicators() if indicators is None else indicators
    if figures is None:
        figures = comparison_figures([z.pk for z in zones], year, month, indicators)

    def key(row: ZoneFigures):
        f = row.figures
        return (f.completion is None, -(f.completion or 0), f.ytd_value is None, -(f.ytd_value or 0), row.zone.code)

    return [
        IndicatorRanking(indicator, sorted((ZoneFigures(z, figures[z.pk][indicator.pk]) for z in zones), key=key))
        for indicator in indicators
    ]


@dataclass
class MonthRow:
    month: int
    figures: statistics.IndicatorFigures
    status: str

    @property
    def label(self) -> str:
        return status_label(self.status)


def indicator_months(dashboard: ZoneDashboard, panel: IndicatorPanel) -> list[MonthRow]:
    """The indicator's months of this year up to the selected month, each as of itself."""
    statuses = {m.month: m.status for m in dashboard.months}
    rows = []
    for m in range(1, dashboard.month + 1):
        figures = statistics.figures_at(
            m,
            panel.ytd_this_year,
            panel.month_values,
            panel.ytd_last_year,
            panel.last_year_month_values,
            panel.published_yoy,
            panel.figures.annual_target,
            latest_available=False,
            notes=panel.notes,
            combined=panel.combined,
        )
        rows.append(MonthRow(m, figures, statuses.get(m, "")))
    return rows


@dataclass
class ZoneRecords:
    """What the dashboard shows from the project and land records (projects.statistics)."""

    zone: object
    year: int
    month: int
    projects: object  # projects.statistics.ProjectSummary
    pipeline: list  # [PipelineStage]
    key_projects: list  # [KeyProjectProgress]
    land: object  # LandSummary
    efficiency: list  # [LandEfficiency], least efficient first
    idle_candidates: list  # [Parcel], the first IDLE_CANDIDATES_LISTED
    idle_candidates_count: int
    industries: list  # [FiguresGroup]: enterprise tax and output by industry
    parks: list  # [FiguresGroup]: the same by park

    @property
    def time_progress(self) -> Decimal:
        return statistics.time_progress_percent(self.month)

    @property
    def stalled_key_projects(self) -> list:
        """Key projects with no investment for two months or more this year, or with overdue problems."""
        return [
            p for p in self.key_projects if p.months_without_investment >= STALLED_MONTHS or p.overdue_problems
        ]


# The warnings list this many idle-land candidates and link to the full list for the rest.
IDLE_CANDIDATES_LISTED = 10
# A key project with this many months of the year without investment is flagged.
STALLED_MONTHS = 2


def zone_records(zone, year: int, month: int, today) -> ZoneRecords:
    """The record statistics of a zone as of (year, month); a fixed number of aggregate queries."""
    candidates = land_statistics.idle_land_candidates(zone, today)
    return ZoneRecords(
        zone=zone,
        year=year,
        month=month,
        projects=records.project_summary(zone, year, month),
        pipeline=records.pipeline_by_stage(zone),
        key_projects=records.key_project_progress(zone, year, month, today=today),
        land=land_statistics.land_summary(zone, year, month),
        efficiency=land_statistics.land_efficiency_ranking(zone, year, month),
        idle_candidates=list(candidates[:IDLE_CANDIDATES_LISTED]),
        idle_candidates_count=candidates.count(),
        industries=enterprise_statistics.figures_by_industry(zone, year, month),
        parks=enterprise_statistics.figures_by_park(zone, year, month),
    )


@dataclass(frozen=True)
class SharedFigure:
    """A figure both the records and a monthly indicator give (projects.overlaps): the one the
    zone's 报告格式 states, as its drafts do, and the other, noted beside it."""

    record: Decimal | None
    indicator: Decimal | None
    month: int | None  # the month the indicator's figure runs to
    from_records: bool

    @property
    def value(self) -> Decimal | None:
        return self.record if self.from_records else self.indicator

    @property
    def other(self) -> Decimal | None:
        return self.indicator if self.from_records else self.record


def uses_records(zone) -> bool:
    """Whether the zone's 报告格式 states the records' figures where they overlap an indicator's.
    Read through the zone's one-to-one `report_style` (reports.ReportStyle), as the dashboard
    imports nothing of the reports built on it; a zone without one states the indicator's."""
    try:
        return zone.report_style.uses_records
    except ObjectDoesNotExist:
        return False


def shared_figures(dashboard: ZoneDashboard, zone_records: ZoneRecords, states_records: bool) -> dict[str, SharedFigure]:
    """{indicator code: SharedFigure} of every overlapping figure, the indicator's at the month its
    dashboard panel runs to."""
    found = {}
    for code in overlaps.OVERLAPS:
        record = overlaps.record_value(code, zone_records.projects, zone_records.land)
        panel = dashboard.panel(code)
        indicator = panel.figures.ytd_value if panel else None
        found[code] = SharedFigure(record, indicator, panel.month if panel else None,
                                   overlaps.states_records(states_records, record, indicator))
    return found


@dataclass
class GradeDistribution:
    """A zone's 亩均效益 grades of a year by industry and by park (grading.selectors)."""

    grading: object | None
    counts: dict[str, int]
    by_industry: list
    by_park: list


def grade_distribution(user, zone, year: int) -> GradeDistribution:
    """Four queries: the grading, its counts, and the two breakdowns."""
    found = grading_selectors.grading_for(user, zone, year)
    if found is None:
        return GradeDistribution(None, {}, [], [])
    return GradeDistribution(found, grading_selectors.grade_counts(found), grading_selectors.distribution(found, "industry"),
                             grading_selectors.distribution(found, "park"))
