"""Enterprise, project and land records for generate_bench_data (projects.models).

Enterprises carry monthly YTD tax and output (the large table: enterprises × months); projects
move through their stages with dated milestones, yearly plans and monthly investment; parcels
are supplied, started and completed in order, a few of them idle.
"""

import datetime
from decimal import Decimal

from projects.models import Enterprise, EnterpriseFigure, Industry, Parcel, Project, ProjectProgress, ProjectYear
from projects.validators import credit_code_check_character
from zones.models import Park

INDUSTRIES = ["新能源", "装备制造", "现代医药", "电子信息", "新材料"]
PROJECTS_PER_ZONE = 40
PARCELS_PER_ZONE = 60
Q2 = Decimal("0.01")


def generate(command, zones, enterprise_count):
    rnd, writer, years = command.random, command.writer, command.years
    parks = {}
    for park in Park.objects.filter(zone__in=zones).order_by("pk"):
        parks.setdefault(park.zone_id, []).append(park.pk)
    Industry.objects.bulk_create([Industry(zone=z, name=n, order=i) for z in zones for i, n in enumerate(INDUSTRIES)])
    industries = {}
    for industry in Industry.objects.filter(zone__in=zones).order_by("pk"):
        industries.setdefault(industry.zone_id, []).append(industry.pk)
    writer.counts["projects.Industry"] = len(zones) * len(INDUSTRIES)

    # Enterprises, spread over the zones by zone size.
    total_scale = sum(command.scale[z.pk] for z in zones)
    share = {z.pk: max(1, round(enterprise_count * command.scale[z.pk] / total_scale)) for z in zones}
    share[zones[0].pk] += enterprise_count - sum(share.values())

    def enterprises():
        n = 0
        for zone in zones:
            for _ in range(max(share[zone.pk], 0)):
                n += 1
                first17 = f"91{n:015d}"
                yield {
                    "zone_id": zone.pk, "park_id": rnd.choice(parks[zone.pk]), "name": f"基准企业{n:06d}有限公司",
                    "credit_code": first17 + credit_code_check_character(first17),
                    "industry_id": rnd.choice(industries[zone.pk]), "is_above_scale": rnd.random() < 0.3,
                    "is_listed": rnd.random() < 0.02, "is_foreign": rnd.random() < 0.08, "is_high_tech": rnd.random() < 0.15,
                    "status": Enterprise.Status.PRODUCING,
                }

    writer.insert(Enterprise, enterprises())
    enterprise_ids = list(Enterprise.objects.filter(zone__in=zones).values_list("pk", "zone_id"))

    def figures():
        for pk, _zone_id in enterprise_ids:
            tax = rnd.lognormvariate(4, 1.2)  # 万元 a year: most small, a few very large
            output = tax * rnd.uniform(8, 30)
            growth = rnd.gauss(0.06, 0.08)
            for n, year in enumerate(years):
                factor = (1 + growth) ** n
                tax_ytd = output_ytd = Decimal(0)
                for month in command._months_of(year):
                    season = Decimal(repr(SEASON[month - 1]))
                    tax_ytd += (Decimal(repr(tax * factor)) * season).quantize(Q2)
                    output_ytd += (Decimal(repr(output * factor)) * season).quantize(Q2)
                    yield {"enterprise_id": pk, "year": year, "month": month, "tax_ytd": tax_ytd, "output_ytd": output_ytd}

    writer.insert(EnterpriseFigure, figures())
    _projects(command, zones, parks, industries, enterprise_ids)
    _parcels(command, zones, parks, enterprise_ids)


# Share of a year's flow in each month: Spring Festival in Jan/Feb, the year-end push in December.
SEASON = [0.055, 0.050, 0.080, 0.080, 0.085, 0.090, 0.082, 0.082, 0.088, 0.085, 0.090, 0.133]


def _projects(command, zones, parks, industries, enterprise_ids):
    rnd, writer, years, last = command.random, command.writer, command.years, command.last
    by_zone = {}
    for pk, zone_id in enterprise_ids:
        by_zone.setdefault(zone_id, []).append(pk)
    stages = [Project.Stage.SIGNED, Project.Stage.STARTED, Project.Stage.COMPLETED, Project.Stage.PRODUCING]

    def projects():
        for zone in zones:
            for n in range(PROJECTS_PER_ZONE):
                conceived = datetime.date(rnd.choice(years), rnd.randint(1, 12), 1)
                if conceived > last:
                    conceived = last.replace(day=1)
                stage = rnd.choice(stages)
                dates = {"conceived_on": conceived, "negotiating_on": conceived + datetime.timedelta(days=30),
                         "signed_on": conceived + datetime.timedelta(days=60)}
                if stage != Project.Stage.SIGNED:
                    dates["started_on"] = conceived + datetime.timedelta(days=120)
                if stage in (Project.Stage.COMPLETED, Project.Stage.PRODUCING):
                    dates["completed_on"] = conceived + datetime.timedelta(days=600)
                if stage == Project.Stage.PRODUCING:
                    dates["producing_on"] = conceived + datetime.timedelta(days=700)
                total = Decimal(round(rnd.lognormvariate(10, 0.8)))  # 万元
                yield {
                    "zone_id": zone.pk, "park_id": rnd.choice(parks[zone.pk]), "name": f"基准项目{zone.code}-{n:03d}",
                    "enterprise_id": rnd.choice(by_zone[zone.pk]) if by_zone.get(zone.pk) else None,
                    "industry_id": rnd.choice(industries[zone.pk]), "is_key": n % 4 == 0,
                    "level": Project.Level.CITY if n % 4 == 0 else "", "stage": stage,
                    "signed_amount": total, "total_investment": total, **dates,
                }

    writer.insert(Project, projects())
    plans, progress = [], []
    for project in Project.objects.filter(zone__in=zones).values("pk", "started_on", "completed_on", "total_investment"):
        if not project["started_on"]:
            continue
        end = project["completed_on"] or last
        months = []
        day = project["started_on"].replace(day=1)
        while day <= min(end, last):
            months.append((day.year, day.month))
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        if not months:
            continue
        per_month = (project["total_investment"] / len(months)).quantize(Q2)
        for year in sorted({y for y, _ in months}):
            plans.append({"project_id": project["pk"], "year": year,
                          "planned_investment": per_month * sum(1 for y, _ in months if y == year)})
        for year, month in months:
            progress.append({"project_id": project["pk"], "year": year, "month": month,
                             "investment": (per_month * Decimal(repr(rnd.uniform(0.7, 1.3)))).quantize(Q2),
                             "physical_progress": "主体施工"})
    writer.insert(ProjectYear, plans)
    writer.insert(ProjectProgress, progress)


def _parcels(command, zones, parks, enterprise_ids):
    rnd, writer, years = command.random, command.writer, command.years
    by_zone = {}
    for pk, zone_id in enterprise_ids:
        by_zone.setdefault(zone_id, []).append(pk)

    def parcels():
        for zone in zones:
            for n in range(PARCELS_PER_ZONE):
                status = rnd.choice(list(Parcel.Status))
                supplied = datetime.date(rnd.choice(years[:-1] or years), rnd.randint(1, 12), 1)
                row = {"zone_id": zone.pk, "park_id": rnd.choice(parks[zone.pk]), "code": f"{zone.code}-{n:04d}",
                       "area_mu": Decimal(repr(round(rnd.uniform(10, 300), 2))), "use": Parcel.Use.INDUSTRIAL,
                       "status": status}
                if status != Parcel.Status.RESERVE:
                    row.update(supplied_on=supplied, supply_method=Parcel.SupplyMethod.LISTING,
                               price=Decimal(round(rnd.uniform(500, 20000))),
                               contract_start_on=supplied + datetime.timedelta(days=180),
                               holder_id=rnd.choice(by_zone[zone.pk]) if by_zone.get(zone.pk) else None)
                    if status == Parcel.Status.SUPPLIED and rnd.random() < 0.3:
                        row["idle_stage"] = Parcel.IdleStage.INVESTIGATION
                if status in (Parcel.Status.STARTED, Parcel.Status.COMPLETED):
                    row["started_on"] = supplied + datetime.timedelta(days=200)
                if status == Parcel.Status.COMPLETED:
                    row["completed_on"] = supplied + datetime.timedelta(days=700)
                yield row

    writer.insert(Parcel, parcels())
