"""Starting jobs, and failing those that can no longer end.

A job is queued only if the broker takes it: with the broker away the user is told at once and the
row is failed (or, where settings.JOBS_RUN_INLINE_WITHOUT_BROKER allows, run in the request).
A user may have at most settings.JOBS_MAX_ACTIVE_PER_USER jobs queued or running, so one person
cannot fill the shared queue. The sweeper fails jobs left queued or running past their limits
(a message the broker lost, a worker killed), with the reason.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import runner, tasks
from .models import Job

logger = logging.getLogger(__name__)
Status = Job.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)


class JobRefused(ValidationError):
    """The user has too many jobs waiting or running."""


@transaction.atomic
def start(kind: str, user, params: dict) -> Job:
    """Record the job and queue it once the row is committed. The returned job may already have
    failed (the broker refused it) or be done (run inline): its status says."""
    if user is not None:
        # The user's row lock: two submissions at once cannot both take the last place.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        limit = settings.JOBS_MAX_ACTIVE_PER_USER
        if Job.objects.filter(user=user, status__in=ACTIVE).count() >= limit:
            raise JobRefused(ngettext(
                "您已有%(n)s个任务在排队或进行中，请等其完成后再发起新的任务。",
                "您已有%(n)s个任务在排队或进行中，请等其完成后再发起新的任务。", limit) % {"n": limit})
    job = Job.objects.create(kind=kind, user=user, params={**params, "language": translation.get_language()})
    transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    try:
        # retry=False: a broker that does not answer is reported now, not retried for minutes.
        tasks.run_job.apply_async((job.pk,), retry=False)
    except Exception:  # noqa: BLE001 - kombu and redis raise many kinds of connection errors
        logger.warning("Job %s not queued: the broker is unavailable", job.pk, exc_info=True)
        if settings.JOBS_RUN_INLINE_WITHOUT_BROKER:
            runner.execute(job.pk)
        else:
            Job.objects.filter(pk=job.pk, status=Status.QUEUED).update(
                status=Status.FAILED, finished_at=timezone.now(),
                error=_("任务队列暂时不可用，任务未能开始，也未做任何更改。请稍后重新发起。"),
            )
    job.refresh_from_db(fields=["status", "error", "message", "finished_at"])


def sweep_stuck(now: datetime.datetime | None = None) -> int:
    """Fail the jobs queued or running past their limits; how many."""
    now = now or timezone.now()
    queued_before = now - datetime.timedelta(minutes=settings.JOBS_QUEUED_LIMIT_MINUTES)
    running_before = now - datetime.timedelta(minutes=settings.JOBS_RUNNING_LIMIT_MINUTES)
    queued = Job.objects.filter(status=Status.QUEUED, created_at__lt=queued_before).update(
        status=Status.FAILED, finished_at=now,
        error=_("任务排队超过%(m)s分钟仍未开始（任务队列可能中断），已取消，未做任何更改。请重新发起。") % {
            "m": settings.JOBS_QUEUED_LIMIT_MINUTES},
    )
    running = Job.objects.filter(status=Status.RUNNING, started_at__lt=running_before).update(
        status=Status.FAILED, finished_at=now,
        error=_("任务运行超过%(m)s分钟仍未结束（执行任务的进程可能已中断），已标记为失败。导入在一个事务中写入，未完成的导入没有做任何更改。") % {
            "m": settings.JOBS_RUNNING_LIMIT_MINUTES},
    )
    return queued + running
