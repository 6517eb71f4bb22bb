"""With REDIS_URL set (production, make bench), computed page parts live in Redis, shared by every
worker and server; a Redis outage makes pages slower, never failed or wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

from tests.dashboard.support import URL, cell

ROOT = Path(__file__).resolve().parents[2]
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
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


@pytest.fixture
def redis_settings(settings):
    _use_redis(settings, TEST_REDIS)
    caches["default"].clear()
    yield
    caches["default"].clear()


def _settings(env: dict) -> list[str]:
    script = (
        "import django.conf as c, devzone.settings as s; "
        "print(getattr(s, 'SESSION_ENGINE', c.global_settings.SESSION_ENGINE)); "
        "print(s.CACHES['default']['BACKEND']); print(s.CACHES['default']['KEY_PREFIX'])"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DEVZONE_RELEASE")} | env
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_redis_url_puts_the_cache_in_redis_and_sessions_stay_djangos():
    engine, backend, release = _settings({"REDIS_URL": TEST_REDIS})
    assert (engine, backend) == ("django.contrib.sessions.backends.db", "django.core.cache.backends.redis.RedisCache")
    assert _settings({})[:2] == [engine, "django.core.cache.backends.locmem.LocMemCache"]
    # Parts kept by one release are not read by the next: the code is in the key.
    assert _settings({})[2] == release and len(release) == 16
    assert _settings({"DEVZONE_RELEASE": "r42"})[2] == "r42"


@needs_redis
def test_dashboard_parts_are_kept_in_redis_for_every_worker(redis_settings, investment_to_october, leader, client_for):
    import redis

    html = client_for(leader).get(URL).content.decode()
    keys = redis.Redis.from_url(TEST_REDIS).keys("test:*:dashboard:*")
    assert len(keys) >= 2, keys  # the period and the body
    # Another worker's memory is empty; what it serves comes from Redis.
    caches["default"].close()
    assert cell(client_for(leader).get(URL).content.decode(), "fixed_asset_investment", "ytd") == cell(
        html, "fixed_asset_investment", "ytd"
    )


def test_the_dashboard_is_served_while_redis_is_away(settings, investment_to_october, leader, client_for, caplog):
    client = client_for(leader)
    _use_redis(settings, "redis://127.0.0.1:1/0")  # nothing listens there: refused at once
    response = client.get(URL)
    assert response.status_code == 200
    assert cell(response.content.decode(), "fixed_asset_investment", "ytd") == "22.32亿元"
    assert "Cache unavailable" in caplog.text
