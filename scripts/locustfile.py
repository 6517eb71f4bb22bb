"""Load test: leaders reading and staff saving months, against gunicorn (scripts/loadtest.sh).

Users come from generate_bench_data, logged in beforehand: bench_city_leader (every zone), bench_leader (zone B01)
and bench_staff_<zone>, one staff account per zone so each saves its own zone's latest month,
as in real use. Leaders read the pages in LOADTEST_LEADER_PAGES (those that answer 404 on this
build are left out at start, and reported).
"""

import itertools
import json
import os
import random
import re
import subprocess
import sys

import requests
from locust import HttpUser, between, events, task

ZONES = [f"B{n:02d}" for n in range(1, int(os.environ.get("BENCH_ZONES", "20")) + 1)]
YEAR, MONTH = int(os.environ["LOADTEST_YEAR"]), int(os.environ["LOADTEST_MONTH"])
LEADER_PAGES = os.environ.get(
    "LOADTEST_LEADER_PAGES",
    "/dashboard/?zone={zone};/dashboard/compare/;/entry/{zone}/{year}/{month}/;/review/;/reports/{zone}/{year}/",
).split(";")
INPUT = re.compile(r'<input[^>]*\bname="(?P<name>v_\w+|version|csrfmiddlewaretoken)"(?:[^>]*?\bvalue="(?P<value>[^"]*)")?[^>]*>')
_staff_numbers = itertools.count()


SESSIONS = {}


def login(user, username):
    """Sessions are prepared by `manage.py bench_sessions`: the run measures pages, not PBKDF2."""
    user.client.cookies.set("sessionid", SESSIONS[username])


@events.test_start.add_listener
def keep_pages_of_this_build(environment, **kwargs):
    """Leave out leader pages this build does not have yet (404), and say so."""
    manage = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "manage.py")
    SESSIONS.update(json.loads(subprocess.run(
        [sys.executable, manage, "bench_sessions"], check=True, capture_output=True, text=True
    ).stdout))
    session = requests.Session()
    host = environment.host
    session.cookies.set("sessionid", SESSIONS["bench_city_leader"])
    available = []
    for template in LEADER_PAGES:
        status = session.get(host + template.format(zone=ZONES[0], year=YEAR, month=MONTH)).status_code
        if status == 404:
            print(f"leader page not on this build, left out: {template}")
        else:
            available.append(template)
    LEADER_PAGES[:] = available


class Leader(HttpUser):
    weight = 50
    wait_time = between(1, 3)

    def on_start(self):
        self.city = random.random() < 0.5
        login(self, "bench_city_leader" if self.city else "bench_leader")

    @task
    def read(self):
        zone = random.choice(ZONES) if self.city else "B01"
        template = random.choice(LEADER_PAGES)
        path = template.format(zone=zone, year=YEAR, month=MONTH)
        self.client.get(path, name=template.split("?")[0] + (" (city)" if self.city and "{zone}" not in template else ""))


class Staff(HttpUser):
    weight = 10
    wait_time = between(2, 5)

    def on_start(self):
        self.zone = ZONES[next(_staff_numbers) % len(ZONES)]
        login(self, f"bench_staff_{self.zone}")
        self.url = f"/entry/{self.zone}/{YEAR}/{MONTH}/"
        self.flip = False

    @task
    def save_month(self):
        page = self.client.get(self.url, name="/entry/{zone}/{year}/{month}/ (staff)")
        fields = {}
        for match in INPUT.finditer(page.text):
            fields[match["name"]] = match["value"] or ""
        if "version" not in fields:
            return
        # Alternate between the stored figures and 0.1% more so every save writes every value.
        self.flip = not self.flip
        data = {"confirm_warnings": "on", "version": fields["version"], "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", "")}
        for name, value in fields.items():
            if name.startswith("v_") and value:
                # Counts (stock indicators) are whole numbers and stay as they are.
                data[name] = f"{float(value) * (1.001 if self.flip else 1 / 1.001):.4f}" if "." in value else value
        with self.client.post(self.url, data, allow_redirects=False, name="save month POST", catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"save answered {response.status_code}")


@events.quitting.add_listener
def summary(environment, **kwargs):
    stats = environment.stats.total
    print(
        f"\nLOADTEST SUMMARY: {stats.num_requests} requests, {stats.total_rps:.1f} req/s, "
        f"median {stats.median_response_time:.0f} ms, p95 {stats.get_response_time_percentile(0.95):.0f} ms, "
        f"p99 {stats.get_response_time_percentile(0.99):.0f} ms, errors {stats.num_failures}"
    )
    if stats.num_failures:
        environment.process_exit_code = 1
