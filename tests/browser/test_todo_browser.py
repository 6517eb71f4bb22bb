"""The 待办 page in a real browser, on a frozen day (settings.DEVZONE_TODAY, read by core.clock in
the server thread): staff see last month's figures due tomorrow, and once they submit, the
reviewer finds the month in their queue."""

from playwright.sync_api import expect

from tests.conftest import BLANKS_EXPLAINED, PASSWORD


def test_staff_on_the_4th_see_one_day_left_and_the_reviewer_gets_the_month(
    settings, live_server, browser, page, login, zone, staff, reviewer, enter
):
    settings.DEVZONE_TODAY = "2026-03-04"
    enter(zone, 2026, 2, {"tax_revenue": 26362})
    login("staff", PASSWORD)
    assert page.url == live_server.url + "/todo/"
    row = page.locator('#todo-staff tr[data-zone="HX"][data-period="2026-2"]')
    expect(row.locator("[data-role=days]")).to_have_text("还剩1天")
    expect(row).to_contain_text("2026-03-05")

    page.goto(live_server.url + "/review/HX/2026/2/")
    page.fill("form[action$='/submit/'] textarea[name=reason]", BLANKS_EXPLAINED)
    with page.expect_navigation():
        page.click("button[value=submit]")
    expect(page.locator("[data-role=status]")).to_have_text("已提交")
    page.goto(live_server.url + "/todo/")
    expect(page.locator('#todo-staff tr[data-period="2026-2"]')).to_have_count(0)

    context = browser.new_context(locale="zh-CN")
    reviewer_page = context.new_page()
    reviewer_page.goto(live_server.url + "/accounts/login/")
    reviewer_page.fill("input[name=username]", "reviewer")
    reviewer_page.fill("input[name=password]", PASSWORD)
    with reviewer_page.expect_navigation():
        reviewer_page.click("button[type=submit]")
    assert reviewer_page.url == live_server.url + "/todo/"
    waiting = reviewer_page.locator('#todo-review tr[data-zone="HX"][data-period="2026-2"]')
    expect(waiting).to_contain_text("2026年2月")
    with reviewer_page.expect_navigation():
        waiting.locator("a").click()
    assert reviewer_page.url.endswith("/review/HX/2026/2/")
    context.close()
