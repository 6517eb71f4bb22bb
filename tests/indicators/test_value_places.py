"""The decimals a figure was typed with are kept beside it, on every write path (ORM and COPY)."""

from decimal import Decimal as D

from core.numbers import decimal_places, parse_number, typed_places
from indicators.models import MonthlyValue


def test_typed_places_count_trailing_zeros():
    assert typed_places(parse_number("8.0")) == 1
    assert typed_places(parse_number("171")) == 0
    assert typed_places(parse_number("7.50")) == 2
    assert typed_places(parse_number("１，２３４．５")) == 1
    assert typed_places(None) is None
    assert decimal_places(D("8.0")) == 0  # what the value needs, not how it was typed


def places(zone, code, month):
    value = MonthlyValue.objects.get(zone=zone, indicator__code=code, month=month)
    return value.entered_places, value.yoy_places


def test_save_keeps_the_places_typed(zone, enter):
    enter(zone, 2025, 9, {"industrial_output": "224.10", "fixed_asset_investment": "7.5"}, yoy={"industrial_output": "8.0"})
    assert places(zone, "industrial_output", 9) == (2, 1)
    assert places(zone, "fixed_asset_investment", 9) == (1, None)

    enter(zone, 2025, 9, {"fixed_asset_investment": "8"})
    assert places(zone, "fixed_asset_investment", 9) == (0, None)
    # A later month changes September's neighbour only: September keeps what was typed there.
    enter(zone, 2025, 10, {"industrial_output": "250"})
    assert places(zone, "industrial_output", 9) == (2, 1)
    assert places(zone, "industrial_output", 10) == (0, None)


def test_import_keeps_the_places_typed(zone, indicators, staff):
    from indicators.services import ValueInput, save_values

    inputs = [ValueInput(zone, indicators["total_output"], 2025, month, parse_number(text), parse_number("11.70"))
              for month, text in ((1, "12.0"), (2, "25"))]
    save_values(inputs, user=staff, channel="import", confirm_warnings=True)
    assert places(zone, "total_output", 1) == (1, 2)
    assert places(zone, "total_output", 2) == (0, 2)
