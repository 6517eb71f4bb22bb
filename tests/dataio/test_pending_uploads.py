"""Uploads waiting between the browser preview and its confirm are database rows, so the confirm
may reach another application server; each is its user's, one per kind, and expires."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from dataio.limits import FileRejected
from dataio.models import PendingUpload
from dataio.registry import get_kind
from dataio.services import park_upload
from indicators.models import MonthlyValue
from zones.models import User

EXPIRED = "导入已过期或已完成，请重新上传文件。"


def _upload(text, name):
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def _values_file(value, name="values.csv"):
    return _upload(f"zone,indicator,year,month,value\nHX,tax_revenue,2025,10,{value}\n", name)


def _preview(client, upload, kind="values"):
    page = client.post("/data/", {"kind": kind, "file": upload}).content.decode()
    return re.search(r'name="token" value="(\w+)"', page).group(1)


def _confirm(client, token):
    return client.post("/data/confirm/", {"token": token}, follow=True).content.decode()


def _stored_value():
    return MonthlyValue.objects.get(indicator__code="tax_revenue", year=2025, month=10).ytd_value


def test_a_confirm_reaching_another_server_finds_the_upload(zone, staff, client_for):
    first, second = client_for(staff), client_for(staff)  # two logins: nothing shared but the database
    assert first.session.session_key != second.session.session_key
    token = _preview(first, _values_file(26362))
    assert PendingUpload.objects.get(user=staff).filename == "values.csv"
    assert "新增1行" in _confirm(second, token)
    assert _stored_value() == Decimal("26362")
    assert not PendingUpload.objects.exists()
    assert EXPIRED in _confirm(first, token)  # applied once only
    assert MonthlyValue.objects.count() == 1


def test_another_user_cannot_confirm_or_cancel_an_upload(zone, staff, administrator, client_for):
    colleague = User.objects.create_user(username="staff2", role=User.Role.STAFF)
    colleague.zones.set([zone])
    token = _preview(client_for(staff), _values_file(100))
    for other in (colleague, administrator):
        assert EXPIRED in _confirm(client_for(other), token)
        client_for(other).post("/data/cancel/", {"kind": "values", "token": token})
    assert not MonthlyValue.objects.exists()
    assert "新增1行" in _confirm(client_for(staff), token)


def test_a_new_upload_of_the_same_kind_replaces_the_earlier_one(zone, staff, client_for):
    client = client_for(staff)
    old = _preview(client, _values_file(100))
    new = _preview(client, _values_file(200, name="second.csv"))
    targets = _preview(client, _upload("zone,indicator,year,target\nHX,tax_revenue,2025,100\n", "targets.csv"), kind="targets")
    assert sorted(PendingUpload.objects.filter(user=staff).values_list("kind", flat=True)) == ["targets", "values"]
    assert PendingUpload.objects.get(kind="values").filename == "second.csv"
    assert EXPIRED in _confirm(client, old)
    assert "新增1行" in _confirm(client, new)
    assert _stored_value() == Decimal("200")
    assert PendingUpload.objects.get().token == targets


def test_the_database_holds_one_upload_per_user_and_kind(staff):
    park_upload(staff, get_kind("values"), "a.csv", b"a")
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingUpload.objects.create(user=staff, kind="values", token="other", filename="b.csv", data=b"b", size=1)


def test_a_preview_with_errors_drops_the_earlier_upload_of_its_kind(zone, staff, client_for):
    client = client_for(staff)
    token = _preview(client, _values_file(100))
    client.post("/data/", {"kind": "values", "file": _values_file("abc")})
    assert not PendingUpload.objects.exists()
    assert EXPIRED in _confirm(client, token)


def test_cancel_removes_the_upload(zone, staff, client_for):
    client = client_for(staff)
    token = _preview(client, _values_file(100))
    assert client.post("/data/cancel/", {"kind": "values", "token": token}).status_code == 302
    assert not PendingUpload.objects.exists()
    assert EXPIRED in _confirm(client, token)
    assert not MonthlyValue.objects.exists()


@pytest.mark.parametrize("hours, expired", [(25, True), (23, False)])
def test_an_upload_expires_after_a_day(zone, staff, client_for, hours, expired):
    client = client_for(staff)
    token = _preview(client, _values_file(100))
    PendingUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=hours))
    page = _confirm(client, token)
    assert (EXPIRED in page) is expired and MonthlyValue.objects.exists() is not expired
    assert not PendingUpload.objects.exists()  # deleted either way


def test_the_command_clears_expired_uploads_only(staff, administrator, settings):
    settings.IMPORT_PENDING_HOURS = 2
    old = park_upload(staff, get_kind("values"), "old.csv", b"old")
    fresh = park_upload(administrator, get_kind("values"), "fresh.csv", b"fresh")
    PendingUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))
    PendingUpload.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    out = io.StringIO()
    call_command("clear_expired_uploads", stdout=out)
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert "已删除1个" in out.getvalue()


def test_an_upload_over_the_size_limit_is_not_parked(staff, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(FileRejected):
        park_upload(staff, get_kind("values"), "big.csv", b"x" * 11)
    assert not PendingUpload.objects.exists()
    assert park_upload(staff, get_kind("values"), "ok.csv", b"x" * 10).size == 10
