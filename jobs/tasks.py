from celery import shared_task

from . import periodic, runner


@shared_task(name="jobs.run")
def run_job(job_id: int) -> None:
    runner.execute(job_id)


# Beat's schedule (settings.CELERY_BEAT_SCHEDULE): each claims its period first, so the app's own
# scheduler (jobs.periodic) and beat never both run it.
@shared_task(name="jobs.send_reminders")
def send_reminders() -> None:
    periodic.run_if_due("reminders")


@shared_task(name="jobs.clear_expired_uploads")
def clear_expired_uploads() -> None:
    periodic.run_if_due("cleanup")


@shared_task(name="jobs.sweep_stuck")
def sweep_stuck() -> None:
    periodic.run_if_due("sweep")
