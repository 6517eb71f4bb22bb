"""Staff add a project and report a month with a problem; the leader sees it overdue."""

import re

from playwright.sync_api import expect

from projects.models import Project, ProjectProblem, ProjectProgress
from tests.conftest import PASSWORD


def test_staff_report_a_problem_and_the_leader_sees_it_overdue(live_server, page, login, zone, staff, leader):
    login("staff", PASSWORD)
    page.goto(live_server.url + "/projects/")
    page.click("text=登记项目")

    # The form refuses a project marked 开工 without its start date, next to the field.
    page.fill("#id_name", "风电装备制造项目")
    page.select_option("#id_stage", "started")
    page.fill("#id_conceived_on", "2025-01-05")
    page.fill("#id_total_investment", "50000")
    page.click("form.record-form button[type=submit]")
    expect(page.locator(".error, .errorlist").first).to_contain_text("请填写达到当前阶段的日期")
    assert not Project.objects.exists()

    page.fill("#id_started_on", "2025-04-01")
    page.fill("#id_responsible_leader", "王建国")
    with page.expect_navigation():
        page.click("form.record-form button[type=submit]")
    project = Project.objects.get()
    expect(page.locator("h1")).to_contain_text("风电装备制造项目")
    expect(page.locator("[data-field=stage]")).to_contain_text("开工")

    # Report the next month's progress with a problem whose deadline has already passed.
    page.click("#report-progress")
    expect(page.locator("h1")).to_contain_text("进展")
    page.fill("#id_investment", "3000")
    page.fill("#id_physical_progress", "主体钢结构完成80%")
    page.fill("#id_problem_description", "35千伏供电线路未接入")
    page.fill("#id_problem_owner", "供电公司")
    page.fill("#id_problem_deadline", "2025-10-20")
    with page.expect_navigation():
        page.click("form.record-form button[type=submit]")
    progress = ProjectProgress.objects.get(project=project)
    assert progress.investment == 3000
    problem = ProjectProblem.objects.get(project=project)
    assert problem.state == "open"
    expect(page.locator(f'tr[data-problem="{problem.pk}"]')).to_contain_text("已逾期")

    # The leader signs in and finds it among the overdue problems.
    page.click("form[action*=logout] button")
    login("leader", PASSWORD)
    page.goto(live_server.url + "/problems/")
    row = page.locator("table.problems tbody tr", has_text="35千伏供电线路未接入")
    expect(row).to_contain_text("已逾期")
    expect(row).to_contain_text("供电公司")
    expect(row).to_have_class(re.compile("overdue"))
    row.locator("a").click()
    expect(page.locator("h1")).to_contain_text("风电装备制造项目")
    # A leader reads but does not edit.
    expect(page.locator("#report-progress")).to_have_count(0)
    assert page.external_requests == []
