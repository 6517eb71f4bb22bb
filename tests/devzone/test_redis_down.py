"""Redis away (the cache, the throttle counts, the login counts and the job broker), on a
production-like server: gunicorn, DEBUG off, REDIS_URL set. The test starts a Redis of its own and
stops it; pages keep working, the API answers, a job is refused with a message and never left
queued, and logging in says why it cannot, with 503."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from api.tokens import create_token
from tests.conftest import PASSWORD
from tests.dashboard.support import URL as DASHBOARD
from tests.devzone.test_two_servers import Browser, _database_url, _loopback_socket, _wait_until_answering

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class OwnRedis:
    """A redis-server of the test's own on a free loopback port, stopped when the test says."""

    def __init__(self, tmp_path: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                assert time.monotonic() < deadline, "the test's Redis did not start"
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    if subprocess.run(["which", "redis-server"], capture_output=True).returncode:
        pytest.skip("redis-server is not installed")
    started = OwnRedis(tmp_path)
    yield started
    started.stop()


@pytest.fixture
def token(staff):
    return create_token(staff, "monitoring")[1]


@pytest.fixture
def server(catalogue, investment_to_october, staff_login, token, own_redis, tmp_path):
    """One gunicorn server on the test database and the test's own Redis (cache and broker)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEVZONE_HTTPS", "CELERY_BROKER_URL"}}
    environ.update(
        DATABASE_URL=_database_url(tmp_path), REDIS_URL=own_redis.url, SECRET_KEY="redis-down-" + uuid.uuid4().hex,
        DEBUG="0", ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="devzone.settings", PERIODIC_WORK_IN_APP="0",
    )
    sock, log = _loopback_socket(), tmp_path / "gunicorn.log"
    address = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "devzone.wsgi:application", "--bind", f"fd://{sock.fileno()}",
             "--workers", "1", "--timeout", "60", "--no-control-socket", "--error-logfile", "-"],
            cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT, pass_fds=[sock.fileno()],
        )
    try:
        _wait_until_answering(process, address, log)
        yield address
    finally:
        process.terminate()
        process.wait(15)
        sock.close()
        print(log.read_text())  # shown when the test fails


def _api(server: str, path: str, key: str) -> int:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(server + path, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_with_redis_gone_pages_api_jobs_and_login_each_answer_as_they_should(server, own_redis, token, zone):
    browser = Browser()
    assert browser.log_in(server, PASSWORD) == 302
    assert _api(server, "/api/v1/zones/", token) == 200

    own_redis.stop()

    # Pages: computed afresh without the cache.
    status, _location, page = browser.open(server, DASHBOARD)
    assert status == 200 and "22.32" in page
    # The API: throttled in the process's own memory, not failed.
    assert _api(server, "/api/v1/zones/", token) == 200
    # A job: refused at once with a message, its row failed rather than queued for ever.
    status, location, _page = browser.submit(server, "/jobs/drafts/", "year", {"zones": str(zone.pk), "year": "2025"})
    assert status == 302, _page
    status, _location, page = browser.open(server, location)
    assert status == 200 and "任务队列暂时不可用" in page and "失败" in page and 'http-equiv="refresh"' not in page
    # Logging in: a message and 503, not an error page.
    status, _location, page = Browser().submit(server, "/accounts/login/", "username", {"username": "staff", "password": PASSWORD})
    assert status == 503 and "登录服务暂时不可用，请稍后再试" in page
