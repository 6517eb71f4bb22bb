"""Years and months as the whole project accepts them, and the period a page shows by default."""

import datetime

from django.utils.translation import gettext, gettext_lazy

FIRST_YEAR = 2000
LAST_YEAR = 2100


def is_known_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def period_errors(year: int | None, month: int | None = None, *, today: datetime.date) -> list[tuple[str, str, str]]:
    """The one rule for a record's period (values, targets, project progress and years, enterprise
    figures, 亩均 inputs): a known year, a month of 1 to 12, and nothing after `today`'s month (or
    year, for a yearly record). (field, code, message) of each fault; none when the period is fine."""
    if year is None or not is_known_year(year):
        return [("year", "year", gettext("年份须在%(first)s年到%(last)s年之间") % {"first": FIRST_YEAR, "last": LAST_YEAR})]
    if month is not None and not 1 <= month <= 12:
        return [("month", "month", gettext("月份须在1到12之间"))]
    if month is None and year > today.year:
        return [("year", "future", gettext("不能填报未来年份（%(y)s年）") % {"y": year})]
    if month is not None and (year, month) > (today.year, today.month):
        return [("month", "future", gettext("不能填报未来月份（%(y)s年%(m)s月）") % {"y": year, "m": month})]
    return []


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


# Each month by name as its own message, so English reads "September", not "Month 9".
MONTH_NAMES = {
    1: gettext_lazy("1月"), 2: gettext_lazy("2月"), 3: gettext_lazy("3月"), 4: gettext_lazy("4月"),
    5: gettext_lazy("5月"), 6: gettext_lazy("6月"), 7: gettext_lazy("7月"), 8: gettext_lazy("8月"),
    9: gettext_lazy("9月"), 10: gettext_lazy("10月"), 11: gettext_lazy("11月"), 12: gettext_lazy("12月"),
}


def month_name(month: int) -> str:
    """9月 / September, in the page's language."""
    return str(MONTH_NAMES[month])


def span_name(month: int) -> str:
    """The months a YTD figure covers, in the page's language: 1-9月 / January–September."""
    if month == 1:
        return month_name(1)
    # Translators: %(month)s is a month's name (9月 / September); the whole reads 1-9月.
    return gettext("1-%(month)s") % {"month": month_name(month)}
