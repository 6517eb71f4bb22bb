"""Parcels, mortgages, idle land and land efficiency."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import Channel
from core import clock
from zones.models import Action, Zone

from .. import batch, land_statistics, selectors
from ..forms import MortgageForm, ParcelForm, PeriodForm, attach_errors
from ..models import Parcel
from .common import can_add, form_page, list_filters, page_of, query_without_page, record_form


def parcel_filters(request):
    # A parcel's stage is its idle-land stage: links may name it by the field (?idle_stage=open).
    query = request.GET.copy()
    if query.get("idle_stage") and not query.get("stage"):
        query["stage"] = query["idle_stage"]
    query.pop("idle_stage", None)
    stages = [("open", _("闲置（处置中）")), *Parcel.IdleStage.choices]
    form, data = list_filters(request, query=query, stages=stages, statuses=Parcel.Status.choices)
    data["low_efficiency"] = request.GET.get("low_efficiency") == "1"
    return form, data


def parcel_list(request):
    form, data = parcel_filters(request)
    page = page_of(request, selectors.parcel_list(request.user, data, data.get("year")))
    return render(request, "projects/parcel_list.html", {
        "filter_form": form, "page": page, "query": query_without_page(request), "can_add": can_add(request.user),
    })


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
    return record_form(
        request, ParcelForm, batch.save_parcels, title=_("登记宗地"), success=_("宗地已登记"),
        list_url="projects:parcel_list", detail_url="projects:parcel_detail",
    )


@require_http_methods(["GET", "POST"])
def parcel_edit(request, pk):
    return record_form(
        request, ParcelForm, batch.save_parcels, record=selectors.get_for_user(Parcel, request.user, pk, Action.EDIT),
        title=_("修改宗地"), success=_("已保存"), list_url="projects:parcel_list", detail_url="projects:parcel_detail",
    )


@require_POST
def mortgage_add(request, pk):
    parcel = selectors.get_for_user(Parcel, request.user, pk, Action.EDIT)
    form = MortgageForm(request.POST)
    if form.is_valid():
        try:
            batch.save_one(batch.save_mortgages, None, {"parcel": parcel, **form.cleaned_data}, user=request.user, channel=Channel.FORM)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("他项权利登记已保存"))
            return redirect("projects:parcel_detail", pk=pk)
    return form_page(request, form, _("他项权利登记"), "projects:parcel_list")


def idle_candidates(request):
    zones = Zone.objects.for_user(request.user)
    today = clock.today()
    rows = []
    for zone in zones:
        rows.extend(land_statistics.idle_land_candidates(zone, today))
    editable = set(Zone.objects.for_user(request.user, Action.EDIT).values_list("pk", flat=True))
    return render(request, "projects/idle_candidates.html", {"rows": rows, "editable": editable, "today": today})


@require_POST
def idle_confirm(request, pk):
    parcel = selectors.get_for_user(Parcel, request.user, pk, Action.EDIT)
    try:
        batch.confirm_idle_candidate(parcel, user=request.user, channel=Channel.FORM)
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
        rows = land_statistics.land_efficiency_ranking(data["zone"], data["year"], data["month"])
    return render(request, "projects/land_efficiency.html", {"form": form, "rows": rows})
