"""A record form in the browser: the company lists follow the chosen zone and can be searched."""

from playwright.sync_api import expect

from projects.models import Enterprise
from projects.validators import credit_code_check_character
from tests.conftest import PASSWORD


def code(n):
    first17 = f"91330100{n:09d}"
    return first17 + credit_code_check_character(first17)


def test_company_list_follows_the_zone_and_is_searchable(live_server, page, login, zone, other_zone, administrator):
    administrator.zones.add(other_zone)
    for n in range(25):
        Enterprise.objects.create(zone=zone, name=f"华东公司{n}", credit_code=code(n))
    Enterprise.objects.create(zone=other_zone, name="临海船舶", credit_code=code(99))
    login("admin", PASSWORD)
    page.goto(live_server.url + "/projects/new/")
    enterprise = page.locator("select[name=enterprise]")
    visible = "Array.from(document.querySelectorAll('select[name=enterprise] option[data-zone]')).filter(o => !o.hidden).map(o => o.text)"
    page.select_option("select[name=zone]", str(other_zone.pk))
    assert page.evaluate(visible) == ["LH · 临海船舶"]
    page.select_option("select[name=zone]", str(zone.pk))
    assert len(page.evaluate(visible)) == 25
    search = page.locator('[data-field="enterprise"] input.option-search')
    search.fill("公司7")
    assert page.evaluate(visible) == ["HX · 华东公司7"]
    enterprise.select_option(label="HX · 华东公司7")
    expect(enterprise).to_have_value(str(Enterprise.objects.get(name="华东公司7").pk))
    assert page.external_requests == []
