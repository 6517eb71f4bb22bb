"""The demo's reporting calendar: the default due days, one zone's own, a few holidays with their
调休 working weekends, and submissions dated around their due days (临江 often a few days late),
so the 待办 page, the timeliness card and the ranking have something to show."""

import datetime

from django.db import transaction
from django.utils import timezone

from deadlines.models import CalendarDay, DeadlineRule, ReturnKind
from deadlines.rules import BUILT_IN, Schedule
from indicators.models import MonthTransition, ZoneMonth

D = datetime.date


def _holidays(year: int) -> dict[datetime.date, tuple[str, str]]:
    """元旦, 劳动节 and 国庆 of `year` with two worked weekend days (a demonstration, not the State
    Council's list of any year)."""
    days = {D(year, 1, 1): (CalendarDay.Kind.HOLIDAY, "元旦")}
    days.update({D(year, 5, d): (CalendarDay.Kind.HOLIDAY, "劳动节") for d in range(1, 6)})
    days.update({D(year, 10, d): (CalendarDay.Kind.HOLIDAY, "国庆节") for d in range(1, 8)})
    for day in (D(year, 4, 27), D(year, 9, 28)):
        if day.weekday() >= 5:
            days[day] = (CalendarDay.Kind.WORKDAY, "调休上班")
    return days


# Days after the due day each demo zone submits, month by month (negative: early).
LATENESS = {"XB": [-2, -1, 0, -3, -1, 0, -2, -1, -1, 0, -2, -1], "LJ": [1, -1, 3, 0, 4, -1, 2, 0, 5, -2, 1, 0]}


@transaction.atomic
def load(zones: dict, year: int) -> None:
    for kind, rule in BUILT_IN.items():
        DeadlineRule.objects.get_or_create(kind=kind, zone=None, defaults={
            "due_day": rule.due_day, "approval_days": rule.approval_days, "remind_days_before": rule.remind_days_before})
    DeadlineRule.objects.get_or_create(kind=ReturnKind.INDICATORS, zone=zones["LJ"], defaults={"due_day": 8})
    for y in (year - 1, year, year + 1):
        for day, (kind, name) in _holidays(y).items():
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": name})
    schedule = Schedule.load()
    for code, zone in zones.items():
        for transition in MonthTransition.objects.filter(zone_month__zone=zone, to_status=ZoneMonth.Status.SUBMITTED).select_related("zone_month"):
            month = transition.zone_month
            due = schedule.due(ReturnKind.INDICATORS, zone.pk, month.year, month.month)
            submitted = due + datetime.timedelta(days=LATENESS.get(code, [0] * 12)[month.month - 1])
            at = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(16, 30)))
            MonthTransition.objects.filter(pk=transition.pk).update(created_at=at)
