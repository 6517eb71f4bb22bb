"""How long the pages staff, reviewers and leaders use most are on a phone (390 px): the demo
zone's dashboard, the review screen of a month with three figures, the entry page filtered to a
category. Empty indicators wait behind one line rather than a card each."""

from playwright.sync_api import expect

from demo.loading import load_demo
from tests.browser.test_phone_browser import PHONE_WIDTH, phone_login, scroll_width
from tests.conftest import PASSWORD

PAGE_HEIGHT = "document.documentElement.scrollHeight"
# The width the selected option's text needs in its select, against the room the select gives it.
PICKER_FITS = """(select => {
  const probe = document.createElement("span");
  probe.style.font = getComputedStyle(select).font;
  probe.style.whiteSpace = "nowrap";
  probe.textContent = select.options[select.selectedIndex].text;
  document.body.appendChild(probe);
  const needed = probe.getBoundingClientRect().width;
  probe.remove();
  const style = getComputedStyle(select);
  return needed <= select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
})"""


def test_the_demo_dashboard_is_under_5000_px_on_a_phone(live_server, phone_page):
    load_demo(PASSWORD)
    phone_login(live_server, phone_page, "leader")
    phone_page.goto(live_server.url + "/dashboard/?zone=XB")
    expect(phone_page.locator('article[data-code="fixed_asset_investment"]')).to_be_visible()
    assert phone_page.evaluate(PAGE_HEIGHT) < 5000
    assert scroll_width(phone_page) <= PHONE_WIDTH
    # The zone picker shows the whole short name.
    picker = phone_page.locator("#id_zone")
    assert picker.evaluate("s => s.options[s.selectedIndex].text") == "西部经开区"
    assert picker.evaluate(PICKER_FITS)
    # A chart still opens on a tap, with its data download.
    card = phone_page.locator('[data-chart-card="completion"]')
    expect(card.locator("[data-role=chart-data]")).to_be_hidden()
    card.locator(".chart-show").click()
    expect(phone_page.locator("#chart-completion")).to_have_attribute("data-drawn", "1")
    expect(card.locator("[data-role=chart-data]")).to_be_visible()
    assert phone_page.external_requests == []


def test_the_review_screen_of_a_month_with_three_figures_is_under_2000_px_on_a_phone(
    live_server, phone_page, zone, staff, reviewer, enter, set_target
):
    from indicators import selectors, workflow

    for year, tax, investment in ((2024, 24000, 20), (2025, 26362, "22.32")):
        enter(zone, year, 10, {"tax_revenue": tax, "fixed_asset_investment": investment, "industrial_output": 205}, user=staff)
    set_target(zone, 2025, "tax_revenue", 30000)
    workflow.submit(selectors.zone_month(zone, 2025, 10), staff)
    phone_login(live_server, phone_page, "reviewer")
    phone_page.goto(live_server.url + "/review/HX/2025/10/")
    expect(phone_page.locator('tr[data-indicator="tax_revenue"]')).to_be_visible()
    assert phone_page.locator("tr[data-indicator]").count() == 3
    assert phone_page.evaluate(PAGE_HEIGHT) < 2000
    assert scroll_width(phone_page) <= PHONE_WIDTH
    expect(phone_page.locator("button[value=approve]")).to_be_visible()
    # The empty indicators are one tap away.
    empty = phone_page.locator("[data-role=empty-indicators]")
    size = len(selectors.catalogue())
    expect(empty.locator("summary")).to_have_text(f"其余{size - 3}项未填")
    expect(empty.get_by_text("地区生产总值")).to_be_hidden()
    empty.locator("summary").click()
    expect(empty.get_by_text("地区生产总值", exact=False)).to_be_visible()
