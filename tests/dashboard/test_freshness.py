"""Freshness is said, not implied: each service that changes what a dashboard shows raises its
zone's data version once at its end (zones.services.mark_changed); writing history alone does not."""

import datetime

import pytest

from audit.services import change_records, record_changes, save_change_records, save_history
from grading import services as grading
from grading.models import Scheme, SchemeIndicator
from projects.models import Enterprise
from tests import factories


def test_history_alone_leaves_the_data_version(zone, versions):
    firm = factories.save_enterprise(None, {"zone": zone, "name": "企业1"})
    before = versions(zone)
    save_history(Enterprise, [(firm.pk, zone.pk, firm.name, {"name": ("旧名", firm.name)})], user=None, channel="form")
    save_change_records(change_records(firm, {"name": ("旧名", firm.name)}, user=None, channel="form", zone=zone))
    record_changes(firm, {"name": ("旧名", firm.name)}, user=None, channel="form", zone=zone)
    assert versions(zone) == before


def _grading(zone, staff):
    firm = Enterprise.objects.get(zone=zone)
    grading.save_enterprise_year(firm, 2025, {"is_above_scale": True, "tax": 5}, user=staff, channel="form")
    scheme = Scheme.objects.create(zone=zone, year=2025, name="办法", method=Scheme.Method.PERCENTILE, band_a=20, band_b=40, band_c=20)
    SchemeIndicator.objects.create(scheme=scheme, scale="above", code="tax_per_mu", weight=100, benchmark=5, cap_multiple=3)
    return grading.run_grading(zone, 2025, user=staff, channel="form")


@pytest.mark.parametrize("write", [
    lambda zone, staff, reviewer, enter, set_target: enter(zone, 2025, 10, {"fixed_asset_investment": "5"}, user=staff),
    lambda zone, staff, reviewer, enter, set_target: set_target(zone, 2025, "fixed_asset_investment", 55),
    lambda zone, staff, reviewer, enter, set_target: factories.save_project(
        None, {"zone": zone, "name": "项目", "conceived_on": datetime.date(2025, 3, 1)}, user=staff),
    lambda zone, staff, reviewer, enter, set_target: _grading(zone, staff),
], ids=["values", "targets", "records", "grading"])
def test_each_write_service_raises_its_zones_data_version(write, zone, other_zone, staff, reviewer, enter, set_target, versions):
    factories.save_enterprise(None, {"zone": zone, "name": "企业1", "is_above_scale": True})
    (_zone, before), (_other, other_before) = versions(zone, other_zone)
    write(zone, staff, reviewer, enter, set_target)
    (_zone, after), (_other, other_after) = versions(zone, other_zone)
    assert after != before and other_after == other_before


def test_publishing_and_finalising_a_grading_raise_its_zones_data_version(zone, staff, reviewer, versions):
    factories.save_enterprise(None, {"zone": zone, "name": "企业1", "is_above_scale": True})
    run = _grading(zone, staff)
    seen = [versions(zone)]
    grading.publish(run, datetime.date(2100, 1, 1), user=reviewer, channel="form")
    seen.append(versions(zone))
    grading.finalise(run, user=reviewer, channel="form")
    seen.append(versions(zone))
    assert len(set(seen)) == 3


def test_a_write_that_changes_nothing_keeps_the_data_version(zone, staff, enter, set_target, versions):
    enter(zone, 2025, 10, {"fixed_asset_investment": "5"}, user=staff)
    set_target(zone, 2025, "fixed_asset_investment", 55)
    before = versions(zone)
    enter(zone, 2025, 10, {"fixed_asset_investment": "5"}, user=staff)
    set_target(zone, 2025, "fixed_asset_investment", 55)
    assert versions(zone) == before
