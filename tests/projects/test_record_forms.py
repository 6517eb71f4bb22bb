"""The record forms as staff use them: the not-saved notice, project dates in stage order,
pasted credit codes, and choices limited to the record's zone."""

import datetime

import pytest

from core.locking import NO_RECORD
from projects.models import Enterprise, Industry, Project
from projects.validators import credit_code_check_character
from tests import factories
from zones.models import Park

VALID_CODE = "91330100000000001C"


def project_data(zone, **dates):
    # A new record's form carries the version NO_RECORD.
    return {"zone": str(zone.pk), "version": str(NO_RECORD), "name": "光伏组件项目", "investment_before_records": "0", **dates}


@pytest.mark.parametrize(
    "dates, field, message",
    [
        ({"stage": "started", "conceived_on": "2025-01-05", "signed_on": "2025-04-01", "started_on": "2025-03-01"},
         "started_on", "开工日期（2025-03-01）不能早于签约日期（2025-04-01）"),
        ({"stage": "producing", "conceived_on": "2025-01-05", "started_on": "2025-02-01", "completed_on": "2025-09-01",
          "producing_on": "2025-06-01"}, "producing_on", "投产日期（2025-06-01）不能早于建成日期（2025-09-01）"),
        ({"stage": "signed", "conceived_on": "2025-05-05", "signed_on": "2025-04-01"},
         "signed_on", "签约日期（2025-04-01）不能早于谋划日期（2025-05-05）"),
    ],
)
def test_project_dates_out_of_stage_order_are_refused_at_the_later_date(zone, staff, client_for, dates, field, message):
    response = client_for(staff).post("/projects/new/", project_data(zone, **dates))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    assert "未保存：请按下方标出的提示修改后再保存。" in html
    assert html.index('data-role="not-saved"') < html.index('data-field="zone"')
    assert not Project.objects.exists()


def test_offered_conceived_date_gives_way_to_earlier_later_dates(zone, staff, client_for):
    client = client_for(staff)
    offered = client.get("/projects/new/").context["form"]["conceived_on"].value()
    assert offered == datetime.date.today()
    signed = offered - datetime.timedelta(days=30)
    data = project_data(zone, stage="signed", conceived_on=offered.isoformat(), negotiating_on=(signed - datetime.timedelta(days=9)).isoformat(),
                        signed_on=signed.isoformat())
    assert client.post("/projects/new/", data).status_code == 302
    assert Project.objects.get().conceived_on is None


def test_typed_conceived_date_after_signing_is_refused(zone, staff, client_for):
    typed = datetime.date.today() - datetime.timedelta(days=1)
    data = project_data(zone, stage="signed", conceived_on=typed.isoformat(), signed_on=(typed - datetime.timedelta(days=5)).isoformat())
    client = client_for(staff)
    client.get("/projects/new/")
    response = client.post("/projects/new/", data, HTTP_REFERER="/projects/new/")
    assert response.status_code == 200 and "signed_on" in response.context["form"].errors


def test_pasted_credit_code_is_normalised_on_the_form(zone, staff, client_for):
    pasted = "9133-0100 0000 0000 1c"
    response = client_for(staff).post("/enterprises/new/", {"zone": str(zone.pk), "version": str(NO_RECORD), "name": "华光电子", "credit_code": pasted, "status": "producing"})
    assert response.status_code == 302
    assert Enterprise.objects.get().credit_code == VALID_CODE


def test_bad_character_in_a_credit_code_is_named(zone, staff, client_for):
    response = client_for(staff).post("/enterprises/new/", {"zone": str(zone.pk), "name": "华光电子",
                                                             "credit_code": "9133010000000000_C", "status": "producing"})
    assert "不允许的字符：“_”" in " ".join(response.context["form"].errors["credit_code"])


def test_choices_are_the_records_zone_only(zone, other_zone, staff, administrator, client_for):
    for z in (zone, other_zone):
        Park.objects.create(zone=z, name=f"{z.code}园")
        Industry.objects.create(zone=z, name=f"{z.code}产业")
        first17 = f"9133010000000{z.pk:04d}"
        Enterprise.objects.create(zone=z, name=f"{z.code}企业", credit_code=first17 + credit_code_check_character(first17))
    form = client_for(staff).get("/projects/new/").context["form"]
    for name in ("park", "industry", "enterprise"):
        assert {obj.zone_id for obj in form.fields[name].queryset} == {zone.pk}
    project = Project.objects.create(zone=zone, name="已有项目", stage="conceived", conceived_on=datetime.date(2025, 1, 1))
    form = client_for(staff).get(f"/projects/{project.pk}/edit/").context["form"]
    assert {obj.zone_id for obj in form.fields["enterprise"].queryset} == {zone.pk}
    assert "HX · " not in form.fields["enterprise"].label_from_instance(form.fields["enterprise"].queryset.first())
    # Several zones: the zone posted decides (a form shown again after an error lists only its records).
    administrator.zones.add(other_zone)
    response = client_for(administrator).post("/projects/new/", {"zone": str(other_zone.pk), "name": ""})
    assert {obj.zone_id for obj in response.context["form"].fields["park"].queryset} == {other_zone.pk}


def test_the_date_order_is_the_service_s_rule_for_every_channel(zone, staff):
    from django.core.exceptions import ValidationError


    with pytest.raises(ValidationError) as refused:
        factories.save_project(None, {"zone": zone, "name": "光伏组件项目", "stage": "signed", "investment_before_records": 0,
                                     "negotiating_on": datetime.date(2025, 5, 1), "signed_on": datetime.date(2025, 4, 1)},
                              user=staff, channel="import")
    assert "signed_on" in refused.value.message_dict
    assert not Project.objects.exists()
