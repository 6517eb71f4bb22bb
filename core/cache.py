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


def recall(namespace: str, key_parts: tuple):
    """The part kept under `key_parts`, else None (also with the cache away)."""
    try:
        return cache.get(cache_key(namespace, key_parts))
    except RedisError:
        logger.warning("Cache unavailable: %s computed without it", namespace, exc_info=True)
        return None


def keep(namespace: str, key_parts: tuple, value) -> None:
    try:
        cache.set(cache_key(namespace, key_parts), value, TIMEOUT_SECONDS)
    except RedisError:
        logger.warning("Cache unavailable: %s not kept", namespace, exc_info=True)


def remember(namespace: str, key_parts: tuple, compute):
    """`compute()`, kept under `key_parts`. With the cache away, the part is computed each time:
    a Redis outage makes pages slower, never wrong or failed."""
    return remember_many(namespace, {None: key_parts}, lambda missing: {None: compute()})[None]


def remember_many(namespace: str, key_parts: dict, compute_missing) -> dict:
    """{item: part} for every item of `key_parts` ({item: its key parts}): those kept are read in
    one round trip, the others computed together by `compute_missing(items)` ({item: part} for
    each) and kept. Parts kept per zone under its data version let a write to one zone
    recompute that zone's part alone."""
    keys = {item: cache_key(namespace, parts) for item, parts in key_parts.items()}
    try:
        found = cache.get_many(list(keys.values()))
    except RedisError:
        logger.warning("Cache unavailable: %s computed without it", namespace, exc_info=True)
        return compute_missing(list(keys))
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in keys if item not in values]
    if missing:
        computed = compute_missing(missing)
        try:
            cache.set_many({keys[item]: computed[item] for item in missing}, TIMEOUT_SECONDS)
        except RedisError:
            logger.warning("Cache unavailable: %s not kept", namespace, exc_info=True)
        values.update(computed)
    return values
