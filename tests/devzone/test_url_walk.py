"""Every URL of the project, GET as every role, on the demo data set.

The walk is generic: it expands each URL pattern's parameters from sample values chosen by
parameter name (and, for the admin, the first object of the page's model), so views that
land later are covered without editing this file. For each role it proves that a GET never
changes stored data (no INSERT/UPDATE/DELETE is sent, and every table is the same afterwards:
state changes are POST-only), that no page answers 500, and that the outsider (staff of another
zone) never gets a page about the demo zone. The demo is loaded once for the module.
"""

import hashlib
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern
from django.urls.exceptions import Resolver404

from demo.figures import demo_year
from demo.loading import ZONES, load_data
from indicators.models import ZoneMonth
from tests.conftest import role_user
from zones.models import Park, Zone

ROLES = ["anonymous", "staff", "reviewer", "leader", "city_leader", "administrator", "outsider"]
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
ZONE_PARAM = re.compile(r"<(?:\w+:)?zone>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")
# One test process loads the module's demo set (make test's pytest-xdist sends the group whole).
pytestmark = pytest.mark.xdist_group("url_walk")


@pytest.fixture(scope="module")
def demo_set(django_db_setup, django_db_blocker):
    """The demo figures and records of every app, loaded as `load_demo` does, with a user of
    every role, once for the module (loading is the slow part), in a transaction rolled back
    after its last test; each test runs in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        zones = {}
        for code in ("XB", "LJ"):
            name, parks = ZONES[code]
            zones[code] = Zone.objects.create(code=code, name=name)
            for park in parks:
                Park.objects.create(zone=zones[code], name=park)
        # Logged in with force_login: no password to hash.
        users = {role: role_user(role, zones["XB"], zones["LJ"], password=None) for role in ROLES if role != "anonymous"}
        year = demo_year()
        load_data(zones, year)
        month = ZoneMonth.objects.filter(zone=zones["XB"], year=year).order_by("-month").values_list("month", flat=True).first()
        yield {"zone": zones["XB"], "year": year, "month": month or 1, "users": users}
        transaction.set_rollback(True)


@pytest.fixture
def demo_data(demo_set, db):
    return demo_set


@pytest.fixture(autouse=True)
def empty_cache():
    """Not emptied between this module's tests (tests/conftest.py empties it around every other
    test): the walks only read, so the parts one role's walk kept under the demo's data versions
    serve the next, as they would on a server."""
    yield


def _client(role, data):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(data["users"][role])  # writes last_login: before the snapshot
    return client


def _patterns(resolver=None, prefix=""):
    """(route with parameters, callback) for every endpoint, includes expanded."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + _route_text(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _route_text(entry.pattern), entry.callback


def _route_text(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        # A regex pattern: keep literal text, turn each named group into a <name> parameter
        # (its first alternative kept as a hint for groups like app_label=(auth|zones)).
        text = text.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        text = REGEX_GROUP.sub(lambda m: f"<re:{m['name']}={m['body'].split('|')[0]}>", text)
        text = text.replace("\\", "")
    return text


def _first_pk(model):
    return model._base_manager.order_by("pk").values_list("pk", flat=True).first()


def _sample(converter: str | None, name: str, callback, data) -> str:
    """A value for one URL parameter that addresses demo data where the name says what it is."""
    if converter == "re" and "=" in name:
        name, hint = name.split("=", 1)
        if hint and not any(ch in hint for ch in ".*+?[]"):
            return hint
    zone, year, month = data["zone"], data["year"], data["month"]
    model_admin = getattr(callback, "model_admin", None)
    if name in {"zone", "zone_code", "code"}:
        return zone.code
    if name == "year":
        return str(year)
    if name == "month":
        return str(month)
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(Zone).pk)
    if name == "object_id" and model_admin is None:
        return str(zone.pk)
    if name in {"pk", "id", "object_id"} or name.endswith("_id") or name.endswith("_pk"):
        model = model_admin.model if model_admin else _model_named_in(callback, name)
        pk = _first_pk(model) if model else None
        return str(pk if pk is not None else 1)
    if name == "url":
        return "no-such-page/"
    if converter == "int":
        return "1"
    if converter == "uuid":
        return "00000000-0000-0000-0000-000000000000"
    return "x"


def _model_named_in(callback, name):
    """The model a view's pk refers to: named by the parameter (`project_id`) or the view."""
    hint = name.removesuffix("_id").removesuffix("_pk")
    view_name = getattr(callback, "__name__", "").lower()
    best = None
    for model in apps.get_models():
        model_name = model._meta.model_name
        if model_name == hint or model_name in view_name.replace("_", ""):
            if best is None or len(model_name) > len(best._meta.model_name):
                best = model
    return best


def _named_by_segment(route: str, match) -> str | None:
    """`indicator/<slug:code>`: the segment before a parameter names the model it picks from."""
    segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
    for model in apps.get_models():
        if model._meta.model_name == segment.replace("-", "").replace("_", ""):
            field = match["name"]
            if field in {f.attname for f in model._meta.concrete_fields}:
                value = model._base_manager.order_by("pk").values_list(field, flat=True).first()
                return None if value is None else str(value)
    return None


def _urls(data):
    urls = []
    for route, callback in _patterns():
        path = "/" + PARAM.sub(
            lambda m: _named_by_segment(route, m) or _sample(m["converter"], m["name"], callback, data), route
        )
        urls.append((route, path, callback))
    return urls


def _snapshot():
    """A fingerprint of every table (row count and a digest of its contents)."""
    fingerprint = {}
    for model in apps.get_models(include_auto_created=True):
        # PostgreSQL reads a binary column (an objection's evidence) as a memoryview, whose repr
        # is its address: compare the bytes.
        rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in model._base_manager.order_by("pk").values_list()]
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        fingerprint[model._meta.label] = (len(rows), digest)
    return fingerprint


def test_every_pattern_expands_to_a_url_that_resolves(demo_data):
    urls = _urls(demo_data)
    assert len(urls) > 20
    assert sum(route.startswith("api/v1/") for route, _path, _callback in urls) >= 20  # the API is walked too
    unresolved = []
    for route, path, callback in urls:
        try:
            match = resolve(path)
        except Resolver404:
            unresolved.append((route, path))
            continue
        if match.func is not callback and getattr(match.func, "__wrapped__", None) is not callback:
            unresolved.append((route, path, match.route))
    assert not unresolved


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|ALTER|DROP|CREATE)\b", re.IGNORECASE)


def _writes(queries) -> list[str]:
    """SQL statements that change data, other than the session store's own bookkeeping."""
    return [q["sql"][:120] for q in queries if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]


def _unchanged_by(walk):
    """Run `walk()` (which returns its failures) and add any table it changed."""
    before = _snapshot()
    failures = walk()
    after = _snapshot()
    changed = [label for label in after if after[label] != before[label] and label != "sessions.Session"]
    return failures + ([("tables changed by GET requests", changed)] if changed else [])


@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_data_or_fails(role, demo_data):
    zone_code = demo_data["zone"].code
    urls = _urls(demo_data)
    client = _client(role, demo_data)

    def walk():
        failures = []
        for route, path, _callback in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if _writes(queries.captured_queries):
                failures.append((role, path, "GET wrote", _writes(queries.captured_queries)))
            if response.status_code >= 500:
                failures.append((role, path, response.status_code))
            if role == "anonymous" and response.status_code == 200 and not _public(route):
                failures.append((role, path, "anonymous got 200"))
            if role == "outsider" and response.status_code == 200 and ZONE_PARAM.search(route) and f"/{zone_code}/" in path:
                failures.append((role, path, "outsider got 200 for another zone"))
        return failures

    assert not _unchanged_by(walk)


# What a hand-edited or hostile address may carry: every page answers it with a page, a 404 or a
# redirect, never a server error.
HOSTILE_QUERY = "?year=abc&month=13&page=-1&zone=NOPE&as_of=x&status=%00&stage=x&key=2&state=x&parcel=x&sort=x"
BAD_YEARS = ("1999", "99999")  # the converters themselves: tests/core/test_periods.py
BAD_MONTHS = ("0", "13")


def test_a_hostile_query_or_a_bad_period_never_fails(demo_data):
    """As the administrator, who reaches every page."""
    urls = _urls(demo_data)
    client = _client("administrator", demo_data)

    def fuzz():
        failures = []
        for route, path, _callback in urls:
            response = client.get(path + HOSTILE_QUERY)
            if response.status_code >= 500:
                failures.append((path + HOSTILE_QUERY, response.status_code))
            for name, bad_values in (("year", BAD_YEARS), ("month", BAD_MONTHS)):
                if f"<{name}:{name}>" not in route:
                    continue
                for bad in bad_values:
                    # The sample values are the demo's year and month, each standing once in the path.
                    segments = path.split("/")
                    index = route.split("/").index(f"<{name}:{name}>") + 1
                    segments[index] = bad
                    bad_path = "/".join(segments)
                    status = client.get(bad_path).status_code
                    if status != 404:
                        failures.append((bad_path, status, "expected 404"))
        return failures

    assert not _unchanged_by(fuzz)


def _public(route: str) -> bool:
    return route.startswith(("accounts/login/", "i18n/", "admin/login/", "static/"))
