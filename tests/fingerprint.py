"""A digest of stored data, to prove that something changed nothing."""

import hashlib

from django.apps import apps


def fingerprint(*models) -> dict[str, tuple[int, str]]:
    """{model label: (row count, digest of every row)} for the given models, or all of them."""
    models = models or apps.get_models(include_auto_created=True)
    result = {}
    for model in models:
        rows = list(model._base_manager.order_by("pk").values_list())
        result[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result
