"""Import in a real browser: upload, preview, confirm, and find the figures on the entry page."""


from playwright.sync_api import expect

from indicators.models import MonthlyValue
from tests.conftest import PASSWORD

CSV = (
    "开发区,指标,年份,月份,数值,单位,同比增长,备注\n"
    "HX,税收收入,2025,10,2.6362,亿元,,\n"
    "HX,fixed_asset_investment,2025,10,22.32,,12.5,含新开工项目\n"
)




def test_upload_preview_confirm_and_see_values_on_the_entry_page(live_server, page, login, zone, staff):
    login("staff", PASSWORD)
    page.goto(live_server.url + "/data/")
    page.select_option("#id_kind", "values")
    page.set_input_files("#id_file", files=[{"name": "values.csv", "mimeType": "text/csv", "buffer": CSV.encode("gbk")}])
    with page.expect_navigation():
        page.click("text=上传并预览")

    expect(page.locator('[data-count="new"]')).to_have_text("2")
    expect(page.locator('[data-count="error"]')).to_have_text("0")
    expect(page.locator('tr[data-row="2"] td').nth(1)).to_have_text("新增")
    assert not MonthlyValue.objects.exists()

    with page.expect_navigation():
        page.click("text=确认导入")
    expect(page.locator(".messages")).to_contain_text("新增2行")

    page.goto(live_server.url + "/entry/HX/2025/10/")
    expect(page.locator("#id_v_tax_revenue")).to_have_value("26362")
    expect(page.locator("#id_v_fixed_asset_investment")).to_have_value("22.32")
    expect(page.locator('tr[data-code="fixed_asset_investment"] [data-cell="yoy"]')).to_contain_text("12.50%")
    assert page.external_requests == []


def test_a_file_with_an_error_shows_the_row_and_offers_no_confirm(live_server, page, login, zone, staff):
    login("staff", PASSWORD)
    page.goto(live_server.url + "/data/")
    page.select_option("#id_kind", "values")
    bad = "zone,indicator,year,month,value\nHX,tax_revenue,2025,10,abc\n"
    page.set_input_files("#id_file", files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    with page.expect_navigation():
        page.click("text=上传并预览")
    expect(page.locator(".import-errors")).to_contain_text("第2行 · 数值：不是数字")
    expect(page.locator("text=确认导入")).to_have_count(0)
    assert not MonthlyValue.objects.exists()
