"""Record-based statistics for zone reports: projects (land in land_statistics.py, enterprises in
enterprise_statistics.py).

Each public function either takes rows that are already loaded or runs a fixed number of
aggregate queries for a zone (never one per record), so the dashboard, lists and the Word
report get the same figures at the same cost however many records a zone keeps.

Conventions (a year as of a month means 1 January to the month's last day, "the period"):
- 谋划 / 签约 / 终止 / 建成 / 投产 count projects that reached that stage in the period;
  签约金额 sums the signed amounts of those signed in the period (stored 万元, reported 亿元).
- 洽谈 counts projects negotiating at the period's end (reached 洽谈, not yet signed or ended).
- 开工建设 counts projects under construction at some time in the year: 新建 started in the
  period; 续建 started before the year and not completed before it. A per-year override
  (ProjectYear.construction_type_override) reclassifies a project that has started.
- 建成 / 投产 count projects under construction this year that were completed / began
  production in the period (a project can be both).
- Land supplied counts parcels whose supply date is in the period; idle land, low-efficiency
  land and status are the parcels' current state.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import Coalesce

from core import clock
from indicators.statistics import convert, ratio_percent

from .models import Project, ProjectProblem, ProjectProgress, ProjectYear, overdue_problem

ZERO = Decimal(0)

# The figures of ProjectSummary that count projects, in report order; list views accept
# them as ?status= to show the projects behind a count.
PROJECT_FIGURES = {
    "conceived": "谋划",
    "negotiating": "洽谈",
    "signed": "签约",
    "under_construction": "开工建设",
    "new_started": "新建",
    "continuing": "续建",
    "completed": "建成",
    "producing": "投产",
    "terminated": "终止",
}


def period_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _in_period(day: datetime.date | None, start: datetime.date, end: datetime.date) -> bool:
    return day is not None and start <= day <= end


# --- projects -----------------------------------------------------------------------------------


def construction_type(
    started_on: datetime.date | None,
    completed_on: datetime.date | None,
    year: int,
    month: int = 12,
    override: str = "",
) -> str | None:
    """新建 ("new"), 续建 ("continuing") or None for a project in `year` as of `month`.

    新建: started in the year up to the month's end. 续建: started before the year and not
    completed before it. The override, when set, decides between the two for any project
    that has started by the period's end.
    """
    end = period_end(year, month)
    if started_on is None or started_on > end:
        return None
    if override:
        return override
    start = datetime.date(year, 1, 1)
    if started_on >= start:
        return "new"
    if completed_on is None or completed_on >= start:
        return "continuing"
    return None


@dataclass(frozen=True)
class ProjectRow:
    """The fields of a project the statistics need (what `project_rows` loads)."""

    id: int
    is_key: bool
    conceived_on: datetime.date | None
    negotiating_on: datetime.date | None
    signed_on: datetime.date | None
    started_on: datetime.date | None
    completed_on: datetime.date | None
    producing_on: datetime.date | None
    terminated_on: datetime.date | None
    signed_amount: Decimal | None


ROW_FIELDS = ["id", "is_key", "conceived_on", "negotiating_on", "signed_on", "started_on", "completed_on",
              "producing_on", "terminated_on", "signed_amount"]


def project_rows(zone) -> list[ProjectRow]:
    return [ProjectRow(**values) for values in Project.objects.filter(zone=zone).values(*ROW_FIELDS)]


def construction_overrides(zone, year: int) -> dict[int, str]:
    return dict(
        ProjectYear.objects.filter(project__zone=zone, year=year)
        .exclude(construction_type_override="")
        .values_list("project_id", "construction_type_override")
    )


def classify_projects(rows: list[ProjectRow], overrides: dict[int, str], year: int, month: int) -> dict[str, set[int]]:
    """For each figure of PROJECT_FIGURES, the ids of the projects it counts."""
    start, end = datetime.date(year, 1, 1), period_end(year, month)
    figures: dict[str, set[int]] = {name: set() for name in PROJECT_FIGURES}
    for row in rows:
        if _in_period(row.conceived_on, start, end):
            figures["conceived"].add(row.id)
        if _in_period(row.signed_on, start, end):
            figures["signed"].add(row.id)
        if _in_period(row.terminated_on, start, end):
            figures["terminated"].add(row.id)
        ended_by = lambda day: day is not None and day <= end  # noqa: E731
        if ended_by(row.negotiating_on) and not any(
            ended_by(day) for day in (row.signed_on, row.started_on, row.terminated_on)
        ):
            figures["negotiating"].add(row.id)
        kind = construction_type(row.started_on, row.completed_on, year, month, overrides.get(row.id, ""))
        if kind is None:
            continue
        figures["under_construction"].add(row.id)
        figures["new_started" if kind == "new" else "continuing"].add(row.id)
        if _in_period(row.completed_on, start, end):
            figures["completed"].add(row.id)
        if _in_period(row.producing_on, start, end):
            figures["producing"].add(row.id)
    return figures


def projects_behind(zone, figure: str, year: int, month: int) -> set[int]:
    """Ids of the projects one figure of the summary counts (for list drill-down)."""
    return classify_projects(project_rows(zone), construction_overrides(zone, year), year, month)[figure]


@dataclass(frozen=True)
class ProjectSummary:
    conceived: int
    negotiating: int
    signed_count: int
    signed_amount: Decimal  # 亿元
    under_construction: int
    new_started: int
    continuing: int
    completed: int
    producing: int
    terminated: int
    planned_investment: Decimal  # 万元, this year, all projects
    completed_investment: Decimal  # 万元, this year through the month, all projects
    key_planned_investment: Decimal  # 万元, key projects
    key_completed_investment: Decimal  # 万元, key projects

    @property
    def investment_percent(self) -> Decimal | None:
        return ratio_percent(self.completed_investment, self.planned_investment)

    @property
    def key_investment_percent(self) -> Decimal | None:
        return ratio_percent(self.key_completed_investment, self.key_planned_investment)


def project_summary(zone, year: int, month: int) -> ProjectSummary:
    """Four queries: projects, overrides, planned and completed investment."""
    rows = project_rows(zone)
    figures = classify_projects(rows, construction_overrides(zone, year), year, month)
    signed_amount = sum((r.signed_amount or ZERO for r in rows if r.id in figures["signed"]), ZERO)
    planned = ProjectYear.objects.filter(project__zone=zone, year=year).aggregate(
        all=Coalesce(Sum("planned_investment"), ZERO),
        key=Coalesce(Sum("planned_investment", filter=Q(project__is_key=True)), ZERO),
    )
    completed = ProjectProgress.objects.filter(project__zone=zone, year=year, month__lte=month).aggregate(
        all=Coalesce(Sum("investment"), ZERO),
        key=Coalesce(Sum("investment", filter=Q(project__is_key=True)), ZERO),
    )
    return ProjectSummary(
        conceived=len(figures["conceived"]),
        negotiating=len(figures["negotiating"]),
        signed_count=len(figures["signed"]),
        signed_amount=convert(signed_amount, "万元", "亿元"),
        under_construction=len(figures["under_construction"]),
        new_started=len(figures["new_started"]),
        continuing=len(figures["continuing"]),
        completed=len(figures["completed"]),
        producing=len(figures["producing"]),
        terminated=len(figures["terminated"]),
        planned_investment=planned["all"],
        completed_investment=completed["all"],
        key_planned_investment=planned["key"],
        key_completed_investment=completed["key"],
    )


@dataclass(frozen=True)
class InvestmentProgress:
    """A project's investment as of a month: the figures of the monthly progress table."""

    planned: Decimal | None  # 年计划 (万元)
    ytd: Decimal  # 年初至报告期累计
    total_investment: Decimal | None  # 总投资
    since_start: Decimal  # 开工至报告期累计 (with investment before records)
    months_without_investment: int  # months of the year (since start) with nothing invested

    @property
    def percent_of_plan(self) -> Decimal | None:
        return ratio_percent(self.ytd, self.planned)

    @property
    def percent_of_total(self) -> Decimal | None:
        return ratio_percent(self.since_start, self.total_investment)


def investment_progress(
    month_investments: dict[tuple[int, int], Decimal],
    year: int,
    month: int,
    *,
    planned: Decimal | None,
    total_investment: Decimal | None,
    investment_before_records: Decimal = ZERO,
    started_on: datetime.date | None = None,
) -> InvestmentProgress:
    """From one project's {(year, month): 本月完成投资}, its figures as of `month` of `year`."""
    ytd = sum((v for (y, m), v in month_investments.items() if y == year and m <= month), ZERO)
    since_start = investment_before_records + sum(
        (v for (y, m), v in month_investments.items() if (y, m) <= (year, month)), ZERO
    )
    first_month = 1
    if started_on is not None and started_on.year == year:
        first_month = started_on.month
    if started_on is None or started_on > period_end(year, month):
        idle_months = 0
    else:
        idle_months = sum(1 for m in range(first_month, month + 1) if not month_investments.get((year, m)))
    return InvestmentProgress(
        planned=planned, ytd=ytd, total_investment=total_investment, since_start=since_start,
        months_without_investment=idle_months,
    )


def overdue_problems(queryset, today: datetime.date):
    return queryset.filter(overdue_problem(today))


def with_overdue_flag(problems, today: datetime.date):
    """`problems` each with `overdue` (the rule of overdue_problem) read with them."""
    return problems.annotate(overdue=ExpressionWrapper(overdue_problem(today), output_field=BooleanField()))


@dataclass(frozen=True)
class KeyProjectProgress:
    project_id: int
    name: str
    level: str
    responsible_leader: str
    progress: InvestmentProgress
    overdue_problems: int

    # Flat names for templates and reports.
    @property
    def planned(self):
        return self.progress.planned

    @property
    def ytd(self):
        return self.progress.ytd

    @property
    def percent_of_plan(self):
        return self.progress.percent_of_plan

    @property
    def total_investment(self):
        return self.progress.total_investment

    @property
    def since_start(self):
        return self.progress.since_start

    @property
    def percent_of_total(self):
        return self.progress.percent_of_total

    @property
    def months_without_investment(self):
        return self.progress.months_without_investment


def key_project_progress(zone, year: int, month: int, today: datetime.date | None = None) -> list[KeyProjectProgress]:
    """Each key project's investment as of the month and its overdue problems (four queries)."""
    today = today or clock.today()
    projects = list(
        Project.objects.filter(zone=zone, is_key=True)
        .exclude(stage=Project.Stage.TERMINATED)
        .only("id", "name", "level", "responsible_leader", "total_investment", "investment_before_records", "started_on")
        .order_by("name")
    )
    ids = [p.id for p in projects]
    planned = dict(ProjectYear.objects.filter(project_id__in=ids, year=year).values_list("project_id", "planned_investment"))
    months: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for project_id, y, m, investment in ProjectProgress.objects.filter(project_id__in=ids, year__lte=year).values_list(
        "project_id", "year", "month", "investment"
    ):
        months[project_id][(y, m)] = investment
    overdue = dict(
        overdue_problems(ProjectProblem.objects.filter(project_id__in=ids), today)
        .values("project_id").annotate(n=Count("id")).values_list("project_id", "n")
    )
    return [
        KeyProjectProgress(
            project_id=p.id,
            name=p.name,
            level=p.get_level_display(),
            responsible_leader=p.responsible_leader,
            progress=investment_progress(
                months[p.id], year, month, planned=planned.get(p.id), total_investment=p.total_investment,
                investment_before_records=p.investment_before_records, started_on=p.started_on,
            ),
            overdue_problems=overdue.get(p.id, 0),
        )
        for p in projects
    ]


# --- pipeline ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineStage:
    stage: str
    label: str
    count: int
    total_investment: Decimal  # 亿元, the projects' 总投资 (a project without one adds nothing)


def pipeline_by_stage(zone) -> list[PipelineStage]:
    """Projects by their current stage, with their total investment, in pipeline order (one query)."""
    totals = {
        row["stage"]: row
        for row in Project.objects.filter(zone=zone).values("stage").annotate(n=Count("id"), amount=Coalesce(Sum("total_investment"), ZERO))
    }
    return [
        PipelineStage(
            stage,
            label,
            totals[stage]["n"] if stage in totals else 0,
            convert(totals[stage]["amount"], "万元", "亿元") if stage in totals else ZERO,
        )
        for stage, label in Project.Stage.choices
    ]
