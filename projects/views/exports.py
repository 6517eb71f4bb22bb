"""Record lists as .xlsx or .csv, in the import layout."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dataio.files import XLSX_TYPE
from dataio.registry import get_kind
from dataio.services import export_file

from .. import selectors
from ..models import EnterpriseFigure, Mortgage, ProjectProgress, ProjectYear, RelocationCase
from .enterprises import enterprise_filters
from .industries import industry_filters
from .land import parcel_filters
from .projects import problem_filters, project_filters

EXPORT_FORMATS = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


def _listed_projects(request):
    _form, data, year, month = project_filters(request)
    return selectors.project_list(request.user, data, year, month).values("pk"), data


def _project_months(request):
    projects, data = _listed_projects(request)
    records = ProjectProgress.objects.filter(project__in=projects)
    return records.filter(year=data["year"]) if data.get("year") else records


def _project_plans(request):
    projects, data = _listed_projects(request)
    records = ProjectYear.objects.filter(project__in=projects)
    return records.filter(year=data["year"]) if data.get("year") else records


def _listed_parcels(request):
    data = parcel_filters(request)[1]
    return selectors.parcel_list(request.user, data, data.get("year"))


# Each list page's export: its records, filtered as the page lists them (child records: those
# of the listed parents).
EXPORTS = {
    "industries": lambda request: selectors.industry_list(request.user, industry_filters(request)[1]),
    "enterprises": lambda request: selectors.enterprise_list(request.user, enterprise_filters(request)[1]),
    "enterprise_figures": lambda request: EnterpriseFigure.objects.filter(
        enterprise__in=selectors.enterprise_list(request.user, enterprise_filters(request)[1]).values("pk")),
    "projects": lambda request: selectors.project_list(request.user, *project_filters(request)[1:]),
    "progress": _project_months,
    "project_years": _project_plans,
    "problems": lambda request: selectors.problem_list(request.user, problem_filters(request)[1]),
    "parcels": _listed_parcels,
    "mortgages": lambda request: Mortgage.objects.filter(parcel__in=_listed_parcels(request).values("pk")),
    "relocation": lambda request: RelocationCase.objects.for_user(request.user),
}


@require_GET
def export(request, kind, file_format):
    """A list page's records, filtered as the list is, in the columns of their import kind."""
    if file_format not in EXPORT_FORMATS or kind not in EXPORTS:
        raise Http404("no such export")
    records = EXPORTS[kind](request)
    content = export_file(get_kind(kind), request.user, {"records": records}, file_format)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=EXPORT_FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.{file_format}"'
    return response
