from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .models import Notification, Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_enabled", "digest_enabled"]


@require_GET
def notification_list(request):
    """The user's notifications, newest first, with their email choice."""
    mine = Notification.objects.filter(user=request.user)
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    preference = Preference.objects.filter(user=request.user).first()
    return render(request, "notifications/list.html", {
        "page": page,
        "unread": mine.filter(read_at__isnull=True).count(),
        "form": PreferenceForm(instance=preference or Preference(user=request.user)),
        "has_email": bool(request.user.email),
        "is_leader": request.user.role == request.user.Role.LEADER,
    })


@require_POST
def mark_read(request):
    """Mark one notification read (`id`) or all; then go to its link or back to the list."""
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()] or None
    services.mark_read(request.user, ids)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def preference(request):
    form = PreferenceForm(request.POST)
    form.is_valid()
    services.set_preference(request.user, email=form.cleaned_data.get("email_enabled", False),
                            digest=form.cleaned_data.get("digest_enabled", False))
    messages.success(request, _("提醒设置已保存"))
    return redirect("notifications:list")


@require_GET
def unread(request):
    """The header bell's count, read by static/js/devzone.js (pages carry no count themselves)."""
    return JsonResponse({"unread": Notification.objects.filter(user=request.user, read_at__isnull=True).count()})
