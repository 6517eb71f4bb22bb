"""Faults: concurrent saves of one month, and the database failing in the middle of a save."""

import threading
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.test import Client

from audit.models import ChangeRecord
from core import bulk
from indicators.models import MonthlyValue, ZoneMonth
from zones.models import User

from tests.conftest import PASSWORD
from tests.fingerprint import fingerprint

YEAR, MONTH = 2024, 10




def _url(zone):
    return f"/entry/{zone.code}/{YEAR}/{MONTH}/"


def _month_state():
    return fingerprint(MonthlyValue, ZoneMonth, ChangeRecord)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_saving_one_month_at_once_one_wins_the_other_is_told(catalogue, zone, staff, enter):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks between two connections (SELECT ... FOR UPDATE): run on PostgreSQL")
    colleague = User.objects.create_user("staff2", password=PASSWORD, role=User.Role.STAFF)
    colleague.zones.set([zone])
    enter(zone, YEAR, MONTH, {"tax_revenue": 1000})
    version = ZoneMonth.objects.get(zone=zone, year=YEAR, month=MONTH).version

    barrier = threading.Barrier(2)
    responses = {}

    def save(user, tax):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            responses[user.username] = (tax, client.post(_url(zone), {"version": version, "v_tax_revenue": tax}))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=save, args=(staff, "2000")), threading.Thread(target=save, args=(colleague, "3000"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    statuses = sorted(r.status_code for _tax, r in responses.values())
    assert statuses == [200, 302]
    winner_tax = next(tax for tax, r in responses.values() if r.status_code == 302)
    loser = next(r for _tax, r in responses.values() if r.status_code == 200)
    assert "其他人已修改并保存了本月数据" in loser.content.decode()
    stored = MonthlyValue.objects.get(zone=zone, indicator__code="tax_revenue", year=YEAR, month=MONTH)
    assert stored.ytd_value == int(winner_tax)
    # One save recorded on top of the first entry: the loser's figure is nowhere.
    assert ZoneMonth.objects.get(zone=zone, year=YEAR, month=MONTH).version == version + 1
    history = list(ChangeRecord.objects.filter(field="value").values_list("old_value", "new_value"))
    assert len(history) == 1 and history[0][0] == "1000" and history[0][1].startswith(winner_tax)


def test_a_stale_form_is_told_of_the_conflict(zone, staff, client_for, enter):
    """The same rule on any database: a form loaded before someone else's save is refused."""
    enter(zone, YEAR, MONTH, {"tax_revenue": 1000})
    version = ZoneMonth.objects.get(zone=zone, year=YEAR, month=MONTH).version
    client = client_for(staff)
    assert client.post(_url(zone), {"version": version, "v_tax_revenue": "2000"}).status_code == 302
    before = _month_state()
    stale = client.post(_url(zone), {"version": version, "v_tax_revenue": "3000"})
    assert stale.status_code == 200
    assert "其他人已修改并保存了本月数据" in stale.content.decode()
    assert _month_state() == before


@pytest.mark.parametrize("error", [
    OperationalError("server closed the connection unexpectedly"),
    InterfaceError("connection already closed"),
])
@pytest.mark.parametrize("failing", ["update", "insert"])  # core.bulk: COPY or the ORM's bulk writes
def test_database_lost_during_a_save_shows_503_and_writes_nothing(zone, staff, client_for, enter, failing, error):
    enter(zone, YEAR, MONTH, {"tax_revenue": 1000, "fixed_asset_investment": 10})
    version = ZoneMonth.objects.get(zone=zone, year=YEAR, month=MONTH).version
    before = _month_state()
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    form = {
        "version": version,
        "v_tax_revenue": "2000",  # an update
        "v_fixed_asset_investment": "12",  # an update
        "v_industrial_output": "50",  # a new row, created before the updates
        "c_industrial_output": "新填",
    }
    with mock.patch.object(bulk, failing, side_effect=error):
        response = client.post(_url(zone), form)
    assert response.status_code == 503
    page = response.content.decode()
    assert "没有保存任何数据" in page and "Nothing from this request was saved" in page
    assert response["Retry-After"]
    assert _month_state() == before

    # Once the database is back the same form saves whole.
    assert client.post(_url(zone), form).status_code == 302
    assert MonthlyValue.objects.get(zone=zone, indicator__code="industrial_output", year=YEAR, month=MONTH).ytd_value == 50


@pytest.mark.parametrize("failing", ["session", "user"])
def test_database_lost_before_the_view_shows_503(zone, staff, failing):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    error = OperationalError("could not connect to server")
    target = mock.patch.object(SessionStore, "load", side_effect=error) if failing == "session" else \
        mock.patch("django.contrib.auth.get_user_model", side_effect=error)
    with target:
        response = client.get(_url(zone))
    assert response.status_code == 503
    assert response["Retry-After"] and "没有保存任何数据" in response.content.decode()


def test_other_errors_are_not_reported_as_a_database_outage(zone, staff, enter):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    with mock.patch.object(bulk, "insert", side_effect=RuntimeError("bug")):
        response = client.post(_url(zone), {"version": 0, "v_tax_revenue": "5"})
    assert response.status_code == 500


def test_reports_for_a_zone_with_no_data_are_useful_empty_drafts(zone, leader, client_for):
    import io

    import docx

    client = client_for(leader)
    preview = client.get(f"/reports/{zone.code}/2024/")
    assert preview.status_code == 200
    for url in [f"/reports/{zone.code}/2024/download/", f"/reports/{zone.code}/2024/10/briefing/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
        assert zone.name in text
        assert "暂无数据" not in text  # an empty part is left out
