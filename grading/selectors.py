"""Reads of the evaluation for its pages, the dashboard, land candidates and the report, each a
fixed number of queries whatever the zone's size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q
from django.http import Http404

from projects.models import Parcel, held_land
from zones.models import Action

from . import scoring
from .models import EnterpriseYear, GradeResult, Grading, Objection, Scheme, SchemeIndicator
from .services import scheme_rules

GRADE_ORDER = ["A", "B", "C", "D", scoring.UNDETERMINED]
LABELS = dict(SchemeIndicator.Code.choices)


def grading_for(user, zone, year: int) -> Grading | None:
    return Grading.objects.for_user(user, Action.VIEW).filter(zone=zone, year=year).select_related("scheme", "zone").first()


def scheme_for(zone, year: int) -> Scheme | None:
    return Scheme.objects.filter(zone=zone, year=year).prefetch_related("indicators").first()


def results(grading: Grading, filters: dict):
    """The grading's results with their firms, filtered by grade, scale, industry, park or name."""
    queryset = grading.results.select_related("enterprise", "enterprise__industry", "enterprise__park")
    if filters.get("grade"):
        queryset = queryset.filter(grade=filters["grade"])
    if filters.get("scale") in ("above", "below"):
        queryset = queryset.filter(is_above_scale=filters["scale"] == "above")
    for name in ("industry", "park"):
        if filters.get(name) == "none":
            queryset = queryset.filter(**{f"enterprise__{name}__isnull": True})
        elif str(filters.get(name) or "").isdigit():
            queryset = queryset.filter(**{f"enterprise__{name}_id": int(filters[name])})
    if filters.get("q"):
        queryset = queryset.filter(Q(enterprise__name__icontains=filters["q"]) | Q(enterprise__credit_code__icontains=filters["q"]))
    return queryset.order_by("-is_above_scale", "rank", "enterprise__name")


def previous_grades(grading: Grading, results) -> dict[int, str]:
    """The grade each firm of `results` had in the zone's final evaluation of the year before (one query)."""
    return dict(GradeResult.objects.filter(
        grading__zone_id=grading.zone_id, grading__year=grading.year - 1, grading__status=Grading.Status.FINAL,
        enterprise_id__in=[r.enterprise_id for r in results],
    ).values_list("enterprise_id", "grade"))


def grade_counts(grading: Grading) -> dict[str, int]:
    counted = dict(grading.results.values_list("grade").annotate(n=Count("id")).order_by())
    return {grade: counted.get(grade, 0) for grade in GRADE_ORDER}


def inputs(zone, year: int):
    return EnterpriseYear.objects.filter(enterprise__zone=zone, year=year).select_related("enterprise").order_by("enterprise__name")


def objections(grading: Grading):
    return grading.objections.select_related("enterprise").defer("evidence")


def objection_for(user, pk: int, action: str = Action.VIEW) -> Objection:
    objection = Objection.objects.for_user(user, action).select_related("grading__zone", "enterprise").filter(pk=pk).first()
    if objection is None:
        raise Http404("no such objection")
    return objection


@dataclass(frozen=True)
class Distribution:
    group_id: int | None
    name: str
    counts: dict[str, int]  # by grade, GRADE_ORDER

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def distribution(grading: Grading, relation: str) -> list[Distribution]:
    """The grading's firms by `relation` ("industry" or "park") and grade: one query."""
    groups: dict = {}
    rows = (grading.results.values(f"enterprise__{relation}_id", f"enterprise__{relation}__name", "grade")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        key = row[f"enterprise__{relation}_id"]
        name = row[f"enterprise__{relation}__name"] or ""
        groups.setdefault(key, (name, dict.fromkeys(GRADE_ORDER, 0)))[1][row["grade"]] = row["n"]
    found = [Distribution(key, name, counts) for key, (name, counts) in groups.items()]
    found.sort(key=lambda d: (d.group_id is None, -d.total, d.name))
    return found


@dataclass(frozen=True)
class YearGrade:
    year: int
    status: str
    result: GradeResult


@dataclass(frozen=True)
class Need:
    label: str
    current: Decimal | None
    value: Decimal | None  # None: this indicator alone cannot lift the firm (its cap)
    grade: str


def enterprise_grades(user, enterprise) -> tuple[list[YearGrade], list[Need]]:
    """The firm's grade each year it was evaluated (newest first), and what it would take, in
    its latest evaluation, to reach the next grade up (four queries)."""
    found = list(GradeResult.objects.for_user(user, Action.VIEW).filter(enterprise=enterprise)
                 .select_related("grading__scheme").order_by("-grading__year"))
    history = [YearGrade(r.grading.year, r.grading.get_status_display(), r) for r in found]
    if not found or found[0].grade not in ("B", "C", "D"):
        return history, []
    latest = found[0]
    scheme = Scheme.objects.prefetch_related("indicators").get(pk=latest.grading.scheme_id)
    rules = scheme_rules(scheme)
    scale = scoring.ABOVE if latest.is_above_scale else scoring.BELOW
    bounds = {(scale, grade): cut for grade, cut in zip(scoring.GRADES[:3], rules.cuts)} if rules.method == "threshold" else {
        (scale, row["grade"]): row["low"]
        for row in latest.grading.results.filter(is_above_scale=latest.is_above_scale, grade__in=["A", "B", "C"])
        .values("grade").annotate(low=Min("total")).order_by()
    }
    needs = scoring.what_it_would_take(latest.total, latest.grade, scale, latest.breakdown, rules, bounds)
    return history, [Need(LABELS.get(n["code"], n["code"]), _decimal(n["current"]), _decimal(n["value"]), n["grade"]) for n in needs]


def _decimal(value):
    return None if value is None else Decimal(str(round(value, 4)))


def low_efficiency_candidates(zone):
    """Parcels held by firms graded D in the zone's latest final evaluation and not yet marked
    低效用地: candidates for the 低效用地 list (held land, as in 亩均 figures). One query."""
    latest = Grading.objects.filter(zone=zone, status=Grading.Status.FINAL).order_by("-year").first()
    if latest is None:
        return Parcel.objects.none(), None
    d_firms = latest.results.filter(grade="D").values("enterprise_id")
    parcels = (Parcel.objects.filter(zone=zone, holder_id__in=d_firms, is_low_efficiency=False).filter(held_land())
               .select_related("park", "holder").order_by("holder__name", "code"))
    return parcels, latest


def grade_sentence(zone, year: int) -> str:
    """"全区参评企业N家，其中A类x家、B类y家…" from the zone's evaluation of `year` ("" if none).
    Firms of 不定等级 are not 参评; the sentence says when the list is not final yet."""
    grading = Grading.objects.filter(zone=zone, year=year).first()
    if grading is None:
        return ""
    counts = grade_counts(grading)
    graded = sum(counts[g] for g in scoring.GRADES)
    if not graded:
        return ""
    parts = "、".join(f"{grade}类{counts[grade]}家" for grade in scoring.GRADES)
    sentence = f"{year}年度亩均效益综合评价全区参评企业{graded}家，其中{parts}"
    if not grading.is_final:
        sentence += "（评价结果尚未定稿）"
    return sentence
