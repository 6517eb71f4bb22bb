"""Starting jobs from the pages, and following them: a page that refreshes itself without
JavaScript (and polls a small JSON status with it), the result download."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from core import clock
from core.periods import FIRST_YEAR, LAST_YEAR
from dataio.registry import CHECKING, WRITING
from dataio.services import may_import
from zones.models import Action, Zone

from . import progress, services
from .models import Job


def _own_job(request, pk) -> Job:
    """The user's job (administrators see every job)."""
    jobs = Job.objects.all() if request.user.is_administrator else Job.objects.filter(user=request.user)
    return get_object_or_404(jobs.defer("result"), pk=pk)


STAGE_LABELS = {CHECKING: _("正在检查"), WRITING: _("正在写入")}


def _status(job: Job) -> dict:
    """The Job row, with the progress a running job keeps in the cache (jobs.progress): the row's
    status decides, so a finished job never shows figures left there."""
    figures = {"percent": job.percent, "rows_done": job.rows_done, "rows_total": job.rows_total, "stage": ""}
    if job.status == Job.Status.RUNNING:
        figures.update(progress.read(job.pk))
    return {
        "status": job.status, "status_label": job.get_status_display(), **figures,
        "stage_label": str(STAGE_LABELS.get(figures["stage"], "")), "message": job.message, "error": job.error,
        "finished": job.finished,
    }


@require_GET
def job_list(request):
    jobs = Job.objects.filter(user=request.user).defer("result")[:50]
    return render(request, "jobs/list.html", {"jobs": jobs, "may_import": may_import(request.user)})


@require_GET
def job_detail(request, pk):
    job = _own_job(request, pk)
    return render(request, "jobs/detail.html", {"job": job, "status": _status(job)})


@require_GET
def job_status(request, pk):
    return JsonResponse(_status(_own_job(request, pk)))


@require_GET
def job_result(request, pk):
    job = get_object_or_404(Job.objects.all() if request.user.is_administrator else Job.objects.filter(user=request.user), pk=pk)
    if job.status != Job.Status.DONE or not job.result:
        raise PermissionDenied
    response = HttpResponse(bytes(job.result), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename=\"job-{job.pk}.zip\"; filename*=UTF-8''{quote(job.result_name)}"
    return response


class DraftsForm(forms.Form):
    zones = forms.ModelMultipleChoiceField(label=_("开发区"), queryset=Zone.objects.none(), widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("请至少选择一个开发区")})
    year = forms.IntegerField(label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = Zone.objects.for_user(user, Action.VIEW)


def drafts(request):
    """Several zones' annual report drafts at once, as a zip built by a job."""
    form = DraftsForm(request.POST or None, user=request.user, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start(Job.Kind.DRAFTS, request.user, {
                "year": form.cleaned_data["year"], "zones": [z.code for z in form.cleaned_data["zones"]],
            })
        except services.JobRefused as refused:
            form.add_error(None, refused)
        else:
            return _started(request, job)
    return render(request, "jobs/drafts.html", {"form": form})


def _started(request, job: Job):
    """The new job's page, with the broker's refusal said at once (the job is then failed)."""
    if job.status == Job.Status.FAILED:
        messages.error(request, job.error)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
def import_confirm(request):
    """The confirm of a large previewed upload (dataio's preview posts here past
    settings.IMPORT_JOB_MIN_BYTES): the job claims the upload and applies it whole or not at all."""
    if not may_import(request.user):
        raise PermissionDenied
    try:
        job = services.start(Job.Kind.IMPORT, request.user, {"kind": request.POST.get("kind", ""), "token": request.POST.get("token", "")})
    except services.JobRefused as refused:
        messages.error(request, refused.messages[0])
        return redirect("jobs:list")
    return _started(request, job)
