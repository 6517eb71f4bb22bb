"""The monthly entry page: figures shown, checks at the field, and who may do what."""

import re

import pytest
from django.test import Client

from indicators.models import MonthlyValue, ZoneMonth
from tests.queries import assert_queries, page_queries

YEAR, MONTH = 2025, 10
URL = f"/entry/HX/{YEAR}/{MONTH}/"
PREVIEW = URL + "preview/"


def post_data(client, url=URL, **figures):
    """The page's own form data (version and all fields), with `figures` typed in."""
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"version": version}
    data.update({f"v_{code}": str(value) for code, value in figures.items()})
    return data


def cell(html, code, name):
    row = re.search(rf'<tr data-code="{code}".*?</tr>', html, re.S).group(0)
    return re.sub(r"<[^>]+>", "", re.search(rf'data-cell="{name}"[^>]*>(.*?)</td>', row, re.S).group(1)).strip()


def test_seed_october_figures_typed_into_the_form(zone, staff, client_for, set_target):
    set_target(zone, YEAR, "fixed_asset_investment", 55, unit="亿元")
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    client = client_for(staff)
    response = client.post(URL, post_data(client, fixed_asset_investment="22.32", tax_revenue="26362", tax_national="20136", tax_local="6226"))
    assert response.status_code == 302
    html = client.get(URL).content.decode()
    assert cell(html, "fixed_asset_investment", "completion") == "40.58%"
    assert cell(html, "fixed_asset_investment", "gap") == "落后序时进度42.75个百分点"
    assert cell(html, "tax_revenue", "completion") == "87.87%"
    assert cell(html, "tax_revenue", "target") == "30000"


def test_live_preview_computes_without_saving(zone, staff, client_for, set_target):
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    client = client_for(staff)
    data = client.post(PREVIEW, post_data(client, fixed_asset_investment="22.32")).json()
    assert data["rows"]["fixed_asset_investment"]["completion"] == "40.58%"
    assert data["rows"]["fixed_asset_investment"]["gap_class"] == "behind"
    assert not MonthlyValue.objects.exists()


@pytest.mark.parametrize(
    "figures, field, message",
    [
        ({"tax_revenue": "abc"}, "tax_revenue", "请填写数字"),
        ({"tax_revenue": "-5"}, "tax_revenue", "不能为负数"),
        ({"tax_revenue": "100", "tax_national": "200"}, "tax_national", "不能大于税收收入"),
    ],
)
def test_hard_errors_block_the_save_and_show_at_the_field(zone, staff, client_for, figures, field, message):
    client = client_for(staff)
    response = client.post(URL, post_data(client, **figures))
    assert response.status_code == 200
    row = re.search(rf'<tr data-code="{field}".*?</tr>', response.content.decode(), re.S).group(0)
    assert "has-error" in row and message in row
    assert not MonthlyValue.objects.exists()


def test_ytd_below_last_month_blocks_the_save(zone, staff, client_for, enter):
    enter(zone, YEAR, MONTH - 1, {"tax_revenue": 5000})
    client = client_for(staff)
    response = client.post(URL, post_data(client, tax_revenue="4000"))
    assert "1-10月累计不能小于1-9月累计5000万元" in response.content.decode()
    assert MonthlyValue.objects.count() == 1


def jump_base(enter, zone):
    """Last October's own output of 10, and this September's 1-9月 of 0: October's 100 is then a
    month ten times last year's (a month's own figure needs the month before)."""
    enter(zone, YEAR - 1, MONTH - 1, {"industrial_output": 0})
    enter(zone, YEAR - 1, MONTH, {"industrial_output": 10})
    enter(zone, YEAR, MONTH - 1, {"industrial_output": 0})


def test_warning_needs_a_confirming_click(zone, staff, client_for, enter):
    jump_base(enter, zone)
    client = client_for(staff)
    data = post_data(client, industrial_output="100")
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200 and "相差超过3倍" in html and 'name="confirm_warnings"' in html
    assert not MonthlyValue.objects.filter(year=YEAR, month=MONTH).exists()
    response = client.post(URL, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert MonthlyValue.objects.get(year=YEAR, month=MONTH).ytd_value == 100


def test_second_save_from_a_stale_page_is_told_of_the_conflict(zone, staff, client_for):
    first, second = client_for(staff), client_for(staff)
    stale = post_data(second, tax_revenue="300")
    assert first.post(URL, post_data(first, tax_revenue="200")).status_code == 302
    response = second.post(URL, stale)
    assert response.status_code == 200 and "其他人已修改" in response.content.decode()
    assert MonthlyValue.objects.get().ytd_value == 200


def test_saved_values_show_their_history(zone, staff, client_for):
    client = client_for(staff)
    client.post(URL, post_data(client, tax_revenue="200"))
    client.post(URL, post_data(client, tax_revenue="250"))
    html = client.get(URL).content.decode()
    row = re.search(r'<tr data-code="tax_revenue".*?</tr>', html, re.S).group(0)
    assert 'value="250"' in row and "200 → 250" in row and "staff" in row


def test_a_new_value_shows_who_entered_it_first(zone, staff, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 100}, user=staff, channel="import")
    client = client_for(staff)
    row = re.search(r'<tr data-code="tax_revenue".*?</tr>', client.get(URL).content.decode(), re.S).group(0)
    assert "1条修改记录" in row and re.search(r"<li>[\d: -]+ staff（导入）首次录入</li>", row)
    client.post(URL, post_data(client, tax_revenue="150"))
    row = re.search(r'<tr data-code="tax_revenue".*?</tr>', client.get(URL).content.decode(), re.S).group(0)
    assert "2条修改记录" in row and row.index("100 → 150") < row.index("（导入）首次录入")


def test_a_value_saved_many_times_lists_its_latest_changes(zone, staff, client_for, enter):
    for value in range(1, 9):
        enter(zone, YEAR, MONTH, {"tax_revenue": value * 10}, user=staff)
    html = client_for(staff).get(URL).content.decode()
    row = re.search(r'<tr data-code="tax_revenue".*?</tr>', html, re.S).group(0)
    assert "8条修改记录（显示最近5条）" in row
    changes = re.findall(r"：(\S+) → (\S+)</li>", row)
    assert changes == [("70", "80"), ("60", "70"), ("50", "60"), ("40", "50"), ("30", "40")]


def test_locked_month_is_read_only(zone, staff, client_for, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 100})
    ZoneMonth.objects.filter(zone=zone).update(status=ZoneMonth.Status.APPROVED)
    client = client_for(staff)
    html = client.get(URL).content.decode()
    assert "已审核，数据已锁定" in html and 'name="v_tax_revenue"' in html and "disabled" in html
    response = client.post(URL, {"version": "1", "v_tax_revenue": "999"})
    assert response.status_code == 200 and "请联系审核员退回该月" in response.content.decode()
    assert MonthlyValue.objects.get().ytd_value == 100


def test_entry_page_query_count_does_not_grow_with_history(zone, staff, client_for, enter):
    client = client_for(staff)
    client.get(URL)
    enter(zone, YEAR, MONTH, {"tax_revenue": 10, "fixed_asset_investment": 1})
    one_change = page_queries(client, URL)
    for value in range(2, 7):
        enter(zone, YEAR, MONTH, {"tax_revenue": value * 10, "fixed_asset_investment": value})
    six_changes = page_queries(client, URL)
    assert_queries(10, changes_1=one_change, changes_6=six_changes)


# --- permission matrix: every role against every view --------------------------------------

ROLES = ["anonymous", "staff", "reviewer", "leader", "city_leader", "administrator", "outsider"]
EXPECTED = {
    # view: {role: status}
    "pick": {"anonymous": 302, "staff": 200, "reviewer": 200, "leader": 200, "city_leader": 200, "administrator": 200, "outsider": 200},
    "month_get": {"anonymous": 302, "staff": 200, "reviewer": 200, "leader": 200, "city_leader": 200, "administrator": 200, "outsider": 404},
    "month_post": {"anonymous": 302, "staff": 302, "reviewer": 403, "leader": 403, "city_leader": 403, "administrator": 302, "outsider": 404},
    "preview": {"anonymous": 302, "staff": 200, "reviewer": 403, "leader": 403, "city_leader": 403, "administrator": 200, "outsider": 404},
    "admin": {"anonymous": 302, "staff": 302, "reviewer": 302, "leader": 302, "city_leader": 302, "administrator": 200, "outsider": 302},
}


@pytest.mark.parametrize("view", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, zone, other_zone, view, role):
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    if view == "pick":
        response = client.get("/entry/")
    elif view == "month_get":
        response = client.get(URL)
    elif view == "month_post":
        response = client.post(URL, {"version": "0", "v_tax_revenue": "100"})
    elif view == "preview":
        response = client.post(PREVIEW, {"version": "0", "v_tax_revenue": "100"})
    else:
        response = client.get("/admin/indicators/monthlyvalue/")
    assert response.status_code == EXPECTED[view][role]
    saved = MonthlyValue.objects.exists()
    assert saved == (view == "month_post" and EXPECTED[view][role] == 302 and role != "anonymous")


def test_zone_picker_lists_only_the_users_zones(zone, other_zone, outsider, client_for):
    html = client_for(outsider).get("/entry/").content.decode()
    assert other_zone.name in html and zone.name not in html


def test_targets_page_converts_units_and_keeps_history(zone, staff, client_for):
    from indicators.models import AnnualTarget

    client = client_for(staff)
    response = client.post("/targets/HX/2025/", {"t_tax_revenue": "3", "u_tax_revenue": "亿元", "t_total_output": "260"})
    assert response.status_code == 302
    assert AnnualTarget.objects.get(indicator__code="tax_revenue").target_value == 30000
    html = client.get("/targets/HX/2025/").content.decode()
    assert 'value="30000"' in html and "→ 30000" in html
    # Each target's unit picker shows the unit it is kept in, one chosen per row.
    unit = re.search(r'<select name="u_tax_revenue".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)" selected>', unit) == ["万元"]


def test_targets_page_refuses_bad_input_at_the_field(zone, staff, client_for):
    from indicators.models import AnnualTarget

    response = client_for(staff).post("/targets/HX/2025/", {"t_tax_revenue": "5", "t_total_output": "x"})
    assert response.status_code == 200 and "请填写数字" in response.content.decode()
    assert not AnnualTarget.objects.exists()
    response = client_for(staff).post("/targets/HX/2025/", {"t_tax_revenue": "0"})
    assert "年度目标须大于0" in response.content.decode()


@pytest.mark.parametrize("role, get_status, post_status", [
    ("staff", 200, 302), ("reviewer", 200, 403), ("leader", 200, 403), ("city_leader", 200, 403),
    ("administrator", 200, 302), ("outsider", 404, 404),
])
def test_targets_permissions(request, zone, other_zone, role, get_status, post_status):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    assert client.get("/targets/HX/2025/").status_code == get_status
    assert client.post("/targets/HX/2025/", {"t_tax_revenue": "3"}).status_code == post_status


def not_saved_message(html):
    return html.split('data-role="not-saved">')[1].split("</div>")[0]


def test_errors_and_warnings_say_on_top_that_nothing_was_saved(zone, staff, client_for, enter):
    jump_base(enter, zone)
    client = client_for(staff)
    html = client.post(URL, post_data(client, industrial_output="100")).content.decode()
    assert "未保存：下方有需要核实的提示" in not_saved_message(html)
    html = client.post(URL, post_data(client, industrial_output="abc")).content.decode()
    assert "未保存：有1处需要修改" in not_saved_message(html)
    # The message stands above the table, where the page opens.
    assert html.index('data-role="not-saved"') < html.index('data-code="industrial_output"')
    assert not MonthlyValue.objects.filter(year=YEAR, month=MONTH).exists()
