"""A zone's industries: list, add and edit pages for the zone's staff, and the "industries" import kind."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import ChangeRecord
from audit.services import history_for
from dataio.registry import get_kind
from dataio.services import export_file
from projects.models import Enterprise, Industry, Project
from tests import factories
from tests.projects.test_projects_io import credit_code, csv_bytes, errors, run
from tests.queries import assert_queries, page_queries

ROLES = ["staff", "reviewer", "leader", "city_leader", "administrator", "outsider"]
HEADER = ["开发区", "名称", "排序"]


def add(zone, name, order=0):
    return factories.save_industry(None, {"zone": zone, "name": name, "order": order}, user=None, channel="form")


@pytest.fixture
def industries(zone, other_zone):
    return {"energy": add(zone, "新能源", 1), "medicine": add(zone, "现代医药", 2), "ships": add(other_zone, "船舶制造", 1)}


def listed(client, **params):
    html = client.get(reverse("projects:industry_list"), params).content.decode()
    return re.findall(r'<a href="/industries/\d+/">([^<]+)</a>', html)


def field_errors(html, field):
    """The errors shown in the form paragraph of `field`."""
    paragraph = re.search(rf'<p class="field[^"]*" data-field="{field}">(.*?)</p>', html, re.S).group(1)
    return re.findall(r"<li>(.*?)</li>", paragraph)


# --- list -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, expected", [
    ("staff", ["新能源", "现代医药"]), ("reviewer", ["新能源", "现代医药"]), ("leader", ["新能源", "现代医药"]),
    ("city_leader", ["新能源", "现代医药", "船舶制造"]), ("administrator", ["新能源", "现代医药", "船舶制造"]),
    ("outsider", ["船舶制造"]),
])
def test_list_shows_the_zones_the_user_may_view(request, industries, client_for, role, expected):
    assert listed(client_for(request.getfixturevalue(role))) == expected


def test_list_filters_by_zone_and_name(industries, city_leader, client_for):
    client = client_for(city_leader)
    assert listed(client, zone="LH") == ["船舶制造"]
    assert listed(client, q="医药") == ["现代医药"]


def test_list_counts_the_enterprises_and_projects_of_each_industry(industries, zone, staff, client_for):
    energy = industries["energy"]
    for n in (1, 2):
        Enterprise.objects.create(zone=zone, name=f"光伏{n}", credit_code=credit_code(n), industry=energy)
    Project.objects.create(zone=zone, name="光伏组件", industry=energy, conceived_on="2025-01-01")
    response = client_for(staff).get(reverse("projects:industry_list"))
    row = next(row for row in response.context["page"] if row.pk == energy.pk)
    assert (row.enterprise_count, row.project_count) == (2, 1)
    assert f'{reverse("projects:enterprise_list")}?industry={energy.pk}">2<' in response.content.decode()


@pytest.mark.parametrize("role, can_add", [("staff", True), ("administrator", True), ("reviewer", False), ("leader", False)])
def test_list_offers_add_to_editors_and_export_to_all(request, industries, client_for, role, can_add):
    html = client_for(request.getfixturevalue(role)).get(reverse("projects:industry_list")).content.decode()
    assert (reverse("projects:industry_create") in html) is can_add
    assert reverse("projects:export", args=["industries", "xlsx"]) in html
    assert reverse("projects:export", args=["industries", "csv"]) in html


def test_records_pages_link_to_the_industries(staff, client_for):
    html = client_for(staff).get(reverse("projects:enterprise_list")).content.decode()
    assert f'href="{reverse("projects:industry_list")}"' in html


def test_list_queries_do_not_grow_with_the_industries(zone, staff, client_for):
    client = client_for(staff)
    url = reverse("projects:industry_list")

    def fill(count):
        Industry.objects.all().delete()
        Industry.objects.bulk_create(Industry(zone=zone, name=f"产业{n}", order=n) for n in range(count))

    client.get(url)  # the session and the content types read once
    fill(3)
    small = page_queries(client, url)
    fill(30)
    large = page_queries(client, url)
    assert len(client.get(url).context["page"]) == 30
    assert_queries(6, rows_3=small, rows_30=large)


# --- add and edit -----------------------------------------------------------------------------------


def test_staff_adds_an_industry_with_history(zone, staff, client_for):
    response = client_for(staff).post(reverse("projects:industry_create"), {"zone": zone.pk, "name": " 新材料 ", "order": "3", "version": "-1"})
    industry = Industry.objects.get(zone=zone, name="新材料", order=3)
    assert response.status_code == 302 and response.url == reverse("projects:industry_detail", args=[industry.pk])
    assert {(c.field, c.channel, c.user) for c in history_for(industry)} == {
        ("zone", "form", staff), ("name", "form", staff), ("order", "form", staff)}


def test_a_duplicate_name_is_shown_next_to_the_name_field(industries, zone, staff, client_for):
    client = client_for(staff)
    count = Industry.objects.count()
    response = client.post(reverse("projects:industry_create"), {"zone": zone.pk, "name": "新能源", "order": "5", "version": "-1"})
    html = response.content.decode()
    assert response.status_code == 200 and Industry.objects.count() == count
    assert field_errors(html, "name") == ["本开发区已有同名产业"]
    assert 'role="alert"' not in html  # not above the form
    response = client.post(reverse("projects:industry_edit", args=[industries["medicine"].pk]), {"name": "新能源", "order": "2", "version": "0"})
    assert field_errors(response.content.decode(), "name") == ["本开发区已有同名产业"]
    assert Industry.objects.get(pk=industries["medicine"].pk).name == "现代医药"


def test_the_same_name_may_be_used_in_another_zone(industries, other_zone, administrator, client_for):
    response = client_for(administrator).post(reverse("projects:industry_create"), {"zone": other_zone.pk, "name": "新能源", "order": "0", "version": "-1"})
    assert response.status_code == 302
    assert Industry.objects.filter(name="新能源").count() == 2


def test_the_service_reports_a_duplicate_at_the_name_as_the_admin_shows_it(industries, zone):
    with pytest.raises(ValidationError) as raised:
        add(zone, "新能源")
    assert raised.value.message_dict == {"name": ["本开发区已有同名产业"]}


def test_staff_edits_an_industry_and_the_detail_page_shows_the_history(industries, staff, leader, client_for):
    medicine = industries["medicine"]
    response = client_for(staff).post(reverse("projects:industry_edit", args=[medicine.pk]), {"name": "生物医药", "order": "7", "version": "0"})
    assert response.status_code == 302
    medicine.refresh_from_db()
    assert (medicine.name, medicine.order) == ("生物医药", 7)
    html = client_for(leader).get(reverse("projects:industry_detail", args=[medicine.pk])).content.decode()
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr><td>\d{4}-.*?</tr>", html, re.S)]
    assert any("名称" in row and "现代医药" in row and "生物医药" in row and "表单" in row for row in rows)
    assert any("排序" in row and "|2|" in row and "|7|" in row for row in rows)


def test_an_industry_stays_in_its_zone(industries, other_zone, administrator, client_for):
    energy = industries["energy"]
    client_for(administrator).post(reverse("projects:industry_edit", args=[energy.pk]), {"zone": other_zone.pk, "name": "新能源", "order": "0", "version": "0"})
    assert Industry.objects.get(pk=energy.pk).zone.code == "HX"
    with pytest.raises(ValidationError) as raised:
        factories.save_industry(energy, {"zone": other_zone}, user=None, channel="form")
    assert "zone" in raised.value.message_dict


@pytest.mark.parametrize("role", ["reviewer", "leader", "city_leader"])
def test_readers_are_refused_the_forms_on_get_and_post(request, industries, zone, client_for, role):
    client = client_for(request.getfixturevalue(role))
    energy = industries["energy"]
    assert client.get(reverse("projects:industry_detail", args=[energy.pk])).status_code == 200
    assert client.get(reverse("projects:industry_create")).status_code == 403
    assert client.post(reverse("projects:industry_create"), {"zone": zone.pk, "name": "新材料"}).status_code == 403
    assert client.get(reverse("projects:industry_edit", args=[energy.pk])).status_code == 403
    assert client.post(reverse("projects:industry_edit", args=[energy.pk]), {"name": "改名"}).status_code == 403
    assert not Industry.objects.filter(name__in=["新材料", "改名"]).exists()
    assert not ChangeRecord.objects.filter(channel="form", user__isnull=False).exists()


def test_staff_of_another_zone_does_not_reach_the_industry(industries, zone, outsider, client_for):
    client = client_for(outsider)
    energy = industries["energy"]
    assert client.get(reverse("projects:industry_detail", args=[energy.pk])).status_code == 404
    assert client.get(reverse("projects:industry_edit", args=[energy.pk])).status_code == 404
    assert client.post(reverse("projects:industry_edit", args=[energy.pk]), {"name": "改名"}).status_code == 404
    # Its own zone only is offered, and a posted foreign zone is refused at the field.
    response = client.post(reverse("projects:industry_create"), {"zone": zone.pk, "name": "新材料", "version": "-1"})
    assert response.status_code == 200 and not Industry.objects.filter(name="新材料").exists()
    assert field_errors(response.content.decode(), "zone")


# --- import and export ------------------------------------------------------------------------------


def snapshot():
    return list(Industry.objects.order_by("pk").values()), ChangeRecord.objects.count()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_is_all_unchanged(industries, staff, fmt):
    data = export_file(get_kind("industries"), staff, {}, fmt)
    before = snapshot()
    report = run("industries", data, staff, name=f"export.{fmt}")
    assert report.ok and report.applied, errors(report)
    assert [row.status for row in report.rows] == ["unchanged", "unchanged"]
    assert snapshot() == before


def test_export_is_scoped_and_filtered_as_the_list(industries, staff, city_leader, client_for):
    body = export_file(get_kind("industries"), staff, {}, "csv").decode("utf-8-sig")
    assert body.splitlines() == ["开发区,名称,排序", "HX,新能源,1", "HX,现代医药,2"]
    url = reverse("projects:export", args=["industries", "csv"])
    body = client_for(city_leader).get(url, {"zone": "LH"}).content.decode("utf-8-sig")
    assert body.splitlines() == ["开发区,名称,排序", "LH,船舶制造,1"]


def test_import_creates_and_updates_the_order_with_history(industries, staff):
    rows = [HEADER, ["HX", "新能源", "1"], ["HX", "现代医药", "9"], ["XX经济技术开发区", "新材料", ""]]
    report = run("industries", csv_bytes(rows), staff)
    assert report.applied, errors(report)
    assert [row.status for row in report.rows] == ["unchanged", "changed", "new"]
    assert Industry.objects.get(pk=industries["medicine"].pk).order == 9
    created = Industry.objects.get(name="新材料")
    assert (created.zone.code, created.order) == ("HX", 0)
    assert [(c.field, c.old_value, c.new_value, c.channel) for c in history_for(industries["medicine"])][0] == (
        "order", "2", "9", "import")
    assert {(c.field, c.channel, c.user) for c in history_for(created)} == {
        ("zone", "import", staff), ("name", "import", staff), ("order", "import", staff)}
    assert [c.channel for c in history_for(industries["energy"])] == ["form", "form", "form"]  # unchanged: no history


def test_preview_applies_nothing(industries, staff):
    before = snapshot()
    report = run("industries", csv_bytes([HEADER, ["HX", "新材料", "1"]]), staff, apply=False)
    assert report.ok and not report.applied and [row.status for row in report.rows] == ["new"]
    assert snapshot() == before


@pytest.mark.parametrize("bad_row, message", [
    (["XX", "新材料", "1"], "第3行 开发区: 开发区“XX”不存在或您无权导入该开发区的数据"),
    (["LH", "新材料", "1"], "第3行 开发区: 开发区“LH”不存在或您无权导入该开发区的数据"),
    (["HX", "", "1"], "第3行 名称: 不能为空"),
    (["HX", "新材料", "-1"], "第3行 排序: 须在0到32767之间"),
    (["HX", "新材料", "2"], "第3行 名称: 文件中有重复的记录（本开发区已有同名产业）"),
    (["HX", "新能源", "4"], "第3行 名称: 文件中有重复的记录（本开发区已有同名产业）"),
])
def test_one_bad_row_applies_nothing_and_is_named(industries, staff, bad_row, message):
    # The first row is good (a new industry, or for the last case an update); the second is bad.
    first = ["HX", "新能源", "3"] if bad_row[1] == "新能源" else ["HX", "新材料", "1"]
    before = snapshot()
    report = run("industries", csv_bytes([HEADER, first, bad_row]), staff)
    assert not report.applied and message in errors(report)
    assert snapshot() == before


def test_readers_may_not_import(industries, reviewer):
    report = run("industries", csv_bytes([HEADER, ["HX", "新材料", "1"]]), reviewer)
    assert not report.applied and errors(report) == ["第2行 开发区: 开发区“HX”不存在或您无权导入该开发区的数据"]


def test_kind_is_offered_on_the_import_page(zone, staff, client_for):
    page = client_for(staff).get(reverse("dataio:import")).content.decode()
    assert '<option value="industries"' in page


def test_english_ui(industries, zone, staff, client_for):
    client = client_for(staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("projects:industry_list")).content.decode()
    assert "Add industry" in html
    response = client.post(reverse("projects:industry_create"), {"zone": zone.pk, "name": "新能源", "order": "0", "version": "-1"})
    assert field_errors(response.content.decode(), "name") == ["This development zone already has an industry with this name"]


def test_the_admin_shows_a_duplicate_name_at_the_field(industries, zone, administrator, client_for):
    response = client_for(administrator).post(reverse("admin:projects_industry_add"), {"zone": zone.pk, "name": "新能源", "order": "0", "version": "-1"})
    html = response.content.decode()
    assert response.status_code == 200 and Industry.objects.filter(name="新能源").count() == 1
    assert re.search(r'class="form-row errors field-name".*?本开发区已有同名产业', html, re.S)
