"""Reading uploaded spreadsheets (.xlsx, .csv) and writing exports, safely.

A bad file (too large, too many rows, columns or cells, inflating too far, password-protected,
corrupt, not a spreadsheet, its data sheet hidden) raises FileRejected with a message for the
user; nothing else escapes from reading. What one file may hold is in limits.py; how an .xlsx is
kept within it, in xlsx.py.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice

import msoffcrypto
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.text import printable

from . import xlsx
from .limits import FileRejected, collect_cells, collect_text, max_rows, refuse_oversized, too_many_rows

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OWASP CSV injection: text a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_table(data: bytes, filename: str = "") -> list[Sequence]:
    """The rows of the file's data sheet (header first), a list a row, cells as the file holds
    them."""
    refuse_oversized(len(data))
    if not data.strip():
        raise FileRejected(_("文件是空的。"))
    if data.startswith(OLE_MAGIC):
        raise FileRejected(_ole_message(data))
    if data.startswith(ZIP_MAGIC):
        rows = _read_xlsx(data)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileRejected(_("文件已损坏，无法作为 Excel 文件打开。"))
    else:
        rows = _read_csv(data)
    if len(rows) - 1 > max_rows():
        raise too_many_rows()
    return rows


def _ole_message(data: bytes) -> str:
    try:
        encrypted = msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except Exception:  # a damaged container says nothing about encryption
        encrypted = False
    if encrypted:
        return _("文件设有密码保护，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再导入。")
    return _("不支持旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 后再导入。")


def _read_xlsx(data: bytes) -> list[list]:
    try:
        book = xlsx.open_workbook(data)
        try:
            return collect_cells(xlsx.data_sheet(book).iter_rows(values_only=True))
        finally:
            book.close()
    except FileRejected:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds of errors for damaged files
        raise FileRejected(_("文件已损坏或不是 Excel 文件，无法读取。")) from exc


def _encoding(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 covers GBK, which Excel on Chinese Windows writes
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("无法识别文件：请上传 .xlsx 或 .csv（UTF-8 或 GBK 编码）文件。"))


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\0" in data[:4096]:
        raise FileRejected(_("无法识别文件：请上传 .xlsx 或 .csv（UTF-8 或 GBK 编码）文件。"))
    # Decoded as read, a line at a time: the whole text is never held besides the rows.
    lines = io.TextIOWrapper(io.BytesIO(data), encoding=_encoding(data), newline="")
    # The header row decides the delimiter: comma as Excel writes, else tab or semicolon.
    header = lines.readline()
    delimiter = next((d for d in (",", "\t", ";") if d in header), ",")
    try:
        # strict: an unterminated quote is an error, not a cell that swallows the rest of the line.
        return collect_text(csv.reader(chain([header], lines), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise FileRejected(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc


# --- writing ---------------------------------------------------------------------------------------


def escape_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading quote, and loses what a
    spreadsheet cannot hold (core.text.printable); numbers stay numbers. Every export's cells
    pass here."""
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def escaped(values: Iterable) -> list:
    """A row for an openpyxl sheet built row by row (sheet.append(escaped(row))): openpyxl refuses
    a character it cannot hold as soon as the row is appended."""
    return [escape_cell(value) for value in values]


def unescape_text(text: str) -> str:
    """Undo escape_cell, so an exported file imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def write_csv(headers: list[str], rows: Iterable[Iterable]) -> bytes:
    """UTF-8 with a BOM, which Excel needs to show Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(escape_cell(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


# Column widths are measured on the header and the first rows (an export may hold 200,000 rows).
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60


def display_width(value) -> int:
    """Character cells a value takes in a spreadsheet: Chinese characters count two."""
    text = _csv_text(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_widths(headers: list[str], rows: list[list]) -> list[int]:
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], display_width(value))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def write_xlsx(sheets: list[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """One sheet per (title, headers, rows), each column as wide as its header and first rows."""
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        rows = iter(rows)
        sample = [list(row) for row in islice(rows, WIDTH_SAMPLE_ROWS)]
        # A write-only sheet takes its widths before its first row.
        for i, width in enumerate(column_widths(headers, sample), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.append([escape_cell(h) for h in headers])
        for row in chain(sample, rows):
            sheet.append([escape_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
