"""Production settings, login rate limiting, password rules and CSRF protection."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from indicators.models import MonthlyValue

from tests.conftest import PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


def test_check_deploy_is_clean_with_production_settings():
    # Only the variables a production server would have (the browser tests set async-unsafe mode).
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "DEVZONE_HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_production_settings_send_hsts_secure_cookies_and_csp(settings, staff, client_for):
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    response = Client().get(LOGIN, secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "http" not in policy  # no other origin is allowed
    assert response.headers["X-Frame-Options"] == "DENY"


def _fail(client, username, password="wrong-password", address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_is_refused_with_429_after_five_failures_for_a_username(staff):
    client = Client()
    for _ in range(5):
        response = _fail(client, "staff")
        assert response.status_code == 200  # the usual "wrong password" form
    # Even the right password is refused now, from a different address too.
    response = _fail(client, "staff", PASSWORD, address="10.0.0.99")
    assert response.status_code == 429
    assert "登录失败次数过多，请15分钟后再试。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_username_limit_ignores_case_and_spaces(staff):
    client = Client()
    for name in ["staff", "STAFF", " Staff ", "staff", "sTaff"]:
        _fail(client, name, address=f"10.0.1.{len(name)}")
    assert _fail(client, "staff", PASSWORD, address="10.0.2.1").status_code == 429


def test_login_is_refused_after_five_failures_from_one_address(staff):
    client = Client()
    for n in range(5):
        assert _fail(client, f"nobody{n}").status_code == 200
    assert _fail(client, "staff", PASSWORD).status_code == 429
    # Another address may still log in.
    response = _fail(client, "staff", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_the_window_expires(staff, settings):
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 60
    client = Client()
    for _ in range(5):
        _fail(client, "staff")
    assert _fail(client, "staff", PASSWORD).status_code == 429
    cache.clear()  # what the expiry of the window does
    assert _fail(client, "staff", PASSWORD).status_code == 302


def test_successful_login_clears_the_username_count(staff):
    client = Client()
    for n in range(4):
        _fail(client, "staff", address=f"10.0.3.{n}")
    assert _fail(Client(), "staff", PASSWORD, address="10.0.3.9").status_code == 302
    for n in range(4):
        assert _fail(client, "staff", address=f"10.0.4.{n}").status_code == 200


def test_proxy_header_names_the_client_when_configured(staff, settings):
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    for n in range(5):
        client.post(LOGIN, {"username": f"x{n}", "password": "bad"}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.9.9.9")
    # Same proxy address, another real client: not blocked.
    ok = client.post(LOGIN, {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.9.9.8")
    assert ok.status_code == 302


@pytest.mark.parametrize("weak", ["12345678", "password", "abc", "staff2024", "11111111111"])
def test_weak_passwords_are_refused(staff, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=staff)
    form = AdminPasswordChangeForm(staff, {"password1": weak, "password2": weak})
    assert not form.is_valid()
    assert SetPasswordForm(staff, {"new_password1": weak, "new_password2": weak}).is_valid() is False
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_admin_refuses_a_weak_password_for_a_new_user(administrator, client_for):
    client = client_for(administrator)
    response = client.post(
        "/admin/zones/user/add/",
        {"username": "newstaff", "password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "这个密码太常见了" in response.content.decode() or "password is too common" in response.content.decode()
    from zones.models import User

    assert not User.objects.filter(username="newstaff").exists()


def test_a_strong_password_is_accepted(staff):
    validate_password("Kx9#tree-lantern-47", user=staff)


def test_post_without_csrf_token_is_refused(zone, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(f"/entry/{zone.code}/2024/10/", {"version": "0", "v_tax_revenue": "100"})
    assert response.status_code == 403
    assert not MonthlyValue.objects.exists()
    preview = client.post(f"/entry/{zone.code}/2024/10/preview/", {"version": "0", "v_tax_revenue": "100"})
    assert preview.status_code == 403


def test_post_with_csrf_token_from_the_page_is_accepted(zone, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    url = f"/entry/{zone.code}/2024/10/"
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"version": "0", "v_tax_revenue": "100", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert MonthlyValue.objects.filter(zone=zone, year=2024, month=10).exists()


def test_login_without_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403
