"""Record-based statistics of land: supply, idle land, mortgages, relocation, and the 亩均 figures
of the enterprises that hold it. The conventions are those of projects/statistics.py: a fixed
number of aggregate queries a zone, never one a record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from indicators.statistics import per_unit, ratio_percent

from .models import EnterpriseFigure, Mortgage, Parcel, RelocationCase, held_land
from .statistics import ZERO, period_end


def moved_percent(moved: int, total: int) -> Decimal | None:
    """Share of a relocation's enterprises or households moved out (搬迁腾空率)."""
    return ratio_percent(Decimal(moved), Decimal(total))


# --- supply, idle land, mortgages, relocation -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int
    area_mu: Decimal


@dataclass(frozen=True)
class LandSummary:
    supplied_count: int  # supplied in `year` up to `month`
    supplied_area_mu: Decimal
    idle_count: int
    idle_area_mu: Decimal
    idle_by_stage: list[StageCount]  # 调查 认定 督促开工 清收 处置完毕
    idle_candidates: int
    low_efficiency_count: int
    low_efficiency_area_mu: Decimal
    mortgage_count: int
    mortgage_amount: Decimal  # 万元 financed
    relocation_enterprises_total: int
    relocation_enterprises_moved: int
    relocation_households_total: int
    relocation_households_moved: int
    by_status: list[StageCount]  # 储备 已供应 已开工 已竣工

    @property
    def relocation_enterprises_percent(self) -> Decimal | None:
        return moved_percent(self.relocation_enterprises_moved, self.relocation_enterprises_total)


def idle_land_candidates(zone, today: datetime.date):
    """Supplied parcels not started a year after the contract's start date and not yet in
    idle-land disposal (闲置土地处置办法, 2012: 超过约定动工开发日期满一年未动工)."""
    try:
        cutoff = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - 1, day=28)
    return Parcel.objects.filter(
        zone=zone, status=Parcel.Status.SUPPLIED, idle_stage="", contract_start_on__lte=cutoff
    ).select_related("park", "holder")


def land_summary(zone, year: int, month: int) -> LandSummary:
    """Five queries: parcels by status/stage, candidates, mortgages, relocation, supply."""
    start, end = datetime.date(year, 1, 1), period_end(year, month)
    parcels = Parcel.objects.filter(zone=zone)
    supplied = parcels.filter(supplied_on__gte=start, supplied_on__lte=end).aggregate(
        n=Count("id"), area=Coalesce(Sum("area_mu"), ZERO)
    )
    groups = list(parcels.values("status", "idle_stage", "is_low_efficiency").annotate(n=Count("id"), area=Sum("area_mu")))

    def total(condition) -> tuple[int, Decimal]:
        chosen = [g for g in groups if condition(g)]
        return sum(g["n"] for g in chosen), sum((g["area"] for g in chosen), ZERO)

    idle_by_stage = [
        StageCount(stage, label, *total(lambda g, s=stage: g["idle_stage"] == s)) for stage, label in Parcel.IdleStage.choices
    ]
    by_status = [StageCount(status, label, *total(lambda g, s=status: g["status"] == s)) for status, label in Parcel.Status.choices]
    idle_count, idle_area = total(lambda g: g["idle_stage"] in Parcel.OPEN_IDLE_STAGES)
    low_count, low_area = total(lambda g: g["is_low_efficiency"])
    mortgages = Mortgage.objects.filter(parcel__zone=zone, registered_on__gte=start, registered_on__lte=end).aggregate(
        n=Count("id"), amount=Coalesce(Sum("amount"), ZERO)
    )
    relocation = RelocationCase.objects.filter(zone=zone).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=end), Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    ).aggregate(
        et=Coalesce(Sum("enterprises_total"), 0), em=Coalesce(Sum("enterprises_moved"), 0),
        ht=Coalesce(Sum("households_total"), 0), hm=Coalesce(Sum("households_moved"), 0),
    )
    return LandSummary(
        supplied_count=supplied["n"],
        supplied_area_mu=supplied["area"],
        idle_count=idle_count,
        idle_area_mu=idle_area,
        idle_by_stage=idle_by_stage,
        idle_candidates=idle_land_candidates(zone, end).count(),
        low_efficiency_count=low_count,
        low_efficiency_area_mu=low_area,
        mortgage_count=mortgages["n"],
        mortgage_amount=mortgages["amount"],
        relocation_enterprises_total=relocation["et"],
        relocation_enterprises_moved=relocation["em"],
        relocation_households_total=relocation["ht"],
        relocation_households_moved=relocation["hm"],
        by_status=by_status,
    )


# --- 亩均 ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LandEfficiency:
    enterprise_id: int
    name: str
    area_mu: Decimal
    tax: Decimal | None  # 万元, year to date
    output: Decimal | None  # 万元, year to date
    tax_per_mu: Decimal | None  # 万元/亩
    output_per_mu: Decimal | None  # 万元/亩


def land_efficiency(enterprise_id: int, name: str, area_mu: Decimal, tax: Decimal | None, output: Decimal | None) -> LandEfficiency:
    return LandEfficiency(
        enterprise_id=enterprise_id, name=name, area_mu=area_mu, tax=tax, output=output,
        tax_per_mu=per_unit(tax, area_mu), output_per_mu=per_unit(output, area_mu),
    )


def held_areas(zone, *fields):
    """The land (亩) each enterprise of `zone` holds, as rows of holder_id, `fields` and area: the
    one rule for an enterprise's land in 亩均 figures (held_land: every parcel but reserve land)."""
    return (Parcel.objects.filter(zone=zone, holder__isnull=False).filter(held_land())
            .values("holder_id", *fields).annotate(area=Sum("area_mu")).order_by())


def land_efficiency_ranking(zone, year: int, month: int) -> list[LandEfficiency]:
    """亩均税收 / 亩均产值 of each enterprise that holds land and reports tax or output, from
    its latest figures of the year up to `month`; least efficient (lowest 亩均税收) first,
    enterprises without a tax figure last. Two queries."""
    held = {row["holder_id"]: row for row in held_areas(zone, "holder__name")}
    latest: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    for enterprise_id, tax, output in (
        EnterpriseFigure.objects.filter(enterprise_id__in=list(held), year=year, month__lte=month)
        .order_by("enterprise_id", "month")
        .values_list("enterprise_id", "tax_ytd", "output_ytd")
    ):
        latest[enterprise_id] = (tax, output)  # later months overwrite earlier ones
    ranking = [
        land_efficiency(enterprise_id, held[enterprise_id]["holder__name"], held[enterprise_id]["area"], tax, output)
        for enterprise_id, (tax, output) in latest.items()
        if tax is not None or output is not None
    ]
    ranking.sort(key=lambda r: (r.tax_per_mu is None, r.tax_per_mu if r.tax_per_mu is not None else ZERO, r.name))
    return ranking
