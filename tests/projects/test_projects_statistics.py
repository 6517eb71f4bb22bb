"""Record-based statistics: the seed 004 situation built from records gives the seed's figures."""

import datetime
from decimal import Decimal

import pytest

from projects import enterprise_statistics, land_statistics, statistics
from projects.models import Enterprise, EnterpriseFigure, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase
from projects.validators import credit_code_check_character

YEAR, MONTH = 2025, 10
D = datetime.date


def code_for(n: int) -> str:
    first17 = f"91610000{n:09d}"
    return first17 + credit_code_check_character(first17)


def make_project(zone, name, **fields):
    stage = fields.pop("stage", None)
    if stage is None:
        stage = next(
            (s for s, f in reversed(list(Project.STAGE_DATES.items())) if fields.get(f) and s != "terminated"), "conceived"
        )
        if fields.get("terminated_on"):
            stage = "terminated"
    fields.setdefault("conceived_on", D(YEAR - 3, 1, 1))
    return Project.objects.create(zone=zone, name=name, stage=stage, **fields)


def split(total: Decimal, n: int) -> list[Decimal]:
    """n positive amounts summing exactly to total (the last takes the remainder)."""
    base = (total / n).quantize(Decimal("0.01"))
    return [base] * (n - 1) + [total - base * (n - 1)]


@pytest.fixture
def seed_projects(zone):
    # 8 续建: started last year, still building.
    for i in range(8):
        make_project(zone, f"续建{i}", signed_on=D(YEAR - 1, 3, 1), started_on=D(YEAR - 1, 5 + i % 6, 1))
    # 33 新建, signed this year for 29.94亿元 in all; 21 of them completed, 12 of those producing.
    for i, amount in enumerate(split(Decimal("299400"), 33)):
        started = D(YEAR, 1 + i % 10, 10)
        make_project(
            zone, f"新建{i}", conceived_on=D(YEAR, 1, 5), negotiating_on=D(YEAR, 1, 6), signed_on=D(YEAR, 1, 8),
            started_on=started, signed_amount=amount,
            completed_on=D(YEAR, 10, 20) if i < 21 else None,
            producing_on=D(YEAR, 10, 25) if i < 12 else None,
        )
    # 20 洽谈 and 10 谋划, all conceived this year: with the 33 signed, 63 conceived.
    for i in range(20):
        make_project(zone, f"洽谈{i}", conceived_on=D(YEAR, 2, 1), negotiating_on=D(YEAR, 3, 1))
    for i in range(10):
        make_project(zone, f"谋划{i}", conceived_on=D(YEAR, 4, 1))
    # Not counted: finished before the year, started after October, dropped in the year.
    make_project(zone, "去年已建成", started_on=D(YEAR - 2, 1, 1), completed_on=D(YEAR - 1, 12, 31))
    make_project(zone, "十一月开工", conceived_on=D(YEAR - 1, 1, 1), signed_on=D(YEAR - 1, 6, 1), started_on=D(YEAR, 11, 2))
    make_project(zone, "终止项目", negotiating_on=D(YEAR - 1, 1, 1), terminated_on=D(YEAR, 6, 1))


def make_parcel(zone, code, area, **fields):
    fields.setdefault("status", "supplied" if fields.get("supplied_on") else "reserve")
    return Parcel.objects.create(zone=zone, code=code, area_mu=Decimal(area), **fields)


@pytest.fixture
def seed_parcels(zone):
    for i, area in enumerate(split(Decimal("1122"), 31)):
        make_parcel(zone, f"S{i}", area, supplied_on=D(YEAR, 1 + i % 10, 15), status="started" if i % 2 else "supplied",
                    started_on=D(YEAR, 10, 28) if i % 2 else None)
    old = D(YEAR - 3, 5, 1)
    for stage, n, area in [("urged", 8, "913"), ("recovery", 3, "581"), ("investigation", 6, "456")]:
        for i, a in enumerate(split(Decimal(area), n)):
            make_parcel(zone, f"{stage}{i}", a, supplied_on=old, contract_start_on=old, idle_stage=stage)
    # Not counted as supplied this year or as idle: supplied in November and last year,
    # disposal finished, reserve land.
    make_parcel(zone, "NOV", "50", supplied_on=D(YEAR, 11, 3))
    make_parcel(zone, "LAST", "40", supplied_on=D(YEAR - 1, 12, 31), contract_start_on=D(YEAR - 1, 12, 31))
    make_parcel(zone, "DONE", "70", supplied_on=old, started_on=D(YEAR, 3, 1), status="started", idle_stage="disposed")
    make_parcel(zone, "RES", "300")


def test_seed_project_figures(zone, seed_projects):
    summary = statistics.project_summary(zone, YEAR, MONTH)
    assert (summary.under_construction, summary.continuing, summary.new_started) == (41, 8, 33)
    assert (summary.signed_count, summary.signed_amount) == (33, Decimal("29.94"))
    assert (summary.negotiating, summary.conceived) == (20, 63)
    assert (summary.completed, summary.producing, summary.terminated) == (21, 12, 1)


def test_as_of_an_earlier_month(zone, seed_projects):
    summary = statistics.project_summary(zone, YEAR, 3)
    # Starts spread January..October, 33 projects: months 1-3 hold 4+4+4 of them.
    assert (summary.new_started, summary.continuing, summary.completed) == (12, 8, 0)


def test_seed_land_figures(zone, seed_parcels):
    land = land_statistics.land_summary(zone, YEAR, MONTH)
    assert (land.supplied_count, land.supplied_area_mu) == (31, Decimal("1122"))
    assert (land.idle_count, land.idle_area_mu) == (17, Decimal("1950"))
    stages = {s.stage: (s.count, s.area_mu) for s in land.idle_by_stage}
    assert stages == {
        "investigation": (6, Decimal("456")), "confirmed": (0, Decimal(0)), "urged": (8, Decimal("913")),
        "recovery": (3, Decimal("581")), "disposed": (1, Decimal("70")),
    }
    assert [s.label for s in land.idle_by_stage] == ["调查", "认定", "督促开工", "清收", "处置完毕"]
    statuses = {s.stage: s.count for s in land.by_status}
    assert statuses == {"reserve": 1, "supplied": 16 + 17 + 2, "started": 15 + 1, "completed": 0}
    # LAST: contract start 31 Dec last year, not a full year before 31 October.
    assert land.idle_candidates == 0
    assert land_statistics.land_summary(zone, YEAR + 1, 1).idle_candidates == 1  # LAST is past a year; NOV has no contract date


def test_idle_candidates_follow_the_one_year_rule(zone):
    make_parcel(zone, "A", "10", supplied_on=D(2024, 1, 1), contract_start_on=D(2024, 3, 1))
    make_parcel(zone, "B", "10", supplied_on=D(2024, 1, 1), contract_start_on=D(2024, 3, 2))
    make_parcel(zone, "C", "10", supplied_on=D(2024, 1, 1), contract_start_on=D(2023, 3, 1), idle_stage="investigation")
    make_parcel(zone, "D", "10", supplied_on=D(2024, 1, 1), contract_start_on=D(2023, 3, 1), started_on=D(2024, 2, 1), status="started")
    assert [p.code for p in land_statistics.idle_land_candidates(zone, D(2025, 3, 1))] == ["A"]


def test_mortgages_low_efficiency_and_relocation(zone, other_zone):
    parcel = make_parcel(zone, "M", "100", supplied_on=D(2020, 1, 1), status="completed", started_on=D(2020, 2, 1),
                         completed_on=D(2021, 1, 1), is_low_efficiency=True)
    make_parcel(zone, "M2", "289", supplied_on=D(2020, 1, 1), is_low_efficiency=True)
    for i, amount in enumerate(split(Decimal("21000"), 42)):
        Mortgage.objects.create(parcel=parcel, registered_on=D(YEAR, 1 + i % 10, 1), creditor="银行", amount=amount)
    Mortgage.objects.create(parcel=parcel, registered_on=D(YEAR - 1, 5, 1), creditor="银行", amount=Decimal(999))
    RelocationCase.objects.create(zone=zone, name="良种场", enterprises_total=68, enterprises_moved=60, started_on=D(YEAR - 1, 1, 1))
    RelocationCase.objects.create(zone=zone, name="闸头区块", households_total=20, households_moved=5)
    RelocationCase.objects.create(zone=zone, name="早已完成", enterprises_total=9, enterprises_moved=9, closed_on=D(YEAR - 1, 6, 1))
    RelocationCase.objects.create(zone=other_zone, name="别区", enterprises_total=5)
    land = land_statistics.land_summary(zone, YEAR, MONTH)
    assert (land.mortgage_count, land.mortgage_amount) == (42, Decimal("21000"))
    assert (land.low_efficiency_count, land.low_efficiency_area_mu) == (2, Decimal("389"))
    assert (land.relocation_enterprises_total, land.relocation_enterprises_moved) == (68, 60)
    assert (land.relocation_households_total, land.relocation_households_moved) == (20, 5)
    assert round(land.relocation_enterprises_percent, 2) == Decimal("88.24")


def test_land_summary_runs_a_fixed_number_of_queries(zone, seed_parcels, django_assert_num_queries):
    with django_assert_num_queries(5):
        land_statistics.land_summary(zone, YEAR, MONTH)


def test_project_summary_runs_a_fixed_number_of_queries(zone, seed_projects, django_assert_num_queries):
    with django_assert_num_queries(4):
        statistics.project_summary(zone, YEAR, MONTH)


@pytest.mark.parametrize(
    "started, completed, override, expected",
    [
        (D(2025, 3, 1), None, "", "new"),
        (D(2025, 3, 1), D(2025, 9, 1), "", "new"),
        (D(2024, 3, 1), None, "", "continuing"),
        (D(2024, 3, 1), D(2025, 1, 1), "", "continuing"),  # completed in the year: it was built this year
        (D(2023, 3, 1), D(2024, 12, 31), "", None),  # finished before the year
        (D(2025, 11, 1), None, "", None),  # after the period
        (None, None, "new", None),  # an override cannot make an unstarted project count
        (D(2024, 12, 20), None, "new", "new"),  # started at year end, works began in earnest this year
        (D(2025, 2, 1), None, "continuing", "continuing"),
    ],
)
def test_new_or_continuing(started, completed, override, expected):
    assert statistics.construction_type(started, completed, 2025, 10, override) == expected


def test_override_moves_a_project_between_new_and_continuing(zone, seed_projects):
    project = Project.objects.get(name="续建0")
    ProjectYear.objects.create(project=project, year=YEAR, planned_investment=0, construction_type_override="new")
    summary = statistics.project_summary(zone, YEAR, MONTH)
    assert (summary.under_construction, summary.new_started, summary.continuing) == (41, 34, 7)


def test_investment_progress_figures():
    months = {(2024, 11): Decimal(500), (2024, 12): Decimal(500), (2025, 1): Decimal(1000), (2025, 2): Decimal(0),
              (2025, 3): Decimal(2000), (2025, 5): Decimal(1500), (2025, 11): Decimal(9999)}
    progress = statistics.investment_progress(
        months, 2025, 10, planned=Decimal(10000), total_investment=Decimal(50000),
        investment_before_records=Decimal(3000), started_on=D(2024, 6, 1),
    )
    assert progress.ytd == Decimal(4500)
    assert progress.percent_of_plan == Decimal(45)
    assert progress.since_start == Decimal(3000 + 1000 + 4500)
    assert progress.percent_of_total == Decimal(17)
    # Feb (zero), Apr, Jun, Jul, Aug, Sep, Oct: nothing invested.
    assert progress.months_without_investment == 7
    started_in_year = statistics.investment_progress(months, 2025, 10, planned=None, total_investment=None, started_on=D(2025, 5, 1))
    assert started_in_year.months_without_investment == 5  # June to October
    assert started_in_year.percent_of_plan is None


def test_key_project_progress_and_overdue_problems(zone):
    key = make_project(zone, "重点A", started_on=D(2024, 6, 1), is_key=True, total_investment=Decimal(50000))
    other = make_project(zone, "一般B", started_on=D(2024, 6, 1), total_investment=Decimal(100))
    ProjectYear.objects.create(project=key, year=YEAR, planned_investment=Decimal(12000))
    ProjectYear.objects.create(project=other, year=YEAR, planned_investment=Decimal(100))
    for month in range(1, 11):
        ProjectProgress.objects.create(project=key, year=YEAR, month=month, investment=Decimal(1000) if month != 4 else 0)
    ProjectProgress.objects.create(project=other, year=YEAR, month=1, investment=Decimal(50))
    problem = dict(raised_year=YEAR, raised_month=10, description="供电线路未接入", owner="供电公司")
    ProjectProblem.objects.create(project=key, deadline=D(YEAR, 10, 31), **problem)
    ProjectProblem.objects.create(project=key, deadline=D(YEAR, 11, 30), **problem)
    ProjectProblem.objects.create(project=key, deadline=D(YEAR, 9, 30), state="resolved", resolved_on=D(YEAR, 9, 1), **problem)
    rows = statistics.key_project_progress(zone, YEAR, MONTH, today=D(YEAR, 11, 5))
    assert [r.name for r in rows] == ["重点A"]
    row = rows[0]
    assert (row.planned, row.ytd, row.since_start) == (Decimal(12000), Decimal(9000), Decimal(9000))
    assert row.percent_of_plan == Decimal(75)
    assert row.percent_of_total == Decimal(18)
    assert (row.overdue_problems, row.months_without_investment) == (1, 1)
    summary = statistics.project_summary(zone, YEAR, MONTH)
    assert (summary.planned_investment, summary.completed_investment) == (Decimal(12100), Decimal(9050))
    assert (summary.key_planned_investment, summary.key_completed_investment) == (Decimal(12000), Decimal(9000))
    overdue = statistics.overdue_problems(ProjectProblem.objects.all(), D(YEAR, 11, 5))
    assert [p.deadline for p in overdue] == [D(YEAR, 10, 31)]


def test_enterprise_summary_and_land_efficiency(zone, other_zone):
    firms = []
    for i, flags in enumerate([dict(is_above_scale=True, is_listed=True), dict(is_above_scale=True, is_foreign=True),
                               dict(is_high_tech=True), dict(is_above_scale=True, status="moved_out")]):
        firms.append(Enterprise.objects.create(zone=zone, name=f"企业{i}", credit_code=code_for(i), **flags))
    Enterprise.objects.create(zone=other_zone, name="外区", credit_code=code_for(99), is_above_scale=True)
    summary = enterprise_statistics.enterprise_summary(zone)
    assert summary == enterprise_statistics.EnterpriseSummary(total=3, above_scale=2, listed=1, foreign=1, high_tech=1)

    make_parcel(zone, "E0a", "100", supplied_on=D(2020, 1, 1), holder=firms[0])
    make_parcel(zone, "E0b", "100", supplied_on=D(2020, 1, 1), holder=firms[0])
    make_parcel(zone, "E1", "50", supplied_on=D(2020, 1, 1), holder=firms[1])
    make_parcel(zone, "E2", "10", supplied_on=D(2020, 1, 1), holder=firms[2])
    EnterpriseFigure.objects.create(enterprise=firms[0], year=YEAR, month=9, tax_ytd=Decimal(800), output_ytd=Decimal(20000))
    EnterpriseFigure.objects.create(enterprise=firms[0], year=YEAR, month=10, tax_ytd=Decimal(1000), output_ytd=Decimal(30000))
    EnterpriseFigure.objects.create(enterprise=firms[0], year=YEAR, month=11, tax_ytd=Decimal(9000))
    EnterpriseFigure.objects.create(enterprise=firms[1], year=YEAR, month=8, tax_ytd=Decimal(100))
    EnterpriseFigure.objects.create(enterprise=firms[2], year=YEAR, month=10, output_ytd=Decimal(700))
    ranking = land_statistics.land_efficiency_ranking(zone, YEAR, MONTH)
    assert [(r.name, r.area_mu, r.tax_per_mu, r.output_per_mu) for r in ranking] == [
        ("企业1", Decimal(50), Decimal(2), None),
        ("企业0", Decimal(200), Decimal(5), Decimal(150)),
        ("企业2", Decimal(10), None, Decimal(70)),
    ]
