"""Record pages: who may see and edit what, forms through services, lists without N+1."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import ChangeRecord
from projects.models import Enterprise, Parcel, Project, ProjectProblem, ProjectProgress, RelocationCase
from projects.validators import credit_code_check_character
from tests.queries import assert_queries, page_queries

D = datetime.date
HUAWEI = "914403001922038216"


def code_for(n: int) -> str:
    first17 = f"91330000{n:09d}"
    return first17 + credit_code_check_character(first17)


@pytest.fixture
def records(zone):
    enterprise = Enterprise.objects.create(zone=zone, name="光伏科技", credit_code=HUAWEI)
    project = Project.objects.create(zone=zone, name="光伏组件项目", stage="started", started_on=D(2025, 3, 1), enterprise=enterprise)
    parcel = Parcel.objects.create(zone=zone, code="XB-01", area_mu=Decimal(30), status="supplied", supplied_on=D(2025, 1, 1), holder=enterprise)
    problem = ProjectProblem.objects.create(project=project, raised_year=2025, raised_month=9, description="供电未接入", owner="供电公司", deadline=D(2025, 9, 30))
    case = RelocationCase.objects.create(zone=zone, name="良种场", enterprises_total=68, enterprises_moved=60)
    return {"enterprise": enterprise, "project": project, "parcel": parcel, "problem": problem, "case": case}


VIEW_PAGES = [
    ("projects:enterprise_detail", "enterprise", ()),
    ("projects:project_detail", "project", ()),
    ("projects:parcel_detail", "parcel", ()),
    ("projects:relocation_detail", "case", ()),
]
EDIT_PAGES = [
    ("projects:enterprise_edit", "enterprise", ()),
    ("projects:project_edit", "project", ()),
    ("projects:project_year", "project", ()),
    ("projects:progress_edit", "project", (2025, 10)),
    ("projects:parcel_edit", "parcel", ()),
    ("projects:relocation_edit", "case", ()),
    ("projects:problem_resolve", "problem", ()),
]
LISTS = ["projects:enterprise_list", "projects:project_list", "projects:parcel_list", "projects:problem_list",
         "projects:relocation_list", "projects:idle_candidates", "projects:key_projects", "projects:land_efficiency"]
CREATE_PAGES = ["projects:enterprise_create", "projects:project_create", "projects:parcel_create", "projects:relocation_create"]
ROLES = ["staff", "reviewer", "leader", "city_leader", "administrator", "outsider"]
# Expected status: (view a record, edit a record, open a create form)
EXPECTED = {
    "staff": (200, 200, 200),
    "reviewer": (200, 403, 403),
    "leader": (200, 403, 403),
    "city_leader": (200, 403, 403),
    "administrator": (200, 200, 200),
    "outsider": (404, 404, 200),  # outsider is staff of another zone: may add records there
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, key, extra", VIEW_PAGES)
def test_view_pages_by_role(request, records, client_for, role, name, key, extra):
    user = request.getfixturevalue(role)
    response = client_for(user).get(reverse(name, args=[records[key].pk, *extra]))
    assert response.status_code == EXPECTED[role][0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, key, extra", EDIT_PAGES)
def test_edit_pages_by_role(request, records, client_for, role, name, key, extra):
    user = request.getfixturevalue(role)
    response = client_for(user).get(reverse(name, args=[records[key].pk, *extra]))
    assert response.status_code == EXPECTED[role][1]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", CREATE_PAGES)
def test_create_pages_by_role(request, records, client_for, role, name):
    user = request.getfixturevalue(role)
    assert client_for(user).get(reverse(name)).status_code == EXPECTED[role][2]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", LISTS)
def test_lists_show_only_visible_zones(request, records, client_for, role, name):
    user = request.getfixturevalue(role)
    response = client_for(user).get(reverse(name), {"zone": "HX", "year": 2025, "month": 10, "state": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    visible = EXPECTED[role][0] == 200
    if name in ("projects:enterprise_list", "projects:project_list", "projects:parcel_list", "projects:relocation_list", "projects:problem_list"):
        marker = {"projects:enterprise_list": "光伏科技", "projects:project_list": "光伏组件项目", "projects:parcel_list": "XB-01",
                  "projects:relocation_list": "良种场", "projects:problem_list": "供电未接入"}[name]
        assert (marker in html) == visible


def test_posts_are_refused_to_viewers_and_outsiders(records, client_for, leader, outsider):
    project = records["project"]
    url = reverse("projects:progress_edit", args=[project.pk, 2025, 10])
    assert client_for(leader).post(url, {"investment": "100"}).status_code == 403
    assert client_for(outsider).post(url, {"investment": "100"}).status_code == 404
    assert client_for(leader).post(reverse("projects:idle_confirm", args=[records["parcel"].pk])).status_code == 403
    assert client_for(outsider).post(reverse("projects:mortgage_add", args=[records["parcel"].pk]), {}).status_code == 404
    assert not ProjectProgress.objects.exists()


def test_enterprise_form_refuses_a_wrong_credit_code(zone, staff, client_for):
    client = client_for(staff)
    data = {"zone": zone.pk, "name": "新企业", "credit_code": HUAWEI[:-1] + "7", "status": "producing", "version": "-1"}
    response = client.post(reverse("projects:enterprise_create"), data)
    assert response.status_code == 200
    assert "校验位不正确（第18位应为6）" in response.content.decode()
    assert not Enterprise.objects.exists()
    response = client.post(reverse("projects:enterprise_create"), {**data, "credit_code": HUAWEI})
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302 and response.url == reverse("projects:enterprise_detail", args=[enterprise.pk])
    assert ChangeRecord.objects.filter(object_id=enterprise.pk, field="credit_code", channel="form").exists()


def test_staff_records_progress_and_the_leader_sees_the_overdue_problem(zone, staff, leader, client_for):
    client = client_for(staff)
    response = client.post(reverse("projects:project_create"), {
        "zone": zone.pk, "name": "风电装备", "stage": "started", "conceived_on": "2025-01-05", "started_on": "2025-04-01",
        "total_investment": "50000", "investment_before_records": "0", "version": "-1",
    })
    project = Project.objects.get(name="风电装备")
    assert response.status_code == 302
    client.post(reverse("projects:project_year", args=[project.pk]) + "?year=2025",
                {"year": "2025", "planned_investment": "12000", "construction_type_override": "", "version": "-1"})
    response = client.post(reverse("projects:progress_edit", args=[project.pk, 2025, 10]), {
        "investment": "3000", "physical_progress": "主体完工", "problem_description": "环评批复未下达",
        "problem_owner": "生态环境局", "problem_deadline": "2025-10-20", "version": "-1",
    })
    assert response.status_code == 302
    detail = client_for(leader).get(reverse("projects:project_detail", args=[project.pk]) + "?year=2025").content.decode()
    assert "25.00%" in detail  # 3000 of a 12000 plan
    assert "6.00%" in detail  # 3000 of 50000 total
    assert "已逾期" in detail
    overdue = client_for(leader).get(reverse("projects:problem_list")).content.decode()
    assert "环评批复未下达" in overdue
    assert '<option value="overdue" selected>' in overdue  # the default state, chosen in the picker


def test_problem_needs_owner_and_deadline(records, staff, client_for):
    url = reverse("projects:progress_edit", args=[records["project"].pk, 2025, 10])
    response = client_for(staff).post(url, {"investment": "10", "problem_description": "缺少指标"})
    assert "问题、责任人和解决时限都要填写" in response.content.decode()
    assert not ProjectProgress.objects.exists()


def test_drill_down_shows_the_projects_behind_a_count(zone, staff, client_for):
    Project.objects.create(zone=zone, name="新建甲", stage="started", started_on=D(2025, 5, 1))
    Project.objects.create(zone=zone, name="续建乙", stage="started", started_on=D(2024, 5, 1))
    Project.objects.create(zone=zone, name="十一月开工", stage="started", started_on=D(2025, 11, 5))
    html = client_for(staff).get(reverse("projects:project_list"), {"zone": "HX", "status": "new_started", "year": 2025, "month": 10}).content.decode()
    assert "新建甲" in html and "续建乙" not in html and "十一月开工" not in html
    html = client_for(staff).get(reverse("projects:project_list"), {"zone": "HX", "status": "under_construction", "year": 2025, "month": 12}).content.decode()
    assert "新建甲" in html and "续建乙" in html and "十一月开工" in html


def _fill(zone, n):
    industry_parks = list(zone.parks.all())
    enterprises = Enterprise.objects.bulk_create(
        [Enterprise(zone=zone, name=f"企业{i}", credit_code=code_for(i), park=industry_parks[i % 2]) for i in range(n)]
    )
    projects = Project.objects.bulk_create(
        [Project(zone=zone, name=f"项目{i}", stage="started", started_on=D(2025, 1, 1), enterprise=enterprises[i]) for i in range(n)]
    )
    ProjectProblem.objects.bulk_create(
        [ProjectProblem(project=p, raised_year=2025, raised_month=1, description="x", owner="y", deadline=D(2025, 2, 1)) for p in projects]
    )
    Parcel.objects.bulk_create(
        [Parcel(zone=zone, code=f"P{i}", area_mu=Decimal(10), status="supplied", supplied_on=D(2025, 1, 1), holder=enterprises[i]) for i in range(n)]
    )


@pytest.mark.parametrize(
    "name, params, expected",
    [
        ("projects:enterprise_list", {"zone": "HX", "q": "企业"}, 9),
        ("projects:project_list", {"zone": "HX"}, 9),
        ("projects:project_list", {"zone": "HX", "status": "under_construction", "year": 2025}, 11),
        ("projects:parcel_list", {"zone": "HX", "year": 2025}, 9),
        ("projects:problem_list", {"zone": "HX"}, 6),
    ],
)
def test_lists_run_the_same_queries_for_3_and_60_rows(zone, staff, client_for, name, params, expected):
    client = client_for(staff)
    url = reverse(name)
    client.get(url, params)  # the session and the content types read once
    _fill(zone, 3)
    small = page_queries(client, url, params)
    for model in (ProjectProblem, Parcel, Project, Enterprise):
        model.objects.all().delete()
    _fill(zone, 60)
    large = page_queries(client, url, params)
    assert len(client.get(url, params).context["page"]) == 50  # a full page of the 60
    assert_queries(expected, rows_3=small, rows_60=large)


def test_detail_page_shows_history_in_readable_terms(zone, staff, leader, client_for, records):
    enterprise = records["enterprise"]
    client = client_for(staff)
    response = client.post(reverse("projects:enterprise_edit", args=[enterprise.pk]), {
        "park": "", "name": "光伏新材料", "credit_code": HUAWEI, "status": "halted", "is_above_scale": "on", "version": "0",
    })
    assert response.status_code == 302
    html = client_for(leader).get(reverse("projects:enterprise_detail", args=[enterprise.pk])).content.decode()
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr><td>\d{4}-.*?</tr>", html, re.S)]
    assert any("企业名称" in row and "光伏科技" in row and "光伏新材料" in row and "表单" in row for row in rows)
    assert any("状态" in row and "投产" in row and "停产" in row for row in rows)
    assert any("规上企业" in row and "否" in row and "是" in row for row in rows)




def _management(prefixes):
    data = {}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def test_admin_saves_through_the_service(zone, other_zone, administrator, client_for):
    client = client_for(administrator)
    data = {"zone": zone.pk, "name": "华为", "credit_code": HUAWEI[:-1] + "0", "status": "producing", "version": "-1",
            **_management(["figures"])}
    response = client.post("/admin/projects/enterprise/add/", data)
    assert response.status_code == 200 and "第18位应为6" in response.content.decode()
    response = client.post("/admin/projects/enterprise/add/", {**data, "credit_code": HUAWEI})
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert ChangeRecord.objects.filter(object_id=enterprise.pk, field="name", channel="admin", user=administrator).exists()
    other_park = other_zone.parks.create(name="外区园区")
    response = client.post(f"/admin/projects/enterprise/{enterprise.pk}/change/", {**data, "credit_code": HUAWEI, "park": other_park.pk, "version": "0"})
    assert response.status_code == 200 and "不属于该开发区" in response.content.decode()
    assert Enterprise.objects.get().park is None


def test_admin_picks_a_parcel_holder_by_typing_among_the_parcel_zone_firms(zone, other_zone, administrator, client_for):
    ours = Enterprise.objects.create(zone=zone, name="本区企业")
    Enterprise.objects.create(zone=other_zone, name="外区企业")
    parcel = Parcel.objects.create(zone=zone, code="G1", area_mu=10, holder=ours)
    client = client_for(administrator)
    html = client.get(f"/admin/projects/parcel/{parcel.pk}/change/").content.decode()
    holder = re.search(r'<select name="holder".*?</select>', html, re.S).group(0)
    assert "data-picker" in holder and "本区企业" in holder and "外区企业" not in holder
    assert '<script src="/static/js/picker.js"></script>' in html
    # A new parcel has no zone yet: every zone's firms are sent, each marked with its zone for the picker.
    new = re.search(r'<select name="holder".*?</select>', client.get("/admin/projects/parcel/add/").content.decode(), re.S).group(0)
    assert f'data-zone="{other_zone.pk}"' in new and f'data-zone="{zone.pk}"' in new


def test_parcel_list_filters_by_idle_stage_and_supply_year(zone, staff, client_for):
    Parcel.objects.create(zone=zone, code="IDLE-1", area_mu=10, status="supplied", supplied_on=D(2021, 1, 1), idle_stage="urged")
    Parcel.objects.create(zone=zone, code="IDLE-2", area_mu=10, status="supplied", supplied_on=D(2021, 1, 1), idle_stage="disposed")
    Parcel.objects.create(zone=zone, code="NEW-1", area_mu=10, status="supplied", supplied_on=D(2025, 10, 3))
    Parcel.objects.create(zone=zone, code="NEW-2", area_mu=10, status="supplied", supplied_on=D(2025, 11, 3))
    client = client_for(staff)
    html = client.get(reverse("projects:parcel_list"), {"zone": "HX", "stage": "open"}).content.decode()
    assert "IDLE-1" in html and "IDLE-2" not in html and "NEW-1" not in html
    html = client.get(reverse("projects:parcel_list"), {"zone": "HX", "year": 2025, "month": 10}).content.decode()
    assert "NEW-1" in html and "NEW-2" not in html and "IDLE-1" not in html


def test_dashboard_idle_land_link_lists_only_idle_parcels_with_the_stage_selected(zone, staff, client_for):
    """The dashboard's 闲置土地 figure links with ?idle_stage=open (dashboard.display.record_figures)."""
    Parcel.objects.create(zone=zone, code="IDLE-1", area_mu=10, status="supplied", supplied_on=D(2021, 1, 1), idle_stage="urged")
    Parcel.objects.create(zone=zone, code="IDLE-2", area_mu=10, status="supplied", supplied_on=D(2021, 1, 1), idle_stage="disposed")
    Parcel.objects.create(zone=zone, code="BUSY-1", area_mu=10, status="supplied", supplied_on=D(2021, 1, 1))
    html = client_for(staff).get(reverse("projects:parcel_list"), {"zone": "HX", "idle_stage": "open"}).content.decode()
    assert "IDLE-1" in html and "IDLE-2" not in html and "BUSY-1" not in html
    assert '<option value="open" selected>' in html


def test_an_enterprise_without_a_credit_code_shows_none_of_it(zone, staff, client_for):
    enterprise = Enterprise.objects.create(zone=zone, name="未登记代码的公司")
    client = client_for(staff)
    detail = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "<dt>统一社会信用代码</dt><dd>—</dd>" in detail and "None" not in detail
    listing = client.get("/enterprises/?zone=HX").content.decode()
    row = re.search(rf'<tr[^>]*>(?:(?!</tr>).)*未登记代码的公司.*?</tr>', listing, re.S).group(0)
    assert "None" not in row
