"""Pages of the 亩均效益 evaluation: thin, every write through grading.services."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Channel
from projects.forms import attach_errors, show_stale
from projects.models import Enterprise
from projects.selectors import get_for_user, history
from projects.services import StaleRecord
from projects.views.common import page_of, query_without_page
from zones.access import zone_for_user
from zones.models import Action

from . import publicity, selectors, services
from .forms import DecisionForm, EnterpriseYearForm, ObjectionForm, PickForm, PublishForm
from .models import EnterpriseYear, GradeResult, Grading

FILTERS = ("grade", "scale", "industry", "park", "q")


def index(request):
    form = PickForm(request.GET, user=request.user)
    if request.GET and form.is_valid():
        return redirect("grading:overview", zone=form.cleaned_data["zone"].code, year=form.cleaned_data["year"])
    gradings = Grading.objects.for_user(request.user, Action.VIEW).select_related("zone", "scheme")
    return render(request, "grading/index.html", {"form": form, "gradings": gradings})


def overview(request, zone, year):
    zone = zone_for_user(request.user, zone)
    grading = selectors.grading_for(request.user, zone, year)
    filters = {name: request.GET.get(name, "").strip() for name in FILTERS}
    page = page_of(request, selectors.results(grading, filters)) if grading else None
    if page is not None:
        page.object_list = list(page.object_list)
        previous = selectors.previous_grades(grading, page.object_list)
        for result in page.object_list:
            result.previous_grade = previous.get(result.enterprise_id, "")
    return render(request, "grading/overview.html", {
        "zone": zone, "year": year, "grading": grading, "scheme": selectors.scheme_for(zone, year),
        "page": page, "filters": filters, "query": query_without_page(request),
        "counts": selectors.grade_counts(grading) if grading else {},
        "objections": selectors.objections(grading) if grading else [],
        "grades": GradeResult.Grade.choices,
        "can_edit": request.user.can(Action.EDIT, zone), "can_review": request.user.can(Action.REVIEW, zone),
        "publish_form": PublishForm(), "objection_form": ObjectionForm(grading=grading) if grading else None,
        "history": history(grading)[:20] if grading else [],
    })


def _service_post(request, zone, year, work, success):
    """Run a POSTed action through its service; its refusal shows as a message."""
    try:
        work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("grading:overview", zone=zone.code, year=year)


@require_POST
def run(request, zone, year):
    zone = zone_for_user(request.user, zone, Action.EDIT)
    return _service_post(request, zone, year, lambda: services.run_grading(zone, year, user=request.user, channel=Channel.FORM),
                         _("已按评价办法重新评分"))


@require_POST
def fill(request, zone, year):
    zone = zone_for_user(request.user, zone, Action.EDIT)
    written = []

    def work():
        written.append(services.fill_from_monthly_figures(zone, year, user=request.user, channel=Channel.FORM))

    response = _service_post(request, zone, year, work, _("已从企业月度数据汇总税收、产值"))
    if written:
        messages.info(request, _("写入%(n)s家企业的评价数据") % {"n": written[0]})
    return response


@require_POST
def publish(request, zone, year):
    zone = zone_for_user(request.user, zone, Action.REVIEW)
    grading = get_object_or_404(Grading, zone=zone, year=year)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的公示截止日期"))
        return redirect("grading:overview", zone=zone.code, year=year)
    return _service_post(request, zone, year, lambda: services.publish(
        grading, form.cleaned_data["objection_until"], user=request.user, channel=Channel.FORM), _("评价结果已公示"))


@require_POST
def finalise(request, zone, year):
    zone = zone_for_user(request.user, zone, Action.REVIEW)
    grading = get_object_or_404(Grading, zone=zone, year=year)
    return _service_post(request, zone, year, lambda: services.finalise(grading, user=request.user, channel=Channel.FORM),
                         _("评价结果已定稿"))


def inputs(request, zone, year):
    zone = zone_for_user(request.user, zone)
    rows = selectors.inputs(zone, year)
    return render(request, "grading/inputs.html", {
        "zone": zone, "year": year, "page": page_of(request, rows), "query": query_without_page(request),
        "can_edit": request.user.can(Action.EDIT, zone),
        "missing": Enterprise.objects.filter(zone=zone).exclude(grading_years__year=year).order_by("name")[:200],
    })


@require_http_methods(["GET", "POST"])
def input_edit(request, zone, year, enterprise):
    zone = zone_for_user(request.user, zone, Action.EDIT)
    enterprise = get_object_or_404(Enterprise, zone=zone, pk=enterprise)
    stored = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).first()
    instance = stored or EnterpriseYear(enterprise=enterprise, year=year, is_above_scale=enterprise.is_above_scale)
    form = EnterpriseYearForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_enterprise_year(enterprise, year, form.values(), user=request.user, channel=Channel.FORM,
                                          expected_version=form.cleaned_data["version"])
        except StaleRecord as error:
            show_stale(form, error)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已保存%(name)s的%(year)s年评价数据") % {"name": enterprise.name, "year": year})
            return redirect("grading:inputs", zone=zone.code, year=year)
    return render(request, "grading/form.html", {
        "form": form, "title": _("%(name)s %(year)s年亩均评价数据") % {"name": enterprise.name, "year": year},
        "cancel": ("grading:inputs", zone.code, year), "history": history(stored) if stored else [],
    })


@require_POST
def objection_add(request, zone, year):
    zone = zone_for_user(request.user, zone, Action.EDIT)
    grading = get_object_or_404(Grading, zone=zone, year=year)
    form = ObjectionForm(request.POST, request.FILES, grading=grading)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_objection(grading, data["enterprise"], received_on=data["received_on"], claim=data["claim"],
                                      evidence=data["evidence"], user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("异议已登记"))
            return redirect("grading:overview", zone=zone.code, year=year)
    return render(request, "grading/form.html", {"form": form, "title": _("登记异议"), "multipart": True,
                                                 "cancel": ("grading:overview", zone.code, year)})


@require_http_methods(["GET", "POST"])
def objection_decide(request, pk):
    objection = selectors.objection_for(request.user, pk)
    zone = zone_for_user(request.user, objection.grading.zone.code, Action.EDIT)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_objection(objection, form.cleaned_data["decision"], form.cleaned_data["decision_note"],
                                      user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("异议处理结果已保存，评价已重新计算"))
            return redirect("grading:overview", zone=zone.code, year=objection.grading.year)
    return render(request, "grading/form.html", {
        "form": form, "title": _("处理%(name)s的异议") % {"name": objection.enterprise.name}, "objection": objection,
        "cancel": ("grading:overview", zone.code, objection.grading.year),
    })


def evidence(request, pk):
    objection = selectors.objection_for(request.user, pk)
    if not objection.evidence_size:
        raise Http404("no evidence")
    response = HttpResponse(bytes(objection.evidence), content_type="application/octet-stream")
    # Always a download, never shown inline: the office did not write the file.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(objection.evidence_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def publicity_file(request, zone, year, file_format):
    zone = zone_for_user(request.user, zone)
    grading = selectors.grading_for(request.user, zone, year)
    if grading is None or file_format not in ("xlsx", "docx"):
        raise Http404("no such list")
    data = publicity.xlsx(grading) if file_format == "xlsx" else publicity.docx(grading)
    types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = HttpResponse(data, content_type=types[file_format])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(publicity.title(grading))}.{file_format}"
    return response


def scheme(request, zone, year):
    zone = zone_for_user(request.user, zone)
    found = selectors.scheme_for(zone, year)
    if found is None:
        raise Http404("no scheme")
    return render(request, "grading/scheme.html", {"zone": zone, "year": year, "scheme": found,
                                                   "indicators": list(found.indicators.all())})


def enterprise(request, pk):
    firm = get_for_user(Enterprise, request.user, pk, queryset=Enterprise.objects.select_related("zone"))
    years, needs = selectors.enterprise_grades(request.user, firm)
    return render(request, "grading/enterprise.html", {"enterprise": firm, "years": years, "needs": needs})


def low_efficiency(request, zone):
    zone = zone_for_user(request.user, zone)
    parcels, grading = selectors.low_efficiency_candidates(zone)
    return render(request, "grading/low_efficiency.html", {"zone": zone, "parcels": parcels, "grading": grading})
