"""The per-process cache of computed page parts and chart pictures (settings.CACHES["pages"])."""

import hashlib

from django.core.cache import caches


def remember(namespace: str, key_parts: tuple, compute):
    """`compute()`, kept under `key_parts`: callers put into them everything the result depends
    on (figures, or the zones' data versions, period and language)."""
    pages = caches["pages"]
    key = f"{namespace}:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    value = pages.get(key)
    if value is None:
        value = compute()
        pages.set(key, value)
    return value
