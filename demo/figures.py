"""Demo figures modelled on the two seed reports, for `manage.py load_demo`.

XB follows seed 004 (figures through October, output through September), LJ seed 000
(figures through September). Earlier years are derived from the seed figures with a growth
rate and a common seasonal shape, so growth, trends and projections have something to show.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from audit.models import Channel
from core import clock
from zones.models import User

from indicators import provenance, statistics
from indicators.models import Indicator, MonthTransition, ZoneMonth
from indicators.services import ValueInput, save_values
from indicators.target_services import TargetInput, save_targets

# Share of the year's total reached in each month (sums to 1).
SEASONAL_SHARE = [Decimal(x) for x in ("0.05", "0.06", "0.08", "0.08", "0.09", "0.09", "0.08", "0.08", "0.09", "0.09", "0.10", "0.11")]
CUMULATIVE_SHARE = [sum(SEASONAL_SHARE[: m + 1]) for m in range(12)]

# zone: code -> (anchor month, anchor YTD in the indicator's unit, yearly growth used for earlier years, published yoy)
ANCHORS = {
    "XB": {
        "fixed_asset_investment": (10, "22.32", "0.08", None),
        "total_output": (9, "229.36", "0.12", None),
        "total_output_new_energy": (9, "205.87", "0.15", None),
        "tax_revenue": (10, "26362", "0.10", None),
        "tax_national": (10, "20136", "0.10", None),
        "tax_local": (10, "6226", "0.10", None),
        "tax_new_energy": (10, "10500", "0.18", None),
        "infrastructure_investment": (10, "14000", "0.05", None),
        "industrial_output": (9, "186.40", "0.11", None),
        "signed_projects": (10, "33", "0.10", None),
        "signed_amount": (10, "29.94", "0.06", None),
        "new_projects_started": (10, "33", "0.10", None),
        "safety_hazards_found": (10, "550", "0.00", None),
        "safety_hazards_rectified": (10, "523", "0.00", None),
    },
    "LJ": {
        "industrial_output": (9, "224.18", "0.07", None),
        "tax_revenue": (9, "254000", "0.06", None),
        "foreign_investment": (9, "1950.57", "0.1477", "14.77"),
        "fixed_asset_investment": (9, "48.60", "0.09", None),
        "general_budget_revenue": (9, "15.30", "0.05", None),
        "import_export": (9, "62.80", "0.04", None),
    },
}
STOCKS = {"LJ": {"enterprises_above_scale": 227, "listed_companies": 5}, "XB": {"enterprises_above_scale": 86, "listed_companies": 2}}
# No January figure is published for fixed-asset investment (PITFALLS.md).
NO_JANUARY = {"fixed_asset_investment"}

TARGETS = {
    "XB": {
        0: {"fixed_asset_investment": ("55", "亿元"), "total_output": ("260", "亿元"), "tax_revenue": ("3", "亿元"),
            "infrastructure_investment": ("1.6", "亿元"), "new_projects_started": ("35", "个"), "signed_projects": ("30", "个"),
            "signed_amount": ("30", "亿元"), "industrial_output": ("230", "亿元")},
        # Seed 004's 目标任务 for the next year.
        1: {"new_projects_started": ("30", "个"), "fixed_asset_investment": ("30", "亿元"), "total_output": ("250", "亿元"),
            "tax_revenue": ("4", "亿元"), "signed_projects": ("20", "个"), "signed_amount": ("25", "亿元"),
            "infrastructure_investment": ("3.5", "亿元")},
    },
    "LJ": {
        0: {"industrial_output": ("300", "亿元"), "tax_revenue": ("32", "亿元"), "foreign_investment": ("2500", "万美元"),
            "fixed_asset_investment": ("65", "亿元"), "general_budget_revenue": ("20", "亿元")},
        1: {"industrial_output": ("320", "亿元"), "tax_revenue": ("34", "亿元"), "foreign_investment": ("2800", "万美元"),
            "fixed_asset_investment": ("70", "亿元")},
    },
}
# The month through which each zone has reported this year, and how far review has got.
REPORTED_THROUGH = {"XB": 10, "LJ": 9}
APPROVED_THROUGH = {"XB": 9, "LJ": 8}


def _ytd_series(indicator: Indicator, anchor_month: int, anchor: Decimal, growth: Decimal, years_back: int, through: int):
    """YTD by month for a year `years_back` before the seed year, shaped by SEASONAL_SHARE."""
    full_year = anchor / CUMULATIVE_SHARE[anchor_month - 1] / (1 + growth) ** years_back
    series = {}
    for month in range(1, through + 1):
        if indicator.code in NO_JANUARY and month == 1:
            continue
        series[month] = statistics.quantize(full_year * CUMULATIVE_SHARE[month - 1], indicator.decimals)
    if years_back == 0:
        series[anchor_month] = anchor
    return series


def _value_inputs(zone, year: int, indicators: dict[str, Indicator]) -> list[ValueInput]:
    inputs = []
    through_this_year = REPORTED_THROUGH[zone.code]
    for code, (anchor_month, anchor, growth, published) in ANCHORS[zone.code].items():
        indicator = indicators[code]
        for years_back in (2, 1, 0):
            through = min(anchor_month, through_this_year) if years_back == 0 else 12
            series = _ytd_series(indicator, anchor_month, Decimal(anchor), Decimal(growth), years_back, through)
            for month, value in series.items():
                yoy = Decimal(published) if published and years_back == 0 and month == anchor_month else None
                inputs.append(ValueInput(zone=zone, indicator=indicator, year=year - years_back, month=month, value=value, published_yoy=yoy))
    for code, level in STOCKS.get(zone.code, {}).items():
        indicator = indicators[code]
        for years_back in (2, 1, 0):
            through = through_this_year if years_back == 0 else 12
            for month in range(1, through + 1):
                # Month-end counts that grow by a few enterprises a year.
                value = Decimal(level - years_back * (level // 30))
                inputs.append(ValueInput(zone=zone, indicator=indicator, year=year - years_back, month=month, value=value))
    return inputs


def _set_status(zone, year: int, month: int, status: str, reviewer) -> None:
    zone_month, _ = ZoneMonth.objects.get_or_create(zone=zone, year=year, month=month)
    if zone_month.status == status:
        return
    steps = [ZoneMonth.Status.SUBMITTED] if status == ZoneMonth.Status.SUBMITTED else [ZoneMonth.Status.SUBMITTED, status]
    # The figures are kept as the workflow keeps them, so the drafts find the approvals they rest on.
    figures = provenance.month_figures(zone.pk, year, month)
    for step in steps:
        if zone_month.status == step:
            continue
        MonthTransition.objects.create(
            zone_month=zone_month, from_status=zone_month.status, to_status=step, user=reviewer,
            version=zone_month.version, figures=figures, fingerprint=provenance.fingerprint(figures),
        )
        zone_month.status = step
    zone_month.save(update_fields=["status", "updated_at"])


@transaction.atomic
def load(zones: dict, year: int) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    admin = User.objects.filter(username="admin").first()
    reviewer = User.objects.filter(username="reviewer").first()
    for zone in zones.values():
        locked = set(
            ZoneMonth.objects.filter(zone=zone, status=ZoneMonth.Status.APPROVED).values_list("year", "month")
        )
        inputs = [i for i in _value_inputs(zone, year, indicators) if (i.year, i.month) not in locked]
        save_values(inputs, user=admin, channel=Channel.SYSTEM, confirm_warnings=True, today=clock.today())
        targets = [
            TargetInput(zone=zone, indicator=indicators[code], year=year + offset, value=Decimal(value), unit=unit)
            for offset, codes in TARGETS[zone.code].items()
            for code, (value, unit) in codes.items()
        ]
        save_targets(targets, user=admin, channel=Channel.SYSTEM)
        for y in (year - 2, year - 1):
            for month in range(1, 13):
                _set_status(zone, y, month, ZoneMonth.Status.APPROVED, reviewer)
        for month in range(1, REPORTED_THROUGH[zone.code] + 1):
            status = ZoneMonth.Status.APPROVED if month <= APPROVED_THROUGH[zone.code] else ZoneMonth.Status.SUBMITTED
            _set_status(zone, year, month, status, reviewer)


def demo_year(today: datetime.date | None = None) -> int:
    """The seed figures run to October: before November they belong to last year."""
    today = today or clock.today()
    return today.year if today.month > max(REPORTED_THROUGH.values()) else today.year - 1
