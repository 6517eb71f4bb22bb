"""What one upload may hold: its size, its rows and columns, the length of a cell, and the
memory its rows take once read. A file over a bound raises FileRejected with a message."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

MAX_COLUMNS = 100  # the widest import has 21 columns
MAX_CELL_CHARS = 32767  # what Excel holds in one cell
# Bytes the rows read from one file may take in memory, estimated as CPython stores them
# (a list a row, a pointer a cell, and each number or text): 200,000 rows of the values import
# take about 95 MB.
TABLE_BYTES = 128 * 2**20


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


def too_many_rows() -> FileRejected:
    return FileRejected(_("行数过多：上限为 %(limit)s 行，请拆分后分批导入。") % {"limit": max_rows()})


def too_long() -> FileRejected:
    return FileRejected(_("文件中有单元格内容过长：每个单元格最多 %(limit)s 个字符。") % {"limit": MAX_CELL_CHARS})


def _too_much() -> FileRejected:
    return FileRejected(_("文件内容过多（单元格过多或文字过长），超出一次导入的上限，请拆分后分批导入。"))


def _narrowed(row: list) -> list:
    if any(value not in (None, "") for value in row[MAX_COLUMNS:]):
        raise FileRejected(_("列数过多：每行最多 %(limit)s 列。") % {"limit": MAX_COLUMNS})
    return row[:MAX_COLUMNS]


def _kept(sized_rows) -> list:
    """The rows of (row, its estimated bytes) within TABLE_BYTES, up to one row past the row limit
    (the caller then says the file has too many)."""
    table, size, limit = [], 0, max_rows() + 1
    for row, row_size in sized_rows:
        size += row_size
        if size > TABLE_BYTES:
            raise _too_much()
        table.append(row)
        if len(table) > limit:
            break
    return table


def collect_cells(rows) -> list[list]:
    """The rows of a spreadsheet (numbers, dates, text or None) within the bounds."""
    return _kept(_sized_cells(rows))


def _sized_cells(rows):
    for values in rows:
        row = list(values)
        if len(row) > MAX_COLUMNS:
            row = _narrowed(row)
        texts = [value for value in row if isinstance(value, str)]
        chars = sum(map(len, texts))
        if chars > MAX_CELL_CHARS and max(map(len, texts)) > MAX_CELL_CHARS:
            raise too_long()
        # Text as two bytes a character (Chinese); a number or a date about 32 bytes.
        filled = len(row) - row.count(None)
        yield row, 56 + 8 * len(row) + 32 * (filled - len(texts)) + 56 * len(texts) + 2 * chars


def collect_text(rows) -> list[list[str]]:
    """The rows of a CSV file within the bounds. Its characters are bounded by the file's size,
    and every empty cell is the one empty string: a row costs its list and its other strings."""
    return _kept(_sized_text(rows))


def _sized_text(rows):
    for row in rows:
        if len(row) > MAX_COLUMNS:
            row = _narrowed(row)
        if sum(map(len, row)) > MAX_CELL_CHARS and max(map(len, row)) > MAX_CELL_CHARS:
            raise too_long()
        yield row, 56 + 8 * len(row) + 56 * (len(row) - row.count(""))
