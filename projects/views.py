"""Thin views over the record services and selectors; every record is reached through
`for_user` (invisible: 404; visible but not editable: 403)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.periods import year_in_query
from audit.models import Channel
from dataio.files import XLSX_TYPE
from dataio.registry import get_kind
from dataio.services import export_file
from zones.models import Action, Zone

from . import selectors, services, statistics
from .forms import (
    EnterpriseFigureForm,
    EnterpriseForm,
    IndustryFilterForm,
    IndustryForm,
    ListFilterForm,
    MortgageForm,
    ParcelForm,
    PeriodForm,
    ProgressForm,
    ProjectForm,
    ProjectYearForm,
    RelocationCaseForm,
    ResolveProblemForm,
    attach_errors,
)
from .models import (
    Enterprise, EnterpriseFigure, Industry, Mortgage, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear, RelocationCase,
    held_land,
)

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _filters(request, form_class=ListFilterForm, **choices):
    form = form_class(request.GET or None, user=request.user, **choices)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _can_add(user) -> bool:
    return Zone.objects.for_user(user, Action.EDIT).exists()


def _require_some_editable_zone(user) -> None:
    if not _can_add(user):
        raise PermissionDenied


def _form_page(request, form, title, cancel_url):
    return render(request, "projects/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _save_model_form(request, form, save, success_message):
    """Validate the form, hand its values to the service, and show service errors at the fields."""
    if not form.is_valid():
        return None
    try:
        record = save(form.values())
    except ValidationError as error:
        attach_errors(form, error)
        return None
    messages.success(request, success_message)
    return record


def _record_form(request, form_class, save, *, record=None, title, success, list_url, detail_url, initial=None):
    """Create (no `record`) or edit one zone record through its service; errors show at the fields."""
    if record is None:
        _require_some_editable_zone(request.user)
    form = form_class(request.POST or None, instance=record, user=request.user, initial=initial)
    if request.method == "POST":
        saved = _save_model_form(
            request, form, lambda values: save(record, values, user=request.user, channel=Channel.FORM), success
        )
        if saved:
            return redirect(detail_url, pk=saved.pk)
    return _form_page(request, form, title, list_url)


# --- industries ------------------------------------------------------------------------------------


def _industry_filters(request):
    return _filters(request, IndustryFilterForm)


def industry_list(request):
    form, data = _industry_filters(request)
    page = _page(request, selectors.industry_list(request.user, data))
    return render(request, "projects/industry_list.html", {
        "filter_form": form, "page": page, "query": _query_without_page(request), "can_add": _can_add(request.user),
    })


def industry_detail(request, pk):
    industry = selectors.get_for_user(Industry, request.user, pk, queryset=Industry.objects.select_related("zone"))
    return render(request, "projects/industry_detail.html", {
        "industry": industry,
        "enterprise_count": Enterprise.objects.filter(industry=industry).count(),
        "project_count": Project.objects.filter(industry=industry).count(),
        "history": selectors.history(industry),
        "can_edit": request.user.can(Action.EDIT, industry.zone),
    })


@require_http_methods(["GET", "POST"])
def industry_create(request):
    return _record_form(
        request, IndustryForm, services.save_industry, title=_("添加产业"), success=_("产业已添加"),
        list_url="projects:industry_list", detail_url="projects:industry_detail",
    )


@require_http_methods(["GET", "POST"])
def industry_edit(request, pk):
    return _record_form(
        request, IndustryForm, services.save_industry, record=selectors.get_for_user(Industry, request.user, pk, Action.EDIT),
        title=_("修改产业"), success=_("已保存"), list_url="projects:industry_list", detail_url="projects:industry_detail",
    )


# --- enterprises -----------------------------------------------------------------------------------


def _enterprise_filters(request):
    form, data = _filters(request, statuses=Enterprise.Status.choices, with_period=False)
    for flag in ("is_above_scale", "is_listed", "is_foreign", "is_high_tech"):
        data[flag] = request.GET.get(flag) == "1"
    return form, data


def enterprise_list(request):
    form, data = _enterprise_filters(request)
    page = _page(request, selectors.enterprise_list(request.user, data))
    return render(request, "projects/enterprise_list.html", {
        "filter_form": form, "page": page, "query": _query_without_page(request), "can_add": _can_add(request.user),
    })


def enterprise_detail(request, pk):
    enterprise = selectors.get_for_user(Enterprise, request.user, pk, queryset=Enterprise.objects.select_related("zone", "park", "industry"))
    parcels = list(enterprise.parcels.select_related("park").order_by("code"))
    figures = list(EnterpriseFigure.objects.filter(enterprise=enterprise).order_by("-year", "-month")[:24])
    land_mu = enterprise.parcels.filter(held_land()).aggregate(area=Sum("area_mu"))["area"] or statistics.ZERO
    latest = figures[0] if figures else None
    efficiency = (
        statistics.land_efficiency(enterprise.pk, enterprise.name, land_mu, latest.tax_ytd, latest.output_ytd) if latest else None
    )
    return render(request, "projects/enterprise_detail.html", {
        "enterprise": enterprise,
        "parcels": parcels,
        "projects": enterprise.projects.order_by("name"),
        "figures": figures,
        "land_mu": land_mu,
        "latest": latest,
        "efficiency": efficiency,
        "figure_form": EnterpriseFigureForm(initial={"year": timezone.localdate().year, "month": timezone.localdate().month}),
        "history": selectors.history(enterprise),
        "can_edit": request.user.can(Action.EDIT, enterprise.zone),
    })


@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    return _record_form(
        request, EnterpriseForm, services.save_enterprise, title=_("登记企业"), success=_("企业已登记"),
        list_url="projects:enterprise_list", detail_url="projects:enterprise_detail",
    )


@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk):
    return _record_form(
        request, EnterpriseForm, services.save_enterprise, record=selectors.get_for_user(Enterprise, request.user, pk, Action.EDIT),
        title=_("修改企业信息"), success=_("已保存"), list_url="projects:enterprise_list", detail_url="projects:enterprise_detail",
    )


@require_POST
def enterprise_figure(request, pk):
    enterprise = selectors.get_for_user(Enterprise, request.user, pk, Action.EDIT)
    form = EnterpriseFigureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_enterprise_figure(enterprise, data["year"], data["month"], tax_ytd=data["tax_ytd"],
                                            output_ytd=data["output_ytd"], user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已保存%(year)s年%(month)s月税收产值") % data)
            return redirect("projects:enterprise_detail", pk=pk)
    return _form_page(request, form, _("企业月度税收产值"), "projects:enterprise_list")


# --- projects ---------------------------------------------------------------------------------------


def _project_filters(request):
    form, data = _filters(request, stages=Project.Stage.choices, statuses=list(statistics.PROJECT_FIGURES.items()))
    data["key"] = request.GET.get("key") == "1"
    year, month = form.period() if form.is_bound and form.is_valid() else (timezone.localdate().year, timezone.localdate().month)
    return form, data, year, month


def project_list(request):
    form, data, year, month = _project_filters(request)
    page = _page(request, selectors.project_list(request.user, data, year, month))
    return render(request, "projects/project_list.html", {
        "filter_form": form, "page": page, "query": _query_without_page(request), "can_add": _can_add(request.user),
        "figure": statistics.PROJECT_FIGURES.get(data.get("status", "")), "year": year, "month": month,
    })


def project_detail(request, pk):
    project = selectors.get_for_user(
        Project, request.user, pk, queryset=Project.objects.select_related("zone", "park", "industry", "enterprise")
    )
    today = timezone.localdate()
    year = year_in_query(request.GET.get("year"), today.year)
    progress_rows = list(ProjectProgress.objects.filter(project=project).order_by("year", "month"))
    months = {(p.year, p.month): p.investment for p in progress_rows}
    plans = list(ProjectYear.objects.filter(project=project).order_by("-year"))
    plan = next((p for p in plans if p.year == year), None)
    table = []
    for row in progress_rows:
        if row.year != year:
            continue
        figures = statistics.investment_progress(
            months, year, row.month, planned=plan.planned_investment if plan else None,
            total_investment=project.total_investment, investment_before_records=project.investment_before_records,
            started_on=project.started_on,
        )
        table.append({"row": row, "figures": figures})
    problems = list(statistics.with_overdue_flag(project.problems.order_by("state", "deadline"), today))
    kind = statistics.construction_type(project.started_on, project.completed_on, year, 12,
                                        plan.construction_type_override if plan else "")
    next_month = _next_report_month(project, progress_rows, today)
    return render(request, "projects/project_detail.html", {
        "project": project,
        "year": year,
        "plan": plan,
        "plans": plans,
        "table": table,
        "construction_type": dict(ProjectYear.ConstructionType.choices).get(kind, ""),
        "problems": problems,
        "history": selectors.history(project),
        "can_edit": request.user.can(Action.EDIT, project.zone),
        "next_month": next_month,
        "resolve_form": ResolveProblemForm(),
    })


def _next_report_month(project, progress_rows, today) -> datetime.date | None:
    """The month staff most likely report next: after the last reported one, else last month."""
    if project.started_on is None:
        return None
    if progress_rows:
        last = progress_rows[-1]
        following = datetime.date(last.year, last.month, 28) + datetime.timedelta(days=4)
        return following.replace(day=1)
    return max(project.started_on.replace(day=1), (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1))


@require_http_methods(["GET", "POST"])
def project_create(request):
    return _record_form(
        request, ProjectForm, services.save_project, title=_("登记项目"), success=_("项目已登记"),
        list_url="projects:project_list", detail_url="projects:project_detail", initial={"conceived_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    return _record_form(
        request, ProjectForm, services.save_project, record=selectors.get_for_user(Project, request.user, pk, Action.EDIT),
        title=_("修改项目"), success=_("已保存"), list_url="projects:project_list", detail_url="projects:project_detail",
    )


@require_http_methods(["GET", "POST"])
def project_year(request, pk):
    project = selectors.get_for_user(Project, request.user, pk, Action.EDIT)
    year = year_in_query(request.GET.get("year"), timezone.localdate().year)
    existing = ProjectYear.objects.filter(project=project, year=year).first()
    initial = {"year": year}
    if existing:
        initial.update(planned_investment=existing.planned_investment, construction_type_override=existing.construction_type_override)
    form = ProjectYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_project_year(project, data["year"], planned_investment=data["planned_investment"],
                                       construction_type_override=data["construction_type_override"],
                                       user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("年度计划已保存"))
            return redirect(f"{_project_url(project)}?year={data['year']}")
    return _form_page(request, form, _("%(name)s 年度计划") % {"name": project.name}, "projects:project_list")


def _project_url(project):
    return reverse("projects:project_detail", args=[project.pk])


@require_http_methods(["GET", "POST"])
def progress_edit(request, pk, year, month):
    project = selectors.get_for_user(Project, request.user, pk, Action.EDIT)
    existing = ProjectProgress.objects.filter(project=project, year=year, month=month).first()
    initial = {"investment": existing.investment, "physical_progress": existing.physical_progress} if existing else {}
    form = ProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress(project, year, month, investment=data["investment"],
                                     physical_progress=data["physical_progress"].strip(), problems=form.problems(),
                                     user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(year)s年%(month)s月进展已保存") % {"year": year, "month": month})
            return redirect(f"{_project_url(project)}?year={year}")
    return render(request, "projects/progress_form.html", {"form": form, "project": project, "year": year, "month": month})


def _problem_filters(request):
    form, data = _filters(request)
    data["state"] = request.GET.get("state", "overdue")
    return form, data


def problem_list(request):
    form, data = _problem_filters(request)
    page = _page(request, selectors.problem_list(request.user, data))
    return render(request, "projects/problem_list.html", {
        "filter_form": form, "page": page, "query": _query_without_page(request), "state": data["state"],
        "states": [("overdue", _("已逾期")), *ProjectProblem.State.choices, ("all", _("全部"))],
    })


@require_http_methods(["GET", "POST"])
def problem_resolve(request, pk):
    problem = selectors.get_for_user(ProjectProblem, request.user, pk, Action.EDIT, queryset=ProjectProblem.objects.select_related("project__zone"))
    form = ResolveProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_problem(problem, resolved_on=form.cleaned_data["resolved_on"],
                                     resolution=form.cleaned_data["resolution"], user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("问题已标记为已解决"))
            return redirect("projects:project_detail", pk=problem.project_id)
    return _form_page(request, form, _("解决问题：%(text)s") % {"text": problem}, "projects:problem_list")


def key_projects(request):
    form = PeriodForm(request.GET, user=request.user)
    rows = []
    if form.is_valid():
        data = form.cleaned_data
        rows = statistics.key_project_progress(data["zone"], data["year"], data["month"])
    return render(request, "projects/key_projects.html", {"form": form, "rows": rows})


# --- land -------------------------------------------------------------------------------------------


def _parcel_filters(request):
    form, data = _filters(request, stages=[("open", _("闲置（处置中）")), *Parcel.IdleStage.choices], statuses=Parcel.Status.choices)
    data["low_efficiency"] = request.GET.get("low_efficiency") == "1"
    return form, data


def parcel_list(request):
    form, data = _parcel_filters(request)
    page = _page(request, selectors.parcel_list(request.user, data, data.get("year")))
    return render(request, "projects/parcel_list.html", {
        "filter_form": form, "page": page, "query": _query_without_page(request), "can_add": _can_add(request.user),
    })


EXPORT_FORMATS = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


def _listed_projects(request):
    _form, data, year, month = _project_filters(request)
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
    data = _parcel_filters(request)[1]
    return selectors.parcel_list(request.user, data, data.get("year"))


# Each list page's export: its records, filtered as the page lists them (child records: those
# of the listed parents).
EXPORTS = {
    "industries": lambda request: selectors.industry_list(request.user, _industry_filters(request)[1]),
    "enterprises": lambda request: selectors.enterprise_list(request.user, _enterprise_filters(request)[1]),
    "enterprise_figures": lambda request: EnterpriseFigure.objects.filter(
        enterprise__in=selectors.enterprise_list(request.user, _enterprise_filters(request)[1]).values("pk")),
    "projects": lambda request: selectors.project_list(request.user, *_project_filters(request)[1:]),
    "progress": _project_months,
    "project_years": _project_plans,
    "problems": lambda request: selectors.problem_list(request.user, _problem_filters(request)[1]),
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


def parcel_detail(request, pk):
    parcel = selectors.get_for_user(Parcel, request.user, pk, queryset=Parcel.objects.select_related("zone", "park", "holder", "project"))
    return render(request, "projects/parcel_detail.html", {
        "parcel": parcel,
        "mortgages": parcel.mortgages.all(),
        "mortgage_form": MortgageForm(),
        "history": selectors.history(parcel),
        "can_edit": request.user.can(Action.EDIT, parcel.zone),
    })


@require_http_methods(["GET", "POST"])
def parcel_create(request):
    return _record_form(
        request, ParcelForm, services.save_parcel, title=_("登记宗地"), success=_("宗地已登记"),
        list_url="projects:parcel_list", detail_url="projects:parcel_detail",
    )


@require_http_methods(["GET", "POST"])
def parcel_edit(request, pk):
    return _record_form(
        request, ParcelForm, services.save_parcel, record=selectors.get_for_user(Parcel, request.user, pk, Action.EDIT),
        title=_("修改宗地"), success=_("已保存"), list_url="projects:parcel_list", detail_url="projects:parcel_detail",
    )


@require_POST
def mortgage_add(request, pk):
    parcel = selectors.get_for_user(Parcel, request.user, pk, Action.EDIT)
    form = MortgageForm(request.POST)
    if form.is_valid():
        try:
            services.add_mortgage(parcel, form.cleaned_data, user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("他项权利登记已保存"))
            return redirect("projects:parcel_detail", pk=pk)
    return _form_page(request, form, _("他项权利登记"), "projects:parcel_list")


def idle_candidates(request):
    zones = Zone.objects.for_user(request.user)
    today = timezone.localdate()
    rows = []
    for zone in zones:
        rows.extend(statistics.idle_land_candidates(zone, today))
    editable = set(Zone.objects.for_user(request.user, Action.EDIT).values_list("pk", flat=True))
    return render(request, "projects/idle_candidates.html", {"rows": rows, "editable": editable, "today": today})


@require_POST
def idle_confirm(request, pk):
    parcel = selectors.get_for_user(Parcel, request.user, pk, Action.EDIT)
    try:
        services.confirm_idle_candidate(parcel, user=request.user, channel=Channel.FORM)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("宗地%(code)s已列入闲置土地（调查）") % {"code": parcel.code})
    return redirect("projects:idle_candidates")


def land_efficiency(request):
    form = PeriodForm(request.GET, user=request.user)
    rows = []
    if form.is_valid():
        data = form.cleaned_data
        rows = statistics.land_efficiency_ranking(data["zone"], data["year"], data["month"])
    return render(request, "projects/land_efficiency.html", {"form": form, "rows": rows})


def relocation_list(request):
    cases = RelocationCase.objects.for_user(request.user).select_related("zone")
    return render(request, "projects/relocation_list.html", {"cases": cases, "can_add": _can_add(request.user)})


def relocation_detail(request, pk):
    case = selectors.get_for_user(RelocationCase, request.user, pk, queryset=RelocationCase.objects.select_related("zone"))
    return render(request, "projects/relocation_detail.html", {
        "case": case,
        "enterprises_percent": statistics.moved_percent(case.enterprises_moved, case.enterprises_total),
        "households_percent": statistics.moved_percent(case.households_moved, case.households_total),
        "history": selectors.history(case),
        "can_edit": request.user.can(Action.EDIT, case.zone),
    })


@require_http_methods(["GET", "POST"])
def relocation_create(request):
    return _record_form(
        request, RelocationCaseForm, services.save_relocation_case, title=_("登记收储征迁"), success=_("已登记"),
        list_url="projects:relocation_list", detail_url="projects:relocation_detail",
    )


@require_http_methods(["GET", "POST"])
def relocation_edit(request, pk):
    return _record_form(
        request, RelocationCaseForm, services.save_relocation_case, record=selectors.get_for_user(RelocationCase, request.user, pk, Action.EDIT),
        title=_("修改收储征迁"), success=_("已保存"), list_url="projects:relocation_list", detail_url="projects:relocation_detail",
    )
