"""Running an import: read the file, check every row, apply all or nothing; and the uploads
that wait between a browser preview and its confirm."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from zones.access import RightsRefused
from zones.models import Action, Zone

from .files import read_table, write_csv, write_xlsx
from .limits import FileRejected, refuse_oversized
from .models import PendingUpload
from .registry import ImportKind, Report


def may_import(user) -> bool:
    """Whether the import pages are open to `user` (each row's zone is checked when applied)."""
    return user.is_administrator or Zone.objects.for_user(user, Action.EDIT).exists()


def run_import(kind: ImportKind, data: bytes, filename: str, user, *, apply: bool, expected_versions=None,
               on_progress=None) -> Report:
    """A preview (apply=False) or the import itself; `user` None is the command line's system user.
    `expected_versions`: the preview's `report.versions`, for a confirm; `on_progress`: see Report."""
    report = Report(kind, expected_versions=expected_versions, on_progress=on_progress)
    rows = _read_rows(kind, data, filename, report)
    if not report.ok:
        return report
    try:
        kind.check(rows, user, report, apply=apply)
    except RightsRefused as exc:
        # The services decide who may write (the kinds' zone lookups refuse the rows of zones
        # the user may not edit; zones and parks are an administrator's); the service's
        # transaction has rolled back.
        report.file_error(exc.message)
    report.mark_errors()
    return report


def _read_rows(kind: ImportKind, data: bytes, filename: str, report: Report) -> list:
    # The table read is let go once its rows are the kind's: the checks then keep half the objects.
    try:
        table = read_table(data, filename)
    except FileRejected as exc:
        report.file_error(exc.message)
        return []
    return kind.read(table, report)


def export_file(kind: ImportKind, user, filters: dict, file_format: str) -> bytes:
    # Choice labels are written in Chinese whatever the UI language, so a file always re-imports.
    with translation.override(settings.LANGUAGE_CODE):
        headers = [c.header for c in kind.columns]
        rows = kind.export_rows(user, filters)
        if file_format == "csv":
            return write_csv(headers, rows)
        return write_xlsx([(str(kind.label), headers, rows)])


def template_file(kind: ImportKind, user) -> bytes:
    """An empty sheet with the kind's columns, and the catalogue beside it."""
    return write_xlsx([(str(kind.label), [c.header for c in kind.columns], [])] + kind.reference_sheets(user))


# --- uploads waiting for their confirm ----------------------------------------------------------


def pending_cutoff():
    """Uploads parked before this have expired."""
    return timezone.now() - timedelta(hours=getattr(settings, "IMPORT_PENDING_HOURS", 24))


def park_upload(user, kind: ImportKind, filename: str, data: bytes, versions: dict | None = None) -> PendingUpload:
    """Keep a previewed upload, with the versions of the records its preview read, until its
    confirm; it replaces the user's earlier one of this kind."""
    refuse_oversized(len(data))
    upload, _created = PendingUpload.objects.update_or_create(
        user=user, kind=kind.name,
        defaults={"token": secrets.token_hex(24), "filename": filename, "data": data, "size": len(data),
                  "versions": versions or {}, "created_at": timezone.now()},
    )
    return upload


def claim_upload(user, token: str) -> PendingUpload | None:
    """The user's parked upload of this token, removed so that it is applied at most once;
    None when there is none (another user's, already confirmed or cancelled) or it has expired."""
    with transaction.atomic():
        upload = PendingUpload.objects.select_for_update().filter(user=user, token=token).first()
        if upload is None:
            return None
        upload.delete()
    return upload if upload.created_at >= pending_cutoff() else None


def discard_upload(user, kind: ImportKind, token: str | None = None) -> None:
    """Cancel the user's parked upload of this kind (with `token`: only that one)."""
    parked = PendingUpload.objects.filter(user=user, kind=kind.name)
    (parked if token is None else parked.filter(token=token)).delete()


def clear_expired_uploads() -> int:
    """Remove the uploads previewed but never confirmed nor cancelled in time; how many."""
    deleted, _by_model = PendingUpload.objects.filter(created_at__lt=pending_cutoff()).delete()
    return deleted
