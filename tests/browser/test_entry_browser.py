"""The staff journey on the monthly entry page, in a real browser."""

import re

from playwright.sync_api import expect

from indicators.models import MonthlyValue
from tests.browser.test_review_browser import sign_in
from tests.conftest import PASSWORD

URL = "/entry/HX/2025/10/"


def paste(page, selector, text):
    """Paste `text` into the field as Excel would put a copied column on the clipboard."""
    page.locator(selector).focus()
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.querySelector(selector).dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, text],
    )


def test_staff_types_pastes_sees_errors_and_warnings_saves_and_finds_history(
    live_server, page, login, zone, staff, enter, set_target
):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    # Last October's own output of 10; this September's 1-9月 of 0 (a month's own figure needs it).
    enter(zone, 2024, 9, {"industrial_output": "0"})
    enter(zone, 2024, 10, {"industrial_output": "10"})
    enter(zone, 2025, 9, {"industrial_output": "0"})
    login("staff", PASSWORD)
    page.goto(live_server.url + URL)

    # Typing a figure shows the statistics at once.
    page.fill("#id_v_fixed_asset_investment", "22.32")
    row = page.locator('tr[data-code="fixed_asset_investment"]')
    expect(row.locator('[data-cell="completion"]')).to_have_text("40.58%")
    expect(row.locator('[data-cell="gap"]')).to_have_text("落后序时进度42.75个百分点")

    # Enter moves down the column.
    page.press("#id_v_fixed_asset_investment", "Enter")
    expect(page.locator("#id_v_tax_revenue")).to_be_focused()

    # A column copied from Excel fills consecutive fields: 税收收入, 其中国税, 其中地税.
    paste(page, "#id_v_tax_revenue", "26,362\n20136\n6226\n")
    expect(page.locator("#id_v_tax_national")).to_have_value("20136")
    expect(page.locator("#id_v_tax_local")).to_have_value("6226")
    expect(page.locator("#id_v_tax_revenue")).to_have_value("26362")

    # A hard error: a part larger than its whole, shown at the field, blocks the save.
    page.fill("#id_v_tax_national", "30000")
    national = page.locator('tr[data-code="tax_national"]')
    expect(national.locator("[data-role=errors]")).to_contain_text("不能大于税收收入")
    page.click("#save-button")
    expect(page.locator('tr[data-code="tax_national"] [data-role=errors]')).to_contain_text("不能大于税收收入")
    assert not MonthlyValue.objects.filter(year=2025, month=10).exists()
    page.fill("#id_v_tax_national", "20136")

    # A warning: ten times last October's output needs a confirming click.
    page.fill("#id_v_industrial_output", "100")
    page.click("#save-button")
    expect(page.locator('tr[data-code="industrial_output"] [data-role=warnings]')).to_contain_text("相差超过3倍")
    assert not MonthlyValue.objects.filter(year=2025, month=10).exists()
    page.check("#id_confirm_warnings")
    page.click("#save-button")
    expect(page.locator(".messages")).to_contain_text("已保存")

    # Reload: the values and their history are there.
    page.reload()
    expect(page.locator("#id_v_fixed_asset_investment")).to_have_value("22.32")
    expect(page.locator("#id_v_tax_revenue")).to_have_value("26362")
    history = page.locator('tr[data-code="tax_revenue"] details')
    history.locator("summary").click()
    expect(history).to_contain_text(re.compile(r"staff（表单）首次录入"))
    assert MonthlyValue.objects.get(year=2025, indicator__code="tax_local").ytd_value == 6226
    assert page.external_requests == []


UNIT_LINES = """Array.from(document.querySelectorAll("table.entry-table td[data-label=单位]")).map(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return [cell.textContent.trim(), new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size];
})"""


def test_each_unit_stays_on_one_line_at_1366_px(browser, live_server, zone, staff, enter, set_target):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    set_target(zone, 2025, "tax_revenue", 30000)
    for year in (2024, 2025):
        enter(zone, year, 10, {"fixed_asset_investment": "22.32", "tax_revenue": 26362, "tax_national": 20136, "total_output": "229.36"})
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "staff")
    page.goto(live_server.url + URL)
    units = page.evaluate(UNIT_LINES)
    assert units and all(lines == 1 for _unit, lines in units), [u for u in units if u[1] > 1]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    context.close()
