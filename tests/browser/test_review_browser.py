"""Review in a real browser: staff submit, the reviewer returns or approves, the entry page is locked."""

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from indicators import workflow
from indicators.models import MonthTransition, ZoneMonth
from indicators.selectors import zone_month
from tests.conftest import BLANKS_EXPLAINED, PASSWORD

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_submit_approve_and_the_entry_page_is_locked(live_server, browser, page, login, zone, staff, reviewer, enter):
    enter(zone, 2025, 10, {"tax_revenue": 26362})
    login("staff", PASSWORD)
    page.goto(live_server.url + "/entry/HX/2025/10/")
    with page.expect_navigation():
        page.click("[data-role=review-link]")
    page.fill("form[action$='/submit/'] textarea[name=reason]", BLANKS_EXPLAINED)
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


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def staff_saves(page, live_server, figures):
    page.goto(live_server.url + "/entry/HX/2025/10/")
    for field, value in figures.items():
        page.fill(f"[name={field}]", value)
    with page.expect_navigation():
        page.click("#save-button")
    expect(page.locator("ul.messages")).to_contain_text("已保存")


def test_enter_submit_return_fix_resubmit_and_approve_the_changed_figure(
    live_server, browser, page, phone_page, zone, staff, reviewer, enter, set_target
):
    """Staff enter and submit; the reviewer returns it with a reason; staff fix and resubmit; the
    reviewer sees the changed figure highlighted and approves. With REVIEW_SCREENSHOTS=1 the review
    screen is saved to docs/ at 1366 px and 390 px."""
    for year, month, tax, investment in ((2024, 9, 21000, 18), (2024, 10, 24000, 20), (2025, 9, 23000, 20)):
        enter(zone, year, month, {"tax_revenue": tax, "fixed_asset_investment": investment, "industrial_output": month * 20})
    set_target(zone, 2025, "tax_revenue", 30000)
    set_target(zone, 2025, "fixed_asset_investment", 55)
    # September went before October, in order.
    workflow.submit(zone_month(zone, 2025, 9), staff, BLANKS_EXPLAINED)
    workflow.approve(zone_month(zone, 2025, 9), reviewer)
    review = live_server.url + "/review/HX/2025/10/"

    sign_in(page, live_server, "staff")
    staff_saves(page, live_server, {"v_tax_revenue": "26362", "v_fixed_asset_investment": "22.32", "v_industrial_output": "205",
                                    "c_tax_revenue": "含一次性土地出让税收"})
    page.goto(review)
    page.fill("form[action$='/submit/'] textarea[name=reason]", BLANKS_EXPLAINED)
    with page.expect_navigation():
        page.click("button[value=submit]")
    expect(page.locator("[data-role=status]")).to_have_text("已提交")

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    reviewer_page = context.new_page()
    sign_in(reviewer_page, live_server, "reviewer")
    reviewer_page.goto(review)
    expect(reviewer_page.locator('tr[data-indicator="tax_revenue"] [data-label="1-本月"]')).to_have_text("26362")
    expect(reviewer_page.locator('[data-notes="tax_revenue"]')).to_contain_text("含一次性土地出让税收")
    reviewer_page.fill("form[action$='/return/'] textarea[name=reason]", "税收与税务局口径不一致，请核实")
    with reviewer_page.expect_navigation():
        reviewer_page.click("button[value=return]")
    expect(reviewer_page.locator("[data-role=status]")).to_have_text("已退回")

    page.goto(live_server.url + "/entry/HX/2025/10/")
    expect(page.locator("main")).to_contain_text("税收与税务局口径不一致")
    staff_saves(page, live_server, {"v_tax_revenue": "26500"})
    page.goto(review)
    page.fill("form[action$='/submit/'] textarea[name=reason]", BLANKS_EXPLAINED)
    with page.expect_navigation():
        page.click("button[value=submit]")

    reviewer_page.goto(review)
    changed = reviewer_page.locator('tr[data-indicator="tax_revenue"]')
    expect(changed).to_have_class(re.compile(r"\bchanged\b"))
    expect(reviewer_page.locator('[data-notes="tax_revenue"] [data-role=since-submission]')).to_contain_text("26362 → 26500")
    expect(reviewer_page.locator('tr[data-indicator="fixed_asset_investment"]')).not_to_have_class(re.compile(r"\bchanged\b"))

    sign_in(phone_page, live_server, "reviewer")
    phone_page.goto(review)
    expect(phone_page.locator('[data-notes="tax_revenue"]')).to_contain_text("26362 → 26500")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone_page.locator("button[value=approve]")).to_be_visible()
    if os.environ.get("REVIEW_SCREENSHOTS"):
        reviewer_page.screenshot(path=str(DOCS / "review-desktop.png"), full_page=True)
        phone_page.screenshot(path=str(DOCS / "review-phone.png"), full_page=True)

    with reviewer_page.expect_navigation():
        reviewer_page.click("button[value=approve]")
    expect(reviewer_page.locator("[data-role=status]")).to_have_text("已审核")
    context.close()
    approval = MonthTransition.objects.filter(to_status="approved", zone_month__month=10).get()
    assert approval.user == reviewer and approval.figures["tax_revenue"][0] == "26500"
