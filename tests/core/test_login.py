"""The limit on password guesses, the same for the site's login and the admin's: per (username,
address) and per address, atomic under concurrent attempts, on LocMem and on Redis."""

import threading
import uuid
from unittest import mock

import pytest
import redis
from django.contrib.auth import forms as auth_forms
from django.core.cache import cache
from django.test import Client, RequestFactory

from core.login import LoginForm, counters

from tests.conftest import PASSWORD

LOGIN, ADMIN_LOGIN = "/accounts/login/", "/admin/login/"
REFUSED = "登录失败次数过多，请15分钟后再试。"


def _try(client, url, username, password="wrong-password", address="10.0.0.1", **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


@pytest.mark.parametrize("url", [ADMIN_LOGIN, LOGIN])
def test_twelve_wrong_passwords_then_the_right_one_is_refused(administrator, url):
    client = Client()
    for _ in range(12):
        assert _try(client, url, "admin").status_code in (200, 429)
    response = _try(client, url, "admin", PASSWORD)
    assert response.status_code == 429
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_counts_with_the_site_login(administrator):
    for _ in range(3):
        _try(Client(), LOGIN, "admin")
    for _ in range(2):
        assert _try(Client(), ADMIN_LOGIN, "admin").status_code == 200
    assert _try(Client(), ADMIN_LOGIN, "admin", PASSWORD).status_code == 429


def test_an_attacker_elsewhere_cannot_lock_the_user_out(staff):
    for _ in range(30):
        _try(Client(), LOGIN, "staff", address="203.0.113.9")
    assert _try(Client(), LOGIN, "staff", address="203.0.113.9").status_code == 429
    assert _try(Client(), LOGIN, "staff", PASSWORD, address="10.0.0.1").status_code == 302


def test_the_username_count_ignores_case_and_spaces(staff):
    for name in ["staff", "STAFF", " Staff ", "staff", "sTaff"]:
        _try(Client(), LOGIN, name)
    assert _try(Client(), LOGIN, "staff", PASSWORD).status_code == 429


def test_one_address_trying_many_names_is_refused(staff, settings):
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        assert _try(Client(), LOGIN, f"nobody{n}").status_code == 200
    assert _try(Client(), LOGIN, "staff", PASSWORD).status_code == 429
    assert _try(Client(), LOGIN, "staff", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_successful_login_clears_its_count_and_gives_back_its_place(staff, settings):
    for _ in range(4):
        _try(Client(), LOGIN, "staff")
    assert _try(Client(), LOGIN, "staff", PASSWORD).status_code == 302
    for _ in range(4):
        assert _try(Client(), LOGIN, "staff").status_code == 200
    pair, address = counters(RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.1"), "staff")
    assert cache.get(pair[0]) == 4 and cache.get(address[0]) == 8


def test_the_window_expires(staff):
    for _ in range(5):
        _try(Client(), LOGIN, "staff")
    assert _try(Client(), LOGIN, "staff", PASSWORD).status_code == 429
    cache.clear()  # what the expiry of the window does
    assert _try(Client(), LOGIN, "staff", PASSWORD).status_code == 302


def test_the_configured_proxy_header_names_the_client(staff, settings):
    settings.LOGIN_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(5):
        _try(Client(), LOGIN, "staff", address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7")
    assert _try(Client(), LOGIN, "staff", PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7").status_code == 429
    # The same proxy, another real client.
    assert _try(Client(), LOGIN, "staff", PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="10.9.9.8").status_code == 302


def test_without_a_configured_header_a_forged_one_is_ignored(staff, settings):
    settings.LOGIN_CLIENT_IP_HEADER = ""
    for n in range(5):
        _try(Client(), LOGIN, "staff", HTTP_X_REAL_IP=f"198.51.100.{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _try(Client(), LOGIN, "staff", PASSWORD, HTTP_X_REAL_IP="198.51.100.99").status_code == 429


# --- a concurrent burst --------------------------------------------------------------------------


def _redis_url() -> str | None:
    url = "redis://127.0.0.1:6379/14"  # not 12: the Celery worker tests may run beside this one (xdist)
    try:
        return url if redis.Redis.from_url(url, socket_connect_timeout=1).ping() else None
    except redis.RedisError:
        return None


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    if request.param == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("no Redis on 127.0.0.1:6379")
        prefix = "login-burst-" + uuid.uuid4().hex
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                       "KEY_PREFIX": prefix}}
        yield
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        return
    yield


def test_a_burst_of_concurrent_wrong_attempts_gets_no_more_guesses_than_the_limit(shared_cache, settings, db):
    burst = 20
    start = threading.Barrier(burst)
    checked = []

    def slow_wrong_password(request, **credentials):
        checked.append(credentials["username"])
        threading.Event().wait(0.05)  # the password check takes time: the others arrive meanwhile
        return None

    outcomes = []

    def attempt():
        request = RequestFactory().post(LOGIN, REMOTE_ADDR="203.0.113.5")
        form = LoginForm(request, data={"username": "staff", "password": "guess"})
        start.wait()
        form.is_valid()
        outcomes.append("throttled" if form.has_error("__all__", "throttled") else "wrong")

    with mock.patch.object(auth_forms, "authenticate", slow_wrong_password):
        threads = [threading.Thread(target=attempt) for _ in range(burst)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert len(checked) == settings.LOGIN_FAILURE_LIMIT
    assert sorted(outcomes).count("wrong") == settings.LOGIN_FAILURE_LIMIT
    assert outcomes.count("throttled") == burst - settings.LOGIN_FAILURE_LIMIT
    pair, address = counters(RequestFactory().post(LOGIN, REMOTE_ADDR="203.0.113.5"), "staff")
    assert cache.get(pair[0]) == settings.LOGIN_FAILURE_LIMIT
    assert cache.get(address[0]) == settings.LOGIN_FAILURE_LIMIT


def test_with_the_cache_away_login_says_so_with_503(staff, monkeypatch):
    """Guesses cannot be counted: no login, and a message rather than an error page."""

    def away(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "add", away)
    for url in (LOGIN, ADMIN_LOGIN):
        response = _try(Client(), url, "staff", PASSWORD)
        assert response.status_code == 503 and "登录服务暂时不可用，请稍后再试。" in response.content.decode()
