"""The import/export framework: a registry of KINDs (zones, parks, targets, values, and the
records other apps register) and the report every import produces.

A kind names its columns (English key and Chinese header), reads rows into its own inputs,
checks them whole and applies them in one transaction: a file with any error applies nothing.
Another app adds a kind from its AppConfig.ready():

    from dataio.registry import register
    register(EnterprisesKind())  # an ImportKind subclass; see projects/imports.py, indicators/imports.py
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import NotANumber, decimal_places, parse_number, typed_places

from .files import unescape_text

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
# The stages an import reports to its `on_progress`, and how many rows apart (a call per row
# would cost a 100,000-row file more than its checks).
CHECKING, WRITING = "checking", "writing"
PROGRESS_EVERY = 500
# Decimals the amount columns keep (DecimalField decimal_places=4) and published growth rates (2).
STORED_PLACES, GROWTH_PLACES = 4, 2
STATUS_LABELS = {NEW: gettext_lazy("新增"), CHANGED: gettext_lazy("修改"), UNCHANGED: gettext_lazy("未变"), ERROR: gettext_lazy("错误")}


@dataclass(frozen=True)
class Column:
    key: str  # English header, also the key rows are read into
    header: str  # Chinese header
    required: bool = True


@dataclass
class Issue:
    row: int | None  # the spreadsheet's row number (the header is row 1)
    column: str
    message: str

    def __str__(self):
        where = _("第%(row)s行") % {"row": self.row} if self.row else _("文件")
        return f"{where} {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Layout:
    """Which of a kind's columns a file holds, in the file's order: one for all its rows."""

    keys: tuple[str, ...]
    columns: list[Column]  # the kind's, in the kind's order


@dataclass(slots=True)
class RowReport:
    """A row of the file as `ImportKind.read` reads it (status NEW), which the kind's check
    puts in the report and gives its status: one object a row, as a file may hold 100,000."""

    number: int
    status: str
    values: Sequence  # the row's cells of layout.keys, as read
    layout: Layout

    @property
    def read(self) -> dict:
        """The row by column key, for the columns the file holds."""
        return dict(zip(self.layout.keys, self.values))

    @property
    def cells(self) -> list[str]:
        """The row as the preview shows it; formatted only when shown (a file may hold 100,000 rows)."""
        read = self.read
        return [text(read.get(c.key)) for c in self.layout.columns]


@dataclass
class Report:
    kind: "ImportKind"
    rows: list[RowReport] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    applied: bool = False
    # Optimistic locking across preview and confirm: the versions of the stored rows this run
    # read, keyed as its kind chooses; the confirm gets the preview's as `expected_versions`
    # (None: not checked, as on the command line), and a row whose record moved is refused.
    versions: dict[str, int] = field(default_factory=dict)
    expected_versions: dict[str, int] | None = None
    # on_progress(stage, rows done, rows total), for a job's progress bar; None in a request.
    on_progress: Callable[[str, int, int], None] | None = None
    layout: Layout | None = None  # the file's columns, once read

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in (NEW, CHANGED, UNCHANGED, ERROR)}

    def file_error(self, message: str) -> "Report":
        self.errors.append(Issue(None, "", message))
        return self

    def checking(self, rows: list) -> Iterable:
        """`rows` for a kind's checking loop, reporting every PROGRESS_EVERY rows checked; the loop
        done, the kind writes (the stage WRITING)."""
        return rows if self.on_progress is None else self._counted(rows)

    def _counted(self, rows: list) -> Iterator:
        total = len(rows)
        for done, row in enumerate(rows):
            if done % PROGRESS_EVERY == 0:
                self.on_progress(CHECKING, done, total)
            yield row
        self.on_progress(WRITING, total, total)

    def record_result(self, inputs: list, result) -> None:
        """A batch service's answer to the inputs made of the rows (each input's `row` is its
        row number): each row's status, each error under its column, whether it applied."""
        by_number = {row.number: row for row in self.rows}
        for item, status in zip(inputs, result.statuses):
            if status:
                by_number[item.row].status = status
        for item, field, message in result.errors:
            column = self.kind.header_for(field) if any(c.key == field for c in self.kind.columns) else ""
            self.errors.append(Issue(item.row, column, message))
        self.applied = result.applied

    def mark_errors(self) -> None:
        bad = {issue.row for issue in self.errors if issue.row}
        if not bad:
            return
        for row in self.rows:
            if row.number in bad:
                row.status = ERROR


class CellError(ValueError):
    pass


class RowCells:
    """One row's cells while they are converted: the errors, by column."""

    __slots__ = ("kind", "number", "cells", "issues")

    def __init__(self, kind: "ImportKind", number: int, cells: dict):
        self.kind, self.number, self.cells = kind, number, cells
        self.issues: list[Issue] = []

    def take(self, key: str, convert):
        try:
            return convert(self.cells.get(key))
        except CellError as exc:
            self.error(key, str(exc))
            return None

    def error(self, key: str, message: str) -> None:
        self.issues.append(Issue(self.number, self.kind.header_for(key) if key else "", message))


class ImportKind:
    """Subclass and `register()`: name, label, columns, and the three methods below.

    One instance serves every request of the process, on several threads at once: an import's
    own state (its user, its lookups) stays in locals and arguments, never on `self`."""

    name = ""
    label = ""
    columns: list[Column] = []

    def check(self, rows: list[RowReport], user, report: Report, *, apply: bool) -> None:
        """Check and (when `apply` and there is no error) save the rows read, adding each to
        `report.rows` with its status."""
        raise NotImplementedError

    def export_rows(self, user, filters: dict) -> list[list]:
        """The rows of an export, in `columns` order, for the records `user` may see."""
        raise NotImplementedError

    def reference_sheets(self, user) -> list[tuple[str, list[str], list[list]]]:
        """Extra sheets for the empty template (the catalogue's codes and names)."""
        return []

    # --- reading cells -------------------------------------------------------------------

    def header_for(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), key)

    def read(self, table: list[Sequence], report: Report) -> list[RowReport]:
        """The file's rows with their row numbers, their cells those of the columns found (the
        usual file's rows are taken as they are); blank rows skipped."""
        if not table:
            report.file_error(_("文件中没有数据。"))
            return []
        names = {}
        for column in self.columns:
            names[column.key.lower()] = column.key
            names[column.header] = column.key
        positions = {}
        for index, title in enumerate(table[0]):
            text = "" if title is None else str(title).strip().lstrip("\ufeff")
            key = names.get(text) or names.get(text.lower())
            if key and key not in positions:
                positions[key] = index
        missing = [c for c in self.columns if c.required and c.key not in positions]
        if missing:
            report.file_error(_("缺少列：%(cols)s。第一行须为列名：%(all)s") % {
                "cols": "、".join(f"{c.header}（{c.key}）" for c in missing),
                "all": "、".join(c.header for c in self.columns)})
            return []
        keys, indexes = list(positions), list(positions.values())
        width = max(indexes, default=-1) + 1
        # The usual file has just our columns, in order: its rows are taken as they are.
        in_order = indexes == list(range(len(table[0])))
        rows, layout = [], Layout(tuple(keys), self.columns)
        report.layout = layout
        for number, cells in enumerate(table[1:], start=2):
            if in_order and len(cells) == width:
                picked = cells
            elif len(cells) >= width:
                picked = [cells[index] for index in indexes]
            else:
                picked = [cells[index] if index < len(cells) else None for index in indexes]
            if _blank(picked):
                continue
            rows.append(RowReport(number, NEW, picked, layout))
        if not rows:
            report.file_error(_("文件中没有数据行。"))
        return rows


def _blank(cells: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


# --- cell conversion, shared by the kinds -----------------------------------------------------


def text(value) -> str:
    if isinstance(value, str):
        value = value.strip()
        return unescape_text(value) if value.startswith("'") else value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return unescape_text(str(value).strip())


def decimal(value, *, required=False, places=STORED_PLACES) -> Decimal | None:
    """A number cell (core.numbers.parse_number for text); more decimals than are stored are
    refused, not rounded away."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CellError(_("不能为空"))
        return None
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError(_("不是数字：%(v)s") % {"v": value})
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        number = _parsed(str(value), value)  # text, or a time of day
    if not number.is_finite():
        raise CellError(_("不是数字：%(v)s") % {"v": value})
    # Typed places bound the places a value needs: those are counted only past the limit.
    if typed_places(number) > places and decimal_places(number) > places:
        raise CellError(_("小数位数超过%(n)s位：%(v)s，请先在表格中取舍") % {"n": places, "v": value})
    return number


def _parsed(text: str, value) -> Decimal:
    try:
        return parse_number(text)
    except NotANumber:
        raise CellError(_("不是数字：%(v)s") % {"v": value}) from None


def percent(value) -> Decimal | None:
    """A growth rate in percent: 5.1 or 5.1%."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%").removesuffix("％")
    return decimal(value, places=GROWTH_PLACES)


def integer(value, low: int, high: int) -> int:
    if isinstance(value, str):
        # Chinese sheets often write 2025年 and 10月.
        value = value.strip().removesuffix("年").removesuffix("月")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)  # the usual cell, without a Decimal
    else:
        number = decimal(value, required=True)
        if number != number.to_integral_value():
            raise CellError(_("须为整数：%(v)s") % {"v": value})
        number = int(number)
    if not low <= number <= high:
        raise CellError(_("须在%(lo)s到%(hi)s之间") % {"lo": low, "hi": high})
    return number


# --- the registry ---------------------------------------------------------------------------

_kinds: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    _kinds[kind.name] = kind
    return kind


def get_kind(name: str) -> ImportKind | None:
    return _kinds.get(name)


def all_kinds() -> list[ImportKind]:
    return list(_kinds.values())
