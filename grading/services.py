"""Writes of the 亩均效益 evaluation: inputs, scoring runs, 公示, objections, 定稿.

Each is one function under transaction.atomic that checks rights (zones.access.require_rights),
refuses a write once the zone's year is final, and leaves history with its channel. The inputs
have one write path, save_enterprise_years (the form's single save is one input of it).
Entering inputs is 填报 (EDIT), as are running the scoring and recording objections and their
decisions; publishing and 定稿 are 审核 (REVIEW).
Any input or decision saved while the year is open reruns the scoring, so the draft or
published list always follows the inputs.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import save_history, save_with_history
from core import clock
from core.locking import is_stale
from projects.batch import RecordInput, write_batch
from projects.land_statistics import held_areas
from projects.models import Enterprise, EnterpriseFigure
from projects.services import StaleRecord, period_rule
from zones.access import require_rights
from zones.models import Action
from zones.services import mark_changed

from . import scoring
from .models import EnterpriseYear, GradeResult, Grading, Objection, Scheme

EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".zip"}
FIGURE_FIELDS = {"tax": "tax_ytd", "output": "output_ytd"}


def evidence_max_bytes() -> int:
    return getattr(settings, "GRADING_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)


class YearLocked(ValidationError):
    def __init__(self, zone, year):
        super().__init__(_("%(zone)s%(year)s年亩均效益评价已定稿，不能再修改") % {"zone": zone.name, "year": year}, code="locked")


def grading_of(zone, year: int) -> Grading | None:
    return Grading.objects.filter(zone=zone, year=year).select_related("scheme", "zone").first()


def require_open(zone, year: int) -> None:
    if Grading.objects.filter(zone=zone, year=year, status=Grading.Status.FINAL).exists():
        raise YearLocked(zone, year)


# --- inputs --------------------------------------------------------------------------------------

_EMISSION_ITEM = re.compile(r"^\s*([^=:：＝]+?)\s*[=:：＝]\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def parse_emissions(text: str) -> dict[str, float]:
    """"COD=1.2；NOx=0.5" -> {"COD": 1.2, "NOx": 0.5}; ValidationError naming the bad part."""
    emissions = {}
    for part in re.split(r"[;；,，\n]+", text or ""):
        if not part.strip():
            continue
        match = _EMISSION_ITEM.match(part)
        if not match:
            raise ValidationError({"emissions": _("无法识别“%(part)s”：请写成“污染物=吨数”，如 COD=1.2") % {"part": part.strip()}})
        emissions[match.group(1)] = float(match.group(2))
    return emissions


def format_emissions(emissions: dict) -> str:
    return "；".join(f"{name}={format(Decimal(str(amount)).normalize(), 'f')}" for name, amount in (emissions or {}).items())


def enterprise_year_rules(stored: EnterpriseYear | None, values: dict) -> dict:
    """A year of the known range and not in the future (projects.services.period_rule, as every
    record with a period); a final year refuses every change; a row that changes nothing (an
    export read back) passes."""
    enterprise = values.get("enterprise") or stored.enterprise
    year = values.get("year") or stored.year
    period_rule(year)
    if stored is None or any(getattr(stored, name) != value for name, value in values.items()):
        require_open(enterprise.zone, year)
    if "land_override_reason" in values:
        values = {**values, "land_override_reason": values["land_override_reason"].strip()}
    return values


@transaction.atomic
def save_enterprise_year(enterprise: Enterprise, year: int, values: dict, *, user, channel, expected_version=None) -> EnterpriseYear:
    """An enterprise's inputs for `year`, created or changed (the form): one input of
    save_enterprise_years. `expected_version`: the version the form was loaded with; another
    one is refused with StaleRecord, which holds the stored values."""
    stored = EnterpriseYear.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    if is_stale(None if stored is None else stored.version, expected_version):
        raise StaleRecord(stored, values)
    if stored is None:
        values = {"enterprise": enterprise, "year": year, **values}
    result = save_enterprise_years([RecordInput(stored, values)], user=user, channel=channel)
    if not result.ok:
        errors = defaultdict(list)
        for _item, field, message in result.errors:
            errors[field or NON_FIELD_ERRORS].append(message)
        raise ValidationError(dict(errors))
    return EnterpriseYear.objects.get(enterprise=enterprise, year=year)


def _enterprise_of(item: RecordInput) -> Enterprise:
    return item.values.get("enterprise") or item.record.enterprise


@transaction.atomic
def save_enterprise_years(inputs: list[RecordInput], *, user, channel, apply: bool = True):
    """Enterprises' inputs (an import, the form, the monthly figures): all or none, then each
    open year they change rescored. A user who may not edit one of their zones is refused whole."""
    require_rights(user, Action.EDIT, {_enterprise_of(item).zone_id for item in inputs})
    result = write_batch(EnterpriseYear, inputs, enterprise_year_rules, user=user, channel=channel, apply=apply,
                          zone_of=lambda record: record.enterprise.zone_id)
    if result.applied:
        touched = {}
        for item, status in zip(inputs, result.statuses):
            if status == "unchanged":
                continue
            enterprise = _enterprise_of(item)
            touched[(enterprise.zone_id, item.values.get("year") or item.record.year)] = enterprise.zone
        for (_zone_id, year), zone in touched.items():
            rescore_if_open(zone, year, user=user, channel=channel)
    return result


def _latest_year_figures(zone, year: int) -> dict[int, dict]:
    """Each enterprise's figures of its latest reported month of `year` (they are 1-N月累计)."""
    latest = {}
    for enterprise_id, tax, output in (EnterpriseFigure.objects.filter(enterprise__zone=zone, year=year)
                                       .order_by("enterprise_id", "month").values_list("enterprise_id", "tax_ytd", "output_ytd")):
        latest[enterprise_id] = {"tax_ytd": tax, "output_ytd": output}  # later months overwrite earlier ones
    return latest


def fill_from_monthly_figures(zone, year: int, *, user, channel) -> int:
    """Tax and output of `year` from the enterprises' monthly figures (the latest month's 1-N月
    累计) into their inputs, where the inputs do not give them yet; creates the inputs of firms
    that have none. Returns the number of inputs written."""
    figures = _latest_year_figures(zone, year)
    stored = {row.enterprise_id: row for row in EnterpriseYear.objects.filter(enterprise__zone=zone, year=year)}
    enterprises = Enterprise.objects.in_bulk(list(figures))
    inputs = []
    for enterprise_id, monthly in figures.items():
        row = stored.get(enterprise_id)
        values = {field: monthly[source] for field, source in FIGURE_FIELDS.items()
                  if monthly[source] is not None and (row is None or getattr(row, field) is None)}
        if not values:
            continue
        if row is None:
            enterprise = enterprises[enterprise_id]
            values = {"enterprise": enterprise, "year": year, "is_above_scale": enterprise.is_above_scale, **values}
        inputs.append(RecordInput(row, values))
    result = save_enterprise_years(inputs, user=user, channel=channel)
    if not result.ok:
        raise ValidationError([message for _item, _field, message in result.errors])
    return len(inputs)


# --- scoring -------------------------------------------------------------------------------------


def scheme_rules(scheme: Scheme) -> scoring.SchemeRules:
    by_scale = defaultdict(list)
    for indicator in scheme.indicators.all():
        by_scale[indicator.scale].append(scoring.IndicatorRule(indicator.code, indicator.weight, indicator.benchmark,
                                                               indicator.cap_multiple))
    if scheme.method == Scheme.Method.PERCENTILE:
        cuts = (scheme.band_a, scheme.band_b, scheme.band_c)
    else:
        cuts = (scheme.score_a, scheme.score_b, scheme.score_c)
    return scoring.SchemeRules(scheme.method, cuts, dict(by_scale), scheme.min_land_mu)


AMOUNTS = [name for name in scoring.INPUTS if name not in ("land_mu", "emission")]
FRAME_COLUMNS = ["enterprise_id", "scale", "too_new", "excluded", *scoring.INPUTS]


def _emission(emissions: dict, names: list[str]) -> Decimal | None:
    """The scheme's pollutants added up; None when the scheme counts none or the firm does not give one."""
    if not names or any(emissions.get(name) is None for name in names):
        return None
    return sum(scoring.decimal_or_none(emissions[name]) for name in names)


def input_frame(zone, year: int, scheme: Scheme) -> pd.DataFrame:
    """The zone's inputs of `year` as scoring reads them, Decimals (None: not given): two queries
    (inputs, land held). Land is the override where one is given, else the land the firm holds
    (projects.land_statistics)."""
    areas = {row["holder_id"]: row["area"] for row in held_areas(zone)}
    names = scheme.emission_list
    firms = []
    for enterprise_id, above, exemption, land, emissions, *amounts in (
        EnterpriseYear.objects.filter(enterprise__zone=zone, year=year)
        .values_list("enterprise_id", "is_above_scale", "exemption", "land_mu_override", "emissions", *AMOUNTS)
    ):
        firms.append({
            "enterprise_id": enterprise_id, "scale": scoring.ABOVE if above else scoring.BELOW,
            "too_new": exemption == EnterpriseYear.Exemption.NEW, "excluded": exemption == EnterpriseYear.Exemption.OUTSIDE,
            "land_mu": areas.get(enterprise_id) if land is None else land, "emission": _emission(emissions, names),
            **{name: scoring.decimal_or_none(amount) for name, amount in zip(AMOUNTS, amounts)},
        })
    return pd.DataFrame(firms, columns=FRAME_COLUMNS)


def _previous_grades(zone, year: int) -> dict[int, dict[int, str]]:
    """{enterprise: {year: grade}} of the zone's final evaluations before `year` (one query)."""
    grades = defaultdict(dict)
    for enterprise_id, result_year, grade in GradeResult.objects.filter(
        grading__zone=zone, grading__year__lt=year, grading__status=Grading.Status.FINAL,
    ).values_list("enterprise_id", "grading__year", "grade"):
        grades[enterprise_id][result_year] = grade
    return grades


def _rounded(value, places: int):
    """A figure rounded half up to `places`; None stays None."""
    value = scoring.decimal_or_none(value)
    return None if value is None else value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _breakdown(row: dict, columns: list[str]) -> dict:
    """A firm's {value_<code>, score_<code>} to six places, as JSON numbers."""
    return {name: None if row[name] is None else float(_rounded(row[name], 6)) for name in columns}


def _results(grading: Grading, frame: pd.DataFrame, scored: pd.DataFrame, previous: dict) -> list[GradeResult]:
    """The scored firms as unsaved results; a D firm's run of D years counts the final years before."""
    breakdown_columns = [c for c in scored.columns if c.startswith(("value_", "score_"))]
    results = []
    for row, land in zip(scored.to_dict("records"), frame["land_mu"]):
        grade, rank, enterprise_id = row["grade"], row["rank"], row["enterprise_id"]
        run = scoring.consecutive_d({**previous.get(enterprise_id, {}), grading.year: grade}, grading.year) if grade == "D" else 0
        results.append(GradeResult(
            grading=grading, enterprise_id=enterprise_id, is_above_scale=row["scale"] == scoring.ABOVE,
            land_mu=_rounded(land, 2), total=row["total"], grade=grade, reason=row["reason"],
            rank=None if pd.isna(rank) else int(rank), group_size=int(row["group_size"]),
            breakdown=_breakdown(row, breakdown_columns), consecutive_d=run,
        ))
    return results


@transaction.atomic
def run_grading(zone, year: int, *, user, channel) -> Grading:
    """Score the zone's year by its scheme and replace the results: while it is a draft. Once
    published (公示), only an objection's decision rescores it (decide_objection); once final, nothing."""
    return _score(zone, year, user=user, channel=channel, by_objection=False)


def _score(zone, year: int, *, user, channel, by_objection: bool) -> Grading:
    """Each firm whose grade changes gets a history row on its enterprise record."""
    require_rights(user, Action.EDIT, [zone.pk])
    scheme = Scheme.objects.filter(zone=zone, year=year).prefetch_related("indicators").first()
    if scheme is None:
        raise ValidationError(_("%(zone)s尚未制定%(year)s年的评价办法，请管理员先在后台录入") % {"zone": zone.name, "year": year})
    grading = Grading.objects.select_for_update().filter(zone=zone, year=year).first()
    if grading is not None and grading.is_final:
        raise YearLocked(zone, year)
    if grading is not None and grading.status == Grading.Status.PUBLISHED and not by_objection:
        raise ValidationError(_("%(zone)s%(year)s年评价结果已公示，只能通过处理异议重新评分") % {"zone": zone.name, "year": year},
                              code="published")
    if grading is None:
        grading, _changes = save_with_history(Grading, None, {"zone": zone, "year": year, "scheme": scheme}, user=user,
                                              channel=channel, zone_of=lambda row: zone)
    frame = input_frame(zone, year, scheme)
    scored = scoring.score_frame(frame, scheme_rules(scheme))
    old = dict(GradeResult.objects.filter(grading=grading).values_list("enterprise_id", "grade"))
    GradeResult.objects.filter(grading=grading).delete()
    results = _results(grading, frame, scored, _previous_grades(zone, year))
    GradeResult.objects.bulk_create(results, batch_size=2000)
    field = f"{year}年亩均评价等级"  # stored history text, not translated
    save_history(Enterprise, [(r.enterprise_id, zone.pk, "", {field: (old.get(r.enterprise_id, ""), r.grade)})
                              for r in results if old.get(r.enterprise_id) != r.grade], user=user, channel=channel)
    values = {"scheme": scheme, "runs": grading.runs + 1, "scored_at": timezone.now()}
    grading = save_with_history(Grading, grading, values, user=user, channel=channel, zone_of=lambda row: zone)[0]
    mark_changed([zone.pk])  # the dashboard shows the grades
    return grading


def rescore_if_open(zone, year: int, *, user, channel) -> None:
    """Rerun a draft scoring of the zone's year after its inputs changed (none yet, or published:
    nothing to do; during 公示 the objection's decision rescores)."""
    if Grading.objects.filter(zone=zone, year=year, status=Grading.Status.DRAFT).exists():
        run_grading(zone, year, user=user, channel=channel)


# --- publication, objections, 定稿 -----------------------------------------------------------------


def _move(grading: Grading, values: dict, *, user, channel) -> Grading:
    """A change of the grading's state, with its history; the caller has checked the rights and the state."""
    stored = Grading.objects.select_for_update().get(pk=grading.pk)
    record, _changes = save_with_history(Grading, stored, values, user=user, channel=channel, zone_of=lambda row: grading.zone)
    for field in [*values, "version"]:  # the caller's copy follows
        setattr(grading, field, getattr(record, field))
    mark_changed([grading.zone_id])  # the dashboard shows the grading's state
    return grading


@transaction.atomic
def publish(grading: Grading, objection_until, *, user, channel) -> Grading:
    """Draft → 公示, open for objections until `objection_until`."""
    require_rights(user, Action.REVIEW, [grading.zone_id])
    if grading.status != Grading.Status.DRAFT:
        raise ValidationError(_("只有草稿状态的评价结果可以公示"))
    if not grading.results.exists():
        raise ValidationError(_("尚无评价结果，请先评分"))
    if objection_until is None or objection_until < clock.today():
        raise ValidationError({"objection_until": _("公示截止日期不能早于今天")})
    return _move(grading, {"status": Grading.Status.PUBLISHED, "objection_until": objection_until}, user=user, channel=channel)


def clean_evidence_name(name: str) -> str:
    """The uploaded file's own name, without any directory, control characters or odd marks."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "", name).strip(" .")
    return name[-120:]


@transaction.atomic
def record_objection(grading: Grading, enterprise: Enterprise, *, received_on, claim: str, evidence=None, user, channel) -> Objection:
    """A firm's objection during 公示, with an optional evidence file (size- and type-checked,
    stored in the database and only ever sent back as a download)."""
    require_rights(user, Action.EDIT, [grading.zone_id])
    if grading.status != Grading.Status.PUBLISHED:
        raise ValidationError(_("只有公示期间可以登记异议"))
    if enterprise.zone_id != grading.zone_id or not grading.results.filter(enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("该企业不在本次评价名单中")})
    values = {"grading": grading, "enterprise": enterprise, "received_on": received_on, "claim": (claim or "").strip()}
    if not values["claim"]:
        raise ValidationError({"claim": _("请填写异议内容")})
    if evidence is not None:
        name = clean_evidence_name(evidence.name)
        if os.path.splitext(name)[1].lower() not in EVIDENCE_TYPES:
            raise ValidationError({"evidence": _("证明材料须为 PDF、图片、Word、Excel 或 ZIP 文件")})
        if evidence.size > evidence_max_bytes():
            raise ValidationError({"evidence": _("证明材料过大，上限为 %(limit).1f MB") % {"limit": evidence_max_bytes() / 1048576}})
        data = evidence.read(evidence_max_bytes() + 1)
        if len(data) > evidence_max_bytes():
            raise ValidationError({"evidence": _("证明材料过大，上限为 %(limit).1f MB") % {"limit": evidence_max_bytes() / 1048576}})
        values.update(evidence_name=name, evidence=data, evidence_size=len(data))
    return save_with_history(Objection, None, values, user=user, channel=channel, zone_of=lambda row: grading.zone)[0]


@transaction.atomic
def decide_objection(objection: Objection, decision: str, note: str, *, user, channel) -> Objection:
    """The office's decision; an upheld objection's corrections are made in the inputs, and the
    scoring is rerun here so the list reflects them whatever order they came in."""
    grading = objection.grading
    require_rights(user, Action.EDIT, [grading.zone_id])
    if grading.status != Grading.Status.PUBLISHED:
        raise ValidationError(_("只有公示期间可以处理异议"))
    if decision not in (Objection.Decision.UPHELD, Objection.Decision.REJECTED):
        raise ValidationError({"decision": _("请选择处理结果")})
    if not (note or "").strip():
        raise ValidationError({"decision_note": _("请填写处理意见")})
    stored = Objection.objects.select_for_update().get(pk=objection.pk)
    saved, _changes = save_with_history(Objection, stored, {"decision": decision, "decision_note": note.strip()}, user=user,
                                        channel=channel, zone_of=lambda row: grading.zone)
    _score(grading.zone, grading.year, user=user, channel=channel, by_objection=True)
    return saved


@transaction.atomic
def finalise(grading: Grading, *, user, channel) -> Grading:
    """公示 → 定稿: the results, inputs and scheme of the year are locked from now on."""
    require_rights(user, Action.REVIEW, [grading.zone_id])
    if grading.status != Grading.Status.PUBLISHED:
        raise ValidationError(_("只有公示中的评价结果可以定稿"))
    if grading.objections.filter(decision=Objection.Decision.PENDING).exists():
        raise ValidationError(_("还有未处理的异议，处理完毕后才能定稿"))
    return _move(grading, {"status": Grading.Status.FINAL}, user=user, channel=channel)
