"""Scheduled work runs wherever the app runs, once per period across processes: from Celery beat's
tasks or from the app's own thread, and `make run`'s server with nothing else started sends the
day's reminders by itself."""

import datetime
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from jobs import periodic, tasks
from jobs.models import Job, PeriodicRun
from notifications.models import Notification
from tests.devzone.test_two_servers import _database_url, _loopback_socket

ROOT = Path(__file__).resolve().parents[2]


def _at(iso: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(iso))


def test_each_piece_runs_once_per_period(zone, staff, settings):
    settings.DEVZONE_TODAY = "2026-03-06"
    assert periodic.run_due(_at("2026-03-06T08:00")) == ["reminders", "cleanup", "sweep"]
    assert Notification.objects.filter(user=staff).count() == 1
    assert periodic.run_due(_at("2026-03-06T08:10")) == []  # the same day, the same quarter hour
    assert periodic.run_due(_at("2026-03-06T08:20")) == ["sweep"]
    assert periodic.run_due(_at("2026-03-07T00:05")) == ["reminders", "cleanup", "sweep"]
    assert Job.objects.filter(kind=Job.Kind.REMINDERS).count() == 2
    reminders = PeriodicRun.objects.get(name="reminders")
    assert reminders.period == "2026-03-07" and reminders.finished_at and "新发送" in reminders.outcome


def test_beat_and_the_app_share_the_claim(zone, staff, settings):
    """Beat's task finds today's reminders run by the app's thread (or the other way round)."""
    settings.DEVZONE_TODAY = "2026-03-06"
    assert periodic.run_if_due("reminders")
    tasks.send_reminders()
    tasks.sweep_stuck()
    assert Job.objects.filter(kind=Job.Kind.REMINDERS).count() == 1
    assert PeriodicRun.objects.get(name="sweep").finished_at is not None


def test_a_failing_piece_is_recorded_and_does_not_stop_the_rest(zone, monkeypatch):
    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setitem(periodic.PERIODIC, "cleanup", periodic.Periodic("cleanup", periodic.DAY, broken))
    assert periodic.run_due(_at("2026-03-06T08:00")) == ["reminders", "cleanup", "sweep"]
    assert PeriodicRun.objects.get(name="cleanup").outcome == "RuntimeError: disk full"


def test_the_app_thread_starts_only_when_settings_say(settings):
    settings.PERIODIC_WORK_IN_APP = False
    assert periodic.start_in_app() is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_run_with_nothing_else_sends_the_days_reminders(catalogue, zone, staff, tmp_path):
    """The development server `make run` starts (runserver, no broker, no beat) sends the reminders
    due today by itself, here within seconds (its first check is set to one second)."""
    database = _database_url(tmp_path)
    if not database.startswith("sqlite"):
        pytest.skip("reads the server's notifications from its SQLite file; on PostgreSQL see the other tests")
    sock = _loopback_socket()
    port = sock.getsockname()[1]
    sock.close()
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environ.update(DATABASE_URL=database, DEVZONE_TODAY="2026-03-06", PERIODIC_FIRST_CHECK_SECONDS="1",
                   DJANGO_SETTINGS_MODULE="devzone.settings", DEBUG="1")
    environ.pop("PERIODIC_WORK_IN_APP", None)  # as `make run`: the default, on without a broker
    log = tmp_path / "runserver.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                  cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        found = []
        while not found and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(1)
            with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
                found = db.execute("SELECT event_key FROM notifications_notification").fetchall()
        assert found == [("overdue:indicators:HX:2026-2",)], log.read_text()
    finally:
        server.terminate()
        server.wait(15)
