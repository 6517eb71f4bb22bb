"""Record services: validation with messages, DB constraints, history on every write."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from audit.services import history_for
from projects import batch
from projects.models import Enterprise, Parcel, Project, ProjectProblem, ProjectProgress, RelocationCase, overdue_problem
from projects.validators import credit_code_check_character, normalise_credit_code, validate_credit_code
from tests import factories

D = datetime.date
# Real, public codes: 华为技术有限公司 and 腾讯科技（深圳）有限公司.
REAL_CODES = ["914403001922038216", "9144030071526726XG"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass(code):
    validate_credit_code(code)
    assert credit_code_check_character(code[:17]) == code[17]


def test_computed_check_characters():
    # Check character 0 (31 wraps to 0) and one past 9 both come out of the same rule.
    assert credit_code_check_character("91110108551385082") == "Q"
    assert credit_code_check_character("91330100716105852") == "F"


@pytest.mark.parametrize(
    "code, message",
    [
        ("914403001922038217", "第18位应为6"),
        ("9144030071526726XA", "第18位应为G"),
        ("91440300192203821", "应为18位"),
        ("91440300I92203821O", "不允许的字符：“I”、“O”"),
        ("9144030019220382\u200b1", "不允许的字符：U+200B"),
        ("91440300_92203821·", "不允许的字符：“_”、“·”"),
    ],
)
def test_wrong_credit_codes_are_refused_with_a_message(code, message):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("pasted", ["91 4403 0019 2203 8216", "91-440300-19220382-16", " 914403001922038216\t", "91\u3000440300192203821 6"])
def test_pasted_credit_codes_lose_their_spaces_and_dashes(pasted):
    assert normalise_credit_code(pasted) == "914403001922038216"
    validate_credit_code(pasted)


def test_save_enterprise_validates_and_records_history(zone, staff):
    with pytest.raises(ValidationError) as error:
        factories.save_enterprise(None, {"zone": zone, "name": "华为", "credit_code": "914403001922038217"}, user=staff, channel="form")
    assert "credit_code" in error.value.message_dict
    firm = factories.save_enterprise(None, {"zone": zone, "name": "华为", "credit_code": " 914403001922038216 "}, user=staff, channel="form")
    assert firm.credit_code == "914403001922038216"
    factories.save_enterprise(firm, {"name": "华为技术", "is_above_scale": True}, user=staff, channel="admin")
    changes = {(c.field, c.old_value, c.new_value, c.channel) for c in history_for(firm)}
    assert ("name", "华为", "华为技术", "admin") in changes
    assert ("is_above_scale", "False", "True", "admin") in changes
    with pytest.raises(ValidationError) as error:
        factories.save_enterprise(None, {"zone": zone, "name": "重复", "credit_code": "914403001922038216"}, user=staff, channel="form")
    assert "已登记" in str(error.value)


def test_outsiders_and_viewers_cannot_write(zone, outsider, leader):
    for user in (outsider, leader):
        with pytest.raises(PermissionDenied):
            factories.save_enterprise(None, {"zone": zone, "name": "X", "credit_code": REAL_CODES[0]}, user=user, channel="form")


def test_related_records_must_be_in_the_same_zone(zone, other_zone, staff):
    foreign_firm = Enterprise.objects.create(zone=other_zone, name="外区企业", credit_code=REAL_CODES[1])
    with pytest.raises(ValidationError) as error:
        factories.save_project(None, {"zone": zone, "name": "P", "conceived_on": D(2025, 1, 1), "enterprise": foreign_firm},
                              user=staff, channel="form")
    assert "不属于该开发区" in error.value.message_dict["enterprise"][0]


def test_project_stage_needs_its_date_and_dates_are_coherent(zone, staff):
    with pytest.raises(ValidationError) as error:
        factories.save_project(None, {"zone": zone, "name": "P", "stage": "started", "conceived_on": D(2025, 1, 1)}, user=staff, channel="form")
    assert "请填写达到当前阶段的日期" in str(error.value)
    with pytest.raises(ValidationError) as error:
        factories.save_project(None, {"zone": zone, "name": "P", "stage": "completed", "started_on": D(2025, 5, 1),
                                     "completed_on": D(2025, 4, 1)}, user=staff, channel="form")
    assert "建成日期（2025-04-01）不能早于开工日期（2025-05-01）" in str(error.value)
    with pytest.raises(ValidationError) as error:
        factories.save_project(None, {"zone": zone, "name": "P", "stage": "signed", "signed_on": D(2025, 4, 1),
                                     "started_on": D(2025, 5, 1)}, user=staff, channel="form")
    assert "当前阶段与已填写的阶段日期不一致" in str(error.value)


def test_database_refuses_what_the_services_refuse(zone):
    with pytest.raises(IntegrityError), transaction.atomic():
        Parcel.objects.create(zone=zone, code="X", area_mu=Decimal(-1))
    Parcel.objects.create(zone=zone, code="X", area_mu=Decimal(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Parcel.objects.create(zone=zone, code="X", area_mu=Decimal(2))
    project = Project.objects.create(zone=zone, name="P", stage="started", started_on=D(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectProgress.objects.create(project=project, year=2025, month=13, investment=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectProblem.objects.create(project=project, raised_year=2025, raised_month=1, description="x", owner="y",
                                      deadline=D(2025, 2, 1), state="resolved")
    with pytest.raises(IntegrityError), transaction.atomic():
        RelocationCase.objects.create(zone=zone, name="R", enterprises_total=5, enterprises_moved=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(zone=zone, name="Q", stage="signed")


def test_progress_with_problem_then_resolution(zone, staff):
    project = factories.save_project(
        None, {"zone": zone, "name": "光伏组件", "stage": "started", "started_on": D(2025, 3, 1), "total_investment": Decimal(50000)},
        user=staff, channel="form",
    )
    with pytest.raises(ValidationError):
        factories.record_progress(project, 2025, 2, investment=Decimal(1), physical_progress="", user=staff, channel="form")
    factories.record_progress(project, 2025, 10, investment=Decimal(1200), physical_progress="主体封顶", user=staff, channel="form")
    factories.add_problem(project, 2025, 10, "供电线路未接入", "供电公司", D(2025, 10, 31), user=staff, channel="form")
    progress = factories.record_progress(project, 2025, 10, investment=Decimal(1300), physical_progress="主体封顶", user=staff, channel="form")
    assert ProjectProgress.objects.get().investment == Decimal(1300)
    assert ("investment", "1200", "1300") in {(c.field, c.old_value, c.new_value) for c in history_for(progress)}
    problem = ProjectProblem.objects.get()
    overdue = lambda today: ProjectProblem.objects.filter(overdue_problem(today), pk=problem.pk).exists()  # noqa: E731
    assert overdue(D(2025, 11, 1)) and not overdue(D(2025, 10, 31))
    batch.resolve_problem(problem, resolved_on=D(2025, 11, 3), resolution="已接入", user=staff, channel="form")
    problem.refresh_from_db()
    assert problem.state == "resolved" and not overdue(D(2025, 12, 1))
    with pytest.raises(ValidationError):
        batch.resolve_problem(problem, resolved_on=D(2025, 11, 3), resolution="", user=staff, channel="form")


def test_confirm_idle_candidate_and_mortgage(zone, staff):
    reserve = factories.save_parcel(None, {"zone": zone, "code": "R1", "area_mu": Decimal(10)}, user=staff, channel="form")
    with pytest.raises(ValidationError):
        factories.add_mortgage(reserve, {"registered_on": D(2025, 1, 1), "creditor": "银行", "amount": Decimal(100)}, user=staff, channel="form")
    parcel = factories.save_parcel(
        None, {"zone": zone, "code": "G1", "area_mu": Decimal(10), "status": "supplied", "supplied_on": D(2023, 1, 1),
               "contract_start_on": D(2023, 3, 1)}, user=staff, channel="form",
    )
    batch.confirm_idle_candidate(parcel, user=staff, channel="form")
    parcel.refresh_from_db()
    assert parcel.idle_stage == "investigation"
    assert ("idle_stage", "", "investigation") in {(c.field, c.old_value, c.new_value) for c in history_for(parcel)}
    with pytest.raises(ValidationError):
        batch.confirm_idle_candidate(parcel, user=staff, channel="form")
