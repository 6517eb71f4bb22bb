"""A record form in the browser: the firm lists (建设单位, 用地单位) are typed into, offering the
record zone's firms only, from our own script; without scripts the plain list still works."""

from playwright.sync_api import expect

from projects.models import Enterprise, Parcel, Project
from projects.validators import credit_code_check_character
from tests.browser.conftest import _guarded_page
from tests.conftest import PASSWORD


def code(n):
    first17 = f"91330100{n:09d}"
    return first17 + credit_code_check_character(first17)


def firms(zone, other_zone):
    for n in range(25):
        Enterprise.objects.create(zone=zone, name=f"华东公司{n}", credit_code=code(n))
    Enterprise.objects.create(zone=other_zone, name="临海船舶", credit_code=code(99))


def offered(page, field):
    return page.locator(f'[data-field="{field}"] [role=option]').all_inner_texts()


def test_the_firm_is_typed_into_and_offered_from_the_record_zone_only(live_server, page, login, zone, other_zone, administrator):
    administrator.zones.add(other_zone)
    firms(zone, other_zone)
    login("admin", PASSWORD)
    page.goto(live_server.url + "/projects/new/")
    picker = page.locator('[data-field="enterprise"] input[role=combobox]')
    expect(page.locator("select[name=enterprise]")).to_be_hidden()
    # No zone yet: no firm to offer.
    expect(picker).to_be_disabled()
    expect(picker).to_have_attribute("placeholder", "请先选择开发区")
    page.select_option("select[name=zone]", str(other_zone.pk))
    picker.click()
    assert offered(page, "enterprise") == ["LH · 临海船舶"]
    page.select_option("select[name=zone]", str(zone.pk))
    picker.click()
    assert len(offered(page, "enterprise")) == 25 and "LH · 临海船舶" not in offered(page, "enterprise")
    picker.fill("公司7")
    assert offered(page, "enterprise") == ["HX · 华东公司7"]
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).to_have_value("HX · 华东公司7")
    expect(page.locator("select[name=enterprise]")).to_have_value(str(Enterprise.objects.get(name="华东公司7").pk))
    # A zone changed after the choice takes the firm away with it.
    page.select_option("select[name=zone]", str(other_zone.pk))
    expect(picker).to_have_value("")
    page.select_option("select[name=zone]", str(zone.pk))
    picker.fill("华东公司12")
    page.locator('[data-field="enterprise"] [role=option]', has_text="华东公司12").click()
    page.fill("input[name=name]", "光伏组件项目")
    with page.expect_navigation():
        page.click("button.primary")
    assert Project.objects.get(name="光伏组件项目").enterprise.name == "华东公司12"
    assert page.external_requests == []


def test_the_land_form_picks_its_holder_the_same_way_on_a_phone(live_server, phone_page, zone, other_zone, staff):
    firms(zone, other_zone)
    parcel = Parcel.objects.create(zone=zone, code="G1", area_mu=12)
    phone_page.goto(live_server.url + "/accounts/login/")
    phone_page.fill("input[name=username]", "staff")
    phone_page.fill("input[name=password]", PASSWORD)
    with phone_page.expect_navigation():
        phone_page.click("button[type=submit]")
    phone_page.goto(live_server.url + f"/land/{parcel.pk}/edit/")
    picker = phone_page.locator('[data-field="holder"] input[role=combobox]')
    picker.fill("公司3")
    assert offered(phone_page, "holder") == ["华东公司3"]  # the parcel's zone's firms, named without a zone
    phone_page.locator('[data-field="holder"] [role=option]').first.tap()
    with phone_page.expect_navigation():
        phone_page.click("button.primary")
    parcel.refresh_from_db()
    assert parcel.holder.name == "华东公司3"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_without_scripts_the_plain_list_still_works(browser, live_server, zone, other_zone, staff):
    firms(zone, other_zone)
    context, page = _guarded_page(browser, live_server, java_script_enabled=False)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")  # the header's language form shows its own button without scripts
    page.goto(live_server.url + "/projects/new/")
    assert page.locator("input[role=combobox]").count() == 0
    page.select_option("select[name=enterprise]", label="华东公司5")
    page.fill("input[name=name]", "无脚本项目")
    with page.expect_navigation():
        page.click("main button.primary")
    assert Project.objects.get(name="无脚本项目").enterprise.name == "华东公司5"
    context.close()
