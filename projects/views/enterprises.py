"""Enterprises and their monthly figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import Channel
from core import clock
from core.periods import year_in_query
from zones.models import Action

from .. import batch, land_statistics, selectors, services, statistics
from ..forms import EnterpriseFigureForm, EnterpriseForm, attach_errors
from ..models import Enterprise, EnterpriseFigure, held_land
from .common import can_add, form_page, list_filters, page_of, query_without_page, record_form


def enterprise_filters(request):
    form, data = list_filters(request, statuses=Enterprise.Status.choices, with_period=False)
    for flag in ("is_above_scale", "is_listed", "is_foreign", "is_high_tech"):
        data[flag] = request.GET.get(flag) == "1"
    return form, data


def enterprise_list(request):
    form, data = enterprise_filters(request)
    page = page_of(request, selectors.enterprise_list(request.user, data))
    return render(request, "projects/enterprise_list.html", {
        "filter_form": form, "page": page, "query": query_without_page(request), "can_add": can_add(request.user),
    })


def enterprise_detail(request, pk):
    enterprise = selectors.get_for_user(Enterprise, request.user, pk, queryset=Enterprise.objects.select_related("zone", "park", "industry"))
    parcels = list(enterprise.parcels.select_related("park").order_by("code"))
    figures = list(EnterpriseFigure.objects.filter(enterprise=enterprise).order_by("-year", "-month")[:24])
    land_mu = enterprise.parcels.filter(held_land()).aggregate(area=Sum("area_mu"))["area"] or statistics.ZERO
    latest = figures[0] if figures else None
    efficiency = (
        land_statistics.land_efficiency(enterprise.pk, enterprise.name, land_mu, latest.tax_ytd, latest.output_ytd) if latest else None
    )
    today = clock.today()  # read once: a year and a month of one day, even at midnight
    return render(request, "projects/enterprise_detail.html", {
        "enterprise": enterprise,
        "parcels": parcels,
        "projects": enterprise.projects.order_by("name"),
        "figures": figures,
        "land_mu": land_mu,
        "latest": latest,
        "efficiency": efficiency,
        "figure_form": EnterpriseFigureForm.loaded(enterprise, today.year, today.month),
        "history": selectors.history(enterprise),
        "can_edit": request.user.can(Action.EDIT, enterprise.zone),
    })


@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    return record_form(
        request, EnterpriseForm, batch.save_enterprises, title=_("登记企业"), success=_("企业已登记"),
        list_url="projects:enterprise_list", detail_url="projects:enterprise_detail",
    )


@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk):
    return record_form(
        request, EnterpriseForm, batch.save_enterprises, record=selectors.get_for_user(Enterprise, request.user, pk, Action.EDIT),
        title=_("修改企业信息"), success=_("已保存"), list_url="projects:enterprise_list", detail_url="projects:enterprise_detail",
    )


@require_http_methods(["GET", "POST"])
def enterprise_figure(request, pk):
    """A month's figures: GET ?year=&month= loads the month (default: this one) to correct it."""
    enterprise = selectors.get_for_user(Enterprise, request.user, pk, Action.EDIT)
    title = _("%(name)s 月度税收产值") % {"name": enterprise.name}
    if request.method == "GET":
        today = clock.today()
        year = year_in_query(request.GET.get("year"), today.year)
        month = request.GET.get("month", "")
        month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else today.month
        return form_page(request, EnterpriseFigureForm.loaded(enterprise, year, month), title, "projects:enterprise_list")
    form = EnterpriseFigureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            batch.save_period(batch.save_enterprise_figures, EnterpriseFigure, "enterprise", enterprise,
                              {"year": data["year"], "month": data["month"]},
                              {"tax_ytd": data["tax_ytd"], "output_ytd": data["output_ytd"]},
                              user=request.user, channel=Channel.FORM, expected_version=form.expected_version())
        except services.StaleRecord as error:
            form.show_stale(error)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已保存%(year)s年%(month)s月税收产值") % data)
            return redirect("projects:enterprise_detail", pk=pk)
    return form_page(request, form, title, "projects:enterprise_list")
