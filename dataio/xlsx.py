"""Reading an uploaded .xlsx with bounded memory.

An .xlsx is a zip of XML parts, and 10 MB of zip can inflate to gigabytes. Before openpyxl parses
anything, every member's declared size and compression ratio are checked; then every member is
read through a stream that counts the bytes actually inflated (a declared size can lie) and
refuses XML that no spreadsheet needs: a DTD (entity expansion), a run of text longer than any
cell may hold. From a worksheet only the rows are parsed: the stream ends the document after
<sheetData>, so merged cells, validations and formats (which openpyxl builds as whole trees) are
never read, and what precedes the rows is bounded too. A worksheet that declares no dimension is
given one before its rows: openpyxl otherwise parses the whole sheet once more just to find none.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl.chartsheet import Chartsheet
from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from .limits import FileRejected, max_rows, too_long, too_many_rows

MAX_MEMBERS = 1000
# What a part may inflate to: worksheets are streamed row by row; the shared strings are kept
# whole while the file is read; everything else (workbook, styles, relations) is parsed whole.
SHEET_BYTES = 256 * 2**20
SHARED_STRINGS_BYTES = 16 * 2**20
OTHER_BYTES = 8 * 2**20
TOTAL_BYTES = 512 * 2**20
# Ordinary sheets compress 5-20 times; a zip bomb 1,000 times. Small parts may compress as they like.
MAX_RATIO = 100
RATIO_FLOOR = 2**20
# XML is read in blocks of this size: a block with neither "<" nor ">" is text longer than any
# cell may hold (MAX_CELL_CHARS); a run of two blocks' length always fills one.
BLOCK = 256 * 1024
# What may precede a sheet's rows (sheet properties, views, column widths for 16,384 columns).
SHEET_HEAD_BYTES = 2 * 2**20

_DTD = (b"<!DOCTYPE", b"<!ENTITY")
# The first element (declarations and comments start "<?" and "<!").
_ROOT = re.compile(rb"<((?:[\w.-]+:)?([\w.-]+))[\s/>]")
_ROWS_START = re.compile(rb"<((?:[\w.-]+:)?)sheetData(\s[^>]*)?(/?)>")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension[\s/>]")


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


class _BoundedMember(io.RawIOBase):
    """A zip member as openpyxl reads it, refused once it inflates past `limit` or holds XML no
    spreadsheet needs; a worksheet's document (whatever the member's name) ends after its rows."""

    def __init__(self, raw, limit: int, archive: "_BoundedArchive"):
        super().__init__()
        self.raw, self.limit, self.archive = raw, limit, archive
        self.inflated = 0
        self.ready, self.position = b"", 0  # checked bytes, and how far they have been read
        self.carry = b""  # the tail of the last block, which may hold the start of a tag
        self.phase = "root"  # then "head" and "rows" for a worksheet, "other" for the rest
        self.root = self.prefix = b""
        self.head = self.rows = 0
        self.dimension = False  # whether the worksheet's head declares its dimension
        self.done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = [self.ready[self.position:]]
            while not self.done:
                parts.append(self._next())
            self.ready, self.position = b"", 0
            return b"".join(parts)
        while self.position == len(self.ready) and not self.done:
            self.ready, self.position = self._next(), 0
        out = self.ready[self.position:self.position + size]
        self.position += len(out)
        return out

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()

    def _next(self) -> bytes:
        """The next block, checked (and for a worksheet, cut after its rows)."""
        block = self.raw.read(BLOCK)
        self.inflated += len(block)
        self.archive.inflated += len(block)
        if self.inflated > self.limit or self.archive.inflated > TOTAL_BYTES:
            raise _too_large()
        if len(block) == BLOCK and b"<" not in block and b">" not in block:
            raise too_long()
        region = self.carry + block
        if any(marker in region for marker in _DTD):
            raise FileRejected(_("文件含有不允许的 XML 声明（DTD），已拒绝读取。"))
        if not block:
            self.done = True
            return self.carry
        # Hold back a possibly unfinished tag at the end for the next block.
        cut = region.rfind(b"<", max(0, len(region) - 64))
        if cut < 0 or b">" in region[cut:]:
            cut = len(region)
        self.carry = region[cut:]
        return self._filtered(region[:cut])

    def _filtered(self, text: bytes) -> bytes:
        if self.phase == "root" and (root := _ROOT.search(text)):
            self.root = root.group(1)
            self.phase = "head" if root.group(2) == b"worksheet" else "other"
        if self.phase in ("root", "other"):
            return text
        if self.phase == "head":
            start = _ROWS_START.search(text)
            self.head += start.start() if start else len(text)
            if self.head > SHEET_HEAD_BYTES:
                raise _too_large()
            self.dimension = self.dimension or bool(_DIMENSION.search(text, 0, start.start() if start else len(text)))
            if not start:
                return text
            if not self.dimension:
                # Any dimension will do: data_sheet() discards the declared one.
                self.dimension = True
                at = start.start()
                return text[:at] + b"<" + start.group(1) + b'dimension ref="A1"/>' + self._filtered(text[at:])
            if start.group(3):  # <sheetData/>: no rows
                return self._end(text, start.end())
            self.phase, self.prefix = "rows", start.group(1)
            return text[: start.end()] + self._filtered(text[start.end():])
        end = text.find(b"</" + self.prefix + b"sheetData")
        self.rows += text.count(b"<" + self.prefix + b"row", 0, len(text) if end < 0 else end)
        if self.rows > max_rows() + 1:
            raise too_many_rows()
        return text if end < 0 else self._end(text, text.index(b">", end) + 1)

    def _end(self, text: bytes, at: int) -> bytes:
        # Nothing after the rows is data: close the document there.
        self.done = True
        return text[:at] + b"</" + self.root + b">"


class _BoundedArchive(zipfile.ZipFile):
    inflated = 0

    def open(self, name, mode="r", pwd=None, **kwargs):
        member = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return member
        return _BoundedMember(member, _limit(member.name), self)


_SHARED_STRING, _TEXT, _RUN = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))


def read_shared_strings(source) -> list[str]:
    """The shared strings as openpyxl's read_string_table reads them (a string's text and its
    runs' text, without phonetic guides), without building an object per string: about
    twice as fast on a file of many strings."""
    strings = []
    for _event, node in iterparse(source):
        if node.tag == _SHARED_STRING:
            parts = [node.findtext(_TEXT) or "", *(run.findtext(_TEXT) or "" for run in node.iterfind(_RUN))]
            strings.append("".join(parts).replace("x005F_", ""))
            node.clear()
    return strings


class _ValuesReader(ExcelReader):
    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = read_shared_strings(source)


def open_workbook(data: bytes):
    """The workbook, read-only with values, from an archive that passed `check_members`."""
    archive = _BoundedArchive(io.BytesIO(data))
    check_members(archive)
    reader = _ValuesReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.archive.close()
    reader.archive, reader.valid_files = archive, archive.namelist()
    reader.read()
    return reader.wb


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
