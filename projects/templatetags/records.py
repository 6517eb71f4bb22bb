"""Display of record figures; every computation is a call into indicators.statistics."""

from django import template

from indicators import statistics

register = template.Library()


@register.filter
def amount(value, unit="万元"):
    """A stored 万元 figure shown in `unit` (万元 or 亿元), two decimals."""
    return statistics.format_amount(statistics.convert(value, "万元", unit), unit)


@register.filter
def area(value, unit="亩"):
    """A stored 亩 figure shown in `unit` (亩, 平方米, 公顷)."""
    return statistics.format_amount(statistics.convert(value, "亩", unit), "m²" if unit == "平方米" else unit)


@register.filter
def percent(value):
    return statistics.format_percent(value)


@register.filter
def number(value, decimals=2):
    return statistics.format_number(value, int(decimals))


@register.filter
def plain(value):
    return statistics.plain_number(value)


@register.filter
def stale_value(form, name):
    """The stored value of a field beside the user's input after a stale save (None: the same)."""
    return getattr(form, "stale", {}).get(name)
