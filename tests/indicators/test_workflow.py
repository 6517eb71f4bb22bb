"""The review workflow: the state machine, who may do what, and the lock on every route."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from indicators import selectors, workflow
from indicators.models import MonthlyValue, MonthTransition, ZoneMonth
from tests.conftest import BLANKS_EXPLAINED
from tests.queries import assert_queries, page_queries

YEAR, MONTH = 2025, 10
Status = ZoneMonth.Status


def month_of(zone):
    return selectors.zone_month(zone, YEAR, MONTH)


def stored(zone, code="tax_revenue"):
    value = MonthlyValue.objects.filter(zone=zone, indicator__code=code, year=YEAR, month=MONTH).first()
    return None if value is None else value.ytd_value


@pytest.fixture
def approved(zone, staff, reviewer, enter):
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362})
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.approve(month_of(zone), reviewer)
    return month_of(zone)


def test_full_cycle_records_every_transition(zone, staff, reviewer):
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.return_month(month_of(zone), reviewer, "税收与税务局口径不一致")
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.approve(month_of(zone), reviewer)
    workflow.unlock(month_of(zone), reviewer, "统计局修订了数据")
    zone_month = month_of(zone)
    assert zone_month.status == Status.RETURNED
    steps = list(zone_month.transitions.order_by("id").values_list("from_status", "to_status", "user__username", "reason"))
    assert steps == [
        ("draft", "submitted", "staff", BLANKS_EXPLAINED),
        ("submitted", "returned", "reviewer", "税收与税务局口径不一致"),
        ("returned", "submitted", "staff", BLANKS_EXPLAINED),
        ("submitted", "approved", "reviewer", ""),
        ("approved", "returned", "reviewer", "统计局修订了数据"),
    ]


@pytest.mark.parametrize("action, start", [
    ("approve", Status.DRAFT), ("approve", Status.RETURNED), ("approve", Status.APPROVED),
    ("return", Status.DRAFT), ("return", Status.APPROVED),
    ("unlock", Status.SUBMITTED), ("unlock", Status.DRAFT),
])
def test_transitions_from_the_wrong_state_are_refused(zone, reviewer, action, start):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=start)
    with pytest.raises(workflow.TransitionRefused):
        workflow.ACTIONS[action](month_of(zone), reviewer, "原因")
    assert month_of(zone).status == start
    assert not MonthTransition.objects.exists()


@pytest.mark.parametrize("start", [Status.SUBMITTED, Status.APPROVED])
def test_submit_only_from_draft_or_returned(zone, staff, start):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=start)
    with pytest.raises(workflow.TransitionRefused):
        workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)


@pytest.mark.parametrize("action", ["return", "unlock"])
def test_return_and_unlock_need_a_reason(zone, reviewer, action):
    ZoneMonth.objects.create(
        zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED if action == "return" else Status.APPROVED
    )
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.ACTIONS[action](month_of(zone), reviewer, "   ")
    assert refused.value.field == "reason"


@pytest.mark.parametrize("role, action, allowed", [
    ("staff", "submit", True), ("reviewer", "submit", False), ("leader", "submit", False),
    ("outsider", "submit", False), ("administrator", "submit", True),
    ("staff", "approve", False), ("reviewer", "approve", True), ("leader", "approve", False),
    ("outsider", "approve", False), ("administrator", "approve", True),
])
def test_permissions_per_role(request, zone, role, action, allowed):
    user = request.getfixturevalue(role)
    if action == "approve":
        ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    if allowed:
        workflow.ACTIONS[action](month_of(zone), user, BLANKS_EXPLAINED)
    else:
        with pytest.raises(PermissionDenied):
            workflow.ACTIONS[action](month_of(zone), user, BLANKS_EXPLAINED)


def test_reviewer_of_another_zone_cannot_approve(zone, other_zone, reviewer):
    ZoneMonth.objects.create(zone=other_zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        workflow.approve(selectors.zone_month(other_zone, YEAR, MONTH), reviewer)


# --- the review page ------------------------------------------------------------------------------


def review_url(action=""):
    return f"/review/HX/{YEAR}/{MONTH}/" + (f"{action}/" if action else "")


def test_review_page_shows_only_allowed_buttons(zone, staff, reviewer, leader, client_for):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    assert 'value="approve"' in client_for(reviewer).get(review_url()).content.decode()
    staff_page = client_for(staff).get(review_url()).content.decode()
    assert 'value="approve"' not in staff_page and 'value="submit"' not in staff_page
    leader_page = client_for(leader).get(review_url()).content.decode()
    assert "<button" not in leader_page.split("审核记录")[0].split("</header>")[1]


def test_review_page_lists_transitions(zone, staff, reviewer, client_for):
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.return_month(month_of(zone), reviewer, "请补填外资")
    html = client_for(staff).get(review_url()).content.decode()
    assert "请补填外资" in html and "已退回" in html and "reviewer" in html


@pytest.mark.parametrize("role, status", [("outsider", 404), ("leader", 403), ("staff", 403)])
def test_transition_post_is_refused_to_others(request, zone, client_for, role, status):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    response = client_for(request.getfixturevalue(role)).post(review_url("approve"))
    assert response.status_code == status
    assert month_of(zone).status == Status.SUBMITTED


def test_transitions_are_post_only(zone, reviewer, client_for):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    assert client_for(reviewer).get(review_url("approve")).status_code == 405
    assert month_of(zone).status == Status.SUBMITTED


def test_transitions_need_csrf(zone, reviewer):
    from django.test import Client

    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(review_url("approve")).status_code == 403
    assert month_of(zone).status == Status.SUBMITTED


def shown_version(client) -> str:
    """The month's version the review page's decision form carries."""
    return re.search(r'name="version" value="(\d+)"', client.get(review_url()).content.decode()).group(1)


def test_return_through_the_page_without_reason_shows_a_message(zone, reviewer, client_for):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED)
    client = client_for(reviewer)
    response = client.post(review_url("return"), {"reason": "", "version": shown_version(client)}, follow=True)
    assert "请填写原因" in response.content.decode()
    assert month_of(zone).status == Status.SUBMITTED


def test_approve_through_the_page(zone, reviewer, client_for):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED, version=3)
    client = client_for(reviewer)
    response = client.post(review_url("approve"), {"version": shown_version(client)})
    assert response.status_code == 302
    assert month_of(zone).status == Status.APPROVED


@pytest.mark.parametrize("action, data", [("approve", {}), ("approve", {"version": ""}), ("return", {"reason": "请核实"})])
def test_a_decision_posted_without_the_version_it_was_shown_is_refused(zone, reviewer, client_for, action, data):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=Status.SUBMITTED, version=3)
    response = client_for(reviewer).post(review_url(action), data, follow=True)
    html = response.content.decode()
    assert "未执行：请求中没有您查看时的数据版本" in html and "当前状态为“已提交”（版本3）" in html
    assert month_of(zone).status == Status.SUBMITTED and not month_of(zone).transitions.exists()


# --- every route of change is refused while approved, and allowed after unlock ---------------------


def entry_post(client, **figures):
    page = client.get(f"/entry/HX/{YEAR}/{MONTH}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return client.post(f"/entry/HX/{YEAR}/{MONTH}/", {"version": version, **{f"v_{c}": str(v) for c, v in figures.items()}})


def test_entry_form_refused_while_approved_then_allowed(zone, staff, reviewer, approved, client_for):
    client = client_for(staff)
    response = entry_post(client, tax_revenue=30000)
    assert response.status_code == 200
    assert "已审核，数据已锁定" in response.content.decode()
    assert stored(zone) == Decimal("26362")
    workflow.unlock(month_of(zone), reviewer, "更正")
    assert entry_post(client, tax_revenue=30000).status_code == 302
    assert stored(zone) == Decimal("30000")


def test_crafted_post_with_a_stale_version_is_refused(zone, staff, reviewer, approved, client_for):
    """A POST built by hand (the inputs are disabled on a locked month) changes nothing."""
    client = client_for(staff)
    version = month_of(zone).version
    response = client.post(f"/entry/HX/{YEAR}/{MONTH}/", {"version": str(version), "v_tax_revenue": "1", "confirm_warnings": "on"})
    assert response.status_code == 200
    assert stored(zone) == Decimal("26362")
    client.post(f"/entry/HX/{YEAR}/{MONTH}/preview/", {"version": str(version), "v_tax_revenue": "1"})
    assert stored(zone) == Decimal("26362")


def test_admin_refused_while_approved_then_allowed(zone, administrator, reviewer, approved, client_for, indicators):
    client = client_for(administrator)
    value = MonthlyValue.objects.get(zone=zone, indicator__code="tax_revenue", year=YEAR, month=MONTH)
    data = {
        "zone": zone.pk, "indicator": indicators["tax_revenue"].pk, "year": YEAR, "month": MONTH,
        "entered": "30000", "published_yoy": "", "comment": "",
    }
    url = f"/admin/indicators/monthlyvalue/{value.pk}/change/"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "已审核，数据已锁定" in response.content.decode()
    assert stored(zone) == Decimal("26362")
    workflow.unlock(month_of(zone), reviewer, "更正")
    assert client.post(url, data).status_code == 302
    assert stored(zone) == Decimal("30000")


def test_import_refused_while_approved_then_allowed(zone, staff, reviewer, approved):
    from dataio.registry import get_kind
    from dataio.services import run_import

    data = f"zone,indicator,year,month,value\nHX,tax_revenue,{YEAR},{MONTH},30000\n".encode()
    report = run_import(get_kind("values"), data, "v.csv", staff, apply=True)
    assert not report.applied
    assert [(i.row, i.column) for i in report.errors] == [(2, "数值")]
    assert "已审核，数据已锁定" in report.errors[0].message
    assert stored(zone) == Decimal("26362")
    workflow.unlock(month_of(zone), reviewer, "更正")
    assert run_import(get_kind("values"), data, "v.csv", staff, apply=True).applied
    assert stored(zone) == Decimal("30000")


def test_service_refuses_while_approved(zone, approved, enter):
    from indicators.services import ValuesRejected

    with pytest.raises(ValuesRejected):
        enter(zone, YEAR, MONTH, {"tax_revenue": 1})
    assert stored(zone) == Decimal("26362")


@pytest.mark.parametrize("role, status", [
    ("staff", 200), ("reviewer", 200), ("leader", 200), ("city_leader", 200), ("administrator", 200), ("outsider", 404),
])
def test_review_page_and_month_export_per_role(request, zone, client_for, role, status):
    client = client_for(request.getfixturevalue(role))
    assert client.get(review_url()).status_code == status
    assert client.get(f"/review/HX/{YEAR}/{MONTH}/export.xlsx").status_code == status


def test_review_page_of_a_month_out_of_range(zone, reviewer, client_for):
    assert client_for(reviewer).get(f"/review/HX/{YEAR}/13/").status_code == 404


def test_review_page_query_count(zone, staff, reviewer, client_for):
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    client = client_for(reviewer)
    client.get(review_url())
    # Three of them say what the submission must explain: the figures reported, the zone's required
    # indicators, the earlier months still open.
    few = page_queries(client, review_url())
    for n in range(5):
        workflow.return_month(month_of(zone), reviewer, f"第{n}次退回")
        workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    many = page_queries(client, review_url())
    assert_queries(14, submissions_1=few, submissions_6=many)
    assert "第4次退回" in client.get(review_url()).content.decode()


def test_entry_page_shows_why_the_month_was_returned(zone, staff, reviewer, client_for):
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.return_month(month_of(zone), reviewer, "外资数据缺失")
    html = client_for(staff).get(f"/entry/HX/{YEAR}/{MONTH}/").content.decode()
    assert '本月已被退回（reviewer）：<span translate="no">外资数据缺失</span>' in html
    assert f'href="/review/HX/{YEAR}/{MONTH}/"' in html


def test_admin_cannot_delete_values(zone, administrator, approved, client_for):
    value = MonthlyValue.objects.get(zone=zone, indicator__code="tax_revenue", year=YEAR, month=MONTH)
    client = client_for(administrator)
    assert client.post(f"/admin/indicators/monthlyvalue/{value.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/indicators/monthlyvalue/", {"action": "delete_selected", "_selected_action": [value.pk], "post": "yes"})
    assert MonthlyValue.objects.filter(pk=value.pk).exists()


def test_a_month_that_has_not_begun_cannot_be_submitted(zone, staff, monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(YEAR, MONTH, 31))
    with pytest.raises(workflow.TransitionRefused, match="尚未开始"):
        workflow.submit(selectors.zone_month(zone, YEAR, MONTH + 1), staff, BLANKS_EXPLAINED)
    assert not MonthTransition.objects.exists()
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)  # the month under way may be submitted
    assert month_of(zone).status == Status.SUBMITTED
