"""Targets and imported figures are saved on the versions the user saw: a stale save of the
targets page, and an import confirmed after its records moved, change nothing."""

import re

from django.urls import reverse

from indicators.models import AnnualTarget, MonthlyValue
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
