"""Time the year-end draft and the monthly briefing for the demo zones.

Usage: DEBUG=1 python manage.py load_demo && python benchmarks/report_generation.py
Prints the wall time of each step (best of five runs, after one warm-up run that loads fonts).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core import clock  # noqa: E402
from reports import annual, monthly  # noqa: E402
from reports.docx_builder import build_docx  # noqa: E402
from zones.models import Zone  # noqa: E402

RUNS = 5


def best(step):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


year = clock.today().year
print(f"database: {connection.vendor}; year {year}; best of {RUNS} runs")
for zone in Zone.objects.filter(code__in=["XB", "LJ"]):
    annual.annual_docx(zone, year)  # warm-up: font discovery, matplotlib import caches
    with CaptureQueriesContext(connection) as queries:
        annual.annual_draft(zone, year)
    outline = best(lambda: annual.annual_draft(zone, year, with_charts=False))
    with_charts = best(lambda: annual.annual_draft(zone, year))
    draft = annual.annual_draft(zone, year)
    word = best(lambda: build_docx(draft.document))
    total = best(lambda: annual.annual_docx(zone, year))
    briefing = best(lambda: monthly.monthly_docx(zone, year, 10))
    print(
        f"{zone.code}: outline {outline * 1000:.0f} ms ({len(queries)} queries), outline+charts {with_charts * 1000:.0f} ms, "
        f"Word {word * 1000:.0f} ms, annual .docx total {total * 1000:.0f} ms, monthly briefing {briefing * 1000:.0f} ms"
    )
