"""Months by name in templates: {{ month|month_name }} (9月 / September), {{ month|span_name }} (1-9月)."""

from django import template

from core import periods

register = template.Library()


@register.filter
def month_name(month) -> str:
    return periods.month_name(int(month))


@register.filter
def span_name(month) -> str:
    return periods.span_name(int(month))
