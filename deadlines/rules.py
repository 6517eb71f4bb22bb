"""The on-time rules: each zone's due dates and approval deadlines, and when a month was submitted.

A month counts as submitted on the local date of the submission that stands (the latest one, while
the month is submitted or approved); a returned or draft month is not submitted. It is on time
when that date is no later than its due date. Every page, reminder and ranking asks this module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from indicators.models import MonthTransition, ZoneMonth

from .duedates import WorkCalendar, approval_due_date, due_date
from .models import CalendarDay, DeadlineRule, ReturnKind


@dataclass(frozen=True)
class Rule:
    due_day: int
    approval_days: int
    remind_days_before: int


# The built-in rule of a kind until an administrator saves a default (indicators by the 5th,
# key projects' progress earlier, enterprise figures with the tax office's figures by the 10th).
BUILT_IN = {
    ReturnKind.INDICATORS: Rule(5, 3, 3),
    ReturnKind.PROGRESS: Rule(3, 3, 2),
    ReturnKind.ENTERPRISES: Rule(10, 3, 3),
}


def work_calendar() -> WorkCalendar:
    """The editable list of holidays and 调休 working days, in one query."""
    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
    return WorkCalendar(frozenset(holidays), frozenset(workdays))


class Schedule:
    """The rules and the working calendar, loaded once (two queries) for any number of zones."""

    def __init__(self, rules: dict, work: WorkCalendar):
        self.rules = rules
        self.work = work

    @classmethod
    def load(cls) -> "Schedule":
        rules = {
            (r.kind, r.zone_id): Rule(r.due_day, r.approval_days, r.remind_days_before)
            for r in DeadlineRule.objects.all()
        }
        return cls(rules, work_calendar())

    def rule(self, kind: str, zone_id: int) -> Rule:
        return self.rules.get((kind, zone_id)) or self.rules.get((kind, None)) or BUILT_IN[kind]

    def due(self, kind: str, zone_id: int, year: int, month: int) -> datetime.date:
        return due_date(year, month, self.rule(kind, zone_id).due_day, self.work)

    def approval_due(self, kind: str, zone_id: int, submitted_on: datetime.date) -> datetime.date:
        return approval_due_date(submitted_on, self.rule(kind, zone_id).approval_days, self.work)


def is_on_time(submitted_on: datetime.date | None, due: datetime.date) -> bool:
    return submitted_on is not None and submitted_on <= due


def submission_dates(zone_ids, years) -> dict[tuple[int, int, int], datetime.date]:
    """{(zone_id, year, month): local date of the standing submission} of the months submitted or
    approved now, in one query."""
    rows = (
        MonthTransition.objects.filter(
            zone_month__zone_id__in=list(zone_ids),
            zone_month__year__in=list(years),
            zone_month__status__in=[ZoneMonth.Status.SUBMITTED, ZoneMonth.Status.APPROVED],
            to_status=ZoneMonth.Status.SUBMITTED,
        )
        .order_by("created_at", "id")
        .values_list("zone_month__zone_id", "zone_month__year", "zone_month__month", "created_at")
    )
    # Ordered oldest first: the latest submission of each month is the one kept.
    return {(zone_id, year, month): timezone.localdate(at) for zone_id, year, month, at in rows}
