"""Who sends a document and when: the year-end draft's 落款 and 成文日期 after its text, the 月报's
head (第N期, 报送单位, date); the zone's 报告格式 names the issuer, staff set the date."""

import io

import docx
import pytest

from reports import annual, letterhead, monthly
from reports.models import ReportStyle
from tests.reports.support import YEAR


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


def test_the_draft_is_signed_by_the_zone_and_dated_today_before_its_appendix(seed_004, today):
    today("2026-12-07")
    lines = paragraphs(annual.annual_docx(seed_004, YEAR, 10))
    at = lines.index("XX经济技术开发区管理委员会")
    assert lines[at + 1] == "2026年12月7日"
    assert at < next(i for i, line in enumerate(lines) if line.startswith("附表"))


def test_the_issuer_is_the_zone_s_setting_and_the_date_the_one_staff_chose(seed_004, leader, client_for):
    ReportStyle.objects.create(zone=seed_004, issuer="XX经济技术开发区党工委 管委会")
    response = client_for(leader).get(f"/reports/{seed_004.code}/{YEAR}/download/?as_of=10&date=2026-01-05")
    lines = paragraphs(response.content)
    assert lines[lines.index("XX经济技术开发区党工委 管委会") + 1] == "2026年1月5日"
    briefing = paragraphs(client_for(leader).get(f"/reports/{seed_004.code}/{YEAR}/10/briefing/?date=2025-11-08").content)
    assert briefing[1:3] == ["第9期", "报送单位：XX经济技术开发区党工委 管委会\t2025年11月8日"]


@pytest.mark.parametrize("month, issue", [(1, 1), (2, 1), (3, 2), (10, 9), (12, 11)])
def test_a_briefing_s_issue_follows_from_its_month_january_and_february_being_one(month, issue):
    assert letterhead.briefing_issue(month) == issue


def test_every_download_of_a_month_carries_the_same_issue(seed_004, today):
    today("2026-03-01")
    first = monthly.monthly_draft(seed_004, YEAR, 10, with_charts=False).document.masthead
    today("2026-04-01")
    again = monthly.monthly_draft(seed_004, YEAR, 10, with_charts=False).document.masthead
    assert first.issue == again.issue == 9


def test_the_preview_shows_the_signature_and_lets_staff_set_the_date(seed_004, leader, client_for, today):
    today("2026-12-07")
    html = client_for(leader).get(f"/reports/{seed_004.code}/{YEAR}/?as_of=10").content.decode()
    assert '<p class="report-signature">XX经济技术开发区管理委员会<br>2026年12月7日</p>' in html
    assert 'id="document-date" value="2026-12-07"' in html
