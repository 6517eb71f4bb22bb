"""generate_bench_data: consistent figures that pass the same checks as entered ones."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from indicators.models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth
from indicators.checks import ValueInput, check_values
from zones.models import User, Zone


@pytest.fixture
def generated(db):
    out = StringIO()
    call_command("generate_bench_data", zones=2, enterprises=20, years=2, stdout=out)
    return out.getvalue()


def test_generates_every_indicator_for_every_zone_and_month(generated):
    zones = list(Zone.objects.filter(name__startswith="基准测试开发区"))
    assert [z.code for z in zones] == ["B01", "B02"]
    months = ZoneMonth.objects.filter(zone=zones[0]).count()
    assert months >= 13  # last year whole, this year to last month
    assert MonthlyValue.objects.count() == 2 * months * Indicator.objects.count()
    assert AnnualTarget.objects.filter(zone=zones[0]).exists()
    assert "rows in" in generated and "rows/s" in generated
    assert User.objects.filter(username="bench_staff", zones=zones[0]).exists()


def test_ytd_is_the_sum_of_month_values_and_parts_stay_within_wholes(generated):
    zone = Zone.objects.get(code="B01")
    year = ZoneMonth.objects.filter(zone=zone).order_by("year").first().year
    for indicator in Indicator.objects.filter(kind=Indicator.Kind.FLOW):
        rows = MonthlyValue.objects.filter(zone=zone, indicator=indicator, year=year)
        december = rows.get(month=12)
        assert december.ytd_value == rows.aggregate(total=Sum("month_value"))["total"]
    for part in Indicator.objects.filter(parent__isnull=False):
        for value in MonthlyValue.objects.filter(zone=zone, indicator=part):
            whole = MonthlyValue.objects.get(zone=zone, indicator=part.parent, year=value.year, month=value.month)
            assert value.ytd_value <= whole.ytd_value


def test_generated_months_pass_the_entry_checks(generated):
    zone = Zone.objects.get(code="B01")
    last = ZoneMonth.objects.filter(zone=zone).order_by("-year", "-month").first()
    inputs = [
        ValueInput(zone=zone, indicator=v.indicator, year=v.year, month=v.month, value=v.entered_value)
        for v in MonthlyValue.objects.filter(zone=zone, year=last.year, month=last.month).select_related("indicator")
    ]
    result = check_values(inputs, today=datetime.date(2100, 1, 1))
    assert result.errors == []


def test_refuses_to_run_twice(generated):
    with pytest.raises(CommandError):
        call_command("generate_bench_data", zones=1, enterprises=1, years=1, stdout=StringIO())


def test_generates_enterprise_project_and_land_records(generated):
    from projects.models import Enterprise, EnterpriseFigure, Parcel, Project, ProjectProgress

    assert Enterprise.objects.count() == 20
    months = ZoneMonth.objects.filter(zone__code="B01").count()
    assert EnterpriseFigure.objects.count() == 20 * months
    assert Project.objects.count() and ProjectProgress.objects.count() and Parcel.objects.count()
    for enterprise in Enterprise.objects.all():
        enterprise.full_clean()  # valid credit codes, as the forms would require
    for project in Project.objects.all():
        project.full_clean()
    for parcel in Parcel.objects.all():
        parcel.full_clean()
