"""Import and export of annual project plans, project problems, mortgages, relocation cases and
enterprise monthly figures (dataio kinds), as test_projects_io.py does for the main records."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import export_file
from projects import batch
from projects.models import EnterpriseFigure, Mortgage, Parcel, Project, ProjectProblem, ProjectYear, RelocationCase
from tests import factories
from tests.projects.test_projects_io import _insert_batches, _is_write, credit_code, csv_bytes, errors, run

D = datetime.date
KINDS = ["project_years", "problems", "mortgages", "relocation", "enterprise_figures"]
MODELS = {
    "project_years": ProjectYear, "problems": ProjectProblem, "mortgages": Mortgage, "relocation": RelocationCase,
    "enterprise_figures": EnterpriseFigure,
}


@pytest.fixture
def records(zone, other_zone):
    """One record of each kind in HX (and one more in LH), written through the form services."""
    firm = factories.save_enterprise(None, {"zone": zone, "name": "光伏科技有限公司", "credit_code": credit_code(1)},
                                    user=None, channel="form")
    factories.save_enterprise(None, {"zone": zone, "name": "同名公司", "credit_code": credit_code(2)}, user=None, channel="form")
    factories.save_enterprise(None, {"zone": zone, "name": "同名公司", "credit_code": credit_code(3)}, user=None, channel="form")
    ship = factories.save_enterprise(None, {"zone": other_zone, "name": "临海船舶", "credit_code": credit_code(4)},
                                    user=None, channel="form")
    project = factories.save_project(None, {
        "zone": zone, "name": "光伏组件项目", "stage": Project.Stage.STARTED, "conceived_on": D(2024, 1, 5),
        "started_on": D(2025, 3, 1),
    }, user=None, channel="form")
    dock = factories.save_project(None, {"zone": other_zone, "name": "船坞项目", "conceived_on": D(2025, 1, 1)}, user=None, channel="form")
    factories.save_project_year(project, 2025, planned_investment=Decimal("12000"), construction_type_override="new",
                               user=None, channel="form")
    factories.save_project_year(dock, 2025, planned_investment=Decimal("500"), user=None, channel="form")
    factories.record_progress(project, 2025, 4, investment=Decimal("100"), physical_progress="", user=None, channel="form")
    factories.add_problem(project, 2025, 4, "=供电线路未接入", "供电公司", D(2025, 6, 30))
    resolved = factories.add_problem(project, 2025, 5, "环评待批", "生态环境局", D(2025, 7, 1),
                                    user=None, channel="form")
    batch.resolve_problem(resolved, resolved_on=D(2025, 6, 20), resolution="已批复", user=None, channel="form")
    supplied = factories.save_parcel(None, {
        "zone": zone, "code": "HX2025-01", "area_mu": Decimal("120.5"), "status": Parcel.Status.SUPPLIED, "supplied_on": D(2025, 1, 10),
    }, user=None, channel="form")
    factories.save_parcel(None, {"zone": zone, "code": "HX储备-02", "area_mu": Decimal("30")}, user=None, channel="form")
    factories.add_mortgage(supplied, {"registered_on": D(2025, 3, 5), "creditor": "工商银行", "certificate_no": "他2025-001",
                                     "amount": Decimal("2000.5")}, user=None, channel="form")
    factories.save_relocation_case(None, {
        "zone": zone, "name": "东片区", "kind": RelocationCase.Kind.ACQUISITION, "started_on": D(2025, 2, 1),
        "enterprises_total": 12, "enterprises_moved": 5, "households_total": 80, "households_moved": 30, "note": "+推进中",
    }, user=None, channel="form")
    factories.save_relocation_case(None, {"zone": other_zone, "name": "临海片区"}, user=None, channel="form")
    for month, tax in [(1, "10"), (2, "25.5")]:
        factories.save_enterprise_figure(firm, 2025, month, tax_ytd=Decimal(tax), output_ytd=Decimal("800"), user=None, channel="form")
    factories.save_enterprise_figure(ship, 2025, 1, tax_ytd=Decimal("1"), output_ytd=None, user=None, channel="form")
    return {"firm": firm, "project": project, "parcel": supplied, "resolved": resolved}


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in MODELS.values()] + [ChangeRecord.objects.count()]


# --- round trips and exports -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_is_all_unchanged(records, staff, kind, fmt):
    data = export_file(get_kind(kind), staff, {}, fmt)
    before = snapshot()
    report = run(kind, data, staff, name=f"export.{fmt}")
    assert report.ok and report.applied, errors(report)
    assert report.rows and {row.status for row in report.rows} == {"unchanged"}
    assert snapshot() == before


@pytest.mark.parametrize("kind, mine, theirs", [
    ("project_years", "光伏组件项目", "船坞项目"), ("problems", "供电线路", "船坞"), ("mortgages", "工商银行", "临海"),
    ("relocation", "东片区", "临海片区"), ("enterprise_figures", "光伏科技", "临海船舶"),
])
def test_export_is_scoped_to_visible_zones(records, staff, kind, mine, theirs):
    body = export_file(get_kind(kind), staff, {}, "csv").decode("utf-8-sig")
    assert mine in body and theirs not in body


def test_export_keeps_numbers_dates_and_labels(records, staff):
    from openpyxl import load_workbook

    def sheet(kind):
        header, *rows = list(load_workbook(io.BytesIO(export_file(get_kind(kind), staff, {}, "xlsx"))).worksheets[0].values)
        return [dict(zip(header, row)) for row in rows]

    assert sheet("project_years") == [{"开发区": "HX", "项目名称": "光伏组件项目", "年份": 2025, "年度计划投资（万元）": 12000,
                                       "新建/续建（手工指定）": "新建"}]
    problems = sheet("problems")
    assert problems[0]["存在问题"] == "'=供电线路未接入" and problems[0]["状态"] == "未解决"
    assert problems[1]["状态"] == "已解决" and problems[1]["解决日期"].date() == D(2025, 6, 20)
    assert sheet("mortgages")[0]["融资金额（万元）"] == 2000.5
    case = sheet("relocation")[0]
    assert case["类型"] == "收储" and case["涉及住户（户）"] == 80 and case["进展说明"] == "'+推进中"
    assert [(f["统一社会信用代码"], f["月份"], f["1-N月累计税收（万元）"]) for f in sheet("enterprise_figures")] == [
        (credit_code(1), 1, 10), (credit_code(1), 2, 25.5)]


def test_import_page_export_filters_by_zone_year_and_month(records, staff, client_for):
    client = client_for(staff)
    body = client.get(reverse("dataio:export"), {"kind": "enterprise_figures", "format": "csv", "month": 2}).content.decode("utf-8-sig")
    assert body.count("\r\n") == 2 and "25.5" in body
    body = client.get(reverse("dataio:export"), {"kind": "problems", "format": "csv", "year": 2024}).content.decode("utf-8-sig")
    assert body.count("\r\n") == 1
    body = client.get(reverse("dataio:export"), {"kind": "project_years", "format": "csv", "zone": "HX"}).content.decode("utf-8-sig")
    assert "光伏组件项目" in body


@pytest.mark.parametrize("kind", KINDS)
def test_kind_is_offered_on_the_import_page_with_a_template(zone, staff, client_for, kind):
    from openpyxl import load_workbook

    client = client_for(staff)
    page = client.get(reverse("dataio:import")).content.decode()
    assert f'<option value="{kind}"' in page
    response = client.get(reverse("dataio:template", args=[kind]))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [c.header for c in get_kind(kind).columns]


def export(kind, fmt="csv"):
    return reverse("projects:export", args=[kind, fmt])


@pytest.mark.parametrize("page, kind", [
    ("projects:project_list", "project_years"), ("projects:problem_list", "problems"), ("projects:parcel_list", "mortgages"),
    ("projects:relocation_list", "relocation"), ("projects:enterprise_list", "enterprise_figures"),
])
def test_list_pages_offer_the_export(records, staff, client_for, page, kind):
    content = client_for(staff).get(reverse(page)).content.decode()
    assert export(kind, "xlsx") in content and export(kind, "csv") in content


def test_list_page_exports_honour_the_filters(records, staff, client_for):
    client = client_for(staff)
    response = client.get(reverse("projects:problem_list"), {"state": "resolved"})
    assert f'{export("problems", "xlsx")}?state=resolved' in response.content.decode()
    body = client.get(export("problems"), {"state": "resolved"}).content.decode("utf-8-sig")
    assert "环评待批" in body and "供电线路" not in body
    body = client.get(export("mortgages"), {"q": "储备"}).content.decode("utf-8-sig")
    assert body.count("\r\n") == 1  # the parcel that matches has no mortgage
    body = client.get(export("project_years"), {"q": "组件"}).content.decode("utf-8-sig")
    assert "光伏组件项目" in body
    body = client.get(export("enterprise_figures"), {"q": "同名"}).content.decode("utf-8-sig")
    assert body.count("\r\n") == 1


@pytest.mark.parametrize("role, sees_hx", [("staff", True), ("reviewer", True), ("leader", True), ("outsider", False)])
def test_list_export_per_role(request, records, client_for, role, sees_hx):
    client = client_for(request.getfixturevalue(role))
    for kind, name in [("project_years", "光伏组件项目"), ("problems", "光伏组件项目"), ("mortgages", "工商银行"),
                       ("relocation", "东片区"), ("enterprise_figures", "光伏科技")]:
        response = client.get(export(kind), {"state": "all"})
        assert response.status_code == 200
        assert (name in response.content.decode("utf-8-sig")) is sees_hx


# --- creating and updating -------------------------------------------------------------------------

NEW_ROWS = {
    "project_years": [["开发区", "项目名称", "年份", "年度计划投资（万元）"], ["HX", "光伏组件项目", "2026年", "9,000"]],
    "problems": [["开发区", "项目名称", "提出年份", "提出月份", "存在问题", "责任人/单位", "解决时限"],
                 ["HX", "光伏组件项目", "2025", "6月", " 用工短缺 ", "人社局", "2025/8/1"]],
    "mortgages": [["开发区", "宗地编号", "登记日期", "抵押权人", "融资金额（万元）"], ["HX", "HX2025-01", "2025年6月1日", "农业银行", "300"]],
    "relocation": [["开发区", "片区/项目", "涉及企业（家）", "已搬迁企业（家）"], ["XX经济技术开发区", "西片区", "3", "1"]],
    "enterprise_figures": [["开发区", "企业名称", "统一社会信用代码", "年份", "月份", "1-N月累计产值（万元）"],
                           ["HX", "同名公司", credit_code(3), "2025", "3", "70"]],
}


def _created(kind):
    return {
        "project_years": lambda: ProjectYear.objects.get(year=2026, planned_investment=9000),
        "problems": lambda: ProjectProblem.objects.get(description="用工短缺", raised_month=6, deadline=D(2025, 8, 1)),
        "mortgages": lambda: Mortgage.objects.get(creditor="农业银行", registered_on=D(2025, 6, 1), amount=300),
        "relocation": lambda: RelocationCase.objects.get(name="西片区", enterprises_total=3, enterprises_moved=1),
        "enterprise_figures": lambda: EnterpriseFigure.objects.get(enterprise__credit_code=credit_code(3), month=3, tax_ytd=None),
    }[kind]()


@pytest.mark.parametrize("kind", KINDS)
def test_new_record_with_history_on_the_import_channel(records, staff, zone, kind, versions):
    before = versions(zone)
    preview = run(kind, csv_bytes(NEW_ROWS[kind]), staff, apply=False)
    assert preview.ok and not preview.applied and [row.status for row in preview.rows] == ["new"], errors(preview)
    report = run(kind, csv_bytes(NEW_ROWS[kind]), staff)
    assert report.ok and report.applied, errors(report)
    record = _created(kind)
    history = ChangeRecord.objects.filter(content_type__model=MODELS[kind]._meta.model_name, object_id=record.pk)
    assert history.exists() and {c.channel for c in history} == {"import"} and {c.zone_id for c in history} == {zone.pk}
    assert versions(zone)[0][1] != before[0][1]


UPDATES = {
    "project_years": ([["zone", "project", "year", "planned_investment"], ["HX", "光伏组件项目", "2025", "15000"]],
                      lambda r: ProjectYear.objects.get(project=r["project"], year=2025), "planned_investment", "15000"),
    "problems": ([["zone", "project", "raised_year", "raised_month", "description", "owner", "deadline", "state", "resolved_on"],
                  ["HX", "光伏组件项目", "2025", "4", "=供电线路未接入", "供电公司", "2025-06-30", "已解决", "2025-06-28"]],
                 lambda r: ProjectProblem.objects.get(description="=供电线路未接入"), "state", "resolved"),
    "mortgages": ([["zone", "parcel", "registered_on", "creditor", "certificate_no", "amount"],
                   ["HX", "HX2025-01", "2025-03-05", "工商银行", "他2025-009", "2000.5"]],
                  lambda r: Mortgage.objects.get(creditor="工商银行"), "certificate_no", "他2025-009"),
    "relocation": ([["zone", "name", "households_moved"], ["HX", "东片区", "45"]],
                   lambda r: RelocationCase.objects.get(name="东片区"), "households_moved", "45"),
    "enterprise_figures": ([["zone", "enterprise", "year", "month", "tax_ytd"], ["HX", "光伏科技有限公司", "2025", "2", "30"]],
                           lambda r: EnterpriseFigure.objects.get(enterprise=r["firm"], month=2), "tax_ytd", "30"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_changed_row_updates_only_its_columns_and_writes_history(records, staff, kind):
    rows, stored, field, new_value = UPDATES[kind]
    before = stored(records)
    preview = run(kind, csv_bytes(rows), staff, apply=False)
    assert [row.status for row in preview.rows] == ["changed"], errors(preview)
    assert run(kind, csv_bytes(rows), staff).applied
    after = stored(records)
    assert after.pk == before.pk
    assert str(getattr(after, field)).rstrip("0").rstrip(".") == new_value
    change = ChangeRecord.objects.get(object_id=after.pk, content_type__model=MODELS[kind]._meta.model_name, field=field,
                                      channel="import")
    assert change.new_value == new_value and change.user == staff
    untouched = {f.attname for f in MODELS[kind]._meta.concrete_fields} - {field, "resolved_on", "version"}
    assert {name: getattr(after, name) for name in untouched} == {name: getattr(before, name) for name in untouched}
    assert after.version == before.version + 1


# --- refused files ------------------------------------------------------------------------------------

BAD = [
    ("project_years", [["HX", "光伏组件项目", "2026", "1"], ["HX", "不存在的项目", "2026", "1"]],
     "第3行 项目名称: XX经济技术开发区没有项目“不存在的项目”"),
    ("project_years", [["HX", "光伏组件项目", "2026", "1"], ["HX", "光伏组件项目", "2027", "很多"]],
     "第3行 年度计划投资（万元）: 不是数字：很多"),
    ("project_years", [["HX", "光伏组件项目", "2026", "1"], ["LH", "船坞项目", "2026", "1"]],
     "第3行 开发区: 开发区“LH”不存在或您无权导入该开发区的数据"),
    ("project_years", [["HX", "光伏组件项目", "2026", "1"], ["HX", "光伏组件项目", "2027", "-1"]],
     "第3行 年度计划投资（万元）: 计划投资不能为负数"),
    ("problems", [["HX", "光伏组件项目", "2025", "7", "甲", "乙", "2025-09-01"], ["HX", "光伏组件项目", "2025", "7", "丙", "丁", "九月底"]],
     "第3行 解决时限: 不是有效日期：九月底"),
    ("problems", [["HX", "光伏组件项目", "2025", "7", "甲", "乙", "2025-09-01"], ["HX", "船坞项目", "2025", "7", "丙", "丁", "2025-09-01"]],
     "第3行 项目名称: XX经济技术开发区没有项目“船坞项目”"),
    ("problems", [["HX", "光伏组件项目", "2025", "7", "甲", "乙", "2025-09-01"], ["LH", "船坞项目", "2025", "7", "丙", "丁", "2025-09-01"]],
     "第3行 开发区: 开发区“LH”不存在"),
    ("problems", [["HX", "光伏组件项目", "2025", "7", "甲", "乙", "2025-09-01"], ["HX", "光伏组件项目", "2025", "7", "甲", "乙", "2025-09-01"]],
     "第3行 存在问题: 文件中有重复的记录"),
    ("mortgages", [["HX", "HX2025-01", "2025-06-01", "甲银行", "1"], ["HX", "HX2099", "2025-06-01", "乙银行", "1"]],
     "第3行 宗地编号: XX经济技术开发区没有宗地“HX2099”"),
    ("mortgages", [["HX", "HX2025-01", "2025-06-01", "甲银行", "1"], ["HX", "HX2025-01", "2025-13-01", "乙银行", "1"]],
     "第3行 登记日期: 不是有效日期"),
    ("mortgages", [["HX", "HX2025-01", "2025-06-01", "甲银行", "1"], ["LH", "HX2025-01", "2025-06-01", "乙银行", "1"]],
     "第3行 开发区: 开发区“LH”不存在"),
    ("mortgages", [["HX", "HX2025-01", "2025-06-01", "甲银行", "1"], ["HX", "HX储备-02", "2025-06-01", "乙银行", "1"]],
     "第3行 宗地编号: 储备土地不能办理他项权利登记"),
    ("relocation", [["HX", "甲片区", "2"], ["HX", "乙片区", "两家"]], "第3行 涉及企业（家）: 不是数字：两家"),
    ("relocation", [["HX", "甲片区", "2"], ["LH", "乙片区", "2"]], "第3行 开发区: 开发区“LH”不存在"),
    ("relocation", [["HX", "甲片区", "2"], ["HX", "乙片区", "-2"]], "第3行 涉及企业（家）: 须在0到"),
    ("enterprise_figures", [["HX", "光伏科技有限公司", "2025", "3", "1"], ["HX", "临海船舶", "2025", "3", "1"]],
     "第3行 企业名称: XX经济技术开发区没有企业“临海船舶”"),
    ("enterprise_figures", [["HX", "光伏科技有限公司", "2025", "3", "1"], ["HX", "同名公司", "2025", "3", "1"]],
     "第3行 企业名称: XX经济技术开发区有多个名为“同名公司”的企业"),
    ("enterprise_figures", [["HX", "光伏科技有限公司", "2025", "3", "1"], ["HX", "光伏科技有限公司", "2025", "十三", "1"]],
     "第3行 月份: 不是数字：十三"),
    ("enterprise_figures", [["HX", "光伏科技有限公司", "2025", "3", "1"], ["LH", "临海船舶", "2025", "3", "1"]],
     "第3行 开发区: 开发区“LH”不存在"),
    ("enterprise_figures", [["HX", "光伏科技有限公司", "2025", "3", "1"], ["HX", "光伏科技有限公司", "2025", "4", ""]],
     "第3行 1-N月累计税收（万元）: 请至少填写税收或产值之一"),
]
HEADERS = {
    "project_years": ["zone", "project", "year", "planned_investment"],
    "problems": ["zone", "project", "raised_year", "raised_month", "description", "owner", "deadline"],
    "mortgages": ["zone", "parcel", "registered_on", "creditor", "amount"],
    "relocation": ["zone", "name", "enterprises_total"],
    "enterprise_figures": ["zone", "enterprise", "year", "month", "tax_ytd"],
}


@pytest.mark.parametrize("kind, rows, where", BAD)
def test_one_bad_row_applies_nothing_and_is_named(records, staff, kind, rows, where):
    before = snapshot()
    report = run(kind, csv_bytes([HEADERS[kind], *rows]), staff)
    assert not report.applied
    assert any(message.startswith(where) for message in errors(report)), errors(report)
    assert [row.status for row in report.rows] == ["new", "error"]
    assert snapshot() == before


def test_a_resolved_problem_is_not_reopened(records, staff):
    data = csv_bytes([HEADERS["problems"] + ["state", "resolved_on"],
                      ["HX", "光伏组件项目", "2025", "5", "环评待批", "生态环境局", "2025-07-01", "未解决", ""]])
    report = run("problems", data, staff)
    assert not report.applied and errors(report) == ["第2行 状态: 已解决的问题不能改回未解决"]


@pytest.mark.parametrize("role", ["reviewer", "leader"])
@pytest.mark.parametrize("kind", KINDS)
def test_users_without_edit_rights_are_refused(request, records, kind, role):
    before = snapshot()
    rows = UPDATES[kind][0]
    report = run(kind, csv_bytes(rows), request.getfixturevalue(role))
    assert not report.applied
    assert errors(report) == ["第2行 开发区: 开发区“HX”不存在或您无权导入该开发区的数据"]
    assert snapshot() == before


def test_upload_preview_confirm(records, staff, client_for):
    client = client_for(staff)
    upload = io.BytesIO(csv_bytes([HEADERS["mortgages"], ["HX", "HX2025-01", "2025-03-05", "工商银行", "2000.5"],
                                   ["HX", "HX2025-01", "2025-06-01", "建设银行", "80"]]))
    upload.name = "mortgages.csv"
    page = client.post(reverse("dataio:import"), {"kind": "mortgages", "file": upload}).content.decode()
    assert re.findall(r'data-row="(\d+)" data-status="(\w+)"', page) == [("2", "unchanged"), ("3", "new")]
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    response = client.post(reverse("dataio:confirm"), {"token": token}, follow=True)
    assert "新增1行，修改0行，未变1行" in response.content.decode()
    assert Mortgage.objects.filter(creditor="建设银行", amount=80).exists()


# --- queries --------------------------------------------------------------------------------------


def _file(kind, count):
    """`count` rows of the kind, each a record of its own; a longer file repeats a shorter one's rows."""
    rows = {
        "project_years": lambda n: ["HX", "光伏组件项目", str(2030 + n), str(n)],
        "problems": lambda n: ["HX", "光伏组件项目", "2025", str(n % 12 + 1), f"问题{n}", "某单位", "2025-12-31"],
        "mortgages": lambda n: ["HX", "HX2025-01", str(D(2025, 1, 1) + datetime.timedelta(days=n)), "银行", str(n)],
        "relocation": lambda n: ["HX", f"片区{n}", str(n)],
        "enterprise_figures": lambda n: ["HX", credit_code(1 + n % 3), str(2000 + n // 3), str(n % 12 + 1), str(n)],
    }[kind]
    return csv_bytes([HEADERS[kind], *(rows(n) for n in range(count))])


@pytest.mark.parametrize("kind", KINDS)
def test_import_queries_do_not_grow_with_the_rows(records, staff, kind):
    model = MODELS[kind]
    # A preview tries its writes in a savepoint it rolls back: its reads do not grow with the rows.
    previews = {}
    for count in (5, 50):
        with CaptureQueriesContext(connection) as previewed:
            assert run(kind, _file(kind, count), staff, apply=False).ok
        previews[count] = len([q for q in previewed.captured_queries if not _is_write(q["sql"])])
    assert previews[50] == previews[5]
    assert run(kind, _file(kind, 3), staff).applied
    # Each measured file holds stored rows and new ones: 3 stored and 2 new, then 5 and 45.
    reads = {}
    for count in (5, 50):
        records_before, history_before = model.objects.count(), ChangeRecord.objects.count()
        with CaptureQueriesContext(connection) as applied:
            report = run(kind, _file(kind, count), staff)
        assert report.applied, errors(report)
        writes = sum(_is_write(q["sql"]) for q in applied.captured_queries)
        reads[count] = len(applied) - writes
        # The new records, their history, and one upsert raising the zone's data version.
        assert writes == (_insert_batches(model, model.objects.count() - records_before)
                          + _insert_batches(ChangeRecord, ChangeRecord.objects.count() - history_before) + 1)
    assert reads[50] == reads[5]


def test_english_ui_reads_the_chinese_labels_and_reports_in_english(records, staff):
    from django.utils import translation

    with translation.override("en"):
        for kind in ("problems", "project_years", "relocation"):
            report = run(kind, export_file(get_kind(kind), staff, {}, "csv"), staff, apply=False)
            assert report.ok and {row.status for row in report.rows} == {"unchanged"}, errors(report)
        data = csv_bytes([HEADERS["problems"] + ["state"], ["HX", "光伏组件项目", "2025", "5", "环评待批", "生态环境局", "2025-07-01", "未解决"]])
        report = run("problems", data, staff)
        assert [issue.message for issue in report.errors] == ["A resolved problem cannot be set back to unresolved"]
