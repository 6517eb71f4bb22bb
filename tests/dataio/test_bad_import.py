"""Malformed import files: each is refused with a clear message and changes nothing.

Through the import service (as the browser preview and `import_data` use it), the browser
upload page (no traceback, the message on the page) and the command line (non-zero exit).
"""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.html import escape

from dataio.registry import get_kind
from dataio.services import run_import

from tests.fingerprint import fingerprint

HEADER = "zone,indicator,year,month,value,unit,yoy,comment\n"
GOOD = "HX,tax_revenue,2024,9,1000,,,\n"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(lines)).encode("utf-8")


def _xlsx_damaged() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-really>")
        archive.writestr("xl/workbook.xml", "<<<")
    return buffer.getvalue()


def _xlsx(*rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER.strip().split(","))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# (case id, kind, filename, content)
CORPUS = [
    ("unknown zone", "values", "v.csv", _csv("ZZ,tax_revenue,2024,9,1000,,,\n")),
    ("zone of another user's scope", "values", "v.csv", _csv("LH,tax_revenue,2024,9,1000,,,\n")),
    ("unknown indicator", "values", "v.csv", _csv("HX,no_such_indicator,2024,9,1000,,,\n")),
    ("unknown chinese indicator", "values", "v.csv", _csv("HX,不存在的指标,2024,9,1000,,,\n")),
    ("duplicate rows", "values", "v.csv", _csv(GOOD, GOOD)),
    ("year as text", "values", "v.csv", _csv("HX,tax_revenue,二〇二四,9,1000,,,\n")),
    ("year out of range", "values", "v.csv", _csv("HX,tax_revenue,1899,9,1000,,,\n")),
    ("month 13", "values", "v.csv", _csv("HX,tax_revenue,2024,13,1000,,,\n")),
    ("month 0", "values", "v.csv", _csv("HX,tax_revenue,2024,0,1000,,,\n")),
    ("future month", "values", "v.csv", _csv("HX,tax_revenue,2099,9,1000,,,\n")),
    ("value as text", "values", "v.csv", _csv("HX,tax_revenue,2024,9,一千,,,\n")),
    ("value as formula", "values", "v.csv", _csv("HX,tax_revenue,2024,9,=SUM(A1:A3),,,\n")),
    ("huge value", "values", "v.csv", _csv("HX,tax_revenue,2024,9,1" + "0" * 20 + ",,,\n")),
    ("negative value", "values", "v.csv", _csv("HX,tax_revenue,2024,9,-5,,,\n")),
    ("negative count", "values", "v.csv", _csv("HX,enterprises_above_scale,2024,9,-3,,,\n")),
    ("unit of another family", "values", "v.csv", _csv("HX,tax_revenue,2024,9,1000,亩,,\n")),
    ("unknown unit", "values", "v.csv", _csv("HX,tax_revenue,2024,9,1000,斤,,\n")),
    ("growth as text", "values", "v.csv", _csv("HX,tax_revenue,2024,9,1000,,fast,\n")),
    ("empty value and growth", "values", "v.csv", _csv("HX,tax_revenue,2024,9,,,,\n")),
    ("part above whole", "values", "v.csv", _csv(GOOD, "HX,tax_national,2024,9,5000,,,\n")),
    ("comment too long", "values", "v.csv", _csv("HX,tax_revenue,2024,9,1000,,," + "长" * 2001 + "\n")),
    ("one bad row among good ones", "values", "v.csv", _csv(GOOD, "HX,fixed_asset_investment,2024,9,abc,,,\n")),
    ("missing column", "values", "v.csv", _csv("HX,tax_revenue,2024\n", header="zone,indicator,year\n")),
    ("no header", "values", "v.csv", b"HX,tax_revenue,2024,9,1000,,,\n"),
    ("header only", "values", "v.csv", HEADER.encode()),
    ("empty file", "values", "v.csv", b""),
    ("whitespace only", "values", "v.csv", b"   \n\n  "),
    ("utf-16 text", "values", "v.csv", (HEADER + GOOD).encode("utf-16")),
    ("latin-1 garbage", "values", "v.csv", bytes(range(128, 256)) * 4),
    ("binary with nulls", "values", "v.csv", b"\x00\x01\x02PNG\x00" * 100),
    ("png named csv", "values", "v.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    # Cells are converted once per distinct cell: TRUE equals 1 in Python but is no month.
    ("boolean month after month 1", "values", "v.xlsx", _xlsx(
        ("HX", "tax_revenue", 2024, 1, 100), ("HX", "retail_sales", 2024, True, 200))),
    ("time of day as value", "values", "v.xlsx", _xlsx(("HX", "tax_revenue", 2024, 9, datetime.time(12, 30)))),
    ("corrupt xlsx", "values", "v.xlsx", b"this is not a workbook"),
    ("damaged zip xlsx", "values", "v.xlsx", _xlsx_damaged()),
    ("truncated zip", "values", "v.xlsx", b"PK\x03\x04" + b"\x00" * 30),
    ("old xls", "values", "v.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
    ("unterminated quote", "values", "v.csv", _csv('HX,tax_revenue,2024,9,"1000,,,\n')),
    ("targets: negative", "targets", "t.csv", "zone,indicator,year,target,unit\nHX,tax_revenue,2024,-3,亿元\n".encode()),
    ("targets: unknown indicator", "targets", "t.csv", "zone,indicator,year,target,unit\nHX,nope,2024,3,亿元\n".encode()),
    ("targets: wrong unit", "targets", "t.csv", "zone,indicator,year,target,unit\nHX,tax_revenue,2024,3,亩\n".encode()),
    ("zones: bad code", "zones", "z.csv", "code,name\nhx-lower,某开发区\n".encode()),
    ("zones: empty name", "zones", "z.csv", "code,name\nQQ,\n".encode()),
]


@pytest.fixture
def before(zone, other_zone, staff, administrator, enter, indicators):
    enter(zone, 2024, 8, {"tax_revenue": 900, "fixed_asset_investment": 4})
    return fingerprint()


def test_corpus_size():
    assert len(CORPUS) >= 40


def _params(corpus):
    return [c if hasattr(c, "marks") else pytest.param(*c[1:], id=c[0]) for c in corpus]


@pytest.mark.parametrize("kind, filename, content", _params(CORPUS))
def test_bad_file_is_refused_with_a_message_and_changes_nothing(before, staff, administrator, kind, filename, content):
    user = administrator if kind == "zones" else staff
    report = run_import(get_kind(kind), content, filename, user, apply=True)
    assert not report.ok
    assert not report.applied
    assert all(str(issue).strip() for issue in report.errors)
    assert fingerprint() == before


def test_oversized_file_is_refused(before, staff, settings):
    settings.IMPORT_MAX_BYTES = 1000
    report = run_import(get_kind("values"), _csv(*[GOOD] * 100), "v.csv", staff, apply=True)
    assert not report.ok and "文件过大" in str(report.errors[0])
    assert fingerprint() == before


def test_too_many_rows_are_refused(before, staff, settings):
    settings.IMPORT_MAX_ROWS = 10
    lines = [f"HX,tax_revenue,2023,{m},{m * 100},,,\n" for m in range(1, 13)]
    report = run_import(get_kind("values"), _csv(*lines), "v.csv", staff, apply=True)
    assert not report.ok and "行数过多" in str(report.errors[0])
    assert fingerprint() == before


@pytest.mark.parametrize("case", ["corrupt xlsx", "utf-16 text", "unknown zone", "value as formula"])
def test_upload_page_shows_the_message_without_a_traceback(before, staff, client_for, case):
    _id, kind, filename, content = next(c for c in CORPUS if not hasattr(c, "marks") and c[0] == case)
    client = client_for(staff)
    before = fingerprint()
    response = client.post("/data/", {"kind": kind, "file": SimpleUploadedFile(filename, content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Traceback" not in page
    report = response.context["report"]
    assert escape(str(report.errors[0].message)) in page
    assert fingerprint() == before


def test_script_in_an_imported_comment_is_shown_escaped_in_the_preview(before, staff, client_for):
    content = _csv('HX,tax_revenue,2024,9,1000,,,"<script>alert(1)</script>"\n')
    client = client_for(staff)
    before = fingerprint()
    response = client.post("/data/", {"kind": "values", "file": SimpleUploadedFile("v.csv", content)})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    after = fingerprint()
    # A preview stores nothing but the upload waiting for its confirm.
    assert after.pop("dataio.PendingUpload")[0] == before.pop("dataio.PendingUpload")[0] + 1
    assert after == before


def test_command_line_exits_non_zero_and_changes_nothing(before, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(GOOD, "HX,tax_revenue,2024,10,abc,,,\n"))
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "values", str(bad))
    assert refused.value.returncode == 1
    assert fingerprint() == before
