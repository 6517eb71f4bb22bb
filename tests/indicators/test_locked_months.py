"""A submitted or approved month's figures never change, neither directly nor through what the
statistics derive from a neighbouring month: November's month value comes from October's and
November's YTD, so editing October must not move an approved November. One test per channel."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from dataio.models import PendingUpload
from dataio.registry import get_kind
from dataio.services import run_import
from indicators import selectors, workflow
from indicators.models import Indicator, MonthlyValue, ZoneMonth
from indicators.services import ValuesRejected
from tests.conftest import BLANKS_EXPLAINED

YEAR = 2025
DERIVED = "此修改会改变XX经济技术开发区 2025年11月（已审核）的税收收入（50万元 → 30万元）"


def figures(zone, month, code="tax_revenue"):
    value = MonthlyValue.objects.get(zone=zone, indicator__code=code, year=YEAR, month=month)
    return value.ytd_value, value.month_value


@pytest.fixture
def november_approved(zone, staff, reviewer, enter):
    """October YTD 100, November YTD 150 (November's own month: 50); both approved in turn, then
    October unlocked for a correction: November stays approved."""
    enter(zone, YEAR, 10, {"tax_revenue": 100})
    enter(zone, YEAR, 11, {"tax_revenue": 150})
    for month in (10, 11):
        workflow.submit(selectors.zone_month(zone, YEAR, month), staff, BLANKS_EXPLAINED)
        workflow.approve(selectors.zone_month(zone, YEAR, month), reviewer)
    workflow.unlock(selectors.zone_month(zone, YEAR, 10), reviewer, "十月数据待修订")
    return selectors.zone_month(zone, YEAR, 11)


def unchanged(zone):
    return figures(zone, 10) == (Decimal(100), Decimal(100)) and figures(zone, 11) == (Decimal(150), Decimal(50))


def test_the_service_refuses_a_change_derived_into_an_approved_month(november_approved, zone, staff, enter):
    with pytest.raises(ValuesRejected) as refused:
        enter(zone, YEAR, 10, {"tax_revenue": 120}, user=staff)
    (problem,) = refused.value.result.errors
    assert problem.code == "locked" and DERIVED in problem.message and "请联系审核员退回该月" in problem.message
    assert unchanged(zone)


def test_month_values_entered_derive_later_ytd_and_are_refused_too(zone, staff, reviewer, enter, indicators):
    indicators["tax_revenue"].entry_mode = Indicator.EntryMode.MONTH
    indicators["tax_revenue"].save()
    enter(zone, YEAR, 10, {"tax_revenue": 100})
    enter(zone, YEAR, 11, {"tax_revenue": 50})
    for month in (10, 11):
        workflow.submit(selectors.zone_month(zone, YEAR, month), staff, BLANKS_EXPLAINED)
    workflow.return_month(selectors.zone_month(zone, YEAR, 10), reviewer, "十月数据待修订")
    with pytest.raises(ValuesRejected) as refused:
        enter(zone, YEAR, 10, {"tax_revenue": 80}, user=staff)
    assert "税收收入（150万元 → 130万元）" in refused.value.result.errors[0].message
    assert "（已提交）" in refused.value.result.errors[0].message
    assert figures(zone, 11) == (Decimal(150), Decimal(50))


def test_a_submitted_month_is_frozen_for_its_own_figures(zone, staff, enter):
    enter(zone, YEAR, 10, {"tax_revenue": 100})
    workflow.submit(selectors.zone_month(zone, YEAR, 10), staff, BLANKS_EXPLAINED)
    with pytest.raises(ValuesRejected) as refused:
        enter(zone, YEAR, 10, {"tax_revenue": 120}, user=staff)
    assert "2025年10月已提交，数据已锁定" in refused.value.result.errors[0].message


def test_figures_given_again_unchanged_are_no_change(november_approved, zone, staff, enter):
    enter(zone, YEAR, 11, {"tax_revenue": 150}, user=staff)
    enter(zone, YEAR, 10, {"tax_revenue": 100}, user=staff)
    assert unchanged(zone)


def test_after_a_return_the_change_goes_through(november_approved, zone, staff, reviewer, enter):
    workflow.unlock(november_approved, reviewer, "十月数据修订")
    enter(zone, YEAR, 10, {"tax_revenue": 120}, user=staff)
    assert figures(zone, 11) == (Decimal(150), Decimal(30))


def test_the_entry_form_refuses_it(november_approved, zone, staff, client_for):
    client = client_for(staff)
    page = client.get(f"/entry/HX/{YEAR}/10/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(f"/entry/HX/{YEAR}/10/", {"version": version, "v_tax_revenue": "120", "confirm_warnings": "on"})
    assert response.status_code == 200 and DERIVED in response.content.decode()
    assert unchanged(zone)


def test_the_import_service_refuses_it(november_approved, zone, staff):
    data = f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},10,120\n".encode()
    report = run_import(get_kind("values"), data, "v.csv", staff, apply=True)
    assert not report.applied and DERIVED in report.errors[0].message
    assert unchanged(zone)


def test_the_browser_import_previews_the_refusal_and_offers_no_confirm(november_approved, zone, staff, client_for):
    upload = SimpleUploadedFile("v.csv", f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},10,120\n".encode())
    page = client_for(staff).post("/data/", {"kind": "values", "file": upload}).content.decode()
    assert DERIVED in page and 'action="/data/confirm/"' not in page
    assert not PendingUpload.objects.exists() and unchanged(zone)


def test_the_command_line_import_refuses_it(november_approved, zone, tmp_path):
    path = tmp_path / "v.csv"
    path.write_text(f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},10,120\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_data", "values", str(path))
    assert unchanged(zone)


def test_the_admin_refuses_it(november_approved, zone, administrator, client_for, indicators):
    october = MonthlyValue.objects.get(zone=zone, indicator__code="tax_revenue", year=YEAR, month=10)
    data = {"zone": zone.pk, "indicator": indicators["tax_revenue"].pk, "year": YEAR, "month": 10,
            "entered": "120", "published_yoy": "", "comment": ""}
    response = client_for(administrator).post(f"/admin/indicators/monthlyvalue/{october.pk}/change/", data)
    assert response.status_code == 200 and DERIVED in response.content.decode()
    assert unchanged(zone)
    assert ZoneMonth.objects.get(zone=zone, year=YEAR, month=11).status == ZoneMonth.Status.APPROVED
