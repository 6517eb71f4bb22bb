"""Provenance: every draft and the month export list, in a section or sheet of their own, the
approvals their figures rest on and every figure that rests on none; one rule decides both."""

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from indicators import provenance, selectors, workflow
from indicators.models import MonthTransition
from reports import annual, monthly, report_data
from reports.docx_builder import Paragraph
from tests.reports.support import YEAR, docx_text
from tests.conftest import BLANKS_EXPLAINED


def month_of(zone, month):
    return selectors.zone_month(zone, YEAR, month)


@pytest.fixture
def reviewed(zone, staff, reviewer, enter):
    """Tax through October: August and September approved, October submitted."""
    for month, ytd in ((8, 20000), (9, 23000), (10, 26362)):
        enter(zone, YEAR, month, {"tax_revenue": ytd, "fixed_asset_investment": month * 2}, user=staff)
        workflow.submit(month_of(zone, month), staff, BLANKS_EXPLAINED)
    for month in (8, 9):
        workflow.approve(month_of(zone, month), reviewer)
    return zone


def approval_of(zone, month):
    return MonthTransition.objects.filter(zone_month=month_of(zone, month), to_status="approved").latest("id")


def checklist(draft) -> list[str]:
    """The lines of the draft's 审核依据清单, a document of its own."""
    assert draft.checklist.title == report_data.CHECKLIST_HEADING
    return [b.text for b in draft.checklist.blocks if isinstance(b, Paragraph)]


def export_sheet(client, zone, month):
    book = load_workbook(io.BytesIO(client.get(f"/review/{zone.code}/{YEAR}/{month}/export.xlsx").content))
    return [[cell for cell in row if cell is not None] for row in book["审核依据"].values]


def test_approvals_for_lists_the_approvals_and_the_figures_resting_on_none(reviewed, reviewer):
    rests_on = provenance.approvals_for(reviewed, YEAR, range(1, 11))
    assert [(a.month, a.approver, a.fingerprint) for a in rests_on.approvals] == [
        (month, "reviewer", approval_of(reviewed, month).fingerprint) for month in (8, 9)
    ]
    assert {(f.month, f.indicator_code, f.reason, f.status) for f in rests_on.unbacked} == {
        (10, "tax_revenue", "unapproved", "submitted"), (10, "fixed_asset_investment", "unapproved", "submitted"),
    }


def test_a_figure_changed_after_approval_rests_on_none(reviewed, staff, reviewer, enter):
    workflow.unlock(month_of(reviewed, 9), reviewer, "统计局修订")
    # The published growth: a new YTD would move October's month value, which is locked (submitted).
    enter(reviewed, YEAR, 9, {"tax_revenue": 23000}, yoy={"tax_revenue": "5.2"}, user=staff)
    rests_on = provenance.approvals_for(reviewed, YEAR, range(1, 10))
    assert [a.month for a in rests_on.approvals] == [8]
    assert {(f.month, f.indicator_code, f.reason) for f in rests_on.unbacked} == {
        (9, "tax_revenue", "modified"), (9, "fixed_asset_investment", "unapproved"),
    }
    workflow.submit(month_of(reviewed, 9), staff, BLANKS_EXPLAINED)
    workflow.approve(month_of(reviewed, 9), reviewer)
    assert [a.month for a in provenance.approvals_for(reviewed, YEAR, range(1, 10)).approvals] == [8, 9]


def test_an_approval_without_a_snapshot_proves_nothing(reviewed):
    MonthTransition.objects.filter(zone_month=month_of(reviewed, 8)).update(figures={}, fingerprint="")
    rests_on = provenance.approvals_for(reviewed, YEAR, [8])
    assert rests_on.approvals == []
    assert {f.reason for f in rests_on.unbacked} == {"unrecorded"}


def test_the_drafts_and_the_month_export_list_the_same_approvals(reviewed, reviewer, client_for):
    fingerprints = [approval_of(reviewed, month).fingerprint[:12] for month in (8, 9)]
    monthly_lines = checklist(monthly.monthly_draft(reviewed, YEAR, 10, with_charts=False))
    annual_lines = checklist(annual.annual_draft(reviewed, YEAR, 10, with_charts=False))
    sheet = export_sheet(client_for(reviewer), reviewed, 10)
    approvals = [row for row in sheet if len(row) == 5 and row[4] in fingerprints]
    assert [row[:3] for row in approvals] == [[reviewed.name, f"{YEAR}年{m}月", "reviewer"] for m in (8, 9)]
    for lines in (monthly_lines, annual_lines):
        assert [line.split(".", 1)[1] for line in lines if any(f in line for f in fingerprints)] == ["，".join(row) for row in approvals]
        unbacked = [line for line in lines if "未经审核（已提交）" in line]
        assert len(unbacked) == 2 and all(f"{YEAR}年10月" in line for line in unbacked)
    assert sum("未经审核（已提交）" in row for row in sheet) == 2
    # The office sends the 月报 as it is: the fingerprints are in its checklist, a download of its own.
    client = client_for(reviewer)
    sent = docx_text(client.get(f"/reports/{reviewed.code}/{YEAR}/10/briefing/").content)
    kept = docx_text(client.get(f"/reports/{reviewed.code}/{YEAR}/10/briefing/checklist/").content)
    assert not any(f in sent for f in fingerprints) and report_data.CHECKLIST_HEADING not in sent
    assert all(f in kept for f in fingerprints)


def test_a_month_entirely_approved_has_nothing_resting_on_none(reviewed, reviewer, client_for):
    draft = monthly.monthly_draft(reviewed, YEAR, 9, with_charts=False)
    assert draft.provenance.unbacked == []
    assert not any("没有审核依据" in line for line in checklist(draft))
    assert ["无"] in export_sheet(client_for(reviewer), reviewed, 9)


def test_the_preview_shows_the_checklist_apart_and_links_both_downloads(reviewed, leader, client_for):
    client = client_for(leader)
    html = client.get(f"/reports/{reviewed.code}/{YEAR}/?as_of=10").content.decode()
    draft, notes = html.split('id="checklist"')
    assert approval_of(reviewed, 9).fingerprint[:12] in notes and approval_of(reviewed, 9).fingerprint[:12] not in draft
    for link in ("download/?as_of=10", "checklist/?as_of=10", "10/briefing/", "10/briefing/checklist/"):
        assert f'href="/reports/{reviewed.code}/{YEAR}/{link}"' in draft
    sent = docx_text(client.get(f"/reports/{reviewed.code}/{YEAR}/download/?as_of=10").content)
    kept = client.get(f"/reports/{reviewed.code}/{YEAR}/checklist/?as_of=10")
    assert report_data.CHECKLIST_HEADING not in sent and "reviewer" not in sent
    assert approval_of(reviewed, 9).fingerprint[:12] in docx_text(kept.content)
    assert "审核依据清单.docx" in unquote(kept["Content-Disposition"])
