"""The dashboard's project and land part: charts, warnings, drill-down, and a query count that
does not grow with the number of enterprises, projects and parcels."""

import datetime
import io
import json
import re
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from projects.models import Enterprise, EnterpriseFigure, Parcel, Project, ProjectProblem, ProjectProgress, ProjectYear
from tests.queries import assert_queries, page_queries

URL = "/dashboard/?zone=HX&year=2025&month=10"
LONG_AGO = datetime.date(2020, 1, 1)


def populate(zone, start: int, count: int, key_every: int = 1) -> None:
    """`count` enterprises each holding a parcel, with figures, and `count` projects under
    construction with a plan, two months of investment and an overdue problem (bulk_create);
    every `key_every`-th project is a key project (all of them by default: the worst case)."""
    numbers = range(start, start + count)
    enterprises = Enterprise.objects.bulk_create(
        [Enterprise(zone=zone, name=f"企业{n:05d}", credit_code=f"91{n:016d}") for n in numbers]
    )
    Parcel.objects.bulk_create(
        [
            Parcel(zone=zone, code=f"P{e.pk:05d}", area_mu=D("10") + e.pk % 7, status=Parcel.Status.SUPPLIED,
                   supplied_on=LONG_AGO, contract_start_on=LONG_AGO, holder=e)
            for e in enterprises
        ]
    )
    EnterpriseFigure.objects.bulk_create(
        [EnterpriseFigure(enterprise=e, year=2025, month=m, tax_ytd=D(e.pk % 50 + m), output_ytd=D(100 * m)) for e in enterprises for m in (9, 10)]
    )
    projects = Project.objects.bulk_create(
        [
            Project(zone=zone, name=f"项目{n:05d}", is_key=n % key_every == 0, stage=Project.Stage.STARTED, started_on=datetime.date(2025, 1, 10),
                    total_investment=D("50000"))
            for n in numbers
        ]
    )
    ProjectYear.objects.bulk_create([ProjectYear(project=p, year=2025, planned_investment=D("6000")) for p in projects])
    ProjectProgress.objects.bulk_create(
        [ProjectProgress(project=p, year=2025, month=m, investment=D("500")) for p in projects for m in (1, 2)]
    )
    ProjectProblem.objects.bulk_create(
        [
            ProjectProblem(project=p, raised_year=2025, raised_month=3, description="用地手续未办结", owner="自然资源局",
                           deadline=datetime.date(2025, 4, 30))
            for p in projects
        ]
    )


@pytest.fixture
def with_records(zone, enter, set_target):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    populate(zone, 0, 3)
    return zone


def charts(html: str) -> dict:
    block = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html, re.S).group(1)
    return {figure["id"]: figure for figure in json.loads(block)}


def test_record_charts_and_drill_down(with_records, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    figures = charts(html)
    pipeline = figures["pipeline"]
    assert pipeline["data"][0]["text"][3] == "3个"  # 开工
    assert pipeline["data"][1]["text"][3] == "15.00亿元"  # 3 × 50000万元
    assert pipeline["layout"]["yaxis2"]["title"]["text"] == "总投资（亿元）"
    key = figures["key-projects"]
    assert key["data"][1]["x"] == [1000.0, 1000.0, 1000.0]
    assert key["data"][1]["text"] == ["16.7%"] * 3  # 1000 of 6000
    land = figures["land-status"]
    assert land["data"][0]["text"][1] == "3宗"
    assert "tax-per-mu" in figures
    # The counts link to the records behind them.
    assert 'href="/projects/?zone=HX&amp;status=under_construction&amp;year=2025&amp;month=10"' in html
    assert 'href="/projects/?zone=HX&amp;stage=started"' in html
    assert 'href="/land/?zone=HX&amp;status=supplied"' in html


def test_record_warnings_link_to_records(with_records, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    warnings = re.search(r'<section class="warnings card".*?</section>', html, re.S).group(0)
    project = Project.objects.get(name="项目00000")
    # Started in January, invested in January and February only: March-October idle.
    assert "重点项目“项目00000”本年已有8个月无投资，1条问题逾期未解决" in warnings
    assert f'href="/projects/{project.pk}/"' in warnings
    parcel = Parcel.objects.order_by("code").first()
    assert f"宗地{parcel.code}" in warnings and f'href="/land/{parcel.pk}/"' in warnings


def test_record_warnings_read_as_english(with_records, leader, client_for):
    client = client_for(leader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    warnings = re.search(r'<section class="warnings card".*?</section>', client.get(URL).content.decode(), re.S).group(0)
    assert "Key project “项目00000”: No investment in 8 months this year, 1 problem overdue" in warnings
    assert "，" not in warnings.replace("“项目00000”", "")


def test_record_chart_as_xlsx(with_records, leader, client_for):
    response = client_for(leader).get("/dashboard/HX/2025/10/charts/pipeline.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("阶段", "项目数（个）", "总投资（亿元）")
    started = next(row for row in rows if row[0] == "开工")
    assert started[1] == 3 and D(str(started[2])) == D("15")


def test_query_count_same_at_10_and_1000_enterprises_and_projects(zone, enter, set_target, leader, client_for):
    set_target(zone, 2025, "fixed_asset_investment", 55)
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})
    client = client_for(leader)
    populate(zone, 0, 10)
    at_10 = page_queries(client, URL)
    populate(zone, 10, 990)
    at_1000 = page_queries(client, URL)
    assert Enterprise.objects.count() == Project.objects.count() == 1000
    # 28 for the cards, charts and records; 1 for the zone's 报告格式 (which source the record
    # cards state); 6 for the timeliness card and chart (deadline rules, calendar days,
    # submissions, months not reported on their own, figures filled, catalogue size).
    assert_queries(35, rows_10=at_10, rows_1000=at_1000)
    # And the page stays readable: long lists are cut, with a link to the rest.
    html = client.get(URL).content.decode()
    assert "另有990个重点项目无投资或有逾期问题" in html
    assert "另有990宗土地可列为闲置土地" in html
    assert len(charts(html)["tax-per-mu"]["data"][0]["y"]) == 20


def record_card(html: str, heading: str) -> str:
    return re.search(rf'<div class="card record-figures">\s*<h3>{heading}.*?</div>', html, re.S).group(0)


def figure(card: str, label: str) -> str:
    return re.search(rf"<dt>{label}</dt><dd><a [^>]*>([^<]*)</a>", card).group(1)


@pytest.fixture
def signed(zone, enter):
    """As tests/reports/test_report_sources.py: the indicator says 2 projects signed for 3亿元, the
    records hold those two and one more; the land indicator says 30亩 where the records say 45亩."""
    enter(zone, 2025, 10, {"signed_projects": 2, "signed_amount": "3", "new_projects_started": 1, "land_supplied_area": 30})
    day = datetime.date(2025, 3, 1)
    for name, amount in (("甲", 10000), ("乙", 20000), ("丙", 12000)):
        Project.objects.create(zone=zone, name=name, stage="signed", signed_on=day, signed_amount=amount)
    Project.objects.create(zone=zone, name="丁", stage="started", started_on=day)
    Parcel.objects.create(zone=zone, code="G1", area_mu=45, status=Parcel.Status.SUPPLIED, supplied_on=day)
    return zone


def test_record_cards_state_the_indicator_as_the_drafts_do_and_note_the_records(signed, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    projects, land = record_card(html, "项目"), record_card(html, "土地")
    assert figure(projects, "签约") == "2个，3.00亿元" and figure(projects, "其中新建") == "1个"
    assert "签约取自月度指标（10月），与工作总结一致（报告格式）；项目台账为签约3个，4.20亿元。" in projects
    assert figure(land, "本年供地") == "30.00亩"
    assert "本年供地面积取自月度指标（10月），与工作总结一致（报告格式）；土地台账为本年供地面积45.00亩。" in land
    client = client_for(leader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = record_card(client.get(URL).content.decode(), "Projects")
    assert "Signed: from monthly indicators (October), as in the work summary (report format); the project records give Signed 3, 4.20亿元." in english


def test_record_cards_follow_a_zone_that_chose_the_records(signed, leader, client_for, administrator):
    from reports.models import ReportStyle

    client = client_for(leader)
    client.get(URL)  # the page is cached: the admin's change of source must show at once
    admin = client_for(administrator)
    response = admin.post("/admin/reports/reportstyle/add/", {"zone": signed.pk, "growth_places": 1, "completion_places": 2, "amount_places": 2,
                                                               "figure_source": "records"})
    assert response.status_code == 302 and ReportStyle.objects.get(zone=signed).uses_records
    html = client.get(URL).content.decode()
    projects, land = record_card(html, "项目"), record_card(html, "土地")
    assert figure(projects, "签约") == "3个，4.20亿元"
    assert "签约取自项目台账，与工作总结一致（报告格式）；月度指标（10月）为签约2个，3.00亿元。" in projects
    assert figure(land, "本年供地") == "1宗 45.00亩"
    assert "月度指标（10月）为本年供地面积30.00亩" in land


def test_record_cards_need_no_note_when_both_sources_agree(zone, enter, leader, client_for):
    enter(zone, 2025, 10, {"signed_projects": 1, "signed_amount": "1"})
    Project.objects.create(zone=zone, name="甲", stage="signed", signed_on=datetime.date(2025, 3, 1), signed_amount=10000)
    html = client_for(leader).get(URL).content.decode()
    assert figure(record_card(html, "项目"), "签约") == "1个，1.00亿元" and 'data-role="other-source"' not in html
