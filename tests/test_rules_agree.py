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
