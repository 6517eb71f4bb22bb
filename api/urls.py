"""/api/v1/: every view is reached without the site's login redirect; DRF authenticates (token or
session) and answers 401/403 itself."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views_catalogue as catalogue
from . import views_months as months
from . import views_periods as periods
from . import views_records as records
from . import views_reports as reports

app_name = "api"

MONTH = "zones/<zone:zone>/months/<year:year>/<month:month>/"


def api(view, **kwargs):
    return login_not_required(view.as_view(**kwargs))


urlpatterns = [
    path("schema/", api(SpectacularAPIView), name="schema"),
    path("docs/", api(SpectacularSwaggerSplitView, url_name="api:schema"), name="swagger"),
    path("redoc/", api(SpectacularRedocView, url_name="api:schema", template_name="api/redoc.html"), name="redoc"),
    path("catalogue/categories/", api(catalogue.CategoryList), name="categories"),
    path("catalogue/indicators/", api(catalogue.IndicatorList), name="indicators"),
    path("catalogue/units/", api(catalogue.UnitList), name="units"),
    path("zones/", api(catalogue.ZoneList), name="zones"),
    path("zones/<zone:zone>/targets/<year:year>/", api(catalogue.TargetsView), name="targets"),
    path(MONTH, api(months.MonthView), name="month"),
    path(MONTH + "values/", api(months.MonthValuesView), name="month_values"),
    path(MONTH + "figures/", api(months.MonthFiguresView), name="month_figures"),
    path(MONTH + "approved/", api(months.ApprovedMonthView), name="month_approved"),
    *[path(MONTH + f"{action}/", api(months.TransitionView, action=action), name=f"month_{action}")
      for action in ("submit", "approve", "return", "unlock", "skip", "reopen")],
    path("zones/<zone:zone>/reports/<year:year>/annual/", api(reports.AnnualDraftView), name="annual_draft"),
    path("zones/<zone:zone>/reports/<year:year>/<month:month>/briefing/", api(reports.MonthlyBriefingView), name="briefing"),
    path("zones/<zone:zone>/reports/<year:year>/annual/checklist/", api(reports.AnnualChecklistView), name="annual_checklist"),
    path("zones/<zone:zone>/reports/<year:year>/<month:month>/briefing/checklist/", api(reports.MonthlyChecklistView), name="briefing_checklist"),
    path("enterprises/", api(records.EnterpriseList), name="enterprises"),
    path("enterprises/<id:pk>/", api(records.EnterpriseDetail), name="enterprise"),
    path("enterprises/<id:pk>/figures/<year:year>/<month:month>/", api(periods.EnterpriseFigureView), name="enterprise_figures"),
    path("projects/", api(records.ProjectList), name="projects"),
    path("projects/<id:pk>/", api(records.ProjectDetail), name="project"),
    path("projects/<id:pk>/years/<year:year>/", api(periods.ProjectYearView), name="project_year"),
    path("projects/<id:pk>/progress/<year:year>/<month:month>/", api(periods.ProjectProgressView), name="project_progress"),
    path("parcels/", api(records.ParcelList), name="parcels"),
    path("parcels/<id:pk>/", api(records.ParcelDetail), name="parcel"),
    # Any other address under /api/v1/ answers a JSON 404, not the site's page.
    re_path(r"^.*$", api(catalogue.NotFound), name="not_found"),
]
