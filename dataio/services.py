"""Running an import: read the file, check every row, apply all or nothing."""

import gc
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from zones.access import RightsRefused

from .files import FileRejected, read_table, write_csv, write_xlsx
from .registry import ImportKind, Report


@contextmanager
def _without_cycle_collection():
    """Pause Python's cycle collector: an import builds a few objects per row and keeps them all
    to the end, so the collector would scan the growing heap again and again for cycles it does not
    hold (a fifth of a 100,000-row import's time). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_import(kind: ImportKind, data: bytes, filename: str, user, *, apply: bool) -> Report:
    """A preview (apply=False) or the import itself; `user` None is the command line's system user."""
    with _without_cycle_collection():
        return _run_import(kind, data, filename, user, apply=apply)


def _run_import(kind: ImportKind, data: bytes, filename: str, user, *, apply: bool) -> Report:
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
    try:
        kind.check(rows, user, report, apply=apply)
    except RightsRefused as exc:
        # The services check rights again when writing (the kinds' zone lookups refuse the rows
        # of zones the user may not edit); the service's transaction has rolled back.
        report.file_error(exc.message)
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
