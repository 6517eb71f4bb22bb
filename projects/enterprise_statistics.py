"""Record-based statistics of enterprises: counts, and tax and output by industry and park."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import Enterprise, EnterpriseFigure
from .statistics import ZERO


@dataclass(frozen=True)
class EnterpriseSummary:
    total: int
    above_scale: int
    listed: int
    foreign: int
    high_tech: int


def enterprise_summary(zone) -> EnterpriseSummary:
    """Enterprises in the zone now (moved-out ones excluded), one query."""
    counts = Enterprise.objects.filter(zone=zone).exclude(status=Enterprise.Status.MOVED_OUT).aggregate(
        total=Count("id"),
        above_scale=Count("id", filter=Q(is_above_scale=True)),
        listed=Count("id", filter=Q(is_listed=True)),
        foreign=Count("id", filter=Q(is_foreign=True)),
        high_tech=Count("id", filter=Q(is_high_tech=True)),
    )
    return EnterpriseSummary(**counts)


# --- tax and output by industry and park --------------------------------------------------------


@dataclass(frozen=True)
class FiguresGroup:
    """Enterprises of one industry (or park) with their summed tax and output, year to date."""

    group_id: int | None  # Industry or Park id; None for enterprises without one
    name: str  # "" when group_id is None
    enterprises: int
    tax: Decimal  # 万元
    output: Decimal  # 万元


def _latest_figures(zone, year: int, month: int):
    """Each enterprise's figures of its latest reported month of `year` up to `month`.

    The figures are year to date, so summing an enterprise's months would count them twice;
    an enterprise that has not reported the selected month yet counts with its latest month.
    """
    latest_month = (
        EnterpriseFigure.objects.filter(enterprise_id=OuterRef("enterprise_id"), year=year, month__lte=month)
        .order_by("-month")
        .values("month")[:1]
    )
    return EnterpriseFigure.objects.filter(enterprise__zone=zone, year=year, month=Subquery(latest_month))


def _figures_by(zone, year: int, month: int, relation: str) -> list[FiguresGroup]:
    rows = (
        _latest_figures(zone, year, month)
        .values(f"enterprise__{relation}_id", f"enterprise__{relation}__name")
        .annotate(n=Count("enterprise_id"), tax=Coalesce(Sum("tax_ytd"), ZERO), output=Coalesce(Sum("output_ytd"), ZERO))
        .order_by()
    )
    groups = [
        FiguresGroup(row[f"enterprise__{relation}_id"], row[f"enterprise__{relation}__name"] or "", row["n"], row["tax"], row["output"])
        for row in rows
    ]
    # Largest taxpayer first; enterprises without an industry (park) last whatever they pay.
    groups.sort(key=lambda g: (g.group_id is None, -g.tax, -g.output, g.name))
    return groups


def figures_by_industry(zone, year: int, month: int) -> list[FiguresGroup]:
    """Tax and output (万元, year to date) of the zone's enterprises summed by industry, from
    each enterprise's latest figures of the year up to `month`. One query."""
    return _figures_by(zone, year, month, "industry")


def figures_by_park(zone, year: int, month: int) -> list[FiguresGroup]:
    """As figures_by_industry, summed by park. One query."""
    return _figures_by(zone, year, month, "park")
