"""A month in order, in a real browser: staff fill three indicators of October while September is
still a draft, try to submit, see what is missing and why it cannot go yet; they submit September,
then October with the reason for its blanks; the reviewer reads the reason with who and when."""

import re

from playwright.sync_api import expect

from indicators.models import ZoneMonth
from tests.browser.test_review_browser import sign_in, staff_saves
from tests.conftest import BLANKS_EXPLAINED

OCTOBER = "/review/HX/2025/10/"


def test_staff_see_what_is_missing_and_why_october_waits(live_server, browser, page, zone, staff, reviewer, enter):
    enter(zone, 2025, 9, {"tax_revenue": 23000, "fixed_asset_investment": 20, "industrial_output": 180, "gdp": 90})
    sign_in(page, live_server, "staff")
    staff_saves(page, live_server, {"v_tax_revenue": "26362", "v_fixed_asset_investment": "22.32", "v_industrial_output": "205"})

    page.goto(live_server.url + OCTOBER)
    summary = page.locator("[data-role=filled-count]")
    expect(summary).to_contain_text("本月24项指标已填3项，21项未填")
    expect(summary).to_contain_text("其中上月已报而本月未填1项：地区生产总值")
    blocked = page.locator("[data-role=order-blocked]")
    expect(blocked).to_contain_text("暂不能提交：9月尚未提交")
    expect(page.locator("button[value=submit]")).to_have_count(0)

    # September first (its blanks explained too), then October.
    with page.expect_navigation():
        page.click("[data-role=order-blocked] a")
    page.fill("form[action$='/submit/'] textarea[name=reason]", BLANKS_EXPLAINED)
    with page.expect_navigation():
        page.click("button[value=submit]")
    expect(page.locator("[data-role=status]")).to_have_text("已提交")

    page.goto(live_server.url + OCTOBER)
    expect(page.locator("[data-role=blank-list]")).to_contain_text("地区生产总值")
    # The reason is required before the month can go.
    page.click("button[value=submit]")
    assert ZoneMonth.objects.get(zone=zone, year=2025, month=10).status == ZoneMonth.Status.DRAFT
    page.fill("form[action$='/submit/'] textarea[name=reason]", "地区生产总值为季度指标，其余指标统计局本月未发布")
    with page.expect_navigation():
        page.click("button[value=submit]")
    expect(page.locator("[data-role=status]")).to_have_text("已提交")

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    reviewer_page = context.new_page()
    sign_in(reviewer_page, live_server, "reviewer")
    reviewer_page.goto(live_server.url + OCTOBER)
    reason = reviewer_page.locator("[data-role=submission-reason]")
    expect(reason).to_contain_text(re.compile(r"提交说明（staff，\d{4}-\d{2}-\d{2} \d{2}:\d{2}）：地区生产总值为季度指标"))
    # September waits for the reviewer too, but it is submitted: October may be decided on.
    expect(reviewer_page.locator("[data-role=order-blocked]")).to_have_count(0)
    expect(reviewer_page.locator("button[value=approve]")).to_be_visible()
    context.close()
