"""The indicator catalogue changes through one service (indicators.catalogue), whatever the
channel: the admin and the catalogue import meet the same rights, rules and guard, leave the
same history, and an exported catalogue imports back unchanged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import export_file, run_import
from indicators import workflow
from indicators.models import Indicator, ZoneMonth
from tests.conftest import submit_through
from zones.models import ZoneDataVersion

HEADER = "code,name_zh,name_en,category,unit"


def imported(text, user, apply=True):
    return run_import(get_kind("indicators"), text.encode(), "file.csv", user, apply=apply)


def written():
    return {
        "catalogue": sorted(Indicator.objects.values_list(
            "code", "name_zh", "unit", "kind", "entry_mode", "parent__code", "decimals", "active", "is_headline",
            "report_verb", "short_name", "target_phrase")),
        "history": ChangeRecord.objects.count(),
        "versions": sorted(ZoneDataVersion.objects.values_list("zone_id", "version")),
    }


def admin_form(indicator, **changes) -> dict:
    """The admin's change form of `indicator` as posted, with `changes`."""
    data = {
        "code": indicator.code, "name_zh": indicator.name_zh, "name_en": indicator.name_en, "unit": indicator.unit,
        "kind": indicator.kind, "entry_mode": indicator.entry_mode, "decimals": indicator.decimals,
        "category": indicator.category_id, "parent": indicator.parent_id or "", "order": indicator.order,
        "min_value": "", "max_value": "",
        "report_verb": indicator.report_verb, "short_name": indicator.short_name, "target_phrase": indicator.target_phrase,
        **{flag: "on" for flag in ("allow_negative", "higher_is_better", "is_headline", "active") if getattr(indicator, flag)},
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_catalogue_imports_back_unchanged(zone, administrator, file_format):
    Indicator.objects.filter(code="gdp").update(min_value=0, max_value="1000.25", active=False, allow_negative=True)
    before = {**written(), "ranges": sorted(Indicator.objects.values_list("code", "min_value", "max_value", "allow_negative"))}
    data = export_file(get_kind("indicators"), administrator, {}, file_format)
    report = run_import(get_kind("indicators"), data, f"catalogue.{file_format}", administrator, apply=True)
    assert report.ok and report.applied
    assert report.counts == {"new": 0, "changed": 0, "unchanged": Indicator.objects.count(), "error": 0}
    assert {**written(), "ranges": sorted(Indicator.objects.values_list("code", "min_value", "max_value", "allow_negative"))} == before


def test_the_drafts_wording_is_edited_in_the_catalogue_file(zone, administrator):
    header = "代码,报告动词,报告简称,目标任务写法\n"
    report = imported(header + "gdp,,生产总值,{name}突破{amount}\n", administrator)
    assert report.applied and report.counts["changed"] == 1
    gdp = Indicator.objects.get(code="gdp")
    assert (gdp.report_verb, gdp.report_name, gdp.target_text("300亿元")) == ("", "生产总值", "生产总值突破300亿元")
    # A placeholder no draft fills is refused, not left to break the year-end draft.
    refused = imported(header + "gdp,实现,,{name}达到{target}\n", administrator)
    assert not refused.applied and refused.counts["error"] == 1
    assert Indicator.objects.get(code="gdp").target_phrase == "{name}突破{amount}"


def test_the_export_names_its_columns_as_the_model_does(zone, administrator):
    header = export_file(get_kind("indicators"), administrator, {}, "csv").decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[:5] == ["代码", "中文名称", "英文名称", "类别", "单位"]
    assert "上级指标（其中）" in header and "填报方式" in header


def test_new_indicators_are_imported_parts_before_their_whole(zone, other_zone, administrator):
    versions = dict(ZoneDataVersion.objects.values_list("zone_id", "version"))
    report = imported(
        "代码,中文名称,英文名称,类别,单位,类型,上级指标（其中）\n"
        "export_usd_hitech,其中高新技术产品出口,of which: high-tech,promotion,万美元,流量（全年累计）,export_usd\n"
        "export_usd,出口总额,Exports,招商引资,万美元,flow,\n",
        administrator,
    )
    assert report.applied and report.counts["new"] == 2
    part = Indicator.objects.get(code="export_usd_hitech")
    assert part.parent.code == "export_usd" and part.kind == "flow" and part.higher_is_better
    record = ChangeRecord.objects.get(object_id=part.pk, field="name_zh")
    assert (record.channel, record.user, record.zone, record.new_value) == ("import", administrator, None, "其中高新技术产品出口")
    # Every dashboard lists the catalogue: every zone's cached parts are recomputed.
    assert ZoneDataVersion.objects.count() == 2
    assert all(versions.get(z) != v for z, v in ZoneDataVersion.objects.values_list("zone_id", "version"))


def test_a_column_left_out_keeps_what_is_stored(zone, administrator):
    gdp = Indicator.objects.get(code="gdp")
    report = imported(f"{HEADER}\ngdp,地区生产总值（GDP）,Gross regional product,economy,亿元\n", administrator)
    assert report.applied and report.counts["changed"] == 1
    gdp.refresh_from_db()
    assert (gdp.name_zh, gdp.higher_is_better, gdp.active, gdp.decimals) == ("地区生产总值（GDP）", True, True, 2)
    assert list(ChangeRecord.objects.values_list("field", flat=True)) == ["name_zh"]


def test_a_catalogue_with_one_bad_row_applies_none(zone, administrator):
    before = written()
    report = imported(f"{HEADER}\ngdp,地区生产总值（GDP）,Gross regional product,economy,亿元\nnew_one,新指标,New one,economy,桶\nBad-Code,坏指标,Bad,economy,亿元\n",
                      administrator)
    assert not report.applied and {issue.row for issue in report.errors} == {3, 4}
    assert [issue.column for issue in report.errors if issue.row == 3] == ["单位"]
    assert written() == before


@pytest.mark.parametrize("role", ["staff", "reviewer", "leader"])
def test_the_catalogue_is_imported_by_administrators_only(request, zone, role):
    before = written()
    for apply in (False, True):
        report = imported(f"{HEADER}\nnew_one,新指标,New one,economy,亿元\n", request.getfixturevalue(role), apply=apply)
        assert not report.applied
        assert [str(issue) for issue in report.errors] == ["文件: 只有管理员可以新增或修改指标"]
    assert written() == before


def test_the_command_line_imports_a_catalogue(zone, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(f"{HEADER}\nnew_one,新指标,New one,economy,千元\n", encoding="utf-8")
    call_command("import_data", "indicators", str(path))
    assert Indicator.objects.get(code="new_one").unit == "千元"


def test_the_import_page_previews_a_catalogue(zone, administrator, client_for):
    upload_file = _file(f"{HEADER}\ngdp,地区生产总值（GDP）,Gross regional product,economy,亿元\nnew_one,新指标,New one,economy,亿元\n")
    page = client_for(administrator).post("/data/", {"kind": "indicators", "file": upload_file}).content.decode()
    assert "新指标" in page and "新增" in page and "修改" in page
    assert not Indicator.objects.filter(code="new_one").exists()


def test_the_page_confirms_a_catalogue_it_previewed_and_exports_it(zone, administrator, client_for):
    client = client_for(administrator)
    upload_file = _file(f"{HEADER}\nnew_one,新指标,New one,economy,亿元\n")
    page = client.post("/data/", {"kind": "indicators", "file": upload_file})
    response = client.post("/data/confirm/", {"token": page.context["token"]})
    assert response.status_code == 302 and Indicator.objects.get(code="new_one").name_zh == "新指标"
    exported = client.get("/data/export/", {"kind": "indicators", "format": "csv"}).content.decode("utf-8-sig")
    assert "new_one,新指标,New one,economy,亿元" in exported


def test_an_admin_edit_leaves_the_same_history_as_an_import(zone, administrator, client_for):
    gdp = Indicator.objects.get(code="gdp")
    response = client_for(administrator).post(f"/admin/indicators/indicator/{gdp.pk}/change/", admin_form(gdp, decimals=1))
    assert response.status_code == 302
    record = ChangeRecord.objects.get()
    assert (record.field, record.old_value, record.new_value, record.channel, record.zone) == ("decimals", "2", "1", "admin", None)


def test_an_administrator_words_an_indicator_in_the_admin(zone, administrator, client_for):
    gdp = Indicator.objects.get(code="gdp")
    form = admin_form(gdp, report_verb="完成", short_name="生产总值", target_phrase="{name}突破{amount}")
    assert client_for(administrator).post(f"/admin/indicators/indicator/{gdp.pk}/change/", form).status_code == 302
    gdp.refresh_from_db()
    assert (gdp.report_verb, gdp.report_name, gdp.target_text("300亿元")) == ("完成", "生产总值", "生产总值突破300亿元")


def test_an_admin_save_changing_nothing_writes_nothing(zone, administrator, client_for):
    gdp = Indicator.objects.get(code="gdp")
    before = written()
    response = client_for(administrator).post(f"/admin/indicators/indicator/{gdp.pk}/change/", admin_form(gdp))
    assert response.status_code == 302
    assert written() == before


# --- the guard on reviewed figures ---------------------------------------------------------------


@pytest.fixture
def approved_march(zone, staff, reviewer, enter):
    enter(zone, 2025, 3, {"gdp": "12.5"})
    submit_through(zone, 2025, 3, staff)
    workflow.approve(ZoneMonth.objects.get(zone=zone, year=2025, month=3), reviewer)
    return zone


@pytest.mark.parametrize("column,value", [("unit", "亿美元"), ("unit", "万元"), ("kind", "stock"), ("entry_mode", "month")])
def test_an_import_may_not_change_what_approved_figures_mean(approved_march, administrator, column, value):
    before = written()
    header = Indicator._meta.get_field(column).verbose_name
    report = imported(f"code,{column}\ngdp,{value}\n", administrator)
    assert not report.applied
    [issue] = report.errors
    assert issue.column == header
    assert f"“{header}”不能修改" in issue.message and "XX经济技术开发区 2025年3月" in issue.message
    assert written() == before


def test_the_admin_may_not_change_what_approved_figures_mean(approved_march, administrator, client_for):
    gdp = Indicator.objects.get(code="gdp")
    before = written()
    response = client_for(administrator).post(f"/admin/indicators/indicator/{gdp.pk}/change/",
                                              admin_form(gdp, entry_mode="month"))
    assert response.status_code == 200
    assert "“填报方式”不能修改：XX经济技术开发区 2025年3月的数据已提交或已审核" in response.content.decode()
    assert written() == before


def test_figures_not_yet_submitted_leave_the_unit_free(zone, enter, administrator):
    enter(zone, 2025, 3, {"gdp": "12.5"})
    report = imported("code,unit\ngdp,万元\n", administrator)
    assert report.applied and Indicator.objects.get(code="gdp").unit == "万元"


def test_other_fields_of_an_indicator_with_approved_figures_may_change(approved_march, administrator):
    report = imported("code,name_zh,decimals\ngdp,地区生产总值（GDP）,1\n", administrator)
    assert report.applied and report.counts["changed"] == 1


def _file(text):
    return SimpleUploadedFile("catalogue.csv", text.encode("utf-8"), content_type="text/csv")


def test_a_loop_of_parents_is_refused(zone, administrator):
    before = written()
    report = imported("code,parent\ntax_revenue,tax_national\n", administrator)
    assert not report.applied
    assert [(issue.column, issue.message) for issue in report.errors] == [("上级指标（其中）", "指标不能是自己的上级")]
    assert written() == before


def test_an_indicator_added_in_the_admin_is_recorded(zone, administrator, client_for):
    gdp = Indicator.objects.get(code="gdp")
    form = admin_form(gdp, code="export_usd", name_zh="出口总额", name_en="Exports", unit="万美元")
    response = client_for(administrator).post("/admin/indicators/indicator/add/", form)
    assert response.status_code == 302
    added = Indicator.objects.get(code="export_usd")
    record = ChangeRecord.objects.get(object_id=added.pk, field="unit")
    assert (record.new_value, record.channel, record.user) == ("万美元", "admin", administrator)
