from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from audit.models import ChangeRecord
from demo.figures import demo_year
from indicators.models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth
from indicators.selectors import ValueTable
from zones.models import User, Zone


@pytest.fixture
def demo_loaded(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    return demo_year()


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not Zone.objects.exists()


def test_force_runs_without_debug(db, settings):
    settings.DEBUG = False
    call_command("load_demo", "--force")
    assert Zone.objects.count() == 2


def test_is_idempotent(demo_loaded):
    counts = (MonthlyValue.objects.count(), ChangeRecord.objects.count(), AnnualTarget.objects.count(), ZoneMonth.objects.count(), User.objects.count())
    call_command("load_demo")
    assert (MonthlyValue.objects.count(), ChangeRecord.objects.count(), AnnualTarget.objects.count(), ZoneMonth.objects.count(), User.objects.count()) == counts


def test_users_log_in_with_the_demo_password(demo_loaded, client):
    for username in ["admin", "staff", "reviewer", "leader"]:
        assert client.login(username=username, password="demo12345")


def test_seed_004_figures(demo_loaded):
    year = demo_loaded
    zone = Zone.objects.get(code="XB")
    codes = dict(Indicator.objects.values_list("code", "pk"))
    table = ValueTable.load([zone.pk], [year, year - 1])
    investment = table.figures(zone.pk, codes["fixed_asset_investment"], year, 10)
    assert (investment.ytd_value, investment.annual_target) == (Decimal("22.32"), Decimal("55"))
    output = table.figures(zone.pk, codes["total_output"], year, 10)
    assert output.month == 9 and output.ytd_value == Decimal("229.36")
    tax = table.figures(zone.pk, codes["tax_revenue"], year, 10)
    assert (tax.ytd_value, tax.annual_target) == (Decimal("26362"), Decimal("30000"))
    # Three years of data so growth and trends show.
    assert MonthlyValue.objects.filter(zone=zone, year=year - 2, month=12).exists()
    # Next year's targets from seed 004's 目标任务.
    assert AnnualTarget.objects.get(zone=zone, year=year + 1, indicator_id=codes["total_output"]).target_value == 250


def test_seed_000_published_growth(demo_loaded):
    zone = Zone.objects.get(code="LJ")
    value = MonthlyValue.objects.get(zone=zone, indicator__code="foreign_investment", year=demo_loaded, month=9)
    assert (value.ytd_value, value.published_yoy) == (Decimal("1950.57"), Decimal("14.77"))
