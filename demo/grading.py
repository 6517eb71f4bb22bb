"""A graded 亩均效益 evaluation for the demo zones: the year before the demo year final (so
firms have a grade history and D firms' parcels show as 低效用地 candidates), the demo year
in 公示 with one objection waiting. Inputs are generated around each firm's land and, where
the demo holds them, its monthly tax and output."""

import datetime
import random
from decimal import Decimal

from core import clock
from grading import services
from grading.examples import install_example
from grading.models import EnterpriseYear, Grading
from projects.models import Enterprise
from projects.batch import RecordInput
from projects.land_statistics import held_areas

SCHEMES = {"XB": "weighted", "LJ": "percentile"}
SYSTEM = {"user": None, "channel": "system"}


def _money(value: float) -> Decimal:
    return Decimal(str(round(max(value, 0.0), 2)))


def _inputs(zone, year: int, rng: random.Random, figures: bool) -> list[RecordInput]:
    """Plausible inputs for the zone's producing firms: 亩均税收 spread widely around 20 万元/亩,
    the other figures following from tax with noise. `figures`: tax and output are left to the
    monthly figures (services.fill_from_monthly_figures) for the firms that report them."""
    areas = {row["holder_id"]: float(row["area"]) for row in held_areas(zone)}
    stored = set(EnterpriseYear.objects.filter(enterprise__zone=zone, year=year).values_list("enterprise_id", flat=True))
    reporting = set(zone.enterprises.filter(figures__year=year).values_list("pk", flat=True)) if figures else set()
    inputs = []
    for index, firm in enumerate(Enterprise.objects.filter(zone=zone, status=Enterprise.Status.PRODUCING).order_by("pk")):
        if firm.pk in stored:
            continue
        land = areas.get(firm.pk)
        values = {"enterprise": firm, "year": year, "is_above_scale": firm.is_above_scale}
        if land is None:
            land = rng.uniform(4, 40)
            values.update(land_mu_override=_money(land), land_override_reason="租赁厂房，按租赁合同面积")
        tax = land * rng.lognormvariate(2.8, 0.8) * (1.0 if firm.is_above_scale else 0.4)
        value_added = tax * rng.uniform(3, 6)
        revenue = value_added * rng.uniform(3, 5)
        values.update(
            value_added=_money(value_added), revenue=_money(revenue), energy=_money(value_added / rng.uniform(1, 3.5)),
            electricity=_money(tax / rng.uniform(0.2, 0.9)), employees=max(5, int(value_added / rng.uniform(12, 35))),
            rd=_money(revenue * rng.uniform(0, 0.05)),
            emissions={"COD": round(value_added / rng.uniform(600, 2500), 3), "NOx": round(value_added / rng.uniform(800, 3000), 3)},
        )
        if firm.pk not in reporting:
            values.update(tax=_money(tax), output=_money(revenue * rng.uniform(0.9, 1.1)))
        if index % 41 == 7:
            values["exemption"] = EnterpriseYear.Exemption.NEW
        inputs.append(RecordInput(None, values))
    return inputs


def _graded(zone, year: int, rng: random.Random, *, figures: bool) -> Grading:
    install_example(zone, year, SCHEMES[zone.code])
    services.save_enterprise_years(_inputs(zone, year, rng, figures), **SYSTEM)
    if figures:
        services.fill_from_monthly_figures(zone, year, **SYSTEM)
    return services.run_grading(zone, year, **SYSTEM)


def load(zones: dict, year: int) -> None:
    """Idempotent: a zone whose demo year is already graded is left as it is."""
    today = clock.today()
    for code, zone in zones.items():
        if Grading.objects.filter(zone=zone, year=year).exists():
            continue
        rng = random.Random(f"grading-{code}")
        last = Grading.objects.filter(zone=zone, year=year - 1).first() or _graded(zone, year - 1, rng, figures=False)
        if last.status == Grading.Status.DRAFT:
            services.publish(last, today, **SYSTEM)
        if last.status == Grading.Status.PUBLISHED:
            services.finalise(last, **SYSTEM)
        current = _graded(zone, year, rng, figures=True)
        services.publish(current, today + datetime.timedelta(days=7), **SYSTEM)
        disputed = current.results.filter(grade="D").select_related("enterprise").first()
        if disputed is not None:
            services.record_objection(current, disputed.enterprise, received_on=today, claim="企业反映部分厂房已出租，用地面积应扣除出租部分",
                                      **SYSTEM)
