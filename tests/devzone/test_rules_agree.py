"""Rules that several pages apply come from one function each, so the pages agree."""

import datetime
from decimal import Decimal

from django.utils import timezone

from projects import selectors, statistics
from projects.models import Enterprise, Project, ProjectProblem

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_overdue_problems_are_the_same_on_every_page(zone, staff):
    project = Project.objects.create(zone=zone, name="光伏组件", is_key=True)
    for deadline, state in ((TODAY - DAY, "open"), (TODAY, "open"), (TODAY + DAY, "open"), (TODAY - DAY, "resolved")):
        ProjectProblem.objects.create(project=project, raised_year=TODAY.year, raised_month=TODAY.month, description="供电",
                                      owner="供电公司", deadline=deadline, state=state,
                                      resolved_on=TODAY if state == "resolved" else None, resolution="已解决" if state == "resolved" else "")
    listed = list(selectors.problem_list(staff, {"state": "overdue"}))
    flagged = [p for p in selectors.problem_list(staff, {"state": "all"}) if p.overdue]
    (counted,) = selectors.project_list(staff, {}, TODAY.year, TODAY.month)
    (key,) = statistics.key_project_progress(zone, TODAY.year, TODAY.month, TODAY)
    assert [p.deadline for p in listed] == [p.deadline for p in flagged] == [TODAY - DAY]
    assert counted.overdue_problems == key.overdue_problems == 1


def test_held_land_leaves_out_reserve_land_on_every_page(zone, staff, client_for):
    enterprise = Enterprise.objects.create(zone=zone, name="华光电子")
    for code, status, area in (("A1", "reserve", "10"), ("A2", "supplied", "20"), ("A3", "started", "30")):
        enterprise.parcels.create(zone=zone, code=code, status=status, area_mu=Decimal(area),
                                  **({} if status == "reserve" else {"supplied_on": TODAY, "supply_method": "sale"}),
                                  **({"started_on": TODAY} if status == "started" else {}))
    (listed,) = selectors.enterprise_list(staff, {})
    detail = client_for(staff).get(f"/enterprises/{enterprise.pk}/").context
    assert listed.land_mu == detail["land_mu"] == Decimal(50)


def test_the_dashboard_and_the_briefing_warn_of_the_same_indicators(zone, enter, set_target):
    from dashboard.selectors import zone_dashboard
    from reports.monthly import lagging_indicators, monthly_draft
    from reports.report_data import ReportData, chart_blocks

    for code, target in (("fixed_asset_investment", 55), ("tax_revenue", 30000), ("total_output", 100),
                         ("total_output_new_energy", 50), ("enterprises_above_scale", 100)):
        set_target(zone, 2025, code, target)
    enter(zone, 2025, 9, {"tax_revenue": 1000})  # lags, and has no October figure yet
    # A part and a stock far below their targets: neither is read against time progress.
    enter(zone, 2025, 10, {"fixed_asset_investment": 10, "total_output": 90, "total_output_new_energy": 1,
                           "enterprises_above_scale": 10})
    dashboard = zone_dashboard(zone, 2025, 10)
    data = ReportData(zone, 2025, 10)
    on_dashboard = [panel.indicator.code for panel in dashboard.behind]
    in_briefing = [indicator.code for indicator in lagging_indicators(data)]
    assert on_dashboard == in_briefing == ["fixed_asset_investment", "tax_revenue"]
    charted = [panel.indicator.name for panel in dashboard.tracked]
    (completion_chart, *_trend) = chart_blocks(data)
    assert [bar.label.split("（")[0] for bar in completion_chart.picture.bars] == charted == ["各业总产值", "固定资产投资", "税收收入"]
    blocks = monthly_draft(zone, 2025, 10, with_charts=False).document.blocks
    text = "\n".join(getattr(block, "text", "") + getattr(block, "body", "") for block in blocks)
    assert "税收收入1-9月累计完成0.10亿元" in text and "列入预警" in text
