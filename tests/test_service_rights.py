"""Edit rights are checked by the services that write, whatever the channel: called directly,
each refuses a user who may not act on the zone, before writing anything."""

import datetime
from decimal import Decimal

import pytest

from audit.models import ChangeRecord
from dataio.registry import get_kind
from dataio.services import run_import
from indicators import services, workflow
from indicators.models import AnnualTarget, MonthlyValue, MonthTransition, ZoneMonth
from reports import services as narrative
from reports.models import OPENING, NarrativeItem, NarrativeSection
from zones.access import RightsRefused
from zones.models import ZoneDataVersion

YEAR, MONTH = 2024, 10
TODAY = datetime.date(2100, 1, 1)
WRITTEN = [MonthlyValue, AnnualTarget, ZoneMonth, MonthTransition, NarrativeSection, NarrativeItem, ChangeRecord]
REFUSED = ["outsider", "leader", "reviewer", "city_leader"]


def written():
    """Rows of every table a zone write touches, and the zones' data versions."""
    return {model.__name__: model.objects.count() for model in WRITTEN} | {
        "versions": sorted(ZoneDataVersion.objects.values_list("zone_id", "version"))
    }


def value_inputs(zone, indicators, figures):
    return [
        services.ValueInput(zone, indicators[code], YEAR, MONTH, Decimal(value)) for code, value in figures.items()
    ]


def save_values(user, inputs):
    return services.save_values(inputs, user=user, channel="form", confirm_warnings=True, today=TODAY)


def save_targets(user, zone, indicators, value="100"):
    inputs = [services.TargetInput(zone, indicators["tax_revenue"], YEAR, Decimal(value))]
    return services.save_targets(inputs, user=user, channel="form")


# --- enterprise, project and land records ----------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED)
def test_records_are_refused_through_the_same_rule(request, zone, other_zone, role):
    from projects import services as records

    before = written()
    with pytest.raises(RightsRefused):
        records.save_industry(None, {"zone": zone, "name": "新材料", "order": 1}, user=request.getfixturevalue(role), channel="form")
    assert written() == before and not zone.industries.exists()
