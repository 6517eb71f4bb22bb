"""Running a job: each kind is one function over the same services the pages use.

A kind's function receives the job and `progress(done, total, stage="", percent=None)`, kept in
the cache while it runs (jobs.progress), and returns (message, result bytes or None, result file
name). Failure is JobFailed with a message for the user; an import is
applied in one transaction by dataio, so a failed or killed job has changed nothing.
"""

from __future__ import annotations

import io
import logging
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import clock
from core.text import one_line
from dataio.registry import CHECKING, get_kind
from dataio.services import claim_upload, clear_expired_uploads, run_import
from notifications.reminders import reminder_message, run_reminders
from reports import annual
from reports.docx_builder import build_docx
from zones.models import Action, Zone

from . import progress as live
from .models import Job

logger = logging.getLogger(__name__)
Status = Job.Status


class JobFailed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _reminders(job, progress):
    return reminder_message(run_reminders(clock.today())), None, ""


def _cleanup(job, progress):
    return _("已删除%(n)s个过期的待确认导入。") % {"n": clear_expired_uploads()}, None, ""


def _drafts(job, progress):
    """Annual report drafts of several zones as one zip, each built as the download view builds it,
    each with its 审核依据清单 beside it (the office sends the draft, the reviewer reads the list).
    A zone whose draft fails is named, with the reason, in the message and in the zip's
    生成情况.txt (written only then); the other zones' drafts are in the zip all the same."""
    year, codes = job.params["year"], job.params["zones"]
    zones = list(Zone.objects.for_user(job.user, Action.VIEW).filter(code__in=codes).order_by("code"))
    if len(zones) != len(set(codes)):
        raise JobFailed(_("所选开发区中有您无权查看的开发区。"))
    buffer, made, failed = io.BytesIO(), [], []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, zone in enumerate(zones, start=1):
            try:
                draft = annual.annual_draft(zone, year, job.params.get("as_of"))
                files = {draft.document_name: build_docx(draft.document), draft.checklist_name: build_docx(draft.checklist)}
            except Exception as exc:  # noqa: BLE001 - one zone's failure must not cost the others their drafts
                logger.exception("Draft of %s %s failed in job %s", zone.code, year, job.pk)
                failed.append(_("%(zone)s：未能生成（%(error)s）") % {"zone": zone.name, "error": type(exc).__name__})
            else:
                for name, content in files.items():
                    archive.writestr(one_line(name), content)
                made.append(_("%(zone)s：已生成") % {"zone": zone.name})
            progress(done, len(zones))
        if not made:
            raise JobFailed(_("所有开发区的工作总结草稿都未能生成：") + "；".join(failed))
        if failed:
            archive.writestr(_("生成情况.txt"), "\r\n".join(made + failed) + "\r\n")
    message = _("已生成%(n)s个开发区的工作总结草稿。") % {"n": len(made)}
    if failed:
        message += _("%(n)s个开发区未能生成：") % {"n": len(failed)} + "；".join(failed)
    return message, buffer.getvalue(), f"工作总结草稿-{year}.zip"


def _import(job, progress):
    """A confirmed import: the upload parked by the preview, applied whole or not at all."""
    kind = get_kind(job.params["kind"])
    upload = claim_upload(job.user, job.params["token"])
    if kind is None or upload is None:
        raise JobFailed(_("导入已过期或已完成，请重新上传文件。"))
    progress(0, None, CHECKING)

    def imported(stage, done, total):
        # Checking fills the bar to CHECKED_PERCENT; the writing that follows is one transaction.
        progress(done, total, stage, CHECKED_PERCENT * done // total if stage == CHECKING and total else CHECKED_PERCENT)

    report = run_import(kind, bytes(upload.data), upload.filename, job.user, apply=True,
                        expected_versions=upload.versions, on_progress=imported)
    if not report.applied:
        errors = [str(issue.message) for issue in report.errors[:20]]
        raise JobFailed(_("未导入任何数据：") + "；".join(errors or [_("预览之后数据已有变化，请重新上传文件。")]))
    counts = report.counts
    progress(len(report.rows), len(report.rows))
    return _("已导入%(kind)s：新增%(new)s行，修改%(changed)s行，未变%(unchanged)s行。") % {
        "kind": kind.label, "new": counts["new"], "changed": counts["changed"], "unchanged": counts["unchanged"]}, None, ""


# The share of an import's bar its checks take; the rest is its writing.
CHECKED_PERCENT = 90

KINDS = {Job.Kind.REMINDERS: _reminders, Job.Kind.CLEANUP: _cleanup, Job.Kind.DRAFTS: _drafts, Job.Kind.IMPORT: _import}


def _update(job_id: int, **fields) -> None:
    Job.objects.filter(pk=job_id).update(**fields)


def _finish(job_id: int, **fields) -> None:
    # A job the sweeper failed meanwhile (jobs.services.sweep_stuck) keeps that outcome.
    Job.objects.filter(pk=job_id, status=Status.RUNNING).update(finished_at=timezone.now(), **fields)


def execute(job_id: int) -> None:
    """Run the job once. A job found running was interrupted (its worker died): it is failed,
    not run again, since a half-done run may have used up its input (a claimed upload)."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.finished:
        return
    if job.status == Status.RUNNING:
        _update(job.pk, status=Status.FAILED, finished_at=timezone.now(),
                error=_("任务在执行中被中断，未做任何更改，请重新发起。"))
        return
    _update(job.pk, status=Status.RUNNING, started_at=timezone.now())

    last = {}

    def progress(done: int, total: int | None, stage: str = "", percent: int | None = None) -> None:
        if percent is None:
            percent = 100 * done // total if total else 0
        last.update(rows_done=done, rows_total=total)
        live.keep(job.pk, {"percent": min(percent, 99), "rows_done": done, "rows_total": total, "stage": stage})

    try:
        with override(job.params.get("language", "zh-hans")):
            message, result, name = KINDS[job.kind](job, progress)
    except JobFailed as exc:
        _finish(job.pk, status=Status.FAILED, error=exc.message, **last)
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the user sees the job failed
        logger.exception("Job %s failed", job.pk)
        _finish(job.pk, status=Status.FAILED, error=_("任务出错：%(error)s") % {"error": type(exc).__name__}, **last)
    else:
        _finish(job.pk, status=Status.DONE, percent=100, message=message, result=result, result_name=name, **last)
    live.forget(job.pk)
