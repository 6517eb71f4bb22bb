"""Benchmark of the dashboard page: response time and query count as records grow.

Runs in a throwaway test database (never touches db.sqlite3 or DATABASE_URL's own data):

    .venv/bin/python scripts/bench_dashboard.py                # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/devzone_bench .venv/bin/python scripts/bench_dashboard.py

It fills one zone with three years of monthly figures, then adds enterprises (each holding a
parcel, with tax and output figures) and projects (plan, investment, an overdue problem; one
in twenty a key project) in steps, and prints, for each step, the page's query count and the median of several requests.
"""

import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402

STEPS = [10, 1000, 5000]
# One project in twenty is a key project (the seed zones follow a few dozen of several hundred).
KEY_EVERY = 20
REQUESTS = 7
YEAR = 2025


def fill_figures(zone):
    from indicators.models import Indicator
    from indicators.services import ValueInput, save_values
    from indicators.target_services import TargetInput, save_targets

    indicators = {i.code: i for i in Indicator.objects.all()}
    inputs = []
    for year in (YEAR - 2, YEAR - 1, YEAR):
        for month in range(1, 13 if year < YEAR else 11):
            for code in ("industrial_output", "total_output", "fixed_asset_investment", "tax_revenue", "infrastructure_investment"):
                inputs.append(ValueInput(zone=zone, indicator=indicators[code], year=year, month=month, value=Decimal(month * 10)))
    save_values(inputs, user=None, channel="system", confirm_warnings=True, today=datetime.date(2100, 1, 1))
    save_targets(
        [TargetInput(zone=zone, indicator=indicators[c], year=YEAR, value=Decimal(150), unit="") for c in ("total_output", "fixed_asset_investment")],
        user=None,
        channel="system",
    )


def measure(client, url):
    timings = []
    for _ in range(REQUESTS):
        # The page computed afresh, as on its first view after a write (a cached view is 4 queries).
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return len(queries), statistics.median(timings)


def main():
    from tests.test_dashboard_records import populate
    from zones.models import User, Zone

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        zone = Zone.objects.create(code="BM", name="基准开发区")
        leader = User.objects.create_user("bench-leader", role=User.Role.LEADER)
        leader.zones.set([zone])
        fill_figures(zone)
        client = Client()
        client.force_login(leader)
        url = f"/dashboard/?zone=BM&year={YEAR}&month=10"
        client.get(url)  # warm up templates and caches
        print(f"database: {connection.vendor}")
        print(f"{'enterprises+projects':>22} {'queries':>8} {'median ms':>10}")
        done = 0
        for step in STEPS:
            populate(zone, done, step - done, key_every=KEY_EVERY)
            done = step
            queries, median = measure(client, url)
            print(f"{step:>22} {queries:>8} {median:>10.1f}")
    finally:
        runner.teardown_databases(old_config)
        teardown_test_environment()


if __name__ == "__main__":
    main()
