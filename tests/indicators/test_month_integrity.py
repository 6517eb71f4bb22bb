"""A month is one month: 本月 needs last month's 1-N月累计 (and a 累计 every month before it); a
submission says what is missing and why; months go in order; a write that changes nothing is no
change; numbers are read by one rule."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import export_file, run_import
from indicators import statistics, workflow
from indicators.models import Indicator, MonthlyValue, MonthTransition, RequiredIndicator, ZoneMonth
from indicators.selectors import ValueTable, zone_month
from indicators.services import ValuesRejected
from tests.conftest import BLANKS_EXPLAINED
from zones.selectors import data_versions
from zones.models import Zone

YEAR = 2025
D = Decimal


@pytest.fixture
def october_blank(zone, enter):
    """规上工业总产值 1-9月 100, 1-11月 150, October left blank; last year's months 9-11 all there."""
    enter(zone, YEAR - 1, 9, {"industrial_output": 90})
    enter(zone, YEAR - 1, 10, {"industrial_output": 100})
    enter(zone, YEAR - 1, 11, {"industrial_output": 110})
    enter(zone, YEAR, 9, {"industrial_output": 100})
    enter(zone, YEAR, 11, {"industrial_output": 150})
    return zone


def figures(zone, code, month, year=YEAR):
    table = ValueTable.load([zone.pk], [year, year - 1])
    return table.figures(zone.pk, Indicator.objects.get(code=code).pk, year, month, latest_available=False)


# --- 本月 needs last month ------------------------------------------------------------------------


def test_a_month_after_a_missing_one_has_no_month_value_nor_its_growth(october_blank):
    november = figures(october_blank, "industrial_output", 11)
    assert november.ytd_value == 150 and november.month_value is None and november.month_yoy_growth is None
    assert november.unknown_note == "10月累计数未填报，本月数无法得出"
    # What is stored stays as written: only what is read changes.
    stored = MonthlyValue.objects.get(zone=october_blank, indicator__code="industrial_output", year=YEAR, month=11)
    assert stored.month_value == 50


def test_the_review_screen_the_export_and_the_api_say_why(october_blank, reviewer, client_for, api_for, month_url):
    html = client_for(reviewer).get(f"/review/HX/{YEAR}/11/").content.decode()
    row = re.search(r'<tr data-indicator="industrial_output".*?</tr>', html, re.S).group(0)
    assert "—" in row and "10月累计数未填报，本月数无法得出" in row
    sheet = load_workbook(io.BytesIO(client_for(reviewer).get(f"/review/HX/{YEAR}/11/export.xlsx").content)).active
    line = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "规上工业总产值")
    assert (line[2], line[3], line[4], line[9]) == ("—", None, 150, "10月累计数未填报，本月数无法得出")
    client = api_for(reviewer)
    value = next(v for v in client.get(month_url(october_blank, YEAR, 11, "values/")).json()["values"]
                 if v["indicator"] == "industrial_output")
    assert value["month_value"] is None and value["unknown_note"] == "10月累计数未填报，本月数无法得出"
    figure = next(f for f in client.get(month_url(october_blank, YEAR, 11, "figures/")).json()["figures"]
                  if f["indicator"] == "industrial_output")
    assert figure["month_value"] is None and figure["month_yoy_growth"] is None and figure["unknown_note"]


def test_january_and_february_reported_together_need_no_warning(zone, enter):
    enter(zone, YEAR, 2, {"fixed_asset_investment": "8"})
    february = figures(zone, "fixed_asset_investment", 2)
    assert february.month_value is None and february.unknown_note == "" and february.with_january
    assert statistics.month_span(february.month) == "1-2月"


def test_a_cumulative_figure_over_a_missing_month_is_unknown(zone, enter, indicators):
    tax = indicators["tax_revenue"]
    tax.entry_mode = Indicator.EntryMode.MONTH
    tax.save()
    enter(zone, YEAR, 1, {"tax_revenue": 100})
    enter(zone, YEAR, 3, {"tax_revenue": 120})
    march = figures(zone, "tax_revenue", 3)
    assert march.month_value == 120 and march.ytd_value is None and march.ytd_note == "2月当月数未填报，累计数无法得出"
    assert figures(zone, "tax_revenue", 1).ytd_value == 100


def test_a_two_month_value_is_not_taken_for_a_jump(october_blank, enter):
    # 1-11月 of 400 would be a month of 300 against last November's 10: but October is missing.
    result = enter(october_blank, YEAR, 11, {"industrial_output": 400}, confirm=False)
    assert not result.warnings


def test_the_approved_months_figures_and_fingerprint_stay_as_they_were(october_blank, staff, reviewer):
    for month in (9, 11):
        if month == 11:
            workflow.skip(zone_month(october_blank, YEAR, 10), staff, "10月未单独报送")
        workflow.submit(zone_month(october_blank, YEAR, month), staff, BLANKS_EXPLAINED)
        workflow.approve(zone_month(october_blank, YEAR, month), reviewer)
    approval = MonthTransition.objects.filter(zone_month__month=11, to_status=ZoneMonth.Status.APPROVED).get()
    assert approval.figures["industrial_output"][1] == "50"  # stored as written
    assert figures(october_blank, "industrial_output", 11).month_value is None


# --- the submission says what is missing ---------------------------------------------------------------


@pytest.fixture
def september_full(zone, enter):
    enter(zone, YEAR, 9, {"tax_revenue": 900, "fixed_asset_investment": 20, "industrial_output": 90})
    return zone


def test_a_month_with_blanks_needs_a_reason_naming_what_last_month_had(september_full, staff, reviewer, enter, client_for):
    workflow.submit(zone_month(september_full, YEAR, 9), staff, BLANKS_EXPLAINED)
    workflow.approve(zone_month(september_full, YEAR, 9), reviewer)
    enter(september_full, YEAR, 10, {"tax_revenue": 1000})
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.submit(zone_month(september_full, YEAR, 10), staff)
    message = refused.value.message
    assert refused.value.field == "reason"
    assert "23项未填" in message and "其中上月已报而本月未填的2项：规上工业总产值、固定资产投资" in message
    workflow.submit(zone_month(september_full, YEAR, 10), staff, "投资和产值统计局本月延迟发布")
    page = client_for(reviewer).get(f"/review/HX/{YEAR}/10/").content.decode()
    summary = re.search(r'data-role="review-summary".*?</section>', page, re.S).group(0)
    assert "本月24项指标已填1项，23项未填" in summary and "规上工业总产值、固定资产投资" in summary
    assert re.search(r"提交说明（staff，[0-9-]+ [0-9:]+）：<span translate=\"no\">投资和产值统计局本月延迟发布", summary)


def test_a_required_indicator_left_blank_blocks_the_submission(zone, staff, enter, indicators, api_for, month_url):
    RequiredIndicator.objects.create(zone=zone, indicator=indicators["fixed_asset_investment"])
    enter(zone, YEAR, 10, {"tax_revenue": 1000})
    with pytest.raises(workflow.TransitionRefused, match="必报指标，本月未填：固定资产投资"):
        workflow.submit(zone_month(zone, YEAR, 10), staff, "有原因也不行")
    response = api_for(staff).post(month_url(zone, YEAR, 10, "submit/"), {"reason": "x"}, format="json")
    assert response.status_code == 409 and "固定资产投资" in response.json()["message"]
    assert zone_month(zone, YEAR, 10).status == ZoneMonth.Status.DRAFT


def test_over_the_api_a_reason_is_asked_for_the_blanks(zone, staff, enter, api_for, month_url):
    enter(zone, YEAR, 10, {"tax_revenue": 1000})
    response = api_for(staff).post(month_url(zone, YEAR, 10, "submit/"), {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    assert "23项未填" in response.json()["message"]


# --- months in order ---------------------------------------------------------------------------------


def test_a_month_waits_for_the_earlier_ones(zone, staff, reviewer, enter, client_for):
    enter(zone, YEAR, 9, {"tax_revenue": 900})
    enter(zone, YEAR, 10, {"tax_revenue": 1000})
    with pytest.raises(workflow.TransitionRefused, match="2025年9月尚未提交") as refused:
        workflow.submit(zone_month(zone, YEAR, 10), staff, BLANKS_EXPLAINED)
    assert refused.value.field == "order"
    page = client_for(staff).get(f"/review/HX/{YEAR}/10/").content.decode()
    assert 'data-role="order-blocked"' in page and 'value="submit"' not in page
    workflow.submit(zone_month(zone, YEAR, 9), staff, BLANKS_EXPLAINED)
    workflow.submit(zone_month(zone, YEAR, 10), staff, BLANKS_EXPLAINED)
    # The reviewer cannot approve October while September is returned.
    workflow.return_month(zone_month(zone, YEAR, 9), reviewer, "口径有误")
    with pytest.raises(workflow.TransitionRefused, match="2025年9月尚未提交"):
        workflow.approve(zone_month(zone, YEAR, 10), reviewer)


def test_a_month_in_the_middle_with_nothing_on_record_still_waits(zone, staff, enter):
    enter(zone, YEAR, 9, {"tax_revenue": 900})
    enter(zone, YEAR, 11, {"tax_revenue": 1100})
    workflow.submit(zone_month(zone, YEAR, 9), staff, BLANKS_EXPLAINED)
    with pytest.raises(workflow.TransitionRefused, match="2025年10月尚未提交"):
        workflow.submit(zone_month(zone, YEAR, 11), staff, BLANKS_EXPLAINED)
    # Marked as not reported on its own, with a reason, October lets November go.
    workflow.skip(zone_month(zone, YEAR, 10), staff, "10月数据并入11月报送")
    workflow.submit(zone_month(zone, YEAR, 11), staff, BLANKS_EXPLAINED)
    assert zone_month(zone, YEAR, 10).status == ZoneMonth.Status.NOT_REPORTED


def test_a_zone_that_starts_mid_year_owes_no_earlier_month(zone, staff, enter):
    enter(zone, YEAR, 10, {"tax_revenue": 1000})
    workflow.submit(zone_month(zone, YEAR, 10), staff, BLANKS_EXPLAINED)
    assert zone_month(zone, YEAR, 10).status == ZoneMonth.Status.SUBMITTED


def test_only_a_month_without_figures_is_marked_not_reported_and_then_takes_none(zone, staff, enter):
    enter(zone, YEAR, 9, {"tax_revenue": 900})
    with pytest.raises(workflow.TransitionRefused, match="已有填报数据"):
        workflow.skip(zone_month(zone, YEAR, 9), staff, "x")
    with pytest.raises(workflow.TransitionRefused):
        workflow.skip(zone_month(zone, YEAR, 1), staff, "")  # a reason is required
    workflow.skip(zone_month(zone, YEAR, 1), staff, "1月合并到1-2月")
    with pytest.raises(ValuesRejected) as refused:
        enter(zone, YEAR, 1, {"tax_revenue": 100}, user=staff)
    assert "已标记为不单独报送" in refused.value.result.errors[0].message
    workflow.reopen(zone_month(zone, YEAR, 1), staff)
    enter(zone, YEAR, 1, {"tax_revenue": 100}, user=staff)


# --- a write that changes nothing is no change ------------------------------------------------------------


def test_an_unchanged_reimport_raises_no_version_nor_history(zone, staff, enter):
    enter(zone, YEAR, 9, {"tax_revenue": 900, "fixed_asset_investment": 20}, user=staff)
    enter(zone, YEAR, 10, {"tax_revenue": 1000}, user=staff)
    versions = dict(ZoneMonth.objects.values_list("month", "version"))
    data_version = data_versions(Zone.objects.filter(pk=zone.pk).with_data_version())
    history = ChangeRecord.objects.count()
    exported = export_file(get_kind("values"), staff, {"zone": "HX", "year": YEAR, "month": None}, "csv")
    report = run_import(get_kind("values"), exported, "values.csv", staff, apply=True)
    assert report.applied and report.counts["unchanged"] == 3 and report.counts["changed"] == 0
    assert dict(ZoneMonth.objects.values_list("month", "version")) == versions
    assert data_versions(Zone.objects.filter(pk=zone.pk).with_data_version()) == data_version
    assert ChangeRecord.objects.count() == history


def test_an_unchanged_save_on_the_form_and_the_api_keeps_the_etag(zone, staff, enter, client_for, api_for, month_url):
    enter(zone, YEAR, 10, {"tax_revenue": 1000}, user=staff)
    client = client_for(staff)
    page = client.get(f"/entry/HX/{YEAR}/10/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert client.post(f"/entry/HX/{YEAR}/10/", {"version": version, "v_tax_revenue": "1000"}).status_code == 302
    assert str(zone_month(zone, YEAR, 10).version) == version
    api = api_for(staff)
    etag = api.get(month_url(zone, YEAR, 10, "values/"))["ETag"]
    response = api.put(month_url(zone, YEAR, 10, "values/"), {"values": [{"indicator": "tax_revenue", "value": "1000"}]},
                       format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] == etag
    # A real change does move it.
    response = api.put(month_url(zone, YEAR, 10, "values/"), {"values": [{"indicator": "tax_revenue", "value": "1001"}]},
                       format="json", HTTP_IF_MATCH=etag)
    assert response["ETag"] != etag


def test_a_change_of_one_month_moves_the_version_of_a_later_month_it_derives(zone, staff, enter):
    enter(zone, YEAR, 9, {"tax_revenue": 900}, user=staff)
    enter(zone, YEAR, 10, {"tax_revenue": 1000}, user=staff)
    october = zone_month(zone, YEAR, 10).version
    enter(zone, YEAR, 9, {"tax_revenue": 950}, user=staff)  # October's own month: 100 → 50
    assert zone_month(zone, YEAR, 10).version == october + 1


# --- numbers read by one rule ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["6_2", "1e3", "NaN", "-Infinity"])
def test_numbers_python_would_read_are_refused_everywhere(zone, staff, client_for, api_for, month_url, typed):
    client = client_for(staff)
    page = client.get(f"/entry/HX/{YEAR}/10/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert client.post(f"/entry/HX/{YEAR}/10/", {"version": version, "v_tax_revenue": typed}).status_code == 200
    report = run_import(get_kind("values"), f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},10,{typed}\n".encode(),
                        "v.csv", staff, apply=True)
    assert not report.applied and f"不是数字：{typed}" in report.errors[0].message
    response = api_for(staff).put(month_url(zone, YEAR, 10, "values/"), {"values": [{"indicator": "tax_revenue", "value": typed}]},
                                  format="json")
    assert response.status_code == 400
    assert not MonthlyValue.objects.exists()

