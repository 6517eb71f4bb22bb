#!/usr/bin/env bash
# Load test against gunicorn on 127.0.0.1 (run through scripts/with_bench_db.sh by `make loadtest`):
# LOADTEST_LEADERS leaders reading and LOADTEST_STAFF staff saving months for LOADTEST_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
PORT=${LOADTEST_PORT:-8765}
WORKERS=${LOADTEST_WORKERS:-4}
LEADERS=${LOADTEST_LEADERS:-50}
STAFF=${LOADTEST_STAFF:-10}
SECONDS_TO_RUN=${LOADTEST_SECONDS:-60}
export ALLOWED_HOSTS=127.0.0.1 DEBUG=0 CONN_MAX_AGE=60

read -r LOADTEST_YEAR LOADTEST_MONTH < <("$PY" manage.py shell -v 0 -c "
from indicators.models import ZoneMonth
m = ZoneMonth.objects.filter(zone__code='B01').order_by('-year', '-month').first()
print(m.year, m.month)")
export LOADTEST_YEAR LOADTEST_MONTH

"$BIN/gunicorn" devzone.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
    --access-logfile /dev/null --error-logfile "${TMPDIR:-/tmp}/devzone-loadtest-gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do
    curl -s -o /dev/null "http://127.0.0.1:${PORT}/accounts/login/" && break
    sleep 1
done

echo "gunicorn: ${WORKERS} workers on 127.0.0.1:${PORT}; ${LEADERS} leaders + ${STAFF} staff for ${SECONDS_TO_RUN}s; month ${LOADTEST_YEAR}-${LOADTEST_MONTH}"
# Locust's classes are weighted 50:10, so LEADERS+STAFF users split as asked for the defaults.
"$BIN/locust" -f scripts/locustfile.py --headless --host "http://127.0.0.1:${PORT}" \
    -u "$((LEADERS + STAFF))" -r "$((LEADERS + STAFF))" -t "${SECONDS_TO_RUN}s" --stop-timeout 10 \
    --only-summary --csv "${TMPDIR:-/tmp}/devzone-loadtest"
