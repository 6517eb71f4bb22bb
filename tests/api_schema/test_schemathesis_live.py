"""schemathesis against the live schema: every operation, as staff and as the leader of one zone,
with a bounded number of examples. No answer may be a server error, and every answer must match
the schema (status, content type, headers, body).

Not part of `make test` (deselected by the api_schema marker in pytest.ini): `make
test-api-schema` runs it, and .ci/run calls that after the suite, on PostgreSQL.
"""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from api.tokens import create_token
from tests.conftest import submit_through

pytestmark = [pytest.mark.api_schema, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def api_data(catalogue, zone, other_zone, staff, reviewer, leader, enter, set_target, settings):
    """A zone with figures, a target, an approved month and records, so operations reach real data."""
    from indicators import workflow
    from indicators.selectors import zone_month
    from projects.models import Enterprise, Parcel, Project

    settings.API_THROTTLE_RATE = "100000/min"
    set_target(zone, 2024, "fixed_asset_investment", 55)
    for month in range(1, 11):
        enter(zone, 2024, month, {"fixed_asset_investment": 2 * month, "tax_revenue": 1000 * month})
    submit_through(zone, 2024, 10, staff)
    workflow.approve(zone_month(zone, 2024, 10), reviewer)
    company = Enterprise.objects.create(zone=zone, name="华星科技", credit_code="91320500MA1XXXXX0J")
    Project.objects.create(zone=zone, name="新能源项目", enterprise=company, conceived_on="2024-01-05")
    Parcel.objects.create(zone=zone, code="HX-001", area_mu=20)


def _schema(live_server, key, folder: Path) -> Path:
    request = urllib.request.Request(f"{live_server.url}/api/v1/schema/?format=json", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        schema = json.load(response)
    path = folder / "openapi.json"
    path.write_text(json.dumps(schema))
    return path


# (operations, phases, examples) per role. Staff, who write, get the coverage phase's boundary
# cases; the .docx downloads take a second or two each, so they get the examples and a few
# generated cases only, and the leader (who reads) examples and generated cases everywhere.
RUNS = {
    "staff": [(["--exclude-tag", "reports"], "examples,coverage,fuzzing", 5), (["--include-tag", "reports"], "examples,fuzzing", 3)],
    "leader": [([], "examples,fuzzing", 5)],
}


@pytest.mark.parametrize("role", RUNS)
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema(request, role, api_data, live_server, tmp_path):
    _token, key = create_token(request.getfixturevalue(role), "schemathesis")
    schema = _schema(live_server, key, tmp_path)
    for operations, phases, examples in RUNS[role]:
        started = time.monotonic()
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", str(schema), "--url", live_server.url, "-H", f"Authorization: Bearer {key}",
             *operations, "--checks", CHECKS, "--max-examples", str(examples), "--phases", phases,
             "--workers", "1", "--seed", "19", "--generation-database", "none", "--request-timeout", "30",
             "--suppress-health-check", "all", "--no-color", "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,  # its crash cache stays out of the tree
        )
        print(f"schemathesis as {role}, {' '.join(operations)}: {time.monotonic() - started:.0f} s")
        assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
