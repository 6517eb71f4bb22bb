"""The demo records reproduce the seed reports' sentences through the statistics."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from audit.models import ChangeRecord
from demo.figures import demo_year
from projects import statistics
from projects.models import Enterprise, Mortgage, Parcel, Project, ProjectProgress
from zones.models import Zone


@pytest.fixture
def demo_loaded(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    return demo_year()


def test_seed_004_records(demo_loaded):
    year, zone = demo_loaded, Zone.objects.get(code="XB")
    projects = statistics.project_summary(zone, year, 10)
    assert (projects.under_construction, projects.continuing, projects.new_started) == (41, 8, 33)
    assert projects.completed == 21
    assert (projects.signed_count, projects.signed_amount) == (33, Decimal("29.94"))
    assert (projects.negotiating, projects.conceived) == (20, 63)
    assert projects.completed_investment > 0 and projects.key_planned_investment > 0
    land = statistics.land_summary(zone, year, 10)
    assert (land.supplied_count, land.supplied_area_mu) == (31, Decimal("1122"))
    assert (land.idle_count, land.idle_area_mu) == (17, Decimal("1950"))
    stages = {s.stage: (s.count, s.area_mu) for s in land.idle_by_stage}
    assert stages["urged"] == (8, Decimal("913")) and stages["recovery"] == (3, Decimal("581")) and stages["investigation"] == (6, Decimal("456"))
    assert (land.mortgage_count, land.mortgage_amount) == (42, Decimal("21000"))
    assert (land.low_efficiency_count, land.low_efficiency_area_mu) == (8, Decimal("389"))
    assert land.idle_candidates == 3
    assert all(s.count for s in land.by_status)  # parcels in every status
    key = statistics.key_project_progress(zone, year, 10)
    assert len(key) == 6 and all(row.ytd > 0 for row in key)
    assert sum(row.overdue_problems for row in key) == 1
    assert statistics.enterprise_summary(zone).above_scale == 86
    assert len(statistics.land_efficiency_ranking(zone, year, 10)) == 50


def test_seed_000_records(demo_loaded):
    year, zone = demo_loaded, Zone.objects.get(code="LJ")
    enterprises = statistics.enterprise_summary(zone)
    assert (enterprises.above_scale, enterprises.listed) == (227, 5)
    land = statistics.land_summary(zone, year, 9)
    # 良种场 68 enterprises / 60 moved, plus the 国庆片区 acquisition (15 / 12).
    assert (land.relocation_enterprises_total, land.relocation_enterprises_moved) == (83, 72)
    assert zone.relocation_cases.filter(name__contains="良种场", enterprises_total=68, enterprises_moved=60).exists()
    assert Project.objects.filter(zone=zone, name="永强高端家居产业园一期", total_investment=Decimal(80000)).exists()


def test_demo_is_idempotent(demo_loaded):
    models = [Enterprise, Project, ProjectProgress, Parcel, Mortgage, ChangeRecord]
    counts = [m.objects.count() for m in models]
    call_command("load_demo")
    assert [m.objects.count() for m in models] == counts
