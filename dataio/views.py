"""Browser import (upload → preview → confirm), exports and empty templates.

Between preview and confirm the upload waits in a file under MEDIA_ROOT with a random name
known only to the uploader's session; the confirm re-runs every check before applying.
"""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zones.models import Action, Zone

from .files import XLSX_TYPE, max_bytes
from .forms import ExportForm, UploadForm
from .registry import STATUS_LABELS, all_kinds, get_kind
from .services import export_file, run_import, template_file

SESSION_KEY = "dataio_pending"
PREVIEW_ROWS = 1000
PENDING_DIR = "imports"
# Uploads previewed but never confirmed are removed after this long.
PENDING_MAX_AGE_SECONDS = 24 * 3600


def _may_import(user) -> bool:
    return user.is_administrator or Zone.objects.for_user(user, Action.EDIT).exists()


def _pending_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR / f"{token}.upload"


def _discard_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        _pending_path(pending["token"]).unlink(missing_ok=True)


def _remove_abandoned(folder: Path) -> None:
    cutoff = time.time() - PENDING_MAX_AGE_SECONDS
    for old in folder.glob("*.upload"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:
            pass  # removed by a concurrent request


def _keep_pending(request, kind, filename, data: bytes) -> str:
    _discard_pending(request)
    token = secrets.token_hex(24)
    path = _pending_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(path.parent)
    path.write_bytes(data)
    request.session[SESSION_KEY] = {"token": token, "kind": kind.name, "filename": filename}
    return token


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
    may_import = _may_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        if form.is_valid():
            kind = get_kind(form.cleaned_data["kind"])
            upload = form.cleaned_data["file"]
            if upload.size > max_bytes():
                form.add_error("file", _("文件过大（%(size).1f MB），上限为 %(limit).1f MB。") % {
                    "size": upload.size / 1048576, "limit": max_bytes() / 1048576})
            else:
                data = upload.read()
                report = run_import(kind, data, upload.name, request.user, apply=False)
                token = _keep_pending(request, kind, upload.name, data) if report.ok else None
                if not report.ok:
                    _discard_pending(request)
                return render(request, "dataio/preview.html", _preview_context(report, token=token, filename=upload.name))
    return render(request, "dataio/import.html", {
        "form": form,
        "may_import": may_import,
        "kinds": all_kinds(),
        "export_form": ExportForm(user=request.user),
        "max_mb": max_bytes() / 1048576,
    })


@require_POST
def import_confirm(request):
    if not _may_import(request.user):
        raise PermissionDenied
    pending = request.session.get(SESSION_KEY)
    if not pending or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        messages.error(request, _("导入已过期或已完成，请重新上传文件。"))
        return redirect("dataio:import")
    path = _pending_path(pending["token"])
    kind = get_kind(pending["kind"])
    if kind is None or not path.exists():
        _discard_pending(request)
        messages.error(request, _("导入已过期或已完成，请重新上传文件。"))
        return redirect("dataio:import")
    data = path.read_bytes()
    _discard_pending(request)
    report = run_import(kind, data, pending["filename"], request.user, apply=True)
    if not report.applied:
        # Something changed since the preview (e.g. a month was approved): nothing was applied.
        return render(request, "dataio/preview.html", _preview_context(report, filename=pending["filename"]))
    counts = report.counts
    messages.success(request, _("已导入%(kind)s：新增%(new)s行，修改%(changed)s行，未变%(unchanged)s行。") % {
        "kind": kind.label, "new": counts["new"], "changed": counts["changed"], "unchanged": counts["unchanged"]})
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
