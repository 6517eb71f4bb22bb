"""Writing many rows at once: COPY on PostgreSQL, the ORM's bulk methods elsewhere.

An import writes up to 200,000 values and as many history rows. On PostgreSQL, COPY ... FROM
STDIN takes them several times faster than bulk_create's INSERT statements, and the rows stay
plain tuples: no model instance is built per row. Both paths write the same rows; a field the
rows leave out takes its default: on PostgreSQL the column's db_default, elsewhere what the ORM
gives it (auto_now and auto_now_add fields Python's clock, microseconds apart).

Rows are tuples of field values in the order of `fields` (attnames: "zone_id", not "zone").
Call these inside a transaction (the services do), so that a batch is written whole or not at all.
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager

from django import db
from django.db import connection
from django.utils import timezone


def _copies() -> bool:
    return connection.vendor == "postgresql"


def now():
    """The current time as rows for `insert` and `update` carry it: ISO text for COPY, which
    would otherwise format a batch's one timestamp once per row; a datetime for the ORM."""
    stamp = timezone.now()
    return stamp.isoformat() if _copies() else stamp


def insert(model, fields: list[str], rows: list[tuple], *, with_pks: bool = False, skip_existing: bool = False) -> list[int]:
    """Insert `rows`; with `with_pks`, return their new primary keys in the rows' order.

    On PostgreSQL the keys are drawn from the table's sequence first (one query), so rows that
    refer to the new ones (history) can be written before anything is read back.
    `skip_existing` leaves out the rows a unique constraint already holds (another transaction
    may have inserted them meanwhile); it returns no keys.
    """
    if not rows:
        return []
    if not _copies():
        created = model.objects.bulk_create(
            [model(**dict(zip(fields, row))) for row in rows], batch_size=2000, ignore_conflicts=skip_existing
        )
        return [obj.pk for obj in created] if with_pks and not skip_existing else []
    table, pk = model._meta.db_table, model._meta.pk
    with connection.cursor() as cursor:
        if skip_existing:
            # COPY cannot skip a conflicting row: copy into a staging table, then INSERT ... ON CONFLICT.
            with _staging(cursor, model, fields) as staging:
                _copy(cursor, model, staging, fields, rows)
                columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
                cursor.execute(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT DO NOTHING"
                )
            return []
        if not with_pks:
            _copy(cursor, model, connection.ops.quote_name(table), fields, rows)
            return []
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk.column])
        sequence = cursor.fetchone()[0]
        # The sequence as a constant: PostgreSQL then resolves it once, not once per key (8x faster).
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(rows)])
        pks = [row[0] for row in cursor.fetchall()]
        keyed = [(key, *row) for key, row in zip(pks, rows)]
        _copy(cursor, model, connection.ops.quote_name(table), [pk.attname, *fields], keyed)
    return pks


def update(model, fields: list[str], rows: list[tuple]) -> None:
    """Set `fields` of existing rows: each row is (pk, *values)."""
    if not rows:
        return
    if not _copies():
        model.objects.bulk_update(
            [model(pk=row[0], **dict(zip(fields, row[1:]))) for row in rows], fields, batch_size=1000
        )
        return
    table, pk = model._meta.db_table, model._meta.pk
    columns = [pk.column] + [model._meta.get_field(name).column for name in fields]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor, _staging(cursor, model, [pk.attname, *fields]) as staging:
        # COPY in, then one UPDATE joins on the primary key.
        _copy(cursor, model, staging, [pk.attname, *fields], rows)
        assignments = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns[1:])
        cursor.execute(
            f"UPDATE {quote(table)} AS t SET {assignments} FROM {staging} AS s WHERE t.{quote(pk.column)} = s.{quote(pk.column)}"
        )


@contextmanager
def _staging(cursor, model, fields: list[str]):
    """An empty temporary table with `fields`' columns of the model's table, same types; dropped
    after (on an error the transaction's rollback drops it)."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    staging = quote(f"bulk_staging_{table}")
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {columns} FROM {quote(table)} WITH NO DATA")
    yield staging
    cursor.execute(f"DROP TABLE {staging}")


def _copy(cursor, model, quoted_table: str, fields: list[str], rows: list[tuple]) -> None:
    import psycopg2  # the driver's own COPY: imported only where PostgreSQL is in use

    # CSV, which the csv module writes in C. An unquoted empty cell is NULL, so the NOT NULL
    # columns are marked FORCE_NOT_NULL and their empty text arrives as ''. A nullable text
    # column could not tell '' from NULL: refused.
    quote = connection.ops.quote_name
    model_fields = [model._meta.get_field(name) for name in fields]
    if any(f.null and f.get_internal_type() in ("CharField", "TextField") for f in model_fields):
        raise ValueError(f"COPY cannot write a nullable text column of {model.__name__}")
    columns = ", ".join(quote(f.column) for f in model_fields)
    not_null = ", ".join(quote(f.column) for f in model_fields if not f.null)
    options = f"FORMAT csv, FORCE_NOT_NULL ({not_null})" if not_null else "FORMAT csv"
    try:
        cursor.cursor.copy_expert(f"COPY {quoted_table} ({columns}) FROM STDIN WITH ({options})", _CsvStream(rows))
    except psycopg2.Error as error:
        # The raw cursor raises the driver's exceptions, past Django's wrapping: raised again as
        # Django's of the same PEP 249 name, which callers (the 503 page) catch on any database.
        wrapper = next(getattr(db, kind.__name__) for kind in type(error).__mro__ if hasattr(db, kind.__name__))
        raise wrapper(*error.args) from error


class _CsvStream(io.TextIOBase):
    """`rows` as CSV, formatted a batch at a time as COPY reads them: the server inserts one batch
    while Python formats the next, on the other core (a fifth faster than formatting all first)."""

    BATCH = 2000

    def __init__(self, rows: list[tuple]):
        self.batches = self._formatted(rows)

    def _formatted(self, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for start in range(0, len(rows), self.BATCH):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(rows[start:start + self.BATCH])
            yield buffer.getvalue()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:
        # psycopg2 sends whatever one read returns, so a whole batch is fine; "" ends the COPY.
        return next(self.batches, "")
