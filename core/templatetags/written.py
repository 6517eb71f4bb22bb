"""{{ text|written }}: text people wrote (a reason, a comment, a progress note), shown as they
wrote it: marked translate="no", so that an English page adds no unit glosses inside it
(static/js/devzone.js) and browsers offer no translation of it as the page's own."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html

register = template.Library()


@register.filter
def written(text) -> str:
    return format_html('<span translate="no">{}</span>', text) if text else ""


@register.filter
def written_lines(text) -> str:
    """As `written`, its line breaks kept (<br>)."""
    return format_html('<span translate="no">{}</span>', linebreaksbr(text, autoescape=True)) if text else ""
