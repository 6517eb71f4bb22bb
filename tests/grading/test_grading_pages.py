"""The evaluation's pages: what they show, their query counts, rights, and the files they send."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from grading import services
from grading.models import EnterpriseYear, Objection
from projects.models import Enterprise, Industry

from .conftest import YEAR, credit_code

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


@pytest.fixture
def graded(zone, firms, scheme, staff):
    return services.run_grading(zone, YEAR, user=staff, channel="form")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured), response.content.decode()


def more_firms(zone, count):
    for i in range(count):
        firm = Enterprise.objects.create(zone=zone, name=f"新增企业{i}", credit_code=credit_code(100 + i), is_above_scale=True)
        EnterpriseYear.objects.create(enterprise=firm, year=YEAR, is_above_scale=True, tax=Decimal(i + 1),
                                      land_mu_override=Decimal(5), land_override_reason="租赁")


def test_the_results_page_lists_grades_in_a_fixed_number_of_queries(zone, graded, staff, client_for):
    client = client_for(staff)
    url = reverse("grading:overview", args=[zone.code, YEAR])
    few, html = queries(client, url)
    assert "企业1" in html and "A类" in html and "D类" in html
    more_firms(zone, 30)
    services.run_grading(zone, YEAR, user=staff, channel="form")
    many, html = queries(client, url)
    assert many == few and "新增企业0" in html
    filtered = client.get(url, {"grade": "D"}).content.decode()
    assert ">企业5<" in filtered and ">企业1<" not in filtered
    assert re.findall(r'<option value="(\w*)" selected>', filtered) == ["D"]


@pytest.mark.parametrize("name", ["grading:inputs", "dashboard:grades"])
def test_lists_and_the_distribution_do_not_grow_with_the_zone(zone, graded, staff, client_for, name):
    client = client_for(staff)
    url = reverse(name, args=[zone.code, YEAR])
    few, _html = queries(client, url)
    more_firms(zone, 30)
    industry = Industry.objects.create(zone=zone, name="新能源")
    Enterprise.objects.filter(name__startswith="新增").update(industry=industry)
    services.run_grading(zone, YEAR, user=staff, channel="form")
    many, html = queries(client, url)
    assert many == few


def test_the_distribution_drills_down_to_the_firms(zone, graded, staff, client_for):
    industry = Industry.objects.create(zone=zone, name="装备制造")
    Enterprise.objects.filter(name__in=["企业1", "企业5"]).update(industry=industry)
    html = client_for(staff).get(reverse("dashboard:grades", args=[zone.code, YEAR])).content.decode()
    link = f"{reverse('grading:overview', args=[zone.code, YEAR])}?industry={industry.pk}&amp;grade=D"
    assert link in html
    listed = client_for(staff).get(link.replace("&amp;", "&")).content.decode()
    assert ">企业5<" in listed and ">企业4<" not in listed


def test_the_enterprise_page_shows_its_grades_and_what_it_would_take(zone, firms, graded, staff, client_for):
    html = client_for(staff).get(reverse("grading:enterprise", args=[firms[1].pk])).content.decode()
    assert "B类" in html and "提升到A类需要" in html
    assert "5.00" in html  # 亩均税收 of the A firm: the percentile boundary
    assert reverse("grading:enterprise", args=[firms[1].pk]) in client_for(staff).get(
        reverse("projects:enterprise_detail", args=[firms[1].pk])).content.decode()


def test_the_input_form_saves_through_the_service_and_shows_errors_at_the_field(zone, firms, graded, staff, client_for):
    client = client_for(staff)
    url = reverse("grading:input_edit", args=[zone.code, YEAR, firms[4].pk])
    stored = EnterpriseYear.objects.get(enterprise=firms[4])
    data = {"is_above_scale": "on", "tax": "45", "emissions": "COD=1.5；NOx=0.2", "version": stored.version,
            "land_mu_override": "8", "land_override_reason": ""}
    html = client.post(url, data).content.decode()
    assert "手工指定用地面积须说明原因" in html and 'value="45"' in html
    bad = client.post(url, {**data, "land_override_reason": "出租", "emissions": "COD 1.5"}).content.decode()
    assert "无法识别" in bad
    assert client.post(url, {**data, "land_override_reason": "出租"}).status_code == 302
    stored.refresh_from_db()
    assert stored.tax == 45 and stored.emissions == {"COD": 1.5, "NOx": 0.2} and stored.land_mu_override == 8
    assert graded.results.get(enterprise=firms[4]).grade == "A"  # rescored: 45 万元 on 8 亩


def test_rights_on_the_pages(zone, graded, firms, leader, outsider, client_for):
    overview = reverse("grading:overview", args=[zone.code, YEAR])
    assert client_for(outsider).get(overview).status_code == 404
    assert client_for(outsider).post(reverse("grading:run", args=[zone.code, YEAR])).status_code == 404
    leader_client = client_for(leader)
    html = leader_client.get(overview).content.decode()
    assert reverse("grading:run", args=[zone.code, YEAR]) not in html
    assert leader_client.post(reverse("grading:run", args=[zone.code, YEAR])).status_code == 403
    assert leader_client.get(reverse("grading:input_edit", args=[zone.code, YEAR, firms[0].pk])).status_code == 403


def test_publication_objection_with_evidence_and_the_publicity_files(zone, firms, graded, staff, reviewer, client_for):
    reviewing = client_for(reviewer)
    assert reviewing.post(reverse("grading:publish", args=[zone.code, YEAR]), {"objection_until": TOMORROW}).status_code == 302
    staffing = client_for(staff)
    upload = SimpleUploadedFile("完税证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = staffing.post(reverse("grading:objection_add", args=[zone.code, YEAR]), {
        "enterprise": firms[4].pk, "received_on": datetime.date.today(), "claim": "税收漏计", "evidence": upload})
    assert response.status_code == 302
    objection = Objection.objects.get()
    download = staffing.get(reverse("grading:evidence", args=[objection.pk]))
    assert download.content == b"%PDF-1.4 test" and download["Content-Disposition"].startswith("attachment;")
    assert staffing.post(reverse("grading:objection_decide", args=[objection.pk]),
                         {"decision": "rejected", "decision_note": "证明材料不足"}).status_code == 302
    assert reviewing.post(reverse("grading:finalise", args=[zone.code, YEAR])).status_code == 302
    book = load_workbook(io.BytesIO(staffing.get(reverse("grading:publicity", args=[zone.code, YEAR, "xlsx"])).content))
    rows = list(book.active.values)
    assert rows[0] == ("序号", "企业名称", "统一社会信用代码", "等级")
    assert rows[1] == (1, "企业1", firms[0].credit_code, "A类")
    document = Document(io.BytesIO(staffing.get(reverse("grading:publicity", args=[zone.code, YEAR, "docx"])).content))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[5].cells] == ["5", "企业5", firms[4].credit_code, "D类"]
    assert "公示" in document.paragraphs[0].text
    html = staffing.get(reverse("grading:overview", args=[zone.code, YEAR])).content.decode()
    assert "已定稿" in html and reverse("grading:run", args=[zone.code, YEAR]) not in html


def test_the_scheme_page_and_the_low_efficiency_candidates(zone, firms, graded, staff, reviewer, client_for):
    html = client_for(staff).get(reverse("grading:scheme", args=[zone.code, YEAR])).content.decode()
    assert "亩均税收（万元/亩）" in html
    candidates = reverse("grading:low_efficiency", args=[zone.code])
    assert ">P5<" not in client_for(staff).get(candidates).content.decode()  # nothing final yet
    services.publish(graded, TOMORROW, user=reviewer, channel="form")
    services.finalise(graded, user=reviewer, channel="form")
    html = client_for(staff).get(candidates).content.decode()
    assert ">P5<" in html and ">P4<" not in html


def test_the_input_history_names_each_emission_with_its_unit(zone, firms, staff, client_for):
    firm = firms[0]
    for emissions in ({"COD": 0.3}, {"COD": 0.255, "NOx": 0.254}):
        stored = EnterpriseYear.objects.get(enterprise=firm, year=YEAR)
        services.save_enterprise_year(firm, YEAR, {"emissions": emissions}, user=staff, channel="form", expected_version=stored.version)
    html = client_for(staff).get(reverse("grading:input_edit", args=[zone.code, YEAR, firm.pk])).content.decode()
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "COD 0.255吨；NOx 0.254吨" in r)
    assert "<td>主要污染物排放（吨）</td>" in row and "<td>COD 0.3吨</td>" in row
    assert "{" not in html.split('<section class="card">')[-1]
