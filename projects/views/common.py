"""Helpers shared by the record views: paging, filters, record forms through their services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from audit.models import Channel
from zones.models import Action, Zone

from ..batch import save_one
from ..forms import ListFilterForm, attach_errors, show_stale
from ..services import StaleRecord

PAGE_SIZE = 50


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def list_filters(request, form_class=ListFilterForm, query=None, **choices):
    query = request.GET if query is None else query
    form = form_class(query or None, user=request.user, **choices)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def can_add(user) -> bool:
    return Zone.objects.for_user(user, Action.EDIT).exists()


def require_some_editable_zone(user) -> None:
    if not can_add(user):
        raise PermissionDenied


def form_page(request, form, title, cancel_url):
    return render(request, "projects/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def save_model_form(request, form, save, success_message):
    """Validate the form, hand its values to the service, and show service errors at the fields."""
    if not form.is_valid():
        return None
    try:
        record = save(form.values())
    except StaleRecord as error:
        show_stale(form, error)
        return None
    except ValidationError as error:
        attach_errors(form, error)
        return None
    messages.success(request, success_message)
    return record


def record_form(request, form_class, save, *, record=None, title, success, list_url, detail_url, initial=None):
    """Create (no `record`) or edit one zone record through its batch service `save`; errors show at the fields."""
    if record is None:
        require_some_editable_zone(request.user)
    form = form_class(request.POST or None, instance=record, user=request.user, initial=initial)
    if request.method == "POST":
        saved = save_model_form(
            request, form,
            lambda values: save_one(save, record, values, user=request.user, channel=Channel.FORM,
                                    expected_version=form.cleaned_data["version"]),
            success,
        )
        if saved:
            return redirect(detail_url, pk=saved.pk)
    return form_page(request, form, title, list_url)
