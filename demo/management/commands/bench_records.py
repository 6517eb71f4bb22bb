"""Time the record statistics on a zone with many records, then roll everything back.

    python manage.py bench_records --projects 20000 --parcels 20000

Prints the time and the number of queries of each statistics function, so their cost can be
compared across sizes (it should grow with rows, the query count should not).
"""

import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects import land_statistics, statistics
from projects.models import Parcel, Project, ProjectProgress, ProjectYear
from zones.models import Zone


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark projects.statistics on generated records (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=5000)
        parser.add_argument("--parcels", type=int, default=5000)
        parser.add_argument("--year", type=int, default=2025)

    def handle(self, *args, projects, parcels, year, **options):
        try:
            with transaction.atomic():
                self._run(projects, parcels, year)
                raise Rollback
        except Rollback:
            self.stdout.write("(generated records rolled back)")

    def _run(self, n_projects, n_parcels, year):
        rng = random.Random(4)
        zone = Zone.objects.create(code="BENCH_RECORDS", name="性能测试开发区")
        start = time.perf_counter()
        rows = []
        for i in range(n_projects):
            started = datetime.date(year - rng.randint(0, 2), rng.randint(1, 12), 1)
            rows.append(Project(zone=zone, name=f"P{i}", stage="started", started_on=started, is_key=i % 20 == 0,
                                total_investment=Decimal(rng.randint(1000, 100000))))
        projects = Project.objects.bulk_create(rows, batch_size=2000)
        ProjectYear.objects.bulk_create(
            [ProjectYear(project=p, year=year, planned_investment=Decimal(5000)) for p in projects], batch_size=2000
        )
        ProjectProgress.objects.bulk_create(
            [ProjectProgress(project=p, year=year, month=m, investment=Decimal(rng.randint(0, 900)))
             for p in projects if p.is_key for m in range(1, 11)], batch_size=2000,
        )
        Parcel.objects.bulk_create(
            [Parcel(zone=zone, code=f"L{i}", area_mu=Decimal(rng.randint(5, 200)), status="supplied",
                    supplied_on=datetime.date(year - rng.randint(0, 4), rng.randint(1, 12), 1),
                    contract_start_on=datetime.date(year - rng.randint(0, 4), 1, 1),
                    idle_stage=rng.choice(["", "", "", "investigation", "urged", "recovery"]))
             for i in range(n_parcels)], batch_size=2000,
        )
        self.stdout.write(f"generated {n_projects} projects and {n_parcels} parcels in {time.perf_counter() - start:.2f}s")
        for label, call in [
            ("project_summary", lambda: statistics.project_summary(zone, year, 10)),
            ("land_summary", lambda: land_statistics.land_summary(zone, year, 10)),
            ("key_project_progress", lambda: statistics.key_project_progress(zone, year, 10)),
            ("land_efficiency_ranking", lambda: land_statistics.land_efficiency_ranking(zone, year, 10)),
        ]:
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                call()
                elapsed = time.perf_counter() - began
            self.stdout.write(f"{label:26s} {elapsed * 1000:8.1f} ms  {len(queries):2d} queries")
