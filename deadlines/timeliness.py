"""Timeliness and completeness of a zone's monthly indicator returns.

For a period (year, month) the months counted are January to `month` whose due date has passed
by `today`, or that are submitted already. A month is on time by rules.is_on_time. Days late are
those of months submitted after their due date, and of months still unsubmitted past it (counted
to today): the card says how many months were late and their days together (逾期1个月，共33天), and
zones are compared on the days late per counted month (a month on time counts 0), so that one late
month reads as what it is rather than as the typical lateness. Completeness is the share
of the catalogue with a figure for `month` (indicators.selectors.filled_indicators, the review
overview's rule, over the active catalogue).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.periods import previous_month
from indicators import selectors as indicator_selectors
from indicators.models import Indicator, ZoneMonth
from indicators.statistics import ratio_percent

from .duedates import days_late
from .models import ReturnKind
from .rules import Schedule, is_on_time, submission_dates

KIND = ReturnKind.INDICATORS


@dataclass
class MonthTimeliness:
    year: int
    month: int
    due: datetime.date
    submitted_on: datetime.date | None
    counted: bool  # due by today, or submitted
    on_time: bool
    days_late: int
    filled: int
    catalogue_size: int

    @property
    def completeness(self) -> Decimal | None:
        return ratio_percent(Decimal(self.filled), Decimal(self.catalogue_size)) if self.catalogue_size else None


@dataclass
class Timeliness:
    months: list[MonthTimeliness] = field(default_factory=list)

    @property
    def counted(self) -> list[MonthTimeliness]:
        return [m for m in self.months if m.counted]

    @property
    def on_time_share(self) -> Decimal | None:
        counted = self.counted
        if not counted:
            return None
        return ratio_percent(Decimal(sum(m.on_time for m in counted)), Decimal(len(counted)))

    @property
    def late(self) -> list[MonthTimeliness]:
        """The counted months submitted after their due date, or still unsubmitted past it."""
        return [m for m in self.counted if m.days_late]

    @property
    def days_late(self) -> int:
        """The late months' days late, added up."""
        return sum(m.days_late for m in self.late)

    @property
    def mean_days_late(self) -> Decimal | None:
        """Days late per counted month, a month on time counting 0."""
        counted = self.counted
        return Decimal(self.days_late) / Decimal(len(counted)) if counted else None

    @property
    def completeness(self) -> Decimal | None:
        """The share of the catalogue filled in the period's last month."""
        return self.months[-1].completeness if self.months else None


def _months_of(zone_ids, periods, today, schedule) -> dict[int, dict[tuple[int, int], MonthTimeliness]]:
    """{zone_id: {(year, month): MonthTimeliness}} for each of `periods`; four queries. A month
    marked 不单独报送 (1月 within 1-2月) owes no return: it is not counted."""
    years = {y for y, _m in periods}
    submitted = submission_dates(zone_ids, years)
    not_reported = set(ZoneMonth.objects.filter(
        zone_id__in=list(zone_ids), year__in=list(years), status=ZoneMonth.Status.NOT_REPORTED,
    ).values_list("zone_id", "year", "month"))
    filled = indicator_selectors.filled_indicators_in(zone_ids, years)
    size = Indicator.objects.active().count()
    found = {}
    for zone_id in zone_ids:
        rows = {}
        for year, month in periods:
            due = schedule.due(KIND, zone_id, year, month)
            on = submitted.get((zone_id, year, month))
            late = days_late(on, due) if on else (days_late(today, due) if today > due else 0)
            rows[(year, month)] = MonthTimeliness(
                year=year, month=month, due=due, submitted_on=on,
                counted=(zone_id, year, month) not in not_reported and (on is not None or due < today),
                on_time=is_on_time(on, due), days_late=late,
                filled=len(filled.get((zone_id, year, month), ())), catalogue_size=size,
            )
        found[zone_id] = rows
    return found


def _year_to(year: int, month: int) -> list[tuple[int, int]]:
    return [(year, m) for m in range(1, month + 1)]


def _twelve_to(year: int, month: int) -> list[tuple[int, int]]:
    periods, ym = [], (year, month)
    for _ in range(12):
        periods.append(ym)
        ym = previous_month(*ym)
    return list(reversed(periods))


def zone_timeliness(zone_ids, year: int, month: int, today: datetime.date, schedule: Schedule | None = None) -> dict[int, Timeliness]:
    """{zone_id: Timeliness} of January to `month` of `year`."""
    schedule = schedule or Schedule.load()
    periods = _year_to(year, month)
    found = _months_of(list(zone_ids), periods, today, schedule)
    return {zone_id: Timeliness([rows[p] for p in periods]) for zone_id, rows in found.items()}


def zone_timeliness_with_months(zone_id: int, year: int, month: int, today: datetime.date) -> tuple[Timeliness, list[MonthTimeliness]]:
    """The zone's Timeliness of the year to `month`, and its 12 months ending with (year, month)
    oldest first (the chart), read together: five queries."""
    year_to, twelve = _year_to(year, month), _twelve_to(year, month)
    rows = _months_of([zone_id], sorted(set(year_to) | set(twelve)), today, Schedule.load())[zone_id]
    return Timeliness([rows[p] for p in year_to]), [rows[p] for p in twelve]
