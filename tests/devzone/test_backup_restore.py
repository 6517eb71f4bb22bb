"""The `manage.py dumpdata` backup of docs/operations.md restores into an emptied database
exactly: every row of every backed-up table comes back. XML, because the JSON serializer
cuts timestamps to the millisecond. Content types and permissions are
rebuilt by migrate/flush and referred to by natural key, so their ids may differ."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from indicators.models import MonthlyValue

# What the backup leaves out: rebuilt by migrate (content types, permissions) or disposable.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _models():
    return [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in {"contenttypes", "sessions", "admin"} and m is not Permission
    ]


def _columns(model):
    """Every column, with references to content types and permissions by natural key."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key and model._meta.auto_created:
            continue  # many-to-many rows are dumped as lists: their own ids are not kept
        target = getattr(field, "related_model", None)
        if target is ContentType:
            columns += [f"{field.name}__app_label", f"{field.name}__model"]
        elif target is Permission:
            columns += [f"{field.name}__codename", f"{field.name}__content_type__app_label"]
        else:
            columns.append(field.attname)
    return columns


def _contents():
    return {m._meta.label: sorted(m._base_manager.values_list(*_columns(m)), key=repr) for m in _models()}


@pytest.fixture
def content_type_cache():
    yield
    # flush rebuilds the content types under new ids and caches them; the rollback brings the old
    # rows back, so later tests would write history under ids that no longer exist.
    ContentType.objects.clear_cache()


@pytest.mark.django_db
def test_dumpdata_backup_restores_every_row(tmp_path, settings, content_type_cache):
    """Inside the test's transaction, so the emptied database is rolled back afterwards."""
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", verbosity=0)
    before = _contents()
    assert len(before["indicators.MonthlyValue"]) > 100 and before["audit.ChangeRecord"]

    backup = tmp_path / "devzone-backup.xml.gz"
    call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDE, output=str(backup), verbosity=0)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses to run while this transaction's deferred foreign-key checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert not MonthlyValue.objects.exists()

    call_command("loaddata", str(backup), verbosity=0)
    assert _contents() == before
