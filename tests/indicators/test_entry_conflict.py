"""A save conflict on the monthly entry page loses no work: the page shows the other person's
value beside the user's, saves on the new version, and each figure ends where it was chosen."""

import html
import re

import pytest

from indicators.models import MonthlyValue, ZoneMonth

YEAR, MONTH = 2025, 10
URL = f"/entry/HX/{YEAR}/{MONTH}/"


def form_data(page: str) -> dict:
    """Every input of the entry form as the browser would post it (radios: the checked one)."""
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or " disabled" in tag:
            continue
        if 'type="radio"' in tag and " checked" not in tag:
            continue
        if 'type="checkbox"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[html.unescape(name.group(1))] = html.unescape(value.group(1)) if value else ""
    return data


def stored(code):
    return MonthlyValue.objects.get(zone__code="HX", year=YEAR, month=MONTH, indicator__code=code).ytd_value


@pytest.fixture
def month_entered(zone, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 100, "industrial_output": 50, "fixed_asset_investment": 10})


@pytest.mark.parametrize("choice, tax_revenue", [("mine", 300), ("theirs", 200)])
def test_a_conflict_shows_both_values_and_saves_on_the_new_version(month_entered, staff, client_for, choice, tax_revenue):
    a, b = client_for(staff), client_for(staff)
    mine = form_data(a.get(URL).content.decode())
    theirs = form_data(b.get(URL).content.decode())
    theirs.update(v_tax_revenue="200", v_fixed_asset_investment="20")
    assert b.post(URL, theirs).status_code == 302
    new_version = ZoneMonth.objects.get(zone__code="HX", year=YEAR, month=MONTH).version

    mine.update(v_tax_revenue="300", v_industrial_output="60")
    response = a.post(URL, mine)
    page = response.content.decode()
    assert response.status_code == 200 and "其他人已修改" in page
    assert stored("tax_revenue") == 200 and stored("industrial_output") == 50
    # Both changed 税收收入: both values, keep mine checked.
    conflict = re.search(r'<fieldset class="conflict"[^>]*data-field="v_tax_revenue".*?</fieldset>', page, re.S).group(0)
    assert re.search(r'value="mine" checked> 保留我的：<span data-role="mine">300</span>', conflict)
    assert '采用最新：<span data-role="theirs">200</span>' in conflict
    # Only the other person changed 固定资产投资: it now holds their value; nobody else changed 工业总产值: it keeps mine.
    resolved = form_data(page)
    assert resolved["version"] == str(new_version)
    assert resolved["v_fixed_asset_investment"] == "20" and "由10改为20" in page
    assert resolved["v_industrial_output"] == "60" and 'data-field="v_industrial_output"' not in page
    assert resolved["r_v_tax_revenue"] == "mine"

    resolved["r_v_tax_revenue"] = choice
    assert a.post(URL, resolved).status_code == 302
    assert stored("tax_revenue") == tax_revenue
    assert stored("industrial_output") == 60
    assert stored("fixed_asset_investment") == 20


def test_a_second_conflict_while_resolving_is_shown_again(month_entered, staff, client_for, enter, zone):
    a = client_for(staff)
    mine = form_data(a.get(URL).content.decode())
    enter(zone, YEAR, MONTH, {"tax_revenue": 200})
    mine["v_tax_revenue"] = "300"
    resolved = form_data(a.post(URL, mine).content.decode())
    enter(zone, YEAR, MONTH, {"tax_revenue": 250})
    page = a.post(URL, resolved).content.decode()
    assert "其他人已修改" in page and '<span data-role="theirs">250</span>' in page and stored("tax_revenue") == 250
    again = form_data(page)
    assert a.post(URL, again).status_code == 302 and stored("tax_revenue") == 300
