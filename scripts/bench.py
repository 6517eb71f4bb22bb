"""Server-side benchmark on the generate_bench_data set: `make bench` runs it.

Pages are timed in-process through Django's test Client (the whole request: middleware,
view, queries, template), as a zone user (one zone) and as a leader of every zone ("all": the zone comparison).
Imports and aggregates are timed beside their floors (COPY, one hand-written SQL query), as
ratios are what compare across runs on a shared machine. Prints a table and writes
bench-results-<BENCH_SIZE>.json (or BENCH_JSON).

Environment: DATABASE_URL (PostgreSQL), BENCH_SIZE (city or province: the name of the data set,
set by make bench), BENCH_REPEAT (requests per page, default 30),
BENCH_REPEAT_FAST (requests of what answers in a few milliseconds: the cached dashboards, the
request floor and the SQL floors, default 300; the 95th percentile of 30 is their second-slowest
request, which one scheduler pause on a shared machine sets), REDIS_URL (set by make bench when
a Redis answers, as in production: the shared cache is then Redis),
BENCH_IMPORT_ROWS (default 100000), BENCH_PLAIN_ROWS (cap of the plain import, default 2000),
BENCH_IMPORT_RUNS (runs of each 100,000-row insert, default 5; the median counts: single
runs put the ratio to COPY anywhere from 2.6 to 3.7 on this 2-core machine),
BENCH_ONLY=import, pages or grading (time the imports, the pages or the 亩均效益 scoring alone, while
working on them; grading builds its own zone, so it needs no benchmark data).
"""

import csv
import datetime
import io
import json
import os
import platform
import statistics as stats
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
os.environ.setdefault("DEBUG", "0")

# Boot as a gunicorn worker does: every view loaded, the boot-time objects frozen (devzone/wsgi.py).
import devzone.wsgi  # noqa: E402, F401

from django.apps import apps  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from core import clock  # noqa: E402
from indicators.models import Indicator, MonthlyValue, ZoneMonth  # noqa: E402
from projects.models import Enterprise  # noqa: E402
from zones.models import User, Zone  # noqa: E402
from zones.services import mark_changed  # noqa: E402

from bench_api import bench_api  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
REPEAT_FAST = int(os.environ.get("BENCH_REPEAT_FAST", "300"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
PLAIN_ROWS = int(os.environ.get("BENCH_PLAIN_ROWS", "2000"))
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "5"))
ONLY = os.environ.get("BENCH_ONLY", "")
SIZE = os.environ.get("BENCH_SIZE", "city")
RESULTS = []


class Rollback(Exception):
    pass


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def record(name, size, samples_ms=None, **extra):
    row = {"name": name, "size": size, **extra}
    if samples_ms:
        row.update(n=len(samples_ms), median_ms=round(stats.median(samples_ms), 2), p95_ms=round(percentile(samples_ms, 0.95), 2))
    RESULTS.append(row)
    shown = f"median {row['median_ms']:>8.1f} ms  p95 {row['p95_ms']:>8.1f} ms" if samples_ms else ""
    rate = f"{row['rows_per_s']:>10,.0f} rows/s" if "rows_per_s" in row else ""
    queries = f"  {row['queries']} queries" if "queries" in row else ""
    print(f"{name:44} {size:5} {shown}{rate}{queries}", flush=True)
    return row


def time_requests(client, method, url, data_for=None, expect=(200,), before=None, repeat=REPEAT):
    """Server times of `repeat` requests; `before` runs untimed ahead of each."""
    samples, queries = [], None
    for n in range(repeat + 2):
        data = data_for() if data_for else None
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if method == "put":  # the API (scripts/bench_api.py): JSON
                response = client.put(url, data, format="json")
            else:
                response = client.post(url, data) if method == "post" else client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code not in expect:
            raise SystemExit(f"{method.upper()} {url} answered {response.status_code}")
        if n >= 2:  # the first two warm caches and connections
            samples.append(elapsed)
            queries = len(captured)
    return samples, queries


def client_for(username):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return client


def url_or_none(name, *args, **kwargs):
    try:
        return reverse(name, args=args, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


# --- pages ---------------------------------------------------------------------------------------


def bench_pages(zone, year, month):
    staff, leader, city = client_for("bench_staff"), client_for("bench_leader"), client_for("bench_city_leader")
    entry = reverse("indicators:entry", args=[zone.code, year, month])
    samples, queries = time_requests(staff, "get", entry)
    record("entry page GET", "zone", samples, queries=queries)

    indicators = list(Indicator.objects.all())
    original = {
        v.indicator_id: v for v in MonthlyValue.objects.filter(zone=zone, year=year, month=month).select_related("indicator")
    }
    flip = [False]

    def full_month():
        # Alternate between the stored figures and 0.1% more, so every save changes every value.
        flip[0] = not flip[0]
        factor = Decimal("1.001") if flip[0] else Decimal(1)
        data = {"version": ZoneMonth.objects.get(zone=zone, year=year, month=month).version, "confirm_warnings": "on"}
        for indicator in indicators:
            value = original.get(indicator.pk)
            if value is not None and value.entered_value is not None:
                figure = (value.entered_value * factor).quantize(Decimal("0.0001"))
                if not indicator.is_flow:
                    figure = figure.quantize(Decimal(1))
                data[f"v_{indicator.code}"] = str(figure)
        return data

    samples, queries = time_requests(staff, "post", entry, full_month, expect=(302,))
    record(f"save full month POST ({len(indicators)} indicators)", "zone", samples, queries=queries)
    bench_api(zone, year, month, full_month, time_requests, record)

    dashboard = _with_query(url_or_none("dashboard:index"), f"zone={zone.code}&year={year}&month={month}")
    comparison = _with_query(url_or_none("dashboard:compare"), f"year={year}&month={month}")
    every_zone = list(Zone.objects.values_list("pk", flat=True))
    for label, client, size, url, before, repeat in [
        ("dashboard", leader, "zone", dashboard, None, REPEAT_FAST),
        # A write raises the zone's data version: the next view computes the page afresh.
        ("dashboard, first view after a write", leader, "zone", dashboard, lambda: mark_changed([zone.pk]), REPEAT),
        ("dashboard zone comparison", city, "all", comparison, None, REPEAT_FAST),
        ("dashboard zone comparison, after a write", city, "all", comparison, lambda: mark_changed(every_zone[:1]), REPEAT),
        # After an admin edit of the catalogue or of zones every zone's part is computed afresh.
        ("dashboard zone comparison, every zone written", city, "all", comparison, lambda: mark_changed(None), REPEAT),
        ("month export .xlsx", staff, "zone", url_or_none("indicators:month_export", zone.code, year, month), None, REPEAT),
        ("annual report .docx", leader, "zone", _report_url(zone, year), None, REPEAT),
        # Charts are kept under their figures: after a write that changes them they are redrawn.
        ("annual report .docx, charts redrawn", leader, "zone", _report_url(zone, year), caches["default"].clear, REPEAT),
    ]:
        if url is None:
            record(f"{label} (not on this branch)", size)
            continue
        samples, queries = time_requests(client, "get", url, before=before, repeat=repeat)
        record(label, size, samples, queries=queries)
    # The floor of any page: what a logged-in request costs that does nothing (session, user,
    # middleware; the home page only redirects a leader to the dashboard).
    samples, queries = time_requests(leader, "get", reverse("home"), expect=(302,), repeat=REPEAT_FAST)
    record(REQUEST_FLOOR, "zone", samples, queries=queries)


REQUEST_FLOOR = "logged-in request doing nothing (redirect)"


def _with_query(url, query):
    return f"{url}?{query}" if url else None


def _report_url(zone, year):
    for name, args in [("reports:download", [zone.code, year])]:
        url = url_or_none(name, *args)
        if url:
            return url
    return None


# --- the dashboard's core aggregate as one SQL query ------------------------------------------------

# Per zone and indicator: YTD this year and last year at the month, and the annual target.
CORE_SQL = """
SELECT v.zone_id, v.indicator_id,
       MAX(v.ytd_value) FILTER (WHERE v.year = %(year)s) AS ytd,
       MAX(v.ytd_value) FILTER (WHERE v.year = %(year)s - 1) AS ytd_last_year,
       MAX(t.target_value) AS target
FROM indicators_monthlyvalue v
LEFT JOIN indicators_annualtarget t
       ON t.zone_id = v.zone_id AND t.indicator_id = v.indicator_id AND t.year = %(year)s
WHERE v.zone_id = ANY(%(zones)s) AND v.month = %(month)s AND v.year IN (%(year)s, %(year)s - 1)
GROUP BY v.zone_id, v.indicator_id
"""


def bench_grading(count=10_000, runs=3):
    """亩均效益 scoring of a zone of `count` enterprises, each on its parcel: grading.services.run_grading
    as the page's button runs it (inputs and land read, pandas scoring, results and history written),
    first run and rerun, in a transaction rolled back after each sample."""
    import numpy as np

    from grading import services as grading_services
    from grading.examples import install_example
    from grading.models import EnterpriseYear
    from projects.models import Parcel

    year = clock.today().year - 1
    first, rerun = [], []
    for sample in range(runs):
        rng = np.random.default_rng(sample)
        try:
            with transaction.atomic():
                zone = Zone.objects.create(code="GRADEBENCH", name="亩均评价基准测试区")
                firms = Enterprise.objects.bulk_create([
                    Enterprise(zone=zone, name=f"评价企业{i:05d}", credit_code=f"91GB{i:014d}", is_above_scale=i % 3 != 0)
                    for i in range(count)
                ], batch_size=2000)
                land = rng.uniform(3, 120, count)
                Parcel.objects.bulk_create([
                    Parcel(zone=zone, code=f"GB-{i:05d}", area_mu=Decimal(str(round(land[i], 2))), holder=firm,
                           status=Parcel.Status.SUPPLIED, supplied_on=datetime.date(year - 5, 1, 1))
                    for i, firm in enumerate(firms)
                ], batch_size=2000)
                tax = land * rng.lognormal(2.8, 0.8, count)
                EnterpriseYear.objects.bulk_create([
                    EnterpriseYear(enterprise=firm, year=year, is_above_scale=firm.is_above_scale, tax=Decimal(str(round(tax[i], 2))),
                                   value_added=Decimal(str(round(tax[i] * 4, 2))), revenue=Decimal(str(round(tax[i] * 16, 2))),
                                   energy=Decimal(str(round(tax[i] * 2, 2))), employees=int(10 + tax[i] % 500),
                                   rd=Decimal(str(round(tax[i] * 0.3, 2))), emissions={"COD": 1.5, "NOx": 0.8})
                    for i, firm in enumerate(firms)
                ], batch_size=2000)
                install_example(zone, year, "weighted")
                for samples in (first, rerun):
                    started = time.perf_counter()
                    grading_services.run_grading(zone, year, user=None, channel="system")
                    samples.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
    record(f"grading {count:,} enterprises (first run)", "zone", first)
    record(f"grading {count:,} enterprises (rerun)", "zone", rerun)


def bench_sql_floor(zones, year, month):
    for size, zone_ids in [("zone", [zones[0].pk]), ("all", [z.pk for z in zones])]:
        samples = []
        for n in range(REPEAT_FAST + 2):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(CORE_SQL, {"year": year, "month": month, "zones": zone_ids})
                rows = cursor.fetchall()
            if n >= 2:
                samples.append((time.perf_counter() - started) * 1000)
        record("dashboard core aggregate, one SQL query", size, samples, rows=len(rows))


# --- imports -------------------------------------------------------------------------------------------


def import_rows(zones, first_year):
    """IMPORT_ROWS new values shaped like the first generated year (scaled down 10% a year back)
    for the years 2000 up to it; when those run out, for extra zones (EXTRA_ZONE codes) that
    each timed run creates inside its rolled-back transaction."""
    indicators = {i.pk: i for i in Indicator.objects.all()}
    template = {}
    for v in MonthlyValue.objects.filter(year=first_year).iterator(chunk_size=5000):
        template[(v.zone_id, v.indicator_id, v.month)] = v.entered_value
    rows = []
    targets = [(zone.code, zone.pk, year) for year in range(first_year - 1, 1999, -1) for zone in zones]
    extra = 0
    while len(rows) < IMPORT_ROWS:
        if not targets:
            extra += 1
            targets = [(EXTRA_ZONE % extra, zone.pk, year) for year in range(first_year - 1, 1999, -1) for zone in zones[:1]]
        code, template_zone, year = targets.pop(0)
        factor = Decimal("0.9") ** (first_year - year)
        for month in range(1, 13):
            for indicator_id, indicator in indicators.items():
                value = template.get((template_zone, indicator_id, month))
                if value is None:
                    continue
                figure = (value * factor).quantize(Decimal(1).scaleb(-indicator.decimals))
                rows.append((code, indicator.code, year, month, figure))
                if len(rows) == IMPORT_ROWS:
                    return rows, extra
    return rows, extra


EXTRA_ZONE = "BX%02d"


def extra_zones(count) -> dict[str, int]:
    created = Zone.objects.bulk_create([Zone(code=EXTRA_ZONE % n, name=f"基准导入开发区{n:02d}") for n in range(1, count + 1)])
    return {z.code: z.pk for z in Zone.objects.filter(code__in=[z.code for z in created])}


def values_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["zone", "indicator", "year", "month", "value", "unit", "yoy", "comment"])
    for zone, code, year, month, value in rows:
        writer.writerow([zone, code, year, month, value, "", "", ""])
    return out.getvalue().encode("utf-8")


def bench_imports(zones, first_year):
    rows, extra = import_rows(zones, first_year)
    data = values_csv(rows)
    print(f"  import file: {len(rows):,} rows, {len(data) / 1e6:.1f} MB", flush=True)
    admin = User.objects.get(username="bench_admin")
    before = MonthlyValue.objects.count()
    indicator_ids = {i.code: i.pk for i in Indicator.objects.all()}
    now = timezone.now()

    def resolve():
        zone_ids = {z.code: z.pk for z in zones} | extra_zones(extra)
        return [(zone_ids[z], indicator_ids[c], y, m, v) for z, c, y, m, v in rows]

    contenders = {}
    if apps.is_installed("dataio"):
        from dataio.registry import get_kind
        from dataio.services import run_import

        contenders[OURS] = (
            lambda: _run_ours(run_import, get_kind("values"), data, admin), lambda: extra_zones(extra))
    contenders["insert values, bulk_create"] = (lambda resolved: _bulk_create(resolved, now), resolve)
    contenders[COPY_FLOOR] = (lambda resolved: _copy(resolved, now), resolve)
    # Each in turn, IMPORT_RUNS times: a slow spell of the shared machine then slows all of them
    # alike rather than one, and the median of each sets the ratio.
    seconds = {name: [] for name in contenders}
    for _ in range(IMPORT_RUNS):
        for name, (work, prepare) in contenders.items():
            seconds[name].append(timed_rolled_back(work, prepare))
    timed = {}
    for name, runs in seconds.items():
        elapsed = stats.median(runs)
        timed[name] = record(name, f"{len(rows) // 1000}k", rows_per_s=len(rows) / elapsed, seconds=round(elapsed, 2),
                             runs=[round(r, 2) for r in runs])
    ours = timed.get(OURS)
    if ours is None:
        record("import values, ours (dataio not on this branch)", "-")

    plain_rows = rows[:PLAIN_ROWS]
    elapsed = timed_rolled_back(lambda: _run_plain(values_csv(plain_rows)))
    plain = record("import values, plain ModelResource", f"{len(plain_rows) // 1000}k", rows_per_s=len(plain_rows) / elapsed, seconds=round(elapsed, 2))
    assert MonthlyValue.objects.count() == before, "a benchmark import was not rolled back"
    return ours, plain, timed[COPY_FLOOR]


OURS = "import values, ours (checks + history)"
COPY_FLOOR = "insert values, PostgreSQL COPY (floor)"


def timed_rolled_back(work, prepare=None) -> float:
    """Seconds `work` takes inside a transaction that is then rolled back; `prepare` runs first,
    untimed, and its result is passed to `work` when it returns one."""
    # Each run starts from the same tables: the rows of the runs before, rolled back, are dead
    # rows that reads and index inserts step over (a live server's autovacuum clears them); left
    # in, they slowed each run of ours more than the last (1.47, 1.68, 1.75 s), and COPY too.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {MonthlyValue._meta.db_table}, {ZoneMonth._meta.db_table}")
    try:
        with transaction.atomic():
            prepared = prepare() if prepare else None
            started = time.perf_counter()
            work(prepared) if isinstance(prepared, list) else work()
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed


def _run_ours(run_import, kind, data, user):
    report = run_import(kind, data, "bench.csv", user, apply=True)
    if not report.ok:
        raise SystemExit(f"our import refused the benchmark file: {[str(e) for e in report.errors[:5]]}")


def _run_plain(data):
    from import_export import fields, resources, widgets
    import tablib

    class PlainValueResource(resources.ModelResource):
        zone = fields.Field(attribute="zone", column_name="zone", widget=widgets.ForeignKeyWidget(Zone, "code"))
        indicator = fields.Field(attribute="indicator", column_name="indicator", widget=widgets.ForeignKeyWidget(Indicator, "code"))
        value = fields.Field(attribute="ytd_value", column_name="value", widget=widgets.DecimalWidget())

        class Meta:
            model = MonthlyValue
            fields = ("zone", "indicator", "year", "month", "value")
            import_id_fields = ("zone", "indicator", "year", "month")

    dataset = tablib.Dataset().load(data.decode("utf-8"), format="csv")
    result = PlainValueResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()


def _bulk_create(resolved, now):
    MonthlyValue.objects.bulk_create(
        [MonthlyValue(zone_id=z, indicator_id=i, year=y, month=m, ytd_value=v, month_value=v, updated_at=now) for z, i, y, m, v in resolved],
        batch_size=5000,
    )


def _copy(resolved, now):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    stamp = now.isoformat()
    for z, i, y, m, v in resolved:
        writer.writerow([z, i, y, m, v, v, "\\N", "", stamp])
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY indicators_monthlyvalue (zone_id, indicator_id, year, month, month_value, ytd_value, published_yoy, comment, updated_at)"
            " FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


# --- main ---------------------------------------------------------------------------------------------


def main():
    if connection.vendor != "postgresql":
        raise SystemExit("bench needs PostgreSQL: set DATABASE_URL (make bench creates a database when it is unset)")
    if ONLY == "grading":
        bench_grading()
        return
    zones = list(Zone.objects.filter(name__startswith="基准测试开发区").order_by("code"))
    if not zones:
        raise SystemExit("no benchmark data: run manage.py generate_bench_data first")
    last = ZoneMonth.objects.filter(zone=zones[0]).order_by("-year", "-month").first()
    first_year = ZoneMonth.objects.filter(zone=zones[0]).order_by("year").first().year
    value_count = MonthlyValue.objects.count()
    print(f"DevZone bench on PostgreSQL, {SIZE} size: {len(zones)} zones, {value_count:,} monthly values, "
          f"{last.year}-{last.month:02d} latest; {REPEAT} requests per page, {REPEAT_FAST} of the fast ones; "
          f"cache in {'Redis' if os.environ.get('REDIS_URL') else 'process memory'}\n", flush=True)
    reset_queries()
    if ONLY != "import":
        bench_pages(zones[0], last.year, last.month)
        bench_sql_floor(zones, last.year, last.month)
        bench_grading()
    ours = None
    if ONLY != "pages":
        ours, plain, copy = bench_imports(zones, first_year)

    ratios = {}
    if ours:
        ratios["import ours / COPY (time)"] = round(copy["rows_per_s"] / ours["rows_per_s"], 2)
        ratios["import ours / plain ModelResource (speed)"] = round(ours["rows_per_s"] / plain["rows_per_s"], 1)
    floor = {r["size"]: r for r in RESULTS if r["name"].startswith("dashboard core aggregate")}
    request_floor = next((r for r in RESULTS if r["name"] == REQUEST_FLOOR), None)
    for r in RESULTS:
        if r["name"].startswith("dashboard") and not r["name"].startswith("dashboard core") and "p95_ms" in r:
            ratios[f"{r['name']} ({r['size']}) p95 / SQL floor p95"] = round(r["p95_ms"] / floor[r["size"]]["p95_ms"], 1)
    for r in RESULTS:
        if r["name"] in ("dashboard", "dashboard zone comparison") and request_floor:
            ratios[f"{r['name']} ({r['size']}) p95 / request floor p95"] = round(r["p95_ms"] / request_floor["p95_ms"], 1)
    print()
    for name, ratio in ratios.items():
        print(f"{name:52} {ratio}×")

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    out = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(), "postgresql": pg_version},
        "data": {"size": SIZE, "zones": len(zones), "enterprises": Enterprise.objects.count(), "monthly_values": value_count, "latest_month": f"{last.year}-{last.month:02d}"},
        "repeat": REPEAT,
        "repeat_fast": REPEAT_FAST,
        "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
        "results": RESULTS,
        "ratios": ratios,
    }
    target = Path(os.environ.get("BENCH_JSON", BASE_DIR / f"bench-results-{SIZE}.json"))
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"\nwritten {target}")


if __name__ == "__main__":
    main()
