"""Fault: the server process is killed in the middle of a large import.

`manage.py import_data values` runs as a separate process against the test database; as soon
as PostgreSQL shows it writing monthly values, it gets SIGKILL. The import is one transaction,
so afterwards every table is exactly as before.
"""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from audit.models import ChangeRecord
from indicators.models import Indicator, MonthlyValue, ZoneMonth
from zones.models import Zone

from tests.fingerprint import fingerprint

BASE_DIR = Path(__file__).resolve().parents[2]
WRITING = "COPY \"indicators_monthlyvalue\"%"




def _big_file(path: Path, zones) -> int:
    """Valid figures for 20 years of every indicator in each zone: YTD rising by 10 a month
    (parts by 1), counts flat, so every row passes every check."""
    indicators = list(Indicator.objects.all())
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["zone", "indicator", "year", "month", "value", "unit", "yoy", "comment"])
        for zone in zones:
            for year in range(2000, 2020):
                for month in range(1, 13):
                    for indicator in indicators:
                        step = 1 if indicator.parent_id else 10
                        value = (5 if indicator.parent_id else 100) if not indicator.is_flow else step * month
                        writer.writerow([zone.code, indicator.code, year, month, value, "", "", "批量导入"])
                        rows += 1
    return rows


def _writing_backends(own_pid: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> %s"
            " AND xact_start IS NOT NULL AND query LIKE %s",
            [own_pid, WRITING],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_killed_midway_leaves_every_table_as_before(catalogue, zone, enter, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("kills a separate server process writing to a shared database: run on PostgreSQL")
    zones = [zone] + [Zone.objects.create(code=f"K{n}", name=f"导入测试开发区{n}") for n in range(3)]
    enter(zone, 2024, 9, {"tax_revenue": 1000, "fixed_asset_investment": 5})
    before = fingerprint(MonthlyValue, ZoneMonth, ChangeRecord, Zone)
    big = tmp_path / "big.csv"
    rows = _big_file(big, zones)
    assert rows > 20_000

    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, "DATABASE_URL": url}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_data", "values", str(big)],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 300
        while _writing_backends(own_pid) == 0:
            assert process.poll() is None, f"the import ended before it was seen writing: {process.communicate()}"
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    # PostgreSQL notices the dead client and rolls its transaction back.
    deadline = time.monotonic() + 30
    while _writing_backends(own_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert fingerprint(MonthlyValue, ZoneMonth, ChangeRecord, Zone) == before
