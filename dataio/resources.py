"""django-import-export pieces for the kinds that declare their columns as a Resource.

A `ColumnField` is one column: the model attribute, the widget that turns a cell into a value
(`clean`) and back (`render`), whether the column must be in the file, and its Chinese header
(the Resource's export header, which the import reads too): the model field's `verbose_name`
(through relations: `enterprise__zone` is the enterprise's 开发区), unless the column names
its record otherwise (企业名称 for the enterprise). Numbers and dates render
raw, so spreadsheets compute with them and they import back unchanged; choices and flags as
their Chinese labels, which `clean` reads.

A `Lookup` widget finds a record named in a cell in a table loaded once per import; a
`LookupResource` is built per import with those tables (`lookups`), so nothing of one
import stays on an object another request could see.
"""

from __future__ import annotations

import datetime
import functools
import re

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .registry import CellError, Column, decimal, integer, text

TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", ""}
YES, NO = "是", "否"
DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?")


class ColumnField(fields.Field):
    def __init__(self, attribute: str, widget: widgets.Widget | None = None, *, header: str | None = None,
                 required: bool | None = None):
        widget = widget or Text()
        super().__init__(attribute=attribute, column_name=header, widget=widget)
        self.header_declared = header is not None  # else the model's verbose_name (LookupResource)
        # A column is required in the file when its cells are, unless said otherwise.
        self.required = getattr(widget, "required", False) if required is None else required


def verbose_header(model, attribute: str) -> str:
    """The verbose_name of the model field `attribute` names (through relations), in the
    language files are written in, whatever the UI language."""
    *path, name = attribute.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    with translation.override(settings.LANGUAGE_CODE):
        return str(model._meta.get_field(name).verbose_name)


def columns_of(resource_class) -> list[Column]:
    """The import kind's columns: English key (the field's name), Chinese header, required."""
    return [Column(name, field.column_name, field.required) for name, field in resource_class.fields.items()]


def _empty():
    raise CellError(_("不能为空"))


class Text(widgets.Widget):
    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        return text(value) or ("" if not self.required else _empty())

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class Number(widgets.Widget):
    """A decimal; `empty` is what a blank cell means when it is not an error."""

    def __init__(self, *, required: bool = False, empty=None):
        super().__init__(coerce_to_string=False)
        self.required, self.empty = required, empty

    def clean(self, value, row=None, **kwargs):
        number = decimal(value, required=self.required)
        return self.empty if number is None else number

    def render(self, value, obj=None, **kwargs):
        return value


class Integer(Number):
    """A whole number in [low, high], written 2025, 2025年 or 10月; blank: `empty`, or an error when None."""

    def __init__(self, low: int, high: int, *, empty=None):
        super().__init__(required=empty is None, empty=empty)
        self.low, self.high = low, high

    def clean(self, value, row=None, **kwargs):
        if self.empty is not None and not text(value):
            return self.empty
        return integer(value, self.low, self.high)


class Flag(widgets.Widget):
    """是/否 (and yes/no, 1/0, √); blank is 否."""

    def clean(self, value, row=None, **kwargs):
        written = text(value).lower()
        if written in TRUE_WORDS:
            return True
        if written in FALSE_WORDS:
            return False
        raise CellError(_("请填写“是”或“否”：%(v)s") % {"v": written})

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


@functools.lru_cache(maxsize=None)
def _choice_table(choices: type[models.Choices], language: str) -> dict[str, str]:
    """Codes by code, by label in the UI language and by Chinese label, once per language
    (a file of 100,000 rows converts its choice cells 100,000 times)."""
    by_text = {}
    for code, label in choices.choices:
        by_text[str(code).lower()] = code
        by_text[str(label)] = code
    with translation.override(settings.LANGUAGE_CODE):
        by_text.update((str(label), code) for code, label in choices.choices)
    return by_text


class Choice(widgets.Widget):
    """A choice by its Chinese label or its code; blank is `default`. Exports write the
    Chinese labels whatever the UI language, so they are read under an English UI too."""

    def __init__(self, choices: type[models.Choices], *, default=""):
        super().__init__(coerce_to_string=False)
        self.choices, self.default = choices, default

    def clean(self, value, row=None, **kwargs):
        written = text(value)
        if not written:
            return self.default
        by_text = _choice_table(self.choices, translation.get_language())
        found = by_text.get(written, by_text.get(written.lower()))
        if found is None:
            raise CellError(_("无效的取值“%(v)s”，可选：%(all)s") % {
                "v": written, "all": "、".join(str(label) for label in self.choices.labels)})
        return found

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices.choices).get(value, value or ""))


class Date(widgets.Widget):
    """A date as Excel holds it, or written 2025-03-01, 2025/3/1, 2025.3.1 or 2025年3月1日."""

    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        written = text(value)
        if not written:
            return _empty() if self.required else None
        match = DATE_PATTERN.fullmatch(written)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        raise CellError(_("不是有效日期：%(v)s（请写作 2025-03-01）") % {"v": written})

    def render(self, value, obj=None, **kwargs):
        return value


class Lookup(widgets.Widget):
    """A record named in the cell, found in the import's table `lookups[table]` (its
    `find(value, zone)` raises CellError); exported as the record's `field`.

    `prefer`: a column that names the record better when the row fills it in (an
    enterprise's 统一社会信用代码 before its name)."""

    def __init__(self, table: str, *, field: str = "name", required: bool = False, prefer: str = ""):
        super().__init__(coerce_to_string=False)
        self.table, self.field, self.required, self.prefer = table, field, required, prefer
        self.records = None  # bound by LookupResource, per import

    def clean(self, value, row=None, zone=None, **kwargs):
        if self.prefer and row and text(row.get(self.prefer)):
            value = row[self.prefer]
        written = text(value)
        if not written:
            return _empty() if self.required else None
        return self.records.find(written, zone)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class LookupResource(resources.Resource):
    """A Resource whose Lookup widgets read the tables of one import (`lookups`, by table name);
    an export needs none. Its fields are the instance's own copies (Resource.__init__)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for field in cls.fields.values():
            if isinstance(field, ColumnField) and not field.header_declared:
                field.column_name = verbose_header(cls.Meta.model, field.attribute)

    def __init__(self, lookups: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, Lookup) and lookups is not None:
                field.widget.records = lookups[field.widget.table]

    @classmethod
    def lookup_tables(cls) -> set[str]:
        return {field.widget.table for field in cls.fields.values() if isinstance(field.widget, Lookup)}
