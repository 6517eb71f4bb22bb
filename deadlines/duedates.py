"""Due-day arithmetic: the one place that turns a reporting month and a rule into dates.

The office week is Monday to Friday. A holiday (CalendarDay.HOLIDAY) is a day off even on a
weekday; a 调休 weekend day (CalendarDay.WORKDAY) is a working day. A due day that is not a
working day moves to the next working day (through holiday chains such as 国庆 followed by a
weekend). Pure functions over a WorkCalendar, so they are tested without a database.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    workdays: frozenset[datetime.date] = field(default_factory=frozenset)

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when it is a working day, else the first working day after it."""
        # A year of days off in a row cannot happen; the bound keeps a bad list from looping for ever.
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += datetime.timedelta(days=1)
        raise ValueError("no working day within a year")

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `day` (`day` itself when count is 0)."""
        for _ in range(count):
            day = self.next_working_day(day + datetime.timedelta(days=1))
        return day


def following_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def nominal_due_date(year: int, month: int, due_day: int) -> datetime.date:
    """`due_day` of the month after (year, month), the last day of that month when it is shorter
    (a due day of 31 in February is the 28th or 29th)."""
    due_year, due_month = following_month(year, month)
    last = stdlib_calendar.monthrange(due_year, due_month)[1]
    return datetime.date(due_year, due_month, min(due_day, last))


def due_date(year: int, month: int, due_day: int, work: WorkCalendar) -> datetime.date:
    """When the return for (year, month) is due: the nominal due date, or the next working day."""
    return work.next_working_day(nominal_due_date(year, month, due_day))


def approval_due_date(submitted_on: datetime.date, approval_days: int, work: WorkCalendar) -> datetime.date:
    """The day by which a month submitted on `submitted_on` is to be decided."""
    return work.add_working_days(submitted_on, approval_days)


def days_late(done_on: datetime.date, due: datetime.date) -> int:
    """Days after the due date (0 when on time)."""
    return max(0, (done_on - due).days)


def days_left(today: datetime.date, due: datetime.date) -> int:
    """Days until the due date: 0 on the day, negative once overdue."""
    return (due - today).days
