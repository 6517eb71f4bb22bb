"""Enterprise tax and output by industry and by park: the aggregates, their dashboard charts
with the drill-down to the enterprise list, and a query count that does not grow with them."""

import io
import json
import re
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from projects import enterprise_statistics
from projects.models import Enterprise, EnterpriseFigure, Industry
from tests.queries import assert_queries, page_queries
from zones.models import Park

URL = "/dashboard/?zone=HX&year=2025&month=10"


def enterprise(zone, n, industry=None, park=None, figures=()):
    """An enterprise with figures [(year, month, tax_ytd, output_ytd)]."""
    e = Enterprise.objects.create(zone=zone, name=f"企业{n}", credit_code=f"91{n:016d}", industry=industry, park=park)
    EnterpriseFigure.objects.bulk_create(
        [EnterpriseFigure(enterprise=e, year=y, month=m, tax_ytd=tax, output_ytd=output) for y, m, tax, output in figures]
    )
    return e


@pytest.fixture
def year_2025(zone, enter):
    """The dashboard offers the years that have figures."""
    enter(zone, 2025, 10, {"fixed_asset_investment": "22.32"})


@pytest.fixture
def seeded(zone, other_zone, year_2025):
    energy = Industry.objects.create(zone=zone, name="新能源")
    medicine = Industry.objects.create(zone=zone, name="现代医药")
    south, west = Park.objects.get(zone=zone, name="南园"), Park.objects.get(zone=zone, name="西园")
    # Reported September and October: October's year-to-date figures count, not their sum.
    enterprise(zone, 1, energy, south, [(2025, 9, D(100), D(1000)), (2025, 10, D(120), D(1300))])
    # Last reported in August: counts with August's figures.
    enterprise(zone, 2, energy, west, [(2025, 8, D(30), D(300))])
    # November is after the selected month and last year is another year; no output reported.
    enterprise(zone, 3, medicine, south, [(2024, 12, D(700), D(7000)), (2025, 10, D(50), None), (2025, 11, D(999), D(9999))])
    # No industry and no park.
    enterprise(zone, 4, None, None, [(2025, 10, D(5), D(10))])
    # No figures at all: not counted.
    enterprise(zone, 5, medicine, west)
    # Another zone's enterprise.
    elsewhere = Industry.objects.create(zone=other_zone, name="新能源")
    enterprise(other_zone, 6, elsewhere, None, [(2025, 10, D(5000), D(50000))])
    return {"energy": energy, "medicine": medicine, "south": south, "west": west}


def rows(groups):
    return [(g.group_id, g.name, g.enterprises, g.tax, g.output) for g in groups]


def test_figures_by_industry(seeded, zone, django_assert_num_queries):
    energy, medicine = seeded["energy"], seeded["medicine"]
    with django_assert_num_queries(1):
        groups = enterprise_statistics.figures_by_industry(zone, 2025, 10)
    assert rows(groups) == [
        (energy.pk, "新能源", 2, D(150), D(1600)),
        (medicine.pk, "现代医药", 1, D(50), D(0)),
        (None, "", 1, D(5), D(10)),
    ]
    # As of August only enterprise 2 had reported.
    assert rows(enterprise_statistics.figures_by_industry(zone, 2025, 8)) == [(energy.pk, "新能源", 1, D(30), D(300))]
    assert enterprise_statistics.figures_by_industry(zone, 2025, 7) == []


def test_figures_by_park(seeded, zone, django_assert_num_queries):
    south, west = seeded["south"], seeded["west"]
    with django_assert_num_queries(1):
        groups = enterprise_statistics.figures_by_park(zone, 2025, 10)
    assert rows(groups) == [
        (south.pk, "南园", 2, D(170), D(1300)),
        (west.pk, "西园", 1, D(30), D(300)),
        (None, "", 1, D(5), D(10)),
    ]
    assert rows(enterprise_statistics.figures_by_park(zone, 2025, 9)) == [
        (south.pk, "南园", 1, D(100), D(1000)),
        (west.pk, "西园", 1, D(30), D(300)),
    ]


def charts(html: str) -> dict:
    block = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html, re.S).group(1)
    return {figure["id"]: figure for figure in json.loads(block)}


def test_dashboard_shows_industries_and_parks_with_drill_down(seeded, leader, client_for):
    html = client_for(leader).get(URL).content.decode()
    figures = charts(html)
    industries = figures["industries"]
    assert industries["data"][0]["x"] == ["新能源", "现代医药", "未分产业"]
    assert industries["data"][0]["text"] == ["150.00万元", "50.00万元", "5.00万元"]
    assert industries["data"][1]["text"] == ["1600.00万元", "0.00万元", "10.00万元"]
    assert "新能源（2家企业）" in industries["data"][0]["hovertext"][0]
    assert industries["layout"]["yaxis"]["title"]["text"] == "1-10月累计税收（万元）"
    parks = figures["parks"]
    assert parks["data"][0]["x"] == ["南园", "西园", "未分园区"]
    assert parks["data"][0]["text"] == ["170.00万元", "30.00万元", "5.00万元"]
    # Each industry and park links to the enterprise list filtered to it; "none" has no link.
    energy, medicine, south, west = (seeded[k].pk for k in ("energy", "medicine", "south", "west"))
    assert f'<a href="/enterprises/?zone=HX&amp;industry={energy}">新能源</a>' in html
    # Both charts say they sum registered enterprises' own figures, unlike the zone totals on the cards.
    for chart_id in ("industries", "parks"):
        card = html.split(f'data-chart-card="{chart_id}"')[1].split("</figure>")[0]
        assert 'data-role="coverage">口径：已登记企业各自报送的税收、产值之和' in card
    assert f'<a href="/enterprises/?zone=HX&amp;industry={medicine}">现代医药</a>' in html
    assert f'<a href="/enterprises/?zone=HX&amp;park={south}">南园</a>' in html
    assert f'<a href="/enterprises/?zone=HX&amp;park={west}">西园</a>' in html
    assert ">未分产业</a>" not in html


def test_drill_down_link_lists_the_industry_s_enterprises(seeded, leader, client_for):
    html = client_for(leader).get(f"/enterprises/?zone=HX&industry={seeded['medicine'].pk}").content.decode()
    assert "企业3" in html and "企业5" in html
    assert "企业1<" not in html and "企业2<" not in html
    html = client_for(leader).get(f"/enterprises/?zone=HX&park={seeded['west'].pk}").content.decode()
    assert "企业2" in html and "企业5" in html and "企业3" not in html


def test_industry_chart_as_xlsx(seeded, leader, client_for):
    response = client_for(leader).get("/dashboard/HX/2025/10/charts/industries.xlsx")
    sheet = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sheet[1] == ("产业", "企业数（家）", "1-N月累计税收（万元）", "1-N月累计产值（万元）")
    assert [(r[0], r[1], D(str(r[2])), D(str(r[3]))) for r in sheet[2:]] == [
        ("新能源", 2, D(150), D(1600)),
        ("现代医药", 1, D(50), D(0)),
        ("未分产业", 1, D(5), D(10)),
    ]


def test_query_count_does_not_grow_with_industries_parks_or_enterprises(zone, year_2025, leader, client_for):
    parks = list(Park.objects.filter(zone=zone))
    client = client_for(leader)

    def add(start, count):
        industries = [Industry.objects.create(zone=zone, name=f"产业{start + i}") for i in range(count // 5)]
        for n in range(start, start + count):
            enterprise(zone, n, industries[n % len(industries)], parks[n % 2], [(2025, 9, D(n), D(10 * n)), (2025, 10, D(n + 1), D(10 * n + 5))])

    add(0, 10)
    few = page_queries(client, URL)
    add(10, 200)
    many = page_queries(client, URL)
    assert_queries(31, enterprises_10=few, enterprises_210=many)
    assert len(charts(client.get(URL).content.decode())["industries"]["data"][0]["x"]) == 42
