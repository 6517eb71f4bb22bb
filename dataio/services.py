"""Running an import: read the file, check every row, apply all or nothing."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .files import FileRejected, read_table, write_csv, write_xlsx
from .registry import ImportKind, Report


def run_import(kind: ImportKind, data: bytes, filename: str, user, *, apply: bool) -> Report:
    """A preview (apply=False) or the import itself; `user` None is the command line's system user."""
    report = Report(kind)
    if not kind.permitted(user):
        return report.file_error(_("您无权导入%(kind)s。") % {"kind": kind.label})
    try:
        table = read_table(data, filename)
    except FileRejected as exc:
        return report.file_error(exc.message)
    rows = kind.read(table, report)
    if not report.ok:
        return report
    kind.check(rows, user, report, apply=apply)
    report.mark_errors()
    return report


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
