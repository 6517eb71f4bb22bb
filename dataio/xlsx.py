"""Reading an uploaded .xlsx with bounded memory.

An .xlsx is a zip of XML parts, and 10 MB of zip can inflate to gigabytes. Before openpyxl sees
the file, its members are counted, their declared sizes checked, and every member is inflated
once into a sink that counts the bytes actually inflated (a declared size can lie) and stops at
the caps. The same pass refuses XML that no spreadsheet needs: a DTD (entity expansion), a run of
text longer than any cell may hold, more rows than an import takes, and a worksheet whose parts
besides its rows (which openpyxl parses whole: merged cells, validations, formats) are large.
Only then does openpyxl read the file, read-only and with values.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.chartsheet import Chartsheet

from .limits import FileRejected, max_rows, too_long, too_many_rows

MAX_MEMBERS = 1000
# What a part may inflate to: worksheets are read row by row; the shared strings are kept
# whole while the file is read; everything else (workbook, styles, relations) is parsed whole.
SHEET_BYTES = 256 * 2**20
SHARED_STRINGS_BYTES = 16 * 2**20
OTHER_BYTES = 8 * 2**20
TOTAL_BYTES = 512 * 2**20
# Ordinary sheets compress 5-20 times; a zip bomb 1,000 times. Small parts may compress as they like.
MAX_RATIO = 100
RATIO_FLOOR = 2**20
# Members are inflated in blocks of this size: a block with neither "<" nor ">" is text longer
# than any cell may hold (MAX_CELL_CHARS); a run of two blocks' length always fills one.
BLOCK = 256 * 1024
# A worksheet's XML besides its rows (properties, views, column widths for 16,384 columns,
# merged cells, validations): openpyxl builds each of these parts as a whole tree.
SHEET_OTHER_BYTES = 2 * 2**20
# How much of a block's end is held back for the next one, so that a tag is never split.
CARRY = 1024

_DTD = (b"<!DOCTYPE", b"<!ENTITY")
# The first element (declarations and comments start "<?" and "<!").
_ROOT = re.compile(rb"<((?:[\w.-]+:)?([\w.-]+))[\s/>]")
_ROWS_START = re.compile(rb"<((?:[\w.-]+:)?)sheetData(\s[^>]*)?(/?)>")


def _too_large() -> FileRejected:
    return FileRejected(_("文件解压后过大或压缩比异常，可能不是正常的 Excel 文件，已拒绝读取。"))


def _limit(name: str) -> int:
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return SHEET_BYTES
    if name.lower().endswith("sharedstrings.xml"):
        return SHARED_STRINGS_BYTES
    return OTHER_BYTES


def check_members(archive: zipfile.ZipFile) -> None:
    """Refuse, from the zip's directory alone, a file that would inflate too far."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _too_large()
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > _limit(member.filename) or total > TOTAL_BYTES:
            raise _too_large()
        if size > RATIO_FLOOR and size > MAX_RATIO * max(member.compress_size, 1):
            raise _too_large()


class CountingSink(io.RawIOBase):
    """Where a member is inflated to and forgotten: counts its bytes against `limit` and its
    compressed size, and checks its XML block by block (see the module's docstring)."""

    def __init__(self, limit: int, compressed: int):
        super().__init__()
        self.limit, self.compressed = limit, max(compressed, 1)
        self.inflated = 0
        self.carry = b""  # the end of the last block, which may hold the start of a tag
        self.phase = "root"  # then "head", "rows" and "tail" for a worksheet, "other" for the rest
        self.prefix = b""  # the worksheet's namespace prefix ("x:"), if any
        self.rows = self.other = 0

    def writable(self) -> bool:
        return True

    def write(self, block) -> int:
        block = bytes(block)
        self.inflated += len(block)
        if self.inflated > self.limit or (self.inflated > RATIO_FLOOR and self.inflated > MAX_RATIO * self.compressed):
            raise _too_large()
        if len(block) == BLOCK and b"<" not in block and b">" not in block:
            raise too_long()
        region = self.carry + block
        if any(marker in region for marker in _DTD):
            raise FileRejected(_("文件含有不允许的 XML 声明（DTD），已拒绝读取。"))
        # Hold back a possibly unfinished tag at the end for the next block.
        cut = region.rfind(b"<", max(0, len(region) - CARRY))
        if cut < 0 or b">" in region[cut:]:
            cut = len(region)
        self.carry = region[cut:]
        self._scan(region[:cut])
        return len(block)

    def finish(self) -> None:
        """The member's end: what was held back is scanned too."""
        self._scan(self.carry)
        self.carry = b""

    def _scan(self, text: bytes) -> None:
        if self.phase == "root" and (root := _ROOT.search(text)):
            self.phase = "head" if root.group(2) == b"worksheet" else "other"
        if self.phase == "head":
            start = _ROWS_START.search(text)
            self._other(start.start() if start else len(text))
            if start:
                self.prefix = start.group(1)
                self.phase = "tail" if start.group(3) else "rows"
                self._scan(text[start.end():])
        elif self.phase == "rows":
            end = text.find(b"</" + self.prefix + b"sheetData")
            self.rows += text.count(b"<" + self.prefix + b"row", 0, len(text) if end < 0 else end)
            if self.rows > max_rows() + 1:
                raise too_many_rows()
            if end >= 0:
                self.phase = "tail"
                self._other(len(text) - end)
        elif self.phase == "tail":
            self._other(len(text))

    def _other(self, size: int) -> None:
        self.other += size
        if self.other > SHEET_OTHER_BYTES:
            raise _too_large()


def inflate_members(archive: zipfile.ZipFile) -> None:
    """Inflate every member once into a CountingSink, within the caps of each and of the whole."""
    left = TOTAL_BYTES
    for member in archive.infolist():
        sink = CountingSink(min(_limit(member.filename), left), member.compress_size)
        with archive.open(member) as source:
            shutil.copyfileobj(source, sink, BLOCK)
        sink.finish()
        left -= sink.inflated


def open_workbook(data: bytes):
    """The workbook, read-only with values, once its members passed the checks above."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_members(archive)
        inflate_members(archive)
    # Links to other workbooks hold no data of this one.
    return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)


def data_sheet(book):
    """The sheet a user sees on opening the file: the active one, which must be a visible worksheet."""
    sheet = book.active
    if sheet is None or isinstance(sheet, Chartsheet):
        raise FileRejected(_("文件的当前工作表不是数据表，请将数据放在第一个工作表并保存后再导入。"))
    if sheet.sheet_state != "visible":
        raise FileRejected(_("文件的当前工作表“%(title)s”已隐藏，不能导入隐藏的数据。请取消隐藏，或把数据放在可见的工作表中后再导入。") % {
            "title": sheet.title})
    # The dimension a file declares is not trusted (rows would be padded to its width).
    sheet.reset_dimensions()
    return sheet
