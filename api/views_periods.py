"""A project's year (年度计划投资) and month (本月完成投资, 形象进度), and an enterprise's month
(税收, 产值 1-N月累计): GET, and PUT to create or replace. The period is in the path; the body is
checked by the period's serializer and saved by its batch service with channel "api" (rights,
rules such as no progress before the project started, history); ETag is the period's version, a
stale If-Match answers 412 with the current state. Fields left out keep what is stored (a new
row: the serializer's required fields must be given)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from projects import selectors
from projects.models import Enterprise, EnterpriseFigure, Project, ProjectProgress, ProjectYear
from zones.models import Action

from .common import etag
from .serializers_records import EnterpriseFigureSerializer, ProgressSerializer, ProjectYearSerializer
from .views_records import IF_MATCH, written


class PeriodKind:
    """`parent` (the record in the path) owns rows of `model`, one per period, read and written
    by `serializer`."""

    def __init__(self, parent, parent_field, model, serializer):
        self.parent, self.parent_field, self.model, self.serializer = parent, parent_field, model, serializer

    def stored(self, parent, period: dict):
        return self.model.objects.filter(**{self.parent_field: parent}, **period).first()


YEARS = PeriodKind(Project, "project", ProjectYear, ProjectYearSerializer)
PROGRESS = PeriodKind(Project, "project", ProjectProgress, ProgressSerializer)
FIGURES = PeriodKind(Enterprise, "enterprise", EnterpriseFigure, EnterpriseFigureSerializer)


def _answer(kind: PeriodKind, row, status=200) -> Response:
    response = Response(kind.serializer(row).data, status=status)
    response["ETag"] = etag(row.version)
    return response


def _put(request, kind: PeriodKind, parent, period: dict) -> Response:
    stored = kind.stored(parent, period)

    def current():
        row = kind.stored(parent, period)
        return kind.serializer(row).data if row is not None else None

    new = {} if stored is not None else {kind.parent_field: parent, **period}
    saved = written(request, kind.serializer, stored, current, **new)
    return _answer(kind, saved, status=201 if stored is None else 200)


def period_view(kind: PeriodKind, tag: str, what: str):
    class PeriodView(APIView):
        @extend_schema(tags=[tag], responses=kind.serializer, operation_id=f"{tag}_{what}_retrieve")
        def get(self, request, pk, **period):
            parent = selectors.get_for_user(kind.parent, request.user, pk)
            row = kind.stored(parent, period)
            if row is None:
                raise Http404("no such period")
            return _answer(kind, row)

        @extend_schema(tags=[tag], request=kind.serializer, responses={200: kind.serializer, 201: kind.serializer},
                       parameters=[IF_MATCH], operation_id=f"{tag}_{what}_update",
                       summary=f"{tag}: create or replace the {what} of the period (fields left out keep their values)")
        def put(self, request, pk, **period):
            parent = selectors.get_for_user(kind.parent, request.user, pk, Action.EDIT)
            return _put(request, kind, parent, period)

    PeriodView.__name__ = f"{kind.model.__name__}View"
    return PeriodView


ProjectYearView = period_view(YEARS, "projects", "year")
ProjectProgressView = period_view(PROGRESS, "projects", "progress")
EnterpriseFigureView = period_view(FIGURES, "enterprises", "figures")
