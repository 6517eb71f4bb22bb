"""The 月报 covers the month area by area: every indicator with a figure under its category, the
record sentences (签约, 开工), the safety checks, and the 下一步 staff write for the month."""

import datetime

from audit.models import ChangeRecord
from projects.models import Project
from reports import monthly, services
from reports.docx_builder import Heading, Paragraph
from tests.reports.support import YEAR


def blocks(zone, month=10):
    return monthly.monthly_draft(zone, YEAR, month, with_charts=False).document.blocks


def test_each_area_states_its_records_and_figures_under_its_heading(zone, enter):
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "safety_hazards_found": 550, "safety_hazards_rectified": 523})
    Project.objects.create(zone=zone, name="甲", stage="signed", signed_on=datetime.date(YEAR, 3, 1), signed_amount=30000)
    Project.objects.create(zone=zone, name="乙", stage="started", started_on=datetime.date(YEAR, 4, 1))
    shown = blocks(zone)
    headings = [b.text for b in shown if isinstance(b, Heading) and b.level == 2]
    assert headings == ["（一）经济运行", "（二）招商引资", "（三）项目建设", "（四）安全生产"]
    texts = [b.text for b in shown if isinstance(b, Paragraph)]
    assert "签约项目1个，签约资金3亿元。" in texts
    assert any(text.startswith("共开工建设项目1个") for text in texts)
    assert "1-10月累计排查安全隐患550条，已整改523条，整改率95.09%。" in texts
    assert any(text.startswith("固定资产投资1-10月累计完成22.32亿元") for text in texts)


def test_next_steps_are_written_per_month_and_printed_in_that_month_s_briefing(zone, enter, staff, leader, client_for):
    enter(zone, YEAR, 9, {"fixed_asset_investment": "20"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32"})
    url = f"/reports/{zone.code}/{YEAR}/10/briefing/next/"
    assert client_for(leader).post(url, {"text": "加快项目建设。"}).status_code == 403
    response = client_for(staff).post(url, {"text": "加快项目建设。\n\n抓好安全生产。"})
    assert response.status_code == 302
    shown = blocks(zone)
    at = next(i for i, b in enumerate(shown) if isinstance(b, Heading) and b.text == "二、下一步工作")
    assert [b.text for b in shown[at + 1:at + 3]] == ["加快项目建设。", "抓好安全生产。"]
    assert shown[at + 3].title.startswith("三、")  # the month's table follows as 三、
    assert not any(getattr(b, "text", "").endswith("下一步工作") for b in blocks(zone, 9))
    assert ChangeRecord.objects.filter(new_value__contains="抓好安全生产").exists()
    assert "加快项目建设。\n\n抓好安全生产。" in client_for(leader).get(url).content.decode()


def test_next_steps_are_not_carried_into_next_year(zone, staff):
    services.save_next_steps(zone, YEAR - 1, 12, "明年继续。", user=staff, channel="form")
    assert services.start_from_previous_year(zone, YEAR, user=staff, channel="form") == 0
