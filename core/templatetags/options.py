"""{% options choices selected %}: a <select>'s options (core.html.html_options)."""

from django import template

from core.html import html_options

register = template.Library()


@register.simple_tag
def options(choices, selected):
    return html_options(choices, selected)
