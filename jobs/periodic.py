"""Scheduled work, wherever the app runs: reminders and the clean-up of expired uploads once a
day, the sweep of stuck jobs every quarter of an hour.

With a Celery beat (production), beat starts it (settings.CELERY_BEAT_SCHEDULE, jobs.tasks).
Without one (the embedded `make run`, a single server), a thread of the app process checks every
few minutes what is due (settings.PERIODIC_WORK_IN_APP). Either way each piece claims its period
in its PeriodicRun row first, so it runs once per period across processes, beat included.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from . import runner, services
from .models import Job, PeriodicRun

logger = logging.getLogger(__name__)

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: datetime.timedelta
    work: Callable[[], str]

    def period(self, now: datetime.datetime) -> str:
        """The period `now` falls in: the local day, or the slot of `every` within it."""
        local = timezone.localtime(now)
        if self.every >= DAY:
            return local.date().isoformat()
        slot = int((local - local.replace(hour=0, minute=0, second=0, microsecond=0)) / self.every)
        return f"{local.date().isoformat()}#{slot}"


def _system_job(kind: str) -> str:
    """Scheduled work recorded as a Job row like the jobs users start, run here and now."""
    job = Job.objects.create(kind=kind)
    runner.execute(job.pk)
    job.refresh_from_db(fields=["status", "message", "error"])
    return job.message or job.error


def _sweep() -> str:
    return str(services.sweep_stuck())


PERIODIC = {
    work.name: work for work in (
        Periodic("reminders", DAY, lambda: _system_job(Job.Kind.REMINDERS)),
        Periodic("cleanup", DAY, lambda: _system_job(Job.Kind.CLEANUP)),
        Periodic("sweep", datetime.timedelta(minutes=15), _sweep),
    )
}


def claim(name: str, period: str) -> bool:
    """Whether this process won `period` of the work `name` (only one process ever does)."""
    try:
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=name)
    except IntegrityError:
        pass  # another process created the row at the same moment
    won = PeriodicRun.objects.filter(name=name).exclude(period=period).update(
        period=period, started_at=timezone.now(), finished_at=None, outcome="")
    return won == 1


def run_if_due(name: str, now: datetime.datetime | None = None) -> bool:
    """Run the work `name` unless its current period has run (or is running) already."""
    work = PERIODIC[name]
    if not claim(name, work.period(now or timezone.now())):
        return False
    try:
        outcome = work.work()
    except Exception as exc:  # noqa: BLE001 - recorded, and tried again next period
        logger.exception("Scheduled work %s failed", name)
        outcome = f"{type(exc).__name__}: {exc}"
    PeriodicRun.objects.filter(name=name).update(finished_at=timezone.now(), outcome=outcome[:2000])
    return True


def run_due(now: datetime.datetime | None = None) -> list[str]:
    """Run every piece of work that is due; the names of those that ran."""
    return [name for name in PERIODIC if run_if_due(name, now)]


def _loop() -> None:
    time.sleep(settings.PERIODIC_FIRST_CHECK_SECONDS)
    while True:
        try:
            run_due()
        except Exception:  # noqa: BLE001 - the database away for a while: try again next time
            logger.exception("Scheduled work not checked")
        finally:
            close_old_connections()
        time.sleep(settings.PERIODIC_CHECK_SECONDS)


def start_in_app() -> threading.Thread | None:
    """Start the app's own scheduler thread when settings.PERIODIC_WORK_IN_APP (no Celery beat)."""
    if not settings.PERIODIC_WORK_IN_APP:
        return None
    thread = threading.Thread(target=_loop, name="devzone-periodic", daemon=True)
    thread.start()
    return thread
