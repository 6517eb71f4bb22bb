"""Hostile text: one rule for every text field people type (core.text), on every channel (form,
import, API, admin), and documents that hold whatever was stored before the rule.

The corpus: each control character, a newline, Word's manual line break, 10,000 characters, RTL
marks and emoji, against every text field of every record type, through the rule the field
declares; then one case per channel to show the channels share it."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.urls import reverse

from core.locking import NO_RECORD
from core.text import PROSE_MAX_LENGTH, LineField, ProseField, clean_text, printable
from dataio.registry import get_kind
from dataio.services import run_import
from projects.models import Enterprise, Project
from zones.models import Zone

OUR_APPS = {"api", "audit", "dataio", "deadlines", "grading", "indicators", "jobs", "notifications", "projects", "reports", "zones"}
# Text the system writes (history, keys, hashes, messages of its own) or that a stricter validator
# of its own limits to letters and digits: not typed by people, so not under the text rule.
NOT_TYPED = {
    "zones.Zone": {"code"}, "zones.User": {"password", "username", "email"},
    "audit.ChangeRecord": {"object_repr", "field", "old_value", "new_value"},
    "indicators.Category": {"code"}, "indicators.Indicator": {"code"}, "indicators.MonthTransition": {"fingerprint"},
    "indicators.ConfirmedWarning": {"code", "message"}, "reports.NarrativeSection": {"key"},
    "dataio.PendingUpload": {"kind", "token", "filename"},
    "notifications.Notification": {"event_key", "title", "body", "url", "email_error"},
    "jobs.Job": {"message", "error", "result_name"}, "jobs.PeriodicRun": {"name", "period", "outcome"},
    "api.ApiToken": {"prefix", "key_hash"},
}

CONTROL = [chr(c) for c in [*range(0x00, 0x09), 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F]]
RTL_AND_EMOJI = "\u200f\u202e阿拉伯文مرحبا\u202c 😀👍🏽"


def typed_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                if field.name not in NOT_TYPED.get(model._meta.label, ()):
                    yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


FIELDS = list(typed_text_fields())


def own_format(field) -> bool:
    return any(not isinstance(v, (MaxLengthValidator, ProhibitNullCharactersValidator)) for v in field.validators)


def test_every_typed_text_field_declares_the_rule():
    plain = [p.id for p in FIELDS if not isinstance(p.values[1], (LineField, ProseField))]
    assert not plain, f"text fields people type without the text rule: {plain}"
    assert len(FIELDS) > 40


@pytest.mark.parametrize("model,field", FIELDS)
def test_the_rule_on_every_field(model, field):
    label = str(field.verbose_name)
    for character in CONTROL:
        with pytest.raises(ValidationError) as refused:
            field.clean(f"甲{character}乙", None)
        message = refused.value.messages[0]
        assert label in message and f"U+{ord(character):04X}" in message, message
    if own_format(field):
        return  # a code of its own format (统一社会信用代码): letters and digits only, by its validator
    assert field.clean("名称" + RTL_AND_EMOJI, None).endswith("😀👍🏽")
    if isinstance(field, LineField):
        for line_break in ("\n", "\r\n", "\x0b", "\x85", "\u2028"):
            with pytest.raises(ValidationError, match="只能填写一行"):
                field.clean(f"第一行{line_break}第二行", None)
        with pytest.raises(ValidationError):
            field.clean("字" * 10_000, None)
    else:
        assert field.clean("第一段\r\n第二段\x0b第三段\r第四段", None) == "第一段\n第二段\n第三段\n第四段"
        assert len(field.clean("字" * PROSE_MAX_LENGTH, None)) == PROSE_MAX_LENGTH
        with pytest.raises(ValidationError):
            field.clean("字" * (PROSE_MAX_LENGTH + 1), None)


def test_what_documents_cannot_hold_is_dropped_at_the_exit():
    assert printable("甲\x0b乙\x01丙\ud800丁\n戊\t己") == "甲乙丙丁\n戊\t己"
    assert clean_text("a\tb", multiline=False) == "a\tb"


# --- one case per channel: the same rule, the same refusal ------------------------------------------


def test_form(zone, staff, client_for):
    client = client_for(staff)
    page = client.post("/enterprises/new/", {"zone": zone.pk, "version": NO_RECORD, "name": "华光\x01电子", "status": "producing"})
    assert page.status_code == 200
    assert "“企业名称”含有不可见的控制字符（U+0001）" in page.content.decode()
    response = client.post("/projects/new/", {"zone": zone.pk, "version": NO_RECORD, "name": "光伏组件项目", "stage": "conceived",
                                              "conceived_on": "2025-03-01", "investment_before_records": "0",
                                              "description": "一期\x0b二期"})
    assert response.status_code == 302
    assert Project.objects.get().description == "一期\n二期"  # Word's manual line break, pasted
    assert not Enterprise.objects.exists()


def test_import(zone, staff):
    csv = "zone,name,status\nHX,华光\x0b电子,producing\n".encode()
    report = run_import(get_kind("enterprises"), csv, "e.csv", staff, apply=True)
    assert not report.applied and not Enterprise.objects.exists()
    assert any("企业名称" in str(issue) and "只能填写一行" in issue.message for issue in report.errors), report.errors


def test_api(zone, staff, api_for):
    response = api_for(staff).post("/api/v1/enterprises/", {"zone": "HX", "name": "华光\u0007电子"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "name"
    assert "U+0007" in response.json()["message"] and not Enterprise.objects.exists()


def test_admin(zone, administrator, client_for):
    url = reverse("admin:zones_zone_change", args=[zone.pk])
    page = client_for(administrator).post(url, {"code": "HX", "name": "西部经济\n技术开发区"})
    assert page.status_code == 200 and "只能填写一行" in page.content.decode()
    assert Zone.objects.get(pk=zone.pk).name == "XX经济技术开发区"


def test_services_that_write_without_a_model_form(zone, staff, enter, indicators):
    """Value comments, review reasons and the drafts' texts pass the same rule."""
    from indicators import workflow
    from indicators.models import ZoneMonth
    from indicators.services import ValueInput, ValuesRejected, save_values
    from reports.models import OPENING
    from reports.services import SectionText, save_narrative

    with pytest.raises(ValuesRejected) as refused:
        save_values([ValueInput(zone=zone, indicator=indicators["tax_revenue"], year=2025, month=3, value=Decimal(1),
                                comment="备注\x1b")], user=staff, channel="form", confirm_warnings=True)
    assert "U+001B" in refused.value.result.errors[0].message
    with pytest.raises(ValidationError) as refused:
        save_narrative(zone, 2025, sections={OPENING: SectionText("引导\x0b句", "")}, user=staff, channel="form")
    assert refused.value.message_dict == {OPENING: ["“引导句”只能填写一行，不能包含换行"]}
    with pytest.raises(workflow.TransitionRefused, match=r"U\+0001"):
        workflow.submit(ZoneMonth(zone=zone, year=2025, month=3), staff, reason="原因\x01")
