"""Pictures of the Word drafts for docs/: the first page of the demo zone's year-end draft and
the first page of its 月报, as LibreOffice prints them.

    .venv/bin/python scripts/report_pages.py [--zone XB]

Builds the demo data (demo.loading.load_demo, what `make run` loads) in a throwaway SQLite
database, writes both .docx files, converts them with LibreOffice (soffice) to PDF and the
first page of each with pdftoppm to docs/report-page.png and docs/monthly-page.png.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def render(docx_path: Path, png_path: Path, workdir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{workdir}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), str(docx_path)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = workdir / (docx_path.stem + ".pdf")
    stem = workdir / docx_path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
    shutil.copyfile(stem.with_suffix(".png"), png_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zone", default="XB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'demo.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        from demo.loading import load_demo
        from indicators.selectors import latest_month_with_data
        from reports.annual import annual_docx
        from reports.monthly import monthly_docx

        call_command("migrate", verbosity=0)
        zones, year = load_demo(os.environ.get("DEMO_PASSWORD", "demo12345"))
        zone = zones[args.zone]
        month = latest_month_with_data([zone.pk], year)[1]
        documents = {"report-page": annual_docx(zone, year), "monthly-page": monthly_docx(zone, year, month)}
        for name, content in documents.items():
            source = workdir / f"{name}.docx"
            source.write_bytes(content)
            render(source, DOCS / f"{name}.png", workdir)
            print(f"docs/{name}.png")


if __name__ == "__main__":
    main()
