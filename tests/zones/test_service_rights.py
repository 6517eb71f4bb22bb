"""Edit rights are checked by the services that write, whatever the channel: called directly,
each refuses a user who may not act on the zone, before writing anything."""

import datetime
from decimal import Decimal

import pytest

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import run_import
from indicators import services, target_services, workflow
from indicators.models import AnnualTarget, MonthlyValue, MonthTransition, ZoneMonth
from reports import services as narrative
from reports.models import OPENING, NarrativeItem, NarrativeSection
from tests.conftest import BLANKS_EXPLAINED
from zones.access import RightsRefused
from zones.models import ZoneDataVersion

YEAR, MONTH = 2024, 10
TODAY = datetime.date(2100, 1, 1)
WRITTEN = [MonthlyValue, AnnualTarget, ZoneMonth, MonthTransition, NarrativeSection, NarrativeItem, ChangeRecord]
REFUSED = ["outsider", "leader", "reviewer", "city_leader"]


def written():
    """Rows of every table a zone write touches, and the zones' data versions."""
    return {model.__name__: model.objects.count() for model in WRITTEN} | {
        "versions": sorted(ZoneDataVersion.objects.values_list("zone_id", "version"))
    }


def value_inputs(zone, indicators, figures):
    return [
        services.ValueInput(zone, indicators[code], YEAR, MONTH, Decimal(value)) for code, value in figures.items()
    ]


def save_values(user, inputs):
    return services.save_values(inputs, user=user, channel="form", confirm_warnings=True, today=TODAY)


def save_targets(user, zone, indicators, value="100"):
    inputs = [target_services.TargetInput(zone, indicators["tax_revenue"], YEAR, Decimal(value))]
    return target_services.save_targets(inputs, user=user, channel="form")


# --- monthly values and targets --------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED)
def test_values_are_refused_to_users_who_may_not_edit_the_zone(request, zone, other_zone, indicators, role):
    user = request.getfixturevalue(role)
    before = written()
    with pytest.raises(RightsRefused) as refused:
        save_values(user, value_inputs(zone, indicators, {"tax_revenue": "100"}))
    assert zone.name in refused.value.message and "填报" in refused.value.message
    assert written() == before


@pytest.mark.parametrize("role", REFUSED)
def test_targets_are_refused_to_users_who_may_not_edit_the_zone(request, zone, other_zone, indicators, role):
    user = request.getfixturevalue(role)
    before = written()
    with pytest.raises(RightsRefused):
        save_targets(user, zone, indicators)
    assert written() == before


def test_a_batch_touching_one_zone_the_user_may_not_edit_is_refused_whole(zone, other_zone, staff, indicators):
    before = written()
    inputs = value_inputs(zone, indicators, {"tax_revenue": "100"}) + value_inputs(other_zone, indicators, {"tax_revenue": "50"})
    with pytest.raises(RightsRefused) as refused:
        save_values(staff, inputs)
    assert other_zone.name in refused.value.message and zone.name not in refused.value.message
    assert written() == before
    with pytest.raises(RightsRefused):
        target_services.save_targets(
            [target_services.TargetInput(z, indicators["tax_revenue"], YEAR, Decimal("9")) for z in (zone, other_zone)],
            user=staff, channel="form",
        )
    assert written() == before


def test_rights_are_checked_before_the_figures(zone, outsider, indicators):
    # A negative tax would be a ValuesRejected for staff; an outsider learns nothing of the checks.
    with pytest.raises(RightsRefused):
        save_values(outsider, value_inputs(zone, indicators, {"tax_revenue": "-1"}))
    with pytest.raises(RightsRefused):
        save_targets(outsider, zone, indicators, value="0")


def test_staff_administrators_and_the_system_still_save(zone, staff, administrator, indicators):
    for user, value in ((staff, "100"), (administrator, "120"), (None, "130")):
        save_values(user, value_inputs(zone, indicators, {"tax_revenue": value}))
        save_targets(user, zone, indicators, value=value)
        assert MonthlyValue.objects.get(zone=zone).ytd_value == Decimal(value)
        assert AnnualTarget.objects.get(zone=zone).target_value == Decimal(value)
    assert MonthlyValue.objects.get(zone=zone).created_by == staff
    assert set(ChangeRecord.objects.values_list("user__username", flat=True)) == {"staff", "admin", None}


def test_a_user_whose_rights_are_withdrawn_is_refused_at_once(zone, staff, indicators):
    save_values(staff, value_inputs(zone, indicators, {"tax_revenue": "100"}))
    staff.zones.clear()
    with pytest.raises(RightsRefused):
        save_values(staff, value_inputs(zone, indicators, {"tax_revenue": "200"}))
    assert MonthlyValue.objects.get(zone=zone).ytd_value == 100


# --- the review workflow ---------------------------------------------------------------------------


def month_of(zone):
    return ZoneMonth(zone=zone, year=YEAR, month=MONTH)


@pytest.mark.parametrize("action, role, status", [
    ("submit", "outsider", ZoneMonth.Status.DRAFT), ("submit", "leader", ZoneMonth.Status.DRAFT),
    ("submit", "reviewer", ZoneMonth.Status.DRAFT), ("approve", "staff", ZoneMonth.Status.SUBMITTED),
    ("approve", "leader", ZoneMonth.Status.SUBMITTED), ("return", "staff", ZoneMonth.Status.SUBMITTED),
    ("unlock", "staff", ZoneMonth.Status.APPROVED), ("unlock", "leader", ZoneMonth.Status.APPROVED),
])
def test_transitions_are_refused_to_roles_that_may_not_make_them(request, zone, other_zone, action, role, status):
    ZoneMonth.objects.create(zone=zone, year=YEAR, month=MONTH, status=status)
    before = written()
    with pytest.raises(RightsRefused):
        workflow.ACTIONS[action](month_of(zone), request.getfixturevalue(role), "理由")
    assert written() == before
    assert ZoneMonth.objects.get(zone=zone).status == status


def test_a_reviewer_of_another_zone_may_not_approve(zone, other_zone, reviewer):
    ZoneMonth.objects.create(zone=other_zone, year=YEAR, month=MONTH, status=ZoneMonth.Status.SUBMITTED)
    with pytest.raises(RightsRefused):
        workflow.approve(month_of(other_zone), reviewer)
    assert not MonthTransition.objects.exists()


def test_staff_submit_and_the_reviewer_approves(zone, staff, reviewer):
    workflow.submit(month_of(zone), staff, BLANKS_EXPLAINED)
    workflow.approve(month_of(zone), reviewer)
    assert ZoneMonth.objects.get(zone=zone).status == ZoneMonth.Status.APPROVED
    assert list(MonthTransition.objects.order_by("id").values_list("user__username", flat=True)) == ["staff", "reviewer"]


# --- the report narrative --------------------------------------------------------------------------


def write_narrative(user, zone, year=YEAR):
    return narrative.save_narrative(
        zone, year, sections={OPENING: narrative.SectionText("开局良好", "全年平稳")},
        problems=[narrative.ItemText("招商难")], user=user, channel="form",
    )


@pytest.mark.parametrize("role", REFUSED)
def test_the_narrative_is_refused_to_users_who_may_not_edit_the_zone(request, zone, other_zone, role):
    user = request.getfixturevalue(role)
    write_narrative(None, zone, YEAR - 1)
    before = written()
    with pytest.raises(RightsRefused):
        write_narrative(user, zone)
    with pytest.raises(RightsRefused):
        narrative.start_from_previous_year(zone, YEAR, user=user, channel="form")
    assert written() == before


def test_staff_write_and_copy_the_narrative(zone, staff):
    write_narrative(None, zone, YEAR - 1)
    assert narrative.start_from_previous_year(zone, YEAR, user=staff, channel="form") > 0
    assert NarrativeSection.objects.get(zone=zone, year=YEAR).lead == "开局良好"
    assert write_narrative(staff, zone, YEAR + 1) > 0


# --- imports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind_name, header, row", [
    ("values", "zone,indicator,year,month,value", f"HX,tax_revenue,{YEAR},{MONTH},100"),
    ("targets", "zone,indicator,year,target", f"HX,tax_revenue,{YEAR},100"),
])
def test_an_import_reports_the_services_refusal(monkeypatch, zone, staff, kind_name, header, row):
    """Rights withdrawn while the file is checked: the service refuses when writing, and the
    import reports it as an error of the file instead of failing."""
    kind = get_kind(kind_name)
    read = kind.read

    def read_then_withdraw(table, report):
        rows = read(table, report)

        def withdrawing():
            yield from rows
            staff.zones.clear()  # after the last row is checked, before the write

        return withdrawing()

    monkeypatch.setattr(kind, "read", read_then_withdraw)
    before = written()
    report = run_import(kind, f"{header}\n{row}\n".encode(), "file.csv", staff, apply=True)
    assert not report.ok and not report.applied
    assert [issue.message for issue in report.errors] == [RightsRefused("edit", [zone.name]).message]
    assert written() == before


# --- enterprise, project and land records ----------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED)
def test_records_are_refused_through_the_same_rule(request, zone, other_zone, role):
    from tests import factories

    before = written()
    with pytest.raises(RightsRefused):
        factories.save_industry(None, {"zone": zone, "name": "新材料", "order": 1}, user=request.getfixturevalue(role), channel="form")
    assert written() == before and not zone.industries.exists()
