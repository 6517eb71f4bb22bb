"""Every kind of document the office downloads, from a zone whose stored texts hold what the text
rule now refuses (rows written before it, or by a migration): control characters, Word's manual
line break, a newline in a name, RTL marks and emoji, a 10,000-character note. Each still opens;
what its format cannot hold is dropped (core.text.printable), the rest is there."""

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
import pytest

from grading import services as grading_services
from grading.models import EnterpriseYear, Scheme, SchemeIndicator
from indicators.models import MonthlyValue
from projects.models import Enterprise, Parcel, Project, ProjectProgress
from reports.models import OPENING, NarrativeSection
from tests.grading.conftest import credit_code
from zones.models import Zone

YEAR, MONTH = 2025, 10
# What documents refuse (no NUL: no PostgreSQL text column holds one), then what they must keep.
REFUSED = "".join(chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
KEPT = "\u200f\u202eمرحبا\u202c😀"
HOSTILE = f"企业{REFUSED}\n换行{KEPT}"


@pytest.fixture
def hostile_zone(zone, staff, reviewer, enter, set_target):
    set_target(zone, YEAR, "tax_revenue", 30000)
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362, "fixed_asset_investment": "22.32"})
    MonthlyValue.objects.filter(zone=zone).update(comment=HOSTILE)
    scheme = Scheme.objects.create(zone=zone, year=YEAR, name="办法", method=Scheme.Method.PERCENTILE, band_a=20, band_b=40, band_c=20)
    SchemeIndicator.objects.create(scheme=scheme, scale="above", code="tax_per_mu", weight=100, benchmark=5, cap_multiple=3)
    for i in range(3):
        firm = Enterprise.objects.create(zone=zone, name=f"企业{i}", credit_code=credit_code(i + 1), is_above_scale=True)
        Parcel.objects.create(zone=zone, code=f"P{i}", area_mu=Decimal(10), holder=firm, status=Parcel.Status.SUPPLIED,
                              supplied_on=datetime.date(2020, 1, 1), note="说明" * 5000)
        EnterpriseYear.objects.create(enterprise=firm, year=YEAR, is_above_scale=True, tax=Decimal(10 * (i + 1)),
                                      revenue=Decimal(1000), rd=Decimal(20))
    project = Project.objects.create(zone=zone, name="项目", stage=Project.Stage.STARTED, started_on=datetime.date(YEAR, 1, 5),
                                     is_key=True, total_investment=Decimal(10000))
    ProjectProgress.objects.create(project=project, year=YEAR, month=MONTH, investment=Decimal(100), physical_progress=HOSTILE)
    grading_services.run_grading(zone, YEAR, user=staff, channel="form")
    NarrativeSection.objects.create(zone=zone, year=YEAR, key=OPENING, lead="", text=HOSTILE)
    # Written past the rule, as a row stored before it would be.
    Enterprise.objects.update(name=HOSTILE)
    Project.objects.update(name=HOSTILE, description=HOSTILE)
    Parcel.objects.update(location=HOSTILE)
    Zone.objects.filter(pk=zone.pk).update(name=f"西部{REFUSED}开发区{KEPT}")
    reviewer.first_name = HOSTILE
    reviewer.save()
    return zone


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v)


DOCUMENTS = [
    ("year-end draft", f"/reports/HX/{YEAR}/download/", _docx_text),
    ("月报", f"/reports/HX/{YEAR}/{MONTH}/briefing/", _docx_text),
    ("公示 docx", f"/grading/HX/{YEAR}/publicity.docx", _docx_text),
    ("公示 xlsx", f"/grading/HX/{YEAR}/publicity.xlsx", _xlsx_text),
    ("projects export", "/export/projects.xlsx", _xlsx_text),
    ("enterprises export", "/export/enterprises.xlsx", _xlsx_text),
    ("parcels export", "/export/parcels.xlsx", _xlsx_text),
    ("progress export", "/export/progress.xlsx", _xlsx_text),
    ("values export", f"/data/export/?kind=values&format=xlsx&zone=HX&year={YEAR}", _xlsx_text),
    ("values csv", f"/data/export/?kind=values&format=csv&zone=HX&year={YEAR}", lambda content: content.decode("utf-8-sig")),
    ("month export", f"/review/HX/{YEAR}/{MONTH}/export.xlsx", _xlsx_text),
]


@pytest.mark.parametrize("name,url,read", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_document_opens_and_keeps_what_it_can(hostile_zone, staff, client_for, name, url, read):
    response = client_for(staff).get(url)
    assert response.status_code == 200, (name, response.status_code)
    text = read(response.content)
    if name != "values csv":  # CSV holds any character; the others hold none of them
        assert not any(c in text for c in REFUSED.replace("\x0b", "")), name
    assert "西部" in text or "企业" in text, name
    assert KEPT in text or "😀" in text, name
