"""Years and months as the whole project accepts them, and the period a page shows by default."""

import datetime

FIRST_YEAR = 2000
LAST_YEAR = 2100


def is_known_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def default_period(today: datetime.date) -> tuple[int, int]:
    """(year, month) a page shows when none is asked and none has data: the last finished month,
    which staff report and leaders read (December of last year in January)."""
    return previous_month(today.year, today.month)


def year_in_query(value: str | None, default: int) -> int:
    """A `?year=` value; anything that is not a known year means `default`."""
    if value and value.isdigit() and is_known_year(int(value)):
        return int(value)
    return default


class YearConverter:
    """`<year:year>` in a URL: four digits within the known years; other years answer 404."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not is_known_year(year):
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return str(value)


class MonthConverter:
    """`<month:month>` in a URL: 1 to 12."""

    regex = "1[0-2]|0?[1-9]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
