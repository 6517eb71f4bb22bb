"""Many enterprise, project and land records written at once, all or none (imports, the demo).

Every row is checked by the same rules as a single write (projects/services.py), the model's
field rules and its constraints; stored records, editable zones and existing keys are read once
per batch and the writes are bulk statements, so the queries do not grow with the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from audit.services import change_records, save_change_records
from core.locking import NO_RECORD, is_stale
from zones.models import Action, Zone

from .constraints import check_constraints
from .models import Enterprise, EnterpriseFigure, Industry, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase
from .services import (check_same_zone, enterprise_rules, figure_rules, industry_rules, mortgage_rules, parcel_rules, problem_rules,
                       progress_rules, project_rules, relocation_rules, version_of)


@dataclass
class RecordInput:
    """One row: the stored record it updates (None: a new record) and the values to write."""

    record: object | None
    values: dict
    row: int | None = None
    expected_version: int | None = None  # the record's version an import's preview saw (NO_RECORD: none)


@dataclass
class BatchResult:
    statuses: list[str | None]  # per input: "new", "changed", "unchanged", or None when in error
    errors: list[tuple[RecordInput, str, str]]  # (input, field, message)
    versions: list[int]  # per input: the stored record's version (NO_RECORD: none)
    records: list  # per input: the record as checked (written when applied), None when in error
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}


def _unique_keys(model) -> list[tuple[list[str], str, str]]:
    """(attnames, field to report on, message) for each uniqueness rule of the model."""
    keys = []
    for field in model._meta.local_fields:
        if field.unique and not field.primary_key:
            keys.append(([field.attname], field.name, field.error_messages["unique"]))
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields and constraint.condition is None:
            attnames = [model._meta.get_field(name).attname for name in constraint.fields]
            keys.append((attnames, constraint.fields[-1], constraint.get_violation_error_message()))
    return keys


def _duplicates(model, records: dict[int, object]) -> list[tuple[int, str, str]]:
    """(index, field, message) for records that clash with each other or with stored records."""
    problems = []
    for attnames, field, message in _unique_keys(model):
        keys = {}
        for index, record in records.items():
            key = tuple(getattr(record, name) for name in attnames)
            if None in key:
                continue
            keys.setdefault(key, []).append(index)
        if not keys:
            continue
        filters = {f"{name}__in": {key[i] for key in keys} for i, name in enumerate(attnames)}
        stored = {}
        for pk, *key in model.objects.filter(**filters).values_list("pk", *attnames):
            stored[tuple(key)] = pk
        for key, indexes in keys.items():
            for index in indexes:
                owner = stored.get(key)
                if len(indexes) > 1:
                    problems.append((index, field, _("文件中有重复的记录（%(message)s）") % {"message": message}))
                elif owner is not None and owner != records[index].pk:
                    problems.append((index, field, str(message)))
    return problems


def _checked_writes(model, inputs: list[RecordInput], rules, *, user, channel, apply: bool, zone_of) -> BatchResult:
    """Check every input; when `apply` and nothing is wrong, write them all with their history.

    `rules(stored, values)` returns the values to write or raises ValidationError, as for one
    record; `zone_of(record)` gives the zone whose edit permission the row needs.
    """
    result = BatchResult(statuses=[None] * len(inputs), errors=[], versions=[NO_RECORD] * len(inputs),
                         records=[None] * len(inputs))
    editable = None if user is None else set(Zone.objects.for_user(user, Action.EDIT).values_list("pk", flat=True))
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    # Related records come with the stored ones, so comparing and naming them costs no query.
    stored = model.objects.select_related(*relations)
    if apply:
        stored = stored.select_for_update(of=("self",))
    pks = [item.record.pk for item in inputs if item.record is not None]
    stored = stored.in_bulk(pks) if pks else {}
    prepared = {}
    for index, item in enumerate(inputs):
        old = stored.get(item.record.pk) if item.record is not None else None
        result.versions[index] = version_of(old)
        if is_stale(None if old is None else old.version, item.expected_version):
            result.errors.append((item, "", _("自预览以来，这条记录已被他人修改或登记；为免覆盖他人的修改，请重新上传文件，核对预览后再确认")))
            continue
        try:
            values = rules(old, item.values)
            record, changes = old or model(), {}
            for field, value in values.items():
                before = None if old is None else getattr(record, field)
                if old is None or before != value:
                    changes[field] = (before, value)
                    setattr(record, field, value)
            zone_id = zone_of(record)
            if editable is not None and zone_id not in editable:
                raise ValidationError({"zone": _("您无权修改该开发区的数据")})
            check_same_zone(record)
            record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            check_constraints(record)
        except ValidationError as error:
            for field, messages in _messages(error).items():
                for message in messages:
                    result.errors.append((item, field, str(message)))
            continue
        prepared[index] = (record, changes, zone_id)
        result.records[index] = record
        result.statuses[index] = "new" if old is None else ("changed" if changes else "unchanged")
    for index, field, message in _duplicates(model, {i: record for i, (record, _c, _z) in prepared.items()}):
        result.errors.append((inputs[index], field, message))
        result.statuses[index] = result.records[index] = None
    if not apply or not result.ok:
        return result
    created = [record for record, _c, _z in prepared.values() if record.pk is None]
    changed = [(record, changes) for record, changes, _z in prepared.values() if record.pk is not None and changes]
    model.objects.bulk_create(created)
    if changed:
        for record, _c in changed:
            record.version += 1
        model.objects.bulk_update([record for record, _c in changed], fields=sorted({f for _r, c in changed for f in c} | {"version"}))
    zones = Zone.objects.in_bulk({zone_id for _r, _c, zone_id in prepared.values()})
    history = []
    for record, changes, zone_id in prepared.values():
        history += change_records(record, changes, user=user, channel=channel, zone=zones[zone_id])
    save_change_records(history)
    result.applied = True
    return result


def write_batch(model, inputs, rules, *, user, channel, apply, zone_of) -> BatchResult:
    """All of `inputs` checked, and written in one transaction when `apply` and none is wrong."""
    with transaction.atomic():
        return _checked_writes(model, inputs, rules, user=user, channel=channel, apply=apply, zone_of=zone_of)


def save_enterprises(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(Enterprise, inputs, enterprise_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.zone_id)


def save_projects(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(Project, inputs, project_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.zone_id)


def save_parcels(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(Parcel, inputs, parcel_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.zone_id)


def save_progress(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Months of project progress; each input's values hold project, year, month, investment, physical_progress."""

    def rules(stored, values):
        project = values["project"] if stored is None else stored.project
        progress_rules(project, values.get("year", getattr(stored, "year", None)), values.get("month", getattr(stored, "month", None)))
        return values

    return write_batch(ProjectProgress, inputs, rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.project.zone_id)


def save_project_years(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Annual plans; a new one's values hold project and year."""
    return write_batch(ProjectYear, inputs, lambda stored, values: values, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.project.zone_id)


def save_problems(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(ProjectProblem, inputs, problem_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.project.zone_id)


def save_mortgages(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(Mortgage, inputs, mortgage_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.parcel.zone_id)


def save_relocation_cases(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(RelocationCase, inputs, relocation_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.zone_id)


def save_enterprise_figures(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Months of enterprise figures; a new one's values hold enterprise, year and month."""
    return write_batch(EnterpriseFigure, inputs, figure_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.enterprise.zone_id)


def save_industries(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return write_batch(Industry, inputs, industry_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.zone_id)
