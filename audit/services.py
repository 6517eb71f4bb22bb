from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from core import bulk
from .models import ChangeRecord

# No created_at: the database stamps the rows (ChangeRecord.created_at's db_default).
HISTORY_FIELDS = ["content_type_id", "object_id", "zone_id", "object_repr", "field", "old_value", "new_value", "user_id", "channel"]


EMPTY = (None, "")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # 26362.0000 from the database and 26362 from a form are the same figure.
        return format(value.normalize(), "f")
    return str(value)


def _changed(changes: dict[str, tuple[object, object]]):
    """(field, old text, new text) of the fields whose value differs."""
    for field, (old, new) in changes.items():
        if old == new or (old in EMPTY and new in EMPTY):
            continue  # the usual case, decided without formatting (an import has 100,000 rows)
        old_text, new_text = _text(old), _text(new)
        if old_text != new_text:
            yield field, old_text, new_text


def change_records(obj, changes: dict[str, tuple[object, object]], *, user, channel: str, zone=None) -> list[ChangeRecord]:
    """Unsaved history rows for the fields of `obj` whose value differs (old, new)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    user_id = getattr(user, "pk", None)
    return [
        ChangeRecord(
            content_type=content_type,
            object_id=obj.pk,
            zone=zone,
            object_repr=str(obj)[:200],
            field=field,
            old_value=old_text,
            new_value=new_text,
            user_id=user_id,
            channel=channel,
        )
        for field, old_text, new_text in _changed(changes)
    ]


def save_change_records(records: Iterable[ChangeRecord]) -> None:
    """The history rows alone. History says who changed what, not that a dashboard must be
    recomputed: the service that changes a zone's data says so itself at its end
    (zones.services.mark_changed)."""
    ChangeRecord.objects.bulk_create(records, batch_size=2000)


def save_history(model, changes, *, user, channel: str) -> None:
    """The history of many objects of one model at once, as change_records and
    save_change_records would write it, without a model instance per row (an import writes
    100,000): `changes` yields (object_id, zone_id, object_repr, {field: (old, new)})."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    user_id = getattr(user, "pk", None)
    rows = []
    for object_id, zone_id, object_repr, fields in changes:
        object_repr = object_repr[:200]
        for field, old_text, new_text in _changed(fields):
            rows.append((content_type_id, object_id, zone_id, object_repr, field, old_text, new_text, user_id, channel))
    bulk.insert(ChangeRecord, HISTORY_FIELDS, rows)


def record_changes(obj, changes, *, user, channel, zone=None) -> None:
    save_change_records(change_records(obj, changes, user=user, channel=channel, zone=zone))


def save_with_history(model, stored, values: dict, *, user, channel, zone_of) -> tuple[object, dict]:
    """One row of `model` given `values`, validated (full_clean), saved and recorded: `stored` is
    the row as the database holds it, read under a lock by the caller (None: a new row). Only
    the fields that changed are written, and the row's `version` raised when it has one; a row
    that changes nothing is not written. `zone_of(row)`: the zone its history belongs to.
    Returns the row and its changes {field: (old, new)}. Rights, workflow and the zones' data
    version (zones.services.mark_changed) are the caller's."""
    creating = stored is None
    record = model() if creating else stored
    changes = {}
    for name, value in values.items():
        old = None if creating else getattr(record, name)
        if creating or old != value:
            changes[name] = (old, value)
            setattr(record, name, value)
    record.full_clean()
    if creating:
        record.save()
    elif changes:
        fields = list(changes)
        if any(field.name == "version" for field in model._meta.concrete_fields):
            record.version += 1
            fields.append("version")
        record.save(update_fields=fields)
    record_changes(record, changes, user=user, channel=channel, zone=zone_of(record))
    return record, changes


def history_for(obj):
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("user")
