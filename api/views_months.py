"""A zone-month over the API: its figures (read, write), its review state and transitions, the
computed figures, and the approved figures for upward reporting.

Figures are written by MonthWriteSerializer.save() through indicators.services.save_values, the
review through indicators.workflow, with channel "api": the rights, checks, locks and history are
the entry form's. ETag is the month's version.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboard.selectors import zone_dashboard
from indicators import checks, provenance, selectors, services, statistics, workflow
from zones.access import require_rights

from . import serializers as s
from .common import etag, if_match, not_modified_since_read, precondition_failed, zone_in_scope
from .errors import ApiError, error

MONTH_TAG = ["months"]


def month_state(request, zone, year: int, month: int) -> dict:
    zone_month = selectors.zone_month(zone, year, month)
    return {"zone": zone.code, "year": year, "month": month, "status": zone_month.status,
            "version": zone_month.version, "actions": workflow.allowed_actions(zone_month, request.user)}


def month_values(request, zone, year: int, month: int, codes=None, category=None) -> dict:
    state = month_state(request, zone, year, month)
    rows = selectors.month_sheet(zone, year, month)
    state["values"] = [
        {"indicator": row.indicator.code, "value": row.entered_value, "ytd_value": row.figures.ytd_value,
         "month_value": row.figures.month_value, "unknown_note": row.figures.unknown_note,
         "published_yoy": row.published_yoy, "comment": row.comment}
        for row in rows
        if (not codes or row.indicator.code in codes) and (not category or row.indicator.category.code == category)
    ]
    return state


def _with_etag(data: dict, status: int = 200) -> Response:
    response = Response(data, status=status)
    response["ETag"] = etag(data["version"])
    return response


class MonthView(APIView):
    @extend_schema(tags=MONTH_TAG, responses=s.MonthSerializer, summary="A month's review state")
    def get(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        return _with_etag(s.MonthSerializer(month_state(request, zone, year, month)).data)


def _problem_field(problem) -> str:
    """Where a check's problem points: a key of one figure (its input's row is its position plus
    one), or the month in the path."""
    if problem.field == "month":
        return "month"
    return f"values[{problem.input.row - 1}].{problem.field}"


class MonthValuesView(APIView):
    @extend_schema(
        tags=MONTH_TAG, responses=s.MonthValuesSerializer, summary="A month's figures",
        parameters=[
            OpenApiParameter("indicator", str, description="Indicator codes, comma-separated"),
            OpenApiParameter("category", str, description="A category code"),
        ],
    )
    def get(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        codes = {code.strip() for code in request.query_params.get("indicator", "").split(",") if code.strip()}
        data = month_values(request, zone, year, month, codes, request.query_params.get("category", "").strip())
        return _with_etag(s.MonthValuesSerializer(data).data)

    @extend_schema(
        tags=MONTH_TAG, request=s.MonthWriteSerializer, responses=s.SavedMonthSerializer,
        summary="Write a month's figures (all or nothing)",
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                                     description='The month\'s ETag read ("3"); another stored version answers 412')],
    )
    def put(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        payload = s.MonthWriteSerializer(data=request.data, context={
            "request": request, "zone": zone, "year": year, "month": month, "expected_version": if_match(request)})
        payload.is_valid(raise_exception=True)
        try:
            result = payload.save()
        except services.VersionConflict:
            raise precondition_failed(not_modified_since_read(), s.MonthValuesSerializer(month_values(request, zone, year, month)).data) from None
        except services.ValuesRejected as rejected:
            raise _rejection(rejected.result) from None
        data = month_values(request, zone, year, month)
        data["result"] = {
            "created": result.created, "changed": result.changed, "unchanged": result.unchanged,
            "warnings": [{"code": p.code, "message": p.message, "field": _problem_field(p)} for p in result.warnings],
        }
        return _with_etag(s.SavedMonthSerializer(data).data)


def _rejection(result: checks.CheckResult) -> ApiError:
    """423 when the month is locked, 400 for hard errors, 409 for warnings not confirmed."""
    if result.errors:
        problems = [error(p.code, p.message, _problem_field(p)) for p in result.errors]
        locked = [p for p in problems if p["code"] == "locked"]
        if locked:
            return ApiError(423, "locked", locked[0]["message"], locked[0]["field"], errors=problems)
        return ApiError(400, problems[0]["code"], problems[0]["message"], problems[0]["field"], errors=problems)
    warnings = [error(p.code, p.message, _problem_field(p)) for p in result.warnings]
    return ApiError(409, "confirmation_required", _("以下提示需要核实：核实后请以 confirm_warnings=true 重新提交"),
                    "confirm_warnings", errors=warnings)


class TransitionView(APIView):
    """submit (staff), approve / return / unlock (reviewers), by workflow's rules."""

    action = ""

    @extend_schema(
        tags=MONTH_TAG, request=s.TransitionSerializer, responses=s.MonthSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                                     description="The month's ETag the decision is made on: required by approve and return (428 without it)")],
    )
    def post(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        payload = s.TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        zone_month = selectors.zone_month(zone, year, month)
        expected = if_match(request)
        if self.action in workflow.DECISIONS and expected is None:
            # A decision is on the figures the reviewer read, never on whatever is stored by then;
            # who may not decide is told so first (the service checks it again).
            require_rights(request.user, workflow.TRANSITIONS[self.action][0], [zone.pk])
            raise ApiError(428, "precondition_required", _(
                "审核决定须注明所审核数据的版本：请在 If-Match 中发送读取该月时得到的 ETag"), "If-Match")
        if expected is not None and expected != zone_month.version:
            raise precondition_failed(not_modified_since_read(), s.MonthSerializer(month_state(request, zone, year, month)).data)
        options = {"expected_version": expected} if self.action in workflow.DECISIONS else {}
        try:
            workflow.ACTIONS[self.action](zone_month, request.user, payload.validated_data["reason"], **options)
        except workflow.TransitionRefused as refused:
            raise _refusal(refused, s.MonthSerializer(month_state(request, zone, year, month)).data) from None
        return _with_etag(s.MonthSerializer(month_state(request, zone, year, month)).data)


def _refusal(refused: workflow.TransitionRefused, current) -> ApiError:
    if refused.field == "reason":
        return ApiError(400, "reason_required", refused.message, "reason")
    if refused.field == "version":
        return precondition_failed(refused.message, current)
    if refused.field == "user":
        return ApiError(403, "self_approval", refused.message, None)
    return ApiError(409, "wrong_status", refused.message, "status")


class MonthFiguresView(APIView):
    @extend_schema(tags=MONTH_TAG, responses=s.MonthFiguresSerializer,
                   summary="Computed figures: YTD, 同比, 完成率, 序时进度, gap, projection")
    def get(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        dashboard = zone_dashboard(zone, year, month)
        figures = []
        for panel in dashboard.panels:
            figures.append({
                "indicator": panel.indicator, "part_of": None, "figures": panel.figures,
                "behind_time_progress": statistics.lags_time_progress(panel.indicator, panel.figures),
                "projection": panel.projection, "projection_method": panel.projection_method,
                "projected_completion": panel.projected_completion,
            })
            figures += [{
                "indicator": part.indicator, "part_of": panel.indicator.code, "figures": part.figures,
                "behind_time_progress": False, "projection": None, "projection_method": None, "projected_completion": None,
            } for part in panel.parts]
        data = {"zone": zone.code, "year": year, "month": month, "figures": figures}
        return Response(s.MonthFiguresSerializer(data).data)


class ApprovedMonthView(APIView):
    @extend_schema(
        tags=["upward"], responses=s.ApprovedMonthSerializer,
        summary="Approved figures of a month with the approval they rest on",
        description="409 `not_approved` for a month not approved, or whose figures changed since its approval.",
    )
    def get(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        found = provenance.approvals_for(zone, year, [month])
        if not found.approvals:
            status = selectors.zone_month(zone, year, month).get_status_display()
            raise ApiError(409, "not_approved", _("%(zone)s %(year)s年%(month)s月的数据未经审核（%(status)s），不能上报") % {
                "zone": zone.name, "year": year, "month": month, "status": status}, "month")
        approval = found.approvals[0]
        figures = provenance.month_figures(zone.pk, year, month)
        data = {
            "zone": zone.code, "zone_name": zone.name, "year": year, "month": month,
            "approval": {"approver": approval.approver, "approved_at": approval.approved_at, "fingerprint": approval.fingerprint},
            "figures": [{"indicator": code, "ytd_value": ytd, "month_value": month_value, "published_yoy": yoy}
                        for code, (ytd, month_value, yoy) in sorted(figures.items())],
        }
        return Response(s.ApprovedMonthSerializer(data).data)
