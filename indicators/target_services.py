"""Writes of annual targets: every channel (form, import, admin, API) goes through `save_targets`,
which checks rights, units, versions and the approval freeze, and writes history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import change_records, save_change_records
from core.locking import is_stale
from core.periods import month_name
from zones.access import require_rights
from zones.models import Action
from zones.services import mark_changed

from . import statistics
from .models import AnnualTarget, Indicator, ZoneMonth
from .checks import MAX_ABS_VALUE
from .services import SaveResult


@dataclass
class TargetInput:
    zone: object
    indicator: Indicator
    year: int
    value: Decimal
    unit: str = ""  # any unit of the indicator's family; empty means the indicator's own
    row: int | None = None
    expected_version: int | None = None  # the target's version the form or preview saw (NO_RECORD: none)


class TargetsStale(Exception):
    """Targets saved by someone else after the caller read them: (input, stored target or None)."""

    def __init__(self, stale: list[tuple[TargetInput, AnnualTarget | None]]):
        super().__init__(f"{len(stale)} stale target(s)")
        self.stale = stale


class TargetsRejected(Exception):
    def __init__(self, errors: list[tuple[TargetInput, str, str]]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def target_in_indicator_unit(item: TargetInput) -> Decimal:
    return statistics.convert(item.value, item.unit or item.indicator.unit, item.indicator.unit)


def month_ranges(months: list[int]) -> str:
    """Months as runs, by name: [1, 2, 3, 5] -> 1月至3月、5月 (January to March, May)."""
    runs = []
    for month in sorted(months):
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return _("、").join(
        month_name(a) if a == b else _("%(first)s至%(last)s") % {"first": month_name(a), "last": month_name(b)} for a, b in runs
    )


def frozen_target_years(zone_years) -> dict[tuple[int, int], list[int]]:
    """The approved months of each (zone id, year) that has one: that year's targets are frozen,
    since the approved months' 完成率 and 序时进度 were decided on them."""
    zone_years = set(zone_years)
    frozen = defaultdict(list)
    rows = ZoneMonth.objects.filter(
        status=ZoneMonth.Status.APPROVED, zone_id__in={z for z, _y in zone_years}, year__in={y for _z, y in zone_years}
    ).order_by("month").values_list("zone_id", "year", "month")
    for zone_id, year, month in rows:
        if (zone_id, year) in zone_years:
            frozen[(zone_id, year)].append(month)
    return dict(frozen)


def _check_frozen_targets(inputs: list[TargetInput], values: dict[int, Decimal], error) -> None:
    """A target of a frozen year (frozen_target_years) may be given again unchanged, so an export
    imports back, but not set or changed."""
    frozen = frozen_target_years((item.zone.pk, item.year) for item in inputs)
    if not frozen:
        return
    stored = {
        (zone_id, indicator_id, year): value
        for zone_id, indicator_id, year, value in AnnualTarget.objects.filter(
            zone_id__in={z for z, _y in frozen}, year__in={y for _z, y in frozen}
        ).values_list("zone_id", "indicator_id", "year", "target_value")
    }
    for item in inputs:
        months = frozen.get((item.zone.pk, item.year))
        if months and stored.get((item.zone.pk, item.indicator.pk, item.year)) != values[id(item)]:
            error((item, "target", _(
                "%(zone)s%(year)s年%(months)s已审核，该年度目标已锁定（已审核月份的完成率按它计算）；如需调整，请联系审核员退回这些月份"
            ) % {"zone": item.zone, "year": item.year, "months": month_ranges(months)}))


def check_targets(inputs: list[TargetInput]) -> list[tuple[TargetInput, str, str]]:
    """(input, field, message) for every target that cannot be saved."""
    errors = []
    seen = {}
    values = {}
    for item in inputs:
        key = (item.zone.pk, item.indicator.pk, item.year)
        if key in seen:
            errors.append((item, "indicator", _("与第%(row)s行重复") % {"row": seen[key].row}))
        seen[key] = item
        try:
            value = target_in_indicator_unit(item)
        except statistics.UnitError as exc:
            errors.append((item, "unit", str(exc)))
            continue
        if value is None or value <= 0:
            errors.append((item, "target", _("年度目标须大于0")))
        elif value >= MAX_ABS_VALUE:
            errors.append((item, "target", _("数值过大，请检查单位")))
        else:
            values[id(item)] = value
    _check_frozen_targets([item for item in inputs if id(item) in values], values, errors.append)
    return errors


@transaction.atomic
def save_targets(inputs: list[TargetInput], *, user, channel: str) -> SaveResult:
    """Create or change annual targets with their history; all or nothing. Raises RightsRefused,
    TargetsRejected (check_targets: also a year with an approved month, whose targets are frozen),
    or TargetsStale (a target's version is not the one its input expects)."""
    require_rights(user, Action.EDIT, {item.zone.pk for item in inputs})
    # The years' month rows locked: no month is approved between the check and the write.
    list(ZoneMonth.objects.select_for_update().filter(
        zone_id__in={i.zone.pk for i in inputs}, year__in={i.year for i in inputs}).values_list("pk", flat=True))
    errors = check_targets(inputs)
    if errors:
        raise TargetsRejected(errors)
    result = SaveResult()
    existing = {
        (t.zone_id, t.indicator_id, t.year): t
        for t in AnnualTarget.objects.select_for_update().filter(
            zone_id__in={i.zone.pk for i in inputs}, year__in={i.year for i in inputs}
        ).select_related("zone", "indicator")
    }
    stale = []
    for item in inputs:
        target = existing.get((item.zone.pk, item.indicator.pk, item.year))
        if is_stale(None if target is None else target.version, item.expected_version):
            stale.append((item, target))
    if stale:
        raise TargetsStale(stale)
    history, changed_zones = [], set()
    for item in inputs:
        value = target_in_indicator_unit(item)
        target = existing.get((item.zone.pk, item.indicator.pk, item.year))
        if target is None:
            target = AnnualTarget.objects.create(zone=item.zone, indicator=item.indicator, year=item.year, target_value=value)
            result.created += 1
            old = None
        elif target.target_value == value:
            result.unchanged += 1
            continue
        else:
            old = target.target_value
            target.target_value = value
            target.version += 1
            target.save(update_fields=["target_value", "version", "updated_at"])
            result.changed += 1
        changed_zones.add(item.zone.pk)
        history += change_records(target, {"target_value": (old, value)}, user=user, channel=channel, zone=item.zone)
    save_change_records(history)
    mark_changed(changed_zones)
    return result

