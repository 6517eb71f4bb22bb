"""Timeliness and completeness per zone and period; the dashboard card (cached, yet changed by a
submission and by the day), the ranked comparison and the 12-month chart."""

import datetime
import io
import re
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from deadlines.timeliness import zone_timeliness, zone_timeliness_with_months
from indicators.models import Indicator
from zones.models import User

D = datetime.date


def card_cell(html: str, cell: str) -> str:
    return re.search(rf'data-cell="{cell}">([^<]*)<', html[html.index('id="timeliness"'):]).group(1)


def test_share_on_time_days_late_and_completeness(zone, staff, enter, submit_on):
    enter(zone, 2026, 3, {"tax_revenue": 100, "fixed_asset_investment": 2})
    submit_on(zone, 2026, 1, staff, "2026-02-05")   # due Thursday 5 February: on time
    submit_on(zone, 2026, 2, staff, "2026-03-08")   # due Thursday 5 March: 3 days late
    # March unsubmitted, due Monday 6 April (the 5th is a Sunday): 4 days late on the 10th.
    t = zone_timeliness([zone.pk], 2026, 3, D(2026, 4, 10))[zone.pk]
    assert [m.days_late for m in t.months] == [0, 3, 4]
    assert t.on_time_share == Decimal(1) / Decimal(3) * 100
    assert [m.month for m in t.late] == [2, 3] and t.days_late == 7
    assert t.mean_days_late == Decimal(7) / Decimal(3)  # per counted month, January's 0 included
    assert t.completeness == Decimal(2) / Decimal(Indicator.objects.active().count()) * 100


def test_months_not_yet_due_are_not_counted(zone, staff, submit_on):
    t = zone_timeliness([zone.pk], 2026, 3, D(2026, 4, 3))[zone.pk]
    assert len(t.counted) == 2 and t.on_time_share == 0
    submit_on(zone, 2026, 3, staff, "2026-04-02")  # early: counted and on time
    t = zone_timeliness([zone.pk], 2026, 3, D(2026, 4, 3))[zone.pk]
    assert len(t.counted) == 3 and t.months[-1].on_time


def test_a_month_not_reported_on_its_own_is_not_counted(zone, staff):
    from indicators import workflow
    from indicators.models import ZoneMonth

    workflow.skip(ZoneMonth(zone=zone, year=2026, month=1), staff, "1月合并到1-2月")
    t = zone_timeliness([zone.pk], 2026, 3, D(2026, 4, 10))[zone.pk]
    assert [m.month for m in t.counted] == [2, 3] and [m.month for m in t.late] == [2, 3]


def test_twelve_months_run_back_into_last_year(zone, staff, submit_on):
    submit_on(zone, 2025, 6, staff, "2025-07-04")
    _t, months = zone_timeliness_with_months(zone.pk, 2026, 2, D(2026, 3, 10))
    assert [(m.year, m.month) for m in months][:2] == [(2025, 3), (2025, 4)] and (months[-1].year, months[-1].month) == (2026, 2)
    assert next(m for m in months if m.month == 6 and m.year == 2025).on_time


def test_the_dashboard_card_follows_a_submission_and_the_day(zone, staff, leader, client_for, enter, submit_on, today):
    enter(zone, 2026, 2, {"tax_revenue": 100})
    today("2026-03-10")
    client = client_for(leader)
    url = reverse("dashboard:index") + "?zone=HX&year=2026&month=2"
    html = client.get(url).content.decode()
    assert card_cell(html, "on-time-share") == "0.00%"
    # Through the workflow service, which moves the zone's data version (then dated on the due day).
    submit_on(zone, 2026, 2, staff, "2026-03-05")
    html = client.get(url).content.decode()
    assert card_cell(html, "on-time-share") == "50.00%"
    before = card_cell(html, "lateness")
    today("2026-12-30")
    assert card_cell(client.get(url).content.decode(), "lateness") != before


def test_the_card_says_how_many_months_were_late_and_by_how_much(zone, staff, leader, client_for, enter, submit_on, today):
    """One month 33 days late among nine on time reads as that, not as a typical 33 days."""
    today("2026-12-20")
    for month in range(1, 10):
        submit_on(zone, 2026, month, staff, f"2026-{month + 1:02d}-03")
    submit_on(zone, 2026, 10, staff, "2026-12-08")  # due Thursday 5 November: 33 days late
    html = client_for(leader).get(reverse("dashboard:index") + "?zone=HX&year=2026&month=10").content.decode()
    card = html[html.index('id="timeliness"'):html.index("</article>", html.index('id="timeliness"'))]
    assert card_cell(html, "lateness") == "1个月，共33天"
    assert "中位" not in card and "1-10月按时报送 9/10 个月" in card
    assert zone_timeliness([zone.pk], 2026, 10, D(2026, 12, 20))[zone.pk].mean_days_late == Decimal("3.3")


def test_compare_ranks_zones_on_timeliness(zone, other_zone, staff, city_leader, client_for, enter, submit_on, today):
    other_staff = User.objects.create_user("staff2", role=User.Role.STAFF)
    other_staff.zones.add(other_zone)
    today("2026-03-20")
    enter(zone, 2026, 2, {"tax_revenue": 100})
    enter(other_zone, 2026, 2, {"tax_revenue": 100})
    submit_on(zone, 2026, 1, staff, "2026-02-10")
    submit_on(other_zone, 2026, 1, other_staff, "2026-02-03")
    submit_on(other_zone, 2026, 2, other_staff, "2026-03-04")
    html = client_for(city_leader).get(reverse("dashboard:compare") + "?year=2026&month=2").content.decode()
    table = html[html.index('id="timeliness-ranking"'):]
    table = table[:table.index("</section>")]
    assert table.index('data-zone="LH"') < table.index('data-zone="HX"')
    assert "100.00%" in table and "2/2" in table and "0/2" in table
    # HX: January 5 days late (due Thursday 5 February), February unsubmitted 15 days past its due day.
    hx = re.search(r'<tr data-zone="HX">.*?</tr>', table, re.S).group(0)
    assert '<td class="num" data-label="平均逾期天数">10天</td>' in hx and "中位" not in table


def test_the_timeliness_chart_downloads(zone, leader, client_for, staff, submit_on, today):
    today("2026-03-20")
    submit_on(zone, 2026, 2, staff, "2026-03-09")
    response = client_for(leader).get(reverse("dashboard:chart_xlsx", args=["HX", 2026, 2, "timeliness"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][:4] == ("2026年2月", "2026-03-05", "2026-03-09", 4)
    assert len(rows) == 2 + 12
