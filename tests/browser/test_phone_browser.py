"""A leader's pages at 390 px: no sideways scroll, the menu folded, the charts behind a tap."""

from playwright.sync_api import expect

from tests.browser.test_dashboard_browser import seed
from tests.conftest import PASSWORD

PHONE_WIDTH = 390


def phone_login(live_server, page, username):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_compare_fits_a_phone_with_every_column_on_screen(live_server, phone_page, zone, other_zone, city_leader, enter, set_target):
    seed(zone, other_zone, enter, set_target)
    phone_login(live_server, phone_page, "city_leader")
    phone_page.goto(live_server.url + "/dashboard/compare/?year=2025&month=10")
    assert scroll_width(phone_page) <= PHONE_WIDTH
    row = phone_page.locator('section[data-code="fixed_asset_investment"] tr[data-zone="HX"]')
    for label in ("完成率", "同比", "序时进度"):
        cell = row.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert phone_page.external_requests == []


def test_phone_dashboard_shows_cards_and_warnings_first_and_draws_a_chart_on_tap(
    live_server, phone_page, zone, other_zone, leader, enter, set_target
):
    seed(zone, other_zone, enter, set_target)
    phone_login(live_server, phone_page, "leader")
    phone_page.goto(live_server.url + "/dashboard/?zone=HX&year=2025&month=10")
    expect(phone_page.locator('article[data-code="fixed_asset_investment"]')).to_be_visible()
    # Nothing drawn yet: every chart waits behind its button, so the warnings follow the cards closely.
    expect(phone_page.locator(".chart-show").first).to_be_visible()
    assert phone_page.locator(".chart[data-drawn]").count() == 0
    assert phone_page.locator("#chart-completion").is_hidden()
    warnings_top = phone_page.locator("#warnings").bounding_box()["y"]
    charts_top = phone_page.locator("#charts-title").bounding_box()["y"]
    assert warnings_top < charts_top
    phone_page.locator('[aria-controls="chart-completion"]').click()
    expect(phone_page.locator("#chart-completion")).to_have_attribute("data-drawn", "1")
    assert phone_page.locator(".chart[data-drawn]").count() == 1
    assert scroll_width(phone_page) <= PHONE_WIDTH
    assert phone_page.external_requests == []


def test_phone_menu_is_folded_behind_one_button_and_lists_the_leaders_pages(live_server, phone_page, zone, leader):
    phone_login(live_server, phone_page, "leader")
    menu = phone_page.locator("#main-menu")
    expect(menu).to_be_hidden()
    header_height = phone_page.locator("header.topbar").bounding_box()["height"]
    phone_page.click(".menu-toggle")
    expect(menu).to_be_visible()
    expect(phone_page.locator(".menu-toggle")).to_have_attribute("aria-expanded", "true")
    assert menu.locator("a").all_inner_texts() == ["待办", "看板", "对比排名", "工作总结", "企业", "项目", "土地", "亩均评价", "我的任务"]
    assert header_height < 844 / 6
    assert scroll_width(phone_page) <= PHONE_WIDTH


def overlap(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_phone_chart_modebar_leaves_the_legend_uncovered_and_bar_labels_are_legible(
    live_server, phone_page, zone, other_zone, leader, enter, set_target
):
    seed(zone, other_zone, enter, set_target)
    phone_login(live_server, phone_page, "leader")
    phone_page.goto(live_server.url + "/dashboard/?zone=HX&year=2025&month=10")
    phone_page.locator('[aria-controls="chart-completion"]').click()
    chart = phone_page.locator("#chart-completion")
    expect(chart).to_have_attribute("data-drawn", "1")
    chart.locator(".main-svg").first.tap()
    modebar = chart.locator(".modebar").bounding_box()
    legend = chart.locator(".legend").bounding_box()
    assert modebar and legend and not overlap(modebar, legend)
    sizes = phone_page.evaluate(
        "Array.from(document.querySelectorAll('#chart-completion .bartext')).map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 11


def test_no_page_a_leader_opens_scrolls_sideways_on_a_phone(live_server, phone_page, zone, other_zone, city_leader, enter, set_target):
    seed(zone, other_zone, enter, set_target)
    phone_login(live_server, phone_page, "city_leader")
    pages = [
        "/dashboard/?zone=HX&year=2025&month=10",
        "/dashboard/compare/?year=2025&month=10",
        "/dashboard/HX/2025/10/indicator/fixed_asset_investment/",
        "/reports/",
        "/enterprises/",
        "/projects/",
        "/land/",
        "/review/",
    ]
    widths = {}
    for path in pages:
        response = phone_page.goto(live_server.url + path)
        assert response.status == 200, path
        widths[path] = scroll_width(phone_page)
    assert all(width <= PHONE_WIDTH for width in widths.values()), widths
    assert phone_page.external_requests == []
