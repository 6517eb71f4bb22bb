"""Hostile spreadsheets within the upload limit: each is refused with a message (or read, when it
holds only a little data), and reading it never takes the process past MEMORY_MB.

Each file is read in a child process that reports its peak resident memory (VmHWM: getrusage
would count the pytest process), under an address-space limit so that a regression fails the
test rather than the machine."""

import base64
import json
import os
import random
import select
import subprocess
import sys
from pathlib import Path

import pytest

from dataio.limits import FileRejected, TABLE_BYTES, max_bytes
from dataio import xlsx
from dataio.files import read_table
from tests.dataio.hostile_xlsx import deflated, inline, sheet, workbook, zip_file

ROOT = Path(__file__).resolve().parents[2]
MEMORY_MB = 300
GB = 2**30
MB = 2**20
HEADER = (b"<row>" + inline("zone") + inline("indicator") + inline("value") + b"</row>", 1)

# One process boots Django, then forks a reader per file: each reader starts from that process's
# memory (its VmHWM begins at the RSS it was forked with) and reports its own peak.
READER = r"""
import json, os, re, resource, sys
import django
django.setup()
from dataio import xlsx
from dataio.files import read_table
from dataio.limits import FileRejected

def read(path):
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    data = open(path, "rb").read()
    try:
        rows, message = len(read_table(data, path)), ""
    except FileRejected as exc:
        rows, message = None, exc.message
    peak = int(re.search(r"VmHWM:\s*(\d+) kB", open("/proc/self/status").read()).group(1))
    return {"rows": rows, "message": message, "peak_mb": round(peak / 1024, 1)}

for line in sys.stdin:
    answer, written = os.pipe()
    if os.fork() == 0:
        os.close(answer)
        try:
            result = read(line.strip())
        except BaseException as exc:
            result = {"error": repr(exc)}
        os.write(written, json.dumps(result).encode())
        os._exit(0)
    os.close(written)
    text = b"".join(iter(lambda: os.read(answer, 65536), b""))
    os.close(answer)
    os.wait()
    print(text.decode() or json.dumps({"error": "the reader died"}), flush=True)
"""


@pytest.fixture(scope="module")
def read_in_child():
    """read_in_child(path): {rows, message, peak_mb} of reading `path` in a child process,
    under an address-space limit so that a regression fails the test rather than the machine."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "devzone.settings", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-c", READER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)

    def read(path: Path) -> dict:
        server.stdin.write(f"{path}\n")
        server.stdin.flush()
        ready, _w, _x = select.select([server.stdout], [], [], 300)
        assert ready, f"reading {path.name} took over 300 s"
        result = json.loads(server.stdout.readline())
        print(f"{path.name}: {result}")
        assert "error" not in result, result
        return result

    yield read
    server.stdin.close()
    server.wait(timeout=30)


def _a(count: int) -> list:
    """`count` bytes of "A", as pieces of a megabyte."""
    return [(b"A" * MB, count // MB), (b"A" * (count % MB), 1)]


def _dimension_bomb():
    last = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return workbook([("data", sheet([HEADER, (last, 1)], dimension="A1:XFD1048576"))])


def _shared_strings(declared=None):
    strings = [(b"<si><t>", 1), *_a(int(1.5 * GB)), (b"</t></si>", 1)]
    cell = (b'<row><c t="s"><v>0</v></c></row>', 1)
    return workbook([("data", sheet([HEADER, cell]))], shared=strings, declared=declared)


def _inline_cell(declared=None):
    cell = [(b'<row><c t="inlineStr"><is><t>', 1), *_a(int(1.5 * GB)), (b"</t></is></c></row>", 1)]
    return workbook([("data", sheet([HEADER, *cell]))], declared=declared)


def _long_cell():
    # Text that hardly compresses: the ratio is ordinary, the cell is not.
    text = base64.b64encode(random.Random(17).randbytes(4 * MB))
    return workbook([("data", sheet([HEADER, (b'<row><c t="inlineStr"><is><t>' + text + b"</t></is></c></row>", 1)]))])


def _many_columns():
    row = b"<row>" + b"".join(f'<c r="{_column(n)}1"><v>{n}</v></c>'.encode() for n in range(1, 16385)) + b"</row>"
    return workbook([("data", sheet([(row, 1)]))])


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _many_cells():
    # 100 numbers a row, until the rows would take far more than TABLE_BYTES. A thousand random
    # rows over and over: each repeat lies beyond deflate's 32 KB window, so it compresses no better.
    rng = random.Random(3)
    distinct = [b"<row>" + b"".join(b"<c><v>%d</v></c>" % rng.randrange(1000, 1016) for _ in range(100)) + b"</row>"
                for _ in range(1000)]
    count = TABLE_BYTES // 3000
    rows = [(b"".join(distinct), count // 1000), (b"".join(distinct[: count % 1000]), 1)]
    return workbook([("data", sheet([HEADER, *rows]))])


def _many_shared_strings():
    # As many distinct short strings as the shared strings part may hold, all used.
    count = (16 * MB - 1000) // 22
    strings = [(b"".join(b"<si><t>%06x</t></si>" % n for n in range(start, min(start + 10000, count))), 1)
               for start in range(0, count, 10000)]
    cells = [(b"<row>" + b"".join(b'<c t="s"><v>%d</v></c>' % n for n in range(start, start + 20)) + b"</row>", 1)
             for start in range(0, count - 20, 20)]
    return workbook([("data", sheet([HEADER, *cells]))], shared=strings)


def _merged_cells(count: int):
    # Merged ranges after the rows, which openpyxl builds as one tree.
    merges = [(b"".join(b'<mergeCell ref="A%d:B%d"/>' % (n, n) for n in range(start, min(start + 10000, count + 1))), 1)
              for start in range(1, count + 1, 10000)]
    rows = [(b"<row>" + inline("XB") + inline("tax") + b"<c><v>1</v></c></row>", 1)]
    return workbook([("data", sheet([HEADER, *rows], after=[(b"<mergeCells>", 1), *merges, (b"</mergeCells>", 1)]))])


def _many_merged_cells():
    # As many merged ranges as a worksheet's parts besides its rows may hold.
    return _merged_cells((xlsx.SHEET_OTHER_BYTES - 1000) // 36)


def _csv_cells():
    # The most cells a CSV file within the size limit holds: two characters and a comma each.
    line = ",".join("%02d" % (n % 100) for n in range(100)).encode() + b"\n"
    return b"zone,indicator,value\n" + line * ((max_bytes() - 100) // len(line))


HOSTILE = {
    "dimension_bomb.xlsx": (_dimension_bomb, "行数过多"),
    "shared_strings_1.5GB.xlsx": (_shared_strings, "文件解压后过大"),
    "shared_strings_1.5GB_declared_1MB.xlsx": (lambda: _shared_strings({"xl/sharedStrings.xml": MB}), "单元格内容过长"),
    "inline_cell_1.5GB.xlsx": (_inline_cell, "文件解压后过大"),
    "inline_cell_1.5GB_declared_100MB.xlsx": (lambda: _inline_cell({"xl/worksheets/sheet1.xml": 100 * MB}), "单元格内容过长"),
    "long_cell.xlsx": (_long_cell, "单元格内容过长"),
    "many_columns.xlsx": (_many_columns, "列数过多"),
    "many_cells.xlsx": (_many_cells, "文件内容过多"),
    "many_cells.csv": (_csv_cells, "文件内容过多"),
    "merged_cells_2M.xlsx": (lambda: _merged_cells(2_000_000), "文件解压后过大"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_with_a_message_within_bounded_memory(name, tmp_path, read_in_child):
    build, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(build())
    assert path.stat().st_size <= max_bytes()
    result = read_in_child(path)
    assert message in result["message"], result
    assert result["peak_mb"] <= MEMORY_MB, result


@pytest.mark.parametrize("build, rows", [(_many_shared_strings, 1 + (16 * MB - 1000) // 22 // 20), (_many_merged_cells, 2)])
def test_a_file_of_many_strings_or_merged_ranges_reads_within_bounded_memory(build, rows, tmp_path, read_in_child):
    path = tmp_path / f"{build.__name__}.xlsx"
    path.write_bytes(build())
    assert path.stat().st_size <= max_bytes()
    result = read_in_child(path)
    assert result["rows"] == rows, result
    assert result["peak_mb"] <= MEMORY_MB, result


def _values_csv(rows: int) -> bytes:
    line = "HX,tax_revenue,2024,10,12345.67,,,\n"
    return ("zone,indicator,year,month,value,unit,yoy,comment\n" + line * rows).encode()


def test_the_largest_ordinary_import_reads_within_bounded_memory(tmp_path, read_in_child):
    path = tmp_path / "values.csv"
    path.write_bytes(_values_csv(200_000))
    result = read_in_child(path)
    assert result["rows"] == 200_001 and result["peak_mb"] <= MEMORY_MB, result


# --- in this process: what is read and what is refused ---------------------------------------

ROWS = [HEADER, (b"<row>" + inline("HX") + inline("tax_revenue") + b"<c><v>12.5</v></c></row>", 2)]
READ = [["zone", "indicator", "value"], ["HX", "tax_revenue", 12.5], ["HX", "tax_revenue", 12.5]]


def test_the_declared_dimension_is_ignored():
    assert read_table(workbook([("data", sheet(ROWS, dimension="A1:XFD1048576"))]), "x.xlsx") == READ


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_data_sheet_is_refused(state):
    data = workbook([("填报", sheet(ROWS)), ("其他", sheet([HEADER]))], states=[state, "visible"])
    with pytest.raises(FileRejected, match="已隐藏"):
        read_table(data, "x.xlsx")


def test_the_sheet_the_user_sees_is_read():
    hidden = [HEADER, (b"<row>" + inline("LH") + inline("tax_revenue") + b"<c><v>99</v></c></row>", 1)]
    data = workbook([("隐藏", sheet(hidden)), ("填报", sheet(ROWS))], states=["veryHidden", "visible"], active=1)
    assert read_table(data, "x.xlsx") == READ


def test_a_sheet_written_with_a_namespace_prefix_reads_and_its_rows_are_counted(settings):
    settings.IMPORT_MAX_ROWS = 2
    prefixed = [(b'<x:worksheet xmlns:x="' + b"http://schemas.openxmlformats.org/spreadsheetml/2006/main" + b'"><x:sheetData>', 1),
                *[(piece.replace(b"<", b"<x:").replace(b"<x:/", b"</x:"), times) for piece, times in ROWS],
                (b"</x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>", 1)]
    assert read_table(workbook([("data", prefixed)]), "x.xlsx") == READ
    settings.IMPORT_MAX_ROWS = 1
    with pytest.raises(FileRejected, match="行数过多"):
        read_table(workbook([("data", prefixed)]), "x.xlsx")


def test_a_document_type_declaration_is_refused():
    pieces = sheet(ROWS)
    pieces.insert(1, (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>', 1))
    with pytest.raises(FileRejected, match="DTD"):
        read_table(workbook([("data", pieces)]), "x.xlsx")


def test_a_zip_of_too_many_parts_is_refused():
    members = [(f"junk/{n}.bin", *deflated([(b"x", 1)])) for n in range(1001)]
    with pytest.raises(FileRejected, match="文件解压后过大"):
        read_table(zip_file(members), "x.xlsx")
