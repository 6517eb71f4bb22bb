"""The dashboard pages: figures on the cards, warnings, drill-down, .xlsx downloads, access per role."""

import io
import json
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.dashboard.support import approve

URL = "/dashboard/?zone=HX&year=2025&month=10"


@pytest.fixture
def seeded(seed_004_series, enter):
    enter(seed_004_series, 2024, 9, {"total_output": "200"})
    approve(seed_004_series, 2025, range(1, 9))
    return seed_004_series


def card(html: str, code: str) -> str:
    match = re.search(rf'<article class="card kpi[^"]*" data-code="{code}">(.*?)</article>', html, re.S)
    assert match, f"no card for {code}"
    return match.group(1)


def cell(html: str, name: str) -> str:
    match = re.search(rf'data-cell="{name}"[^>]*>(.*?)</(?:p|dd|span)>', html, re.S)
    assert match, f"no cell {name}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def charts(html: str) -> dict:
    block = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html, re.S).group(1)
    return {figure["id"]: figure for figure in json.loads(block)}


def test_seeded_case_cards(seeded, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    investment = card(html, "fixed_asset_investment")
    assert cell(investment, "ytd") == "22.32亿元"
    assert cell(investment, "target") == "55.00亿元"
    assert cell(investment, "completion") == "40.58%"
    assert cell(investment, "time-progress") == "83.33%"
    # Behind in colour (class) and in words with an arrow.
    assert 'class="kpi-gap behind"' in investment
    assert cell(investment, "gap") == "▼ 落后序时进度42.75个百分点"
    assert "数据截至10月" in cell(investment, "runs-to")
    assert cell(investment, "approval") == "未审核"

    output = card(html, "total_output")
    assert "数据截至9月" in cell(output, "runs-to")
    assert cell(output, "time-progress") == "75.00%"
    assert cell(output, "yoy") == "同比增长14.68%"  # 229.36 ÷ 200 − 1
    assert cell(output, "approval") == "未审核"  # September is not approved in this case
    assert "季节法" in html and "1-N月累计 × 12 ÷ N" in html  # the projection method is stated


def test_card_shows_published_growth_and_approval(zone, enter, leader, client_for):
    enter(zone, 2025, 9, {"foreign_investment": "1950.57"}, yoy={"foreign_investment": "14.77"})
    approve(zone, 2025, [9])
    html = client_for(leader).get("/dashboard/?zone=HX&year=2025&month=9").content.decode()
    fdi = card(html, "foreign_investment")
    assert cell(fdi, "yoy") == "同比增长14.77% 公布"
    assert cell(fdi, "approval") == "已审核"


def test_card_of_a_returned_month_says_returned(zone, enter, leader, client_for):
    from indicators.models import ZoneMonth

    enter(zone, 2025, 9, {"fixed_asset_investment": "20", "tax_revenue": "23000"})
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    ZoneMonth.objects.filter(zone=zone, year=2025, month=10).update(status=ZoneMonth.Status.RETURNED)
    html = client_for(leader).get(URL).content.decode()
    investment = card(html, "fixed_asset_investment")
    assert cell(investment, "approval") == "已退回" and 'class="badge returned"' in investment
    assert cell(card(html, "tax_revenue"), "approval") == "未审核"  # September, still a draft


def test_charts_drawn_from_the_figures(seeded, leader, client_for):
    figures = charts(client_for(leader).get(URL).content.decode())
    completion = figures["completion"]
    bars, progress = completion["data"]
    assert bars["x"] == ["各业总产值", "固定资产投资"]
    assert bars["text"] == ["88.22%", "40.58%"]
    assert progress["y"] == [75.0, pytest.approx(83.3333, abs=1e-3)]
    trend = figures["trend-fixed_asset_investment"]
    names = [trace["name"] for trace in trend["data"]]
    assert names[:3] == ["2024年累计", "2025年累计", "预计全年"]
    projection = trend["data"][2]
    assert projection["line"]["dash"] == "dash"
    assert projection["x"] == [10, 12]
    assert trend["layout"]["yaxis"]["title"]["text"] == "累计（亿元）"
    assert "parts-total_output" in figures


def test_warnings_link_to_the_page_that_fixes_them(seeded, leader, client_for, settings):
    settings.WARNING_GAP_POINTS = 5
    html = client_for(leader).get(URL).content.decode()
    warnings = re.search(r'<section class="warnings card".*?</section>', html, re.S).group(0)
    assert "固定资产投资 落后序时进度42.75个百分点" in warnings
    assert "/dashboard/HX/2025/10/indicator/fixed_asset_investment/" in warnings
    # Months 9 and 10 are not approved; 9 was entered (draft), 10 too: both need submitting.
    assert "2025年9月数据未报送" in warnings and 'href="/entry/HX/2025/9/"' in warnings
    assert 'href="/entry/HX/2025/10/"' in warnings
    assert "2025年8月" not in warnings


def test_indicator_page_months_and_entry_links(seeded, leader, client_for):
    response = client_for(leader).get("/dashboard/HX/2025/10/indicator/fixed_asset_investment/")
    html = response.content.decode()
    rows = re.findall(r'<tr data-month="(\d+)">(.*?)</tr>', html, re.S)
    assert [int(m) for m, _row in rows] == list(range(1, 11))
    october = dict(rows)["10"]
    assert "22.32" in october and "40.58%" in october and 'href="/entry/HX/2025/10/"' in october
    assert "2.23" in october  # 本月 = 22.32 − 20.088


def test_chart_data_as_xlsx(seeded, leader, client_for):
    response = client_for(leader).get("/dashboard/HX/2025/10/charts/completion.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="HX-2025-10-completion.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("指标", "单位", "数据截至月份")
    investment = next(row for row in rows if row[0] == "固定资产投资")
    assert investment[2] == 10 and D(str(investment[3])) == D("22.32") and D(str(investment[4])) == D("55")
    # Rounded as the cards show them, in a sheet named by the chart's title.
    assert D(str(investment[5])) == D("40.58") and D(str(investment[6])) == D("83.33")
    assert sheet.title == "完成率与序时进度"
    trend = load_workbook(io.BytesIO(client_for(leader).get("/dashboard/HX/2025/10/charts/trend-total_output.xlsx").content)).active
    september = next(row for row in trend.iter_rows(values_only=True) if row[0] == "9月")
    assert D(str(september[1])) == D("229.36") and D(str(september[2])) == D("200")
    assert client_for(leader).get("/dashboard/HX/2025/10/charts/nonsense.xlsx").status_code == 404


def test_comparison_ranks_zones(zone, other_zone, enter, set_target, city_leader, client_for):
    for z, value in ((zone, "20"), (other_zone, "40")):
        set_target(z, 2025, "fixed_asset_investment", 50)
        enter(z, 2025, 10, {"fixed_asset_investment": value})
    html = client_for(city_leader).get("/dashboard/compare/?year=2025&month=10").content.decode()
    section = re.search(r'<section class="card" data-code="fixed_asset_investment">(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'data-zone="(\w+)"', section) == ["LH", "HX"]
    assert "80.00%" in section and "40.00%" in section


def test_comparison_names_the_rank_group_its_zones_form(zone, other_zone, city_leader, leader, client_for):
    from zones.models import PeerGroup

    group = PeerGroup.objects.create(name="全市开发区", scope=PeerGroup.Scope.CITY)
    group.members.set([zone])
    assert 'id="rank-group"' not in client_for(city_leader).get("/dashboard/compare/").content.decode()
    group.members.add(other_zone)
    html = client_for(city_leader).get("/dashboard/compare/").content.decode()
    assert "这些开发区组成排名分组“全市开发区”（全市）" in html
    # A leader of one zone sees one zone, which is not the group.
    assert 'id="rank-group"' not in client_for(leader).get("/dashboard/compare/").content.decode()


@pytest.mark.parametrize("role", ["staff", "reviewer", "leader", "city_leader", "administrator"])
def test_every_role_views_its_zone(role, request, seeded, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 200
    assert client.get("/dashboard/HX/2025/10/indicator/total_output/").status_code == 200
    assert client.get("/dashboard/HX/2025/10/charts/completion.xlsx").status_code == 200
    assert client.get("/dashboard/compare/").status_code == 200


def test_outsider_gets_404_and_sees_only_their_zone(seeded, outsider, client_for):
    client = client_for(outsider)
    assert client.get(URL).status_code == 404
    assert client.get("/dashboard/HX/2025/10/indicator/total_output/").status_code == 404
    assert client.get("/dashboard/HX/2025/10/charts/completion.xlsx").status_code == 404
    html = client.get("/dashboard/").content.decode()
    assert "临海经济开发区" in html and "XX经济技术开发区" not in html
    compare = client.get("/dashboard/compare/?year=2025&month=10").content.decode()
    assert 'data-zone="HX"' not in compare


def test_anonymous_is_sent_to_login(seeded, client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_defaults_to_first_zone_and_latest_month(seeded, leader, client_for):
    html = client_for(leader).get("/dashboard/").content.decode()
    assert "XX经济技术开发区 · 2025年1-10月" in html


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_months_or_years(zone, enter, set_target, leader, client_for):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32", "total_output": "100"})
    client = client_for(leader)
    few = _page_queries(client, URL)
    for year in (2022, 2023, 2024, 2025):
        for month in range(1, 13):
            if year < 2025 or month <= 10:
                enter(zone, year, month, {"fixed_asset_investment": month * 2, "total_output": month * 10, "tax_revenue": month})
    many = _page_queries(client, URL)
    assert few == many <= 31, (few, many)


def test_project_figures_say_what_they_count_beside_the_current_stage_chart(zone, leader, client_for, enter):
    enter(zone, 2025, 9, {"fixed_asset_investment": "20"})
    html = client_for(leader).get("/dashboard/?zone=HX&year=2025&month=9").content.decode()
    note = html.split('id="project-figures-note">')[1].split("</p>")[0]
    assert "2025年1-9月内达到该阶段的项目数" in note and "按各项目现在所处的阶段计数" in note


def test_zone_picker_names_zones_by_their_short_names(zone, other_zone, city_leader, client_for):
    from zones.models import Zone

    assert [Zone(name=n).short_name for n in ("西部经济技术开发区", "临江经济开发区", "南湖高新技术产业开发区", "滨江工业园", "经济开发区")] == [
        "西部经开区", "临江经开区", "南湖高新区", "滨江工业园", "经济开发区"]
    html = client_for(city_leader).get("/dashboard/?zone=LH").content.decode()
    picker = re.search(r'<select name="zone".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", picker) == ["XX经开区", "临海经开区"]
    assert "<h1>临海经济开发区" in html  # the heading keeps the full name


def test_headline_indicators_without_figures_share_one_line(seeded, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    assert 'data-code="foreign_investment"><header' not in html  # no card of its own
    line = re.search(r'<p class="muted" data-role="no-data">(.*?)</p>', html, re.S).group(1)
    assert line.startswith("本年尚无数据：") and 'href="/dashboard/HX/2025/10/indicator/foreign_investment/"' in line
    assert "实际利用外资" in line and "固定资产投资" not in line
