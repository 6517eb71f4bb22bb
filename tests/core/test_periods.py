"""One rule for the period a page shows when none is asked, and for the years that exist."""

import datetime

import pytest
from django.utils import timezone

from core.periods import default_period, previous_month, year_in_query


def test_the_default_period_is_the_last_finished_month():
    assert default_period(datetime.date(2026, 1, 15)) == (2025, 12)
    assert default_period(datetime.date(2026, 11, 1)) == (2026, 10)
    assert previous_month(2026, 1) == (2025, 12) and previous_month(2026, 7) == (2026, 6)


@pytest.mark.parametrize("value, expected", [("2024", 2024), ("abc", 2026), ("", 2026), (None, 2026), ("1999", 2026),
                                             ("2101", 2026), ("-2024", 2026), ("２０２４", 2024)])
def test_a_year_in_a_query_string_is_a_known_year_or_the_default(value, expected):
    assert year_in_query(value, 2026) == expected


@pytest.fixture
def in_january(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 1, 15))


def test_entry_and_dashboard_open_on_the_same_default_month(in_january, zone, staff, client_for):
    client = client_for(staff)
    picker = client.get("/entry/").context["form"]
    assert picker.initial["month"] == datetime.date(2025, 12, 1)
    dashboard = client.get("/dashboard/").context
    assert (dashboard["year"], dashboard["month"]) == (2025, 12)


@pytest.mark.parametrize("path", ["/entry/XB/0/1/", "/entry/XB/1999/1/", "/entry/XB/2101/1/", "/entry/XB/99999/1/",
                                  "/entry/XB/2025/0/", "/entry/XB/2025/13/", "/entry/XB/2025/99999/", "/targets/XB/2500/"])
def test_unknown_years_and_months_are_no_address(path):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(path)


def test_known_periods_resolve_to_numbers():
    from django.urls import resolve

    assert resolve("/entry/XB/2025/09/").kwargs == {"zone": "XB", "year": 2025, "month": 9}
