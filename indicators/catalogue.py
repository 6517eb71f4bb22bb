"""The one write path of the indicator catalogue, whatever the channel (the admin, the
catalogue import, the command line): that of zones and parks (zones.writes: an administrator's
rights, the model's rules, the save, the history row, one new data version for every zone, all
in one transaction, a batch with any error rolled back whole), with the catalogue's own rules:
a parent may be a new indicator of the same batch, and what figures already submitted or
approved mean may not change under them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from zones.writes import BatchResult, RecordInput, write_administered

from .models import Indicator, MonthlyValue, ZoneMonth

# What the stored figures mean: the unit they are kept in, whether a month is a flow or a
# level, and which column staff typed. Changing one would change the meaning of figures reviewed.
MEANING_FIELDS = ("unit", "kind", "entry_mode")
MONTHS_NAMED = 3


def save_indicators(inputs: list[RecordInput], *, user, channel: str, apply: bool = True) -> BatchResult:
    """Indicators created or changed; their history belongs to no zone. An input's `parent` may
    be an Indicator or its code (an indicator stored, or one of the batch: parents are written
    before their parts)."""
    return write_administered(Indicator, inputs, user=user, channel=channel, apply=apply, zone_of=lambda _record: None,
                              prepare=_checked_values, order=_parents_first)


def _checked_values(stored: Indicator | None, values: dict) -> dict:
    values = _with_parent(values)
    _refuse_meaning_changes(stored, values)
    return values


def _code_of(item: RecordInput) -> str:
    return item.values.get("code") or (item.record.code if item.record else "")


def _parents_first(inputs: list[RecordInput]) -> list[int]:
    """The inputs' indexes, each after the input of the batch its parent names (a file may list
    a part before its whole); otherwise in the batch's order."""
    by_code = {_code_of(item): index for index, item in enumerate(inputs)}
    depths: dict[int, int] = {}

    def depth(index: int, seen: frozenset = frozenset()) -> int:
        if index not in depths:
            parent = inputs[index].values.get("parent")
            above = by_code.get(parent) if isinstance(parent, str) else None
            # A loop within the batch is the model's to refuse, not ours to follow.
            depths[index] = 0 if above is None or above in seen else depth(above, seen | {index}) + 1
        return depths[index]

    return sorted(range(len(inputs)), key=depth)


def _with_parent(values: dict) -> dict:
    """`values` with a parent named by its code replaced by the indicator stored under it."""
    parent = values.get("parent")
    if not isinstance(parent, str):
        return values
    found = Indicator.objects.filter(code=parent).first() if parent else None
    if parent and found is None:
        raise ValidationError({"parent": _("上级指标“%(v)s”不存在") % {"v": parent}})
    return {**values, "parent": found}


def _refuse_meaning_changes(stored: Indicator | None, values: dict) -> None:
    """Refuse a change of what an indicator's figures mean once months holding them are
    submitted or approved: those figures would silently be read otherwise."""
    if stored is None:
        return
    changed = [name for name in MEANING_FIELDS if name in values and values[name] != getattr(stored, name)]
    if not changed:
        return
    months = _reviewed_months(stored)
    if not months:
        return
    named = "、".join(str(month) for month in months[:MONTHS_NAMED])
    if len(months) > MONTHS_NAMED:
        named = _("%(months)s等%(n)s个月") % {"months": named, "n": len(months)}
    raise ValidationError({
        name: _("“%(field)s”不能修改：%(months)s的数据已提交或已审核，修改会改变这些数据的含义") % {
            "field": Indicator._meta.get_field(name).verbose_name, "months": named}
        for name in changed
    })


def _reviewed_months(indicator: Indicator) -> list[ZoneMonth]:
    """The submitted or approved months that hold a figure of `indicator`."""
    figures = MonthlyValue.objects.filter(
        Q(ytd_value__isnull=False) | Q(month_value__isnull=False),
        indicator=indicator, zone=OuterRef("zone"), year=OuterRef("year"), month=OuterRef("month"),
    )
    return list(
        ZoneMonth.objects.filter(Exists(figures), status__in=ZoneMonth.LOCKED_STATUSES)
        .select_related("zone").order_by("zone__code", "year", "month")
    )
