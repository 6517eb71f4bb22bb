"""The annual inputs through the import/export framework, and the report's sentence."""

import csv
import io
from decimal import Decimal

from dataio.registry import get_kind
from dataio.services import export_file, run_import
from grading import services
from grading.models import EnterpriseYear, Grading
from reports import annual
from tests.reports.support import docx_text

from .conftest import YEAR

HEADER = ["开发区", "企业名称", "统一社会信用代码", "年度", "规上企业", "税收（万元）", "主要污染物排放（吨）", "用地面积（亩，手工指定）",
          "指定用地面积的原因", "参评情况"]


def csv_bytes(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def run(rows, user, apply=True):
    return run_import(get_kind("enterprise_years"), csv_bytes(rows), "inputs.csv", user, apply=apply)


def test_an_import_writes_inputs_by_credit_code_and_rescores_the_open_year(zone, firms, scheme, staff):
    services.run_grading(zone, YEAR, user=staff, channel="form")
    report = run([HEADER, ["HX", "任意名称", firms[4].credit_code, YEAR, "是", "60", "COD=1.2；NOx=0.5", "", "", ""],
                  ["HX", "企业1", "", YEAR + 1, "否", "5", "", "12", "部分出租", "投产不满一年"]], staff)
    assert report.ok, [str(e) for e in report.errors]
    fifth = EnterpriseYear.objects.get(enterprise=firms[4], year=YEAR)
    assert fifth.tax == 60 and fifth.emissions == {"COD": 1.2, "NOx": 0.5}
    assert EnterpriseYear.objects.get(enterprise=firms[0], year=YEAR + 1).exemption == "new"
    assert Grading.objects.get().results.get(enterprise=firms[4]).grade == "A"


def test_a_file_with_one_bad_row_writes_nothing(zone, firms, scheme, staff):
    report = run([HEADER, ["HX", "企业1", "", YEAR, "是", "99", "", "", "", ""],
                  ["HX", "企业2", "", YEAR, "是", "-1", "", "", "", ""],
                  ["HX", "企业3", "", YEAR, "是", "1", "COD", "", "", "其他"],
                  ["HX", "企业4", "", YEAR, "是", "1", "", "5", "", ""]], staff)
    messages = [str(e) for e in report.errors]
    assert any("税收不能为负数" in m for m in messages)
    assert any("无法识别“COD”" in m for m in messages)
    assert any("无效的取值“其他”" in m for m in messages)
    assert any("第5行" in m and "手工指定用地面积须说明原因" in m for m in messages)
    assert EnterpriseYear.objects.get(enterprise=firms[0], year=YEAR).tax == 50


def test_an_import_into_a_final_year_or_another_zone_is_refused(zone, firms, scheme, staff, reviewer, outsider):
    import datetime
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    services.publish(grading, datetime.date.today(), user=reviewer, channel="form")
    services.finalise(grading, user=reviewer, channel="form")
    report = run([HEADER, ["HX", "企业1", "", YEAR, "是", "99", "", "", "", ""]], staff)
    assert any("已定稿" in str(e) for e in report.errors)
    assert not run([HEADER, ["HX", "企业1", "", YEAR + 1, "是", "99", "", "", "", ""]], outsider).ok
    assert EnterpriseYear.objects.get(enterprise=firms[0], year=YEAR).tax == 50


def test_the_export_reads_back_as_the_same_inputs(zone, firms, staff):
    EnterpriseYear.objects.filter(enterprise=firms[0]).update(emissions={"COD": 1.25}, land_mu_override=Decimal(7),
                                                              land_override_reason="出租")
    data = export_file(get_kind("enterprise_years"), staff, {"zone": zone.code, "year": YEAR}, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["开发区", "企业名称", "统一社会信用代码", "年度"]
    first = dict(zip(rows[0], rows[1]))
    assert first["主要污染物排放（吨）"] == "COD=1.25" and first["税收（万元）"] in ("50", "50.0000")
    report = run(rows, staff)
    assert report.ok and report.counts["unchanged"] == 5, [str(e) for e in report.errors]


def test_the_year_end_draft_gets_the_grade_sentence(zone, firms, scheme, staff):
    sentence = "2025年度亩均效益综合评价全区参评企业5家，其中A类1家、B类2家、C类1家、D类1家（评价结果尚未定稿）"
    assert "亩均效益综合评价" not in docx_text(annual.annual_docx(zone, YEAR, 12))
    services.run_grading(zone, YEAR, user=staff, channel="form")
    assert sentence in docx_text(annual.annual_docx(zone, YEAR, 12))
