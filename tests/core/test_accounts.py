"""Accounts: changing one's own password, an administrator setting a user's, the idle timeout,
and no cache keeping a logged-in user's pages or exports."""

import time

import pytest
from django.test import Client

from core.middleware import IdleTimeoutMiddleware

from tests.conftest import PASSWORD

NEW = "Kx9#tree-lantern-47"


def test_a_user_changes_their_own_password_from_the_header(staff, client_for):
    client = client_for(staff)
    assert 'href="/accounts/password/"' in client.get("/dashboard/", follow=True).content.decode()
    page = client.get("/accounts/password/").content.decode()
    assert "当前密码" in page and "再次输入新密码" in page
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert "密码已修改" in client.get(response["Location"]).content.decode()
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    assert client.get("/data/").status_code == 200  # still logged in
    assert Client().post("/accounts/login/", {"username": "staff", "password": NEW}).status_code == 302


@pytest.mark.parametrize("old, new", [("wrong-password", NEW), (PASSWORD, "12345678")])
def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(staff, client_for, old, new):
    response = client_for(staff).post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_the_password_page_needs_a_login():
    assert Client().get("/accounts/password/")["Location"].startswith("/accounts/login/")


def test_an_administrator_sets_a_users_password_in_the_admin(administrator, staff, client_for):
    client = client_for(administrator)
    url = f"/admin/zones/user/{staff.pk}/password/"
    assert 'href="../password/"' in client.get(f"/admin/zones/user/{staff.pk}/change/").content.decode()
    response = client.post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW)


def _last_activity(client):
    return client.session.get(IdleTimeoutMiddleware.KEY)


def test_a_session_idle_past_the_timeout_is_logged_out(staff, client_for, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client = client_for(staff)
    assert client.get("/data/").status_code == 200
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = int(time.time()) - 61 * 60
    session.save()
    response = client.get("/data/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "长时间未操作" in client.get(response["Location"]).content.decode()


def test_an_active_session_stays_and_its_time_is_written_at_most_once_a_minute(staff, client_for):
    client = client_for(staff)
    client.get("/data/")
    first = _last_activity(client)
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = first - 59 * 60  # 59 minutes ago: still within the hour
    session.save()
    assert client.get("/data/").status_code == 200
    refreshed = _last_activity(client)
    assert refreshed >= first
    assert client.get("/data/").status_code == 200
    assert _last_activity(client) == refreshed  # the next request within the minute writes nothing


def test_logged_in_pages_and_exports_are_private_and_not_stored(staff, client_for, zone):
    client = client_for(staff)
    for url in ["/data/", f"/data/export/?kind=values&format=csv&zone={zone.code}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
