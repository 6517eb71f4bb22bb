"""Benchmark data at city scale: `generate_bench_data --zones 20 --enterprises 10000 --years 10`.

Seasonal monthly series for the whole catalogue (Spring Festival trough, year-end peak, a
growth trend and noise per zone), annual targets, reporting months with their review status,
and users to measure with. Rows go in with PostgreSQL COPY, or bulk_create on SQLite; no
history rows are written, as if the figures had been loaded before the system existed.
Zones are named B01, B02 …; the command refuses to run twice on one database.
"""

import csv
import datetime
import io
import math
import os
import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core import clock
from indicators import statistics
from indicators.models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth
from zones.models import Park, User, Zone

from demo import bench_records
from demo.bench_records import SEASON

# A mid-sized zone's annual figure (stocks: month-end level) per indicator unit family.
BASE_BY_UNIT = {"亿元": 80, "万元": 300_000, "元": 3_000_000_000, "万美元": 20_000, "美元": 200_000_000,
                "家": 120, "个": 40, "亩": 5_000, "公顷": 330, "m²": 3_300_000, "%": 50}
PART_SHARE = (0.25, 0.6)
BENCH_PASSWORD_DEFAULT = "bench-pass-2024"
Q4 = Decimal("0.0001")


def _dec(x: float) -> Decimal:
    return Decimal(repr(round(x, 4))).quantize(Q4)


class BulkWriter:
    """Insert plain rows fast: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self, batch_size: int = 20_000):
        self.batch_size = batch_size
        self.counts: dict[str, int] = {}

    def insert(self, model, rows):
        """rows: an iterable of dicts keyed by field attname (zone_id, not zone)."""
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                self._flush(model, fields, batch)
                batch = []
        if batch:
            self._flush(model, fields, batch)

    def _flush(self, model, fields, batch):
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(batch)
        if connection.vendor != "postgresql":
            model.objects.bulk_create([model(**row) for row in batch], batch_size=2000)
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in batch:
            writer.writerow([_copy_text(row.get(f.attname, _default(f))) for f in fields])
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        with connection.cursor() as cursor:
            cursor.copy_expert(sql, buffer)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()  # "" for text fields without a default, None where nullable


def _copy_text(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


class Command(BaseCommand):
    help = "Generate city-scale benchmark data (zones, monthly values, targets, enterprises, projects, parcels)."

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=20)
        parser.add_argument("--enterprises", type=int, default=10_000, help="in total, spread over the zones")
        parser.add_argument("--years", type=int, default=10, help="full years before this one, plus this year to last month")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, zones, enterprises, years, seed, **options):
        if Zone.objects.filter(name__startswith="基准测试开发区").exists():
            raise CommandError("Benchmark zones already exist: run on a fresh database.")
        if zones < 1 or zones > 999 or years < 1:
            raise CommandError("--zones must be 1..999 and --years at least 1")
        started = time.perf_counter()
        self.random = random.Random(seed)
        self.writer = BulkWriter()
        today = clock.today()
        self.last = (today.replace(day=1) - datetime.timedelta(days=1))  # last complete month
        self.years = list(range(self.last.year - years + 1, self.last.year + 1))
        with transaction.atomic():
            zone_objs = self._zones(zones)
            self._users(zone_objs)
            self._values(zone_objs)
            self._months(zone_objs)
            self._records(zone_objs, enterprises)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        total = sum(self.writer.counts.values())
        for label, count in sorted(self.writer.counts.items()):
            self.stdout.write(f"  {label:32} {count:>10,} rows")
        self.stdout.write(self.style.SUCCESS(
            f"{total:,} rows in {elapsed:.1f} s ({total / elapsed:,.0f} rows/s) on {connection.vendor}: "
            f"{zones} zones, {enterprises} enterprises, years {self.years[0]}-{self.years[-1]} (through {self.last:%Y-%m})."
        ))

    # --- zones and users -----------------------------------------------------------------------

    def _zones(self, count: int) -> list[Zone]:
        width = max(2, len(str(count)))
        zones = Zone.objects.bulk_create(
            [Zone(code=f"B{n:0{width}d}", name=f"基准测试开发区{n:0{width}d}") for n in range(1, count + 1)]
        )
        zones = list(Zone.objects.filter(code__in=[z.code for z in zones]).order_by("code"))
        Park.objects.bulk_create([Park(zone=z, name=name) for z in zones for name in ("东园", "西园")])
        self.writer.counts["zones.Zone"] = len(zones)
        # Zones differ in size by an order of magnitude, as real ones do.
        self.scale = {z.pk: math.exp(self.random.gauss(0, 0.6)) for z in zones}
        return zones

    def _users(self, zones):
        password = make_password(os.environ.get("BENCH_PASSWORD", BENCH_PASSWORD_DEFAULT))
        first = zones[0]
        users = {
            "bench_staff": (User.Role.STAFF, False),
            "bench_reviewer": (User.Role.REVIEWER, False),
            "bench_leader": (User.Role.LEADER, False),
            "bench_city_leader": (User.Role.LEADER, True),
            "bench_admin": (User.Role.ADMIN, False),
        }
        for username, (role, all_zones) in users.items():
            user = User.objects.create(
                username=username, password=password, role=role, sees_all_zones=all_zones,
                is_staff=role == User.Role.ADMIN, is_superuser=role == User.Role.ADMIN,
            )
            if role in (User.Role.STAFF, User.Role.REVIEWER, User.Role.LEADER) and not all_zones:
                user.zones.set([first])
        # Load-test staff: one per zone, so concurrent saves go to different months as in real use.
        staff = User.objects.bulk_create([
            User(username=f"bench_staff_{z.code}", password=password, role=User.Role.STAFF) for z in zones
        ])
        through = User.zones.through
        through.objects.bulk_create([through(user_id=u.pk, zone_id=z.pk) for u, z in zip(staff, zones)])

    # --- indicator figures ---------------------------------------------------------------------

    def _months_of(self, year):
        return range(1, (self.last.month if year == self.last.year else 12) + 1)

    def _values(self, zones):
        indicators = list(Indicator.objects.select_related("parent").order_by("parent_id", "pk"))
        wholes = [i for i in indicators if i.parent_id is None]
        parts = [i for i in indicators if i.parent_id is not None]
        now = timezone.now()
        targets = []

        def rows():
            for zone in zones:
                scale = self.scale[zone.pk]
                for indicator in wholes + parts:
                    series = self._series(zone, indicator, scale)
                    for year, (months, ytd) in series.items():
                        for month in self._months_of(year):
                            yield {
                                "zone_id": zone.pk, "indicator_id": indicator.pk, "year": year, "month": month,
                                "month_value": months[month], "ytd_value": ytd[month], "published_yoy": None,
                                "comment": "", "updated_at": now,
                            }
                        if indicator.parent_id is None:
                            annual = ytd[12] if year < self.last.year else ytd[max(self._months_of(year))] * 12 / max(self._months_of(year))
                            targets.append((zone.pk, indicator.pk, year + 1, annual))

        self._generated = {}
        self.writer.insert(MonthlyValue, rows())
        growth_target = Decimal("1.08")
        self.writer.insert(AnnualTarget, (
            {"zone_id": z, "indicator_id": i, "year": y, "target_value": max((a * growth_target).quantize(Q4), Q4), "updated_at": now}
            for z, i, y, a in targets if y <= self.last.year + 1
        ))

    def _series(self, zone, indicator, scale):
        """{year: (month values, ytd)} for one zone and indicator; parts are a share of their whole."""
        rnd = self.random
        if indicator.parent_id:
            whole = self._generated[(zone.pk, indicator.parent_id)]
            share = rnd.uniform(*PART_SHARE)
            result = {}
            for year, (months, ytd) in whole.items():
                factor = Decimal(repr(share)) * statistics.convert(Decimal(1), indicator.parent.unit, indicator.unit)
                if indicator.is_flow:
                    m = {k: (v * factor).quantize(_step(indicator)) for k, v in months.items()}
                    result[year] = (m, _ytd(m))
                else:
                    level = {k: (v * factor).quantize(Decimal(1)) for k, v in ytd.items()}
                    result[year] = (level, level)
            self._generated[(zone.pk, indicator.pk)] = result
            return result
        base = BASE_BY_UNIT.get(indicator.unit, 100) * scale * rnd.uniform(0.5, 1.5)
        trend = rnd.gauss(0.07, 0.03)
        result = {}
        for n, year in enumerate(self.years):
            annual = base * (1 + trend) ** n
            if indicator.is_flow:
                months = {
                    m: _dec(max(annual * SEASON[m - 1] * rnd.gauss(1, 0.08), 0)).quantize(_step(indicator))
                    for m in range(1, 13)
                }
                result[year] = (months, _ytd(months))
            else:
                level = {m: Decimal(round(annual * (1 + trend * m / 12))) for m in range(1, 13)}
                result[year] = (level, level)
        self._generated[(zone.pk, indicator.pk)] = result
        return result

    def _months(self, zones):
        """Past years approved; this year approved but for the last two months (submitted, draft)."""
        now = timezone.now()

        def status(year, month):
            if (year, month) == (self.last.year, self.last.month):
                return ZoneMonth.Status.DRAFT
            if year == self.last.year and month == self.last.month - 1:
                return ZoneMonth.Status.SUBMITTED
            return ZoneMonth.Status.APPROVED

        self.writer.insert(ZoneMonth, (
            {"zone_id": z.pk, "year": y, "month": m, "status": status(y, m), "version": 1, "updated_at": now}
            for z in zones for y in self.years for m in self._months_of(y)
        ))

    # --- enterprise, project and land records ----------------------------------------------------

    def _records(self, zones, enterprises):
        bench_records.generate(self, zones, enterprises)


def _step(indicator) -> Decimal:
    """Figures carry the indicator's decimals: counts are whole numbers."""
    return Decimal(1).scaleb(-indicator.decimals)


def _ytd(months: dict[int, Decimal]) -> dict[int, Decimal]:
    total, ytd = Decimal(0), {}
    for month in range(1, 13):
        total += months[month]
        ytd[month] = total
    return ytd
