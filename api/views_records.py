"""Enterprises, projects and parcels: list with the pages' filters and pagination, detail,
create, update. A write is checked by the record's serializer and made by its batch service with
channel "api" (rights, same-zone rules, history, version checks); ETag is the record's version."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from projects import selectors, services
from projects.models import Enterprise, Parcel, Project
from projects.views.common import require_some_editable_zone
from projects.views.enterprises import enterprise_filters
from projects.views.land import parcel_filters
from projects.views.projects import project_filters
from zones.models import Action

from .common import NO_MATCH, Pages, etag, if_match, not_modified_since_read, precondition_failed
from .errors import ApiError, error
from .serializers_records import EnterpriseSerializer, ParcelSerializer, ProjectSerializer

IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description="The record's ETag read")
PAGE = [OpenApiParameter("page", int), OpenApiParameter("page_size", int), OpenApiParameter("q", str, description="Search"),
        OpenApiParameter("zone", str, description="Zone code")]


def form_errors(form) -> ApiError:
    problems = [error(e.code or "invalid", message, None if name == "__all__" else name)
                for name, items in form.errors.as_data().items() for e in items for message in e.messages]
    return ApiError(400, problems[0]["code"], problems[0]["message"], problems[0]["field"], errors=problems)


class RecordKind:
    def __init__(self, model, serializer, listing, related=(), prefetch=()):
        self.model, self.serializer, self.listing = model, serializer, listing
        self.related, self.prefetch = related, prefetch

    def queryset(self):
        return self.model.objects.select_related("zone", *self.related).prefetch_related(*self.prefetch)


def _enterprises(request):
    form, data = enterprise_filters(request)
    return form, selectors.enterprise_list(request.user, data)


def _projects(request):
    form, data, year, month = project_filters(request)
    return form, selectors.project_list(request.user, data, year, month).prefetch_related("years", "progress")


def _parcels(request):
    form, data = parcel_filters(request)
    return form, selectors.parcel_list(request.user, data, data.get("year"))


ENTERPRISES = RecordKind(Enterprise, EnterpriseSerializer, _enterprises)
PROJECTS = RecordKind(Project, ProjectSerializer, _projects, prefetch=("years", "progress"))
PARCELS = RecordKind(Parcel, ParcelSerializer, _parcels)


def written(request, serializer_class, stored, current, **new):
    """`stored` (None: a new row made of `new` and the body) written from the request's body by
    its serializer and service: 400 at the field the serializer or the service refuses, 412 with
    `current()` when If-Match names another version than the stored one."""
    expected = if_match(request)
    if expected == NO_MATCH:
        raise precondition_failed(not_modified_since_read(), current())
    payload = serializer_class(stored, data=request.data, partial=stored is not None,
                               context={"request": request, "expected_version": expected})
    payload.is_valid(raise_exception=True)
    try:
        return payload.save(**new)
    except services.StaleRecord:
        raise precondition_failed(not_modified_since_read(), current()) from None


def _save(request, kind: RecordKind, record):
    def current():
        stored = kind.queryset().filter(pk=record.pk).first() if record is not None else None
        return kind.serializer(stored).data if stored is not None else None

    saved = kind.queryset().get(pk=written(request, kind.serializer, record, current).pk)
    response = Response(kind.serializer(saved).data, status=201 if record is None else 200)
    response["ETag"] = etag(saved.version)
    return response


def _page_serializer(kind: RecordKind):
    """The schema of a page of records (Pages)."""
    return type(f"{kind.model.__name__}Page", (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": kind.serializer(many=True),
    })


def list_view(kind: RecordKind, tag: str):
    class ListView(APIView):
        @extend_schema(tags=[tag], responses=_page_serializer(kind), parameters=PAGE, operation_id=f"{tag}_list",
                       summary=f"{tag}: the pages' filters (status, stage, park, industry, year, month...)")
        def get(self, request):
            form, queryset = kind.listing(request)
            if form.is_bound and not form.is_valid():
                raise form_errors(form)
            pages = Pages()
            page = pages.paginate_queryset(queryset, request, view=self)
            return pages.get_paginated_response(kind.serializer(page, many=True).data)

        @extend_schema(tags=[tag], request=kind.serializer, responses={201: kind.serializer})
        def post(self, request):
            require_some_editable_zone(request.user)
            return _save(request, kind, None)

    ListView.__name__ = f"{kind.model.__name__}ListView"
    return ListView


def detail_view(kind: RecordKind, tag: str):
    class DetailView(APIView):
        @extend_schema(tags=[tag], responses=kind.serializer)
        def get(self, request, pk):
            record = selectors.get_for_user(kind.model, request.user, pk, queryset=kind.queryset())
            response = Response(kind.serializer(record).data)
            response["ETag"] = etag(record.version)
            return response

        @extend_schema(tags=[tag], request=kind.serializer, responses=kind.serializer, parameters=[IF_MATCH])
        def patch(self, request, pk):
            record = selectors.get_for_user(kind.model, request.user, pk, Action.EDIT, queryset=kind.queryset())
            return _save(request, kind, record)

    DetailView.__name__ = f"{kind.model.__name__}DetailView"
    return DetailView


EnterpriseList, EnterpriseDetail = list_view(ENTERPRISES, "enterprises"), detail_view(ENTERPRISES, "enterprises")
ProjectList, ProjectDetail = list_view(PROJECTS, "projects"), detail_view(PROJECTS, "projects")
ParcelList, ParcelDetail = list_view(PARCELS, "parcels"), detail_view(PARCELS, "parcels")
