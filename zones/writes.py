"""The one write path of zones and parks, whatever the channel (the admin, the zones and parks
imports, the command line): rights, the model's rules, the save, the history row and a new
data version for every zone, in one transaction. The indicator catalogue, also an
administrator's, is written by the same path (indicators.catalogue).

All are an administrator's records. A batch is checked row by row inside its transaction, each
valid row saved as it is checked, so a later row meets the earlier rows' codes and names through
the model's own uniqueness checks; a preview, or a batch with any error, is rolled back whole.
Zones and parks are tens of rows, so a query or two per row costs nothing.

A module of its own: audit.services, which writes the history, uses zones.services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from audit.services import save_with_history

from .access import require_administrator
from .models import Park, Zone
from .services import mark_changed

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass
class RecordInput:
    """One row: the stored record it updates (None: a new one) and the values to write."""

    record: Zone | Park | None
    values: dict
    row: int | None = None  # the file's row number, for an import's report


@dataclass
class BatchResult:
    statuses: list[str | None]  # per input: NEW, CHANGED, UNCHANGED, or None when in error
    errors: list[tuple[RecordInput, str, str]]  # (input, field, message)
    records: list = field(default_factory=list)  # per input: the record as written (None when in error)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def save_zones(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Zones created or changed; a zone's history is its own."""
    return write_administered(Zone, inputs, user=user, channel=channel, apply=apply, zone_of=lambda zone: zone)


def save_parks(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Parks created or changed; a park's history belongs to its zone."""
    return write_administered(Park, inputs, user=user, channel=channel, apply=apply, zone_of=lambda park: park.zone)


def write_administered(model, inputs: list[RecordInput], *, user, channel: str, apply: bool, zone_of,
                       prepare=None, order=None) -> BatchResult:
    """The batch of records of `model` only administrators write (zones, parks, the indicator
    catalogue), in one transaction, with a new data version for every zone once at the end.
    `prepare(stored, values)`: the values to write, or a ValidationError of the model's owner's
    rules; `order(inputs)`: the indexes in the order they are written (else the batch's)."""
    require_administrator(user, model._meta.verbose_name_plural)
    result = BatchResult(statuses=[None] * len(inputs), errors=[], records=[None] * len(inputs))
    with transaction.atomic():
        for index in (range(len(inputs)) if order is None else order(inputs)):
            item = inputs[index]
            # The old values from the database: the admin's form has already set the new ones on its copy.
            stored = None if item.record is None else model.objects.select_for_update().get(pk=item.record.pk)
            try:
                values = item.values if prepare is None else prepare(stored, item.values)
                record, changes = save_with_history(model, stored, values, user=user, channel=channel, zone_of=zone_of)
            except ValidationError as error:
                messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
                result.errors += [(item, name, str(message)) for name, texts in messages.items() for message in texts]
                continue
            result.records[index] = record
            result.statuses[index] = NEW if stored is None else (CHANGED if changes else UNCHANGED)
        if apply and result.ok:
            if any(status != UNCHANGED for status in result.statuses):
                # Their names show on every dashboard and in every comparison.
                mark_changed(None)
            result.applied = True
        else:
            transaction.set_rollback(True)
    return result
