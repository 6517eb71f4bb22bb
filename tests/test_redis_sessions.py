"""With REDIS_URL set (production, make bench), the shared cache is Redis and sessions are read
from it: a request reads its session without a query, and a logout ends it everywhere."""

import os
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
# A database number of its own, emptied around each test.
TEST_REDIS = "redis://127.0.0.1:6379/13"


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(TEST_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


def _use_redis(settings, location):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "devzone.redis_cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.SESSION_ENGINE = "devzone.sessions"


@pytest.fixture
def redis_settings(settings):
    _use_redis(settings, TEST_REDIS)
    caches["default"].clear()
    yield
    caches["default"].clear()


def _settings_with(env: dict) -> list[str]:
    script = (
        "import django.conf as c, devzone.settings as s; "
        "print(s.SESSION_ENGINE if hasattr(s, 'SESSION_ENGINE') else c.global_settings.SESSION_ENGINE); "
        "print(s.CACHES['default']['BACKEND'])"
    )
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | env
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_redis_url_puts_the_cache_and_the_sessions_in_redis():
    assert _settings_with({"REDIS_URL": TEST_REDIS}) == ["devzone.sessions", "devzone.redis_cache.RedisCache"]
    assert _settings_with({}) == [
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


@needs_redis
def test_the_backend_keeps_its_client_and_works(redis_settings):
    cache = caches["default"]
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.set("k", {"a": 1}, 30)
    assert cache.get("k") == {"a": 1}
    assert cache.add("n", 1) and not cache.add("n", 5)
    assert cache.incr("n") == 2 == cache.get("n")
    cache.delete("k")
    assert cache.get("k") is None


def _logged_in(user) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


@needs_redis
def test_a_logged_in_request_reads_its_session_without_a_query(redis_settings, leader):
    client = _logged_in(leader)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


@needs_redis
def test_a_logout_ends_the_session_for_every_copy_of_its_cookie(redis_settings, leader):
    client = _logged_in(leader)
    # The same cookie sent to another worker (or replayed) after the logout.
    replay = Client()
    replay.cookies = SimpleCookie(client.cookies)
    assert replay.get("/dashboard/").status_code == 200
    client.post("/accounts/logout/")
    response = replay.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logged_in_users_are_served_from_the_database_while_redis_is_away(settings, leader, caplog):
    settings.SESSION_ENGINE = "devzone.sessions"
    client = Client()
    client.force_login(leader)  # logging in needs the cache (as the login rate limit does)
    _use_redis(settings, "redis://127.0.0.1:1/0")  # nothing listens there: refused at once
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    assert [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert "Session cache unavailable" in caplog.text
