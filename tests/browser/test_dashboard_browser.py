"""A leader's journey on the dashboard, in a real browser: change month and zone, download a chart."""

from decimal import Decimal as D

from PIL import Image
from playwright.sync_api import expect

from tests.conftest import PASSWORD


def seed(zone, other_zone, enter, set_target):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    set_target(other_zone, 2025, "fixed_asset_investment", 60)
    for month in range(2, 11):
        enter(zone, 2025, month, {"fixed_asset_investment": D("22.32") * month / 10, "total_output": 20 * month})
        enter(other_zone, 2025, month, {"fixed_asset_investment": 5 * month})
    enter(zone, 2024, 10, {"fixed_asset_investment": "20", "total_output": "180"})


def card_value(page, code):
    return page.locator(f'article[data-code="{code}"] [data-cell="ytd"]')


def expect_charts_drawn(page):
    expect(page.locator("#chart-completion")).to_have_attribute("data-drawn", "1")
    expect(page.locator("#chart-trend-fixed_asset_investment .main-svg").first).to_be_visible()


def test_leader_changes_month_and_zone_and_downloads_charts(
    live_server, page, login, zone, other_zone, city_leader, enter, set_target, tmp_path
):
    seed(zone, other_zone, enter, set_target)
    login("city_leader", PASSWORD)
    page.goto(live_server.url + "/dashboard/?zone=HX")

    # Defaults to the latest month with data: October.
    expect(page.locator("h1")).to_contain_text("2025年1-10月")
    expect(card_value(page, "fixed_asset_investment")).to_have_text("22.32亿元")
    expect(page.locator('article[data-code="fixed_asset_investment"] [data-cell="gap"]')).to_have_text("▼ 落后序时进度42.75个百分点")
    expect_charts_drawn(page)

    # Another month: the cards and charts are drawn again for September.
    with page.expect_navigation():
        page.select_option("#id_month", "9")
    expect(page.locator("h1")).to_contain_text("2025年1-9月")
    expect(card_value(page, "fixed_asset_investment")).to_have_text("20.09亿元")
    expect_charts_drawn(page)

    # Another zone, same period.
    with page.expect_navigation():
        page.select_option("#id_zone", "LH")
    expect(page.locator("h1")).to_contain_text("临海经济开发区 · 2025年1-9月")
    expect(card_value(page, "fixed_asset_investment")).to_have_text("45.00亿元")
    expect_charts_drawn(page)

    # A chart as PNG through plotly's modebar (allowed by the CSP's img-src data: blob:).
    chart = page.locator("#chart-completion")
    chart.hover()
    with page.expect_download() as download_info:
        chart.locator('.modebar-btn[data-title="下载为PNG图片"]').click()
    download = download_info.value
    assert download.suggested_filename == "LH-2025-9-completion.png"
    png = tmp_path / "chart.png"
    download.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The picture names its zone and period in a caption above the plot, where the page's chart has none.
    with Image.open(png) as image:
        # Scale 2: the top-left 48 × 30 px, left of the y axis and above the legend, holds only the caption.
        caption_band = image.convert("L").crop((0, 0, 2 * 48, 2 * 30))
        assert caption_band.getextrema()[0] < 100

    # The same chart's data as .xlsx.
    with page.expect_download() as download_info:
        page.click('a[data-xlsx="completion"]')
    assert download_info.value.suggested_filename == "LH-2025-09-completion.xlsx"

    assert page.external_requests == []


def test_phone_has_no_horizontal_scroll(live_server, phone_page, zone, other_zone, leader, enter, set_target):
    seed(zone, other_zone, enter, set_target)
    phone_page.goto(live_server.url + "/accounts/login/")
    phone_page.fill("input[name=username]", "leader")
    phone_page.fill("input[name=password]", PASSWORD)
    with phone_page.expect_navigation():
        phone_page.click("button[type=submit]")
    phone_page.goto(live_server.url + "/dashboard/?zone=HX&year=2025&month=10")
    # Phones draw each chart on a tap (test_phone_browser.py): open every one.
    while phone_page.locator(".chart-show").count():
        phone_page.locator(".chart-show").first.click()
    expect_charts_drawn(phone_page)
    # Cards stack: one column, each as wide as the next.
    boxes = [phone_page.locator(f'article[data-code="{code}"]').bounding_box() for code in ("total_output", "fixed_asset_investment")]
    assert boxes[0]["x"] == boxes[1]["x"] and boxes[1]["y"] > boxes[0]["y"]
    width, client_width = phone_page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= client_width
    chart_box = phone_page.locator("#chart-completion .main-svg").first.bounding_box()
    assert chart_box["x"] >= 0 and chart_box["x"] + chart_box["width"] <= client_width
    assert phone_page.external_requests == []
