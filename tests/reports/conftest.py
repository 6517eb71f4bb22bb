import pytest

from tests.reports.support import YEAR


@pytest.fixture
def seed_004(zone, enter, set_target):
    """Seed 004's figures: investment and tax through October, output through September."""
    enter(zone, YEAR, 9, {"total_output": "229.36", "total_output_new_energy": "205.87"})
    enter(zone, YEAR, 10, {"fixed_asset_investment": "22.32", "tax_revenue": "26362", "tax_national": "20136", "tax_local": "6226"})
    set_target(zone, YEAR, "fixed_asset_investment", 55)
    set_target(zone, YEAR, "total_output", 260)
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    set_target(zone, YEAR + 1, "new_projects_started", 30)
    set_target(zone, YEAR + 1, "fixed_asset_investment", 30)
    set_target(zone, YEAR + 1, "total_output", 250)
    set_target(zone, YEAR + 1, "tax_revenue", 4, unit="亿元")
    return zone


@pytest.fixture
def ranked(zone, other_zone, enter):
    """Both zones' investment grew (5.0% and 15.0%); HX ranks in the group 全市开发区 of both."""
    from reports.models import ReportStyle
    from zones.models import PeerGroup

    for each, this_year in ((zone, "21"), (other_zone, "23")):
        enter(each, YEAR - 1, 10, {"fixed_asset_investment": "20"})
        enter(each, YEAR, 10, {"fixed_asset_investment": this_year})
    group = PeerGroup.objects.create(name="全市开发区", scope=PeerGroup.Scope.CITY)
    group.members.set([zone, other_zone])
    for each in (zone, other_zone):
        ReportStyle.objects.create(zone=each, rank_group=group)
    return group
