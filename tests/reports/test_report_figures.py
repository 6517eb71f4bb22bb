"""Figures as published and worded by what they say, in the year-end draft and the 月报."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from docx.enum.section import WD_ORIENT
from matplotlib.text import Text

from indicators import workflow
from indicators.models import ZoneMonth
from reports import annual, charts, monthly
from reports.docx_builder import Heading, Paragraph, Table
from reports.models import ReportStyle
from tests.conftest import submit_through
from tests.reports.support import YEAR, docx_text
from zones.models import PeerGroup, Zone


def draft_text(zone, month=10) -> str:
    return docx_text(annual.annual_docx(zone, YEAR, month))


def opening(text: str) -> str:
    """The paragraph after the title (the zone's name, then 20XX年工作总结和…): the headline figures
    and the judgement on them."""
    return text.split("年工作思路\n", 1)[1].splitlines()[0]


def test_a_published_rate_prints_as_published(zone, enter):
    enter(zone, YEAR, 9, {"industrial_output": "224.18"}, yoy={"industrial_output": "8.0"})
    enter(zone, YEAR, 9, {"foreign_investment": None}, yoy={"foreign_investment": "11.7"})
    text = draft_text(zone, 9)
    assert "实现规上工业总产值224.18亿元，同比增长8.0%" in text
    assert "1-9月实际利用外资同比增长11.7%" in text
    assert "8.00%" not in text and "11.70%" not in text


def test_an_entered_amount_prints_as_entered(zone, enter, set_target):
    enter(zone, YEAR, 9, {"fixed_asset_investment": "0"})  # October's own figure needs 1-9月
    enter(zone, YEAR, 10, {"fixed_asset_investment": "7.5", "total_output": "171"})
    set_target(zone, YEAR, "fixed_asset_investment", 30)
    text = draft_text(zone)
    assert "完成固定资产投资7.5亿元，占年度目标任务30亿元的25.00%" in text
    assert "实现各业总产值171亿元" in text
    assert "7.50亿元" not in text and "171.00亿元" not in text
    table = next(line for line in text.splitlines() if line.startswith("固定资产投资 |"))
    assert table.split(" | ")[3:5] == ["7.5", "7.5"]


def test_amounts_of_a_clause_share_a_unit(zone, enter, set_target):
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    enter(zone, YEAR, 10, {"tax_revenue": "8000"})
    # The unit follows the 3亿元 target, so the figure reads in 亿元 in every month of the year.
    assert "完成税收0.80亿元，占年度目标任务3亿元的26.67%" in draft_text(zone)


def test_growth_fell_reads_decrease_and_changes_the_lead(zone, enter, set_target):
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20", "tax_revenue": "25000"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "tax_revenue": "26362"})
    growing = draft_text(zone)
    assert "完成固定资产投资22.32亿元，同比增长11.6%" in growing
    assert "主要指标保持增长" in opening(growing) and growing.count("主要指标保持增长") == 1

    enter(zone, YEAR, 10, {"fixed_asset_investment": "19.36"})
    mixed = draft_text(zone)
    assert "完成固定资产投资19.36亿元，同比下降3.2%" in mixed
    assert "增长-3.2%" not in mixed
    assert "主要指标有增有降，固定资产投资同比下降，税收收入同比增长" in opening(mixed)

    enter(zone, YEAR, 10, {"tax_revenue": "24000"})
    falling = opening(draft_text(zone))
    assert "主要指标同比下降" in falling and "保持增长" not in falling


def test_level_growth_and_counts_say_no_growth(zone, enter):
    enter(zone, YEAR - 1, 10, {"tax_revenue": "26362", "safety_hazards_found": "550"})
    enter(zone, YEAR, 10, {"tax_revenue": "26362", "safety_hazards_found": "550"})
    text = draft_text(zone)
    assert "与上年同期持平" in text and "0.0%" not in text and "0.00%" not in text
    assert "排查安全隐患550条" in text
    hazards = next(line for line in text.splitlines() if "排查安全隐患550条" in line)
    assert "同比" not in hazards
    assert next(line for line in text.splitlines() if line.startswith("排查安全隐患 |")).split(" | ")[5] == "—"


def test_house_style_sets_the_decimals_of_computed_rates(zone, enter, set_target):
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32"})
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    assert "占年度目标任务55亿元的40.58%，同比增长11.6%" in draft_text(zone)
    ReportStyle.objects.create(zone=zone, growth_places=2, completion_places=1)
    text = draft_text(zone)
    assert "占年度目标任务55亿元的40.6%，同比增长11.60%" in text
    assert "固定资产投资低于序时进度42.8个百分点" in text


def approve_through(zone, month, staff, reviewer):
    """Submit and approve every month of YEAR on record up to `month`, in order."""
    submit_through(zone, YEAR, month, staff)
    for each in ZoneMonth.objects.filter(zone=zone, year=YEAR, month__lte=month).order_by("month"):
        workflow.approve(each, reviewer)


@pytest.fixture
def growth_through_october(zone, enter, set_target, staff, reviewer):
    """Investment and tax through September and October of both years; investment's growth
    rises from 8.0% to 11.6%, tax's decline deepens from 2.0% to 4.0%."""
    enter(zone, YEAR - 1, 9, {"fixed_asset_investment": "18", "tax_revenue": "20000"})
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20", "tax_revenue": "25000"})
    enter(zone, YEAR, 9, {"fixed_asset_investment": "19.44", "tax_revenue": "19600"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "tax_revenue": "24000"})
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    approve_through(zone, 9, staff, reviewer)
    return zone


def test_monthly_analysis_per_headline_indicator(growth_through_october):
    text = docx_text(monthly.monthly_docx(growth_through_october, YEAR, 10))
    assert (
        "固定资产投资1-10月累计完成22.32亿元，同比增长11.6%，比1-9月提高3.6个百分点；"
        "占年度目标任务55亿元的40.58%，低于序时进度42.75个百分点。"
    ) in text
    assert (
        "税收收入1-10月累计完成2.40亿元，同比下降4.0%，降幅比1-9月扩大2.0个百分点；"
        "占年度目标任务3亿元的80.00%，低于序时进度3.33个百分点。"
    ) in text
    assert "主要指标有增有降，税收收入同比下降，固定资产投资同比增长。" in text


def test_monthly_names_a_narrowing_decline_only_against_an_approved_month(zone, enter, staff, reviewer):
    enter(zone, YEAR - 1, 9, {"fixed_asset_investment": "18"})
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20"})
    enter(zone, YEAR, 9, {"fixed_asset_investment": "16.2"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "19"})
    body = docx_text(monthly.monthly_docx(zone, YEAR, 10))
    checklist = "\n".join(b.text for b in monthly.monthly_draft(zone, YEAR, 10, with_charts=False).checklist.blocks
                          if isinstance(b, Paragraph))
    # September is a draft: no comparison rests on it, and the checklist says why.
    assert "1-10月累计完成19亿元，同比下降5.0%。" in body and "1-9月" not in body
    assert "固定资产投资未写“比1-9月”的增速变化：9月数据草稿，未经审核通过" in checklist
    approve_through(zone, 9, staff, reviewer)
    text = docx_text(monthly.monthly_docx(zone, YEAR, 10))
    assert "1-10月累计完成19亿元，同比下降5.0%，降幅比1-9月收窄5.0个百分点。" in text


def test_monthly_leaves_out_empty_rows_and_turns_the_table_page(seed_004):
    draft = monthly.monthly_draft(seed_004, YEAR, 10, with_charts=False)
    table = next(b for b in draft.document.blocks if isinstance(b, Table))
    assert table.landscape
    names = [row[0] for row in table.rows]
    assert "固定资产投资" in names and "各业总产值" in names  # 各业总产值: no October figure, but a target
    assert "地区生产总值" not in names and "排查安全隐患" not in names
    for row in table.rows:
        assert any(cell != "—" for cell in row[3:]), row
    headings = [b.text for b in draft.document.blocks if isinstance(b, Heading) and b.level == 2]
    assert headings == ["（一）经济运行"]  # the month area by area (reports.briefing)

    document = docx.Document(io.BytesIO(monthly.monthly_docx(seed_004, YEAR, 10)))
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height


def test_chart_labels_are_at_least_9_pt_in_print(seed_004):
    draft = monthly.monthly_draft(seed_004, YEAR, 10)
    images = [b for b in draft.document.blocks if b.__class__.__name__ == "Image"]
    assert len(images) == 2
    for image in images:
        chart = image.picture
        if isinstance(chart, charts.CompletionChart):
            figure = charts.completion_figure(chart.bars)
        else:
            figure = charts.trend_figure(chart.panels, chart.year)
        scale = image.width_cm / (figure.get_figwidth() * 2.54)  # Word prints the picture at width_cm
        sizes = [t.get_fontsize() * scale for t in figure.findobj(Text) if t.get_text().strip()]
        assert sizes and min(sizes) >= 9 - 1e-6


def test_an_abnormal_last_year_adds_the_two_year_average(zone, enter):
    # 2023: 20亿元; 2024 fell to 12.8 (-36%, an abnormal base); 2025 back to 24.2.
    enter(zone, YEAR - 2, 10, {"fixed_asset_investment": "20"})
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "12.8"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "24.2"})
    text = draft_text(zone)
    assert "完成固定资产投资24.2亿元，同比增长89.1%，两年平均增长10.0%" in text
    assert "两年平均增长10.0%" in docx_text(monthly.monthly_docx(zone, YEAR, 10))
    # A normal last year: no two-year average.
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "21"})
    assert "两年平均" not in draft_text(zone)


def test_a_part_states_its_pull_on_the_wholes_growth(zone, enter):
    enter(zone, YEAR - 1, 10, {"tax_revenue": "25000", "tax_national": "20000", "tax_local": "5000"})
    enter(zone, YEAR, 10, {"tax_revenue": "26362", "tax_national": "21000", "tax_local": "5362"})
    text = draft_text(zone)
    assert "完成税收2.64亿元，同比增长5.4%，其中国税2.10亿元，拉动增长4.0个百分点；地税0.54亿元，拉动增长1.4个百分点" in text


def test_growth_ranks_in_the_zones_group_whoever_downloads(zone, other_zone, ranked, city_leader, leader, client_for, tmp_path):
    from django.core.management import call_command
    from django.urls import reverse

    url = reverse("reports:download", args=[zone.code, YEAR]) + "?as_of=10&date=2025-12-01"
    city = docx_text(client_for(city_leader).get(url).content)
    assert "完成固定资产投资21亿元，同比增长5.0%，增速居全市第2位" in city
    # The zone's own leader, who sees no other zone, downloads the same text.
    assert docx_text(client_for(leader).get(url).content) == city
    out = tmp_path / "draft.docx"
    call_command("annual_report", zone="HX", year=YEAR, as_of=10, out=str(out), stdout=io.StringIO())
    assert "增速居全市第2位" in docx_text(out.read_bytes())
    briefing = reverse("reports:monthly_download", args=[other_zone.code, YEAR, 10]) + "?date=2025-11-05"
    assert "固定资产投资1-10月累计完成23亿元，同比增长15.0%，增速居全市第1位" in docx_text(client_for(city_leader).get(briefing).content)


def test_a_group_with_zones_yet_to_report_says_how_many_have(zone, other_zone, ranked, enter):
    third = Zone.objects.create(code="SH", name="山海高新技术产业开发区")
    ranked.members.add(third)
    ranked.scope = PeerGroup.Scope.PROVINCE
    ranked.save()
    assert "同比增长5.0%，增速在已报送的2个开发区中居第2位" in draft_text(zone)
    enter(third, YEAR - 1, 10, {"fixed_asset_investment": "20"})
    enter(third, YEAR, 10, {"fixed_asset_investment": "20.5"})
    assert "同比增长5.0%，增速居全省第2位" in draft_text(zone)


def test_no_group_no_rank(zone, other_zone, ranked):
    ReportStyle.objects.filter(zone=zone).update(rank_group=None)
    text = draft_text(zone)
    assert "同比增长5.0%" in text and "增速居" not in text and "已报送" not in text


def test_a_zone_s_style_ranks_only_in_a_group_it_belongs_to(zone, other_zone):
    group = PeerGroup.objects.create(name="临海一组")
    group.members.set([other_zone])
    with pytest.raises(ValidationError):
        ReportStyle(zone=zone, rank_group=group).full_clean()


def test_entered_amounts_keep_their_decimals_and_converted_ones_take_the_house_places(zone, enter, set_target):
    enter(zone, YEAR, 10, {"fixed_asset_investment": "3.60", "tax_revenue": "37644", "tax_national": "22400"})
    set_target(zone, YEAR, "tax_revenue", 4, unit="亿元")
    opening_text = opening(draft_text(zone))
    assert "完成固定资产投资3.60亿元" in opening_text
    # One money unit in the sentence: the tax and its part both converted into 亿元.
    assert "完成税收3.76亿元，占年度目标任务4亿元的94.11%，其中国税2.24亿元" in opening_text
    assert "万元" not in opening_text
    ReportStyle.objects.create(zone=zone, amount_places=1)
    assert "完成税收3.8亿元" in opening(draft_text(zone)) and "3.60亿元" in opening(draft_text(zone))


def test_the_briefing_dates_its_judgement_by_the_figures_it_weighs(zone, enter):
    enter(zone, YEAR - 1, 9, {"fixed_asset_investment": "18", "tax_revenue": "20000"})
    enter(zone, YEAR, 9, {"fixed_asset_investment": "19", "tax_revenue": "21000"})
    # October's 月报 before October's figures: the judgement weighs 1-9月.
    text = docx_text(monthly.monthly_docx(zone, YEAR, 10))
    assert "1-9月，主要指标保持增长。" in text and "1-10月，主要指标" not in text
    # Figures of two months: the judgement names neither.
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "21"})
    text = docx_text(monthly.monthly_docx(zone, YEAR, 10))
    assert "\n主要指标保持增长。" in text and "月，主要指标保持增长" not in text
