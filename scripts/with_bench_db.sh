#!/usr/bin/env bash
# Run a command against a PostgreSQL database holding generate_bench_data's set of BENCH_SIZE:
# city (default: 20 zones, 10,000 enterprises, 10 years) or province (200, 100,000, 10);
# BENCH_ZONES, BENCH_ENTERPRISES and BENCH_YEARS override the size's figures.
# With DATABASE_URL set, that database is used (generated into when it has no benchmark data);
# without it, a fresh database is created for the run and dropped afterwards (KEEP_BENCH_DB=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}

if ! pg_isready -h "$PGHOST" -p "$PGPORT" >/dev/null 2>&1; then
    echo "PostgreSQL is not answering; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -h "$PGHOST" -p "$PGPORT" >/dev/null 2>&1 && break; sleep 1; done
fi

case "${BENCH_SIZE:-city}" in
    city) sizes=(20 10000 10) ;;
    province) sizes=(200 100000 10) ;;
    *) echo "BENCH_SIZE must be city or province, not ${BENCH_SIZE}" >&2; exit 2 ;;
esac
export BENCH_SIZE=${BENCH_SIZE:-city}
export BENCH_ZONES=${BENCH_ZONES:-${sizes[0]}} BENCH_ENTERPRISES=${BENCH_ENTERPRISES:-${sizes[1]}} BENCH_YEARS=${BENCH_YEARS:-${sizes[2]}}

psql_admin() {
    PGOPTIONS="-c client_min_messages=warning" psql -h "$PGHOST" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q -c "$1" </dev/null
}

if [ -z "${DATABASE_URL:-}" ]; then
    DB_NAME="devzone_bench_$(date +%Y%m%d%H%M%S)_$$"
    psql_admin "CREATE DATABASE \"${DB_NAME}\""
    if [ "${KEEP_BENCH_DB:-0}" != "1" ]; then
        trap 'psql_admin "DROP DATABASE IF EXISTS \"${DB_NAME}\" WITH (FORCE)" || true' EXIT
    else
        echo "Keeping database ${DB_NAME}"
    fi
    export DATABASE_URL="postgres://postgres@${PGHOST}:${PGPORT}/${DB_NAME}"
fi
export DEBUG=0
# As in production (docs/operations.md): the shared cache, and the sessions read from it, in Redis
# when one answers. Database 15, so a developer's own Redis data is left alone.
if [ -z "${REDIS_URL:-}" ] && "$PY" -c "import redis; redis.Redis.from_url('redis://127.0.0.1:6379/15').ping()" 2>/dev/null; then
    export REDIS_URL=redis://127.0.0.1:6379/15
    # Emptied first: a fresh database numbers its zones and versions from the start again, so
    # parts kept by an earlier run would answer for this one's.
    "$PY" -c "import redis; redis.Redis.from_url('$REDIS_URL').flushdb()"
fi
echo "Shared cache: ${REDIS_URL:-the memory of each process (no Redis answered)}"

"$PY" manage.py migrate --noinput -v0
if ! "$PY" manage.py shell -v 0 -c "from zones.models import Zone; raise SystemExit(0 if Zone.objects.filter(name__startswith='基准测试开发区').exists() else 1)"; then
    "$PY" manage.py generate_bench_data --zones "$BENCH_ZONES" --enterprises "$BENCH_ENTERPRISES" --years "$BENCH_YEARS"
fi
# Fresh data and earlier runs' rolled-back imports leave stale planner statistics and dead rows,
# which autovacuum clears on a live server in its own time; clear them now so runs compare.
PGOPTIONS="-c client_min_messages=warning" psql "$DATABASE_URL" -q -c "VACUUM ANALYZE" </dev/null
"$@"
