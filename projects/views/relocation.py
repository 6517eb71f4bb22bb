"""Relocation and acquisition cases (征迁收储)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zones.models import Action

from .. import batch, land_statistics, selectors
from ..forms import RelocationCaseForm
from ..models import RelocationCase
from .common import can_add, record_form


def relocation_list(request):
    cases = RelocationCase.objects.for_user(request.user).select_related("zone")
    return render(request, "projects/relocation_list.html", {"cases": cases, "can_add": can_add(request.user)})


def relocation_detail(request, pk):
    case = selectors.get_for_user(RelocationCase, request.user, pk, queryset=RelocationCase.objects.select_related("zone"))
    return render(request, "projects/relocation_detail.html", {
        "case": case,
        "enterprises_percent": land_statistics.moved_percent(case.enterprises_moved, case.enterprises_total),
        "households_percent": land_statistics.moved_percent(case.households_moved, case.households_total),
        "history": selectors.history(case),
        "can_edit": request.user.can(Action.EDIT, case.zone),
    })


@require_http_methods(["GET", "POST"])
def relocation_create(request):
    return record_form(
        request, RelocationCaseForm, batch.save_relocation_cases, title=_("登记收储征迁"), success=_("已登记"),
        list_url="projects:relocation_list", detail_url="projects:relocation_detail",
    )


@require_http_methods(["GET", "POST"])
def relocation_edit(request, pk):
    return record_form(
        request, RelocationCaseForm, batch.save_relocation_cases, record=selectors.get_for_user(RelocationCase, request.user, pk, Action.EDIT),
        title=_("修改收储征迁"), success=_("已保存"), list_url="projects:relocation_list", detail_url="projects:relocation_detail",
    )
