"""A real server (gunicorn, one worker, kept connections) whose database connections are
terminated while it runs answers 503 or recovers on the next request, never 500."""

import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from tests.conftest import PASSWORD
from tests.devzone.test_two_servers import ROOT, Browser, _database_url, _loopback_socket, _wait_until_answering

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PAGES = ["/", "/entry/HX/2025/10/", "/dashboard/", "/data/"]  # followed through their redirects


@pytest.fixture
def server(catalogue, staff_login, tmp_path):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("terminates PostgreSQL backends (pg_terminate_backend): run on PostgreSQL")
    environ = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DEVZONE_HTTPS"}}
    environ.update(DATABASE_URL=_database_url(tmp_path), CONN_MAX_AGE="600", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
                   SECRET_KEY="database-loss-" + uuid.uuid4().hex, DJANGO_SETTINGS_MODULE="devzone.settings")
    sock, log = _loopback_socket(), tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "devzone.wsgi:application", "--bind", f"fd://{sock.fileno()}",
               "--workers", "1", "--timeout", "60", "--graceful-timeout", "5", "--no-control-socket", "--error-logfile", "-"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT, pass_fds=[sock.fileno()])
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        _wait_until_answering(process, url, log)
        yield url
    finally:
        process.terminate()
        process.wait(15)
        sock.close()
        print(log.read_text())


def _terminate_the_servers_connections():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def test_terminated_connections_answer_503_or_recover_never_500(server):
    browser = Browser()
    assert browser.log_in(server, PASSWORD) == 302
    statuses = []
    for _ in range(3):
        for page in PAGES:
            assert browser.open(server, page, follow=True)[0] == 200, page
        assert _terminate_the_servers_connections() >= 1
        statuses += [browser.open(server, page, follow=True)[0] for page in PAGES]
    assert set(statuses) <= {200, 503}, statuses
    # Kept connections are checked before use (CONN_HEALTH_CHECKS): the next request recovers.
    assert statuses.count(200) >= len(statuses) - 3, statuses
    assert all(browser.open(server, page, follow=True)[0] == 200 for page in PAGES)
