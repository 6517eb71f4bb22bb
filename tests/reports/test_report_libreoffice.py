"""The exported .docx opens in LibreOffice without repair: a headless conversion to PDF works."""

import shutil
import subprocess

import pytest

from reports import annual, monthly

from tests.reports.support import YEAR

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(content: bytes, tmp_path, name: str):
    source = tmp_path / f"{name}.docx"
    source.write_bytes(content)
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    return pdf


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_converts_the_draft_to_pdf(seed_004, tmp_path):
    pdf = to_pdf(annual.annual_docx(seed_004, YEAR, 10), tmp_path, "draft")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        assert "40.58%" in text and "22.32" in text


@pytest.mark.skipif(SOFFICE is None or not shutil.which("pdftotext"), reason="needs LibreOffice and pdftotext (poppler-utils)")
def test_the_monthly_table_of_every_indicator_fits_one_page(zone, indicators, enter, set_target, tmp_path):
    enter(zone, YEAR, 10, {code: "10" if i.parent_id else "100" for code, i in indicators.items()})
    for code, indicator in indicators.items():
        if not indicator.parent_id:
            set_target(zone, YEAR, code, 200)
    pdf = to_pdf(monthly.monthly_docx(zone, YEAR, 10), tmp_path, "monthly")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pages = text.split("\f")
    table_pages = [n for n, page in enumerate(pages) if "完成率(%)" in page]  # the header row repeats on every page
    assert len(table_pages) == 1, table_pages
    table_page = "".join(pages[table_pages[0]].split())  # pdftotext spaces Latin from Chinese
    assert "二、2025年10月主要指标" in table_page and "其中已整改" in table_page
