"""Writes to enterprise, project and land records.

Every write is one action function under transaction.atomic that checks the caller may edit
the zone, validates (field rules, DB constraints, records of the same zone), saves with
update_fields and writes the change history itself, whatever the channel (form, admin,
import, demo).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.utils.translation import gettext as _

from audit.services import change_records, record_changes, save_change_records
from core.locking import NO_RECORD, is_stale
from zones.access import require_rights
from zones.models import Action, Zone

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
from .validators import STAGE_DATE_ORDER, normalise_credit_code, stage_date_order_errors

# Related fields that must point at a record of the same zone as the record itself.
SAME_ZONE_FIELDS = {
    Enterprise: ["park", "industry"],
    Project: ["park", "enterprise", "industry"],
    Parcel: ["park", "holder", "project"],
}


def check_same_zone(instance) -> None:
    errors = {}
    for field in SAME_ZONE_FIELDS.get(type(instance), []):
        related = getattr(instance, field)
        if related is not None and related.zone_id != instance.zone_id:
            errors[field] = _("所选%(what)s不属于该开发区") % {"what": instance._meta.get_field(field).verbose_name}
    if errors:
        raise ValidationError(errors)


class StaleRecord(ValidationError):
    """Someone else saved the record after the caller read it: `current` holds the stored values
    of the fields the caller meant to write, `version` the stored version to save on next."""

    def __init__(self, record, fields):
        super().__init__(_("保存失败：在您编辑期间，其他人已修改并保存了这条记录。您的输入仍在下方，旁边列出了当前保存的值；核对后再次保存将以您的输入为准。"), code="stale")
        self.version = NO_RECORD if record is None else record.version
        self.current = {} if record is None else {field: getattr(record, field) for field in fields}


def version_of(record) -> int:
    """The version a form carries for `record` (None or unsaved: NO_RECORD)."""
    return NO_RECORD if record is None or record.pk is None else record.version


def _write(model, instance, values: dict, *, user, channel, zone, expected_version: int | None = None):
    """Create (`instance` None) or update a record from `values`, validated, with history.

    The old values are read from the database under a row lock, so a form that has already
    put the new values onto its own copy of the instance still records what changed.
    `expected_version`: the version the caller read (NO_RECORD: none); another one is refused
    with StaleRecord. None: not checked.
    """
    require_rights(user, Action.EDIT, [zone.pk])
    if instance is None or instance.pk is None:
        record, creating = model(), True
    else:
        record, creating = model.objects.select_for_update().get(pk=instance.pk), False
    if is_stale(None if creating else record.version, expected_version):
        raise StaleRecord(None if creating else record, values)
    changes = {}
    for field, value in values.items():
        old = None if creating else getattr(record, field)
        if creating or old != value:
            changes[field] = (old, value)
            setattr(record, field, value)
    check_same_zone(record)
    record.full_clean()
    if creating:
        record.save()
    elif changes:
        record.version += 1
        record.save(update_fields=[*changes, "version"])
    record_changes(record, changes, user=user, channel=channel, zone=zone)
    return record


# --- enterprises -------------------------------------------------------------------------------


def _stored(model, instance):
    return model.objects.get(pk=instance.pk) if instance is not None and instance.pk else None


def _keep_zone(stored, values: dict, message) -> None:
    if stored is not None and "zone" in values and values["zone"].pk != stored.zone_id:
        raise ValidationError({"zone": message})


def enterprise_rules(stored: Enterprise | None, values: dict) -> dict:
    """The values to write, or ValidationError; `stored` is the record as the database holds it."""
    if "credit_code" in values:
        values = {**values, "credit_code": normalise_credit_code(values["credit_code"]) or None}
    _keep_zone(stored, values, _("企业不能转到其他开发区，请在新开发区重新登记"))
    return values


@transaction.atomic
def save_enterprise(enterprise: Enterprise | None, values: dict, *, user, channel, expected_version=None) -> Enterprise:
    zone = values.get("zone") or enterprise.zone
    values = enterprise_rules(_stored(Enterprise, enterprise), values)
    return _write(Enterprise, enterprise, values, user=user, channel=channel, zone=zone, expected_version=expected_version)


def figure_rules(stored: EnterpriseFigure | None, values: dict) -> dict:
    """A month's figures need tax or output; a column left out keeps the stored figure."""
    if all(values.get(field, getattr(stored, field, None)) is None for field in ("tax_ytd", "output_ytd")):
        raise ValidationError({"tax_ytd": _("请至少填写税收或产值之一")})
    return values


@transaction.atomic
def save_enterprise_figure(enterprise: Enterprise, year: int, month: int, *, tax_ytd: Decimal | None,
                           output_ytd: Decimal | None, user, channel, expected_version=None) -> EnterpriseFigure:
    """An enterprise's tax and output (1-N月累计, 万元) for a month, created or replaced."""
    figure_rules(None, {"tax_ytd": tax_ytd, "output_ytd": output_ytd})
    existing = EnterpriseFigure.objects.filter(enterprise=enterprise, year=year, month=month).first()
    values = {"tax_ytd": tax_ytd, "output_ytd": output_ytd}
    if existing is None:
        values = {"enterprise": enterprise, "year": year, "month": month, **values}
    return _write(EnterpriseFigure, existing, values, user=user, channel=channel, zone=enterprise.zone,
                  expected_version=expected_version)


# --- projects ------------------------------------------------------------------------------------


def project_rules(stored: Project | None, values: dict) -> dict:
    _keep_zone(stored, values, _("项目不能转到其他开发区"))
    stage = values.get("stage") or (stored.stage if stored else Project.Stage.CONCEIVED)
    if stage == Project.Stage.CONCEIVED and not values.get("conceived_on", getattr(stored, "conceived_on", None)):
        raise ValidationError({"conceived_on": _("请填写谋划日期")})
    dates = {name: values.get(name, getattr(stored, name, None)) for name in STAGE_DATE_ORDER}
    if errors := stage_date_order_errors(dates):
        raise ValidationError(errors)
    return values


@transaction.atomic
def save_project(project: Project | None, values: dict, *, user, channel, expected_version=None) -> Project:
    zone = values.get("zone") or project.zone
    values = project_rules(_stored(Project, project), values)
    return _write(Project, project, values, user=user, channel=channel, zone=zone, expected_version=expected_version)


@transaction.atomic
def save_project_year(project: Project, year: int, *, planned_investment: Decimal,
                      construction_type_override: str = "", user, channel, expected_version=None) -> ProjectYear:
    existing = ProjectYear.objects.filter(project=project, year=year).first()
    values = {"planned_investment": planned_investment, "construction_type_override": construction_type_override}
    if existing is None:
        values = {"project": project, "year": year, **values}
    return _write(ProjectYear, existing, values, user=user, channel=channel, zone=project.zone, expected_version=expected_version)


@dataclass(frozen=True)
class ProblemInput:
    description: str
    owner: str
    deadline: datetime.date


def progress_rules(project: Project, year: int, month: int) -> None:
    if project.started_on is None:
        raise ValidationError({"investment": _("项目尚未开工（未填开工日期），不能填报完成投资")})
    if (year, month) < (project.started_on.year, project.started_on.month):
        raise ValidationError({"investment": _("报告月份早于项目开工月份")})


@transaction.atomic
def record_progress(project: Project, year: int, month: int, *, investment: Decimal, physical_progress: str,
                    problems: list[ProblemInput] = (), user, channel, expected_version=None) -> ProjectProgress:
    """A project's month: 本月完成投资 and 形象进度 (created or replaced), plus new problems."""
    progress_rules(project, year, month)
    existing = ProjectProgress.objects.filter(project=project, year=year, month=month).first()
    values = {"investment": investment, "physical_progress": physical_progress}
    if existing is None:
        values = {"project": project, "year": year, "month": month, **values}
    progress = _write(ProjectProgress, existing, values, user=user, channel=channel, zone=project.zone,
                      expected_version=expected_version)
    for problem in problems:
        add_problem(project, year, month, problem, user=user, channel=channel)
    return progress


def problem_rules(stored: ProjectProblem | None, values: dict) -> dict:
    """Texts are kept without surrounding blanks; a resolved problem stays resolved (no form reopens one)."""
    values = {name: value.strip() if name in ("description", "owner", "resolution") else value for name, value in values.items()}
    if stored is not None and stored.state == ProjectProblem.State.RESOLVED and values.get("state", stored.state) != stored.state:
        raise ValidationError({"state": _("已解决的问题不能改回未解决")})
    return values


@transaction.atomic
def add_problem(project: Project, year: int, month: int, problem: ProblemInput, *, user, channel) -> ProjectProblem:
    values = problem_rules(None, {
        "project": project, "raised_year": year, "raised_month": month,
        "description": problem.description, "owner": problem.owner, "deadline": problem.deadline,
    })
    return _write(ProjectProblem, None, values, user=user, channel=channel, zone=project.zone)


@transaction.atomic
def resolve_problem(problem: ProjectProblem, *, resolved_on: datetime.date, resolution: str, user, channel) -> ProjectProblem:
    if problem.state == ProjectProblem.State.RESOLVED:
        raise ValidationError(_("该问题已解决"))
    values = problem_rules(problem, {"state": ProjectProblem.State.RESOLVED, "resolved_on": resolved_on, "resolution": resolution})
    return _write(ProjectProblem, problem, values, user=user, channel=channel, zone=problem.project.zone)


# --- land ----------------------------------------------------------------------------------------


def parcel_rules(stored: Parcel | None, values: dict) -> dict:
    _keep_zone(stored, values, _("宗地不能转到其他开发区"))
    if "code" in values:
        values = {**values, "code": values["code"].strip()}
    return values


@transaction.atomic
def save_parcel(parcel: Parcel | None, values: dict, *, user, channel, expected_version=None) -> Parcel:
    zone = values.get("zone") or parcel.zone
    values = parcel_rules(_stored(Parcel, parcel), values)
    return _write(Parcel, parcel, values, user=user, channel=channel, zone=zone, expected_version=expected_version)


@transaction.atomic
def confirm_idle_candidate(parcel: Parcel, *, user, channel) -> Parcel:
    """Staff confirm a candidate: it enters idle-land disposal at its first stage, 调查."""
    if parcel.idle_stage:
        raise ValidationError(_("该宗地已在闲置土地处置中"))
    return _write(Parcel, parcel, {"idle_stage": Parcel.IdleStage.INVESTIGATION}, user=user, channel=channel, zone=parcel.zone)


def mortgage_rules(stored: Mortgage | None, values: dict) -> dict:
    """A new mortgage needs supplied land; one registered before the land went back to reserve stays editable."""
    if stored is None and values["parcel"].status == Parcel.Status.RESERVE:
        raise ValidationError({"parcel": _("储备土地不能办理他项权利登记")})
    return values


@transaction.atomic
def add_mortgage(parcel: Parcel, values: dict, *, user, channel) -> Mortgage:
    values = mortgage_rules(None, {"parcel": parcel, **values})
    return _write(Mortgage, None, values, user=user, channel=channel, zone=parcel.zone)


def relocation_rules(stored: RelocationCase | None, values: dict) -> dict:
    _keep_zone(stored, values, _("收储征迁项目不能转到其他开发区"))
    return values


@transaction.atomic
def save_relocation_case(case: RelocationCase | None, values: dict, *, user, channel, expected_version=None) -> RelocationCase:
    zone = values.get("zone") or case.zone
    values = relocation_rules(_stored(RelocationCase, case), values)
    return _write(RelocationCase, case, values, user=user, channel=channel, zone=zone, expected_version=expected_version)


def industry_rules(stored: Industry | None, values: dict) -> dict:
    # Enterprises and projects must stay in their industry's zone.
    _keep_zone(stored, values, _("产业不能转到其他开发区"))
    return values


@transaction.atomic
def save_industry(industry: Industry | None, values: dict, *, user, channel, expected_version=None) -> Industry:
    zone = values.get("zone") or industry.zone
    values = industry_rules(_stored(Industry, industry), values)
    return _write(Industry, industry, values, user=user, channel=channel, zone=zone, expected_version=expected_version)


# --- many records at once (imports) -------------------------------------------------------------
#
# An import checks every row by the rules above, the model's field rules and its constraints,
# and writes all rows or none. Stored records, editable zones and existing keys are read once
# per batch and the writes are bulk statements, so the queries do not grow with the rows.


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
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _NotInMemory(Exception):
    """A condition using lookups or expressions that only the database evaluates."""


_COMPARISONS = {
    "exact": lambda a, b: a == b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b, "in": lambda a, b: a in b,
}


def _check_condition(record, condition) -> bool | None:
    """A CheckConstraint's condition on an unsaved record, with SQL's three-valued logic
    (None is unknown: a constraint fails only when its condition is False)."""
    if isinstance(condition, Q):
        results = [_check_condition(record, child) for child in condition.children]
        if condition.connector == Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return (None if value is None else not value) if condition.negated else value
    lookup, expected = condition
    name, _sep, operator = lookup.partition("__")
    operator = operator or "exact"
    try:
        actual = getattr(record, record._meta.get_field(name).attname)
        if isinstance(expected, F):
            expected = getattr(record, record._meta.get_field(expected.name).attname)
    except FieldDoesNotExist:
        raise _NotInMemory from None
    if hasattr(expected, "resolve_expression") or (operator not in _COMPARISONS and operator != "isnull"):
        raise _NotInMemory
    if operator == "isnull":
        return (actual is None) == expected
    if actual is None or expected is None:
        return None
    return _COMPARISONS[operator](actual, expected)


def _condition_fields(condition) -> list[str]:
    if isinstance(condition, Q):
        return [name for child in condition.children for name in _condition_fields(child)]
    return [condition[0].split("__")[0]]


def _check_constraints(record) -> None:
    """The model's CheckConstraints, in memory where possible (unique ones are checked per batch).

    A failure is reported on the first field its condition names, so an import can point at
    the column (an amount's sign, the later of two dates)."""
    errors = {}
    for constraint in record._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        try:
            holds = _check_condition(record, constraint.condition) is not False
        except _NotInMemory:
            constraint.validate(type(record), record)
            continue
        if not holds:
            field = _condition_fields(constraint.condition)[0]
            errors.setdefault(field, []).append(constraint.get_violation_error_message())
    if errors:
        raise ValidationError(errors)


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


def _write_many(model, inputs: list[RecordInput], rules, *, user, channel, apply: bool, zone_of) -> BatchResult:
    """Check every input; when `apply` and nothing is wrong, write them all with their history.

    `rules(stored, values)` returns the values to write or raises ValidationError, as for one
    record; `zone_of(record)` gives the zone whose edit permission the row needs.
    """
    result = BatchResult(statuses=[None] * len(inputs), errors=[], versions=[NO_RECORD] * len(inputs))
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
            _check_constraints(record)
        except ValidationError as error:
            for field, messages in _messages(error).items():
                for message in messages:
                    result.errors.append((item, field, str(message)))
            continue
        prepared[index] = (record, changes, zone_id)
        result.statuses[index] = "new" if old is None else ("changed" if changes else "unchanged")
    for index, field, message in _duplicates(model, {i: record for i, (record, _c, _z) in prepared.items()}):
        result.errors.append((inputs[index], field, message))
        result.statuses[index] = None
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


def _atomic_many(model, inputs, rules, *, user, channel, apply, zone_of) -> BatchResult:
    with transaction.atomic():
        return _write_many(model, inputs, rules, user=user, channel=channel, apply=apply, zone_of=zone_of)


def save_enterprises(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(Enterprise, inputs, enterprise_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.zone_id)


def save_projects(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(Project, inputs, project_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.zone_id)


def save_parcels(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(Parcel, inputs, parcel_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.zone_id)


def save_progress(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Months of project progress; each input's values hold project, year, month, investment, physical_progress."""

    def rules(stored, values):
        project = values["project"] if stored is None else stored.project
        progress_rules(project, values.get("year", getattr(stored, "year", None)), values.get("month", getattr(stored, "month", None)))
        return values

    return _atomic_many(ProjectProgress, inputs, rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.project.zone_id)


def save_project_years(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Annual plans; a new one's values hold project and year."""
    return _atomic_many(ProjectYear, inputs, lambda stored, values: values, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.project.zone_id)


def save_problems(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(ProjectProblem, inputs, problem_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.project.zone_id)


def save_mortgages(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(Mortgage, inputs, mortgage_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.parcel.zone_id)


def save_relocation_cases(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(RelocationCase, inputs, relocation_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.zone_id)


def save_enterprise_figures(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    """Months of enterprise figures; a new one's values hold enterprise, year and month."""
    return _atomic_many(EnterpriseFigure, inputs, figure_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.enterprise.zone_id)


def save_industries(inputs: list[RecordInput], *, user, channel, apply: bool = True) -> BatchResult:
    return _atomic_many(Industry, inputs, industry_rules, user=user, channel=channel, apply=apply,
                        zone_of=lambda record: record.zone_id)
