"""Jobs run by a real Celery worker (a subprocess) through Redis, on the test database; and a
worker killed in the middle of an import leaves every table as it was.

The worker is a separate process, so it needs a database it can reach: PostgreSQL (CI's). Its own
queue name keeps it apart from any other worker on the shared Redis.
"""

import io
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import park_upload
from indicators.models import MonthlyValue, ZoneMonth
from jobs.models import Job
from tests.dataio.test_import_kill import WRITING, _big_file
from tests.fingerprint import fingerprint
from zones.models import Zone

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker_env():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can share with the test: run on PostgreSQL")
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, "DATABASE_URL": url,
            "REDIS_URL": REDIS_URL}


@pytest.fixture
def worker(worker_env):
    """start() → (process, queue): a worker on a queue of its own; every worker is killed at the end."""
    started = []

    def start():
        queue = f"devzone-test-{uuid.uuid4().hex}"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "devzone", "worker", "--pool=solo", "-Q", queue, "-l", "warning",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=worker_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process, queue

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def _send(job: Job, queue: str) -> None:
    client = Celery(broker=REDIS_URL)
    client.send_task("jobs.run", args=[job.pk], queue=queue)
    client.close()


def _wait_for(job: Job, statuses, process, seconds=120) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        assert process.poll() is None, process.communicate()[0].decode()[-3000:]
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status}")


def test_a_real_worker_runs_a_drafts_job(catalogue, zone, other_zone, city_leader, worker, enter):
    enter(zone, 2025, 10, {"tax_revenue": 26362})
    job = Job.objects.create(kind=Job.Kind.DRAFTS, user=city_leader, params={"year": 2025, "zones": ["HX", "LH"]})
    process, queue = worker()
    _send(job, queue)
    job = _wait_for(job, {Job.Status.DONE, Job.Status.FAILED}, process)
    assert job.status == Job.Status.DONE, job.error
    assert job.percent == 100 and job.rows_done == 2
    names = zipfile.ZipFile(io.BytesIO(bytes(job.result))).namelist()
    # Each zone's draft and, beside it, its 审核依据清单.
    assert len(names) == 4 and sum(name.endswith("审核依据清单.docx") for name in names) == 2


def _writing(own_pid: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> %s"
            " AND xact_start IS NOT NULL AND query LIKE %s", [own_pid, WRITING],
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_mid_import_leaves_nothing_half_applied(catalogue, zone, administrator, worker, enter, tmp_path):
    zones = [zone] + [Zone.objects.create(code=f"K{n}", name=f"任务测试开发区{n}") for n in range(3)]
    enter(zone, 2024, 9, {"tax_revenue": 1000, "fixed_asset_investment": 5})
    big = tmp_path / "big.csv"
    assert _big_file(big, zones) > 20_000
    upload = park_upload(administrator, get_kind("values"), "big.csv", big.read_bytes())
    job = Job.objects.create(kind=Job.Kind.IMPORT, user=administrator, params={"kind": "values", "token": upload.token})
    before = fingerprint(MonthlyValue, ZoneMonth, ChangeRecord, Zone)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]

    process, queue = worker()
    _send(job, queue)
    deadline = time.monotonic() + 300
    while _writing(own_pid) == 0:
        assert process.poll() is None, process.communicate()[0].decode()[-3000:]
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    deadline = time.monotonic() + 30
    while _writing(own_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert fingerprint(MonthlyValue, ZoneMonth, ChangeRecord, Zone) == before
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # as the dead worker left it

    # The message is delivered again (acks_late): the next worker fails the job and changes nothing.
    process, queue = worker()
    _send(job, queue)
    job = _wait_for(job, {Job.Status.FAILED, Job.Status.DONE}, process)
    assert job.status == Job.Status.FAILED and "中断" in job.error
    assert fingerprint(MonthlyValue, ZoneMonth, ChangeRecord, Zone) == before
