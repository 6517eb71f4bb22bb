"""Fixtures shared by the whole suite: two zones, a user of every role, logged-in clients.

The indicator catalogue comes from the migrations, as in production.
"""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.cache import caches
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections
from django.test import Client
from rest_framework.test import APIClient
from django.utils import timezone, translation

from api.tokens import create_token
from indicators import workflow
from indicators.models import Indicator, MonthTransition, ZoneMonth
from indicators.services import ValueInput, save_values
from indicators.target_services import TargetInput, save_targets
from zones.models import Park, User, Zone
from zones.selectors import data_versions

PASSWORD = "test-pass-12345"
# What staff say when a month goes with indicators left blank (indicators.submission).
BLANKS_EXPLAINED = "其余指标本月无数据"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The throw-away test database need not wait for its commits to reach the disk: a crash
    loses only a test run (PostgreSQL's synchronous_commit, per connection)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session", autouse=True)
def no_scheduler_thread():
    """No test process runs the app's own scheduler (jobs.periodic), even one that imports the WSGI
    module: the tests of scheduled work call it themselves."""
    from django.conf import settings

    settings.PERIODIC_WORK_IN_APP = False


@pytest.fixture(autouse=True)
def default_language():
    # A test that switches the UI to English must not leave the next one in English.
    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Failed logins are counted in the cache (core/login.py): one test's failures must not
    # lock out the next test's user. Cached dashboard parts are keyed by data versions, which
    # restart with each test's rolled-back database.
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))
    return marked or bool(TRANSACTIONAL_FIXTURES & set(item.fixturenames))


class MigratedData:
    """What the migrations installed (catalogue, content types, permissions), serialized once, and
    put back into a database a transactional test emptied."""

    current = None

    def __init__(self, blocker):
        self.blocker = blocker
        with blocker.unblock():
            self.contents = connections["default"].creation.serialize_db_to_string()

    def restore(self):
        with self.blocker.unblock():
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False)
            connections["default"].creation.deserialize_db_from_string(self.contents)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker):
    MigratedData.current = MigratedData(django_db_blocker)
    return MigratedData.current


@pytest.fixture(autouse=True)
def _migrated_data_serialized(request):
    # Before the first transactional test empties the database.
    if _is_transactional(request.node):
        request.getfixturevalue("migrated_data")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """pytest-django empties the database after each transactional test and runs those last, so
    no other test meets an empty database. Under pytest-xdist a worker runs the files it is sent
    in turn, so an ordinary test may follow a transactional one: the migrations' data is put
    back for it, committed, before its own fixtures are set up."""
    yield
    if nextitem is not None and _is_transactional(item) and not _is_transactional(nextitem) and MigratedData.current:
        MigratedData.current.restore()


@pytest.fixture
def catalogue(transactional_db):
    """The catalogue the migrations install, for transactional tests (faults, kill -9, browser). They
    run on a database that an earlier transactional test emptied whenever serialized rollback could
    not restore it (after Playwright's event loop has started, Django sees another connection object)."""
    if not Indicator.objects.exists():
        importlib.import_module("indicators.migrations.0003_default_catalogue").install(django_apps, None)


@pytest.fixture
def zone(db):
    zone = Zone.objects.create(code="HX", name="XX经济技术开发区")
    Park.objects.create(zone=zone, name="南园")
    Park.objects.create(zone=zone, name="西园")
    return zone


@pytest.fixture
def other_zone(db):
    return Zone.objects.create(code="LH", name="临海经济开发区")


def _user(username, role, zones=(), password=PASSWORD, **extra):
    user = User.objects.create_user(username=username, password=password, role=role, **extra)
    user.zones.set(zones)
    return user


def role_user(role: str, zone, other_zone, password=PASSWORD) -> User:
    """The suite's user of `role`: the fixture of that name, and data sets built once per module."""
    if role == "city_leader":
        return _user("city_leader", User.Role.LEADER, password=password, sees_all_zones=True)
    if role == "administrator":
        return _user("admin", User.Role.ADMIN, password=password, is_staff=True, is_superuser=True)
    if role == "outsider":  # staff of another zone: must never reach `zone`'s data
        return _user("outsider", User.Role.STAFF, [other_zone], password=password)
    return _user(role, {"staff": User.Role.STAFF, "reviewer": User.Role.REVIEWER, "leader": User.Role.LEADER}[role],
                 [zone], password=password)


@pytest.fixture
def staff(zone):
    return role_user("staff", zone, None)


@pytest.fixture
def reviewer(zone):
    return role_user("reviewer", zone, None)


@pytest.fixture
def leader(zone):
    return role_user("leader", zone, None)


@pytest.fixture
def city_leader(zone, other_zone):
    return role_user("city_leader", zone, other_zone)


@pytest.fixture
def administrator(zone):
    return role_user("administrator", zone, None)


@pytest.fixture
def outsider(other_zone):
    return role_user("outsider", None, other_zone)


@pytest.fixture
def client_for(db):
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for(db):
    """api_for(user): an API client sending a new token of `user` (tests/api)."""

    def make(user, name="test"):
        _token, key = create_token(user, name)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make


@pytest.fixture
def month_url():
    """month_url(zone, year, month, "values/"): a zone-month's address in the API."""

    def url(zone, year, month, tail=""):
        return f"/api/v1/zones/{zone.code}/months/{year}/{month}/{tail}"

    return url


@pytest.fixture
def indicators(db):
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def enter(indicators):
    """Save figures through the service, as the entry form does: enter(zone, 2024, 10, {code: value})."""

    def save(zone, year, month, figures, *, user=None, yoy=None, channel="form", confirm=True):
        inputs = [
            ValueInput(
                zone=zone,
                indicator=indicators[code],
                year=year,
                month=month,
                value=None if value is None else Decimal(str(value)),
                published_yoy=None if not yoy or code not in yoy else Decimal(str(yoy[code])),
            )
            for code, value in figures.items()
        ]
        return save_values(inputs, user=user, channel=channel, confirm_warnings=confirm, today=datetime.date(2100, 1, 1))

    return save


@pytest.fixture
def set_target(indicators):
    def save(zone, year, code, value, unit=""):
        return save_targets(
            [TargetInput(zone=zone, indicator=indicators[code], year=year, value=Decimal(str(value)), unit=unit)],
            user=None,
            channel="form",
        )

    return save


@pytest.fixture
def investment_to_october(zone, enter, set_target):
    """Seed 004's investment: 22.32亿元 through October 2025 of a 55亿元 target."""
    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    return zone


@pytest.fixture
def versions():
    """versions(zone, ...): the zones' data versions, read as the dashboards read them."""

    def read(*zones):
        return data_versions(Zone.objects.filter(pk__in=[zone.pk for zone in zones]).with_data_version())

    return read


@pytest.fixture
def today(settings):
    """today("2026-03-04"): freeze the application's day (core.clock) for the test."""

    def freeze(iso: str) -> datetime.date:
        settings.DEVZONE_TODAY = iso
        return datetime.date.fromisoformat(iso)

    return freeze


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """on_commit(function, *args): call it and run what it left for after the commit (jobs queued,
    emails sent): the test's transaction never commits."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def submit_through(zone, year: int, month: int, user) -> None:
    """Submit, in order and with BLANKS_EXPLAINED, every month of the year on record up to `month`
    and `month` itself (months go in order: indicators.submission)."""
    on_record = ZoneMonth.objects.filter(zone=zone, year=year, month__lte=month).exclude(
        status__in=ZoneMonth.SETTLED_STATUSES).values_list("month", flat=True)
    for each in sorted({*on_record, month}):
        workflow.submit(ZoneMonth(zone=zone, year=year, month=each), user, BLANKS_EXPLAINED)


@pytest.fixture
def submit_on():
    """submit_on(zone, year, month, user, "2026-03-05"): submit the month through the workflow,
    dated (the transition's time) at noon on that day."""

    def submit(zone, year, month, user, iso):
        zone_month = ZoneMonth(zone=zone, year=year, month=month)
        workflow.submit(zone_month, user, BLANKS_EXPLAINED)
        at = timezone.make_aware(datetime.datetime.fromisoformat(iso + "T12:00"))
        latest = MonthTransition.objects.filter(
            zone_month__zone=zone, zone_month__year=year, zone_month__month=month, to_status=ZoneMonth.Status.SUBMITTED
        ).latest("id")
        MonthTransition.objects.filter(pk=latest.pk).update(created_at=at)
        return ZoneMonth.objects.get(zone=zone, year=year, month=month)

    return submit
