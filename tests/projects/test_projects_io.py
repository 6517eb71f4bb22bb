"""Import and export of enterprises, projects, parcels and monthly progress (dataio kinds)."""

import csv
import datetime
import io
import math
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import export_file, run_import
from projects.models import Enterprise, Parcel, Project, ProjectProgress
from projects.validators import credit_code_check_character
from tests import factories
from zones.models import Park

D = datetime.date
KINDS = ["enterprises", "projects", "parcels", "progress"]


def credit_code(number: int) -> str:
    first17 = f"91330100{number:09d}"
    return first17 + credit_code_check_character(first17)


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(kind, data, user, apply=True, name="file.csv"):
    return run_import(get_kind(kind), data, name, user, apply=apply)


def errors(report):
    return [str(issue) for issue in report.errors]


@pytest.fixture
def records(zone, other_zone, staff):
    """A little of everything, in both zones, written through the services."""
    south = Park.objects.get(zone=zone, name="南园")
    energy = factories.save_industry(None, {"zone": zone, "name": "新能源"}, user=None, channel="form")
    firm = factories.save_enterprise(None, {
        "zone": zone, "park": south, "name": "=光伏科技有限公司", "credit_code": credit_code(1), "industry": energy,
        "is_above_scale": True, "status": Enterprise.Status.PRODUCING, "contact_person": "张三", "contact_phone": "0571-1234567",
    }, user=None, channel="form")
    factories.save_enterprise(None, {"zone": other_zone, "name": "临海船舶", "credit_code": credit_code(2)}, user=None, channel="form")
    project = factories.save_project(None, {
        "zone": zone, "park": south, "name": "光伏组件项目", "enterprise": firm, "industry": energy, "is_key": True,
        "level": Project.Level.CITY, "stage": Project.Stage.STARTED, "conceived_on": D(2024, 1, 5), "signed_on": D(2024, 6, 1),
        "started_on": D(2025, 3, 1), "signed_amount": Decimal("50000"), "total_investment": Decimal("52000.5"),
        "responsible_leader": "李四", "description": "+年产2GW组件",
    }, user=None, channel="form")
    factories.save_project(None, {"zone": zone, "name": "谋划中的项目", "conceived_on": D(2025, 9, 1)}, user=None, channel="form")
    factories.save_parcel(None, {
        "zone": zone, "park": south, "code": "HX2025-01", "location": "南园一路", "area_mu": Decimal("120.5"),
        "use": Parcel.Use.INDUSTRIAL, "supply_method": Parcel.SupplyMethod.LISTING, "price": Decimal("3600"),
        "contract_start_on": D(2025, 2, 1), "supplied_on": D(2025, 1, 10), "started_on": D(2025, 3, 1),
        "holder": firm, "project": project, "status": Parcel.Status.STARTED, "note": "-",
    }, user=None, channel="form")
    factories.save_parcel(None, {"zone": zone, "code": "HX储备-02", "area_mu": Decimal("30")}, user=None, channel="form")
    for month, amount in [(3, "1200"), (4, "1350.25")]:
        factories.record_progress(project, 2025, month, investment=Decimal(amount), physical_progress=f"{month}月主体施工",
                                 user=None, channel="form")
    return {"firm": firm, "project": project}


def snapshot():
    return (
        list(Enterprise.objects.order_by("pk").values()), list(Project.objects.order_by("pk").values()),
        list(Parcel.objects.order_by("pk").values()), list(ProjectProgress.objects.order_by("pk").values()),
        ChangeRecord.objects.count(),
    )


# --- round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_is_all_unchanged(records, staff, kind, fmt):
    data = export_file(get_kind(kind), staff, {}, fmt)
    before = snapshot()
    report = run(kind, data, staff, name=f"export.{fmt}")
    assert report.ok, errors(report)
    assert report.rows and {row.status for row in report.rows} == {"unchanged"}
    assert snapshot() == before


def test_export_escapes_formulas_and_keeps_numbers_and_dates(records, staff):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export_file(get_kind("projects"), staff, {}, "xlsx")))
    header, *rows = list(book.worksheets[0].values)
    assert header[:3] == ("开发区", "园区", "项目名称")
    row = next(r for r in rows if r[2] == "光伏组件项目")
    assert row[header.index("建设单位")] == "'=光伏科技有限公司"
    assert row[header.index("建设内容")] == "'+年产2GW组件"
    assert row[header.index("签约金额（万元）")] == 50000
    assert row[header.index("开工日期")].date() == D(2025, 3, 1)
    assert row[header.index("阶段")] == "开工"


def test_export_is_scoped_to_visible_zones(records, staff, outsider):
    mine = export_file(get_kind("enterprises"), staff, {}, "csv").decode("utf-8-sig")
    theirs = export_file(get_kind("enterprises"), outsider, {}, "csv").decode("utf-8-sig")
    assert "光伏科技" in mine and "临海船舶" not in mine
    assert "临海船舶" in theirs and "光伏科技" not in theirs


def export(kind, fmt):
    return reverse("projects:export", args=[kind, fmt])


def test_list_page_export_honours_the_filters(records, staff, client_for):
    client = client_for(staff)
    response = client.get(reverse("projects:project_list"), {"stage": "started"})
    assert f'{export("projects", "xlsx")}?stage=started'.encode() in response.content
    body = client.get(export("projects", "csv"), {"stage": "started"}).content.decode("utf-8-sig")
    assert "光伏组件项目" in body and "谋划中的项目" not in body
    body = client.get(export("parcels", "csv"), {"q": "储备"}).content.decode("utf-8-sig")
    assert "HX储备-02" in body and "HX2025-01" not in body
    body = client.get(export("enterprises", "csv"), {"is_above_scale": "1"}).content.decode("utf-8-sig")
    assert "光伏科技" in body
    body = client.get(export("progress", "csv"), {"q": "谋划"}).content.decode("utf-8-sig")
    assert body.count("\r\n") == 1  # only the header: the project that matches has no progress
    assert client.get(export("values", "csv")).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_empty_template_has_the_columns(zone, staff, client_for, kind):
    from openpyxl import load_workbook

    response = client_for(staff).get(reverse("dataio:template", args=[kind]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [c.header for c in get_kind(kind).columns]
    assert book.worksheets[0].max_row == 1


# --- imports ------------------------------------------------------------------------------------------


def test_new_records_with_history_on_the_import_channel(zone, staff):
    firm_csv = csv_bytes([
        ["zone", "park", "name", "credit_code", "is_above_scale", "status"],
        ["HX", "西园", "新材料有限公司", credit_code(7).lower(), "是", "建设中"],
    ])
    report = run("enterprises", firm_csv, staff)
    assert report.ok and report.applied, errors(report)
    firm = Enterprise.objects.get(credit_code=credit_code(7))
    assert firm.is_above_scale and firm.status == Enterprise.Status.BUILDING and firm.park.name == "西园"
    assert {c.channel for c in ChangeRecord.objects.filter(object_id=firm.pk)} == {"import"}
    project_csv = csv_bytes([
        ["开发区", "项目名称", "建设单位", "阶段", "谋划日期", "开工日期", "总投资（万元）"],
        ["XX经济技术开发区", "新材料项目", credit_code(7), "开工", "2025/1/2", "2025年3月1日", "8,000"],
    ])
    report = run("projects", project_csv, staff)
    assert report.ok and report.applied, errors(report)
    project = Project.objects.get(name="新材料项目")
    assert project.enterprise == firm and project.started_on == D(2025, 3, 1) and project.total_investment == 8000
    progress_csv = csv_bytes([["开发区", "项目名称", "年份", "月份", "本月完成投资（万元）", "形象进度"],
                              ["HX", "新材料项目", "2025年", "3月", "500", "桩基完成"]])
    report = run("progress", progress_csv, staff)
    assert report.ok and report.applied, errors(report)
    assert ProjectProgress.objects.get(project=project, month=3).investment == 500


def test_changed_rows_update_only_the_columns_in_the_file(records, staff):
    data = csv_bytes([["zone", "name", "contact_person"], ["HX", "=光伏科技有限公司", "王五"]])
    report = run("enterprises", data, staff, apply=False)
    assert [row.status for row in report.rows] == ["changed"]
    assert run("enterprises", data, staff).applied
    firm = Enterprise.objects.get(pk=records["firm"].pk)
    assert firm.contact_person == "王五" and firm.is_above_scale and firm.industry.name == "新能源"
    assert ChangeRecord.objects.filter(object_id=firm.pk, field="contact_person", channel="import").exists()


@pytest.mark.parametrize("kind, rows, where", [
    ("enterprises", [["HX", "甲公司", credit_code(11)], ["HX", "乙公司", credit_code(12)[:-1] + "0"], ["HX", "丙公司", credit_code(13)]],
     "第3行 统一社会信用代码: 统一社会信用代码校验位不正确"),
    ("enterprises", [["HX", "甲公司", credit_code(11)], ["XX", "乙公司", credit_code(12)]], "第3行 开发区: 开发区“XX”不存在"),
    ("projects", [["HX", "甲项目", "2025-01-01", ""], ["HX", "乙项目", "2025-01-01", "-5"]], "第3行 签约金额（万元）: 签约金额不能为负数"),
    ("projects", [["HX", "甲项目", "2025-01-01", ""], ["HX", "甲项目", "2025-01-01", ""]], "第3行 项目名称: 文件中有重复的记录"),
    ("parcels", [["HX", "P-1", "10"], ["HX", "P-2", "0"]], "第3行 面积（亩）: 面积须大于0"),
    ("progress", [["HX", "光伏组件项目", "2025", "5", "100"], ["HX", "光伏组件项目", "2025", "6", "-1"]],
     "第3行 本月完成投资（万元）: 本月完成投资不能为负数"),
    ("progress", [["HX", "光伏组件项目", "2025", "5", "100"], ["HX", "光伏组件项目", "2024", "12", "1"]],
     "第3行 本月完成投资（万元）: 报告月份早于项目开工月份"),
])
def test_one_bad_row_applies_nothing_and_is_named(records, staff, kind, rows, where):
    headers = {
        "enterprises": ["zone", "name", "credit_code"], "projects": ["zone", "name", "conceived_on", "signed_amount"],
        "parcels": ["zone", "code", "area_mu"], "progress": ["zone", "project", "year", "month", "investment"],
    }[kind]
    before = snapshot()
    report = run(kind, csv_bytes([headers, *rows]), staff)
    assert not report.applied
    assert any(message.startswith(where) for message in errors(report)), errors(report)
    assert "error" in [row.status for row in report.rows]
    assert snapshot() == before


def test_outsider_rows_for_another_zone_are_refused(records, outsider):
    before = snapshot()
    data = csv_bytes([["zone", "name", "credit_code"], ["LH", "临海新公司", credit_code(21)], ["HX", "越权公司", credit_code(22)]])
    report = run("enterprises", data, outsider)
    assert not report.applied
    assert errors(report) == ["第3行 开发区: 开发区“HX”不存在或您无权导入该开发区的数据"]
    progress = csv_bytes([["zone", "project", "year", "month", "investment"], ["HX", "光伏组件项目", "2025", "5", "1"]])
    assert not run("progress", progress, outsider).applied
    assert snapshot() == before


def test_an_enterprise_cannot_move_zone_by_import(records, outsider):
    # The code belongs to an enterprise of HX; the outsider may edit LH but not move it there.
    data = csv_bytes([["zone", "name", "credit_code"], ["LH", "改名公司", credit_code(1)]])
    report = run("enterprises", data, outsider)
    assert not report.applied and "企业不能转到其他开发区" in errors(report)[0]


def test_a_new_enterprise_without_a_code_is_created_and_found_again_by_its_name(records, staff):
    header = ["zone", "name", "credit_code", "contact_person"]
    report = run("enterprises", csv_bytes([header, ["HX", "无代码新公司", "", "赵六"], ["HX", "无代码二号", "", ""]]), staff)
    assert report.applied, errors(report)
    firm = Enterprise.objects.get(name="无代码新公司")
    assert firm.credit_code is None and firm.contact_person == "赵六"
    assert Enterprise.objects.filter(credit_code__isnull=True).count() == 2  # NULL codes do not clash
    # Without a code the row updates the enterprise of that name; its code given later is filled in.
    assert run("enterprises", csv_bytes([header, ["HX", "无代码新公司", "", "钱七"]]), staff).applied
    assert run("enterprises", csv_bytes([header[:3], ["HX", "无代码新公司", credit_code(31)]]), staff).applied
    firm.refresh_from_db()
    assert (firm.contact_person, firm.credit_code) == ("钱七", credit_code(31))
    assert Enterprise.objects.filter(name="无代码新公司").count() == 1
    # Exported, an enterprise without a code has a blank cell and imports back unchanged.
    exported = export_file(get_kind("enterprises"), staff, {}, "csv")
    assert "无代码二号,," in exported.decode("utf-8-sig").replace('"', "")
    report = run("enterprises", exported, staff)
    assert report.applied and {r.status for r in report.rows} == {"unchanged"}, errors(report)
    # A pasted code with spaces and dashes is the same code.
    spaced = " ".join([credit_code(30)[:6], credit_code(30)[6:12].replace("", "-").strip("-"), credit_code(30)[12:]])
    report = run("enterprises", csv_bytes([["zone", "name", "credit_code"], ["HX", "有代码新公司", spaced]]), staff)
    assert report.applied, errors(report)
    assert Enterprise.objects.get(name="有代码新公司").credit_code == credit_code(30)


def test_an_ambiguous_enterprise_name_is_refused_with_a_message(records, zone, staff):
    for code in (credit_code(40), credit_code(41)):
        factories.save_enterprise(None, {"zone": zone, "name": "同名公司", "credit_code": code}, user=None, channel="form")
    before = snapshot()
    report = run("enterprises", csv_bytes([["zone", "name", "credit_code", "contact_person"], ["HX", "同名公司", "", "孙八"]]), staff)
    assert not report.applied
    assert errors(report) == ["第2行 统一社会信用代码: XX经济技术开发区有2家名为“同名公司”的企业，无法确定本行是哪一家；请填写该企业的统一社会信用代码"]
    # With its code the row names one of them.
    data = csv_bytes([["zone", "name", "credit_code", "contact_person"], ["HX", "同名公司", credit_code(41), "孙八"]])
    assert run("enterprises", data, staff).applied and snapshot() != before
    assert Enterprise.objects.get(credit_code=credit_code(41)).contact_person == "孙八"


def test_a_code_that_differs_from_the_registered_one_and_a_repeated_new_name_are_refused(records, staff):
    before = snapshot()
    report = run("enterprises", csv_bytes([["zone", "name", "credit_code"], ["HX", "=光伏科技有限公司", credit_code(50)]]), staff)
    assert not report.applied
    assert errors(report) == [f"第2行 统一社会信用代码: XX经济技术开发区已登记企业“=光伏科技有限公司”，统一社会信用代码为{credit_code(1)}，与本行的{credit_code(50)}不同；请核对"]
    report = run("enterprises", csv_bytes([["zone", "name", "credit_code"], ["HX", "新公司", ""], ["HX", "新公司", ""]]), staff)
    assert not report.applied
    assert errors(report) == ["第3行 企业名称: 文件中有重复的新企业“新公司”；没有统一社会信用代码的新企业只能出现一次"]
    assert snapshot() == before


def test_the_enterprise_form_registers_an_enterprise_without_a_code(zone, staff, client_for):
    data = {"zone": zone.pk, "name": "待补代码公司", "credit_code": "  ", "status": "producing", "version": "-1"}
    for name in ("待补代码公司", "待补代码二号"):
        response = client_for(staff).post(reverse("projects:enterprise_create"), {**data, "name": name})
        assert response.status_code == 302
    assert list(Enterprise.objects.filter(name__startswith="待补").values_list("credit_code", flat=True)) == [None, None]


def test_leaders_cannot_import(records, leader):
    data = csv_bytes([["zone", "code", "area_mu"], ["HX", "P-9", "10"]])
    assert not run("parcels", data, leader).applied


def test_gbk_csv_with_chinese_headers(zone, staff):
    data = csv_bytes([["开发区", "宗地编号", "面积（亩）", "用途", "供应方式", "状态", "供地日期"],
                      ["HX", "HX-甲1", "88.5", "工业", "挂牌出让", "已供应", "2025-05-20"]], encoding="gbk")
    report = run("parcels", data, staff)
    assert report.ok and report.applied, errors(report)
    parcel = Parcel.objects.get(code="HX-甲1")
    assert parcel.supply_method == Parcel.SupplyMethod.LISTING and parcel.area_mu == Decimal("88.5")


def test_upload_preview_confirm(records, staff, client_for):
    client = client_for(staff)
    upload = io.BytesIO(csv_bytes([
        ["开发区", "宗地编号", "面积（亩）", "备注"],
        ["HX", "HX2025-01", "120.5", "-"], ["HX", "HX储备-02", "31", ""], ["HX", "HX新-03", "15", "新增地块"],
    ]))
    upload.name = "parcels.csv"
    page = client.post(reverse("dataio:import"), {"kind": "parcels", "file": upload}).content.decode()
    statuses = re.findall(r'data-row="(\d+)" data-status="(\w+)"', page)
    assert statuses == [("2", "unchanged"), ("3", "changed"), ("4", "new")]
    assert not Parcel.objects.filter(code="HX新-03").exists()
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    response = client.post(reverse("dataio:confirm"), {"token": token}, follow=True)
    assert "新增1行，修改1行，未变1行" in response.content.decode()
    assert Parcel.objects.get(code="HX储备-02").area_mu == 31 and Parcel.objects.filter(code="HX新-03").exists()


def test_preview_names_the_bad_row_and_offers_no_confirm(records, staff, client_for):
    upload = io.BytesIO(csv_bytes([["zone", "name", "credit_code"], ["HX", "新公司", "914403001922038217"]]))
    upload.name = "enterprises.csv"
    page = client_for(staff).post(reverse("dataio:import"), {"kind": "enterprises", "file": upload}).content.decode()
    assert 'name="token"' not in page and 'data-row="2" data-status="error"' in page
    assert "第2行 · 统一社会信用代码：统一社会信用代码校验位不正确（第18位应为6）" in page


# --- command line -----------------------------------------------------------------------------------


def test_command_exit_status(records, staff, tmp_path, capsys):
    good = tmp_path / "parcels.csv"
    good.write_bytes(csv_bytes([["zone", "code", "area_mu"], ["HX", "CMD-1", "12"]]))
    call_command("import_data", "parcels", str(good), "--user", "staff")
    assert Parcel.objects.filter(code="CMD-1").exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["zone", "code", "area_mu"], ["HX", "CMD-2", "12"], ["HX", "CMD-3", "abc"]]))
    with pytest.raises(CommandError) as error:
        call_command("import_data", "parcels", str(bad), "--user", "staff")
    assert error.value.returncode == 1
    assert "第3行 面积（亩）" in capsys.readouterr().err
    assert not Parcel.objects.filter(code="CMD-2").exists()


# --- queries --------------------------------------------------------------------------------------


def _rows_file(count, prefix="Q"):
    return csv_bytes([["zone", "park", "code", "area_mu", "holder", "status", "supplied_on"]] + [
        ["HX", "南园", f"{prefix}-{n:04d}", "10", "=光伏科技有限公司", "已供应", "2025-04-01"] for n in range(count)
    ])


def _queries(data, user, apply):
    with CaptureQueriesContext(connection) as captured:
        report = run("parcels", data, user, apply=apply)
    assert report.ok, errors(report)
    return [q["sql"] for q in captured.captured_queries]


def _is_write(sql):
    return sql.lstrip().upper().startswith(("INSERT", "UPDATE"))


def _insert_batches(model, count):
    """The INSERT statements a bulk_create of `count` records needs on this database."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return math.ceil(count / connection.ops.bulk_batch_size(fields, [None] * count))


def test_import_queries_do_not_grow_with_the_rows(records, staff):
    small, large = _rows_file(10, "S"), _rows_file(200, "L")
    # The preview tries the writes in a savepoint it rolls back, so the database's constraints judge it too.
    previews = {count: _queries(data, staff, apply=False) for count, data in [(10, small), (200, large)]}
    assert len([q for q in previews[200] if not _is_write(q)]) == len([q for q in previews[10] if not _is_write(q)])
    assert sum(map(_is_write, previews[200])) == _insert_batches(Parcel, 200)
    assert not Parcel.objects.filter(code__startswith="L-").exists()
    writes = {}
    reads = {}
    for count, data in [(10, small), (200, large)]:
        history_before = ChangeRecord.objects.count()
        queries = _queries(data, staff, apply=True)
        history = ChangeRecord.objects.count() - history_before
        reads[count] = len([q for q in queries if not _is_write(q)])
        # The records, their history, and one upsert raising the zone's data version.
        expected = _insert_batches(Parcel, count) + _insert_batches(ChangeRecord, history) + 1
        writes[count] = (sum(map(_is_write, queries)), expected)
    assert reads[200] == reads[10]
    # Writes are bulk statements: one each on PostgreSQL; SQLite splits them by its
    # 999-parameter limit, and nothing else is written per row.
    assert writes[10][0] == writes[10][1] and writes[200][0] == writes[200][1]
    if connection.vendor == "postgresql":
        assert writes[200][0] == writes[10][0] == 3
    # Importing the same rows again finds them all unchanged and writes nothing.
    assert not any(map(_is_write, _queries(large, staff, apply=True)))
    assert Parcel.objects.filter(code__startswith="L-").count() == 200


@pytest.mark.parametrize("role, sees_hx", [
    ("staff", True), ("reviewer", True), ("leader", True), ("city_leader", True), ("administrator", True), ("outsider", False),
])
def test_list_export_per_role(request, records, client_for, role, sees_hx):
    client = client_for(request.getfixturevalue(role))
    for kind, name in [("enterprises", "光伏科技"), ("projects", "光伏组件项目"), ("parcels", "HX2025-01"), ("progress", "光伏组件项目")]:
        response = client.get(export(kind, "csv"))
        assert response.status_code == 200
        assert (name in response.content.decode("utf-8-sig")) is sees_hx


def test_list_export_needs_login(records, client):
    response = client.get(export("enterprises", "csv"))
    assert response.status_code == 302 and "光伏" not in response.content.decode()


def test_export_writes_chinese_labels_under_the_english_ui(records, staff):
    from django.utils import translation
    from openpyxl import load_workbook

    with translation.override("en"):
        data = export_file(get_kind("projects"), staff, {}, "xlsx")
    header, *rows = list(load_workbook(io.BytesIO(data)).worksheets[0].values)
    row = next(r for r in rows if r[2] == "光伏组件项目")
    assert row[header.index("阶段")] == "开工"
