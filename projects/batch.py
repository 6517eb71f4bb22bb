"""The one way an enterprise, project or land record changes: a batch service per record kind
(save_enterprises, save_projects …), called with many inputs by an import or the demo, and
with one by a page form, the admin and the API (save_one).

Inside, once per batch: the record's rules (projects.services) and the model's field rules per
row, the rights on every zone the rows belong to, one query per uniqueness rule across the
batch, then the writes in one transaction, where the database checks its own constraints; a
refusal there is traced to its row by Django's validate_constraints. A row that changes
nothing is not written: no new version, no history row, no new data version. The zones whose
records changed get a new data version at the end (zones.services.mark_changed), which the
dashboards' cached parts follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as list_field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from audit.services import change_records, save_change_records
from core.locking import NO_RECORD, is_stale
from zones.access import require_rights
from zones.models import Action, Zone
from zones.services import mark_changed

from .models import (
    Enterprise,
    EnterpriseFigure,
    Industry,
    Mortgage,
    Parcel,
    Project,
    ProjectProblem,
    ProjectProgress,
    ProjectYear,
    RelocationCase,
)
from .services import (
    StaleRecord,
    check_same_zone,
    enterprise_rules,
    figure_rules,
    industry_rules,
    mortgage_rules,
    number_rules,
    numeric_fields,
    parcel_rules,
    problem_rules,
    progress_rules,
    project_rules,
    project_year_rules,
    relocation_rules,
    version_of,
)


@dataclass
class RecordInput:
    """One row: the stored record it updates (None: a new record) and the values to write."""

    record: object | None
    values: dict
    row: int | None = None
    expected_version: int | None = None  # the version the caller read (NO_RECORD: none); None: not checked


@dataclass
class BatchResult:
    statuses: list[str | None]  # per input: "new", "changed", "unchanged", or None when in error
    errors: list[tuple[RecordInput, str, str]]  # (input, field, message)
    versions: list[int]  # per input: the stored record's version (NO_RECORD: none)
    records: list = list_field(default_factory=list)  # per input: the record written (None when in error)
    stale: dict = list_field(default_factory=dict)  # input index: the stored record, for inputs made on another version
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
    """(index, field, message) for records that clash with each other or with stored records:
    one query per uniqueness rule, whatever the number of rows."""
    problems = []
    for attnames, field, message in _unique_keys(model):
        keys = {}
        for index, record in records.items():
            key = tuple(getattr(record, name) for name in attnames)
            if None not in key:
                keys.setdefault(key, []).append(index)
        if not keys:
            continue
        filters = {f"{name}__in": {key[i] for key in keys} for i, name in enumerate(attnames)}
        stored = {tuple(key): pk for pk, *key in model.objects.filter(**filters).values_list("pk", *attnames)}
        for key, indexes in keys.items():
            for index in indexes:
                owner = stored.get(key)
                if len(indexes) > 1:
                    problems.append((index, field, _("文件中有重复的记录（%(message)s）") % {"message": message}))
                elif owner is not None and owner != records[index].pk:
                    problems.append((index, field, str(message)))
    return problems


def _refuse(result: BatchResult, index: int, item: RecordInput, error: ValidationError) -> None:
    for field, messages in _messages(error).items():
        for message in messages:
            result.errors.append((item, field, str(message)))
    result.statuses[index] = None


def _prepare(model, inputs: list[RecordInput], rules, result: BatchResult, *, lock: bool) -> dict[int, tuple]:
    """{index: (record with the values set, {field: (old, new)})} of the inputs that pass the
    rules and the field checks; the others go to result.errors."""
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    numbers = numeric_fields(model)
    # Related records come with the stored ones, so comparing and naming them costs no query.
    stored = model.objects.select_related(*relations)
    if lock:
        stored = stored.select_for_update(of=("self",))
    pks = [item.record.pk for item in inputs if item.record is not None]
    stored = stored.in_bulk(pks) if pks else {}
    prepared = {}
    for index, item in enumerate(inputs):
        old = stored.get(item.record.pk) if item.record is not None else None
        result.versions[index] = version_of(old)
        if is_stale(None if old is None else old.version, item.expected_version):
            result.stale[index] = old
            result.errors.append((item, "", _("自预览以来，这条记录已被他人修改或登记；为免覆盖他人的修改，请重新上传文件，核对预览后再确认")))
            continue
        try:
            values = rules(old, number_rules(numbers, item.values))
            record, changes = old or model(), {}
            for field, value in values.items():
                before = None if old is None else getattr(record, field)
                if old is None or before != value:
                    changes[field] = (before, value)
                    setattr(record, field, value)
            check_same_zone(record)
            # Related records are given as records: Django would look each one up again.
            record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _refuse(result, index, item, error)
            continue
        prepared[index] = (record, changes)
        result.records[index] = record
        result.statuses[index] = "new" if old is None else ("changed" if changes else "unchanged")
    return prepared


def _store(model, written: dict[int, tuple], *, apply: bool) -> None:
    """The new and changed records in bulk statements, each changed one on its next version,
    inside a savepoint: rolled back when only checking (an import's preview), so the database's
    constraints judge the preview too. Records not kept are left as they were."""
    created = [record for record, _changes in written.values() if record.pk is None]
    changed = [(record, changes) for record, changes in written.values() if record.pk is not None]
    for record, _changes in changed:
        record.version += 1
    kept = False
    try:
        with transaction.atomic():
            model.objects.bulk_create(created)
            if changed:
                model.objects.bulk_update([record for record, _changes in changed],
                                          fields=sorted({f for _record, changes in changed for f in changes} | {"version"}))
            if not apply:
                transaction.set_rollback(True)
        kept = apply
    finally:
        if not kept:
            for record in created:
                record.pk = None
            for record, _changes in changed:
                record.version -= 1


def _name_refused_rows(inputs, prepared: dict[int, tuple], result: BatchResult) -> None:
    """After the database refused the batch: each row checked on its own by Django (fields,
    constraints, uniqueness), one query per constraint, to say which row and why."""
    for index, (record, _changes) in prepared.items():
        try:
            record.full_clean()
        except ValidationError as error:
            _refuse(result, index, inputs[index], error)


def write_batch(model, inputs: list[RecordInput], rules, *, user, channel, apply: bool, zone_of) -> BatchResult:
    """All of `inputs` checked, and written with their history in one transaction when `apply`
    and none is wrong. `rules(stored, values)` returns the values to write or raises
    ValidationError; `zone_of(record)` is the zone whose 填报 (EDIT) right the row needs.
    Raises RightsRefused when the user may not edit one of the rows' zones."""
    result = BatchResult(statuses=[None] * len(inputs), errors=[], versions=[NO_RECORD] * len(inputs), records=[None] * len(inputs))
    with transaction.atomic():
        prepared = _prepare(model, inputs, rules, result, lock=apply)
        zones = {index: zone_of(record) for index, (record, _changes) in prepared.items()}
        require_rights(user, Action.EDIT, set(zones.values()))
        for index, field, message in _duplicates(model, {index: record for index, (record, _c) in prepared.items()}):
            result.errors.append((inputs[index], field, message))
            result.statuses[index] = None
        if not result.ok:
            return result
        written = {index: row for index, row in prepared.items() if result.statuses[index] != "unchanged"}
        try:
            _store(model, written, apply=apply)
        except IntegrityError:
            _name_refused_rows(inputs, written, result)
            if result.ok:
                raise
            return result
        if apply and written:
            _record_history(written, zones, user=user, channel=channel)
        result.applied = apply
    return result


def _record_history(written: dict[int, tuple], zones: dict[int, int], *, user, channel) -> None:
    """History rows of what changed, and a new data version for the zones it changed (once)."""
    zone_ids = {zones[index] for index in written}
    by_pk = Zone.objects.in_bulk(zone_ids)
    history = []
    for index, (record, changes) in written.items():
        history += change_records(record, changes, user=user, channel=channel, zone=by_pk[zones[index]])
    save_change_records(history)
    mark_changed(zone_ids)


def save_one(save, record, values: dict, *, user, channel, expected_version: int | None = None, apply: bool = True):
    """One record through its batch service `save` (a page form, the admin, the API): the saved
    record (when `apply`; else only checked), or ValidationError at the fields (StaleRecord
    when the stored record is not at `expected_version`). A save that changes nothing writes
    nothing."""
    result = save([RecordInput(record, values, expected_version=expected_version)], user=user, channel=channel, apply=apply)
    if 0 in result.stale:
        raise StaleRecord(result.stale[0], values)
    if not result.ok:
        errors = {}
        for _item, field, message in result.errors:
            errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)
        raise ValidationError(errors)
    return result.records[0]


def write_record(model, record, values: dict, *, zone, user, channel, rules=None, expected_version: int | None = None):
    """One record of another app's zone-owned model (grading's inputs, gradings, objections)
    through this write path, as save_one: rights on `zone`, `rules(stored, values)` (None:
    none), field and database checks, version, history and the zone's new data version."""

    def save(inputs, **options):
        return write_batch(model, inputs, rules or _no_rules, zone_of=lambda _record: zone.pk, **options)

    return save_one(save, record, values, user=user, channel=channel, expected_version=expected_version)


def _no_rules(stored, values: dict) -> dict:
    return values


def save_period(save, model, parent_field: str, parent, period: dict, values: dict, *, user, channel,
                expected_version: int | None = None):
    """A record's row for a period (a project's month or year, an enterprise's month), created or
    changed through its batch service `save` as save_one does; `period` holds the row's year (and
    month) fields."""
    stored = model.objects.filter(**{parent_field: parent}, **period).first()
    return save_one(save, stored, {parent_field: parent, **period, **values}, user=user, channel=channel,
                    expected_version=expected_version)


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
    """Months of project progress; a new one's values hold project, year and month."""
    return write_batch(ProjectProgress, inputs, progress_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.project.zone_id)


def save_project_years(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Annual plans; a new one's values hold project and year."""
    return write_batch(ProjectYear, inputs, project_year_rules, user=user, channel=channel, apply=apply,
                       zone_of=lambda record: record.project.zone_id)


def save_problems(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Problems of projects; a new one's values hold project, raised_year and raised_month."""
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


# --- actions on one record -------------------------------------------------------------------------


def resolve_problem(problem: ProjectProblem, *, resolved_on, resolution: str, user, channel) -> ProjectProblem:
    if problem.state == ProjectProblem.State.RESOLVED:
        raise ValidationError(_("该问题已解决"))
    values = {"state": ProjectProblem.State.RESOLVED, "resolved_on": resolved_on, "resolution": resolution}
    return save_one(save_problems, problem, values, user=user, channel=channel)


def confirm_idle_candidate(parcel: Parcel, *, user, channel) -> Parcel:
    """Staff confirm a candidate: it enters idle-land disposal at its first stage, 调查."""
    if parcel.idle_stage:
        raise ValidationError(_("该宗地已在闲置土地处置中"))
    return save_one(save_parcels, parcel, {"idle_stage": Parcel.IdleStage.INVESTIGATION}, user=user, channel=channel)
