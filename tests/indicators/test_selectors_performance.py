"""Focused performance fixes in indicators/selectors.py keep their results (bench: scripts/bench.py)."""

from indicators.selectors import latest_month_with_data


def test_latest_month_with_data_is_one_query_and_the_lexicographic_latest(zone, other_zone, enter, django_assert_num_queries):
    enter(zone, 2023, 12, {"tax_revenue": 100})
    enter(zone, 2024, 3, {"tax_revenue": 50})
    enter(other_zone, 2024, 5, {"tax_revenue": 70})
    enter(other_zone, 2022, 11, {"tax_revenue": 70})
    with django_assert_num_queries(1):
        assert latest_month_with_data([zone.pk]) == (2024, 3)
    assert latest_month_with_data([zone.pk, other_zone.pk]) == (2024, 5)
    assert latest_month_with_data([zone.pk], 2023) == (2023, 12)
    assert latest_month_with_data([other_zone.pk], 2023) is None
    assert latest_month_with_data([]) is None
