"""Two application servers (two gunicorn processes on loopback ports) on one database and one
Redis, driven over real HTTP: a session, a saved figure, a previewed import and failed logins
reach the other server, because none of them is kept in a server's own memory."""

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
from django.db import connection

from tests.conftest import PASSWORD
from tests.dashboard.support import URL as DASHBOARD
from tests.dashboard.support import cell

ROOT = Path(__file__).resolve().parents[2]
# A Redis database of its own; each run keeps its keys under its own prefix and removes them.
REDIS_URL = "redis://127.0.0.1:6379/11"
LOGIN_FAILURE_LIMIT = 3
ENTRY = "/entry/HX/2025/10/"
TIMEOUT = 30


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class _Forms(HTMLParser):
    """What a browser would submit from each form of a page: named inputs (checked boxes only)."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and self.forms and attrs.get("name") and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file"}:
                self.forms[-1][attrs["name"]] = attrs.get("value") or ""


def form_with(html: str, field: str) -> dict:
    return next(form for form in _Forms(html).forms if field in form)


class Browser:
    """One browser: a cookie jar sent to both servers (cookies do not depend on the port),
    no proxy, redirects not followed unless asked."""

    class _Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._Stay()
        )

    def open(self, server: str, path: str, data: dict | None = None, file: tuple | None = None, follow=False):
        """(status, location, body). `file` is (field, filename, bytes): a multipart POST."""
        headers, body = {}, None
        if file:
            boundary = uuid.uuid4().hex
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            body = _multipart(boundary, data or {}, file)
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(server + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, location, text = response.status, None, response.read().decode()
        except urllib.error.HTTPError as error:
            status, location, text = error.code, error.headers.get("Location"), error.read().decode()
        if follow and status in (301, 302, 303):
            return self.open(server, urllib.parse.urljoin(path, location))
        return status, location, text

    def submit(self, server: str, path: str, field: str, changes: dict):
        """GET the page, then POST its form holding `field` (CSRF token included) with `changes`."""
        status, _, page = self.open(server, path)
        assert status == 200, (path, status)
        return self.open(server, path, {**form_with(page, field), **changes})

    def log_in(self, server: str, password: str) -> int:
        return self.submit(server, "/accounts/login/", "username", {"username": "staff", "password": password})[0]


def _multipart(boundary: str, fields: dict, file: tuple) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def _database_url(tmp_path: Path) -> str:
    """The test database, as a URL the servers can open."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = urllib.parse.quote(db["USER"] or "")
        password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
        return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if connection.vendor == "sqlite":
        if not connection.is_in_memory_db():
            return f"sqlite:///{Path(db['NAME']).resolve()}"
        # pytest-django's SQLite test database lives in this process's memory: the servers share a
        # file copy of it, data included (the test then reads results through the servers).
        copy = tmp_path / "servers.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return f"sqlite:///{copy}"
    pytest.skip(f"no URL for a {connection.vendor} test database")


def _loopback_socket() -> socket.socket:
    """A socket bound to a free loopback port, handed to gunicorn by its descriptor: no other
    process can take the port between choosing it and gunicorn listening on it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.set_inheritable(True)
    return sock


def _wait_until_answering(process: subprocess.Popen, server: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, f"{server} exited:\n{log.read_text()}"
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(server + "/accounts/login/", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # answering, if not as it should: the test's own requests will say how
        except OSError:
            assert time.monotonic() < deadline, f"{server} never answered:\n{log.read_text()}"
            time.sleep(0.2)


@pytest.fixture
def servers(catalogue, investment_to_october, staff_login, tmp_path):
    """Two gunicorn servers (one sync worker each) on the test database and one Redis database,
    under a release of this run's own: its keys are those of this run alone, removed after."""
    release = "two-servers-" + uuid.uuid4().hex[:12]
    unset = {"DJANGO_ALLOW_ASYNC_UNSAFE", "LOGIN_CLIENT_IP_HEADER", "DEVZONE_HTTPS"}
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    environ.update(
        DATABASE_URL=_database_url(tmp_path),
        REDIS_URL=REDIS_URL,
        DEVZONE_RELEASE=release,
        SECRET_KEY="two-servers-test-" + uuid.uuid4().hex,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
        DJANGO_SETTINGS_MODULE="devzone.settings",
    )
    started = []
    try:
        for name in ("a", "b"):
            sock, log = _loopback_socket(), tmp_path / f"gunicorn-{name}.log"
            command = [
                sys.executable, "-m", "gunicorn", "devzone.wsgi:application", "--bind", f"fd://{sock.fileno()}",
                "--workers", "1", "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5",
                "--no-control-socket", "--error-logfile", "-",
            ]
            with log.open("w") as out:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT, pass_fds=[sock.fileno()]
                )
            started.append((process, sock, f"http://127.0.0.1:{sock.getsockname()[1]}", log))
        for process, _, server, log in started:
            _wait_until_answering(process, server, log)
        yield release, [server for _, _, server, _ in started]
    finally:
        for process, _, _, _ in started:
            process.terminate()
        for process, sock, server, log in started:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
            sock.close()
            print(f"--- {server} ---\n{log.read_text()}")  # shown when the test fails
        shared = redis.Redis.from_url(REDIS_URL)
        for key in shared.scan_iter(f"{release}:*"):
            shared.delete(key)
        shared.close()


def test_two_servers_share_sessions_figures_uploads_and_login_failures(servers):
    release, (a, b) = servers
    browser = Browser()

    # Logged in on A, and by the same cookie on B: the session is in the database.
    assert browser.log_in(a, PASSWORD) == 302
    status, location, page = browser.open(b, DASHBOARD)
    assert status == 200, (status, location)
    assert cell(page, "fixed_asset_investment", "ytd") == "22.32亿元"
    assert redis.Redis.from_url(REDIS_URL).keys(f"{release}:*dashboard:*"), "B did not keep its dashboard in Redis"

    # A figure saved on A shows on B's next dashboard.
    status, location, page = browser.submit(a, ENTRY, "version", {"v_fixed_asset_investment": "31.47", "confirm_warnings": "on"})
    assert (status, location) == (302, ENTRY), page
    assert cell(browser.open(b, DASHBOARD)[2], "fixed_asset_investment", "ytd") == "31.47亿元"

    # An import previewed on A is confirmed on B, and stored.
    values = b"zone,indicator,year,month,value\nHX,tax_revenue,2025,10,26362\n"
    token = form_with(browser.open(a, "/data/")[2], "csrfmiddlewaretoken")["csrfmiddlewaretoken"]
    fields = {"csrfmiddlewaretoken": token, "kind": "values"}
    status, _, preview = browser.open(a, "/data/", fields, file=("file", "values.csv", values))
    assert status == 200 and 'name="token"' in preview, preview
    status, _, done = browser.open(b, "/data/confirm/", form_with(preview, "token"), follow=True)
    assert status == 200 and "新增1行" in done, done
    assert form_with(browser.open(a, ENTRY)[2], "version")["v_tax_revenue"] == "26362"

    # Failed logins counted on A and on B add up: then even the right password is refused on both.
    stranger = Browser()
    for _ in range(LOGIN_FAILURE_LIMIT - 1):
        assert stranger.log_in(a, "wrong-" + PASSWORD) == 200
    assert stranger.log_in(b, "wrong-" + PASSWORD) == 200
    assert stranger.log_in(a, PASSWORD) == 429
    assert stranger.log_in(b, PASSWORD) == 429
