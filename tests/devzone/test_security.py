"""Production settings, password rules and CSRF protection (the login limit: tests/core/test_login.py)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
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
