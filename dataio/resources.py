"""django-import-export Resources: the import of zones and parks, and every export.

Fields carry the English column keys; numbers are exported as numbers (dehydrate methods
return them raw) so spreadsheets can compute with them and re-import them unchanged.
"""

from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import CachedForeignKeyWidget, ForeignKeyWidget

from indicators.models import AnnualTarget, Indicator, MonthlyValue
from zones.models import Park, Zone


class ZoneResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code")
    name = fields.Field(attribute="name", column_name="name")

    class Meta:
        model = Zone
        fields = ("code", "name")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class ParkResource(resources.ModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=CachedForeignKeyWidget(Zone, field="code"))
    name = fields.Field(attribute="name", column_name="name")

    class Meta:
        model = Park
        fields = ("zone", "name")
        import_id_fields = ("zone", "name")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class TargetResource(resources.ModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=ForeignKeyWidget(Zone, field="code"))
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=ForeignKeyWidget(Indicator, field="code"))
    year = fields.Field(column_name="year")
    target = fields.Field(column_name="target")
    unit = fields.Field(column_name="unit")

    class Meta:
        model = AnnualTarget
        fields = ("zone", "indicator", "year", "target", "unit")

    def dehydrate_year(self, target):
        return target.year

    def dehydrate_target(self, target):
        return target.target_value

    def dehydrate_unit(self, target):
        return target.indicator.unit


class ValueResource(resources.ModelResource):
    zone = fields.Field(attribute="zone", column_name="zone", widget=ForeignKeyWidget(Zone, field="code"))
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=ForeignKeyWidget(Indicator, field="code"))
    year = fields.Field(column_name="year")
    month = fields.Field(column_name="month")
    value = fields.Field(column_name="value")
    unit = fields.Field(column_name="unit")
    yoy = fields.Field(column_name="yoy")
    comment = fields.Field(column_name="comment")

    class Meta:
        model = MonthlyValue
        fields = ("zone", "indicator", "year", "month", "value", "unit", "yoy", "comment")

    def dehydrate_year(self, value):
        return value.year

    def dehydrate_month(self, value):
        return value.month

    def dehydrate_value(self, value):
        # What the entry form shows: the YTD figure for indicators entered as 1-N月累计.
        return value.entered_value

    def dehydrate_unit(self, value):
        return value.indicator.unit

    def dehydrate_yoy(self, value):
        return value.published_yoy

    def dehydrate_comment(self, value):
        return value.comment
