"""Enterprises, projects and parcels over the API: the models' fields and the batch services decide."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Channel, ChangeRecord
from projects import batch
from projects.forms import EnterpriseForm, ParcelForm
from projects.models import Enterprise, Parcel, Project, ProjectYear
from zones.models import Park

CODE = "91320500MA1XXXXX0J"  # a valid check digit


@pytest.fixture
def company(zone):
    return Enterprise.objects.create(zone=zone, name="华星科技", credit_code=CODE)


def test_staff_create_and_update_an_enterprise_through_the_service(zone, staff, api_for):
    client = api_for(staff)
    created = client.post("/api/v1/enterprises/", {"zone": "HX", "name": "A公司", "credit_code": CODE,
                                                   "is_above_scale": True}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["zone"], body["is_above_scale"], body["version"]) == ("HX", True, 0)
    assert created["ETag"] == '"0"'
    url = f"/api/v1/enterprises/{body['id']}/"
    changed = client.patch(url, {"contact_person": "王工"}, format="json", HTTP_IF_MATCH='"0"')
    assert changed.status_code == 200 and changed.json()["version"] == 1
    assert changed.json()["name"] == "A公司"  # fields left out keep their values
    record = ChangeRecord.objects.get(field="contact_person")
    assert (record.channel, record.user, record.new_value) == ("api", staff, "王工")


def test_a_stale_if_match_on_a_record_answers_412_with_the_record(company, staff, api_for):
    client = api_for(staff)
    url = f"/api/v1/enterprises/{company.pk}/"
    assert client.patch(url, {"contact_person": "甲"}, format="json", HTTP_IF_MATCH='"0"').status_code == 200
    stale = client.patch(url, {"contact_person": "乙"}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    assert stale.json()["current"]["contact_person"] == "甲" and stale.json()["current"]["version"] == 1
    company.refresh_from_db()
    assert company.contact_person == "甲"


def test_form_rules_answer_400_at_the_field(zone, staff, api_for, company):
    client = api_for(staff)
    bad = client.post("/api/v1/enterprises/", {"zone": "HX", "name": "B", "credit_code": "123"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "credit_code"
    duplicate = client.post("/api/v1/enterprises/", {"zone": "HX", "name": "C", "credit_code": CODE}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "credit_code"
    unknown = client.post("/api/v1/enterprises/", {"zone": "HX", "name": "D", "credit_code": CODE, "x": 1}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_field")
    nested = client.post("/api/v1/enterprises/", {"zone": "HX", "name": {"a": 1}}, format="json")
    assert nested.status_code == 400 and nested.json()["field"] == "name"
    assert client.post("/api/v1/enterprises/", [1, 2], format="json").status_code == 400
    assert Enterprise.objects.count() == 1


def test_scope_and_roles_for_records(zone, company, leader, outsider, reviewer, api_for):
    url = f"/api/v1/enterprises/{company.pk}/"
    assert api_for(leader).get(url).status_code == 200
    assert api_for(leader).patch(url, {"name": "x"}, format="json").status_code == 403
    assert api_for(reviewer).post("/api/v1/enterprises/", {"zone": "HX", "name": "x", "credit_code": CODE},
                                  format="json").status_code == 403
    assert api_for(outsider).get(url).status_code == 404
    assert api_for(outsider).patch(url, {"name": "x"}, format="json").status_code == 404
    assert api_for(outsider).get("/api/v1/enterprises/").json()["count"] == 0
    # An outsider naming a zone they may not edit gets a field error, not the record.
    created = api_for(outsider).post("/api/v1/enterprises/", {"zone": "HX", "name": "x", "credit_code": "91320500MA1XXXXX1G"},
                                     format="json")
    assert created.status_code == 400 and created.json()["field"] == "zone"


def test_lists_filter_and_paginate_with_the_pages_rules(zone, staff, api_for):
    for index in range(3):
        Enterprise.objects.create(zone=zone, name=f"企业{index}", credit_code=f"X{index:017d}",
                                  status="halted" if index == 0 else "producing")
    client = api_for(staff)
    assert client.get("/api/v1/enterprises/?status=halted").json()["count"] == 1
    page = client.get("/api/v1/enterprises/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    bad = client.get("/api/v1/enterprises/?status=nope")
    assert bad.status_code == 400 and bad.json()["field"] == "status"
    assert client.get("/api/v1/enterprises/?zone=NOPE").status_code == 400
    assert client.get("/api/v1/enterprises/?page=99").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/enterprises/", "/api/v1/projects/", "/api/v1/parcels/"])
def test_lists_take_a_fixed_number_of_queries(zone, staff, api_for, path):
    company = Enterprise.objects.create(zone=zone, name="E", credit_code=CODE)
    for index in range(5):
        project = Project.objects.create(zone=zone, name=f"P{index}", enterprise=company, conceived_on=datetime.date(2024, 1, 1))
        ProjectYear.objects.create(project=project, year=2024, planned_investment=100)
        Parcel.objects.create(zone=zone, code=f"L{index}", area_mu=10)
    client = api_for(staff)
    client.get(path)  # the token's last use is written once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) <= 10


def test_projects_carry_their_years_and_progress(zone, staff, api_for):
    client = api_for(staff)
    created = client.post("/api/v1/projects/", {"zone": "HX", "name": "新能源项目", "stage": "conceived",
                                                "conceived_on": "2024-03-01", "total_investment": "5000.5"}, format="json")
    assert created.status_code == 201, created.json()
    project = Project.objects.get()
    ProjectYear.objects.create(project=project, year=2024, planned_investment=1200)
    body = client.get(f"/api/v1/projects/{project.pk}/").json()
    assert body["total_investment"] == "5000.5"
    assert body["years"][0]["planned_investment"] == "1200" and body["progress"] == []
    order = client.patch(f"/api/v1/projects/{project.pk}/", {"stage": "signed", "signed_on": "2024-01-01",
                                                             "negotiating_on": "2024-02-01"}, format="json")
    assert order.status_code == 400


def test_parcels_create_and_same_zone_rule(zone, other_zone, staff, api_for):
    foreign_park = Park.objects.create(zone=other_zone, name="外区园")
    client = api_for(staff)
    created = client.post("/api/v1/parcels/", {"zone": "HX", "code": "HX-001", "area_mu": "35.5"}, format="json")
    assert created.status_code == 201 and created.json()["area_mu"] == "35.5"
    other = client.post("/api/v1/parcels/", {"zone": "HX", "code": "HX-002", "area_mu": "1", "park": foreign_park.pk},
                        format="json")
    assert other.status_code == 400 and other.json()["field"] == "park"
    negative = client.post("/api/v1/parcels/", {"zone": "HX", "code": "HX-003", "area_mu": "-1"}, format="json")
    assert negative.status_code == 400
    assert Parcel.objects.count() == 1


def test_values_of_the_wrong_json_type_are_400_not_500(zone, staff, api_for):
    """Found by schemathesis: a boolean where a date belongs."""
    client = api_for(staff)
    response = client.post("/api/v1/parcels/", {"zone": "HX", "code": "P1", "area_mu": 1, "completed_on": False,
                                                "is_low_efficiency": "true"}, format="json")
    assert (response.status_code, response.json()["field"]) == (400, "completed_on")
    created = client.post("/api/v1/parcels/", {"zone": "HX", "code": "P1", "area_mu": 1.5, "is_low_efficiency": True},
                          format="json")
    assert created.status_code == 201 and created.json()["is_low_efficiency"] is True
    assert created.json()["area_mu"] == "1.5"


def _refusals(problems) -> list[tuple[str, str]]:
    return sorted((problem["field"], problem["message"]) for problem in problems)


@pytest.mark.parametrize("body, field", [
    ({"zone": "HX", "code": "L1", "area_mu": "6_2"}, "area_mu"),  # Python's Decimal would read 62
    ({"zone": "HX", "code": "L1", "area_mu": "1", "price": "1e3"}, "price"),
    ({"zone": "HX", "code": "L1", "area_mu": "1.234"}, "area_mu"),  # the column keeps 2 decimals
])
def test_a_model_fields_rule_refuses_the_write_with_the_forms_message(zone, staff, api_for, body, field):
    response = api_for(staff).post("/api/v1/parcels/", body, format="json")
    form = ParcelForm({**body, "zone": zone.pk}, user=staff)
    assert not form.is_valid()
    assert (response.status_code, response.json()["field"]) == (400, field)
    assert response.json()["message"] == form.errors[field][0]
    assert not Parcel.objects.exists()


def test_a_model_validator_refuses_the_write_with_its_message(zone, staff, api_for):
    response = api_for(staff).post("/api/v1/enterprises/", {"zone": "HX", "name": "A", "credit_code": CODE[:-1] + "1"},
                                   format="json")
    form = EnterpriseForm({"zone": zone.pk, "name": "A", "credit_code": CODE[:-1] + "1", "status": "producing"}, user=staff)
    assert not form.is_valid()
    assert (response.status_code, response.json()["field"]) == (400, "credit_code")
    assert response.json()["message"] == form.errors["credit_code"][0]


DAY = datetime.date


@pytest.mark.parametrize("path, save, row", [
    ("enterprises", batch.save_enterprises, {"name": "B", "credit_code": CODE}),  # registered already
    ("projects", batch.save_projects, {"name": "P", "stage": "signed", "conceived_on": DAY(2024, 3, 1),
                                       "negotiating_on": DAY(2024, 2, 1), "signed_on": DAY(2024, 4, 1)}),
    ("parcels", batch.save_parcels, {"code": "L1", "area_mu": Decimal(0), "price": Decimal(-5)}),
])
def test_the_api_and_an_import_get_the_same_refusal_from_the_service(zone, staff, api_for, company, path, save, row):
    body = {name: str(value) for name, value in row.items()}  # dates and decimals as JSON text
    response = api_for(staff).post(f"/api/v1/{path}/", {"zone": "HX", **body}, format="json")
    refused = save([batch.RecordInput(None, {"zone": zone, **row})], user=staff, channel=Channel.IMPORT, apply=False)
    assert refused.errors and response.status_code == 400
    assert _refusals(response.json()["errors"]) == sorted((field, message) for _row, field, message in refused.errors)


def test_a_record_does_not_move_to_another_zone(zone, other_zone, staff, api_for, company):
    staff.zones.add(other_zone)
    response = api_for(staff).patch(f"/api/v1/enterprises/{company.pk}/", {"zone": "LH"}, format="json")
    assert (response.status_code, response.json()["field"]) == (400, "zone")
    assert response.json()["message"] == "企业不能转到其他开发区，请在新开发区重新登记"
    company.refresh_from_db()
    assert company.zone == zone


def test_a_related_record_of_a_zone_the_user_may_not_edit_is_not_revealed(zone, other_zone, staff, api_for):
    foreign = Park.objects.create(zone=other_zone, name="外区园")
    unknown = api_for(staff).post("/api/v1/parcels/", {"zone": "HX", "code": "L1", "area_mu": "1", "park": foreign.pk + 100},
                                  format="json")
    hidden = api_for(staff).post("/api/v1/parcels/", {"zone": "HX", "code": "L1", "area_mu": "1", "park": foreign.pk},
                                 format="json")
    assert (hidden.status_code, hidden.json()["field"]) == (400, "park")
    assert hidden.json()["message"] == unknown.json()["message"].replace(str(foreign.pk + 100), str(foreign.pk))
