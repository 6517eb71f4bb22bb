"""A project's years and months and an enterprise's months over the API: PUT on the period,
checked by the model's fields, saved by the batch service (rules, rights, history, versions)."""

import datetime
from decimal import Decimal

import pytest

from audit.models import Channel, ChangeRecord
from projects import batch
from projects.forms import ProgressForm, ProjectYearForm
from projects.models import Enterprise, EnterpriseFigure, Project, ProjectProgress, ProjectYear


@pytest.fixture
def project(zone):
    return Project.objects.create(zone=zone, name="新能源项目", stage="started", conceived_on=datetime.date(2024, 1, 1),
                                  started_on=datetime.date(2024, 3, 15))


@pytest.fixture
def company(zone):
    return Enterprise.objects.create(zone=zone, name="华星科技", credit_code="91320500MA1XXXXX0J")


def test_create_and_update_a_year_with_history_and_etag(project, staff, api_for):
    client = api_for(staff)
    url = f"/api/v1/projects/{project.pk}/years/2024/"
    assert client.get(url).status_code == 404
    created = client.put(url, {"planned_investment": "1200.5"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json() == {"year": 2024, "planned_investment": "1200.5", "construction_type_override": "", "version": 0}
    assert created["ETag"] == '"0"'
    changed = client.put(url, {"construction_type_override": "continuing"}, format="json", HTTP_IF_MATCH='"0"')
    assert changed.status_code == 200, changed.json()
    assert changed.json()["planned_investment"] == "1200.5"  # left out: kept
    assert (changed.json()["version"], changed["ETag"]) == (1, '"1"')
    plan = ProjectYear.objects.get(project=project, year=2024)
    assert (plan.planned_investment, plan.construction_type_override) == (Decimal("1200.5"), "continuing")
    record = ChangeRecord.objects.get(field="construction_type_override")
    assert (record.channel, record.user, record.new_value) == ("api", staff, "continuing")
    assert client.get(url)["ETag"] == '"1"'
    assert client.get(f"/api/v1/projects/{project.pk}/").json()["years"][0]["version"] == 1


def test_a_new_year_needs_its_planned_investment(project, staff, api_for):
    client = api_for(staff)
    url = f"/api/v1/projects/{project.pk}/years/2024/"
    missing = client.put(url, {}, format="json")
    assert (missing.status_code, missing.json()["field"]) == (400, "planned_investment")
    negative = client.put(url, {"planned_investment": "-1"}, format="json")
    assert (negative.status_code, negative.json()["field"]) == (400, "planned_investment")
    choice = client.put(url, {"planned_investment": "1", "construction_type_override": "old"}, format="json")
    assert (choice.status_code, choice.json()["field"]) == (400, "construction_type_override")
    null = client.put(url, {"planned_investment": None}, format="json")
    assert (null.status_code, null.json()["field"], null.json()["code"]) == (400, "planned_investment", "null")
    unknown = client.put(url, {"planned_investment": "1", "year": 2025}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_field")
    assert not ProjectYear.objects.exists()


def test_create_and_update_a_month_of_progress(project, staff, api_for):
    client = api_for(staff)
    url = f"/api/v1/projects/{project.pk}/progress/2024/4/"
    created = client.put(url, {"investment": 300, "physical_progress": " 主体封顶 "}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json() == {"year": 2024, "month": 4, "investment": "300", "physical_progress": "主体封顶", "version": 0}
    changed = client.put(url, {"investment": "320"}, format="json", HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200 and changed.json()["version"] == 1
    progress = ProjectProgress.objects.get(project=project, year=2024, month=4)
    assert (progress.investment, progress.physical_progress) == (Decimal("320"), "主体封顶")
    record = ChangeRecord.objects.get(field="investment", old_value__gt="")
    assert (record.channel, record.user) == ("api", staff)


def test_progress_before_the_project_started_is_400_at_the_field(project, staff, api_for):
    response = api_for(staff).put(f"/api/v1/projects/{project.pk}/progress/2024/2/", {"investment": "10"}, format="json",
                                  HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()["field"]) == (400, "investment")
    assert response.json()["message"] == "The reporting month is earlier than the project start month"
    assert not ProjectProgress.objects.exists()


def test_a_stale_if_match_answers_412_with_the_current_state(project, staff, api_for):
    client = api_for(staff)
    url = f"/api/v1/projects/{project.pk}/progress/2024/5/"
    assert client.put(url, {"investment": "1"}, format="json").status_code == 201
    assert client.put(url, {"investment": "2"}, format="json", HTTP_IF_MATCH='"0"').status_code == 200
    stale = client.put(url, {"investment": "3"}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    assert (stale.json()["current"]["investment"], stale.json()["current"]["version"]) == ("2", 1)
    garbage = client.put(url, {"investment": "3"}, format="json", HTTP_IF_MATCH="nope")
    assert garbage.status_code == 412
    # If-Match on a month not yet stored: the client read another state than there is.
    new_month = client.put(f"/api/v1/projects/{project.pk}/progress/2024/6/", {"investment": "3"}, format="json",
                           HTTP_IF_MATCH='"0"')
    assert new_month.status_code == 412 and "current" not in new_month.json()
    assert ProjectProgress.objects.get(month=5).investment == Decimal("2")
    assert not ProjectProgress.objects.filter(month=6).exists()


def test_scope_and_roles_for_years_and_progress(project, staff, leader, outsider, api_for):
    year_url = f"/api/v1/projects/{project.pk}/years/2024/"
    month_url = f"/api/v1/projects/{project.pk}/progress/2024/4/"
    assert api_for(staff).put(year_url, {"planned_investment": "5"}, format="json").status_code == 201
    assert api_for(outsider).put(year_url, {"planned_investment": "1"}, format="json").status_code == 404
    assert api_for(outsider).put(month_url, {"investment": "1"}, format="json").status_code == 404
    assert api_for(outsider).get(year_url).status_code == 404
    assert api_for(leader).get(year_url).status_code == 200
    forbidden = api_for(leader).put(year_url, {"planned_investment": "9"}, format="json")
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "permission_denied")
    assert api_for(leader).put(month_url, {"investment": "9"}, format="json").status_code == 403
    assert ProjectYear.objects.get().planned_investment == Decimal("5")
    assert not ProjectProgress.objects.exists()


def test_an_enterprise_month_of_figures(company, staff, leader, outsider, api_for):
    client = api_for(staff)
    url = f"/api/v1/enterprises/{company.pk}/figures/2024/10/"
    created = client.put(url, {"tax_ytd": "120.5", "output_ytd": "3000"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json() == {"year": 2024, "month": 10, "tax_ytd": "120.5", "output_ytd": "3000", "version": 0}
    cleared = client.put(url, {"output_ytd": None}, format="json", HTTP_IF_MATCH='"0"')
    assert cleared.status_code == 200 and cleared.json()["output_ytd"] is None and cleared.json()["tax_ytd"] == "120.5"
    empty = client.put(url, {"tax_ytd": None}, format="json")
    assert empty.status_code == 400 and empty.json()["message"]  # the form's: tax or output needed
    assert client.put(url, {"tax_ytd": "1"}, format="json", HTTP_IF_MATCH='"0"').status_code == 412
    assert api_for(leader).put(url, {"tax_ytd": "1"}, format="json").status_code == 403
    assert api_for(outsider).put(url, {"tax_ytd": "1"}, format="json").status_code == 404
    figure = EnterpriseFigure.objects.get()
    assert (figure.tax_ytd, figure.output_ytd, figure.version) == (Decimal("120.5"), None, 1)
    assert ChangeRecord.objects.filter(field="output_ytd", channel="api").count() == 2


@pytest.mark.parametrize("body", [[1], "x", {"investment": {"a": 1}}, {"investment": True}, {"investment": "1" * 30}])
def test_bad_bodies_are_400_not_500(project, staff, api_for, body):
    response = api_for(staff).put(f"/api/v1/projects/{project.pk}/progress/2024/4/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"code", "message", "field", "errors"}


def test_the_schema_describes_the_period_writes(staff, client_for):
    paths = client_for(staff).get("/api/v1/schema/?format=json").json()["paths"]
    for path in ("/api/v1/projects/{id}/years/{year}/", "/api/v1/projects/{id}/progress/{year}/{month}/",
                 "/api/v1/enterprises/{id}/figures/{year}/{month}/"):
        assert {"get", "put"} <= set(paths[path])
        assert {"400", "403", "404", "412"} <= set(paths[path]["put"]["responses"])


@pytest.mark.parametrize("path, form, body, field", [
    ("progress/2024/4", ProgressForm, {"investment": "6_2"}, "investment"),  # Python's Decimal would read 62
    ("years/2024", ProjectYearForm, {"planned_investment": "1.23456"}, "planned_investment"),
])
def test_a_model_fields_rule_refuses_the_period_with_the_forms_message(project, staff, api_for, path, form, body, field):
    response = api_for(staff).put(f"/api/v1/projects/{project.pk}/{path}/", body, format="json")
    assert (response.status_code, response.json()["field"]) == (400, field)
    assert response.json()["message"] == form({**body, "year": 2024}).errors[field][0]
    assert not ProjectProgress.objects.exists() and not ProjectYear.objects.exists()


PERIOD_REFUSALS = [  # (the owner's fixture and its link from the period, the period's path, its service, a bad row)
    ("company", "enterprise", "enterprises/{pk}/figures/2024/3", batch.save_enterprise_figures,
     {"year": 2024, "month": 3, "tax_ytd": Decimal(-1)}),
    ("project", "project", "projects/{pk}/progress/2024/2", batch.save_progress,
     {"year": 2024, "month": 2, "investment": Decimal(5)}),  # before the project started
    ("project", "project", "projects/{pk}/years/2024", batch.save_project_years,
     {"year": 2024, "planned_investment": Decimal(-1)}),
]


@pytest.mark.parametrize("owner, link, path, save, row", PERIOD_REFUSALS)
def test_the_api_and_an_import_get_the_same_refusal_for_a_period(request, staff, api_for, owner, link, path, save, row):
    parent = request.getfixturevalue(owner)
    refused = save([batch.RecordInput(None, {link: parent, **row})], user=staff, channel=Channel.IMPORT, apply=False)
    body = {name: str(value) for name, value in row.items() if name not in ("year", "month")}  # those are in the path
    response = api_for(staff).put(f"/api/v1/{path.format(pk=parent.pk)}/", body, format="json")
    assert refused.errors and response.status_code == 400
    assert [(p["field"], p["message"]) for p in response.json()["errors"]] == [(f, m) for _row, f, m in refused.errors]
