"""Writes to the zone records themselves."""

from collections.abc import Iterable

from django.db import connection

from .models import Zone, ZoneDataVersion


def mark_changed(zone_ids: Iterable[int] | None) -> None:
    """Raise the data version of these zones (every zone when None) in the current transaction.

    Called by whatever writes a zone's data (history, review transitions, the admin), so the
    dashboards' cached pages are recomputed on their next request.
    """
    ids = sorted(set(Zone.objects.values_list("pk", flat=True) if zone_ids is None else zone_ids))
    if not ids:
        return
    table = ZoneDataVersion._meta.db_table
    # One upsert, the same SQL on SQLite and PostgreSQL: a zone's first change creates its row.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (zone_id, version) VALUES {', '.join(['(%s, 1)'] * len(ids))} "
            f"ON CONFLICT (zone_id) DO UPDATE SET version = {table}.version + 1",
            ids,
        )
