"""A running job's progress, kept in Django's cache (Redis in production, shared by the web
processes and the workers) under the job's id, not in its Job row: an import writes in one
transaction, and a Job row updated inside it would be seen by nobody until the commit.

Only a job whose row says running shows these figures, so an entry left behind can never make
a finished job look running; the row keeps the last figures once the job ends."""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Longer than any job runs; the entry is deleted when the job ends.
TIMEOUT_SECONDS = 6 * 3600


def _key(job_id: int) -> str:
    return f"jobs:progress:{job_id}"


def keep(job_id: int, figures: dict) -> None:
    """Best effort: with the cache away the bar stands still, the job goes on."""
    try:
        cache.set(_key(job_id), figures, TIMEOUT_SECONDS)
    except RedisError:
        logger.warning("Cache unavailable: progress of job %s not kept", job_id, exc_info=True)


def read(job_id: int) -> dict:
    try:
        return cache.get(_key(job_id)) or {}
    except RedisError:
        logger.warning("Cache unavailable: progress of job %s not read", job_id, exc_info=True)
        return {}


def forget(job_id: int) -> None:
    try:
        cache.delete(_key(job_id))
    except RedisError:
        logger.warning("Cache unavailable: progress of job %s not deleted", job_id, exc_info=True)
