"""Import and export: files, kinds, all-or-nothing, round trips, the command and the pages."""

import io
import re
from decimal import Decimal

import msoffcrypto.format.ooxml
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from audit.models import ChangeRecord
from dataio import registry
from dataio.files import escape_cell
from dataio.models import PendingUpload
from dataio.registry import all_kinds, get_kind
from dataio.services import run_import
from indicators.models import AnnualTarget, Indicator, MonthlyValue
from zones.models import Park, Zone
from tests.conftest import BLANKS_EXPLAINED

YEAR = 2025


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(kind, data, user, apply=True, name="file.csv"):
    return run_import(get_kind(kind), data, name, user, apply=apply)


def errors(report):
    return [(i.row, i.column) for i in report.errors]


def value_of(zone, code, month=10, year=YEAR):
    return MonthlyValue.objects.get(zone=zone, indicator__code=code, year=year, month=month)


# --- values -------------------------------------------------------------------------------------


def test_every_bad_cell_of_a_row_is_reported_and_nothing_applied(zone, staff):
    data = csv_bytes(
        "zone,indicator,year,month,value,unit,yoy,comment\n"
        "HX,tax_revenue,2025,9,2.6,亿元,,\n"
        "XX,tax_revenue,1999,13,abc,,x%,\n"
        "HX,nope,2025,10,1,,,\n"
    )
    report = run("values", data, staff)
    assert errors(report) == [(3, "开发区"), (3, "年份"), (3, "月份"), (3, "数值"), (3, "同比增长"), (4, "指标")]
    assert not report.applied and not MonthlyValue.objects.exists()


def test_spreadsheet_cells_that_are_equal_but_not_the_same_are_converted_apart(zone, staff):
    # 1 == 1.0 == True in Python: each distinct cell is converted once, but a month of True is
    # still refused while 1 and 2.0 are months.
    header = ["zone", "indicator", "year", "month", "value"]
    data = xlsx_bytes([header, ["HX", "tax_revenue", YEAR, 1, 5], ["HX", "tax_revenue", YEAR, True, 6],
                       ["HX", "tax_revenue", YEAR, 2.0, 7], ["HX", "tax_revenue", float(YEAR), 1.0, 5]])
    report = run("values", data, staff, apply=False, name="values.xlsx")
    assert [(i.row, i.column, i.message[:5]) for i in report.errors] == [(3, "月份", "不是数字："), (5, "数值", "与第2行重")]


def test_values_with_unit_conversion_names_and_yoy_only(zone, staff):
    data = csv_bytes(
        "zone,indicator,year,month,value,unit,yoy,comment\n"
        "HX,tax_revenue,2025,10,2.6362,亿元,,\n"
        "XX经济技术开发区,固定资产投资,2025,10,22.32,,12.5,含新开工项目\n"
        "hx,foreign_investment,2025,10,,,8.3,仅公布增速\n"
    )
    preview = run("values", data, staff, apply=False)
    assert preview.ok and preview.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}
    assert not MonthlyValue.objects.exists()
    report = run("values", data, staff)
    assert report.applied
    assert value_of(zone, "tax_revenue").ytd_value == Decimal("26362")
    investment = value_of(zone, "fixed_asset_investment")
    assert (investment.ytd_value, investment.published_yoy, investment.comment) == (Decimal("22.32"), Decimal("12.5"), "含新开工项目")
    foreign = value_of(zone, "foreign_investment")
    assert foreign.ytd_value is None and foreign.published_yoy == Decimal("8.3")
    assert set(MonthlyValue.objects.values_list("created_channel", "created_by__username")) == {("import", "staff")}
    again = run("values", data, staff, apply=False)
    assert again.counts["unchanged"] == 3


def test_gbk_csv_with_chinese_headers(zone, staff):
    data = csv_bytes(
        "开发区,指标,年份,月份,数值,单位,同比增长,备注\n"
        "XX经济技术开发区,税收收入,2025,10,25.4,亿元,5.1,税务局口径\n",
        "gbk",
    )
    report = run("values", data, staff)
    assert report.applied, report.errors
    value = value_of(zone, "tax_revenue")
    assert (value.ytd_value, value.published_yoy, value.comment) == (Decimal("254000"), Decimal("5.1"), "税务局口径")


def test_utf8_bom_csv(zone, staff):
    data = "\ufeff开发区,指标,年份,月份,数值\nHX,税收收入,2025,10,100\n".encode()
    assert run("values", data, staff).applied


def test_every_bad_cell_is_reported_with_row_and_column(zone, other_zone, staff):
    data = csv_bytes(
        "zone,indicator,year,month,value,unit,yoy\n"
        "HX,tax_revenue,2025,10,100,,\n"
        "HX,no_such_indicator,2025,10,1,,\n"
        "LH,tax_revenue,2025,10,1,,\n"
        "HX,tax_revenue,2025,13,1,,\n"
        "HX,gdp,2025,10,abc,,\n"
        "HX,gdp,2025,9,1,公顷,\n"
        "HX,tax_national,2025,10,200,,\n"
        "HX,gdp,2025,8,,,\n"
    )
    report = run("values", data, staff)
    assert not report.applied and not MonthlyValue.objects.exists()
    assert errors(report) == [(3, "指标"), (4, "开发区"), (5, "月份"), (6, "数值"), (7, "单位"), (9, "数值"), (2, "数值"), (8, "数值")]
    assert "无权" in report.errors[1].message
    # A part above its whole is reported on both rows.
    assert "不能大于" in report.errors[-1].message
    assert report.counts["error"] == 8


def test_warnings_are_shown_and_applied(zone, staff, enter):
    enter(zone, YEAR - 1, 10, {"tax_revenue": 1000})
    enter(zone, YEAR - 1, 9, {"tax_revenue": 900})
    enter(zone, YEAR, 9, {"tax_revenue": 100})
    data = csv_bytes("zone,indicator,year,month,value\nHX,tax_revenue,2025,10,5000\n")
    preview = run("values", data, staff, apply=False)
    assert preview.ok and [(w.row, w.column) for w in preview.warnings] == [(2, "数值")]
    assert run("values", data, staff).applied


def _big_values_file(zones, bad_row=None):
    codes = list(Indicator.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True))
    lines = ["zone,indicator,year,month,value"]
    year = 2010
    while len(lines) <= 5000:
        for zone in zones:
            for code in codes:
                for month in range(1, 13):
                    lines.append(f"{zone.code},{code},{year},{month},{month * 10 + 0.5}")
        year += 1
    lines = lines[:5001]
    if bad_row:
        parts = lines[bad_row - 1].split(",")
        lines[bad_row - 1] = ",".join(parts[:4] + ["12.5x"])
    return ("\n".join(lines) + "\n").encode()


def test_5000_rows_with_one_bad_row_apply_nothing_then_whole(zone, other_zone, administrator):
    bad = _big_values_file([zone, other_zone], bad_row=2502)
    report = run("values", bad, administrator)
    assert not report.applied
    assert errors(report) == [(2502, "数值")]
    assert len(report.rows) == 5000
    assert not MonthlyValue.objects.exists() and not ChangeRecord.objects.exists()
    report = run("values", _big_values_file([zone, other_zone]), administrator)
    assert report.applied and report.counts["new"] == 5000
    assert MonthlyValue.objects.filter(created_channel="import").count() == 5000


# --- targets, zones, parks ---------------------------------------------------------------------


def test_targets_in_any_unit_of_the_family(zone, staff, set_target):
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    data = csv_bytes(
        "开发区,指标,年份,目标,单位\n"
        "HX,税收收入,2025,3,亿元\n"
        "HX,fixed_asset_investment,2025,55,亿元\n"
        "HX,gdp,2025,60,\n"
    )
    preview = run("targets", data, staff, apply=False)
    assert preview.counts == {"new": 2, "changed": 0, "unchanged": 1, "error": 0}
    assert run("targets", data, staff).applied
    assert AnnualTarget.objects.get(zone=zone, indicator__code="tax_revenue").target_value == Decimal("30000")
    assert ChangeRecord.objects.filter(channel="import").count() == 2


def test_target_errors(zone, staff):
    data = csv_bytes("zone,indicator,year,target,unit\nHX,tax_revenue,2025,0,\nHX,gdp,2025,5,亩\nLH,gdp,2025,5,\n")
    report = run("targets", data, staff)
    assert not report.applied and not AnnualTarget.objects.exists()
    assert sorted(errors(report)) == [(2, "目标"), (3, "单位"), (4, "开发区")]


def test_zones_import_for_administrators_only(zone, administrator, staff):
    data = csv_bytes("代码,名称\nHX,XX经济技术开发区\nLH,临海经济开发区\nQZ,新区\n")
    assert not run("zones", data, staff).ok
    preview = run("zones", data, administrator, apply=False)
    assert preview.counts == {"new": 2, "changed": 0, "unchanged": 1, "error": 0}
    assert not Zone.objects.filter(code="QZ").exists()
    assert run("zones", data, administrator).applied
    assert Zone.objects.get(code="LH").name == "临海经济开发区"
    renamed = run("zones", csv_bytes("code,name\nQZ,青州新区\n"), administrator)
    assert renamed.counts["changed"] == 1 and Zone.objects.get(code="QZ").name == "青州新区"


def test_invalid_zone_rows_apply_nothing(zone, administrator):
    data = csv_bytes("code,name\nNEW,新区甲\nbad code,新区乙\nNEW2,XX经济技术开发区\n")
    report = run("zones", data, administrator)
    assert not report.applied
    assert sorted(errors(report)) == [(3, "代码"), (4, "名称")]
    assert not Zone.objects.filter(code="NEW").exists()


def test_parks_by_zone_code_or_name(zone, other_zone, administrator):
    data = csv_bytes("开发区,名称\nHX,南园\nXX经济技术开发区,东园\n")
    preview = run("parks", data, administrator, apply=False)
    assert preview.counts == {"new": 1, "changed": 0, "unchanged": 1, "error": 0}
    assert run("parks", data, administrator).applied
    assert set(Park.objects.filter(zone=zone).values_list("name", flat=True)) == {"南园", "西园", "东园"}
    unknown = run("parks", csv_bytes("zone,name\nQQ,北园\n"), administrator)
    assert errors(unknown) == [(2, "开发区")] and not Park.objects.filter(name="北园").exists()


# --- bad files ---------------------------------------------------------------------------------


def encrypted_xlsx():
    plain = io.BytesIO(xlsx_bytes([["zone", "indicator", "year", "month", "value"], ["HX", "gdp", 2025, 10, 1]]))
    office = msoffcrypto.format.ooxml.OOXMLFile(plain)
    out = io.BytesIO()
    office.encrypt("secret", out)
    return out.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("locked.xlsx", None, "密码保护"),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "已损坏"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "无法识别"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".xls"),
    ("notes.txt", "随便写的一段文字，不是表格。\n第二行\n".encode(), "缺少列"),
    ("empty.csv", b"", "空"),
    ("fake.xlsx", b"just some text pretending", "已损坏"),
])
def test_bad_files_get_a_clear_message(zone, staff, name, data, message):
    report = run("values", encrypted_xlsx() if data is None else data, staff, name=name)
    assert not report.ok and report.errors[0].row is None
    assert message in report.errors[0].message
    assert not MonthlyValue.objects.exists()


def test_truncated_xlsx(zone, staff):
    data = xlsx_bytes([["zone", "indicator", "year", "month", "value"], ["HX", "gdp", 2025, 10, 1]])
    report = run("values", data[: len(data) // 2], staff, name="cut.xlsx")
    assert "已损坏" in report.errors[0].message


def test_size_and_row_limits(zone, staff, settings):
    data = csv_bytes("zone,indicator,year,month,value\n" + "HX,gdp,2025,10,1\n" * 5)
    settings.IMPORT_MAX_BYTES = 50
    assert "文件过大" in run("values", data, staff).errors[0].message
    settings.IMPORT_MAX_BYTES = 10_000
    settings.IMPORT_MAX_ROWS = 3
    assert "行数过多" in run("values", data, staff).errors[0].message
    assert not MonthlyValue.objects.exists()


def test_xlsx_values(zone, staff):
    data = xlsx_bytes([["开发区", "指标", "年份", "月份", "数值"], ["HX", "税收收入", 2025, 10, 26362.0], [None, None, None, None, None]])
    report = run("values", data, staff, name="v.xlsx")
    assert report.applied and value_of(zone, "tax_revenue").ytd_value == Decimal("26362")


# --- export ------------------------------------------------------------------------------------


@pytest.fixture
def stored_data(zone, other_zone, enter, set_target, indicators):
    indicators["import_export"].allow_negative = True
    indicators["import_export"].save()
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    set_target(zone, YEAR, "fixed_asset_investment", "55.5")
    enter(zone, YEAR, 9, {"tax_revenue": 23000, "fixed_asset_investment": "20.1", "import_export": "-3.5"})
    enter(zone, YEAR, 10, {"tax_revenue": 26362, "fixed_asset_investment": "22.32", "foreign_investment": None},
          yoy={"foreign_investment": "8.3"})
    value = MonthlyValue.objects.get(zone=zone, indicator__code="tax_revenue", month=10)
    value.comment = "=HYPERLINK(\"http://x\")"
    value.save()
    enter(other_zone, YEAR, 10, {"gdp": 12})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["zones", "parks", "targets", "values"])
def test_export_then_import_is_all_unchanged(stored_data, administrator, client_for, kind, fmt):
    response = client_for(administrator).get("/data/export/", {"kind": kind, "format": fmt})
    assert response.status_code == 200
    report = run(kind, response.content, administrator, apply=False, name=f"export.{fmt}")
    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["unchanged"] == len(report.rows) > 0
    assert report.counts["new"] == report.counts["changed"] == 0


def test_export_is_scoped_and_filtered(stored_data, staff, client_for):
    response = client_for(staff).get("/data/export/", {"kind": "values", "format": "csv", "month": 10})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "开发区,指标,指标代码,年份,月份,数值,单位,同比增长,备注"
    assert "LH" not in text and ",9," not in text
    assert "HX,税收收入,tax_revenue,2025,10,26362,万元,," in text


def test_formula_escaping_keeps_numbers(stored_data, administrator, client_for):
    response = client_for(administrator).get("/data/export/", {"kind": "values", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    comment = next(r[8] for r in rows if r[2] == "tax_revenue" and r[4] == 10)
    assert comment == "'=HYPERLINK(\"http://x\")"
    negative = next(r[5] for r in rows if r[2] == "import_export")
    assert negative == -3.5
    csv_text = client_for(administrator).get("/data/export/", {"kind": "values", "format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",-3.5," in csv_text


@pytest.mark.parametrize("value, escaped", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("普通文字", "普通文字"), (-5, -5), (Decimal("-2.5"), Decimal("-2.5")), (None, None),
])
def test_escape_cell(value, escaped):
    assert escape_cell(value) == escaped


def test_template_has_the_catalogue_on_a_second_sheet(zone, staff, client_for):
    response = client_for(staff).get("/data/template/values.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == ["开发区", "指标", "指标代码", "年份", "月份", "数值", "单位", "同比增长", "备注"]
    catalogue = {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert catalogue["tax_revenue"] == "税收收入"
    zones = [row for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert zones == [("HX", "XX经济技术开发区")]
    assert client_for(staff).get("/data/template/nothing.xlsx").status_code == 404


# --- the command -------------------------------------------------------------------------------


def write(tmp_path, text, name="values.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_command_applies_and_exits_zero(zone, staff, tmp_path, capsys):
    path = write(tmp_path, "zone,indicator,year,month,value\nHX,tax_revenue,2025,10,100\n")
    call_command("import_data", "values", path, "--dry-run", "--user", "staff")
    assert not MonthlyValue.objects.exists()
    call_command("import_data", "values", path, "--user", "staff")
    value = value_of(zone, "tax_revenue")
    assert (value.ytd_value, value.created_by.username, value.created_channel) == (Decimal("100"), "staff", "import")
    call_command("import_data", "values", write(tmp_path, "zone,indicator,year,month,value\nHX,tax_revenue,2025,10,120\n"), "--user", "staff")
    assert ChangeRecord.objects.get().user.username == "staff"


def test_command_lists_bad_rows_and_exits_one(zone, staff, tmp_path, capsys):
    path = write(tmp_path, "zone,indicator,year,month,value\nHX,tax_revenue,2025,10,100\nHX,gdp,2025,10,x\n")
    with pytest.raises(CommandError) as failed:
        call_command("import_data", "values", path, "--user", "staff")
    assert failed.value.returncode == 1
    assert "第3行 数值" in capsys.readouterr().err
    assert not MonthlyValue.objects.exists()


def test_command_refuses_rows_of_zones_the_user_may_not_edit(zone, other_zone, staff, tmp_path):
    path = write(tmp_path, "zone,indicator,year,month,value\nLH,tax_revenue,2025,10,100\n")
    with pytest.raises(CommandError):
        call_command("import_data", "values", path, "--user", "staff")
    call_command("import_data", "values", path)  # the system user reaches every zone
    assert MonthlyValue.objects.filter(zone=other_zone).exists()


def test_command_unknown_user_and_missing_file(zone, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_data", "values", str(tmp_path / "none.csv"))
    with pytest.raises(CommandError):
        call_command("import_data", "values", write(tmp_path, "zone\n"), "--user", "nobody")


# --- the browser flow, through the test client -----------------------------------------------------


def test_upload_preview_confirm(zone, staff, client_for):
    client = client_for(staff)
    upload = io.BytesIO("zone,indicator,year,month,value\nHX,tax_revenue,2025,10,26362\n".encode())
    upload.name = "values.csv"
    page = client.post("/data/", {"kind": "values", "file": upload}).content.decode()
    assert 'data-count="new">1<' in page
    assert not MonthlyValue.objects.exists()
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    assert PendingUpload.objects.filter(user=staff, kind="values").exists()
    assert client.post("/data/confirm/", {"token": "wrong"}).status_code == 302
    assert not MonthlyValue.objects.exists()
    response = client.post("/data/confirm/", {"token": token}, follow=True)
    assert "新增1行" in response.content.decode()
    assert value_of(zone, "tax_revenue").ytd_value == Decimal("26362")
    assert not PendingUpload.objects.exists()
    assert client.post("/data/confirm/", {"token": token}).status_code == 302  # used once only
    assert MonthlyValue.objects.count() == 1


def test_confirm_rechecks_everything(zone, staff, reviewer, client_for, enter):
    from indicators import selectors, workflow

    client = client_for(staff)
    upload = io.BytesIO("zone,indicator,year,month,value\nHX,tax_revenue,2025,10,26362\n".encode())
    upload.name = "values.csv"
    page = client.post("/data/", {"kind": "values", "file": upload}).content.decode()
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    workflow.submit(selectors.zone_month(zone, YEAR, 10), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(zone, YEAR, 10), reviewer)
    response = client.post("/data/confirm/", {"token": token})
    assert response.status_code == 200 and "已审核，数据已锁定" in response.content.decode()
    assert not MonthlyValue.objects.exists()


def test_preview_with_errors_has_no_confirm(zone, staff, client_for):
    upload = io.BytesIO("zone,indicator,year,month,value\nHX,gdp,2025,10,x\n".encode())
    upload.name = "values.csv"
    page = client_for(staff).post("/data/", {"kind": "values", "file": upload}).content.decode()
    assert "未导入任何数据" in page and 'name="token"' not in page and "第2行" in page


def test_oversized_upload_refused_before_reading(zone, staff, client_for, settings):
    settings.IMPORT_MAX_BYTES = 10
    upload = io.BytesIO(b"zone,indicator,year,month,value\n")
    upload.name = "values.csv"
    page = client_for(staff).post("/data/", {"kind": "values", "file": upload}).content.decode()
    assert "文件过大" in page


@pytest.mark.parametrize("role, upload_status", [
    ("staff", 200), ("reviewer", 403), ("leader", 403), ("administrator", 200), ("outsider", 200),
])
def test_import_page_per_role(request, zone, client_for, role, upload_status):
    client = client_for(request.getfixturevalue(role))
    page = client.get("/data/")
    assert page.status_code == 200
    upload = io.BytesIO(b"zone,indicator,year,month,value\nHX,gdp,2025,10,1\n")
    upload.name = "values.csv"
    response = client.post("/data/", {"kind": "values", "file": upload})
    assert response.status_code == upload_status
    if role == "outsider":
        assert "无权" in response.content.decode()
    assert not MonthlyValue.objects.exists()


def test_chinese_style_year_month_and_percent(zone, staff):
    data = csv_bytes("开发区,指标,年份,月份,数值,同比增长\nHX,税收收入,2025年,10月,100,5.1%\n")
    report = run("values", data, staff)
    assert report.applied, [str(e) for e in report.errors]
    assert value_of(zone, "tax_revenue").published_yoy == Decimal("5.1")


@pytest.mark.parametrize("role, sees", [
    ("staff", {"HX"}), ("reviewer", {"HX"}), ("leader", {"HX"}), ("city_leader", {"HX", "LH"}),
    ("administrator", {"HX", "LH"}), ("outsider", {"LH"}),
])
def test_export_and_template_per_role(request, stored_data, client_for, role, sees):
    client = client_for(request.getfixturevalue(role))
    text = client.get("/data/export/", {"kind": "zones", "format": "csv"}).content.decode("utf-8-sig")
    assert {line.split(",")[0] for line in text.splitlines()[1:]} == sees
    book = load_workbook(io.BytesIO(client.get("/data/template/values.xlsx").content))
    assert {row[0] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)} == sees


def test_tab_separated_text(zone, staff):
    data = "开发区\t指标\t年份\t月份\t数值\t备注\nHX\t税收收入\t2025\t10\t100\t含退税, 已核实\n".encode()
    report = run("values", data, staff)
    assert report.applied and value_of(zone, "tax_revenue").comment == "含退税, 已核实"


@pytest.mark.parametrize("apply", [False, True])
def test_no_kind_keeps_state_of_an_import(stored_data, administrator, apply):
    """A kind is one instance shared by every request of the process: an import that left
    anything on it could mix one user's lookups into another's import on another thread."""
    for kind in all_kinds():
        row = ",".join("HX" if c.key == "zone" else "2025" for c in kind.columns)
        data = csv_bytes(",".join(c.key for c in kind.columns) + "\n" + row + "\n")
        for user in (administrator, None):
            before = dict(vars(kind))
            report = run_import(kind, data, "file.csv", user, apply=apply)
            assert report.rows, (kind.name, [str(e) for e in report.errors])  # `check` ran
            assert vars(kind) == before, kind.name


def test_values_export_names_the_indicator_and_gives_its_code_a_column(stored_data, staff, client_for):
    response = client_for(staff).get("/data/export/", {"kind": "values", "format": "xlsx", "month": 10})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    tax = next(r for r in rows if r["指标代码"] == "tax_revenue")
    assert tax["指标"] == Indicator.objects.get(code="tax_revenue").name_zh
    # Every column as wide as its longest cell (Chinese characters two cells each), and the import reads it back.
    name_width = max(2 * len(r["指标"]) for r in rows)
    assert sheet.column_dimensions["B"].width >= name_width
    assert sheet.column_dimensions["C"].width >= max(len(r["指标代码"]) for r in rows)
    report = run("values", response.content, staff, apply=False, name="export.xlsx")
    assert report.ok and report.counts["unchanged"] == len(rows)


def test_values_import_takes_the_code_column_over_the_name_and_names_alone(zone, staff):
    data = csv_bytes("开发区,指标,指标代码,年份,月份,数值\nHX,税收收入,,2025,10,100\nHX,旧名称,fixed_asset_investment,2025,10,20\n")
    report = run("values", data, staff)
    assert report.applied, errors(report)
    assert value_of(zone, "tax_revenue").entered_value == Decimal(100)
    assert value_of(zone, "fixed_asset_investment").entered_value == Decimal(20)
    bad = run("values", csv_bytes("开发区,指标,指标代码,年份,月份,数值\nHX,税收收入,no_such,2025,10,100\n"), staff)
    assert [issue.column for issue in bad.errors] == ["指标代码"]


def test_values_import_finds_its_columns_by_header_in_any_order(zone, staff):
    """Columns are read by their header wherever they stand; a column the kind does not know is
    left out, and a row shorter than the header has its missing cells blank."""
    data = csv_bytes("备注,数值,月份,说明,年份,指标,开发区,同比增长\n"
                     "核实,100,10,x,2025,tax_revenue,HX,5.5\n"
                     ",20,9,,2025,tax_revenue,HX\n")
    report = run("values", data, staff)
    assert report.applied, errors(report)
    assert report.rows[0].cells == ["HX", "tax_revenue", "", "2025", "10", "100", "", "5.5", "核实"]
    october, september = value_of(zone, "tax_revenue"), value_of(zone, "tax_revenue", month=9)
    assert (october.entered_value, october.published_yoy, october.comment) == (Decimal(100), Decimal("5.5"), "核实")
    assert (september.entered_value, september.published_yoy) == (Decimal(20), None)


@pytest.mark.parametrize("kind, text", [
    ("values", "zone,indicator,year,month,value\n" + "".join(f"HX,tax_revenue,2025,{m},{m}\n" for m in range(1, 6))),
    ("targets", "zone,indicator,year,target\n" + "".join(f"HX,tax_revenue,{y},100\n" for y in range(2021, 2026))),
    ("parks", "zone,name\n" + "".join(f"HX,园区{n}\n" for n in range(5))),
])
def test_an_import_reports_its_progress_every_few_rows(zone, administrator, monkeypatch, kind, text):
    monkeypatch.setattr(registry, "PROGRESS_EVERY", 2)
    seen = []
    report = run_import(get_kind(kind), csv_bytes(text), "file.csv", administrator, apply=True,
                        on_progress=lambda *reported: seen.append(reported))
    assert report.applied
    assert seen == [("checking", 0, 5), ("checking", 2, 5), ("checking", 4, 5), ("writing", 5, 5)]
