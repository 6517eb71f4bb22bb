"""A project's year (年度计划投资) and month (本月完成投资, 形象进度), and an enterprise's month
(税收, 产值 1-N月累计): GET, and PUT to create or replace. The period is in the path; the body is
checked by the page's form and saved by the page's service with channel "api" (rights, rules such
as no progress before the project started, history); ETag is the period's version, a stale
If-Match answers 412 with the current state. Fields left out keep what is stored (a new
row: the form's required fields must be given)."""

from django.forms.models import model_to_dict
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Channel
from core.locking import NO_RECORD
from projects import batch, selectors, services
from projects.forms import EnterpriseFigureForm, ProgressForm, ProjectYearForm
from projects.models import Enterprise, EnterpriseFigure, Project, ProjectProgress, ProjectYear
from zones.models import Action

from .common import NO_MATCH, etag, if_match, not_modified_since_read, precondition_failed
from .serializers_records import EnterpriseFigureSerializer, ProgressSerializer, ProjectYearSerializer
from .views_records import IF_MATCH, as_posted, checked_body, form_errors


class PeriodKind:
    """`parent` (the record in the path) owns rows of `model`, one per period; `form(parent,
    period, data)` checks a body, `save(parent, period, cleaned, **kwargs)` is the service call."""

    def __init__(self, parent, parent_field, model, serializer, fields, form, save):
        self.parent, self.parent_field, self.model, self.serializer = parent, parent_field, model, serializer
        self.fields, self.form, self.save = fields, form, save

    def stored(self, parent, period: dict):
        return self.model.objects.filter(**{self.parent_field: parent}, **period).first()


def _year_form(period, data):
    return ProjectYearForm({**data, "year": period["year"], "period": period["year"]})


def _save_year(project, period, cleaned, **kwargs):
    values = {name: cleaned[name] for name in ("planned_investment", "construction_type_override")}
    return batch.save_period(batch.save_project_years, ProjectYear, "project", project, period, values, **kwargs)


def _progress_form(period, data):
    return ProgressForm(data)


def _save_progress(project, period, cleaned, **kwargs):
    values = {"investment": cleaned["investment"], "physical_progress": cleaned["physical_progress"].strip()}
    return batch.save_period(batch.save_progress, ProjectProgress, "project", project, period, values, **kwargs)


def _figure_form(period, data):
    return EnterpriseFigureForm({**data, **period, "period": f"{period['year']}-{period['month']:02d}"})


def _save_figure(enterprise, period, cleaned, **kwargs):
    values = {name: cleaned[name] for name in ("tax_ytd", "output_ytd")}
    return batch.save_period(batch.save_enterprise_figures, EnterpriseFigure, "enterprise", enterprise, period, values, **kwargs)


YEARS = PeriodKind(Project, "project", ProjectYear, ProjectYearSerializer,
                   ["planned_investment", "construction_type_override"], _year_form, _save_year)
PROGRESS = PeriodKind(Project, "project", ProjectProgress, ProgressSerializer,
                      ["investment", "physical_progress"], _progress_form, _save_progress)
FIGURES = PeriodKind(Enterprise, "enterprise", EnterpriseFigure, EnterpriseFigureSerializer,
                     ["tax_ytd", "output_ytd"], _figure_form, _save_figure)


def _answer(kind: PeriodKind, row, status=200) -> Response:
    response = Response(kind.serializer(row).data, status=status)
    response["ETag"] = etag(row.version)
    return response


def _current(kind: PeriodKind, parent, period):
    row = kind.stored(parent, period)
    return kind.serializer(row).data if row is not None else None


def _put(request, kind: PeriodKind, parent, period: dict) -> Response:
    expected = if_match(request)
    if expected == NO_MATCH:
        raise precondition_failed(not_modified_since_read(), _current(kind, parent, period))
    body = checked_body(request.data, kind.fields)
    stored = kind.stored(parent, period)
    # Over the stored values; a new row takes no model defaults: the form asks for what it needs.
    data = {name: as_posted(value) for name, value in model_to_dict(stored, fields=kind.fields).items()} if stored else {}
    data.update({name: as_posted(value) for name, value in body.items()})
    data["version"] = expected if expected is not None else (NO_RECORD if stored is None else stored.version)
    form = kind.form(period, data)
    if not form.is_valid():
        raise form_errors(form)
    try:
        saved = kind.save(parent, period, form.cleaned_data, user=request.user, channel=Channel.API,
                          expected_version=expected)
    except services.StaleRecord:
        raise precondition_failed(not_modified_since_read(), _current(kind, parent, period)) from None
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
