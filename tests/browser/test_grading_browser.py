"""The 亩均效益 evaluation in a browser: staff score the year, the reviewer publishes it, and the
pages fit a 390 px phone."""

import datetime
from decimal import Decimal

from playwright.sync_api import expect

from grading import services
from grading.models import EnterpriseYear, Grading, Scheme, SchemeIndicator
from projects.models import Enterprise
from tests.browser.test_phone_browser import PHONE_WIDTH, phone_login, scroll_width
from tests.conftest import PASSWORD
from tests.grading.conftest import credit_code

YEAR = 2025


def seed(zone):
    scheme = Scheme.objects.create(zone=zone, year=YEAR, name="示例办法", is_example=True, band_a=20, band_b=40, band_c=20)
    SchemeIndicator.objects.create(scheme=scheme, scale="above", code="tax_per_mu", weight=100, benchmark=5)
    for i, tax in enumerate([50, 40, 30, 20, 10]):
        firm = Enterprise.objects.create(zone=zone, name=f"测试企业{i + 1}有限公司", credit_code=credit_code(i + 1), is_above_scale=True)
        EnterpriseYear.objects.create(enterprise=firm, year=YEAR, is_above_scale=True, tax=Decimal(tax),
                                      land_mu_override=Decimal(10), land_override_reason="租赁厂房")


def test_staff_score_and_the_reviewer_publishes(live_server, page, login, zone, staff, reviewer):
    seed(zone)
    login("staff", PASSWORD)
    page.goto(f"{live_server.url}/grading/{zone.code}/{YEAR}/")
    expect(page.locator("h1")).to_contain_text("亩均效益综合评价")
    with page.expect_navigation():
        page.click("text=评分")
    expect(page.locator("[data-role=counts]")).to_contain_text("A: 1 · B: 2 · C: 1 · D: 1")
    page.click("text=测试企业2有限公司")
    expect(page.locator("[data-role=needs]")).to_contain_text("亩均税收")
    page.context.clear_cookies()
    login("reviewer", PASSWORD)
    page.goto(f"{live_server.url}/grading/{zone.code}/{YEAR}/")
    page.fill("#id_objection_until", (datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.click("button:text('公示')")
    expect(page.locator("[data-role=status]")).to_contain_text("公示中")
    assert Grading.objects.get().status == Grading.Status.PUBLISHED
    assert page.external_requests == []


def test_the_evaluation_pages_fit_a_phone(live_server, phone_page, zone, staff):
    seed(zone)
    services.run_grading(zone, YEAR, user=None, channel="system")
    firm = Enterprise.objects.first()
    phone_login(live_server, phone_page, "staff")
    widths = {}
    for path in [f"/grading/{zone.code}/{YEAR}/", f"/grading/{zone.code}/{YEAR}/inputs/", f"/grading/{zone.code}/{YEAR}/scheme/",
                 f"/grading/enterprise/{firm.pk}/", f"/dashboard/{zone.code}/{YEAR}/grades/",
                 f"/grading/{zone.code}/{YEAR}/inputs/{firm.pk}/"]:
        response = phone_page.goto(live_server.url + path)
        assert response.status == 200, path
        widths[path] = scroll_width(phone_page)
    assert all(width <= PHONE_WIDTH for width in widths.values()), widths
