"""The dashboard's reads: figures per indicator, the month each runs to, projection, warnings."""

from decimal import Decimal as D

import pytest

from dashboard import selectors
from tests.dashboard.support import approve
from zones.models import Zone


@pytest.fixture
def seeded(seed_004_series):
    approve(seed_004_series, 2025, range(1, 10))
    return seed_004_series


def test_seeded_case_figures_and_months(seeded):
    dashboard = selectors.zone_dashboard(seeded, 2025, 10)
    investment = dashboard.panel("fixed_asset_investment")
    assert investment.month == 10
    assert investment.figures.ytd_value == D("22.32")
    assert round(investment.figures.completion, 2) == D("40.58")
    assert round(investment.figures.gap_points, 2) == D("-42.75")
    assert not investment.approved  # October is not approved
    output = dashboard.panel("total_output")
    assert output.month == 9
    assert output.approved
    assert [(p.indicator.code, p.figures.ytd_value) for p in output.parts] == [("total_output_new_energy", D("205.87"))]
    # The selected month bounds this year's series.
    assert max(investment.ytd_this_year) == 10
    assert 1 not in investment.ytd_this_year  # no January figure for investment


def test_warnings_behind_and_unsubmitted(seeded, settings):
    settings.WARNING_GAP_POINTS = 5
    dashboard = selectors.zone_dashboard(seeded, 2025, 10)
    # Output: 88.22% of target at September (75%) is ahead; investment is 42.75 points behind.
    assert [p.indicator.code for p in dashboard.behind] == ["fixed_asset_investment"]
    assert [m.month for m in dashboard.unsubmitted] == [10]
    settings.WARNING_GAP_POINTS = 50
    assert selectors.zone_dashboard(seeded, 2025, 10).behind == []


def test_projection_seasonal_with_a_known_answer(zone, enter):
    # Two earlier years where October holds 80% and 60% of the year: average share 70%.
    for year, october, december in ((2023, "80", "100"), (2024, "120", "200")):
        enter(zone, year, 10, {"total_output": october})
        enter(zone, year, 12, {"total_output": december})
    enter(zone, 2025, 10, {"total_output": "70"})
    panel = selectors.zone_dashboard(zone, 2025, 10).panel("total_output")
    assert panel.projection_method == "seasonal"
    assert panel.projection == D("100")


def test_projection_linear_without_history(zone, enter, set_target):
    set_target(zone, 2025, "total_output", 200)
    enter(zone, 2025, 9, {"total_output": "90"})
    panel = selectors.zone_dashboard(zone, 2025, 10).panel("total_output")
    assert panel.projection_method == "linear"
    assert panel.projection == D("120")  # 90 × 12 ÷ 9
    assert panel.projected_completion == D("60")


def test_comparison_ranks_zones_by_completion(zone, other_zone, enter, set_target):
    third = Zone.objects.create(code="ZZ", name="第三开发区")
    for z, value in ((zone, "20"), (other_zone, "40"), (third, "30")):
        set_target(z, 2025, "fixed_asset_investment", 50)
        enter(z, 2025, 10, {"fixed_asset_investment": value})
    rankings = {r.indicator.code: r for r in selectors.zone_comparison([zone, other_zone, third], 2025, 10)}
    assert [row.zone.code for row in rankings["fixed_asset_investment"].rows] == ["LH", "ZZ", "HX"]


def test_zone_dashboard_query_count_is_fixed(seeded, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.zone_dashboard(seeded, 2025, 10)
