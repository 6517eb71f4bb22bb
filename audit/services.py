from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from zones.services import mark_changed

from .models import ChangeRecord


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # 26362.0000 from the database and 26362 from a form are the same figure.
        return format(value.normalize(), "f")
    return str(value)


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
            old_value=_text(old),
            new_value=_text(new),
            user_id=user_id,
            channel=channel,
        )
        for field, (old, new) in changes.items()
        if _text(old) != _text(new)
    ]


def save_change_records(records: Iterable[ChangeRecord]) -> None:
    """Store history rows and raise the data version of the zones they belong to."""
    records = list(records)
    ChangeRecord.objects.bulk_create(records, batch_size=2000)
    if records:
        zone_ids = {r.zone_id for r in records}
        mark_changed(None if None in zone_ids else zone_ids)


def record_changes(obj, changes, *, user, channel, zone=None) -> None:
    save_change_records(change_records(obj, changes, user=user, channel=channel, zone=zone))


def history_for(obj):
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("user")
