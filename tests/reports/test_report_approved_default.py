"""Approved by default: a draft or 月报 without a month uses each figure's latest approved month
and says so; an explicitly chosen unapproved month marks only its figures."""

import io

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from django.urls import reverse

from indicators import selectors, workflow
from reports import annual, monthly
from tests.reports.support import YEAR, docx_text
from tests.reports.test_report_provenance import checklist
from tests.conftest import BLANKS_EXPLAINED


@pytest.fixture
def returned(zone, staff, reviewer, enter, set_target):
    """Investment and tax: September approved, October submitted and returned by the reviewer."""
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    enter(zone, YEAR, 9, {"fixed_asset_investment": "20", "tax_revenue": "23000"}, user=staff)
    workflow.submit(selectors.zone_month(zone, YEAR, 9), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(zone, YEAR, 9), reviewer)
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "tax_revenue": "26362"}, user=staff)
    workflow.submit(selectors.zone_month(zone, YEAR, 10), staff, BLANKS_EXPLAINED)
    workflow.return_month(selectors.zone_month(zone, YEAR, 10), reviewer, "投资数需核实")
    return zone


def highlighted(content: bytes) -> list[str]:
    """The highlighted runs of the document sent (its checklist is apart)."""
    paragraphs = docx.Document(io.BytesIO(content)).paragraphs
    return [run.text for p in paragraphs for run in p.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]


def test_a_returned_latest_month_is_not_the_default(returned):
    draft = annual.annual_draft(returned, YEAR, with_charts=False)
    assert draft.as_of == 9 and draft.approved_only and draft.unapproved == []
    text = docx_text(annual.annual_docx(returned, YEAR))
    assert "截至9月底，完成固定资产投资20亿元，占年度目标任务55亿元的36.36%" in text
    assert "22.32" not in text
    assert any("未指定截止月份：各项数据取其最近一个审核通过的月份（截至9月）" in line for line in checklist(draft))
    assert highlighted(annual.annual_docx(returned, YEAR)) == []

    briefing = monthly.monthly_draft(returned, YEAR, with_charts=False)
    assert briefing.as_of == 9 and briefing.document.title.endswith("（2025年9月）")
    assert "1-9月累计完成20亿元" in docx_text(monthly.monthly_docx(returned, YEAR))


def test_an_indicator_lagging_behind_uses_its_own_latest_approved_month(returned, staff, reviewer, enter):
    # October goes again without its investment figure, then November's output; both approved:
    # investment's latest approved month stays September.
    enter(returned, YEAR, 10, {"fixed_asset_investment": None}, user=staff)
    workflow.submit(selectors.zone_month(returned, YEAR, 10), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(returned, YEAR, 10), reviewer)
    enter(returned, YEAR, 11, {"total_output": "240"}, user=staff)
    workflow.submit(selectors.zone_month(returned, YEAR, 11), staff, BLANKS_EXPLAINED)
    workflow.approve(selectors.zone_month(returned, YEAR, 11), reviewer)
    text = docx_text(annual.annual_docx(returned, YEAR))
    assert "截至11月底，实现各业总产值240亿元" in text
    assert "截至9月底，完成固定资产投资20亿元" in text


def test_an_explicit_unapproved_month_marks_its_figures_alone(returned):
    content = annual.annual_docx(returned, YEAR, 10)
    marked = highlighted(content)
    body = docx_text(content)
    assert "完成固定资产投资22.32亿元，占年度目标任务55亿元的40.58%" in body
    assert "22.32亿元" in marked and "40.58%" in marked and "2.64亿元" in marked
    # Only figures, never the sentence around them, and no note in the body.
    assert not any("固定资产投资" in piece or "截止" in piece for piece in marked)
    assert "未经审核" not in body
    draft = annual.annual_draft(returned, YEAR, 10, with_charts=False)
    assert "固定资产投资（10月，已退回）" in "".join(checklist(draft))


def test_the_preview_says_which_months_it_uses(returned, leader, client_for):
    client = client_for(leader)
    html = client.get(reverse("reports:preview", args=[returned.code, YEAR])).content.decode()
    assert "未指定截止月份：各项数据取其最近一个审核通过的月份（截至9月）" in html
    assert reverse("reports:monthly_latest", args=[returned.code, YEAR]) in html
    html = client.get(reverse("reports:preview", args=[returned.code, YEAR]) + "?as_of=10").content.decode()
    assert '<mark class="unapproved">22.32亿元</mark>' in html
    download = client.get(reverse("reports:monthly_latest", args=[returned.code, YEAR]))
    assert download.status_code == 200 and "1-9月累计完成20亿元" in docx_text(download.content)
