from celery import shared_task

from . import runner
from .models import Job


@shared_task(name="jobs.run")
def run_job(job_id: int) -> None:
    runner.execute(job_id)


def _system_job(kind: str) -> None:
    """A scheduled job, recorded as a Job row like those users start."""
    runner.execute(Job.objects.create(kind=kind).pk)


@shared_task(name="jobs.send_reminders")
def send_reminders() -> None:
    _system_job(Job.Kind.REMINDERS)


@shared_task(name="jobs.clear_expired_uploads")
def clear_expired_uploads() -> None:
    _system_job(Job.Kind.CLEANUP)
