"""The indicator catalogue as a file: its import kind (administrators only, through
indicators.catalogue) and its export, in the same columns, so an exported catalogue imports
back unchanged and moves between installations."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dataio.registry import CellError, register
from dataio.resources import Choice, ColumnField, Flag, Integer, Lookup, LookupResource, Number, Text
from zones.imports import AdministeredKind

from . import statistics
from .catalogue import save_indicators
from .models import Category, Indicator


class CategoryLookup:
    """Categories by code or Chinese name; a catalogue file uses the categories installed."""

    def __init__(self):
        self.by_key = {}
        for category in Category.objects.all():
            self.by_key[category.code] = category
            self.by_key[category.name_zh] = category

    def find(self, value, zone=None) -> Category:
        category = self.by_key.get(value) or self.by_key.get(value.lower())
        if category is None:
            raise CellError(_("指标类别“%(v)s”不存在（请使用类别代码或中文名称）") % {"v": value})
        return category


class Code(Text):
    """An indicator's code: a parent is named by it, and written in the batch's own service
    (indicators.catalogue), which finds it among the indicators stored and the file's new ones."""

    def render(self, value, obj=None, **kwargs):
        return value.code if isinstance(value, Indicator) else super().render(value, obj)


class IndicatorResource(LookupResource):
    # Only the code must be in the file: a file of codes and names renames, one of codes and
    # flags sets the flags. A new indicator's row still needs a name, a category and a unit (full_clean).
    code = ColumnField("code", Code(required=True))
    name_zh = ColumnField("name_zh", Text(required=True), required=False)
    name_en = ColumnField("name_en", Text())
    category = ColumnField("category", Lookup("categories", field="code", required=True), required=False)
    unit = ColumnField("unit", Text(required=True), required=False)
    kind = ColumnField("kind", Choice(Indicator.Kind, default=Indicator.Kind.FLOW))
    entry_mode = ColumnField("entry_mode", Choice(Indicator.EntryMode, default=Indicator.EntryMode.YTD))
    decimals = ColumnField("decimals", Integer(0, 4, empty=2))
    parent = ColumnField("parent", Code())
    allow_negative = ColumnField("allow_negative", Flag())
    higher_is_better = ColumnField("higher_is_better", Flag())
    min_value = ColumnField("min_value", Number())
    max_value = ColumnField("max_value", Number())
    is_headline = ColumnField("is_headline", Flag())
    order = ColumnField("order", Integer(0, 32767, empty=0))
    active = ColumnField("active", Flag())
    # The drafts' wording (reports.annual); a blank verb is a wording of its own (no verb).
    report_verb = ColumnField("report_verb", Text())
    short_name = ColumnField("short_name", Text())
    target_phrase = ColumnField("target_phrase", Text())

    class Meta:
        model = Indicator
        import_id_fields = ("code",)


class IndicatorsKind(AdministeredKind):
    name = "indicators"
    label = gettext_lazy("指标目录")
    resource_class = IndicatorResource
    save = staticmethod(save_indicators)

    def lookups(self, user) -> dict:
        return {"categories": CategoryLookup()}

    def export_rows(self, user, filters):
        """The whole catalogue, retired indicators too: the catalogue is no zone's."""
        indicators = Indicator.objects.select_related("category", "parent")
        return [list(row) for row in IndicatorResource().export(indicators)]

    def reference_sheets(self, user):
        return [
            ("指标类别", ["代码", "名称"], [[c.code, c.name_zh] for c in Category.objects.all()]),
            ("单位", ["单位"], [[unit] for unit in statistics.UNITS]),
        ]


register(IndicatorsKind())
