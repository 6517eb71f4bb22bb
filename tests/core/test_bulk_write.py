"""Bulk writes of values and their history (core.bulk): PostgreSQL's COPY path writes the
same rows as the ORM path other databases take, all or nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.models import ChangeRecord
from core import bulk
from indicators import services
from indicators.models import MonthlyValue, ZoneMonth
from indicators.services import ValueInput, save_values

from tests.fingerprint import fingerprint

FAR_FUTURE = datetime.date(2100, 1, 1)
# Text the CSV that COPY reads must carry through: quotes, separators, line breaks, COPY's
# own NULL marker, and the empty text that must stay empty text.
AWKWARD = ['a "quoted", text', "two\nlines\r\nthree", "\\N", "tab\there", " ", "", "中文备注", "back\\slash"]


class Rollback(Exception):
    pass


def _batch(zone, indicators):
    """New months, a changed month (value and comment), a change that moves a later month's
    derived value without history, a published growth alone, and a zero."""
    def item(code, month, value, **extra):
        return ValueInput(zone, indicators[code], 2024, month, None if value is None else D(value), **extra)

    return [
        item("fixed_asset_investment", 2, "20"),
        item("tax_revenue", 1, "120.50", comment=AWKWARD[0]),
        item("tax_revenue", 2, "150", published_yoy=D("5.5"), comment=AWKWARD[1]),
        item("foreign_investment", 2, None, published_yoy=D("14.77")),
        item("tax_national", 1, "0", comment=AWKWARD[2]),
    ]


def _state(since):
    """Values and history by natural key, not by pk (the two runs draw different keys). A
    history row whose object_id is no value's pk fails here."""
    values = {
        v.pk: (v.zone_id, v.indicator_id, v.year, v.month, v.ytd_value, v.month_value, v.published_yoy, v.comment,
               v.created_by_id, v.created_channel, v.created_at is not None and v.created_at >= since, v.updated_at >= since)
        for v in MonthlyValue.objects.all()
    }
    history = sorted(
        (values[r.object_id][:4], r.field, r.old_value, r.new_value, r.object_repr, r.user_id, r.channel, r.zone_id, r.created_at >= since)
        for r in ChangeRecord.objects.all()
    )
    return sorted(values.values()), history


def test_copy_writes_the_same_values_and_history_as_the_orm(zone, staff, indicators, enter, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("compares PostgreSQL's COPY with the ORM's bulk writes: run on PostgreSQL")
    enter(zone, 2024, 1, {"fixed_asset_investment": 10, "tax_revenue": 100, "tax_national": 50})
    enter(zone, 2024, 3, {"fixed_asset_investment": 30})
    since = timezone.now()

    def save():
        result = save_values(_batch(zone, indicators), user=staff, channel="import", confirm_warnings=True, today=FAR_FUTURE)
        return (result.created, result.changed, result.unchanged), _state(since)

    with monkeypatch.context() as orm_only:
        orm_only.setattr(bulk, "_copies", lambda: False)
        try:
            with transaction.atomic():
                by_orm = save()
                raise Rollback
        except Rollback:
            pass
    # COPY reads the rows in batches: several here, as in an import of 100,000.
    monkeypatch.setattr(bulk._CsvStream, "BATCH", 2)
    by_copy = save()

    assert by_copy == by_orm
    counts, (values, history) = by_copy
    assert counts == (3, 2, 0)
    march = next(v for v in values if v[1] == indicators["fixed_asset_investment"].pk and v[3] == 3)
    assert march[4:6] == (D("30"), D("10")) and march[-1]  # its month value follows February's new YTD
    created = [v for v in values if v[-2]]
    assert len(created) == 3 and {v[8:10] for v in created} == {(staff.pk, "import")}
    assert [h[1:4] for h in history if h[0][3] == 1 and h[0][1] == indicators["tax_revenue"].pk and h[-1]] == [
        ("comment", "", AWKWARD[0]), ("value", "100", "120.5"),
    ]
    assert all(h[-1] for h in history if h[6] == "import")


def test_a_failure_after_the_values_are_written_leaves_nothing(zone, staff, indicators, enter, monkeypatch):
    enter(zone, 2024, 1, {"fixed_asset_investment": 10, "tax_revenue": 100, "tax_national": 50})
    before = fingerprint(MonthlyValue, ZoneMonth, ChangeRecord)

    def fail(*args, **kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(services, "save_history", fail)
    with pytest.raises(RuntimeError):
        save_values(_batch(zone, indicators), user=staff, channel="import", confirm_warnings=True, today=FAR_FUTURE)
    assert fingerprint(MonthlyValue, ZoneMonth, ChangeRecord) == before


def test_insert_and_update_carry_awkward_text_and_nulls(zone, indicators):
    fields = ["zone_id", "indicator_id", "year", "month", "ytd_value", "month_value", "published_yoy", "comment", "updated_at"]
    now = timezone.now()
    rows = [
        (zone.pk, indicators["tax_revenue"].pk, 2020, month, None if month % 2 else D("1.5"), None, None, comment, now)
        for month, comment in enumerate(AWKWARD, start=1)
    ]
    with transaction.atomic():
        pks = bulk.insert(MonthlyValue, fields, rows, with_pks=True)
        stored = {v.pk: v for v in MonthlyValue.objects.filter(pk__in=pks)}
        assert [(stored[pk].month, stored[pk].ytd_value, stored[pk].comment) for pk in pks] == [(r[3], r[4], r[7]) for r in rows]

        # Twice in one transaction: the update's staging table does not outlive its statement.
        for turn in range(2):
            shifted = AWKWARD[turn + 1:] + AWKWARD[:turn + 1]
            bulk.update(MonthlyValue, ["comment", "published_yoy"], [(pk, text, D(turn)) for pk, text in zip(pks, shifted)])
            assert [MonthlyValue.objects.get(pk=pk).comment for pk in pks] == shifted
        assert set(MonthlyValue.objects.filter(pk__in=pks).values_list("published_yoy", flat=True)) == {D(1)}


def test_insert_skipping_existing_rows_keeps_them_and_adds_the_rest(zone, other_zone):
    fields = ["zone_id", "year", "month", "status", "version", "updated_at"]
    existing = ZoneMonth.objects.create(zone=zone, year=2024, month=1, status=ZoneMonth.Status.APPROVED, version=7)
    now = bulk.now()
    rows = [(z.pk, 2024, month, ZoneMonth.Status.DRAFT, 0, now) for z in (zone, other_zone) for month in (1, 2)]
    with transaction.atomic():
        assert bulk.insert(ZoneMonth, fields, rows, skip_existing=True) == []
        # Twice in one transaction: the staging table does not outlive its statement.
        bulk.insert(ZoneMonth, fields, rows, skip_existing=True)
    assert ZoneMonth.objects.count() == 4
    existing.refresh_from_db()
    assert (existing.status, existing.version) == (ZoneMonth.Status.APPROVED, 7)


def test_a_row_the_database_refuses_raises_djangos_error_on_any_database(zone):
    # COPY runs on the driver's raw cursor: its errors reach the callers as Django's all the same.
    fields = ["zone_id", "year", "month", "status", "version", "updated_at"]
    ZoneMonth.objects.create(zone=zone, year=2024, month=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(ZoneMonth, fields, [(zone.pk, 2024, 1, ZoneMonth.Status.DRAFT, 0, bulk.now())])
