"""The English UI: the entry table fits 1366 px with every column, units keep their official
Chinese form with an English gloss where each first appears, and a phone does not scroll sideways."""

from playwright.sync_api import expect

from tests.browser.test_dashboard_browser import seed
from tests.conftest import PASSWORD, submit_through

FIRST_GLOSSES = """Array.from(document.querySelectorAll("main .unit-gloss")).map(g => g.previousSibling.textContent + g.textContent)"""
TABLES_FIT = """Array.from(document.querySelectorAll(".table-wrap")).every(w => w.scrollWidth <= w.clientWidth)"""


def english_session(browser, live_server, width, username):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return context, page


def test_english_entry_table_fits_1366_px_with_units_glossed_once(browser, live_server, zone, other_zone, staff, enter, set_target):
    seed(zone, other_zone, enter, set_target)
    context, page = english_session(browser, live_server, 1366, "staff")
    page.goto(live_server.url + "/entry/HX/2025/10/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate(TABLES_FIT)
    for header in ("Time progress", "Remarks"):
        box = page.locator("table.entry-table th", has_text=header).first.bounding_box()
        assert box["x"] + box["width"] <= 1366
    glosses = page.evaluate(FIRST_GLOSSES)
    assert "亿元 (100 million yuan)" in glosses and "万元 (10,000 yuan)" in glosses
    assert len(glosses) == len(set(glosses))  # each unit glossed on its first use only
    assert page.locator("main").inner_text().count("(100 million yuan)") == 1
    context.close()


def test_english_dashboard_and_comparison_on_a_phone(browser, live_server, zone, other_zone, city_leader, enter, set_target):
    seed(zone, other_zone, enter, set_target)
    context, page = english_session(browser, live_server, 390, "city_leader")
    for path in ("/dashboard/?zone=HX&year=2025&month=10", "/dashboard/compare/?year=2025&month=10"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        text = page.locator("main").inner_text()
        assert "序时进度" not in text and "同比增长" not in text and "个百分点" not in text, path
    # The cards' figures two to a line: a target such as 55.00亿元 still on one line.
    page.goto(live_server.url + "/dashboard/?zone=HX&year=2025&month=10")
    assert page.evaluate(TARGET_LINES) == [1, 1]
    context.close()


TARGET_LINES = """Array.from(document.querySelectorAll(".kpi [data-cell=target]")).map(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
})"""


TABLES_WITHIN = """Array.from(document.querySelectorAll("main .table-wrap")).filter(w => w.scrollWidth > w.clientWidth).length"""
RIGHTMOST = """Math.max(...Array.from(document.querySelectorAll("main table th:last-child")).map(th => th.getBoundingClientRect().right))"""


def test_english_comparison_fits_1366_px_with_every_column(browser, live_server, zone, other_zone, city_leader, enter, set_target):
    seed(zone, other_zone, enter, set_target)
    # Longer cells, as the demo's: a zone whose figure runs to an earlier month, a published growth.
    enter(zone, 2025, 9, {"foreign_investment": "1950.57", "tax_revenue": 254000}, yoy={"foreign_investment": "14.77"})
    enter(other_zone, 2025, 10, {"foreign_investment": "2500", "tax_revenue": 26362})
    set_target(zone, 2025, "foreign_investment", 2500)
    set_target(other_zone, 2025, "foreign_investment", 3000)
    set_target(zone, 2025, "tax_revenue", 320000)
    context, page = english_session(browser, live_server, 1366, "city_leader")
    page.goto(live_server.url + "/dashboard/compare/?year=2025&month=10")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.evaluate(TABLES_WITHIN) == 0  # no table scrolls inside its card either
    assert page.evaluate(RIGHTMOST) <= 1366
    context.close()


GLOSSES_IN = """selector => Array.from(document.querySelectorAll(selector + " .unit-gloss")).map(g => g.textContent)"""


def test_glosses_stay_out_of_text_people_wrote_and_out_of_the_chinese_draft(browser, live_server, zone, other_zone, staff, leader,
                                                                          reviewer, enter, set_target, today):
    from indicators import selectors, workflow

    today("2025-11-20")
    seed(zone, other_zone, enter, set_target)
    enter(zone, 2025, 10, {"enterprises_above_scale": 86, "signed_amount": "29.94"}, user=staff)
    submit_through(zone, 2025, 10, staff)
    workflow.return_month(selectors.zone_month(zone, 2025, 10), reviewer, "签约资金与台账29.94亿元，请核实")
    context, page = english_session(browser, live_server, 1366, "staff")
    page.goto(live_server.url + "/todo/")
    reason = page.locator('[data-zone="HX"][data-kind="indicators"] [data-role=reason]')
    expect(reason).to_have_text("Returned because: 签约资金与台账29.94亿元，请核实")
    assert page.evaluate(GLOSSES_IN, "[data-role=reason]") == []
    page.goto(live_server.url + "/entry/HX/2025/10/")
    expect(page.locator("[data-role=returned]")).to_contain_text("签约资金与台账29.94亿元，请核实")
    assert page.evaluate(GLOSSES_IN, "[data-role=returned]") == []
    # The page's own units are still glossed where they first appear.
    assert "亿元 (100 million yuan)" in page.evaluate(FIRST_GLOSSES)
    context.close()
    context, page = english_session(browser, live_server, 1366, "leader")
    page.goto(live_server.url + "/reports/HX/2025/?as_of=10")
    expect(page.locator("article.report-page")).to_contain_text("亿元")
    assert page.evaluate(GLOSSES_IN, "article.report-page") == []
    assert "(enterprises)" not in page.locator("article.report-page").inner_text()
    context.close()


def test_english_targets_name_each_unit_in_the_list(browser, live_server, zone, staff):
    context, page = english_session(browser, live_server, 1366, "staff")
    page.goto(live_server.url + "/targets/HX/2025/")
    units = page.locator('select[name="u_tax_revenue"] option')
    assert units.all_inner_texts() == ["元 (yuan)", "千元 (1,000 yuan)", "万元 (10,000 yuan)", "亿元 (100 million yuan)"]
    page.select_option('select[name="u_tax_revenue"]', label="亿元 (100 million yuan)")
    assert page.eval_on_selector('select[name="u_tax_revenue"]', "s => s.value") == "亿元"
    context.close()
