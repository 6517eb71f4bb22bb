"""Each role's 待办 page, and its query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines.models import CalendarDay, DeadlineRule, ReturnKind
from deadlines.todo import describe_days_left
from indicators import workflow
from indicators.models import ZoneMonth
from projects.models import Project, ProjectProgress
from zones.models import User, Zone

URL = reverse("deadlines:todo")


def rows(html: str, section: str) -> str:
    start = html.index(f'id="todo-{section}"')
    return html[start:html.index("</section>", start)]


def test_days_left_in_words():
    assert describe_days_left(1) == "还剩1天"
    assert describe_days_left(0) == "今日截止"
    assert describe_days_left(-3) == "已逾期3天"


def test_staff_see_last_month_with_days_left(zone, staff, client_for, today):
    today("2026-03-04")
    html = rows(client_for(staff).get(URL).content.decode(), "staff")
    assert 'data-period="2026-2"' in html and "还剩1天" in html and "2026-03-05" in html
    # A zone with no month on record reports from the month just ended: nothing older.
    assert 'data-period="2026-1"' not in html


def test_staff_see_overdue_months_since_the_first_on_record(zone, staff, client_for, today):
    ZoneMonth.objects.create(zone=zone, year=2025, month=12)
    today("2026-03-10")
    html = rows(client_for(staff).get(URL).content.decode(), "staff")
    assert 'data-period="2026-2"' in html and "已逾期5天" in html
    assert 'data-period="2026-1"' in html and 'data-period="2025-12"' in html
    assert 'data-period="2025-11"' not in html


def test_a_holiday_or_zone_rule_changes_what_staff_are_told(zone, staff, client_for, today):
    today("2026-03-04")
    CalendarDay.objects.create(date=datetime.date(2026, 3, 5), name="假日")
    assert "还剩2天" in rows(client_for(staff).get(URL).content.decode(), "staff")
    DeadlineRule.objects.create(kind=ReturnKind.INDICATORS, zone=zone, due_day=3)
    assert "已逾期1天" in rows(client_for(staff).get(URL).content.decode(), "staff")


def test_submitted_months_leave_staff_list_and_returned_show_the_reason(zone, staff, reviewer, client_for, today, submit_on):
    today("2026-03-04")
    submit_on(zone, 2026, 2, staff, "2026-03-03")
    assert 'data-period="2026-2"' not in rows(client_for(staff).get(URL).content.decode(), "staff")
    workflow.return_month(ZoneMonth.objects.get(zone=zone, year=2026, month=2), reviewer, "固定资产投资口径有误")
    html = rows(client_for(staff).get(URL).content.decode(), "staff")
    assert 'data-period="2026-2"' in html and "固定资产投资口径有误" in html and "已退回" in html


def test_staff_see_key_projects_without_last_months_progress(zone, staff, client_for, today):
    today("2026-03-02")
    key = Project.objects.create(zone=zone, name="光伏组件项目", stage="started", started_on=datetime.date(2025, 5, 1), is_key=True)
    Project.objects.create(zone=zone, name="普通项目", stage="started", started_on=datetime.date(2025, 5, 1))
    reported = Project.objects.create(zone=zone, name="已报项目", stage="started", started_on=datetime.date(2025, 5, 1), is_key=True)
    ProjectProgress.objects.create(project=reported, year=2026, month=2)
    html = rows(client_for(staff).get(URL).content.decode(), "staff")
    assert "光伏组件项目" in html and "普通项目" not in html and "已报项目" not in html
    assert reverse("projects:progress_edit", args=[key.pk, 2026, 2]) in html
    assert "还剩1天" in html  # progress is due on the 3rd


def test_reviewer_queue_oldest_first_with_deadline(zone, other_zone, staff, reviewer, client_for, today, submit_on):
    reviewer.zones.add(other_zone)
    other_staff = User.objects.create_user("staff2", role=User.Role.STAFF)
    other_staff.zones.add(other_zone)
    today("2026-03-10")
    submit_on(zone, 2026, 2, staff, "2026-03-06")
    submit_on(other_zone, 2026, 1, other_staff, "2026-02-04")
    html = rows(client_for(reviewer).get(URL).content.decode(), "review")
    assert html.index('data-period="2026-1"') < html.index('data-period="2026-2"')
    # Friday 6 March + 3 working days = Wednesday 11 March; 4 February + 3 = 9 February.
    assert "2026-03-11" in html and "还剩1天" in html
    assert "2026-02-09" in html and "已逾期29天" in html
    assert "todo-staff" not in client_for(reviewer).get(URL).content.decode()


def test_leader_sees_late_zones_waiting_months_and_lagging_figures(zone, other_zone, staff, city_leader, client_for,
                                                                    today, submit_on, investment_to_october):
    today("2026-03-10")
    submit_on(zone, 2026, 2, staff, "2026-03-05")
    html = rows(client_for(city_leader).get(URL).content.decode(), "leader")
    blocks = {block.split('"', 1)[0]: block for block in html.split('data-zone="')[1:]}
    assert "1个月待审核" in blocks["HX"] and "未按期报送" not in blocks["HX"]
    assert "固定资产投资" in blocks["HX"] and "落后序时进度" in blocks["HX"]
    assert "2026年2月数据未按期报送" in blocks["LH"] and "已逾期5天" in blocks["LH"]


@pytest.mark.parametrize("role", ["staff", "reviewer", "city_leader"])
def test_todo_queries_do_not_grow_with_zones(request, role, client_for, today, enter, submit_on):
    user = request.getfixturevalue(role)
    today("2026-03-10")
    submitter = User.objects.create_user("submitter", role=User.Role.STAFF)
    client = client_for(user)

    def add_zones(codes):
        zones = [Zone.objects.create(code=code, name=f"开发区{code}") for code in codes]
        submitter.zones.add(*zones)
        if role != "city_leader":
            user.zones.add(*zones)
        for zone in zones:
            enter(zone, 2026, 1, {"tax_revenue": 100, "fixed_asset_investment": 2})
            submit_on(zone, 2026, 1, submitter, "2026-02-06")
            Project.objects.create(zone=zone, name=f"重点{zone.code}", stage="started", started_on=datetime.date(2025, 5, 1), is_key=True)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    add_zones(["Z0"])
    one = queries()
    add_zones([f"Z{n}" for n in range(1, 8)])
    assert queries() == one <= 12, one


def test_staff_see_enterprises_that_stopped_reporting(zone, staff, client_for, today):
    from projects.models import Enterprise, EnterpriseFigure
    from tests.projects.test_projects_io import credit_code

    today("2026-03-04")
    regular, late, _new = (Enterprise.objects.create(zone=zone, name=name, credit_code=credit_code(n))
                           for n, name in enumerate(("甲公司", "乙公司", "丙公司")))
    for enterprise in (regular, late):
        EnterpriseFigure.objects.create(enterprise=enterprise, year=2026, month=1, tax_ytd=10)
    EnterpriseFigure.objects.create(enterprise=regular, year=2026, month=2, tax_ytd=20)
    html = rows(client_for(staff).get(URL).content.decode(), "staff")
    assert 'data-kind="enterprises"' in html and "1家企业未报" in html
    assert "还剩6天" in html  # due on the 10th of March
    EnterpriseFigure.objects.create(enterprise=late, year=2026, month=2, tax_ytd=20)
    assert 'data-kind="enterprises"' not in rows(client_for(staff).get(URL).content.decode(), "staff")
