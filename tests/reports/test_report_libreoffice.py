"""The exported .docx opens in LibreOffice without repair: a headless conversion to PDF works."""

import shutil
import subprocess

import pytest

from reports import annual

from tests.reports.support import YEAR

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_converts_the_draft_to_pdf(seed_004, tmp_path):
    source = tmp_path / "draft.docx"
    source.write_bytes(annual.annual_docx(seed_004, YEAR, 10))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / "draft.pdf"
    assert pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        assert "40.58%" in text and "22.32" in text
