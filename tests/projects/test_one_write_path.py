"""One write path for the records (projects.batch): the page form, an import, the admin and the
API refuse the same bad row with the same message, a save that changes nothing is no change on
any channel, and a row the database refuses is named."""

import datetime
from decimal import Decimal

import pytest

from audit.models import ChangeRecord
from projects import batch
from projects.models import Enterprise, EnterpriseFigure, Parcel, Project, ProjectProgress
from tests import factories
from tests.projects.test_projects_io import credit_code, csv_bytes, errors, run
from zones.models import ZoneDataVersion

D = datetime.date
FUTURE = "不能填报未来月份（2099年1月）"


@pytest.fixture
def stored(zone):
    firm = factories.save_enterprise(None, {"zone": zone, "name": "光伏科技", "credit_code": credit_code(1)})
    project = factories.save_project(None, {"zone": zone, "name": "光伏组件", "stage": Project.Stage.STARTED,
                                            "conceived_on": D(2025, 1, 1), "started_on": D(2025, 3, 1)})
    parcel = factories.save_parcel(None, {"zone": zone, "code": "HX-01", "area_mu": Decimal(10)})
    return {"firm": firm, "project": project, "parcel": parcel}


@pytest.fixture
def services_reached(monkeypatch):
    """The models each write went through projects.batch.write_batch for."""
    reached = []
    write_batch = batch.write_batch

    def spy(model, *args, **kwargs):
        reached.append(model)
        return write_batch(model, *args, **kwargs)

    monkeypatch.setattr(batch, "write_batch", spy)
    return reached


def _management(*prefixes):
    return {key: value for prefix in prefixes for key, value in {
        f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000"}.items()}


def _channels(case, zone, stored):
    """(page URL and form data, admin URL and data or None, API method, URL and body, import file) of the bad row.
    An import updates the stored record its key names, so its clash is a key given twice."""
    firm, project = stored["firm"], stored["project"]
    return {
        "enterprises": (
            ("/enterprises/new/", {"zone": zone.pk, "name": "另一家", "credit_code": credit_code(1), "status": "producing", "version": "-1"}),
            ("/admin/projects/enterprise/add/", {"zone": zone.pk, "name": "另一家", "credit_code": credit_code(1), "status": "producing",
                                                 "version": "-1", **_management("figures")}),
            ("post", "/api/v1/enterprises/", {"zone": "HX", "name": "另一家", "credit_code": credit_code(1)}),
            # A file's row with a stored code updates that enterprise: a code twice in the file clashes.
            [["zone", "name", "credit_code"], ["HX", "另一家", credit_code(2)], ["HX", "又一家", credit_code(2)]],
        ),
        "projects": (
            ("/projects/new/", {"zone": zone.pk, "name": "新项目", "stage": "conceived", "conceived_on": "",
                                "investment_before_records": "0", "version": "-1"}),
            ("/admin/projects/project/add/", {"zone": zone.pk, "name": "新项目", "stage": "conceived", "investment_before_records": "0",
                                              "version": "-1", **_management("years", "progress", "problems")}),
            ("post", "/api/v1/projects/", {"zone": "HX", "name": "新项目"}),
            [["zone", "name"], ["HX", "新项目"]],
        ),
        "parcels": (
            ("/land/new/", {"zone": zone.pk, "code": "HX-01", "area_mu": "5", "use": "industrial", "status": "reserve", "version": "-1"}),
            ("/admin/projects/parcel/add/", {"zone": zone.pk, "code": "HX-01", "area_mu": "5", "use": "industrial", "status": "reserve",
                                             "version": "-1", **_management("mortgages")}),
            ("post", "/api/v1/parcels/", {"zone": "HX", "code": "HX-01", "area_mu": "5"}),
            [["zone", "code", "area_mu"], ["HX", "HX-02", "5"], ["HX", "HX-02", "6"]],
        ),
        # Months are written from their record's page (the admin only shows them).
        "progress": (
            (f"/projects/{project.pk}/progress/2099/1/", {"investment": "5", "physical_progress": "", "version": "-1"}),
            None,
            ("put", f"/api/v1/projects/{project.pk}/progress/2099/1/", {"investment": "5"}),
            [["zone", "project", "year", "month", "investment"], ["HX", "光伏组件", "2099", "1", "5"]],
        ),
        "enterprise_figures": (
            (f"/enterprises/{firm.pk}/figures/", {"year": "2099", "month": "1", "tax_ytd": "5", "period": "2099-01", "version": "-1"}),
            None,
            ("put", f"/api/v1/enterprises/{firm.pk}/figures/2099/1/", {"tax_ytd": "5"}),
            [["zone", "enterprise", "year", "month", "tax_ytd"], ["HX", "光伏科技", "2099", "1", "5"]],
        ),
        "enterprise_figures_blank": (
            (f"/enterprises/{firm.pk}/figures/", {"year": "2025", "month": "4", "period": "2025-04", "version": "-1"}),
            None,
            ("put", f"/api/v1/enterprises/{firm.pk}/figures/2025/4/", {}),
            [["zone", "enterprise", "year", "month", "tax_ytd", "output_ytd"], ["HX", "光伏科技", "2025", "4", "", ""]],
        ),
    }[case]


# (case, import kind, model, message, whether the page form's own model validation refuses it first)
BAD_ROWS = [
    ("enterprises", "enterprises", Enterprise, "该统一社会信用代码已登记", False),
    ("projects", "projects", Project, "请填写谋划日期", False),
    # The form's model validation checks a UniqueConstraint itself, with the model's message.
    ("parcels", "parcels", Parcel, "本开发区已有该宗地编号", True),
    ("progress", "progress", ProjectProgress, FUTURE, False),
    ("enterprise_figures", "enterprise_figures", EnterpriseFigure, FUTURE, False),
    ("enterprise_figures_blank", "enterprise_figures", EnterpriseFigure, "请至少填写税收或产值之一", False),
]


def _snapshot(model):
    return sorted(model.objects.values_list("pk", "version")), ChangeRecord.objects.count()


@pytest.mark.parametrize("case, kind, model, message, form_first", BAD_ROWS, ids=[row[0] for row in BAD_ROWS])
def test_every_channel_reaches_the_service_and_gets_the_same_refusal(
        case, kind, model, message, form_first, zone, stored, staff, administrator, client_for, api_for, services_reached):
    page, admin, api, rows = _channels(case, zone, stored)
    before = _snapshot(model)

    response = client_for(staff).post(*page)
    assert response.status_code == 200 and message in response.content.decode()
    assert services_reached == ([] if form_first else [model])

    if admin is not None:
        response = client_for(administrator).post(*admin)
        assert response.status_code == 200 and message in response.content.decode()

    method, url, body = api
    response = getattr(api_for(staff), method)(url, body, format="json")
    assert response.status_code == 400 and message in str(response.json()), response.json()

    services_reached.clear()
    report = run(kind, csv_bytes(rows), staff)
    assert not report.applied and any(message in error for error in errors(report)), errors(report)
    assert services_reached == [model]
    assert _snapshot(model) == before


def test_a_number_is_read_by_one_rule_whoever_sends_it(stored):
    project = stored["project"]
    for typed in ("6_2", "1e3", "NaN", "Infinity"):
        result = batch.save_progress([batch.RecordInput(None, {"project": project, "year": 2025, "month": 4, "investment": typed})],
                                     user=None, channel="api")
        assert [(field, message) for _item, field, message in result.errors] == [("investment", f"不是数字：{typed}")]
    saved = factories.record_progress(project, 2025, 4, investment="1,234.5")
    assert saved.investment == Decimal("1234.5")


# --- a write that changes nothing ---------------------------------------------------------------


def _state(zone, record):
    record.refresh_from_db()
    return record.version, ChangeRecord.objects.count(), ZoneDataVersion.objects.filter(zone=zone).values_list("version", flat=True).first()


def test_an_unchanged_save_is_no_change_on_any_channel(zone, stored, staff, administrator, client_for, api_for):
    firm, project = stored["firm"], stored["project"]
    progress = factories.record_progress(project, 2025, 4, investment=Decimal("100"), physical_progress="主体施工")
    figure = factories.save_enterprise_figure(firm, 2025, 4, tax_ytd=Decimal("12.5"), output_ytd=None)
    firm_state, progress_state, figure_state = _state(zone, firm), _state(zone, progress), _state(zone, figure)
    assert firm_state[2] is not None

    data = {"name": "光伏科技", "credit_code": credit_code(1), "status": "producing", "contact_person": "", "contact_phone": ""}
    assert client_for(staff).post(f"/enterprises/{firm.pk}/edit/", {**data, "version": "0"}).status_code == 302
    admin = {**data, "zone": zone.pk, "version": "0", **_management("figures")}
    assert client_for(administrator).post(f"/admin/projects/enterprise/{firm.pk}/change/", admin).status_code == 302
    response = api_for(staff).patch(f"/api/v1/enterprises/{firm.pk}/", {"name": "光伏科技"}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 200 and response["ETag"] == '"0"'
    assert run("enterprises", csv_bytes([["zone", "name", "credit_code"], ["HX", "光伏科技", credit_code(1)]]), staff).applied
    assert _state(zone, firm) == firm_state

    page = client_for(staff).post(f"/projects/{project.pk}/progress/2025/4/", {"investment": "100.00", "physical_progress": "主体施工",
                                                                               "version": "0"})
    assert page.status_code == 302
    response = api_for(staff).put(f"/api/v1/projects/{project.pk}/progress/2025/4/", {"investment": "100"}, format="json")
    assert response.status_code == 200 and response["ETag"] == '"0"'
    rows = [["zone", "project", "year", "month", "investment"], ["HX", "光伏组件", "2025", "4", "100"]]
    assert run("progress", csv_bytes(rows), staff).applied
    assert _state(zone, progress) == progress_state

    page = client_for(staff).post(f"/enterprises/{firm.pk}/figures/", {"year": "2025", "month": "4", "tax_ytd": "12.50",
                                                                       "period": "2025-04", "version": "0"})
    assert page.status_code == 302
    response = api_for(staff).put(f"/api/v1/enterprises/{firm.pk}/figures/2025/4/", {"tax_ytd": "12.5"}, format="json")
    assert response.status_code == 200 and response["ETag"] == '"0"'
    assert _state(zone, figure) == figure_state


def test_a_change_raises_the_version_once_with_history_and_a_new_data_version(zone, stored):
    firm = stored["firm"]
    version, history, data_version = _state(zone, firm)
    factories.save_enterprise(firm, {"contact_person": "李四"}, expected_version=0)
    assert _state(zone, firm)[:2] == (version + 1, history + 1)
    assert _state(zone, firm)[2] != data_version


# --- what only the database checks ----------------------------------------------------------------


def test_a_row_the_database_refuses_is_named_and_nothing_is_written(zone, stored):
    # A stage whose date is missing passes the field checks; the table's CHECK refuses it.
    rows = [{"zone": zone, "name": f"项目{n}", "conceived_on": D(2025, 1, 1)} for n in range(3)]
    rows[1].update(stage=Project.Stage.SIGNED)
    inputs = [batch.RecordInput(None, values, row=n + 2) for n, values in enumerate(rows)]
    before = _snapshot(Project)
    for apply in (False, True):
        result = batch.save_projects(inputs, user=None, channel="import", apply=apply)
        assert [(item.row, message) for item, _field, message in result.errors] == [(3, "请填写达到当前阶段的日期")]
        assert not result.applied and result.statuses[1] is None
        assert all(item.record is None for item in inputs) and all(record is None or record.pk is None for record in result.records)
    assert _snapshot(Project) == before
    rows[1].update(signed_on=D(2025, 2, 1))
    assert batch.save_projects([batch.RecordInput(None, values) for values in rows], user=None, channel="import").applied
    assert Project.objects.filter(name__startswith="项目").count() == 3
