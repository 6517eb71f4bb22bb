"""Submission freezes the month; a reviewer decides on the version they looked at, and not on a
month they submitted themselves unless settings allow it. Submissions and approvals keep the
month's figures and their fingerprint."""

import hashlib
import json
import re
from decimal import Decimal

import pytest

from dataio.registry import get_kind
from dataio.services import run_import
from indicators import provenance, selectors, workflow
from indicators.models import MonthlyValue, MonthTransition, ZoneMonth
from tests.conftest import BLANKS_EXPLAINED

YEAR, MONTH = 2025, 10
URL = f"/review/HX/{YEAR}/{MONTH}/"
Status = ZoneMonth.Status


def month_of(zone):
    return selectors.zone_month(zone, YEAR, MONTH)


def stored(zone, code="tax_revenue"):
    return MonthlyValue.objects.get(zone=zone, indicator__code=code, year=YEAR, month=MONTH).ytd_value


@pytest.fixture
def submitted(zone, staff, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362}, user=staff)
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    return month_of(zone)


# --- while submitted, staff cannot change the month ------------------------------------------------


def test_entry_form_refused_while_submitted(zone, staff, submitted, client_for):
    client = client_for(staff)
    page = client.get(f"/entry/HX/{YEAR}/{MONTH}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(f"/entry/HX/{YEAR}/{MONTH}/", {"version": version, "v_tax_revenue": "30000", "confirm_warnings": "on"})
    assert response.status_code == 200
    assert "已提交，数据已锁定" in response.content.decode()
    assert stored(zone) == Decimal("26362")


def test_import_refused_while_submitted(zone, staff, submitted):
    data = f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},{MONTH},30000\n".encode()
    report = run_import(get_kind("values"), data, "v.csv", staff, apply=True)
    assert not report.applied
    assert "已提交，数据已锁定" in report.errors[0].message
    assert stored(zone) == Decimal("26362")


def test_returned_month_opens_again(zone, staff, reviewer, submitted, enter):
    workflow.return_month(month_of(zone), reviewer, "请核实税收")
    enter(zone, YEAR, MONTH, {"tax_revenue": 30000}, user=staff)
    assert stored(zone) == Decimal("30000")


# --- the reviewer decides on the version they looked at -----------------------------------------


@pytest.mark.parametrize("action", ["approve", "return"])
def test_a_decision_on_a_stale_version_is_refused(zone, reviewer, submitted, action):
    seen = month_of(zone).version
    ZoneMonth.objects.filter(pk=submitted.pk).update(version=seen + 1)  # a save the reviewer did not see
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.ACTIONS[action](month_of(zone), reviewer, "原因", expected_version=seen)
    assert refused.value.field == "version"
    assert "在您查看之后已被修改" in refused.value.message and f"版本{seen} → {seen + 1}" in refused.value.message
    assert month_of(zone).status == Status.SUBMITTED
    workflow.ACTIONS[action](month_of(zone), reviewer, "原因", expected_version=seen + 1)
    assert month_of(zone).status == (Status.APPROVED if action == "approve" else Status.RETURNED)


def test_by_default_the_version_is_that_of_the_month_the_caller_loaded(zone, reviewer, submitted):
    looked_at = month_of(zone)
    ZoneMonth.objects.filter(pk=submitted.pk).update(version=looked_at.version + 1)
    with pytest.raises(workflow.TransitionRefused):
        workflow.approve(looked_at, reviewer)
    assert month_of(zone).status == Status.SUBMITTED


def test_the_review_form_carries_the_version_and_a_stale_post_is_refused(zone, reviewer, submitted, client_for):
    client = client_for(reviewer)
    page = client.get(URL).content.decode()
    approve_form = re.search(r'<form[^>]*action="[^"]*/approve/".*?</form>', page, re.S).group(0)
    version = re.search(r'name="version" value="(\d+)"', approve_form).group(1)
    assert int(version) == month_of(zone).version
    ZoneMonth.objects.filter(pk=submitted.pk).update(version=int(version) + 1)
    response = client.post(URL + "approve/", {"version": version}, follow=True)
    assert "在您查看之后已被修改" in response.content.decode()
    assert month_of(zone).status == Status.SUBMITTED
    client.post(URL + "approve/", {"version": str(int(version) + 1)})
    assert month_of(zone).status == Status.APPROVED


# --- self-approval ------------------------------------------------------------------------------


def test_self_approval_is_refused_by_default(zone, administrator, client_for):
    workflow.submit(month_of(zone), administrator, BLANKS_EXPLAINED)
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.approve(month_of(zone), administrator)
    assert "由您本人提交" in refused.value.message
    page = client_for(administrator).get(URL).content.decode()
    assert 'value="approve"' not in page and "须由另一位审核员审核" in page
    assert month_of(zone).status == Status.SUBMITTED


def test_self_approval_is_allowed_when_settings_allow_it(zone, administrator, client_for, settings):
    settings.ALLOW_SELF_APPROVAL = True
    workflow.submit(month_of(zone), administrator, BLANKS_EXPLAINED)
    assert 'value="approve"' in client_for(administrator).get(URL).content.decode()
    workflow.approve(month_of(zone), administrator)
    assert month_of(zone).status == Status.APPROVED


def test_self_approval_setting_is_read_from_the_environment(monkeypatch):
    import importlib

    from devzone import settings as project_settings

    monkeypatch.delenv("ALLOW_SELF_APPROVAL", raising=False)
    assert importlib.reload(project_settings).ALLOW_SELF_APPROVAL is False
    monkeypatch.setenv("ALLOW_SELF_APPROVAL", "1")
    assert importlib.reload(project_settings).ALLOW_SELF_APPROVAL is True
    monkeypatch.delenv("ALLOW_SELF_APPROVAL")
    importlib.reload(project_settings)


def test_another_reviewer_approves_what_an_administrator_submitted(zone, administrator, reviewer):
    workflow.submit(month_of(zone), administrator, BLANKS_EXPLAINED)
    workflow.approve(month_of(zone), reviewer)
    assert month_of(zone).status == Status.APPROVED


# --- submissions and approvals keep the figures -------------------------------------------------


def test_submission_and_approval_keep_the_figures_and_their_fingerprint(zone, staff, reviewer, submitted, enter):
    workflow.approve(month_of(zone), reviewer)
    submission, approval = MonthTransition.objects.order_by("id")
    value = MonthlyValue.objects.get(zone=zone, indicator__code="tax_revenue", year=YEAR, month=MONTH)
    expected = {"tax_revenue": ["26362", "26362", None]}
    assert value.ytd_value == value.month_value == Decimal("26362")
    for transition in (submission, approval):
        assert transition.figures == expected
        canonical = json.dumps(expected, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert transition.fingerprint == hashlib.sha256(canonical.encode()).hexdigest()
        assert transition.version == month_of(zone).version
    workflow.unlock(month_of(zone), reviewer, "更正")
    assert MonthTransition.objects.latest("id").fingerprint == ""


def test_fingerprint_does_not_depend_on_how_the_database_writes_decimals(zone, staff, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": "26362.50"}, user=staff)
    figures = provenance.month_figures(zone.pk, YEAR, MONTH)
    assert figures == {"tax_revenue": ["26362.5", "26362.5", None]}
    assert provenance.fingerprint(figures) == provenance.fingerprint({"tax_revenue": ["26362.5", "26362.5", None]})
    enter(zone, YEAR, MONTH, {"tax_revenue": "26362.51"}, user=staff)
    assert provenance.fingerprint(provenance.month_figures(zone.pk, YEAR, MONTH)) != provenance.fingerprint(figures)
