"""A zone-month over the API: reads by role and scope, writes through save_values (errors,
warnings, locks, versions), the review transitions, the computed and the approved figures."""

import hashlib
import json

import pytest

from audit.models import ChangeRecord
from core import clock
from dashboard.selectors import zone_dashboard
from indicators import selectors, statistics
from indicators.forms import MonthEntryForm
from indicators.models import MonthlyValue, ZoneMonth
from tests.conftest import BLANKS_EXPLAINED

YEAR, MONTH = 2024, 10


def write(client, url, values, confirm=False, if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.put(url, {"values": values, "confirm_warnings": confirm}, format="json", **headers)


@pytest.fixture
def stored(zone, enter):
    enter(zone, YEAR, MONTH, {"fixed_asset_investment": "22.32", "tax_revenue": 26362})
    return zone


@pytest.mark.parametrize("role", ["staff", "reviewer", "leader", "city_leader", "administrator"])
def test_every_role_that_sees_the_zone_reads_its_month(request, role, stored, api_for, month_url):
    response = api_for(request.getfixturevalue(role)).get(month_url(stored, YEAR, MONTH, "values/"))
    assert response.status_code == 200
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    values = {v["indicator"]: v for v in body["values"]}
    assert values["fixed_asset_investment"]["value"] == "22.32"
    assert values["tax_revenue"]["ytd_value"] == "26362"


def test_a_zone_outside_the_users_scope_is_not_found(stored, outsider, api_for, month_url):
    client = api_for(outsider)
    for tail in ("", "values/", "figures/", "approved/"):
        response = client.get(month_url(stored, YEAR, MONTH, tail))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    response = write(client, month_url(stored, YEAR, MONTH, "values/"), [{"indicator": "tax_revenue", "value": "1"}])
    assert response.status_code == 404


def test_filters_by_indicator_and_category(stored, staff, api_for, month_url, indicators):
    client = api_for(staff)
    body = client.get(month_url(stored, YEAR, MONTH, "values/") + "?indicator=tax_revenue,gdp").json()
    assert sorted(v["indicator"] for v in body["values"]) == ["gdp", "tax_revenue"]
    body = client.get(month_url(stored, YEAR, MONTH, "values/") + "?category=economy").json()
    economy = {code for code, indicator in indicators.items() if indicator.category.code == "economy" and indicator.active}
    assert {v["indicator"] for v in body["values"]} == economy


def test_staff_write_a_month_through_the_service_with_api_history(stored, staff, api_for, month_url):
    client = api_for(staff)
    url = month_url(stored, YEAR, MONTH, "values/")
    etag = client.get(url)["ETag"]
    response = write(client, url, [{"indicator": "fixed_asset_investment", "value": "23.5"},
                                   {"indicator": "gdp", "value": "100", "comment": "初步数"}], if_match=etag)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["result"] == {"created": 1, "changed": 1, "unchanged": 0, "warnings": []}
    assert response["ETag"] == f'"{ZoneMonth.objects.get(zone=stored, year=YEAR, month=MONTH).version}"' != etag
    value = MonthlyValue.objects.get(zone=stored, indicator__code="gdp", year=YEAR, month=MONTH)
    assert (value.ytd_value, value.comment, value.created_channel, value.created_by) == (100, "初步数", "api", staff)
    change = ChangeRecord.objects.get(field="value")
    assert (change.channel, change.user, change.new_value) == ("api", staff, "23.5")
    # A key left out keeps what is stored.
    assert MonthlyValue.objects.get(zone=stored, indicator__code="tax_revenue", year=YEAR, month=MONTH).ytd_value == 26362


@pytest.mark.parametrize("role", ["reviewer", "leader", "city_leader"])
def test_roles_that_may_not_enter_figures_are_refused_403(request, role, stored, api_for, month_url):
    response = write(api_for(request.getfixturevalue(role)), month_url(stored, YEAR, MONTH, "values/"),
                     [{"indicator": "gdp", "value": "1"}])
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not MonthlyValue.objects.filter(indicator__code="gdp").exists()


def test_a_stale_if_match_answers_412_with_the_current_month(stored, staff, api_for, month_url):
    client = api_for(staff)
    url = month_url(stored, YEAR, MONTH, "values/")
    etag = client.get(url)["ETag"]
    assert write(client, url, [{"indicator": "gdp", "value": "1"}], if_match=etag).status_code == 200
    response = write(client, url, [{"indicator": "gdp", "value": "2"}], if_match=etag)
    assert response.status_code == 412
    body = response.json()
    assert body["code"] == "stale" and body["field"] == "If-Match"
    assert {v["indicator"]: v["value"] for v in body["current"]["values"]}["gdp"] == "1"
    assert body["current"]["version"] == int(etag.strip('"')) + 1
    assert write(client, url, [{"indicator": "gdp", "value": "2"}], if_match="garbage").status_code == 412
    assert MonthlyValue.objects.get(indicator__code="gdp").ytd_value == 1


def test_hard_errors_are_400_at_the_field_and_nothing_is_saved(stored, staff, api_for, month_url):
    response = write(api_for(staff), month_url(stored, YEAR, MONTH, "values/"),
                     [{"indicator": "gdp", "value": "5"}, {"indicator": "tax_revenue", "value": "-1"}])
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("negative", "values[1].value")
    assert body["message"] == "该指标不能为负数"
    assert not MonthlyValue.objects.filter(indicator__code="gdp").exists()


def test_unknown_indicators_and_bad_numbers_are_400(stored, staff, api_for, month_url):
    client = api_for(staff)
    url = month_url(stored, YEAR, MONTH, "values/")
    body = write(client, url, [{"indicator": "nope", "value": "1"}]).json()
    assert (body["code"], body["field"]) == ("unknown_indicator", "values[0].indicator")
    body = write(client, url, [{"indicator": "gdp", "value": "12abc"}]).json()
    assert body["field"] == "values[0].value"
    assert client.put(url, "not json", content_type="application/json").status_code == 400
    assert client.put(url, {"values": []}, format="json").status_code == 400


def test_messages_follow_the_request_language(stored, staff, api_for, month_url):
    response = api_for(staff).put(month_url(stored, YEAR, MONTH, "values/"),
                                  {"values": [{"indicator": "tax_revenue", "value": "-1"}]}, format="json",
                                  HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["message"] == "This indicator cannot be negative"


def test_warnings_need_confirm_warnings(zone, enter, staff, api_for, month_url):
    enter(zone, YEAR - 1, MONTH, {"fixed_asset_investment": 20})
    enter(zone, YEAR - 1, MONTH - 1, {"fixed_asset_investment": 18})
    enter(zone, YEAR, MONTH - 1, {"fixed_asset_investment": 10})
    client = api_for(staff)
    url = month_url(zone, YEAR, MONTH, "values/")
    jump = [{"indicator": "fixed_asset_investment", "value": "40"}]  # a month value 15x last year's
    response = write(client, url, jump)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "confirmation_required"
    assert body["errors"][0]["code"] == "jump" and body["errors"][0]["field"] == "values[0].value"
    assert not MonthlyValue.objects.filter(zone=zone, year=YEAR, month=MONTH).exists()
    response = write(client, url, jump, confirm=True)
    assert response.status_code == 200
    assert response.json()["result"]["warnings"][0]["code"] == "jump"


def test_a_locked_month_answers_423(stored, staff, api_for, month_url):
    client = api_for(staff)
    assert client.post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json").status_code == 200
    response = write(client, month_url(stored, YEAR, MONTH, "values/"), [{"indicator": "gdp", "value": "5"}])
    assert response.status_code == 423
    assert response.json()["code"] == "locked"
    # Figures given again unchanged are no change: a locked month's export reads back.
    again = write(client, month_url(stored, YEAR, MONTH, "values/"), [{"indicator": "tax_revenue", "value": "26362"}])
    assert again.status_code == 200


def test_the_review_workflow_by_role(stored, staff, reviewer, leader, api_for, month_url):
    staff_api, reviewer_api = api_for(staff), api_for(reviewer)
    state = staff_api.get(month_url(stored, YEAR, MONTH)).json()
    assert state["status"] == "draft" and state["actions"] == ["submit"]
    assert reviewer_api.post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json").status_code == 403
    assert api_for(leader).post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json").status_code == 403
    submitted = staff_api.post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert staff_api.post(month_url(stored, YEAR, MONTH, "approve/"), {}, format="json").status_code == 403
    again = staff_api.post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "wrong_status")
    no_reason = reviewer_api.post(month_url(stored, YEAR, MONTH, "return/"), {}, format="json", HTTP_IF_MATCH=submitted["ETag"])
    assert (no_reason.status_code, no_reason.json()["field"]) == (400, "reason")
    stale = reviewer_api.post(month_url(stored, YEAR, MONTH, "approve/"), {}, format="json", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412 and stale.json()["current"]["status"] == "submitted"
    approved = reviewer_api.post(month_url(stored, YEAR, MONTH, "approve/"), {}, format="json", HTTP_IF_MATCH=submitted["ETag"])
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    unlocked = reviewer_api.post(month_url(stored, YEAR, MONTH, "unlock/"), {"reason": "数据有误"}, format="json")
    assert unlocked.json()["status"] == "returned"


def test_a_reviewer_may_not_approve_their_own_submission(stored, reviewer, api_for, month_url, settings):
    reviewer.role = "admin"
    reviewer.save()
    client = api_for(reviewer)
    submitted = client.post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json")
    response = client.post(month_url(stored, YEAR, MONTH, "approve/"), {}, format="json", HTTP_IF_MATCH=submitted["ETag"])
    assert (response.status_code, response.json()["code"]) == (403, "self_approval")


@pytest.mark.parametrize("decision, payload", [("approve/", {}), ("return/", {"reason": "数据有误"})])
@pytest.mark.parametrize("header", [None, "*"])
def test_a_decision_names_the_version_it_was_made_on(stored, staff, reviewer, api_for, month_url, decision, payload, header):
    submitted = api_for(staff).post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json")
    headers = {} if header is None else {"HTTP_IF_MATCH": header}
    response = api_for(reviewer).post(month_url(stored, YEAR, MONTH, decision), payload, format="json", **headers)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (428, "precondition_required", "If-Match")
    english = api_for(reviewer).post(month_url(stored, YEAR, MONTH, decision), payload, format="json", HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert english.json()["message"].startswith("A review decision must name the version")
    state = api_for(reviewer).get(month_url(stored, YEAR, MONTH))
    assert state.json()["status"] == "submitted" and state["ETag"] == submitted["ETag"]


def test_computed_figures_are_the_dashboards(zone, enter, set_target, leader, api_for, month_url):
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    enter(zone, YEAR - 1, MONTH, {"fixed_asset_investment": 20})
    enter(zone, YEAR, MONTH, {"fixed_asset_investment": "22.32"}, yoy={"fixed_asset_investment": "8.0"})
    body = api_for(leader).get(month_url(zone, YEAR, MONTH, "figures/")).json()
    shown = {f["indicator"]: f for f in body["figures"]}["fixed_asset_investment"]
    panel = zone_dashboard(zone, YEAR, MONTH).panel("fixed_asset_investment")
    figures = panel.figures

    def text(value):
        return statistics.plain_number(statistics.quantize(value, 4))

    assert shown["ytd_value"] == "22.32" and shown["annual_target"] == "55"
    assert shown["yoy_growth"] == "8" and shown["yoy_is_published"] is True
    assert shown["completion"] == text(figures.completion)
    assert shown["time_progress"] == text(figures.time_progress)
    assert shown["gap_points"] == text(figures.gap_points)
    assert shown["projection"] == text(panel.projection) and shown["projection_method"] == panel.projection_method
    assert shown["behind_time_progress"] is statistics.lags_time_progress(panel.indicator, figures)


def test_the_upward_endpoint_refuses_months_not_approved(stored, staff, reviewer, api_for, month_url):
    client = api_for(staff)
    response = client.get(month_url(stored, YEAR, MONTH, "approved/"))
    assert (response.status_code, response.json()["code"]) == (409, "not_approved")
    client.post(month_url(stored, YEAR, MONTH, "submit/"), {"reason": BLANKS_EXPLAINED}, format="json")
    assert client.get(month_url(stored, YEAR, MONTH, "approved/")).status_code == 409
    submitted = client.get(month_url(stored, YEAR, MONTH))
    api_for(reviewer).post(month_url(stored, YEAR, MONTH, "approve/"), {}, format="json", HTTP_IF_MATCH=submitted["ETag"])
    response = client.get(month_url(stored, YEAR, MONTH, "approved/"))
    assert response.status_code == 200
    body = response.json()
    assert body["approval"]["approver"] == "reviewer"
    snapshot = {f["indicator"]: [f["ytd_value"], f["month_value"], f["published_yoy"]] for f in body["figures"]}
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(text.encode()).hexdigest() == body["approval"]["fingerprint"]
    assert snapshot["fixed_asset_investment"] == ["22.32", "22.32", None]


@pytest.mark.parametrize("tail", ["values/", "figures/", "approved/", ""])
def test_month_reads_take_a_fixed_number_of_queries(zone, enter, staff, api_for, month_url, django_assert_max_num_queries, tail):
    for month in range(1, MONTH + 1):
        enter(zone, YEAR, month, {"fixed_asset_investment": month, "tax_revenue": 100 * month, "gdp": 10 * month})
    client = api_for(staff)
    client.get(month_url(zone, YEAR, MONTH, tail))  # the token's last use is written once
    with django_assert_max_num_queries(12):
        client.get(month_url(zone, YEAR, MONTH, tail))


def _entry_form_errors(zone, year, month, data):
    form = MonthEntryForm({"version": 0, **data}, zone=zone, year=year, month=month,
                          rows=selectors.month_sheet(zone, year, month))
    assert not form.is_valid()
    return form.errors


def test_a_future_month_is_refused_at_the_month_with_the_entry_forms_message(zone, staff, api_for, month_url):
    today = clock.today()
    year, month = (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
    response = write(api_for(staff), month_url(zone, year, month, "values/"), [{"indicator": "tax_revenue", "value": "6"}])
    message = _entry_form_errors(zone, year, month, {"v_tax_revenue": "6"})["__all__"][0]
    assert (response.status_code, response.json()["code"]) == (400, "future")
    assert (response.json()["field"], response.json()["message"]) == ("month", message)


@pytest.mark.parametrize("key, form_field, typed", [("value", "v", "6_2"), ("published_yoy", "y", "8.123"),
                                                    ("comment", "c", "快报\u0007数")])
def test_a_figures_fault_is_refused_at_its_key_with_the_entry_forms_message(zone, staff, api_for, month_url, key, form_field,
                                                                             typed):
    response = write(api_for(staff), month_url(zone, YEAR, MONTH, "values/"),
                     [{"indicator": "tax_revenue", "value": "6", key: typed}])
    errors = _entry_form_errors(zone, YEAR, MONTH, {"v_tax_revenue": "6", f"{form_field}_tax_revenue": typed})
    assert (response.status_code, response.json()["field"]) == (400, f"values[0].{key}")
    assert response.json()["message"] in [message for messages in errors.values() for message in messages]
    assert not MonthlyValue.objects.exists()


def test_no_answer_compares_a_month_with_one_not_approved(zone, enter, staff, reviewer, leader, api_for, month_url):
    """Issue 33.3 on the API: it states no 比1-N月 (the change of a growth against the month
    before's), so no answer of October rests on September's approval; the 月报 it serves states the
    comparison only while September is approved. (month_value, 本月, is October's own figure,
    printed by the 月报 as well.)"""
    from decimal import Decimal, InvalidOperation

    from indicators import workflow
    from tests.conftest import submit_through
    from tests.reports.support import docx_text

    enter(zone, YEAR - 1, 9, {"fixed_asset_investment": "18"})
    enter(zone, YEAR - 1, 10, {"fixed_asset_investment": "20"})
    enter(zone, YEAR, 9, {"fixed_asset_investment": "19.44"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32"})
    submit_through(zone, YEAR, 9, staff)
    for each in ZoneMonth.objects.filter(zone=zone, year=YEAR, month__lte=9).order_by("month"):
        workflow.approve(each, reviewer)
    client = api_for(leader)

    def answers():
        return [client.get(month_url(zone, YEAR, MONTH, tail)).json() for tail in ("figures/", "values/")]

    def briefing():
        return docx_text(client.get(f"/api/v1/zones/HX/reports/{YEAR}/{MONTH}/briefing/").content)

    approved = answers()
    # 11.6% through October against 8.0% through September.
    assert "同比增长11.6%，比1-9月提高3.6个百分点" in briefing()
    figure = next(f for f in approved[0]["figures"] if f["indicator"] == "fixed_asset_investment")
    assert figure["yoy_growth"].startswith("11.6") and figure["month_value"] == "2.88"

    def number(value):
        try:
            return Decimal(str(value)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            return None

    assert not {number(value) for value in figure.values()} & {Decimal("3.6"), Decimal("8.0")}
    ZoneMonth.objects.filter(zone=zone, year=YEAR, month=9).update(status=ZoneMonth.Status.RETURNED)
    assert answers() == approved
    assert "同比增长11.6%" in briefing() and "比1-9月" not in briefing()
