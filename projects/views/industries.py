"""Industries (产业) of a zone."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zones.models import Action

from .. import batch, selectors
from ..forms import IndustryFilterForm, IndustryForm
from ..models import Enterprise, Industry, Project
from .common import can_add, list_filters, page_of, query_without_page, record_form


def industry_filters(request):
    return list_filters(request, IndustryFilterForm)


def industry_list(request):
    form, data = industry_filters(request)
    page = page_of(request, selectors.industry_list(request.user, data))
    return render(request, "projects/industry_list.html", {
        "filter_form": form, "page": page, "query": query_without_page(request), "can_add": can_add(request.user),
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
    return record_form(
        request, IndustryForm, batch.save_industries, title=_("添加产业"), success=_("产业已添加"),
        list_url="projects:industry_list", detail_url="projects:industry_detail",
    )


@require_http_methods(["GET", "POST"])
def industry_edit(request, pk):
    return record_form(
        request, IndustryForm, batch.save_industries, record=selectors.get_for_user(Industry, request.user, pk, Action.EDIT),
        title=_("修改产业"), success=_("已保存"), list_url="projects:industry_list", detail_url="projects:industry_detail",
    )

