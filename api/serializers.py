"""Serializers of the catalogue, zones and a zone-month's figures. Responses are built from the
selectors' and the statistics module's objects; nothing is computed here. A month's figures and
a year's targets are written by their serializer's save(), which hands what it checked to
indicators.services.save_values and indicators.target_services.save_targets."""

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from audit.models import Channel
from indicators import selectors, services, statistics, target_services
from indicators.models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth

from .fields import Computed, Number, column_number

INDICATOR_CODE = Indicator._meta.get_field("code").max_length


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    order = serializers.IntegerField()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.ChoiceField(choices=["flow", "stock"])
    entry_mode = serializers.ChoiceField(choices=["ytd", "month"])
    decimals = serializers.IntegerField()
    category = serializers.CharField(source="category.code")
    part_of = serializers.CharField(source="parent.code", allow_null=True, default=None)
    allow_negative = serializers.BooleanField()
    higher_is_better = serializers.BooleanField()
    is_headline = serializers.BooleanField()
    min_value = Number(read_only=True)
    max_value = Number(read_only=True)


class UnitSerializer(serializers.Serializer):
    unit = serializers.CharField()
    family = serializers.CharField()
    same_family = serializers.ListField(child=serializers.CharField())


class ParkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ZoneSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    parks = ParkSerializer(many=True, source="parks.all")


class MonthSerializer(serializers.Serializer):
    """A zone-month's review state; `version` is the ETag writes and decisions are made on."""

    zone = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ZoneMonth.Status.choices)
    version = serializers.IntegerField()
    actions = serializers.ListField(child=serializers.ChoiceField(choices=["submit", "approve", "return", "unlock", "skip", "reopen"]),
                                    help_text="The transitions the user may perform now")


UNKNOWN_NOTE_HELP = ("Why month_value (for a figure entered as 1-N月累计) or ytd_value (entered month by month) is "
                     "null: the month before it is missing, so it would span two months; empty otherwise")


class ValueSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    value = Number(read_only=True, help_text="The figure as entered: 1-N月累计 or 当月数 by the indicator's entry mode")
    ytd_value = Number(read_only=True)
    month_value = Number(read_only=True)
    unknown_note = serializers.CharField(help_text=UNKNOWN_NOTE_HELP)
    published_yoy = Number(read_only=True)
    comment = serializers.CharField()


class MonthValuesSerializer(MonthSerializer):
    values = ValueSerializer(many=True)


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField()


class SaveResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    warnings = ProblemSerializer(many=True, help_text="Warnings confirmed by this save")


class SavedMonthSerializer(MonthValuesSerializer):
    result = SaveResultSerializer()


class ValueInputSerializer(serializers.Serializer):
    """One indicator's figures; a key left out keeps what is stored, null clears it."""

    indicator = serializers.CharField(max_length=INDICATOR_CODE)
    value = column_number(MonthlyValue, "ytd_value", required=False)  # a month's value has the same size
    published_yoy = column_number(MonthlyValue, "published_yoy", required=False)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, allow_null=True)


class MonthWriteSerializer(serializers.Serializer):
    """The figures of one month, written all or nothing; indicators left out keep theirs."""

    values = ValueInputSerializer(many=True, allow_empty=False, max_length=500)
    confirm_warnings = serializers.BooleanField(default=False, help_text="Save although the checks warn")

    def create(self, validated_data) -> services.SaveResult:
        """Saved by save_values; the context holds the request, the zone, year and month, and
        `expected_version`, the month's version If-Match names (None: not checked). Each input's
        `row` is its position in `values` plus one."""
        zone, year, month = self.context["zone"], self.context["year"], self.context["month"]
        items = validated_data["values"]
        sheet = {row.indicator.code: row for row in selectors.month_sheet(zone, year, month)}
        inputs = [
            services.ValueInput(
                zone=zone, indicator=row.indicator, year=year, month=month,
                value=item.get("value", _as_shown(row.entered_value)),
                published_yoy=item.get("published_yoy", _as_shown(row.published_yoy)),
                comment=(item.get("comment", row.comment) or "").strip(), row=position + 1,
            )
            for position, (item, row) in enumerate(zip(items, _known(items, sheet, "values")))
        ]
        expected = self.context["expected_version"]
        return services.save_values(inputs, user=self.context["request"].user, channel=Channel.API,
                                    confirm_warnings=validated_data["confirm_warnings"],
                                    expected_versions=None if expected is None else {(zone.pk, year, month): expected})


def _as_shown(stored):
    """A stored figure kept as the entry form keeps it: the number its field shows, read back."""
    return None if stored is None else Decimal(statistics.plain_number(stored))


def _known(items, known: dict, key: str) -> list:
    """What `known` holds for each item's indicator code; 400 at `key`[i].indicator for a code it lacks."""
    unknown = {position: {"indicator": [ErrorDetail(no_such_indicator(item["indicator"]), code="unknown_indicator")]}
               for position, item in enumerate(items) if item["indicator"] not in known}
    if unknown:
        raise serializers.ValidationError({key: unknown})
    return [known[item["indicator"]] for item in items]


class TransitionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   help_text="Required to return or unlock a month")


class FigureSerializer(serializers.Serializer):
    """indicators.statistics.IndicatorFigures of one indicator, as the dashboard reads them."""

    indicator = serializers.CharField(source="indicator.code")
    part_of = serializers.CharField(allow_null=True)
    month = serializers.IntegerField(source="figures.month", allow_null=True,
                                     help_text="The month the figures run to: the latest with data up to the asked one")
    month_value = Number(source="figures.month_value", read_only=True)
    ytd_value = Number(source="figures.ytd_value", read_only=True)
    unknown_note = serializers.CharField(source="figures.unknown_note", help_text=UNKNOWN_NOTE_HELP)
    last_year_ytd = Number(source="figures.last_year_ytd", read_only=True)
    last_year_month_value = Number(source="figures.last_year_month_value", read_only=True)
    yoy_growth = Computed(source="figures.yoy_growth", help_text="同比 (%), the published rate when there is one")
    yoy_is_published = serializers.BooleanField(source="figures.yoy_is_published")
    month_yoy_growth = Computed(source="figures.month_yoy_growth")
    annual_target = Number(source="figures.annual_target", read_only=True)
    completion = Computed(source="figures.completion", help_text="完成率 (%)")
    time_progress = Computed(source="figures.time_progress", help_text="序时进度 (%)")
    gap_points = Computed(source="figures.gap_points", help_text="完成率 − 序时进度, points")
    behind_time_progress = serializers.BooleanField(help_text="The early-warning rule (预警)")
    projection = Computed(help_text="Projected year-end figure (flows)")
    projection_method = serializers.ChoiceField(choices=["seasonal", "linear", "none"], allow_null=True)
    projected_completion = Computed(help_text="完成率 the projection would reach (%)")


class MonthFiguresSerializer(serializers.Serializer):
    zone = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    figures = FigureSerializer(many=True)


class ApprovalSerializer(serializers.Serializer):
    approver = serializers.CharField()
    approved_at = serializers.DateTimeField()
    fingerprint = serializers.CharField(help_text="sha256 of the canonical JSON of `figures`")


class ApprovedFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    ytd_value = Number(read_only=True)
    month_value = Number(read_only=True)
    published_yoy = Number(read_only=True)


class ApprovedMonthSerializer(serializers.Serializer):
    zone = serializers.CharField()
    zone_name = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    approval = ApprovalSerializer()
    figures = ApprovedFigureSerializer(many=True)


class TargetSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    target = Number(read_only=True, help_text="In the indicator's unit")
    unit = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it back to save on it; -1: no target yet")


class TargetsSerializer(serializers.Serializer):
    zone = serializers.CharField()
    year = serializers.IntegerField()
    targets = TargetSerializer(many=True)


class TargetInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=INDICATOR_CODE)
    value = column_number(AnnualTarget, "target_value", allow_null=False)
    unit = serializers.CharField(max_length=Indicator._meta.get_field("unit").max_length, required=False, allow_blank=True,
                                 default="", help_text="Any unit of the indicator's family; empty: its own")
    version = serializers.IntegerField(required=False, allow_null=True, min_value=-1, max_value=2**31 - 1,
                                       help_text="The version read (-1: none); a newer stored one answers 412")


class TargetsWriteSerializer(serializers.Serializer):
    targets = TargetInputSerializer(many=True, allow_empty=False, max_length=500)

    def create(self, validated_data) -> services.SaveResult:
        """Saved by save_targets; the context holds the request, the zone and the year. Each
        input's `row` is its position in `targets` plus one."""
        zone, year, items = self.context["zone"], self.context["year"], validated_data["targets"]
        catalogue = {indicator.code: indicator for indicator, _depth in selectors.catalogue()}
        inputs = [
            target_services.TargetInput(zone=zone, indicator=indicator, year=year, value=item["value"], unit=item["unit"],
                                        row=position + 1, expected_version=item.get("version"))
            for position, (item, indicator) in enumerate(zip(items, _known(items, catalogue, "targets")))
        ]
        return target_services.save_targets(inputs, user=self.context["request"].user, channel=Channel.API)


class TargetsSavedSerializer(TargetsSerializer):
    result = SaveResultSerializer()


def no_such_indicator(code: str) -> str:
    return _("没有代码为“%(code)s”的启用指标") % {"code": code}
