"""The checks, locks and history of indicators.services, whatever the channel."""

import datetime
from decimal import Decimal as D

import pytest

from audit.models import ChangeRecord
from indicators.models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth
from indicators.checks import check_values
from indicators.services import ValueInput, ValuesRejected, VersionConflict, save_values
from indicators.target_services import TargetInput, TargetsRejected, save_targets


FAR_FUTURE = datetime.date(2100, 1, 1)


def inp(zone, indicator, year, month, value, **extra):
    return ValueInput(zone=zone, indicator=indicator, year=year, month=month, value=None if value is None else D(str(value)), **extra)


def codes(problems):
    return [p.code for p in problems]


def test_ytd_entry_derives_month_values(zone, indicators, enter):
    enter(zone, 2024, 2, {"fixed_asset_investment": "3.10"})
    enter(zone, 2024, 3, {"fixed_asset_investment": "5.00"})
    march = MonthlyValue.objects.get(zone=zone, indicator=indicators["fixed_asset_investment"], year=2024, month=3)
    assert (march.ytd_value, march.month_value) == (D("5.00"), D("1.90"))
    # Correcting February changes March's month value too.
    enter(zone, 2024, 2, {"fixed_asset_investment": "3.50"})
    march.refresh_from_db()
    assert march.month_value == D("1.50")


def test_month_entry_derives_ytd(zone, indicators, enter):
    indicator = indicators["infrastructure_investment"]
    Indicator.objects.filter(pk=indicator.pk).update(entry_mode=Indicator.EntryMode.MONTH)
    indicators["infrastructure_investment"].refresh_from_db()
    enter(zone, 2024, 1, {"infrastructure_investment": 1000})
    enter(zone, 2024, 2, {"infrastructure_investment": 1500})
    enter(zone, 2024, 1, {"infrastructure_investment": 800})
    feb = MonthlyValue.objects.get(zone=zone, indicator=indicator, year=2024, month=2)
    assert (feb.month_value, feb.ytd_value) == (D("1500"), D("2300"))


def test_negative_is_a_hard_error(zone, indicators):
    result = check_values([inp(zone, indicators["tax_revenue"], 2024, 3, -1)], today=FAR_FUTURE)
    assert codes(result.errors) == ["negative"]


def test_ytd_below_previous_month_is_a_hard_error(zone, indicators, enter):
    enter(zone, 2024, 3, {"tax_revenue": 5000})
    result = check_values([inp(zone, indicators["tax_revenue"], 2024, 4, 4000)], today=FAR_FUTURE)
    assert codes(result.errors) == ["ytd_decrease"]
    assert "1-3月累计5000万元" in result.errors[0].message


def test_ytd_above_a_later_month_is_a_hard_error(zone, indicators, enter):
    enter(zone, 2024, 5, {"tax_revenue": 5000})
    result = check_values([inp(zone, indicators["tax_revenue"], 2024, 3, 6000)], today=FAR_FUTURE)
    assert codes(result.errors) == ["ytd_above_next"]


def test_problems_are_listed_by_row_when_a_files_series_interleave(zone, other_zone, indicators):
    # The checks run series by series: the first zone's rows 2 and 5, then the other's 3 and 4.
    tax = indicators["tax_revenue"]
    rows = [(zone, 3, 50), (other_zone, 3, 50), (other_zone, 4, 40), (zone, 4, 30)]
    result = check_values([inp(z, tax, 2024, month, value, row=n) for n, (z, month, value) in enumerate(rows, 2)], today=FAR_FUTURE)
    assert [(p.input.row, p.code) for p in result.errors] == [
        (2, "ytd_above_next"), (3, "ytd_above_next"), (4, "ytd_decrease"), (5, "ytd_decrease")]


def test_part_larger_than_whole_is_a_hard_error_from_either_side(zone, indicators, enter):
    enter(zone, 2024, 10, {"tax_revenue": 26362, "tax_national": 20136})
    part_side = check_values([inp(zone, indicators["tax_national"], 2024, 10, 30000)], today=FAR_FUTURE)
    assert codes(part_side.errors) == ["part_exceeds_whole"]
    whole_side = check_values([inp(zone, indicators["tax_revenue"], 2024, 10, 20000)], today=FAR_FUTURE)
    assert codes(whole_side.errors) == ["part_exceeds_whole"]
    both = check_values(
        [inp(zone, indicators["tax_revenue"], 2024, 10, 40000), inp(zone, indicators["tax_national"], 2024, 10, 30000)],
        today=FAR_FUTURE,
    )
    assert both.ok


def test_part_whole_compared_across_units(zone, indicators, enter):
    # A part kept in another unit of the family is converted before comparing.
    Indicator.objects.filter(code="total_output_new_energy").update(unit="万元")
    part = Indicator.objects.get(code="total_output_new_energy")
    enter(zone, 2024, 9, {"total_output": "229.36"})
    assert check_values([inp(zone, part, 2024, 9, 2058700)], today=FAR_FUTURE).ok
    assert codes(check_values([inp(zone, part, 2024, 9, 2300000)], today=FAR_FUTURE).errors) == ["part_exceeds_whole"]


def test_jump_against_last_year_is_a_warning(zone, indicators, enter):
    enter(zone, 2023, 4, {"industrial_output": 10})
    enter(zone, 2023, 5, {"industrial_output": 20})
    enter(zone, 2024, 4, {"industrial_output": 12})
    high = check_values([inp(zone, indicators["industrial_output"], 2024, 5, 50)], today=FAR_FUTURE)
    assert high.ok and codes(high.warnings) == ["jump"]  # 38 against 10 last May
    low = check_values([inp(zone, indicators["industrial_output"], 2024, 5, 15)], today=FAR_FUTURE)
    assert codes(low.warnings) == ["jump"]  # 3 against 10
    fine = check_values([inp(zone, indicators["industrial_output"], 2024, 5, 22)], today=FAR_FUTURE)
    assert fine.warnings == []


def test_out_of_range_is_a_warning(zone, indicators):
    Indicator.objects.filter(code="enterprises_above_scale").update(min_value=10, max_value=1000)
    indicator = Indicator.objects.get(code="enterprises_above_scale")
    result = check_values([inp(zone, indicator, 2024, 5, 5000)], today=FAR_FUTURE)
    assert result.ok and codes(result.warnings) == ["range"]


def test_unconfirmed_warnings_block_the_save(zone, indicators):
    Indicator.objects.filter(code="enterprises_above_scale").update(max_value=1000)
    indicator = Indicator.objects.get(code="enterprises_above_scale")
    with pytest.raises(ValuesRejected):
        save_values([inp(zone, indicator, 2024, 5, 5000)], user=None, channel="form", today=FAR_FUTURE)
    assert not MonthlyValue.objects.exists()
    save_values([inp(zone, indicator, 2024, 5, 5000)], user=None, channel="form", confirm_warnings=True, today=FAR_FUTURE)
    assert MonthlyValue.objects.get().ytd_value == 5000


def test_future_month_is_refused(zone, indicators):
    result = check_values([inp(zone, indicators["tax_revenue"], 2026, 12, 1)], today=datetime.date(2026, 11, 23))
    assert codes(result.errors) == ["future"]


def test_batch_applies_whole_or_not_at_all(zone, indicators):
    good = inp(zone, indicators["tax_revenue"], 2024, 1, 100)
    bad = inp(zone, indicators["tax_local"], 2024, 1, -5)
    with pytest.raises(ValuesRejected) as caught:
        save_values([good, bad], user=None, channel="import", today=FAR_FUTURE)
    assert codes(caught.value.result.errors) == ["negative"]
    assert not MonthlyValue.objects.exists() and not ChangeRecord.objects.exists()


def test_duplicates_in_a_batch_are_refused(zone, indicators):
    first = inp(zone, indicators["tax_revenue"], 2024, 1, 100, row=2)
    second = inp(zone, indicators["tax_revenue"], 2024, 1, 110, row=9)
    result = check_values([first, second], today=FAR_FUTURE)
    assert codes(result.errors) == ["duplicate"] and "第2行" in result.errors[0].message


def test_history_records_who_what_and_channel(zone, staff, indicators, enter):
    enter(zone, 2024, 10, {"tax_revenue": 26000}, user=staff)
    enter(zone, 2024, 10, {"tax_revenue": 26362}, user=staff, channel="import")
    enter(zone, 2024, 10, {"tax_revenue": 26362}, user=staff)  # unchanged: no history
    value = MonthlyValue.objects.get()
    assert (value.created_by, value.created_channel) == (staff, "form") and value.created_at <= value.updated_at
    records = list(ChangeRecord.objects.filter(field="value").order_by("id"))
    assert [(r.old_value, r.new_value, r.channel, r.user) for r in records] == [("26000", "26362", "import", staff)]


def test_a_new_value_records_its_creation_on_its_row_and_raises_the_zone_version(zone, staff, indicators, enter, versions):
    enter(zone, 2024, 10, {"tax_revenue": 26000}, yoy={"tax_revenue": "5.1"}, user=staff, channel="import")
    value = MonthlyValue.objects.get()
    assert (value.ytd_value, value.published_yoy, value.created_by, value.created_channel) == (26000, D("5.1"), staff, "import")
    assert not ChangeRecord.objects.exists()  # the row says who entered it: no second row per value
    assert versions(zone) != ((zone.pk, 0),)


def test_published_growth_alone_is_a_value(zone, indicators, enter):
    enter(zone, 2024, 9, {"foreign_investment": None}, yoy={"foreign_investment": "14.77"})
    value = MonthlyValue.objects.get()
    assert value.ytd_value is None and value.published_yoy == D("14.77")


def test_approved_month_refuses_changes(zone, indicators, enter):
    enter(zone, 2024, 10, {"tax_revenue": 100})
    ZoneMonth.objects.filter(zone=zone, year=2024, month=10).update(status=ZoneMonth.Status.APPROVED)
    with pytest.raises(ValuesRejected) as caught:
        enter(zone, 2024, 10, {"tax_revenue": 200})
    assert codes(caught.value.result.errors) == ["locked"]
    assert MonthlyValue.objects.get().ytd_value == 100


def test_stale_version_is_a_conflict(zone, indicators, enter):
    enter(zone, 2024, 10, {"tax_revenue": 100})
    version = ZoneMonth.objects.get(zone=zone, year=2024, month=10).version
    save_values([inp(zone, indicators["tax_revenue"], 2024, 10, 150)], user=None, channel="form",
                expected_versions={(zone.pk, 2024, 10): version}, today=FAR_FUTURE)
    with pytest.raises(VersionConflict):
        save_values([inp(zone, indicators["tax_revenue"], 2024, 10, 175)], user=None, channel="form",
                    expected_versions={(zone.pk, 2024, 10): version}, today=FAR_FUTURE)
    assert MonthlyValue.objects.get().ytd_value == 150


def test_target_in_another_unit_is_converted(zone, indicators, set_target):
    set_target(zone, 2024, "tax_revenue", 3, unit="亿元")
    target = AnnualTarget.objects.get()
    assert target.target_value == D("30000")
    assert ChangeRecord.objects.get(field="target_value").new_value == "30000"


def test_bad_targets_are_refused(zone, indicators):
    with pytest.raises(TargetsRejected) as caught:
        save_targets(
            [
                TargetInput(zone=zone, indicator=indicators["tax_revenue"], year=2024, value=D("3"), unit="万美元"),
                TargetInput(zone=zone, indicator=indicators["total_output"], year=2024, value=D("0")),
            ],
            user=None,
            channel="form",
        )
    assert [field for _i, field, _m in caught.value.errors] == ["unit", "target"]
    assert not AnnualTarget.objects.exists()
