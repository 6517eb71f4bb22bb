"""The draft checker: nothing to find in the drafts the product writes, each kind of defect found."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as strat

from demo.loading import load_demo
from indicators import workflow
from indicators.models import ZoneMonth
from reports import annual, monthly, verify
from reports.docx_builder import build_docx
from tests.conftest import submit_through
from tests.reports.support import YEAR
from zones.models import Zone


def findings_in(draft, zone, year) -> list[verify.Finding]:
    return verify.check_docx(build_docx(draft.document), zone, year, draft.as_of)


def approve_through(zone, year, month, staff, reviewer):
    submit_through(zone, year, month, staff)
    for each in ZoneMonth.objects.filter(zone=zone, year=year, month__lte=month).order_by("month"):
        workflow.approve(each, reviewer)


@pytest.mark.django_db
def test_the_demo_drafts_and_briefings_have_nothing_to_find():
    zones, year = load_demo("demo12345")
    for zone in zones.values():
        approved = sorted(ZoneMonth.objects.filter(zone=zone, year=year, status=ZoneMonth.Status.APPROVED).values_list("month", flat=True))
        for month in [*approved[-3:], None]:
            for draft in (annual.annual_draft(zone, year, month, with_charts=False), monthly.monthly_draft(zone, year, month, with_charts=False)):
                assert findings_in(draft, zone, year) == []


@pytest.fixture
def figures(zone, enter, set_target, staff, reviewer):
    """Investment and tax with parts, through September and October, September approved."""
    enter(zone, YEAR - 1, 9, {"fixed_asset_investment": "18", "tax_revenue": "20000", "tax_national": "15000", "total_output": "200", "total_output_new_energy": "150"})
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20", "tax_revenue": "28000", "tax_national": "19000", "total_output": "220", "total_output_new_energy": "170"})
    enter(zone, YEAR, 9, {"fixed_asset_investment": "19.44", "tax_revenue": "19600", "tax_national": "15200", "total_output": "210", "total_output_new_energy": "140"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "tax_revenue": "26362", "tax_national": "20136", "total_output": "232", "total_output_new_energy": "160"})
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    set_target(zone, YEAR + 1, "fixed_asset_investment", 30)
    approve_through(zone, YEAR, 9, staff, reviewer)
    return zone


def kinds_after(zone, text: str, old: str, new: str) -> set[str]:
    assert old in text, old
    return {f.kind for f in verify.check_lines(text.replace(old, new, 1).splitlines(), zone, YEAR, 10)}


def test_each_kind_of_defect_is_found(figures):
    text = "\n".join(verify.block_lines(annual.annual_draft(figures, YEAR, 10, with_charts=False).document.blocks))
    assert verify.check_lines(text.splitlines(), figures, YEAR, 10) == []
    assert kinds_after(figures, text, "截至10月底", "截止10月底") == {verify.WORDING}
    assert kinds_after(figures, text, "完成固定资产投资22.32亿元", "完成固定资产投资22.33亿元") == {verify.FIGURE}
    # The clause dated by a month its figure is not of.
    assert kinds_after(figures, text, "完成固定资产投资22.32亿元", "完成固定资产投资19.44亿元") == {verify.FIGURE}
    assert kinds_after(figures, text, "同比增长11.6%", "同比下降11.6%") == {verify.FIGURE}
    assert kinds_after(figures, text, "占年度目标任务55亿元的40.58%", "占年度目标任务55亿元的40.85%") == {verify.FIGURE}
    assert kinds_after(figures, text, "低于序时进度42.75个百分点", "超序时进度42.75个百分点") == {verify.FIGURE}
    assert kinds_after(figures, text, "其中国税2.01亿元", "其中国税20136万元") == {verify.UNIT}
    # Converted into 亿元, a figure takes the house's two decimals.
    assert kinds_after(figures, text, "其中国税2.01亿元", "其中国税2.0亿元") == {verify.PRECISION}
    assert kinds_after(figures, text, "完成固定资产投资30亿元", "完成固定资产投资35亿元") == {verify.FIGURE}
    opening = text.splitlines()[1]
    assert kinds_after(figures, text + "\n" + opening, "", "") == {verify.REPEAT}
    # Tax fell: the headline indicators did not all grow.
    assert "主要指标有增有降，税收收入同比下降" in text
    assert kinds_after(figures, text, "主要指标有增有降，税收收入同比下降，", "主要指标保持增长，") == {verify.JUDGEMENT}
    # New energy fell and pulled its whole down: no 支撑作用.
    assert "拉低" in text
    assert kinds_after(figures, text, "二、", "新能源产业继续发挥支撑作用。\n二、") == {verify.JUDGEMENT}
    assert kinds_after(figures, text, "拉低", "下拉") == {verify.WORDING}


def test_a_comparison_with_a_month_not_approved_is_found(figures, enter):
    text = "\n".join(verify.block_lines(monthly.monthly_draft(figures, YEAR, 10, with_charts=False).document.blocks))
    assert "比1-9月提高3.6个百分点" in text
    assert verify.check_lines(text.splitlines(), figures, YEAR, 10) == []
    assert kinds_after(figures, text, "比1-9月提高3.6个百分点", "比1-9月提高3.5个百分点") == {verify.COMPARISON}
    ZoneMonth.objects.filter(zone=figures, year=YEAR, month=9).update(status=ZoneMonth.Status.RETURNED)
    assert {f.kind for f in verify.check_lines(text.splitlines(), figures, YEAR, 10)} == {verify.COMPARISON}
    # The draft itself now leaves the comparison out.
    assert findings_in(monthly.monthly_draft(figures, YEAR, 10, with_charts=False), figures, YEAR) == []


INDICATORS = ["industrial_output", "fixed_asset_investment", "tax_revenue", "infrastructure_investment", "safety_hazards_found"]
amounts = strat.decimals(min_value=Decimal("0.5"), max_value=Decimal("5000"), places=2)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    data=strat.fixed_dictionaries({
        code: strat.tuples(amounts, strat.lists(strat.one_of(strat.none(), amounts), min_size=6, max_size=6), strat.one_of(strat.none(), amounts))
        for code in INDICATORS
    }),
    approved=strat.integers(min_value=0, max_value=6),
    share=strat.decimals(min_value=Decimal("0.1"), max_value=Decimal("1.0"), places=2),  # a part never above its whole (the entry refuses it)
)
def test_generated_zones_have_nothing_to_find(db, enter, set_target, staff, reviewer, data, approved, share):
    """Random figures: months missing and returned, falls, completion over 100%, targets below last
    year, a part up to its whole."""
    number = Zone.objects.count()
    zone = Zone.objects.create(code=f"G{number}", name=f"生成开发区{number}")
    staff.zones.add(zone)
    reviewer.zones.add(zone)
    for month in range(1, 7):  # every month on record, so that months can be submitted in order
        enter(zone, YEAR, month, {"retail_sales": 10 * month})
    for code, (last_year, months, target) in data.items():
        enter(zone, YEAR - 1, 6, {code: last_year})
        running = Decimal(0)
        for month, value in enumerate(months, start=1):
            if value is not None:
                running += value
                enter(zone, YEAR, month, {code: running})
        if target is not None:
            set_target(zone, YEAR, code, target)
    first_tax = data["tax_revenue"][1]
    enter(zone, YEAR, 6, {"tax_national": (first_tax[5] or Decimal(1)) * share})
    if approved:
        approve_through(zone, YEAR, approved, staff, reviewer)
    if approved > 2:
        ZoneMonth.objects.filter(zone=zone, year=YEAR, month=approved).update(status=ZoneMonth.Status.RETURNED)
    for month in (6, None):
        for draft in (annual.annual_draft(zone, YEAR, month, with_charts=False), monthly.monthly_draft(zone, YEAR, month, with_charts=False)):
            assert findings_in(draft, zone, YEAR) == []


def test_the_preview_shows_what_the_checker_finds(seed_004, staff, client_for):
    from django.urls import reverse

    from reports.models import NarrativeSection

    preview = reverse("reports:preview", args=[seed_004.code, YEAR]) + "?as_of=10"
    client = client_for(staff)
    assert "未发现问题" in client.get(preview).content.decode()
    # Staff text is checked like the rest: 截止 where 截至 is meant.
    NarrativeSection.objects.create(zone=seed_004, year=YEAR, key="economy", text="截止10月底，园区运行平稳。")
    body = client.get(preview).content.decode()
    assert "草稿核对发现1处问题" in body and "用词" in body and "截止10月底，园区运行平稳。" in body


def test_growth_is_compared_with_last_month_and_last_year_in_the_year_end_draft_too(figures, enter):
    enter(figures, YEAR - 2, 10, {"fixed_asset_investment": "19"})
    text = "\n".join(verify.block_lines(annual.annual_draft(figures, YEAR, 10, with_charts=False).document.blocks))
    # 11.6% now, 5.3% a year ago (20 of 19), 8.0% through September (approved).
    assert "完成固定资产投资22.32亿元，占年度目标任务55亿元的40.58%，同比增长11.6%，较去年同期提高6.3个百分点，比1-9月提高3.6个百分点" in text
    assert verify.check_lines(text.splitlines(), figures, YEAR, 10) == []
    assert kinds_after(figures, text, "较去年同期提高6.3个百分点", "较去年同期回落6.3个百分点") == {verify.FIGURE}



def test_a_rank_is_recomputed_from_the_zone_s_rank_group(zone, other_zone, ranked, enter):
    from reports.models import ReportStyle

    for draft in (annual.annual_draft(zone, YEAR, 10, with_charts=False), monthly.monthly_draft(zone, YEAR, 10, with_charts=False)):
        text = "\n".join(verify.block_lines(draft.document.blocks))
        assert "增速居全市第2位" in text
        assert verify.check_lines(text.splitlines(), zone, YEAR, 10) == []
        assert kinds_after(zone, text, "增速居全市第2位", "增速居全市第1位") == {verify.RANK}
        assert kinds_after(zone, text, "增速居全市第2位", "增速居全省第2位") == {verify.RANK}
        assert kinds_after(zone, text, "增速居全市第2位", "增速在已报送的2个开发区中居第2位") == {verify.RANK}
    # A third member yet to report: the group is incomplete.
    third = Zone.objects.create(code="SH", name="山海高新技术产业开发区")
    ranked.members.add(third)
    partial = "\n".join(verify.block_lines(annual.annual_draft(zone, YEAR, 10, with_charts=False).document.blocks))
    assert "增速在已报送的2个开发区中居第2位" in partial
    assert verify.check_lines(partial.splitlines(), zone, YEAR, 10) == []
    assert kinds_after(zone, partial, "已报送的2个", "已报送的3个") == {verify.RANK}
    assert kinds_after(zone, partial, "增速在已报送的2个开发区中居第2位", "增速居全市第2位") == {verify.RANK}
    # Without a group a rank sentence has nothing to rest on.
    ReportStyle.objects.filter(zone=zone).update(rank_group=None)
    assert kinds_after(zone, partial, "增速在已报送的2个开发区中居第2位", "增速居全市第2位") == {verify.RANK}
    assert findings_in(annual.annual_draft(zone, YEAR, 10, with_charts=False), zone, YEAR) == []
