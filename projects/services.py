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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_changes
from core.locking import NO_RECORD, is_stale
from zones.access import require_rights
from zones.models import Action

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
