"""The catalogue (categories, indicators, units), zones with their parks, and annual targets."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators import selectors, statistics, target_services
from indicators.models import AnnualTarget, Category
from zones.models import Zone

from . import serializers as s
from .common import not_modified_since_read, zone_in_scope
from .errors import ApiError, error


class NotFound(APIView):
    """What an address under /api/v1/ that names no endpoint answers, whatever the method."""

    schema = None
    permission_classes = []

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise ApiError(404, "not_found", _("未找到"))

    get = post = put = patch = delete = options = http_method_not_allowed


class CategoryList(APIView):
    @extend_schema(tags=["catalogue"], responses=s.CategorySerializer(many=True))
    def get(self, request):
        return Response(s.CategorySerializer(Category.objects.all(), many=True).data)


class IndicatorList(APIView):
    @extend_schema(tags=["catalogue"], responses=s.IndicatorSerializer(many=True), summary="Active indicators in display order")
    def get(self, request):
        return Response(s.IndicatorSerializer([indicator for indicator, _depth in selectors.catalogue()], many=True).data)


class UnitList(APIView):
    @extend_schema(tags=["catalogue"], responses=s.UnitSerializer(many=True))
    def get(self, request):
        units = [{"unit": unit, "family": statistics.unit_family(unit), "same_family": statistics.same_family_units(unit)}
                 for unit in statistics.UNITS]
        return Response(s.UnitSerializer(units, many=True).data)


class ZoneList(APIView):
    @extend_schema(tags=["zones"], responses=s.ZoneSerializer(many=True), summary="The zones the user may see")
    def get(self, request):
        zones = Zone.objects.for_user(request.user).prefetch_related("parks")
        return Response(s.ZoneSerializer(zones, many=True).data)


def targets_of(zone, year: int) -> dict:
    stored = AnnualTarget.objects.filter(zone=zone, year=year).select_related("indicator")
    return {"zone": zone.code, "year": year, "targets": [
        {"indicator": t.indicator.code, "target": t.target_value, "unit": t.indicator.unit, "version": t.version}
        for t in stored.order_by("indicator__category__order", "indicator__order", "indicator__code")
    ]}


class TargetsView(APIView):
    @extend_schema(tags=["targets"], responses=s.TargetsSerializer, summary="A zone's annual targets")
    def get(self, request, zone, year):
        zone = zone_in_scope(request, zone)
        return Response(s.TargetsSerializer(targets_of(zone, year)).data)

    @extend_schema(tags=["targets"], request=s.TargetsWriteSerializer, responses=s.TargetsSavedSerializer,
                   summary="Create or change annual targets (all or nothing)")
    def put(self, request, zone, year):
        zone = zone_in_scope(request, zone)
        payload = s.TargetsWriteSerializer(data=request.data, context={"request": request, "zone": zone, "year": year})
        payload.is_valid(raise_exception=True)
        try:
            result = payload.save()
        except target_services.TargetsRejected as rejected:
            problems = [error("invalid", message, f"targets[{item.row - 1}].{'unit' if field == 'unit' else 'value'}")
                        for item, field, message in rejected.errors]
            raise ApiError(400, "invalid", problems[0]["message"], problems[0]["field"], errors=problems) from None
        except target_services.TargetsStale as stale:
            problems = [error("stale", not_modified_since_read(), f"targets[{item.row - 1}].version")
                        for item, _stored in stale.stale]
            raise ApiError(412, "stale", problems[0]["message"], problems[0]["field"], errors=problems,
                           current=s.TargetsSerializer(targets_of(zone, year)).data) from None
        data = targets_of(zone, year)
        data["result"] = {"created": result.created, "changed": result.changed, "unchanged": result.unchanged, "warnings": []}
        return Response(s.TargetsSavedSerializer(data).data)

