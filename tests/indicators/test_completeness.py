"""The completeness overview and the month-level export."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators import selectors, workflow
from indicators.models import Indicator, ZoneMonth
from zones.models import Zone
from tests.conftest import BLANKS_EXPLAINED
from tests.queries import assert_queries, page_queries

YEAR = 2025


def test_shows_status_and_empty_indicators(zone, staff, reviewer, leader, client_for, enter, today):
    today("2026-06-15")  # the picker offers the three years before the day's
    enter(zone, YEAR, 3, {code: 1 for code in Indicator.objects.active().values_list("code", flat=True)})
    enter(zone, YEAR, 4, {"tax_revenue": 100})
    workflow.submit(selectors.zone_month(zone, YEAR, 3), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(zone, YEAR, 3), reviewer)
    html = client_for(leader).get(f"/review/?year={YEAR}").content.decode()
    march = html.split('data-month="3"')[1].split("</tr>")[0]
    april = html.split('data-month="4"')[1].split("</tr>")[0]
    may = html.split('data-month="5"')[1].split("</tr>")[0]
    assert "已审核" in march and "已全部填报" in march
    assert "草稿" in april and "规上工业总产值" in april and "税收收入" not in april
    assert "全部未填" in may
    # The column says both what its cells count (已填n/N项) and what they list (the indicators left).
    assert re.search(r"已填1/\d+项", april) and "</summary>\n          未填：" in april
    assert "<th>填报情况（未填的指标）</th>" in html
    assert 'data-month="12"' in html  # a past year shows every month
    assert re.findall(r'<option value="(\d+)" selected>', html) == [str(YEAR)]


@pytest.mark.parametrize("role, sees_other", [
    ("staff", False), ("reviewer", False), ("leader", False), ("city_leader", True), ("administrator", True), ("outsider", True),
])
def test_each_role_sees_only_its_zones(request, zone, other_zone, client_for, role, sees_other):
    user = request.getfixturevalue(role)
    html = client_for(user).get(f"/review/?year={YEAR}").content.decode()
    assert ('data-zone="LH"' in html) is sees_other
    assert ('data-zone="HX"' in html) is (role != "outsider")


def test_query_count_does_not_grow_with_zones(zone, city_leader, client_for, enter):
    client = client_for(city_leader)
    client.get("/review/")  # warm the session and content types
    one = page_queries(client, f"/review/?year={YEAR}")
    for n in range(6):
        extra = Zone.objects.create(code=f"Z{n}", name=f"测试区{n}")
        enter(extra, YEAR, 5, {"tax_revenue": 10 + n})
        ZoneMonth.objects.filter(zone=extra).update(status="submitted")
    seven = page_queries(client, f"/review/?year={YEAR}")
    assert client.get(f"/review/?year={YEAR}").content.decode().count('data-zone="Z') == 6 * 12
    assert_queries(6, zones_1=one, zones_7=seven)


def test_bad_year_falls_back(zone, leader, client_for):
    assert client_for(leader).get("/review/?year=abc").status_code == 200


def test_month_export_in_the_upward_layout(zone, leader, client_for, enter, set_target):
    set_target(zone, YEAR, "fixed_asset_investment", 55, unit="亿元")
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    enter(zone, YEAR, 9, {"tax_revenue": 23000, "tax_national": 17000})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "tax_revenue": 26362, "tax_national": 20136, "tax_local": 6226})
    response = client_for(leader).get(f"/review/HX/{YEAR}/10/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[3]]
    assert headers == ["指标", "单位", "本月", "同比增长(%)", "1-本月", "同比增长(%)", "年度目标", "完成率(%)", "序时进度", "说明"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    tax = rows["税收收入"]
    assert tax[1].value == "万元"
    assert Decimal(str(tax[2].value)) == Decimal("3362")
    assert Decimal(str(tax[4].value)) == Decimal("26362")
    assert Decimal(str(tax[6].value)) == Decimal("30000")
    assert Decimal(str(tax[7].value)) == Decimal("87.87")
    investment = rows["固定资产投资"]
    assert Decimal(str(investment[7].value)) == Decimal("40.58")
    assert investment[8].value == "落后序时进度42.75个百分点"
    # Investment has no 1-9月: its October cannot be told apart, and the sheet says why.
    assert (investment[2].value, investment[9].value) == ("—", "9月累计数未填报，本月数无法得出")
    assert rows["其中国税"][0].alignment.indent > 0
    assert tax[0].alignment.indent == 0


def test_month_export_is_zone_scoped(zone, outsider, client_for):
    assert client_for(outsider).get(f"/review/HX/{YEAR}/10/export.xlsx").status_code == 404


def test_month_export_escapes_formula_text_in_every_sheet(zone, leader, client_for, enter, indicators):
    zone.name = '=HYPERLINK("http://evil.example","点我")'
    zone.save()
    indicator = indicators["tax_revenue"]
    indicator.name_zh = "@SUM(1+1)"
    indicator.save()
    enter(zone, YEAR, 10, {"tax_revenue": 26362})
    book = load_workbook(io.BytesIO(client_for(leader).get(f"/review/HX/{YEAR}/10/export.xlsx").content))
    texts = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'@SUM(1+1)" in texts and any(text.startswith("'=HYPERLINK") for text in texts)
    assert not any(text.startswith(("=", "+", "@")) for text in texts)


def test_month_export_prints_one_landscape_page_wide(zone, leader, client_for, enter):
    enter(zone, YEAR, 10, {"tax_revenue": 26362})
    sheet = load_workbook(io.BytesIO(client_for(leader).get(f"/review/HX/{YEAR}/10/export.xlsx").content)).active
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
