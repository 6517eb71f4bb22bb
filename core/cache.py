"""Computed parts of pages (dashboard bodies, rankings, chart pictures) in Django's cache.

The cache is Redis when REDIS_URL is set, shared by every worker and server. Callers key a part by
everything its result depends on: the zones' data versions (raised by every write in its own
transaction), the period, the language and the day. A write therefore never needs to delete
anything: the next request looks for a key that does not exist yet, and old keys expire.
"""

import hashlib
import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Parts of a day's pages are worth keeping for that day at most (their keys carry the day).
TIMEOUT_SECONDS = 24 * 3600


def cache_key(namespace: str, key_parts: tuple) -> str:
    return f"{namespace}:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()


def remember(namespace: str, key_parts: tuple, compute):
    """`compute()`, kept under `key_parts`. With the cache away, the part is computed each time:
    a Redis outage makes pages slower, never wrong or failed."""
    key = cache_key(namespace, key_parts)
    try:
        value = cache.get(key)
    except RedisError:
        logger.warning("Cache unavailable: %s computed without it", namespace, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT_SECONDS)
        except RedisError:
            logger.warning("Cache unavailable: %s not kept", namespace, exc_info=True)
    return value
