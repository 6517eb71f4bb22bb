"""Due-day arithmetic: month ends, February, December into January, weekends, holiday chains, 调休."""

import datetime

import pytest

from deadlines.duedates import (
    WorkCalendar, approval_due_date, days_late, days_left, due_date, following_month, nominal_due_date,
)

D = datetime.date
WEEK = WorkCalendar()
# 2025 National Day: 1-8 October off, Sunday 28 September and Saturday 11 October worked (调休).
NATIONAL_DAY = WorkCalendar(
    holidays=frozenset(D(2025, 10, d) for d in range(1, 9)),
    workdays=frozenset({D(2025, 9, 28), D(2025, 10, 11)}),
)


def test_december_is_due_in_january_of_the_next_year():
    assert following_month(2024, 12) == (2025, 1)
    assert nominal_due_date(2024, 12, 5) == D(2025, 1, 5)


@pytest.mark.parametrize("year, month, due_day, expected", [
    (2025, 1, 31, D(2025, 2, 28)),   # February is shorter than the due day
    (2024, 1, 31, D(2024, 2, 29)),   # leap year
    (2024, 1, 30, D(2024, 2, 29)),
    (2025, 3, 31, D(2025, 4, 30)),   # a 30-day month
    (2025, 4, 31, D(2025, 5, 31)),
    (2025, 5, 1, D(2025, 6, 1)),
])
def test_month_ends_clamp_the_due_day(year, month, due_day, expected):
    assert nominal_due_date(year, month, due_day) == expected


def test_a_weekend_due_day_moves_to_monday():
    # 5 April 2025 is a Saturday.
    assert due_date(2025, 3, 5, WEEK) == D(2025, 4, 7)
    # 5 March 2026 is a Thursday: stays.
    assert due_date(2026, 2, 5, WEEK) == D(2026, 3, 5)


def test_a_holiday_chain_moves_the_due_day_past_all_of_it():
    # Due 5 October: holidays to the 8th, then the 9th (Thursday) is the first working day.
    assert due_date(2025, 9, 5, NATIONAL_DAY) == D(2025, 10, 9)
    # Due 1 October: the same chain.
    assert due_date(2025, 9, 1, NATIONAL_DAY) == D(2025, 10, 9)


def test_a_worked_weekend_day_is_a_due_day():
    # Saturday 11 October 2025 is worked (调休): a due day of the 11th stays.
    assert due_date(2025, 9, 11, NATIONAL_DAY) == D(2025, 10, 11)
    assert due_date(2025, 9, 11, WEEK) == D(2025, 10, 13)


def test_a_holiday_over_new_year_moves_a_december_return():
    calendar = WorkCalendar(holidays=frozenset({D(2026, 1, 1), D(2026, 1, 2)}))
    assert due_date(2025, 12, 1, calendar) == D(2026, 1, 5)  # Thursday, Friday off, then the weekend


def test_approval_deadline_counts_working_days():
    # Submitted Thursday 2 October 2025 during the holiday: three working days are 9, 10, 11 (调休) October.
    assert approval_due_date(D(2025, 10, 2), 3, NATIONAL_DAY) == D(2025, 10, 11)
    # Submitted Friday: Monday, Tuesday, Wednesday.
    assert approval_due_date(D(2026, 3, 6), 3, WEEK) == D(2026, 3, 11)
    assert approval_due_date(D(2026, 3, 6), 0, WEEK) == D(2026, 3, 6)


def test_days_left_and_days_late():
    assert days_left(D(2026, 3, 4), D(2026, 3, 5)) == 1
    assert days_left(D(2026, 3, 5), D(2026, 3, 5)) == 0
    assert days_left(D(2026, 3, 8), D(2026, 3, 5)) == -3
    assert days_late(D(2026, 3, 5), D(2026, 3, 5)) == 0
    assert days_late(D(2026, 3, 9), D(2026, 3, 5)) == 4


def test_a_calendar_of_nothing_but_days_off_is_refused():
    every_day = WorkCalendar(holidays=frozenset(D(2025, 1, 1) + datetime.timedelta(days=n) for n in range(400)))
    with pytest.raises(ValueError):
        every_day.next_working_day(D(2025, 1, 1))
