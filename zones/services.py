"""Writes to the zone records themselves."""

import secrets
from collections.abc import Iterable

from django.db import connection

from .models import Zone, ZoneDataVersion


def mark_changed(zone_ids: Iterable[int] | None) -> None:
    """Give these zones (every zone when None) a new data version in the current transaction.

    Called once at the end of every service that changes what a dashboard shows (the records'
    batch services, values and targets, review transitions, grading, zone and park writes, the
    admin), so the dashboards' cached parts are recomputed on their next request. Writing
    history does not call it: history and freshness are said separately. A version is a fresh random
    number, not a count: a count starts again in a new or restored database and would meet the
    parts cached for other figures under the same number.
    """
    ids = sorted(set(Zone.objects.values_list("pk", flat=True) if zone_ids is None else zone_ids))
    if not ids:
        return
    table = ZoneDataVersion._meta.db_table
    params = [value for zone_id in ids for value in (zone_id, secrets.randbits(62) + 1)]  # 0: never written
    # One upsert, the same SQL on SQLite and PostgreSQL: a zone's first change creates its row.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (zone_id, version) VALUES {', '.join(['(%s, %s)'] * len(ids))} "
            "ON CONFLICT (zone_id) DO UPDATE SET version = excluded.version",
            params,
        )
