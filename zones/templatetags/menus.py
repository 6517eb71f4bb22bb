from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zones.menus import header_links, language_options, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The user's menu links, the current page's marked (aria-current)."""
    path = getattr(context.get("request"), "path", None)
    return mark_safe("".join(
        format_html('<a href="{}" aria-current="page">{}</a>' if url == path else '<a href="{}">{}</a>', url, label)
        for label, url in menu_for(context["user"])
    ))


@register.simple_tag
def links():
    return header_links()


@register.simple_tag
def language_picker_options():
    return language_options(get_language())
