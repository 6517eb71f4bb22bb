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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_changes
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
from .validators import normalise_credit_code

# Related fields that must point at a record of the same zone as the record itself.
SAME_ZONE_FIELDS = {
    Enterprise: ["park", "industry"],
    Project: ["park", "enterprise", "industry"],
    Parcel: ["park", "holder", "project"],
}


def _require_edit(user, zone) -> None:
    # user=None is the system itself (demo data, migrations); people must be allowed to edit.
    if user is not None and not user.can(Action.EDIT, zone):
        raise PermissionDenied


def check_same_zone(instance) -> None:
    errors = {}
    for field in SAME_ZONE_FIELDS.get(type(instance), []):
        related = getattr(instance, field)
        if related is not None and related.zone_id != instance.zone_id:
            errors[field] = _("所选%(what)s不属于该开发区") % {"what": instance._meta.get_field(field).verbose_name}
    if errors:
        raise ValidationError(errors)


def _write(model, instance, values: dict, *, user, channel, zone):
    """Create (`instance` None) or update a record from `values`, validated, with history.

    The old values are read from the database under a row lock, so a form that has already
    put the new values onto its own copy of the instance still records what changed.
    """
    _require_edit(user, zone)
    if instance is None or instance.pk is None:
        record, creating = model(), True
    else:
        record, creating = model.objects.select_for_update().get(pk=instance.pk), False
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
        record.save(update_fields=list(changes))
    record_changes(record, changes, user=user, channel=channel, zone=zone)
    return record


# --- enterprises -------------------------------------------------------------------------------


@transaction.atomic
def save_enterprise(enterprise: Enterprise | None, values: dict, *, user, channel) -> Enterprise:
    if "credit_code" in values:
        values = {**values, "credit_code": normalise_credit_code(values["credit_code"])}
    zone = values.get("zone") or enterprise.zone
    if enterprise is not None and enterprise.pk and values.get("zone", enterprise.zone) != Enterprise.objects.get(pk=enterprise.pk).zone:
        raise ValidationError({"zone": _("企业不能转到其他开发区，请在新开发区重新登记")})
    return _write(Enterprise, enterprise, values, user=user, channel=channel, zone=zone)


@transaction.atomic
def save_enterprise_figure(enterprise: Enterprise, year: int, month: int, *, tax_ytd: Decimal | None,
                           output_ytd: Decimal | None, user, channel) -> EnterpriseFigure:
    """An enterprise's tax and output (1-N月累计, 万元) for a month, created or replaced."""
    if tax_ytd is None and output_ytd is None:
        raise ValidationError(_("请至少填写税收或产值之一"))
    existing = EnterpriseFigure.objects.filter(enterprise=enterprise, year=year, month=month).first()
    values = {"tax_ytd": tax_ytd, "output_ytd": output_ytd}
    if existing is None:
        values = {"enterprise": enterprise, "year": year, "month": month, **values}
    return _write(EnterpriseFigure, existing, values, user=user, channel=channel, zone=enterprise.zone)


# --- projects ------------------------------------------------------------------------------------


@transaction.atomic
def save_project(project: Project | None, values: dict, *, user, channel) -> Project:
    zone = values.get("zone") or project.zone
    if project is not None and project.pk and values.get("zone", zone) != Project.objects.get(pk=project.pk).zone:
        raise ValidationError({"zone": _("项目不能转到其他开发区")})
    stage = values.get("stage") or (project.stage if project else Project.Stage.CONCEIVED)
    if stage == Project.Stage.CONCEIVED and not values.get("conceived_on", getattr(project, "conceived_on", None)):
        raise ValidationError({"conceived_on": _("请填写谋划日期")})
    return _write(Project, project, values, user=user, channel=channel, zone=zone)


@transaction.atomic
def save_project_year(project: Project, year: int, *, planned_investment: Decimal,
                      construction_type_override: str = "", user, channel) -> ProjectYear:
    existing = ProjectYear.objects.filter(project=project, year=year).first()
    values = {"planned_investment": planned_investment, "construction_type_override": construction_type_override}
    if existing is None:
        values = {"project": project, "year": year, **values}
    return _write(ProjectYear, existing, values, user=user, channel=channel, zone=project.zone)


@dataclass(frozen=True)
class ProblemInput:
    description: str
    owner: str
    deadline: datetime.date


@transaction.atomic
def record_progress(project: Project, year: int, month: int, *, investment: Decimal, physical_progress: str,
                    problems: list[ProblemInput] = (), user, channel) -> ProjectProgress:
    """A project's month: 本月完成投资 and 形象进度 (created or replaced), plus new problems."""
    if project.started_on is None:
        raise ValidationError({"investment": _("项目尚未开工（未填开工日期），不能填报完成投资")})
    if (year, month) < (project.started_on.year, project.started_on.month):
        raise ValidationError({"investment": _("报告月份早于项目开工月份")})
    existing = ProjectProgress.objects.filter(project=project, year=year, month=month).first()
    values = {"investment": investment, "physical_progress": physical_progress}
    if existing is None:
        values = {"project": project, "year": year, "month": month, **values}
    progress = _write(ProjectProgress, existing, values, user=user, channel=channel, zone=project.zone)
    for problem in problems:
        add_problem(project, year, month, problem, user=user, channel=channel)
    return progress


@transaction.atomic
def add_problem(project: Project, year: int, month: int, problem: ProblemInput, *, user, channel) -> ProjectProblem:
    values = {
        "project": project, "raised_year": year, "raised_month": month,
        "description": problem.description.strip(), "owner": problem.owner.strip(), "deadline": problem.deadline,
    }
    return _write(ProjectProblem, None, values, user=user, channel=channel, zone=project.zone)


@transaction.atomic
def resolve_problem(problem: ProjectProblem, *, resolved_on: datetime.date, resolution: str, user, channel) -> ProjectProblem:
    if problem.state == ProjectProblem.State.RESOLVED:
        raise ValidationError(_("该问题已解决"))
    values = {"state": ProjectProblem.State.RESOLVED, "resolved_on": resolved_on, "resolution": resolution.strip()}
    return _write(ProjectProblem, problem, values, user=user, channel=channel, zone=problem.project.zone)


# --- land ----------------------------------------------------------------------------------------


@transaction.atomic
def save_parcel(parcel: Parcel | None, values: dict, *, user, channel) -> Parcel:
    zone = values.get("zone") or parcel.zone
    if parcel is not None and parcel.pk and values.get("zone", zone) != Parcel.objects.get(pk=parcel.pk).zone:
        raise ValidationError({"zone": _("宗地不能转到其他开发区")})
    if "code" in values:
        values = {**values, "code": values["code"].strip()}
    return _write(Parcel, parcel, values, user=user, channel=channel, zone=zone)


@transaction.atomic
def confirm_idle_candidate(parcel: Parcel, *, user, channel) -> Parcel:
    """Staff confirm a candidate: it enters idle-land disposal at its first stage, 调查."""
    if parcel.idle_stage:
        raise ValidationError(_("该宗地已在闲置土地处置中"))
    return _write(Parcel, parcel, {"idle_stage": Parcel.IdleStage.INVESTIGATION}, user=user, channel=channel, zone=parcel.zone)


@transaction.atomic
def add_mortgage(parcel: Parcel, values: dict, *, user, channel) -> Mortgage:
    if parcel.status == Parcel.Status.RESERVE:
        raise ValidationError(_("储备土地不能办理他项权利登记"))
    return _write(Mortgage, None, {"parcel": parcel, **values}, user=user, channel=channel, zone=parcel.zone)


@transaction.atomic
def save_relocation_case(case: RelocationCase | None, values: dict, *, user, channel) -> RelocationCase:
    zone = values.get("zone") or case.zone
    if case is not None and case.pk and values.get("zone", zone) != RelocationCase.objects.get(pk=case.pk).zone:
        raise ValidationError({"zone": _("收储征迁项目不能转到其他开发区")})
    return _write(RelocationCase, case, values, user=user, channel=channel, zone=zone)


@transaction.atomic
def save_industry(industry: Industry | None, values: dict, *, user, channel) -> Industry:
    zone = values.get("zone") or industry.zone
    return _write(Industry, industry, values, user=user, channel=channel, zone=zone)
