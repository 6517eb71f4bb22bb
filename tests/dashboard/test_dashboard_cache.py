"""The dashboards are cached under the zones' data versions: every write raises the version of
its zone in the writing transaction, so a saved figure shows on the next request."""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dashboard import selectors, views
from dataio.registry import get_kind
from dataio.services import run_import
from deadlines.models import CalendarDay, DeadlineRule, ReturnKind
from indicators import workflow
from indicators.models import Indicator, ZoneMonth
from tests import factories
from tests.conftest import BLANKS_EXPLAINED
from tests.dashboard.support import URL, cell
from tests.indicators.test_catalogue_writes import admin_form
from zones.models import Zone, ZoneDataVersion
from zones.services import mark_changed

COMPARE = "/dashboard/compare/?year=2025&month=10"


def test_versions_start_at_zero_and_change_with_every_write(zone, other_zone, versions):
    seen = [versions(zone, other_zone)]
    assert seen[0] == ((zone.pk, 0), (other_zone.pk, 0))
    mark_changed([zone.pk])
    seen.append(versions(zone, other_zone))
    assert seen[1][0] != seen[0][0] and seen[1][1] == seen[0][1]
    mark_changed([zone.pk, other_zone.pk])
    mark_changed(None)
    seen += [versions(zone, other_zone)]
    # No version comes back, as a count would in a new database.
    assert len({state[0][1] for state in seen}) == 3 and seen[2][1][1] not in (0, seen[2][0][1])


def test_a_restored_database_does_not_meet_parts_cached_after_its_backup(zone, versions):
    mark_changed([zone.pk])
    backup = versions(zone)
    mark_changed([zone.pk])  # written after the backup: its parts are cached under this version
    after_backup = versions(zone)
    ZoneDataVersion.objects.filter(zone=zone).update(version=backup[0][1])  # the restore
    mark_changed([zone.pk])  # a new write on the restored data
    assert versions(zone) not in (backup, after_backup)


def test_second_view_is_served_from_the_cache(investment_to_october, leader, client_for, monkeypatch):
    client = client_for(leader)
    with CaptureQueriesContext(connection) as first:
        html = client.get(URL).content.decode()

    def recompute(*args):
        raise AssertionError("the cached page was computed again")

    monkeypatch.setattr(selectors, "zone_dashboard", recompute)
    monkeypatch.setattr(selectors, "zone_records", recompute)
    with CaptureQueriesContext(connection) as second:
        again = client.get(URL).content.decode()
    assert cell(again, "fixed_asset_investment", "ytd") == cell(html, "fixed_asset_investment", "ytd") == "22.32亿元"
    # Session, user, and the user's zones with their data versions; the page around the kept parts
    # is rendered for this user.
    assert len(second) == 3 < len(first), (len(first), len(second))


def _investment(html: str) -> str:
    """The zone HX's 固定资产投资 1-N月 as the page shows it (a card, or a cell of the ranking)."""
    if 'data-cell="ytd"' in html:
        return cell(html, "fixed_asset_investment", "ytd")
    section = re.search(r'data-code="fixed_asset_investment">(.*?)</section>', html, re.S).group(1)
    return re.search(r'<tr data-zone="HX">.*?data-label="累计">(.*?)</td>', section, re.S).group(1).strip()


@pytest.mark.parametrize("url", [URL, "/dashboard/?zone=HX", COMPARE, "/dashboard/compare/"])
def test_a_page_seen_before_shows_the_figures_written_since(investment_to_october, other_zone, leader, staff, client_for,
                                                          enter, today, url):
    today("2025-11-20")
    leader.zones.add(other_zone)
    client = client_for(leader)
    assert _investment(client.get(url).content.decode()) == _investment(client.get(url).content.decode()) == "22.32亿元"
    enter(investment_to_october, 2025, 10, {"fixed_asset_investment": "23.5"}, user=staff)
    assert _investment(client.get(url).content.decode()) == "23.50亿元"


def test_an_address_made_up_shows_the_period_it_resolves_to_and_follows_writes(investment_to_october, leader, staff,
                                                                                client_for, enter, today):
    today("2025-11-20")
    client = client_for(leader)
    made_up = "/dashboard/?zone=HX&year=2025&month=13"  # an invalid month: the latest, October
    addresses = [made_up, URL, "/dashboard/?zone=HX&year=&month=x"]
    assert [_investment(client.get(address).content.decode()) for address in addresses] == ["22.32亿元"] * 3
    assert "22.32亿元" not in client.get("/dashboard/?zone=HX&month=3").content.decode()
    enter(investment_to_october, 2025, 10, {"fixed_asset_investment": "23.5"}, user=staff)
    assert [_investment(client.get(address).content.decode()) for address in addresses] == ["23.50亿元"] * 3


def test_each_user_gets_a_page_with_their_own_name(investment_to_october, leader, client_for, django_user_model):
    other = django_user_model.objects.create_user("leader2", password="x", role=leader.role, first_name="二号")
    other.zones.add(investment_to_october)
    assert "二号" not in client_for(leader).get(URL).content.decode()
    assert "二号" in client_for(other).get(URL).content.decode()


def test_users_of_a_zone_share_its_kept_figures_but_not_their_own_name_or_rights(investment_to_october, leader, staff,
                                                                                    client_for, monkeypatch):
    first = client_for(leader).get(URL).content.decode()

    def recompute(*args):
        raise AssertionError("the kept figures were computed again")

    monkeypatch.setattr(selectors, "zone_dashboard", recompute)
    second = client_for(staff).get(URL).content.decode()  # the figures from the leader's visit
    assert cell(second, "fixed_asset_investment", "ytd") == cell(first, "fixed_asset_investment", "ytd") == "22.32亿元"
    entry = '<a href="/entry/">月度填报</a>'  # staff's rights, not the leader's
    assert '<span class="who">leader' in first and "staff" not in first and entry not in first
    assert '<span class="who">staff' in second and "leader" not in second and entry in second


def test_the_kept_figures_need_no_request_or_user(investment_to_october):
    body = views._index_body(investment_to_october, 2025, 10)
    assert "22.32" in body


def test_a_role_change_shows_on_the_next_page(investment_to_october, leader, client_for):
    client = client_for(leader)
    assert "系统管理" not in client.get(URL).content.decode()
    leader.role = leader.Role.ADMIN
    leader.save()
    assert "系统管理" in client.get(URL).content.decode()


def test_a_message_waiting_for_the_user_is_shown_on_a_kept_page(investment_to_october, staff, client_for):
    client = client_for(staff)
    client.get(URL)
    month = ZoneMonth.objects.get(zone=investment_to_october, year=2025, month=10)
    response = client.post(
        "/entry/HX/2025/10/", {"version": month.version, "v_fixed_asset_investment": "30", "confirm_warnings": "on"}
    )
    assert response.status_code == 302
    messages_shown = re.findall(r'<ul class="messages">', client.get(URL).content.decode())
    assert messages_shown == ['<ul class="messages">']
    assert '<ul class="messages">' not in client.get(URL).content.decode()  # shown once


def test_a_saved_figure_shows_at_once(investment_to_october, leader, staff, client_for, enter):
    client = client_for(leader)
    assert cell(client.get(URL).content.decode(), "fixed_asset_investment", "ytd") == "22.32亿元"
    enter(investment_to_october, 2025, 10, {"fixed_asset_investment": "23.5"}, user=staff)
    html = client.get(URL).content.decode()
    assert cell(html, "fixed_asset_investment", "ytd") == "23.50亿元"
    assert cell(html, "fixed_asset_investment", "completion") == "42.73%"


def test_a_figure_saved_through_the_entry_form_shows_at_once(investment_to_october, leader, staff, client_for):
    client = client_for(leader)
    client.get(URL)
    month = ZoneMonth.objects.get(zone=investment_to_october, year=2025, month=10)
    response = client_for(staff).post(
        "/entry/HX/2025/10/", {"version": month.version, "v_fixed_asset_investment": "30", "confirm_warnings": "on"}
    )
    assert response.status_code == 302
    assert cell(client.get(URL).content.decode(), "fixed_asset_investment", "ytd") == "30.00亿元"


def test_approval_shows_at_once(investment_to_october, leader, reviewer, staff, client_for):
    client = client_for(leader)
    assert cell(client.get(URL).content.decode(), "fixed_asset_investment", "approval") == "未审核"
    month = ZoneMonth.objects.get(zone=investment_to_october, year=2025, month=10)
    workflow.submit(month, staff, BLANKS_EXPLAINED)
    workflow.approve(month, reviewer)
    assert cell(client.get(URL).content.decode(), "fixed_asset_investment", "approval") == "已审核"


def test_a_record_saved_through_its_service_shows_at_once(investment_to_october, leader, staff, client_for):
    client = client_for(leader)
    assert not re.search(r"<dt>谋划</dt><dd><a [^>]*>1个</a>", client.get(URL).content.decode())
    factories.save_project(None, {"zone": investment_to_october, "name": "新能源电池项目", "conceived_on": datetime.date(2025, 3, 1)},
                         user=staff, channel="form")
    html = client.get(URL).content.decode()
    assert re.search(r"<dt>谋划</dt><dd><a [^>]*>1个</a>", html), "the new project is not counted"


def test_the_ranking_refreshes_after_a_save(investment_to_october, other_zone, city_leader, client_for, enter, set_target):
    set_target(other_zone, 2025, "fixed_asset_investment", 10)
    enter(other_zone, 2025, 10, {"fixed_asset_investment": "2"})
    client = client_for(city_leader)

    def order():
        html = client.get(COMPARE).content.decode()
        section = re.search(r'data-code="fixed_asset_investment">(.*?)</section>', html, re.S).group(1)
        return re.findall(r'data-zone="(\w+)"', section)

    assert order() == ["HX", "LH"]  # 40.58% against 20%
    enter(other_zone, 2025, 10, {"fixed_asset_investment": "9"})
    assert order() == ["LH", "HX"]  # 90% against 40.58%


def test_languages_are_cached_apart(investment_to_october, leader, client_for):
    client = client_for(leader)
    chinese = client.get(URL).content.decode()
    assert "预警" in chinese
    # The picker's options are kept with the page: named in its language too.
    assert '<option value="2025" selected>2025年</option>' in chinese
    assert '<option value="10" selected>10月</option>' in chinese
    client.cookies["django_language"] = "en"
    english = client.get(URL).content.decode()
    assert "Alerts" in english and "预警" not in english
    assert '<option value="2025" selected>2025</option>' in english
    assert '<option value="10" selected>October</option>' in english


# A zone's or a park's edit in the admin: tests/zones/test_zone_writes.py (zones.writes).
def test_catalogue_edits_in_the_admin_raise_every_version(zone, other_zone, administrator, versions, client_for):
    indicator = Indicator.objects.get(code="fixed_asset_investment")
    response = client_for(administrator).post(f"/admin/indicators/indicator/{indicator.pk}/change/",
                                              admin_form(indicator, name_zh="固定资产投资（含技改）"))
    assert response.status_code == 302
    assert all(version != 0 for _zone, version in versions(zone, other_zone))


def test_due_day_and_calendar_edits_in_the_admin_raise_every_version(zone, other_zone, administrator, versions):
    """Timeliness on the dashboards is computed from them, and kept under the data versions."""
    request = RequestFactory().post("/")
    request.user = administrator
    for obj in (DeadlineRule(kind=ReturnKind.INDICATORS, zone=zone, due_day=8),
                CalendarDay(date=datetime.date(2025, 10, 6), kind=CalendarDay.Kind.HOLIDAY, name="国庆节")):
        before = versions(zone, other_zone)
        admin.site.get_model_admin(type(obj)).save_model(request, obj, form=None, change=False)
        after = versions(zone, other_zone)
        assert all(a != b for a, b in zip(after, before)), type(obj)


def test_an_indicator_renamed_in_the_admin_shows_at_once(investment_to_october, leader, administrator, client_for):
    client = client_for(leader)
    assert "固定资产投资" in client.get(URL).content.decode()
    indicator = Indicator.objects.get(code="fixed_asset_investment")
    response = client_for(administrator).post(f"/admin/indicators/indicator/{indicator.pk}/change/",
                                              admin_form(indicator, name_zh="固定资产投资（含技改）"))
    assert response.status_code == 302
    assert "固定资产投资（含技改）" in client.get(URL).content.decode()


def test_a_zone_renamed_by_import_shows_on_the_ranking(investment_to_october, other_zone, administrator, client_for):
    client = client_for(administrator)
    assert "临海经济开发区" in client.get(COMPARE).content.decode()
    report = run_import(get_kind("zones"), "代码,名称\nLH,临海高新技术产业开发区\n".encode(), "zones.csv", administrator, apply=True)
    assert report.applied, [str(e) for e in report.errors]
    html = client.get(COMPARE).content.decode()
    assert "临海高新技术产业开发区" in html and "临海经济开发区" not in html
