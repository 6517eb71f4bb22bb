"""{% options choices selected %}: a <select>'s options (core.html.html_options). A `selected`
that does not resolve is the empty string (string_if_invalid), which marks a choice "" if any."""

from django import template

from core.html import html_options

register = template.Library()


@register.simple_tag
def options(choices, selected):
    return html_options(choices, selected)
