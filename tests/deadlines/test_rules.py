"""On-time rules: defaults, zone overrides, holidays from the editable list, the standing submission."""

import datetime

from deadlines.models import CalendarDay, DeadlineRule, ReturnKind
from deadlines.rules import BUILT_IN, Schedule, is_on_time, submission_dates
from indicators import workflow

D = datetime.date


def test_the_built_in_rule_applies_until_an_administrator_saves_one(zone):
    schedule = Schedule.load()
    assert schedule.rule(ReturnKind.INDICATORS, zone.pk) == BUILT_IN[ReturnKind.INDICATORS]
    assert schedule.due(ReturnKind.INDICATORS, zone.pk, 2026, 2) == D(2026, 3, 5)


def test_a_zone_override_beats_the_default(zone, other_zone):
    DeadlineRule.objects.create(kind=ReturnKind.INDICATORS, due_day=8, approval_days=2)
    DeadlineRule.objects.create(kind=ReturnKind.INDICATORS, zone=zone, due_day=3, approval_days=1)
    schedule = Schedule.load()
    assert schedule.due(ReturnKind.INDICATORS, zone.pk, 2026, 2) == D(2026, 3, 3)
    assert schedule.due(ReturnKind.INDICATORS, other_zone.pk, 2026, 2) == D(2026, 3, 9)  # the 8th is a Sunday
    assert schedule.approval_due(ReturnKind.INDICATORS, zone.pk, D(2026, 3, 3)) == D(2026, 3, 4)


def test_holidays_and_worked_weekends_come_from_the_editable_list(zone):
    CalendarDay.objects.create(date=D(2026, 3, 5), kind=CalendarDay.Kind.HOLIDAY, name="测试假日")
    assert Schedule.load().due(ReturnKind.INDICATORS, zone.pk, 2026, 2) == D(2026, 3, 6)
    # 5 April 2026 is a Sunday; worked as 调休 it is the due day.
    assert Schedule.load().due(ReturnKind.INDICATORS, zone.pk, 2026, 3) == D(2026, 4, 6)
    CalendarDay.objects.create(date=D(2026, 4, 5), kind=CalendarDay.Kind.WORKDAY)
    assert Schedule.load().due(ReturnKind.INDICATORS, zone.pk, 2026, 3) == D(2026, 4, 5)


def test_on_time_is_by_the_end_of_the_due_day():
    assert is_on_time(D(2026, 3, 5), D(2026, 3, 5))
    assert not is_on_time(D(2026, 3, 6), D(2026, 3, 5))
    assert not is_on_time(None, D(2026, 3, 5))


def test_the_standing_submission_is_the_latest_and_a_returned_month_has_none(zone, staff, reviewer, submit_on):
    submit_on(zone, 2026, 2, staff, "2026-03-03")
    assert submission_dates([zone.pk], [2026]) == {(zone.pk, 2026, 2): D(2026, 3, 3)}
    workflow.return_month(workflow.ZoneMonth.objects.get(zone=zone, year=2026, month=2), reviewer, "税收口径有误")
    assert submission_dates([zone.pk], [2026]) == {}
    submit_on(zone, 2026, 2, staff, "2026-03-09")
    assert submission_dates([zone.pk], [2026]) == {(zone.pk, 2026, 2): D(2026, 3, 9)}
