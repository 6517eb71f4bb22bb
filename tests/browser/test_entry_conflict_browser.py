"""Two tabs edit the same month: the later save meets a conflict, the user resolves it field by
field, and every figure ends where it was chosen."""

from playwright.sync_api import expect

from indicators.models import MonthlyValue
from tests.conftest import PASSWORD

URL = "/entry/HX/2025/10/"


def stored(code):
    return MonthlyValue.objects.get(zone__code="HX", year=2025, month=10, indicator__code=code).ytd_value


def test_two_tabs_conflict_and_resolve(live_server, page, login, zone, staff, enter):
    enter(zone, 2025, 10, {"tax_revenue": 100, "industrial_output": 50, "fixed_asset_investment": 10})
    login("staff", PASSWORD)
    first = page
    first.goto(live_server.url + URL)
    second = page.context.new_page()
    second.goto(live_server.url + URL)

    # The second tab changes 税收收入 and 固定资产投资 and saves first.
    second.fill("#id_v_tax_revenue", "200")
    second.fill("#id_v_industrial_output", "55")
    second.fill("#id_v_fixed_asset_investment", "20")
    with second.expect_navigation():
        second.click("#save-button")
    expect(second.locator(".messages")).to_contain_text("已保存")

    # The first tab, loaded before, changes 税收收入 and 工业总产值 too.
    first.fill("#id_v_tax_revenue", "300")
    first.fill("#id_v_industrial_output", "60")
    with first.expect_navigation():
        first.click("#save-button")
    expect(first.get_by_role("alert").filter(has_text="其他人已修改")).to_be_visible()
    tax = first.locator('fieldset[data-field="v_tax_revenue"]')
    expect(tax.locator("[data-role=mine]")).to_have_text("300")
    expect(tax.locator("[data-role=theirs]")).to_have_text("200")
    expect(tax.locator('input[value="mine"]')).to_be_checked()
    output = first.locator('fieldset[data-field="v_industrial_output"]')
    expect(output.locator("[data-role=theirs]")).to_have_text("55")
    # What only the other tab changed is taken over; what the user typed is still there.
    expect(first.locator("#id_v_fixed_asset_investment")).to_have_value("20")
    expect(first.locator("#id_v_tax_revenue")).to_have_value("300")
    expect(first.locator("#id_v_industrial_output")).to_have_value("60")

    # Keep my 税收收入, take their 工业总产值.
    output.locator('input[value="theirs"]').check()
    with first.expect_navigation():
        first.click("#save-button")
    expect(first.locator(".messages")).to_contain_text("已保存")
    assert (stored("tax_revenue"), stored("industrial_output"), stored("fixed_asset_investment")) == (300, 55, 20)
    first.reload()
    expect(first.locator("#id_v_tax_revenue")).to_have_value("300")
    expect(first.locator("#id_v_industrial_output")).to_have_value("55")
    assert page.external_requests == []
