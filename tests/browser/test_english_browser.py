"""The English UI: the entry table fits 1366 px with every column, units keep their official
Chinese form with an English gloss where each first appears, and a phone does not scroll sideways."""

from tests.browser.test_dashboard_browser import seed
from tests.conftest import PASSWORD

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
    context.close()


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
