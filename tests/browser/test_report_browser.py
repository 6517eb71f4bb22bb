"""Staff write a section of the year-end report; a leader downloads the draft and finds it."""


import docx
from playwright.sync_api import expect


from tests.browser.conftest import _guarded_page
from tests.conftest import PASSWORD

YEAR = 2025




def test_staff_edit_reaches_the_leaders_download(catalogue, live_server, browser, page, login, zone, staff, leader, enter, set_target):
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32"})
    set_target(zone, YEAR, "fixed_asset_investment", 55)

    login("staff", PASSWORD)
    page.goto(f"{live_server.url}/reports/HX/{YEAR}/narrative/")
    page.fill("#id_lead_promotion", "谋划先行，多措并举抓招商")
    page.fill("#id_text_promotion", "组织招商小分队赴长三角驻点招商。")
    page.fill("#id_problems-0-title", "项目落地难")
    with page.expect_navigation():
        page.click("#save-narrative")
    expect(page.locator(".messages")).to_contain_text("已保存")
    assert page.external_requests == []

    # A new browser context: the leader's own session.
    context, leader_page = _guarded_page(browser, live_server, accept_downloads=True)
    leader_page.goto(live_server.url + "/accounts/login/")
    leader_page.fill("input[name=username]", "leader")
    leader_page.fill("input[name=password]", PASSWORD)
    with leader_page.expect_navigation():
        leader_page.click("button[type=submit]")
    leader_page.goto(f"{live_server.url}/reports/HX/{YEAR}/")
    expect(leader_page.locator(".report-page")).to_contain_text("（二）谋划先行，多措并举抓招商。")
    expect(leader_page.locator(".report-page")).to_contain_text("40.58%")
    # The charts are drawn in the browser by our own plotly.js, under the page's CSP.
    expect(leader_page.locator("#chart-report-completion")).to_have_attribute("data-drawn", "1")
    expect(leader_page.locator("#chart-report-completion .bars path").first).to_be_visible()

    link = leader_page.locator("a[data-generate]").first
    with leader_page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in docx.Document(download.path()).paragraphs)
    assert "谋划先行，多措并举抓招商。" in text
    assert "组织招商小分队赴长三角驻点招商。" in text
    assert "1.项目落地难。" in text
    assert "22.32亿元" in text
    # The link is usable again once the file has arrived.
    expect(link).not_to_have_attribute("aria-disabled", "true")
    assert leader_page.external_requests == []
    context.close()


def test_staff_add_a_section_and_move_it_above_promotion(catalogue, live_server, browser, page, phone_page, login, zone, staff, leader, enter):
    from projects.models import RelocationCase

    # Figures for 经济运行 and 招商引资, so that each has a section (one with nothing to say is left out).
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "general_budget_revenue": "2", "signed_projects": 2})
    RelocationCase.objects.create(zone=zone, name="东片区", enterprises_total=5, enterprises_moved=3)

    login("staff", PASSWORD)
    page.goto(f"{live_server.url}/reports/HX/{YEAR}/narrative/")
    with page.expect_navigation():
        page.click("text=章节与顺序")
    page.fill("#title-new", "征迁收储")
    page.fill("#text-new", "全力推进东片区征迁。")
    page.check("#insert-new-relocation")
    with page.expect_navigation():
        page.click("#add-section-button")
    expect(page.locator(".messages")).to_contain_text("已添加章节")
    own = page.locator("li[data-section^='own-']")
    titles = page.locator(".outline > li .outline-title")
    # Up until it stands second, right above 招商引资 (one click per place).
    for _ in range(titles.count()):
        if "征迁收储" in titles.nth(1).inner_text():
            break
        with page.expect_navigation():
            own.locator("[data-move=up]").click()
    expect(titles.nth(1)).to_contain_text("征迁收储")
    expect(titles.nth(2)).to_contain_text("招商引资")
    assert page.external_requests == []

    # The page fits a phone.
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(f"{live_server.url}/reports/HX/{YEAR}/sections/")
    expect(phone_page.locator("#add-section-button")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    context, leader_page = _guarded_page(browser, live_server, accept_downloads=True)
    leader_page.goto(live_server.url + "/accounts/login/")
    leader_page.fill("input[name=username]", "leader")
    leader_page.fill("input[name=password]", PASSWORD)
    with leader_page.expect_navigation():
        leader_page.click("button[type=submit]")
    leader_page.goto(f"{live_server.url}/reports/HX/{YEAR}/")
    with leader_page.expect_download() as download_info:
        leader_page.locator("a[data-generate]").first.click()
    paragraphs = [p.text for p in docx.Document(download_info.value.path()).paragraphs]
    relocation = next(i for i, text in enumerate(paragraphs) if text.startswith("（二）征迁收储。"))
    assert paragraphs[relocation] == "（二）征迁收储。涉及搬迁企业5家，已完成搬迁腾空3家。全力推进东片区征迁。"
    assert paragraphs[relocation + 1].startswith("（三）招商引资。")
    assert leader_page.external_requests == []
    context.close()
