"""Enterprises, projects and parcels: list with the pages' filters and pagination, detail,
create, update. A write is validated by the record's page form and saved by its service with
channel "api" (rights, same-zone rules, history, version checks); ETag is the record's version."""

import json
import re

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Channel
from projects import batch, selectors, services
from projects.forms import EnterpriseForm, ParcelForm, ProjectForm
from projects.models import Enterprise, Parcel, Project
from projects.views.common import require_some_editable_zone
from projects.views.enterprises import enterprise_filters
from projects.views.land import parcel_filters
from projects.views.projects import project_filters
from zones.models import Action, Zone

from .apps import ZoneCodeConverter
from .common import NO_MATCH, Pages, etag, if_match, not_modified_since_read, precondition_failed
from .errors import ApiError, error
from .serializers_records import EnterpriseSerializer, ParcelSerializer, ProjectSerializer

ZONE_CODE = re.compile(ZoneCodeConverter.regex)
IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description="The record's ETag read")
PAGE = [OpenApiParameter("page", int), OpenApiParameter("page_size", int), OpenApiParameter("q", str, description="Search"),
        OpenApiParameter("zone", str, description="Zone code")]


def form_errors(form) -> ApiError:
    problems = [error(e.code or "invalid", message, None if name == "__all__" else name)
                for name, items in form.errors.as_data().items() for e in items for message in e.messages]
    return ApiError(400, problems[0]["code"], problems[0]["message"], problems[0]["field"], errors=problems)


class RecordKind:
    def __init__(self, model, form, serializer, save, listing, related=(), prefetch=()):
        self.model, self.form, self.serializer, self.save = model, form, serializer, save
        self.listing, self.related, self.prefetch = listing, related, prefetch

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


ENTERPRISES = RecordKind(Enterprise, EnterpriseForm, EnterpriseSerializer, batch.save_enterprises, _enterprises)
PROJECTS = RecordKind(Project, ProjectForm, ProjectSerializer, batch.save_projects, _projects, prefetch=("years", "progress"))
PARCELS = RecordKind(Parcel, ParcelForm, ParcelSerializer, batch.save_parcels, _parcels)


def checked_body(body, fields) -> dict:
    """The request body, refused (400 at the field) unless a JSON object of known fields with plain values."""
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", _("请求体须为JSON对象"))
    unknown = [name for name in body if name not in fields]
    if unknown:
        raise ApiError(400, "unknown_field", _("未知字段：%(name)s") % {"name": unknown[0]}, unknown[0])
    for name, value in body.items():
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise ApiError(400, "invalid", _("须为文本、数字或布尔值"), name)
    return body


def as_posted(value) -> str:
    """A JSON value as a form posts it: text (a boolean as "true"/"false", which the checkbox reads back)."""
    return "" if value is None else json.dumps(value) if isinstance(value, bool) else str(value)


def _form_data(kind: RecordKind, record, body) -> dict:
    """The form's data: the stored record's values (a new record's defaults) with the body's over them."""
    fields = kind.form.Meta.fields
    body = checked_body(body, fields)
    data = {k: v for k, v in model_to_dict(record or kind.model(), fields=fields).items() if v is not None}
    for name, value in body.items():
        if name == "zone" and value is not None:
            code = str(value)
            zone = Zone.objects.filter(code=code).values_list("pk", flat=True).first() if ZONE_CODE.fullmatch(code) else None
            value = zone if zone is not None else -1
        data[name] = as_posted(value)
    return data


def _save(request, kind: RecordKind, record):
    expected = if_match(request)
    if expected == NO_MATCH:
        raise precondition_failed(not_modified_since_read(), kind.serializer(record).data if record else None)
    form_data = _form_data(kind, record, request.data)
    form_data["version"] = expected if expected is not None else services.version_of(record)
    form = kind.form(form_data, instance=record, user=request.user)
    if not form.is_valid():
        raise form_errors(form)
    try:
        saved = batch.save_one(kind.save, record, form.values(), user=request.user, channel=Channel.API,
                               expected_version=expected)
    except services.StaleRecord:
        current = kind.queryset().filter(pk=record.pk).first() if record is not None else None
        raise precondition_failed(not_modified_since_read(), kind.serializer(current).data if current else None) from None
    saved = kind.queryset().get(pk=saved.pk)
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
