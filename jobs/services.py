from django.db import transaction
from django.utils import translation

from .models import Job
from .tasks import run_job


def start(kind: str, user, params: dict) -> Job:
    """Record the job and queue it once the row is committed (inline without a broker)."""
    job = Job.objects.create(kind=kind, user=user, params={**params, "language": translation.get_language()})
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job
