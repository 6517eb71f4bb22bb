"""Writes of monthly values (annual targets: target_services; the checks before a write: checks).

Every channel (entry form, import, admin, API) goes through `save_values`,
so the same rights, checks, locks and history apply whatever the route. A batch is checked whole
and written in one transaction: it applies entirely or not at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import save_history
from core import bulk
from zones.access import require_rights
from zones.models import Action
from zones.services import mark_changed

from .checks import CheckResult, Problem, ValueInput, check_values, month_figures
from .models import ConfirmedWarning, MonthlyValue, ZoneMonth

@dataclass
class SaveResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    checked: CheckResult | None = None
    # (zone_id, year, month) of the months whose stored figures changed: their version rises.
    changed_months: set[tuple[int, int, int]] = field(default_factory=set)


class ValuesRejected(Exception):
    def __init__(self, result: CheckResult):
        super().__init__(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)")
        self.result = result


class VersionConflict(Exception):
    """Someone else saved the month after this form was loaded."""

    def __init__(self, zone_month: ZoneMonth):
        super().__init__(str(zone_month))
        self.zone_month = zone_month


def _lock_months(inputs, expected_versions) -> dict[tuple[int, int, int], int]:
    """Take the month rows' locks so concurrent saves of a month run one after the other; the
    locked rows' pks by (zone_id, year, month). Rows, not model instances: an import locks
    thousands of months."""
    keys = {(i.key[0], i.year, i.month) for i in inputs}

    def locked():
        rows = ZoneMonth.objects.select_for_update().filter(
            zone_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
        ).values_list("zone_id", "year", "month", "pk", "version")
        return {(zone_id, year, month): (pk, version) for zone_id, year, month, pk, version in rows}

    existing = locked()
    now = bulk.now()
    missing = [(*key, ZoneMonth.Status.DRAFT.value, 0, now) for key in keys if key not in existing]
    if missing:
        bulk.insert(ZoneMonth, ["zone_id", "year", "month", "status", "version", "updated_at"], missing, skip_existing=True)
        existing = locked()
    for key, version in (expected_versions or {}).items():
        if key in existing and existing[key][1] != version:
            raise VersionConflict(ZoneMonth.objects.select_related("zone").get(pk=existing[key][0]))
    return {k: existing[k][0] for k in keys}


@transaction.atomic
def save_values(
    inputs: list[ValueInput],
    *,
    user,
    channel: str,
    confirm_warnings: bool = False,
    expected_versions: dict[tuple[int, int, int], int] | None = None,
    today: datetime.date | None = None,
) -> SaveResult:
    """Check and save a batch of figures with their history and the warnings confirmed (kept for
    the reviewer); all or nothing.

    `expected_versions` maps (zone_id, year, month) to the version the form was loaded at.
    Raises RightsRefused (the user may not edit a zone of the batch), VersionConflict or
    ValuesRejected (errors, or warnings not confirmed).
    """
    if not inputs:
        return SaveResult()
    require_rights(user, Action.EDIT, {item.key[0] for item in inputs})
    month_pks = _lock_months(inputs, expected_versions)
    result = check_values(inputs, today=today)
    if result.errors or (result.warnings and not confirm_warnings):
        raise ValuesRejected(result)
    saved = _write(result, user=user, channel=channel)
    saved.warnings, saved.checked = result.warnings, result
    if result.warnings:
        _keep_confirmed(result.warnings, month_pks, user)
    _raise_versions(saved.changed_months)
    mark_changed({zone_id for zone_id, _year, _month in saved.changed_months})
    return saved


def _raise_versions(months: set[tuple[int, int, int]]) -> None:
    """A new version for each month whose stored figures changed, given or derived (a later
    month's 本月 follows an earlier 1-N月累计). A month the batch left as it was keeps its version:
    an unchanged re-import is no change to an API client's ETag."""
    if not months:
        return
    rows = ZoneMonth.objects.filter(
        zone_id__in={m[0] for m in months}, year__in={m[1] for m in months}, month__in={m[2] for m in months}
    ).values_list("pk", "zone_id", "year", "month")
    ZoneMonth.objects.filter(pk__in=[pk for pk, *key in rows if tuple(key) in months]).update(
        version=F("version") + 1, updated_at=timezone.now())


def _keep_confirmed(warnings: list[Problem], month_pks: dict, user) -> None:
    """The warnings the user confirmed by saving, kept for the reviewer: who, when, what it said.
    A warning confirmed again unchanged (the same figure saved again) is kept once."""
    rows = dict.fromkeys(
        (month_pks[(p.input.key[0], p.input.year, p.input.month)], p.input.indicator.pk, p.code, p.message)
        for p in warnings
    )
    kept = set(
        ConfirmedWarning.objects.filter(zone_month_id__in={row[0] for row in rows})
        .values_list("zone_month_id", "indicator_id", "code", "message")
    )
    user_id = getattr(user, "pk", None)
    ConfirmedWarning.objects.bulk_create([
        ConfirmedWarning(zone_month_id=month, indicator_id=indicator, code=code, message=message, user_id=user_id)
        for month, indicator, code, message in rows if (month, indicator, code, message) not in kept
    ])


FIGURE_FIELDS = ["ytd_value", "month_value", "published_yoy", "comment"]
# Written with the figures but not compared: "8" retyped as "8.0" is no change to a locked month.
PLACE_FIELDS = ["entered_places", "yoy_places"]
# No created_at or updated_at: the database stamps new rows (their db_default).
INSERT_FIELDS = ["zone_id", "indicator_id", "year", "month", *FIGURE_FIELDS, *PLACE_FIELDS, "created_by_id", "created_channel"]
NO_PLACES = (None, None)
NO_FIGURES = (None, None, None)  # ytd, month value, published growth of a month without them


def _write(checked: CheckResult, *, user, channel) -> SaveResult:
    """Create or update every month whose figures changed (the derived column of a year's other
    months may change too). A new value records its creation itself; a changed figure given in
    the batch gets a history row. The stored figures come from the check, which read them under
    the months' locks."""
    now = bulk.now()
    creation = (getattr(user, "pk", None), channel)  # created_by_id, created_channel
    to_create, to_update, history = [], [], []
    result = SaveResult()
    for key, stored in checked.stored.items():
        zone_id, indicator_id, year = key
        given = {item.month: item for item in checked.by_series[key]}
        series = checked.table.series[key]  # _apply made it
        for month in sorted(set(series.ytd) | set(series.month_values) | set(series.published_yoy)):
            item = given.get(month)
            new = month_figures(series, month)
            places = series.places.get(month, NO_PLACES)
            pk = stored.pks.get(month)
            if pk is None:
                if item is None or (new[:3] == NO_FIGURES and not new[3]):
                    if item is not None:
                        result.unchanged += 1
                    continue
                to_create.append((zone_id, indicator_id, year, month, *new, *places, *creation))
                result.created += 1
                result.changed_months.add((zone_id, year, month))
                continue
            old = month_figures(stored, month)
            if old == new:
                if item is not None:
                    result.unchanged += 1
                continue
            to_update.append((pk, *new, *places, now))
            result.changed_months.add((zone_id, year, month))
            if item is not None:
                result.changed += 1
                history.append((pk, item, old, new))
    bulk.insert(MonthlyValue, INSERT_FIELDS, to_create)
    bulk.update(MonthlyValue, [*FIGURE_FIELDS, *PLACE_FIELDS, "updated_at"], to_update)
    save_history(MonthlyValue, _changes(history), user=user, channel=channel)
    return result


def _changes(history):
    """save_history's rows from (pk, input, old, new), old and new as (ytd, month value,
    published growth, comment)."""
    names = {}  # str() of each zone and indicator once (an indicator's follows the language)
    for pk, item, old, new in history:
        indicator = item.indicator
        zone_id, indicator_id, year, month = item.key
        zone_name, indicator_name = names.get((zone_id, indicator_id)) or names.setdefault(
            (zone_id, indicator_id), (str(item.zone), str(indicator))
        )
        entered = 0 if item.entered_in_ytd else 1
        yield pk, zone_id, MonthlyValue.label(zone_name, year, month, indicator_name), {
            "value": (old[entered], new[entered]),
            "published_yoy": (old[2], new[2]),
            "comment": (old[3], new[3]),
        }
