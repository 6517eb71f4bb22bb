"""The zone comparison keeps each zone's part (its months with data, figures and table cells,
and its timeliness) under that zone's data version: after a write to one zone only that zone is read again, and the
ranking assembled from kept and fresh parts is the one computed from scratch."""

import re

import pytest
from django.core.cache import cache

from core.cache import remember_many
from dashboard import selectors, views

COMPARE = "/dashboard/compare/?year=2025&month=10"


@pytest.fixture
def two_zones(zone, other_zone, enter, set_target):
    for each, target, figure in [(zone, 55, "22.32"), (other_zone, 10, "2")]:
        set_target(each, 2025, "fixed_asset_investment", target)
        enter(each, 2025, 10, {"fixed_asset_investment": figure})
    return zone, other_zone


def rankings(html: str) -> str:
    return re.search(r'<div class="grid cols-2">.*</section>\s*</div>', html, re.S).group(0)


def timeliness(html: str) -> str:
    return re.search(r'<section class="card" id="timeliness-ranking">.*?</section>', html, re.S).group(0)


def order(html: str) -> list[str]:
    section = re.search(r'data-code="fixed_asset_investment">(.*?)</section>', html, re.S).group(1)
    return re.findall(r'data-zone="(\w+)"', section)


def test_a_write_to_one_zone_reads_that_zone_alone(two_zones, city_leader, client_for, enter, monkeypatch):
    zone, other_zone = two_zones
    client = client_for(city_leader)
    assert order(client.get(COMPARE).content.decode()) == ["HX", "LH"]  # 40.58% against 20%
    read = []
    figures, months, punctuality = selectors.comparison_figures, views.months_with_data, views.zone_timeliness
    monkeypatch.setattr(selectors, "comparison_figures", lambda ids, *a: read.append(("figures", list(ids))) or figures(ids, *a))
    monkeypatch.setattr(views, "months_with_data", lambda ids: read.append(("months", list(ids))) or months(ids))
    monkeypatch.setattr(views, "zone_timeliness", lambda ids, *a: read.append(("timeliness", list(ids))) or punctuality(ids, *a))
    enter(other_zone, 2025, 10, {"fixed_asset_investment": "9"})
    assert order(client.get(COMPARE).content.decode()) == ["LH", "HX"]  # 90% against 40.58%
    assert read == [("months", [other_zone.pk]), ("figures", [other_zone.pk]), ("timeliness", [other_zone.pk])]


def test_the_ranking_from_kept_parts_is_the_ranking_from_scratch(two_zones, city_leader, client_for, enter):
    zone, other_zone = two_zones
    client = client_for(city_leader)
    client.get(COMPARE)
    enter(zone, 2025, 10, {"fixed_asset_investment": "1"})
    page = client.get(COMPARE).content.decode()
    assembled = rankings(page)
    cache.clear()
    from_scratch = client.get(COMPARE).content.decode()
    assert rankings(from_scratch) == assembled and timeliness(from_scratch) == timeliness(page)
    assert order(assembled) == ["LH", "HX"]


def test_remember_many_computes_only_the_missing_parts():
    asked = []

    def compute(items):
        asked.append(sorted(items))
        return {item: item * 10 for item in items}

    assert remember_many("test", {1: ("one",), 2: ("two",)}, compute) == {1: 10, 2: 20}
    assert remember_many("test", {1: ("one",), 2: ("two",), 3: ("three",)}, compute) == {1: 10, 2: 20, 3: 30}
    assert remember_many("test", {2: ("two", "changed")}, compute) == {2: 20}
    assert asked == [[1, 2], [3], [2]]
