"""Browser import (upload → preview → confirm), exports and empty templates.

Between preview and confirm the upload waits in the database (dataio.models.PendingUpload),
found by a random token and its user, so the confirm may reach any application server; the
confirm re-runs every check before applying.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST


from .files import XLSX_TYPE
from .forms import ExportForm, UploadForm
from .limits import FileRejected, max_bytes, refuse_oversized
from .registry import STATUS_LABELS, all_kinds, get_kind
from .services import claim_upload, discard_upload, export_file, may_import, park_upload, run_import, template_file

PREVIEW_ROWS = 1000


def _preview_context(report, *, token=None, filename=""):
    by_row = {}
    for issue in report.errors:
        by_row.setdefault(issue.row, []).append(("error", issue))
    for issue in report.warnings:
        by_row.setdefault(issue.row, []).append(("warning", issue))
    rows = [
        {"row": row, "label": STATUS_LABELS[row.status], "issues": by_row.get(row.number, [])}
        for row in report.rows[:PREVIEW_ROWS]
    ]
    return {
        "report": report,
        "kind": report.kind,
        "columns": report.kind.columns,
        "rows": rows,
        "truncated": len(report.rows) > PREVIEW_ROWS,
        "preview_rows": PREVIEW_ROWS,
        "file_errors": [i for i in report.errors if i.row is None],
        "row_errors": report.errors[:PREVIEW_ROWS],
        "more_errors": max(0, len(report.errors) - PREVIEW_ROWS),
        "counts": report.counts,
        "token": token,
        "filename": filename,
    }


@require_http_methods(["GET", "POST"])
def import_page(request):
    importer = may_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not importer:
            raise PermissionDenied
        if form.is_valid():
            kind = get_kind(form.cleaned_data["kind"])
            upload = form.cleaned_data["file"]
            try:
                refuse_oversized(upload.size)
            except FileRejected as exc:
                form.add_error("file", exc.message)
            else:
                data = upload.read()
                report = run_import(kind, data, upload.name, request.user, apply=False)
                token = None
                if report.ok:
                    token = park_upload(request.user, kind, upload.name, data, report.versions).token
                else:
                    discard_upload(request.user, kind)  # an earlier preview of this kind is stale now
                context = _preview_context(report, token=token, filename=upload.name)
                # Past this size the confirm runs as a job (jobs.views.import_confirm), not in the request.
                context["background"] = len(data) >= settings.IMPORT_JOB_MIN_BYTES
                return render(request, "dataio/preview.html", context)
    return render(request, "dataio/import.html", {
        "form": form,
        "may_import": importer,
        "kinds": all_kinds(),
        "export_form": ExportForm(user=request.user),
        "max_mb": max_bytes() / 1048576,
    })


@require_POST
def import_confirm(request):
    if not may_import(request.user):
        raise PermissionDenied
    upload = claim_upload(request.user, request.POST.get("token", ""))
    kind = get_kind(upload.kind) if upload else None
    if kind is None:
        messages.error(request, _("导入已过期或已完成，请重新上传文件。"))
        return redirect("dataio:import")
    report = run_import(kind, bytes(upload.data), upload.filename, request.user, apply=True, expected_versions=upload.versions)
    if not report.applied:
        # Something changed since the preview (e.g. a month was approved, a record was saved): nothing was applied.
        return render(request, "dataio/preview.html", _preview_context(report, filename=upload.filename))
    counts = report.counts
    messages.success(request, _("已导入%(kind)s：新增%(new)s行，修改%(changed)s行，未变%(unchanged)s行。") % {
        "kind": kind.label, "new": counts["new"], "changed": counts["changed"], "unchanged": counts["unchanged"]})
    return redirect("dataio:import")


@require_POST
def import_cancel(request):
    kind = get_kind(request.POST.get("kind", ""))
    if kind is not None:
        discard_upload(request.user, kind, request.POST.get("token", ""))
    return redirect("dataio:import")


@require_GET
def export(request):
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        raise Http404("bad export request")
    data = form.cleaned_data
    kind = get_kind(data["kind"])
    filters = {"zone": data["zone"].code if data["zone"] else None, "year": data["year"], "month": data["month"]}
    content = export_file(kind, request.user, filters, data["format"])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8" if data["format"] == "csv" else XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind.name}-{stamp}.{data["format"]}"'
    return response


@require_GET
def template(request, kind):
    found = get_kind(kind)
    if found is None:
        raise Http404("no such kind")
    response = HttpResponse(template_file(found, request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{found.name}-template.xlsx"'
    return response
