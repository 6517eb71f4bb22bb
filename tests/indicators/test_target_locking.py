"""Targets and imported figures are saved on the versions the user saw: a stale save of the
targets page, and an import confirmed after its records moved, change nothing."""

import re

import pytest

from django.urls import reverse

from indicators import selectors, workflow
from indicators.models import AnnualTarget, MonthlyValue
from tests.conftest import BLANKS_EXPLAINED
from tests.projects.test_record_locking import preview

URL = "/targets/HX/2025/"


def page_data(html):
    return {name: value for name, value in re.findall(r'<input type="hidden" name="(tv_\w+)" value="(-?\d+)"', html)}


def target(code):
    return AnnualTarget.objects.get(zone__code="HX", year=2025, indicator__code=code).target_value


def test_a_stale_targets_save_shows_the_stored_target_and_the_next_save_succeeds(zone, staff, client_for, set_target):
    set_target(zone, 2025, "tax_revenue", 20000)
    client = client_for(staff)
    loaded = page_data(client.get(URL).content.decode())
    set_target(zone, 2025, "tax_revenue", 25000)
    response = client.post(URL, {**loaded, "t_tax_revenue": "30000", "t_gdp": "100"})
    html = response.content.decode()
    assert response.status_code == 200 and "其他人已修改并保存了下列年度目标" in html
    row = re.search(r'<tr[^>]*data-code="tax_revenue">.*?</tr>', html, re.S).group(0)
    assert 'value="30000"' in row and "当前保存的值：25000" in row
    assert target("tax_revenue") == 25000 and not AnnualTarget.objects.filter(indicator__code="gdp").exists()
    resolved = page_data(html)
    assert resolved["tv_tax_revenue"] == "1"
    assert client.post(URL, {**resolved, "t_tax_revenue": "30000", "t_gdp": "100"}).status_code == 302
    assert target("tax_revenue") == 30000 and target("gdp") == 100


def test_a_target_changed_between_preview_and_confirm_is_not_overwritten(zone, staff, client_for, set_target):
    set_target(zone, 2025, "tax_revenue", 20000)
    client = client_for(staff)
    token = preview(client, "targets", [["开发区", "指标", "年份", "目标"], ["HX", "tax_revenue", "2025", "30000"], ["HX", "gdp", "2025", "9"]])
    set_target(zone, 2025, "tax_revenue", 25000)
    html = client.post(reverse("dataio:confirm"), {"token": token}).content.decode()
    assert re.search(r"第2行[^<]*自预览以来，这条数据已被他人修改", html) and "第3行" not in html
    assert target("tax_revenue") == 25000 and not AnnualTarget.objects.filter(indicator__code="gdp").exists()


def test_a_month_changed_between_preview_and_confirm_is_not_overwritten(zone, staff, client_for, enter):
    client = client_for(staff)
    rows = [["开发区", "指标", "年份", "月份", "数值"], ["HX", "tax_revenue", "2025", "10", "300"], ["HX", "tax_revenue", "2025", "9", "200"]]
    token = preview(client, "values", rows)
    enter(zone, 2025, 10, {"industrial_output": 50})
    html = client.post(reverse("dataio:confirm"), {"token": token}).content.decode()
    assert re.search(r"第2行[^<]*自预览以来，这条数据已被他人修改", html) and not re.search(r"第3行[^<]*自预览以来", html)
    assert not MonthlyValue.objects.filter(indicator__code="tax_revenue").exists()
    # Unchanged since its preview, the same file applies.
    token = preview(client, "values", rows)
    assert client.post(reverse("dataio:confirm"), {"token": token}).status_code == 302
    assert MonthlyValue.objects.get(indicator__code="tax_revenue", month=10).ytd_value == 300


# --- a year's targets are frozen once one of its months is approved --------------------------------


def approve(zone, month, staff, reviewer):
    workflow.submit(selectors.zone_month(zone, 2025, month), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(zone, 2025, month), reviewer)


FROZEN = "XX经济技术开发区2025年1月至2月、4月已审核，该年度目标已锁定"


@pytest.fixture
def frozen_year(zone, staff, reviewer, set_target):
    set_target(zone, 2025, "tax_revenue", 20000)
    for month in (1, 2, 4):
        if month == 4:  # March is not reported on its own: April may go after February
            workflow.skip(selectors.zone_month(zone, 2025, 3), staff, "3月数据并入4月报送")
        approve(zone, month, staff, reviewer)


def test_the_targets_page_refuses_a_change_once_a_month_is_approved(zone, staff, reviewer, client_for, frozen_year, set_target):
    client = client_for(staff)
    page = client.get(URL).content.decode()
    assert "2025年1月至2月、4月已审核，本年度目标已锁定" in page and "保存年度目标" not in page
    assert re.search(r'name="t_tax_revenue"[^>]*disabled', page)
    # A post made all the same: the unchanged target passes, a changed or new one is refused beside it.
    response = client.post(URL, {**page_data(page), "t_tax_revenue": "20000", "t_gdp": "100"})
    html = response.content.decode()
    row = re.search(r'<tr[^>]*data-code="gdp">.*?</tr>', html, re.S).group(0)
    assert response.status_code == 200 and FROZEN in row and "请联系审核员退回这些月份" in row
    assert client.post(URL, {**page_data(page), "t_tax_revenue": "25000"}).status_code == 200
    assert target("tax_revenue") == 20000 and not AnnualTarget.objects.filter(indicator__code="gdp").exists()
    assert client.post(URL, {**page_data(page), "t_tax_revenue": "20000"}).status_code == 302  # given again unchanged
    # Another year, and the year once its approved months are returned, take changes again.
    set_target(zone, 2026, "tax_revenue", 1)
    from indicators import selectors, workflow

    for month in (1, 2, 4):
        workflow.unlock(selectors.zone_month(zone, 2025, month), reviewer, "目标调整")
    assert client.post(URL, {**page_data(client.get(URL).content.decode()), "t_tax_revenue": "25000"}).status_code == 302
    assert target("tax_revenue") == 25000


def test_an_import_of_a_frozen_years_targets_is_refused_unless_unchanged(zone, staff, frozen_year):
    from dataio.registry import get_kind
    from dataio.services import run_import

    def run(rows):
        data = "\n".join(",".join(row) for row in [["zone", "indicator", "year", "target"], *rows]).encode()
        return run_import(get_kind("targets"), data, "t.csv", staff, apply=True)

    report = run([["HX", "tax_revenue", "2025", "20000"], ["HX", "gdp", "2026", "9"]])  # 2025's given again unchanged
    assert report.applied, [str(e) for e in report.errors]
    preview = run_import(get_kind("targets"), b"zone,indicator,year,target\nHX,tax_revenue,2025,30000\n", "t.csv", staff, apply=False)
    assert [str(e) for e in preview.errors] == [f"第2行 目标: {FROZEN}（已审核月份的完成率按它计算）；如需调整，请联系审核员退回这些月份"]
    assert not run([["HX", "tax_revenue", "2025", "30000"], ["HX", "gdp", "2026", "10"]]).applied
    assert target("tax_revenue") == 20000
    assert AnnualTarget.objects.get(indicator__code="gdp").target_value == 9


def test_the_service_refuses_a_frozen_target_whatever_the_channel(zone, frozen_year, set_target):
    from indicators import target_services

    with pytest.raises(target_services.TargetsRejected) as rejected:
        set_target(zone, 2025, "gdp", 100)
    assert FROZEN in rejected.value.errors[0][2]
    assert not AnnualTarget.objects.filter(indicator__code="gdp").exists()
