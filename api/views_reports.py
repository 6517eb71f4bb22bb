"""The year-end draft and the 月报 as .docx, made by the functions the report pages' downloads call."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import annual, monthly
from reports.docx_builder import build_docx
from reports.views import DOCX, docx_response

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


class AnnualDraftView(DocxView):
    @extend_schema(tags=["reports"], responses=DOCX_RESPONSE, summary="The year-end draft (.docx)",
                   parameters=[OpenApiParameter("as_of", int, description="Figures as of this month (1-12); default: each indicator's latest approved month")])
    def get(self, request, zone, year):
        zone = zone_in_scope(request, zone)
        as_of = request.query_params.get("as_of", "")
        if as_of and not (as_of.isdigit() and 1 <= int(as_of) <= 12):
            raise ApiError(400, "invalid", _("as_of 须为1到12之间的月份"), "as_of")
        content = annual.annual_docx(zone, year, int(as_of) if as_of else None)
        return docx_response(content, f"{annual.annual_title(zone, year)}.docx")


class MonthlyBriefingView(DocxView):
    @extend_schema(tags=["reports"], responses=DOCX_RESPONSE, summary="The 月报 (.docx)")
    def get(self, request, zone, year, month):
        zone = zone_in_scope(request, zone)
        draft = monthly.monthly_draft(zone, year, month)
        return docx_response(build_docx(draft.document), f"{monthly.monthly_title(zone, year, draft.as_of)}.docx")
