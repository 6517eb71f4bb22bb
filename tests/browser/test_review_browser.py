"""Review in a real browser: staff submit, the reviewer approves, the entry page is locked."""


from playwright.sync_api import expect

from indicators.models import ZoneMonth
from tests.conftest import PASSWORD




def test_submit_approve_and_the_entry_page_is_locked(live_server, browser, page, login, zone, staff, reviewer, enter):
    enter(zone, 2025, 10, {"tax_revenue": 26362})
    login("staff", PASSWORD)
    page.goto(live_server.url + "/entry/HX/2025/10/")
    with page.expect_navigation():
        page.click("[data-role=review-link]")
    with page.expect_navigation():
        page.click("button[value=submit]")
    expect(page.locator("[data-role=status]")).to_have_text("已提交")

    context = browser.new_context(locale="zh-CN")
    reviewer_page = context.new_page()
    reviewer_page.goto(live_server.url + "/accounts/login/")
    reviewer_page.fill("input[name=username]", "reviewer")
    reviewer_page.fill("input[name=password]", PASSWORD)
    with reviewer_page.expect_navigation():
        reviewer_page.click("button[type=submit]")
    reviewer_page.goto(live_server.url + "/review/?year=2025")
    expect(reviewer_page.locator('tr[data-zone="HX"][data-month="10"]')).to_contain_text("已提交")
    with reviewer_page.expect_navigation():
        reviewer_page.click('tr[data-zone="HX"][data-month="10"] a')
    with reviewer_page.expect_navigation():
        reviewer_page.click("button[value=approve]")
    expect(reviewer_page.locator("[data-role=status]")).to_have_text("已审核")
    context.close()

    assert ZoneMonth.objects.get(zone=zone, year=2025, month=10).status == "approved"
    page.goto(live_server.url + "/entry/HX/2025/10/")
    expect(page.locator("#id_v_tax_revenue")).to_be_disabled()
    expect(page.locator("main")).to_contain_text("本月已审核，数据已锁定")
