"""Reading uploaded spreadsheets (.xlsx, .csv) and writing exports, safely.

A bad file (too large, too many rows, password-protected, corrupt, not a spreadsheet) raises
FileRejected with a message for the user; nothing else escapes from reading.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice

import msoffcrypto
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OWASP CSV injection: text a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 200_000)


def refuse_oversized(size: int) -> None:
    """FileRejected when an upload of `size` bytes is over IMPORT_MAX_BYTES."""
    if size > max_bytes():
        raise FileRejected(_("文件过大（%(size).1f MB），上限为 %(limit).1f MB。") % {
            "size": size / 1048576, "limit": max_bytes() / 1048576})


def read_table(data: bytes, filename: str = "") -> list[list]:
    """The rows of the file's first sheet (header first), cells as the file holds them."""
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
        raise FileRejected(_("行数过多：上限为 %(limit)s 行，请拆分后分批导入。") % {"limit": max_rows()})
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
    limit = max_rows() + 1
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > limit:
                    break
        finally:
            book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError, EOFError) as exc:
        raise FileRejected(_("文件已损坏或不是 Excel 文件，无法读取。")) from exc
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged XML
        raise FileRejected(_("文件已损坏或不是 Excel 文件，无法读取。")) from exc
    return rows


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 covers GBK, which Excel on Chinese Windows writes.
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise FileRejected(_("无法识别文件：请上传 .xlsx 或 .csv（UTF-8 或 GBK 编码）文件。")) from exc


def _read_csv(data: bytes) -> list[list]:
    if b"\0" in data[:4096]:
        raise FileRejected(_("无法识别文件：请上传 .xlsx 或 .csv（UTF-8 或 GBK 编码）文件。"))
    text = _decode(data)
    # The header row decides the delimiter: comma as Excel writes, else tab or semicolon.
    header = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", "\t", ";") if d in header), ",")
    limit = max_rows() + 1
    rows = []
    try:
        # strict: an unterminated quote is an error, not a cell that swallows the rest of the line.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row)
            if len(rows) > limit:
                break
    except csv.Error as exc:
        raise FileRejected(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc
    return rows


# --- writing ---------------------------------------------------------------------------------------


def escape_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_workbook(book) -> None:
    """escape_cell on every text cell of an openpyxl workbook built cell by cell."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                cell.value = escape_cell(cell.value)


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
