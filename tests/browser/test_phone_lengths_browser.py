"""How long the pages staff, reviewers and leaders use most are on a phone (390 px): the demo
zone's dashboard, the review screen of a month with three figures, the entry page filtered to a
category. Empty indicators wait behind one line rather than a card each."""

from playwright.sync_api import expect

from demo.loading import load_demo
from tests.browser.test_phone_browser import PHONE_WIDTH, phone_login, scroll_width
from tests.conftest import BLANKS_EXPLAINED, PASSWORD

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
    workflow.submit(selectors.zone_month(zone, 2025, 10), staff, BLANKS_EXPLAINED)
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


def test_staff_filter_the_entry_page_to_a_category_on_a_phone_and_save_it(live_server, phone_page, zone, staff, enter):
    from indicators.models import MonthlyValue

    enter(zone, 2025, 10, {"tax_revenue": 26362, "signed_projects": 2}, user=staff)
    phone_login(live_server, phone_page, "staff")
    phone_page.goto(live_server.url + "/entry/HX/2025/10/")
    whole = phone_page.evaluate(PAGE_HEIGHT)
    assert whole < 6000  # every indicator a short card (9,199 px before)
    phone_page.locator('[data-role=category-filter] a[data-category="promotion"]').click()
    expect(phone_page.locator("section#category-promotion")).to_be_visible()
    expect(phone_page.locator("section#category-economy")).to_be_hidden()
    assert phone_page.evaluate(PAGE_HEIGHT) < 1600
    assert phone_page.url.endswith("/entry/HX/2025/10/#category-promotion")
    phone_page.fill("#id_v_signed_projects", "3")
    with phone_page.expect_navigation():
        phone_page.click("#save-button")
    expect(phone_page.locator("ul.messages")).to_contain_text("已保存")
    # The other categories were sent as they were: nothing else changed, and the filter is kept.
    values = dict(MonthlyValue.objects.filter(zone=zone, year=2025, month=10).values_list("indicator__code", "ytd_value"))
    assert values == {"tax_revenue": 26362, "signed_projects": 3}
    expect(phone_page.locator("section#category-economy")).to_be_hidden()
    phone_page.locator('[data-role=category-filter] a[data-category=""]').click()
    expect(phone_page.locator("section#category-economy")).to_be_visible()
    assert scroll_width(phone_page) <= PHONE_WIDTH
