"""The demo data set reproduces the seed reports (its figures, records and draft), every record type
exports and imports back unchanged, a backup restores it exactly, and every chart its pages draw
is a valid plotly figure: all from one load.

Loading the demo takes seconds, so it is loaded once for this module inside a transaction that is
rolled back after the last test (as Django's setUpTestData does); each test runs in a savepoint of
its own, so one that writes leaves nothing for the next.
"""

from decimal import Decimal
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.test import override_settings

from audit.models import ChangeRecord
from dashboard.record_charts import RECORD_CHARTS
from dataio.registry import get_kind
from dataio.services import export_file, run_import
from demo.loading import load_demo
from indicators.models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth
from indicators.selectors import ValueTable
from projects import enterprise_statistics, land_statistics, statistics
from projects.models import Enterprise, Mortgage, Parcel, Project, ProjectProgress
from reports import annual
from tests.reports.support import docx_text
from zones.models import User, Zone

# One test process builds the module's demo set (make test's pytest-xdist sends the group whole).
pytestmark = pytest.mark.xdist_group("demo_data")
DEMO_PASSWORD = "demo12345"
RECORD_KINDS = ["industries", "enterprises", "enterprise_figures", "enterprise_years", "projects", "project_years", "progress",
                "problems", "parcels", "mortgages", "relocation"]


@pytest.fixture(scope="module")
def demo_set(django_db_setup, django_db_blocker):
    # The suite's fast hasher (conftest.fast_password_hashing), which the tests log in with.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic():
        with fast:
            zones, year = load_demo(DEMO_PASSWORD)
        yield SimpleNamespace(zones=zones, year=year)
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_set, db):
    return demo_set


def test_the_module_runs_in_one_test_process(request):
    # pytest-xdist's loadgroup marks a grouped test's id; when it stops (pytest-dev/pytest-xdist#1386),
    # the module is spread over the processes and each loads the demo again.
    if request.config.getvalue("loadgroup"):
        assert request.node.nodeid.endswith("@demo_data")


def test_loading_again_changes_no_figure(demo):
    counts = (MonthlyValue.objects.count(), ChangeRecord.objects.count(), AnnualTarget.objects.count(), ZoneMonth.objects.count(), User.objects.count())
    load_demo(DEMO_PASSWORD)
    assert (MonthlyValue.objects.count(), ChangeRecord.objects.count(), AnnualTarget.objects.count(), ZoneMonth.objects.count(), User.objects.count()) == counts


def test_users_log_in_with_the_demo_password(demo, client):
    for username in ["admin", "staff", "reviewer", "leader"]:
        assert client.login(username=username, password=DEMO_PASSWORD)


def test_seed_004_figures(demo):
    year = demo.year
    zone = Zone.objects.get(code="XB")
    codes = dict(Indicator.objects.values_list("code", "pk"))
    table = ValueTable.load([zone.pk], [year, year - 1])
    investment = table.figures(zone.pk, codes["fixed_asset_investment"], year, 10)
    assert (investment.ytd_value, investment.annual_target) == (Decimal("22.32"), Decimal("55"))
    output = table.figures(zone.pk, codes["total_output"], year, 10)
    assert output.month == 9 and output.ytd_value == Decimal("229.36")
    tax = table.figures(zone.pk, codes["tax_revenue"], year, 10)
    assert (tax.ytd_value, tax.annual_target) == (Decimal("26362"), Decimal("30000"))
    # Three years of data so growth and trends show.
    assert MonthlyValue.objects.filter(zone=zone, year=year - 2, month=12).exists()
    # Next year's targets from seed 004's 目标任务.
    assert AnnualTarget.objects.get(zone=zone, year=year + 1, indicator_id=codes["total_output"]).target_value == 250


def test_seed_000_published_growth(demo):
    zone = Zone.objects.get(code="LJ")
    value = MonthlyValue.objects.get(zone=zone, indicator__code="foreign_investment", year=demo.year, month=9)
    assert (value.ytd_value, value.published_yoy) == (Decimal("1950.57"), Decimal("14.77"))


def test_seed_004_records(demo):
    year, zone = demo.year, Zone.objects.get(code="XB")
    projects = statistics.project_summary(zone, year, 10)
    assert (projects.under_construction, projects.continuing, projects.new_started) == (41, 8, 33)
    assert projects.completed == 21
    assert (projects.signed_count, projects.signed_amount) == (33, Decimal("29.94"))
    assert (projects.negotiating, projects.conceived) == (20, 63)
    assert projects.completed_investment > 0 and projects.key_planned_investment > 0
    land = land_statistics.land_summary(zone, year, 10)
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
    assert enterprise_statistics.enterprise_summary(zone).above_scale == 86
    assert len(land_statistics.land_efficiency_ranking(zone, year, 10)) == 50


def test_seed_000_records(demo):
    year, zone = demo.year, Zone.objects.get(code="LJ")
    enterprises = enterprise_statistics.enterprise_summary(zone)
    assert (enterprises.above_scale, enterprises.listed) == (227, 5)
    land = land_statistics.land_summary(zone, year, 9)
    # 良种场 68 enterprises / 60 moved, plus the 国庆片区 acquisition (15 / 12).
    assert (land.relocation_enterprises_total, land.relocation_enterprises_moved) == (83, 72)
    assert zone.relocation_cases.filter(name__contains="良种场", enterprises_total=68, enterprises_moved=60).exists()
    assert Project.objects.filter(zone=zone, name="永强高端家居产业园一期", total_investment=Decimal(80000)).exists()


def test_loading_again_changes_no_record(demo):
    models = [Enterprise, Project, ProjectProgress, Parcel, Mortgage, ChangeRecord]
    counts = [m.objects.count() for m in models]
    load_demo(DEMO_PASSWORD)
    assert [m.objects.count() for m in models] == counts


def test_demo_draft_states_the_records(demo):
    zone = Zone.objects.get(code="XB")
    text = docx_text(annual.annual_docx(zone, demo.year, 10))
    for sentence in ("共开工建设项目41个，其中续建8个，新建33个", "签约项目33个，签约资金29.94亿元", "1-10月供应土地31宗，1122亩",
                     "重点做好17宗1950亩闲置土地的清收工作，目前8宗913亩", "为42户用地单位办理了土地使用权他项权利登记，为企业融资21000万元"):
        assert sentence in text
    # The signed projects are said once, from the records, not again from the monthly indicator.
    assert text.count("签约项目33个") == 1


def _snapshot(kinds):
    return [list(get_kind(kind).model.objects.order_by("pk").values()) for kind in kinds] + [ChangeRecord.objects.count()]


def test_every_record_type_exported_from_the_demo_imports_back_unchanged(demo):
    admin = User.objects.get(username="admin")
    before = _snapshot(RECORD_KINDS)
    for kind in RECORD_KINDS:
        found = get_kind(kind)
        for fmt in ("xlsx", "csv"):
            report = run_import(found, export_file(found, admin, {}, fmt), f"export.{fmt}", admin, apply=True)
            assert report.ok and report.applied, (kind, fmt, [str(e) for e in report.errors[:5]])
            assert len(report.rows) == found.model.objects.count() > 0, kind
            assert {row.status for row in report.rows} == {"unchanged"}, (kind, fmt)
    assert _snapshot(RECORD_KINDS) == before


# What the backup leaves out: rebuilt by migrate (content types, permissions) or disposable.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _models():
    return [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in {"contenttypes", "sessions", "admin"} and m is not Permission
    ]


def _columns(model):
    """Every column, with references to content types and permissions by natural key."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key and model._meta.auto_created:
            continue  # many-to-many rows are dumped as lists: their own ids are not kept
        target = getattr(field, "related_model", None)
        if target is ContentType:
            columns += [f"{field.name}__app_label", f"{field.name}__model"]
        elif target is Permission:
            columns += [f"{field.name}__codename", f"{field.name}__content_type__app_label"]
        else:
            columns.append(field.attname)
    return columns


def _contents():
    return {m._meta.label: sorted(m._base_manager.values_list(*_columns(m)), key=repr) for m in _models()}


@pytest.fixture
def content_type_cache():
    yield
    # flush rebuilds the content types under new ids and caches them; the rollback brings the old
    # rows back, so later tests would write history under ids that no longer exist.
    ContentType.objects.clear_cache()


def test_dumpdata_backup_restores_every_row(demo, tmp_path, content_type_cache):
    """The `manage.py dumpdata` backup of docs/operations.md restores into an emptied database
    exactly: every row of every backed-up table comes back. XML, because the JSON serializer cuts
    timestamps to the millisecond. Content types and permissions are rebuilt by migrate/flush and
    referred to by natural key, so their ids may differ. Inside the test's savepoint, so the
    emptied database is rolled back afterwards."""
    # Every 25th history row of the demo's 12,000, each kind of record's among them: a restore of
    # the history table is shown as well by 480 rows, in a fraction of the time.
    ChangeRecord.objects.annotate(sample=Mod("id", 25)).exclude(sample=0).delete()
    before = _contents()
    assert len(before["indicators.MonthlyValue"]) > 100 and len(before["audit.ChangeRecord"]) > 100

    backup = tmp_path / "devzone-backup.xml.gz"
    call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDE, output=str(backup), verbosity=0)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses to run while this transaction's deferred foreign-key checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert not MonthlyValue.objects.exists()

    call_command("loaddata", str(backup), verbosity=0)
    assert _contents() == before


def test_demo_calendar_shows_due_and_late_months(demo):
    import datetime

    from deadlines.models import CalendarDay, DeadlineRule
    from deadlines.timeliness import zone_timeliness

    zones, year = demo.zones, demo.year
    assert DeadlineRule.objects.filter(zone=None).count() == 3 and CalendarDay.objects.filter(name="国庆节").exists()
    punctuality = zone_timeliness([z.pk for z in zones.values()], year, 10, datetime.date(year + 1, 1, 1))
    assert punctuality[zones["XB"].pk].on_time_share == 100
    assert 0 < punctuality[zones["LJ"].pk].on_time_share < 100 and punctuality[zones["LJ"].pk].mean_days_late > 0


def _page_figures(client, url: str) -> list[dict]:
    """The plotly figures a page sends to plotly.js (its json_script "dashboard-charts")."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["figures"]


def test_every_figure_the_pages_draw_for_the_demo_is_a_valid_plotly_figure(demo, client):
    # The figures are plain dicts drawn by plotly.js in the browser; plotly's Python classes know
    # every property, so a misspelt one fails here rather than on a leader's screen.
    client.force_login(User.objects.get(username="leader"))
    figures = []
    for code in demo.zones:
        page = client.get(f"/dashboard/?zone={code}")
        figures += page.context["figures"]
        year, month = page.context["year"], page.context["month"]
        indicators = {f["id"].partition("-")[2] for f in page.context["figures"] if f["id"].startswith(("trend-", "parts-"))}
        for indicator in sorted(indicators):
            figures += _page_figures(client, f"/dashboard/{code}/{year}/{month}/indicator/{indicator}/")
        figures += _page_figures(client, f"/reports/{code}/{demo.year}/")
    ids = {figure["id"] for figure in figures}
    assert {"completion", "timeliness", *RECORD_CHARTS, "report-completion"} <= ids
    assert all(any(i.startswith(prefix) for i in ids) for prefix in ("trend-", "parts-", "report-trend-"))
    for figure in figures:
        try:
            go.Figure({"data": figure["data"], "layout": figure["layout"]})
        except ValueError as error:
            pytest.fail(f"figure {figure['id']}: {error}")
    with pytest.raises(ValueError):  # what a misspelt property meets
        go.Figure({"data": figures[0]["data"], "layout": {**figures[0]["layout"], "colour": "#fff"}})
