"""The rules of the enterprise, project and land records, one function per record kind.

Each `<kind>_rules(stored, values)` takes the record as the database holds it (None: a new
one) and the values a caller means to write, and returns the values to write or raises
ValidationError at the fields. They are applied by the records' one write path, the batch
services of projects.batch, whatever the channel (form, admin, import, API, demo).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core import clock
from core.locking import NO_RECORD
from core.numbers import NotANumber, parse_number
from core.periods import LAST_YEAR, period_errors

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


def _period_of(stored, values: dict, *names: str) -> list:
    """The period fields' values to be written: given, else stored."""
    return [values.get(name, getattr(stored, name, None)) for name in names]


def period_rule(year, month=None, *, names=("year", "month"), today: datetime.date | None = None) -> None:
    """core.periods' one rule for a record's period (a known year, nothing after `today`'s month
    or year, by default today's), reported at the record's own period fields `names`."""
    faults = period_errors(year, month, today=today or clock.today())
    if faults:
        fields = dict(zip(("year", "month"), names))
        raise ValidationError({fields[field]: ValidationError(message, code=code) for field, code, message in faults})


def version_of(record) -> int:
    """The version a form carries for `record` (None or unsaved: NO_RECORD)."""
    return NO_RECORD if record is None or record.pk is None else record.version


# --- enterprises -------------------------------------------------------------------------------


def _keep_zone(stored, values: dict, message) -> None:
    if stored is not None and "zone" in values and values["zone"].pk != stored.zone_id:
        raise ValidationError({"zone": message})


def enterprise_rules(stored: Enterprise | None, values: dict) -> dict:
    """The values to write, or ValidationError; `stored` is the record as the database holds it."""
    if "credit_code" in values:
        values = {**values, "credit_code": normalise_credit_code(values["credit_code"]) or None}
    _keep_zone(stored, values, _("企业不能转到其他开发区，请在新开发区重新登记"))
    return values


def figure_rules(stored: EnterpriseFigure | None, values: dict) -> dict:
    """A past or current month's figures need tax or output; a column left out keeps the stored figure."""
    period_rule(*_period_of(stored, values, "year", "month"))
    if all(values.get(field, getattr(stored, field, None)) is None for field in ("tax_ytd", "output_ytd")):
        raise ValidationError({"tax_ytd": _("请至少填写税收或产值之一")})
    return values


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


def progress_rules(stored: ProjectProgress | None, values: dict) -> dict:
    """A month of a known year, not in the future, from the month the project started."""
    project = values["project"] if stored is None else stored.project
    year, month = _period_of(stored, values, "year", "month")
    period_rule(year, month)
    if project.started_on is None:
        raise ValidationError({"investment": _("项目尚未开工（未填开工日期），不能填报完成投资")})
    if (year, month) < (project.started_on.year, project.started_on.month):
        raise ValidationError({"investment": _("报告月份早于项目开工月份")})
    return values


def project_year_rules(stored: ProjectYear | None, values: dict) -> dict:
    """A plan for a known year: the coming years' too, planned ahead."""
    period_rule(_period_of(stored, values, "year")[0], today=datetime.date(LAST_YEAR, 12, 31))
    return values


def problem_rules(stored: ProjectProblem | None, values: dict) -> dict:
    """Texts are kept without surrounding blanks; a problem is raised in a past or current month;
    a resolved problem stays resolved (no form reopens one)."""
    values = {name: value.strip() if name in ("description", "owner", "resolution") else value for name, value in values.items()}
    if stored is None:
        period_rule(*_period_of(stored, values, "raised_year", "raised_month"), names=("raised_year", "raised_month"))
    if stored is not None and stored.state == ProjectProblem.State.RESOLVED and values.get("state", stored.state) != stored.state:
        raise ValidationError({"state": _("已解决的问题不能改回未解决")})
    return values


# --- land ----------------------------------------------------------------------------------------


def parcel_rules(stored: Parcel | None, values: dict) -> dict:
    _keep_zone(stored, values, _("宗地不能转到其他开发区"))
    if "code" in values:
        values = {**values, "code": values["code"].strip()}
    return values


def mortgage_rules(stored: Mortgage | None, values: dict) -> dict:
    """A new mortgage needs supplied land; one registered before the land went back to reserve stays editable."""
    if stored is None and values["parcel"].status == Parcel.Status.RESERVE:
        raise ValidationError({"parcel": _("储备土地不能办理他项权利登记")})
    return values


def relocation_rules(stored: RelocationCase | None, values: dict) -> dict:
    _keep_zone(stored, values, _("收储征迁项目不能转到其他开发区"))
    return values


def industry_rules(stored: Industry | None, values: dict) -> dict:
    # Enterprises and projects must stay in their industry's zone.
    _keep_zone(stored, values, _("产业不能转到其他开发区"))
    return values

# --- every record ----------------------------------------------------------------------------------


def numeric_fields(model) -> dict[str, models.Field]:
    """The model's number columns, by name."""
    return {f.name: f for f in model._meta.concrete_fields
            if isinstance(f, (models.DecimalField, models.IntegerField)) and not f.is_relation and not f.primary_key}


def number_rules(fields: dict[str, models.Field], values: dict) -> dict:
    """Numbers as core.numbers reads them, whoever sends them (a form, a file, JSON): text through
    parse_number ("1,234.5", full-width digits; no "6_2", exponents, NaN or infinities), a float
    by its shortest text, a whole number where the column counts; refused at the field."""
    read, errors = dict(values), {}
    for name in fields.keys() & values.keys():
        value = values[name]
        try:
            number = _number(value)
        except NotANumber:
            errors[name] = _("不是数字：%(v)s") % {"v": value}
            continue
        if number is not None and isinstance(fields[name], models.IntegerField):
            if number != number.to_integral_value():
                errors[name] = _("须为整数：%(v)s") % {"v": value}
                continue
            number = int(number)
        read[name] = number
    if errors:
        raise ValidationError(errors)
    return read


def _number(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, str):
        return parse_number(value) if value.strip() else None
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raise NotANumber(value)
    if not number.is_finite():
        raise NotANumber(value)
    return number
