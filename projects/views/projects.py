"""Projects, their annual plans, monthly progress and problems; key projects."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import Channel
from core import clock
from core.periods import year_in_query
from zones.models import Action

from .. import batch, selectors, services, statistics
from ..forms import PeriodForm, ProgressForm, ProjectForm, ProjectYearForm, ResolveProblemForm, attach_errors, show_stale
from ..models import Project, ProjectProblem, ProjectProgress, ProjectYear
from .common import can_add, form_page, list_filters, page_of, query_without_page, record_form


def project_filters(request):
    form, data = list_filters(request, stages=Project.Stage.choices, statuses=list(statistics.PROJECT_FIGURES.items()))
    data["key"] = request.GET.get("key") == "1"
    today = clock.today()  # read once: a year and a month of one day, even at midnight
    year, month = form.period() if form.is_bound and form.is_valid() else (today.year, today.month)
    return form, data, year, month


def project_list(request):
    form, data, year, month = project_filters(request)
    page = page_of(request, selectors.project_list(request.user, data, year, month))
    return render(request, "projects/project_list.html", {
        "filter_form": form, "page": page, "query": query_without_page(request), "can_add": can_add(request.user),
        "figure": statistics.PROJECT_FIGURES.get(data.get("status", "")), "year": year, "month": month,
    })


def project_detail(request, pk):
    project = selectors.get_for_user(
        Project, request.user, pk, queryset=Project.objects.select_related("zone", "park", "industry", "enterprise")
    )
    today = clock.today()
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
    return record_form(
        request, ProjectForm, batch.save_projects, title=_("登记项目"), success=_("项目已登记"),
        list_url="projects:project_list", detail_url="projects:project_detail", initial={"conceived_on": clock.today()},
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    return record_form(
        request, ProjectForm, batch.save_projects, record=selectors.get_for_user(Project, request.user, pk, Action.EDIT),
        title=_("修改项目"), success=_("已保存"), list_url="projects:project_list", detail_url="projects:project_detail",
    )


@require_http_methods(["GET", "POST"])
def project_year(request, pk):
    project = selectors.get_for_user(Project, request.user, pk, Action.EDIT)
    year = year_in_query(request.GET.get("year"), clock.today().year)
    existing = ProjectYear.objects.filter(project=project, year=year).first()
    initial = {"year": year, "period": year, "version": services.version_of(existing)}
    if existing:
        initial.update(planned_investment=existing.planned_investment, construction_type_override=existing.construction_type_override)
    form = ProjectYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch.save_period(batch.save_project_years, ProjectYear, "project", project, {"year": data["year"]},
                              {"planned_investment": data["planned_investment"],
                               "construction_type_override": data["construction_type_override"]},
                              user=request.user, channel=Channel.FORM, expected_version=form.expected_version())
        except services.StaleRecord as error:
            form.show_stale(error)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("年度计划已保存"))
            return redirect(f"{_project_url(project)}?year={data['year']}")
    return form_page(request, form, _("%(name)s 年度计划") % {"name": project.name}, "projects:project_list")


def _project_url(project):
    return reverse("projects:project_detail", args=[project.pk])


@require_http_methods(["GET", "POST"])
def progress_edit(request, pk, year, month):
    project = selectors.get_for_user(Project, request.user, pk, Action.EDIT)
    existing = ProjectProgress.objects.filter(project=project, year=year, month=month).first()
    initial = {"investment": existing.investment, "physical_progress": existing.physical_progress} if existing else {}
    form = ProgressForm(request.POST or None, initial={**initial, "version": services.version_of(existing)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the month and the problem found in it, or neither
                batch.save_period(batch.save_progress, ProjectProgress, "project", project, {"year": year, "month": month},
                                  {"investment": data["investment"], "physical_progress": data["physical_progress"].strip()},
                                  user=request.user, channel=Channel.FORM, expected_version=data["version"])
                for problem in form.problems():
                    batch.save_one(batch.save_problems, None, {"project": project, "raised_year": year, "raised_month": month, **problem},
                                   user=request.user, channel=Channel.FORM)
        except services.StaleRecord as error:
            show_stale(form, error)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(year)s年%(month)s月进展已保存") % {"year": year, "month": month})
            return redirect(f"{_project_url(project)}?year={year}")
    return render(request, "projects/progress_form.html", {"form": form, "project": project, "year": year, "month": month})


def problem_filters(request):
    form, data = list_filters(request)
    data["state"] = request.GET.get("state", "overdue")
    return form, data


def problem_list(request):
    form, data = problem_filters(request)
    page = page_of(request, selectors.problem_list(request.user, data))
    return render(request, "projects/problem_list.html", {
        "filter_form": form, "page": page, "query": query_without_page(request), "state": data["state"],
        "states": [("overdue", _("已逾期")), *ProjectProblem.State.choices, ("all", _("全部"))],
    })


@require_http_methods(["GET", "POST"])
def problem_resolve(request, pk):
    problem = selectors.get_for_user(ProjectProblem, request.user, pk, Action.EDIT, queryset=ProjectProblem.objects.select_related("project__zone"))
    form = ResolveProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch.resolve_problem(problem, resolved_on=form.cleaned_data["resolved_on"],
                                     resolution=form.cleaned_data["resolution"], user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("问题已标记为已解决"))
            return redirect("projects:project_detail", pk=problem.project_id)
    return form_page(request, form, _("解决问题：%(text)s") % {"text": problem}, "projects:problem_list")


def key_projects(request):
    form = PeriodForm(request.GET, user=request.user)
    rows = []
    if form.is_valid():
        data = form.cleaned_data
        rows = statistics.key_project_progress(data["zone"], data["year"], data["month"])
    return render(request, "projects/key_projects.html", {"form": form, "rows": rows})

