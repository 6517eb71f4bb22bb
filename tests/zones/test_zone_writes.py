"""Zones and parks change through one service each (zones.writes), whatever the channel: the
import and the admin leave the same history, meet the same refusal for the same bad row, and
parks, like zones, are an administrator's."""

import pytest

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import run_import
from zones.models import Park, Zone, ZoneDataVersion


def imported(kind, text, user, apply=True):
    return run_import(get_kind(kind), text.encode(), "file.csv", user, apply=apply)


def written():
    return {
        "zones": sorted(Zone.objects.values_list("code", "name")),
        "parks": sorted(Park.objects.values_list("zone__code", "name")),
        "history": ChangeRecord.objects.count(),
        "versions": sorted(ZoneDataVersion.objects.values_list("zone_id", "version")),
    }


def page_errors(response) -> str:
    assert response.status_code == 200, "the admin saved a row the import refuses"
    return response.content.decode()


def test_renaming_a_zone_by_import_is_recorded(zone, other_zone, administrator):
    versions = dict(ZoneDataVersion.objects.values_list("zone_id", "version"))
    report = imported("zones", "code,name\nHX,新城经济技术开发区\nLH,临海经济开发区\n", administrator)
    assert report.applied and report.counts["changed"] == 1 and report.counts["unchanged"] == 1
    record = ChangeRecord.objects.get()
    assert (record.field, record.old_value, record.new_value) == ("name", "XX经济技术开发区", "新城经济技术开发区")
    assert (record.channel, record.user, record.zone) == ("import", administrator, zone)
    # Every dashboard shows zone names: every zone's cached parts are recomputed.
    assert all(versions.get(z) != version for z, version in ZoneDataVersion.objects.values_list("zone_id", "version"))
    assert ZoneDataVersion.objects.count() == 2


def test_a_zones_file_changing_nothing_writes_nothing(zone, administrator):
    before = written()
    assert imported("zones", "code,name\nHX,XX经济技术开发区\n", administrator).applied
    assert written() == before


def test_a_new_park_is_recorded_under_its_zone(zone, administrator):
    assert imported("parks", "zone,name\nHX,东园\n", administrator).applied
    record = ChangeRecord.objects.get(field="name")
    assert (record.new_value, record.zone, record.channel) == ("东园", zone, "import")


@pytest.mark.parametrize("role", ["staff", "reviewer", "leader"])
def test_parks_are_imported_by_administrators_only(request, zone, role):
    before = written()
    for apply in (False, True):
        report = imported("parks", "zone,name\nHX,东园\n", request.getfixturevalue(role), apply=apply)
        assert not report.ok and not report.applied
        assert [str(issue) for issue in report.errors if issue.row is None] == ["文件: 只有管理员可以新增或修改园区"]
    assert written() == before


def test_the_import_page_tells_staff_why_a_parks_file_is_refused(zone, staff, client_for):
    before = written()
    upload = {"kind": "parks", "file": _file("zone,name\nHX,东园\n")}
    page = client_for(staff).post("/data/", upload).content.decode()
    assert "只有管理员可以新增或修改园区" in page
    assert written() == before


def test_an_import_with_one_bad_zone_applies_none(zone, administrator):
    before = written()
    report = imported("zones", "code,name\nHX,新城经济技术开发区\nNEW,新区\nbad code,坏区\n", administrator)
    assert not report.applied and [issue.row for issue in report.errors] == [4]
    assert written() == before


def test_a_bad_zone_code_is_refused_alike_by_import_and_admin(zone, administrator, client_for):
    before = written()
    report = imported("zones", "code,name\nhx-1,新区\n", administrator)
    [issue] = report.errors
    page = page_errors(client_for(administrator).post("/admin/zones/zone/add/", {
        "code": "hx-1", "name": "新区", "parks-TOTAL_FORMS": "0", "parks-INITIAL_FORMS": "0"}))
    assert (issue.column, issue.message) == ("代码", "代码须为大写字母开头的字母、数字或下划线，最长16位")
    assert issue.message in page
    assert written() == before


def test_a_zone_named_as_another_is_refused_alike_by_import_and_admin(zone, other_zone, administrator, client_for):
    before = written()
    [issue] = imported("zones", f"code,name\nLH,{zone.name}\n", administrator).errors
    page = page_errors(client_for(administrator).post(f"/admin/zones/zone/{other_zone.pk}/change/", {
        "code": "LH", "name": zone.name, "parks-TOTAL_FORMS": "0", "parks-INITIAL_FORMS": "0"}))
    assert issue.column == "名称" and issue.message in page
    assert written() == before


def test_a_park_twice_in_a_zone_is_refused_alike_by_import_and_admin(zone, administrator, client_for):
    before = written()
    [issue] = imported("parks", "zone,name\nHX,东园\nHX,东园\n", administrator).errors
    assert issue.row == 3
    Park.objects.create(zone=zone, name="东园")
    before = written()
    page = page_errors(client_for(administrator).post("/admin/zones/park/add/", {"zone": zone.pk, "name": "东园"}))
    assert issue.message in page
    assert written() == before


def test_an_admin_rename_leaves_the_same_history_as_an_import(zone, administrator, client_for):
    park = zone.parks.get(name="南园")
    response = client_for(administrator).post(f"/admin/zones/park/{park.pk}/change/", {"zone": zone.pk, "name": "南区"})
    assert response.status_code == 302
    record = ChangeRecord.objects.get()
    assert (record.field, record.old_value, record.new_value) == ("name", "南园", "南区")
    assert (record.channel, record.user, record.zone) == ("admin", administrator, zone)


def test_parks_added_on_the_zone_page_are_recorded(zone, administrator, client_for):
    parks = list(zone.parks.order_by("pk"))
    data = {"code": "HX", "name": zone.name, "parks-TOTAL_FORMS": "3", "parks-INITIAL_FORMS": "2"}
    for index, park in enumerate(parks):
        data |= {f"parks-{index}-id": park.pk, f"parks-{index}-zone": zone.pk, f"parks-{index}-name": park.name}
    data |= {"parks-2-zone": zone.pk, "parks-2-name": "北园"}
    response = client_for(administrator).post(f"/admin/zones/zone/{zone.pk}/change/", data)
    assert response.status_code == 302
    record = ChangeRecord.objects.get(field="name")
    assert (record.new_value, record.channel, record.zone) == ("北园", "admin", zone)


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("parks.csv", text.encode(), content_type="text/csv")
