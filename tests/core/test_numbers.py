"""Numbers as people type them: one rule for forms and imports."""

from decimal import Decimal

import pytest

from core.numbers import NotANumber, decimal_places, parse_number
from dataio.registry import get_kind
from dataio.services import run_import
from indicators.models import MonthlyValue


@pytest.mark.parametrize("text, number", [
    ("1234.5", "1234.5"), ("1,234.5", "1234.5"), ("1 234 567", "1234567"), (" -1,234 ", "-1234"),
    ("１２３４．５", "1234.5"), ("１，２３４", "1234"), ("1\u00a0234.5", "1234.5"), ("0.00001", "0.00001"),
])
def test_typed_numbers(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["1,5", "12,34.5", "1.234,5", "abc", "", "NaN", "Infinity", "1e", "1,,234", "6_2",
                                  "1_000", "1e3", "2E-2", "-inf", "0x10", "sNaN", "1.2.3"])
def test_what_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_decimal_places():
    assert [decimal_places(Decimal(t)) for t in ("12", "12.50", "0.00001", "1E+3")] == [0, 1, 5, 0]


def test_an_import_refuses_more_decimals_than_are_stored_and_reads_grouped_digits(zone, staff):
    rows = "zone,indicator,year,month,value,yoy\nHX,tax_revenue,2025,9,0.00001,\nHX,tax_revenue,2025,10,\"1,234.5\",5.123\n"
    report = run_import(get_kind("values"), rows.encode(), "v.csv", staff, apply=True)
    assert not report.applied
    assert [(i.row, i.column) for i in report.errors] == [(2, "数值"), (3, "同比增长")]
    assert "小数位数超过4位：0.00001" in report.errors[0].message
    assert not MonthlyValue.objects.exists()
    rows = "zone,indicator,year,month,value\nHX,tax_revenue,2025,10,\"１，２３４．５\"\n"
    assert run_import(get_kind("values"), rows.encode(), "v.csv", staff, apply=True).applied
    assert MonthlyValue.objects.get().ytd_value == Decimal("1234.5")


def test_forms_read_numbers_as_imports_do(zone, staff, client_for):
    import re

    from projects.models import Project

    client = client_for(staff)
    page = client.get("/entry/HX/2025/10/").content.decode()
    data = {name: value for name, value in re.findall(r'<input type="hidden" name="(version|base)" value="([^"]*)"', page)}
    response = client.post("/entry/HX/2025/10/", {**data, "v_tax_revenue": "２６，３６２", "confirm_warnings": "on"})
    assert response.status_code == 302
    assert MonthlyValue.objects.get(indicator__code="tax_revenue").ytd_value == Decimal("26362")
    response = client.post("/entry/HX/2025/10/", {**data, "v_fixed_asset_investment": "22.123456"})
    assert response.status_code == 200 and "4" in str(response.context["form"].errors["v_fixed_asset_investment"])
    version = re.search(r'name="version" value="(-?\d+)"', client.get("/projects/new/").content.decode()).group(1)
    client.post("/projects/new/", {"zone": zone.pk, "version": version, "name": "光伏组件", "stage": "conceived",
                                   "conceived_on": "2025-03-01", "investment_before_records": "0", "total_investment": "1,200.5"})
    assert Project.objects.get().total_investment == Decimal("1200.5")
