"""Reads for the record pages: zone-scoped querysets with what each page shows, loaded in a
fixed number of queries."""

import ast
import re
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from audit.services import history_for
from core import clock
from indicators.statistics import plain_number
from zones.models import Action

from . import statistics
from .models import Enterprise, Industry, Parcel, Project, ProjectProblem, held_land, overdue_problem


def get_for_user(model, user, pk: int, action: str = Action.VIEW, queryset=None):
    """The record if the user may see it (else 404) and act on it as asked (else 403)."""
    queryset = queryset if queryset is not None else model.objects.all()
    record = queryset.for_user(user, Action.VIEW).filter(pk=pk).first()
    if record is None:
        raise Http404("no such record")
    if action != Action.VIEW and not model.objects.for_user(user, action).filter(pk=pk).exists():
        raise PermissionDenied
    return record


def _search(queryset, q: str, fields: list[str]):
    if not q:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": q})
    return queryset.filter(condition)


def _common(queryset, data: dict, search_fields: list[str]):
    queryset = _search(queryset, (data.get("q") or "").strip(), search_fields)
    for name in ("zone", "park", "industry"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    return queryset


def _count_by_industry(model):
    # A subquery per count: joining both enterprises and projects would multiply the rows.
    counted = model.objects.filter(industry=OuterRef("pk")).order_by().values("industry").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def industry_list(user, data: dict):
    """Industries with the number of enterprises and projects in each."""
    queryset = Industry.objects.for_user(user).select_related("zone")
    return _common(queryset, data, ["name"]).annotate(
        enterprise_count=_count_by_industry(Enterprise), project_count=_count_by_industry(Project),
    ).order_by("zone__code", "order", "name", "pk")


def enterprise_list(user, data: dict):
    queryset = Enterprise.objects.for_user(user).select_related("zone", "park", "industry")
    queryset = _common(queryset, data, ["name", "credit_code", "contact_person"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    for flag in ("is_above_scale", "is_listed", "is_foreign", "is_high_tech"):
        if data.get(flag):
            queryset = queryset.filter(**{flag: True})
    return queryset.annotate(
        land_mu=Sum("parcels__area_mu", filter=held_land("parcels__"))
    ).order_by("zone__code", "name", "pk")


def project_list(user, data: dict, year: int, month: int):
    """Projects with their open and overdue problem counts.

    `status` is a figure of the project summary (PROJECT_FIGURES): it shows exactly the
    projects the statistics count for the zone, year and month.
    """
    today = clock.today()
    queryset = Project.objects.for_user(user).select_related("zone", "park", "industry", "enterprise")
    queryset = _common(queryset, data, ["name", "enterprise__name", "responsible_leader", "responsible_unit"])
    if data.get("stage"):
        queryset = queryset.filter(stage=data["stage"])
    if data.get("key"):
        queryset = queryset.filter(is_key=True)
    if data.get("status") and data.get("zone"):
        queryset = queryset.filter(pk__in=statistics.projects_behind(data["zone"], data["status"], year, month))
    elif data.get("status"):
        queryset = queryset.none()
    open_problems = Q(problems__state=ProjectProblem.State.OPEN)
    return queryset.annotate(
        open_problems=Count("problems", filter=open_problems),
        overdue_problems=Count("problems", filter=overdue_problem(today, "problems__")),
    ).order_by("zone__code", "name", "pk")


def parcel_list(user, data: dict, year: int | None):
    queryset = Parcel.objects.for_user(user).select_related("zone", "park", "holder", "project")
    queryset = _common(queryset, data, ["code", "location", "holder__name", "project__name"])
    if data.get("industry"):
        queryset = queryset.filter(holder__industry=data["industry"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    idle = data.get("stage")  # a parcel's stage is its idle-land disposal stage
    if idle == "open":
        queryset = queryset.filter(idle_stage__in=Parcel.OPEN_IDLE_STAGES)
    elif idle:
        queryset = queryset.filter(idle_stage=idle)
    if data.get("low_efficiency"):
        queryset = queryset.filter(is_low_efficiency=True)
    if year:
        # With a year, the parcels supplied in it (to the month when given), as land_summary counts them.
        end = statistics.period_end(year, data.get("month") or 12)
        queryset = queryset.filter(supplied_on__year=year, supplied_on__lte=end)
    return queryset


def problem_list(user, data: dict):
    today = clock.today()
    queryset = ProjectProblem.objects.for_user(user).select_related("project", "project__zone")
    if data.get("zone"):
        queryset = queryset.filter(project__zone=data["zone"])
    state = data.get("state") or "overdue"
    if state == "overdue":
        queryset = statistics.overdue_problems(queryset, today)
    elif state in ProjectProblem.State.values:
        queryset = queryset.filter(state=state)
    return statistics.with_overdue_flag(queryset, today).order_by("state", "deadline", "id")


def _value_label(field, text: str) -> str:
    if text == "":
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if field.get_internal_type() == "BooleanField":
        return _("是") if text == "True" else _("否")
    if field.get_internal_type() == "JSONField":
        return _named_amounts(field, text)
    return text


# The unit a field's name ends with: 主要污染物排放（吨）, Main pollutant emissions (t).
UNIT_IN_NAME = re.compile(r"[（(]([^（）()]+)[）)]$")


def _named_amounts(field, text: str) -> str:
    """Named amounts as history keeps them ({'COD': 0.255, 'NOx': 0.254}) as people read them:
    COD 0.255吨；NOx 0.254吨, in the unit the field's name gives."""
    try:
        amounts = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if not isinstance(amounts, dict):
        return text
    if not amounts:
        return ""
    found = UNIT_IN_NAME.search(str(field.verbose_name))
    unit = found.group(1) if found else ""
    return _("；").join(
        _("%(name)s %(amount)s%(unit)s") % {"name": name, "amount": plain_number(Decimal(str(amount))), "unit": unit}
        if isinstance(amount, (int, float)) else f"{name} {amount}"
        for name, amount in amounts.items()
    )


def history(record, limit: int = 100) -> list:
    """The record's change history, newest first, with field names and choices as people read them."""
    meta = type(record)._meta
    changes = list(history_for(record)[:limit])
    for change in changes:
        try:
            field = meta.get_field(change.field)
        except FieldDoesNotExist:
            change.label, change.old_display, change.new_display = change.field, change.old_value, change.new_value
            continue
        change.label = str(field.verbose_name)
        change.old_display = _value_label(field, change.old_value)
        change.new_display = _value_label(field, change.new_value)
    return changes
