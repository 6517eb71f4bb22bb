"""The year-end draft and the 月报 as .docx, made by the functions the report pages' downloads call."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import annual, monthly
from reports.views import DOCX, draft_response

from .common import zone_in_scope
from .errors import ApiError


class DocxRenderer(JSONRenderer):
    """Lets a client ask for the document by its type; errors still go out as JSON."""

    media_type = DOCX
    format = "docx"


DOCX_RESPONSE = {(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The Word document")}


class DocxView(APIView):
    renderer_classes = [JSONRenderer, DocxRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):  # an error: JSON whichever type was asked
            response.content_type = "application/json"
        return response


def _as_of(request) -> int | None:
    as_of = request.query_params.get("as_of", "")
    if as_of and not (as_of.isdigit() and 1 <= int(as_of) <= 12):
        raise ApiError(400, "invalid", _("as_of 须为1到12之间的月份"), "as_of")
    return int(as_of) if as_of else None


AS_OF = OpenApiParameter("as_of", int, description="Figures as of this month (1-12); default: each indicator's latest approved month")


class AnnualDraftView(DocxView):
    checklist = False

    @extend_schema(tags=["reports"], responses=DOCX_RESPONSE, summary="The year-end draft (.docx)", parameters=[AS_OF])
    def get(self, request, zone, year):
        zone = zone_in_scope(request, zone)
        return draft_response(annual.annual_draft(zone, year, _as_of(request)), self.checklist)


class AnnualChecklistView(AnnualDraftView):
    checklist = True

    @extend_schema(tags=["reports"], responses=DOCX_RESPONSE, parameters=[AS_OF],
                   summary="The year-end draft's 审核依据清单 (.docx): the approvals and notes behind its figures, not sent with it")
    def get(self, request, zone, year):
        return super().get(request, zone, year)


class MonthlyBriefingView(DocxView):
    checklist = False

    @extend_schema(tags=["reports"], responses=DOCX_RESPONSE, summary="The 月报 (.docx)")
    def get(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        return draft_response(monthly.monthly_draft(zone, year, month), self.checklist)


class MonthlyChecklistView(MonthlyBriefingView):
    checklist = True

    @extend_schema(tags=["reports"], responses=DOCX_RESPONSE, summary="The 月报's 审核依据清单 (.docx)")
    def get(self, request, zone, year, month):
        return super().get(request, zone, year, month)
