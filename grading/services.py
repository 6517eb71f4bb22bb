"""Writes of the 亩均效益 evaluation: inputs, scoring runs, 公示, objections, 定稿.

Each is one function under transaction.atomic that checks rights (zones.access.require_rights
through projects.batch.write_record, or directly), refuses a write once the zone's year is final,
and leaves history with its channel. Entering inputs is 填报 (EDIT), as are running the scoring
and recording objections and their decisions; publishing and 定稿 are 审核 (REVIEW).
Any input or decision saved while the year is open reruns the scoring, so the draft or
published list always follows the inputs.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from decimal import Decimal

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import FloatField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_changes, save_history
from core import bulk, clock
from projects.batch import RecordInput, write_batch, write_record
from projects.land_statistics import held_areas
from projects.models import Enterprise, EnterpriseFigure
from zones.access import require_rights
from zones.models import Action

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
    """A final year refuses every change; a row that changes nothing (an export read back) passes."""
    enterprise = values.get("enterprise") or stored.enterprise
    year = values.get("year") or stored.year
    if stored is None or any(getattr(stored, name) != value for name, value in values.items()):
        require_open(enterprise.zone, year)
    if "land_override_reason" in values:
        values = {**values, "land_override_reason": values["land_override_reason"].strip()}
    return values


@transaction.atomic
def save_enterprise_year(enterprise: Enterprise, year: int, values: dict, *, user, channel, expected_version=None) -> EnterpriseYear:
    """An enterprise's inputs for `year`, created or changed; the open year is rescored."""
    existing = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).select_related("enterprise__zone").first()
    if existing is None:
        values = {"enterprise": enterprise, "year": year, **values}
    values = enterprise_year_rules(existing, values)
    record = write_record(EnterpriseYear, existing, values, user=user, channel=channel, zone=enterprise.zone,
                          expected_version=expected_version)
    rescore_if_open(enterprise.zone, year, user=user, channel=channel)
    return record


@transaction.atomic
def save_enterprise_years(inputs: list[RecordInput], *, user, channel, apply: bool = True):
    """Many enterprises' inputs (an import): all or none, then each open year they change rescored."""
    result = write_batch(EnterpriseYear, inputs, enterprise_year_rules, user=user, channel=channel, apply=apply,
                          zone_of=lambda record: record.enterprise.zone_id)
    if result.applied:
        touched = {}
        for item, status in zip(inputs, result.statuses):
            if status == "unchanged":
                continue
            enterprise = item.values.get("enterprise") or item.record.enterprise
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
        by_scale[indicator.scale].append(scoring.IndicatorRule(
            indicator.code, float(indicator.weight), float(indicator.benchmark), float(indicator.cap_multiple)))
    if scheme.method == Scheme.Method.PERCENTILE:
        cuts = (float(scheme.band_a), float(scheme.band_b), float(scheme.band_c))
    else:
        cuts = (float(scheme.score_a), float(scheme.score_b), float(scheme.score_c))
    return scoring.SchemeRules(scheme.method, cuts, dict(by_scale), float(scheme.min_land_mu))


AMOUNTS = [name for name in scoring.INPUTS if name not in ("land_mu", "emission")]


def input_frame(zone, year: int, scheme: Scheme) -> pd.DataFrame:
    """The zone's inputs of `year` as scoring reads them: two queries (inputs, land held). Land
    is the override where one is given, else the land the firm holds (projects.land_statistics).
    Amounts arrive as floats and the scheme's pollutants as columns of their own, cast by the
    database, so no Decimal or JSON object is built per firm."""
    areas = {row["holder_id"]: float(row["area"]) for row in held_areas(zone)}
    names = scheme.emission_list
    floats = {f"f_{name}": Cast(name, FloatField()) for name in ["land_mu_override", *AMOUNTS]}
    pollutants = {f"e_{i}": Cast(KT(f"emissions__{name}"), FloatField()) for i, name in enumerate(names)}
    fields = ["enterprise_id", "is_above_scale", "exemption", *floats, *pollutants]
    rows = (EnterpriseYear.objects.filter(enterprise__zone=zone, year=year).annotate(**floats, **pollutants)
            .values_list(*fields))
    raw = pd.DataFrame.from_records(list(rows), columns=fields)
    frame = pd.DataFrame({"enterprise_id": raw["enterprise_id"].astype("int64")})
    frame["scale"] = np.where(raw["is_above_scale"].astype(bool), scoring.ABOVE, scoring.BELOW)
    frame["too_new"] = raw["exemption"] == EnterpriseYear.Exemption.NEW
    frame["excluded"] = raw["exemption"] == EnterpriseYear.Exemption.OUTSIDE
    frame["land_mu"] = raw["f_land_mu_override"].astype(float).fillna(raw["enterprise_id"].map(areas).astype(float))
    for name in AMOUNTS:
        frame[name] = raw[f"f_{name}"].astype(float)
    # A firm that does not give one of the scheme's pollutants has no emission figure.
    frame["emission"] = raw[list(pollutants)].astype(float).sum(axis=1, skipna=False) if names else np.nan
    return frame


def _previous_grades(zone, year: int) -> dict[int, dict[int, str]]:
    """{enterprise: {year: grade}} of the zone's final evaluations before `year` (one query)."""
    grades = defaultdict(dict)
    for enterprise_id, result_year, grade in GradeResult.objects.filter(
        grading__zone=zone, grading__year__lt=year, grading__status=Grading.Status.FINAL,
    ).values_list("enterprise_id", "grading__year", "grade"):
        grades[enterprise_id][result_year] = grade
    return grades


def _cells(series: pd.Series, places: int) -> list:
    """Rounded floats, None where missing: the cells of a numeric column (COPY and the ORM both take floats)."""
    return series.astype(float).round(places).astype(object).where(series.notna(), None).tolist()


def _breakdowns(scored: pd.DataFrame) -> list:
    """Each firm's {value_<code>, score_<code>} of the scheme's indicators, serialised in one C pass;
    as JSON text for COPY (PostgreSQL), which writes text cells."""
    columns = [c for c in scored.columns if c.startswith(("value_", "score_"))]
    if not len(scored):
        return []
    texts = scored[columns].astype(float).round(6).to_json(orient="records", lines=True).splitlines()
    return texts if connection.vendor == "postgresql" else [json.loads(text) for text in texts]


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
        grading = write_record(Grading, None, {"zone": zone, "year": year, "scheme": scheme}, user=user, channel=channel, zone=zone)
    frame = input_frame(zone, year, scheme)
    scored = scoring.score_frame(frame, scheme_rules(scheme))
    old = dict(GradeResult.objects.filter(grading=grading).values_list("enterprise_id", "grade"))
    GradeResult.objects.filter(grading=grading).delete()
    previous = _previous_grades(zone, year)
    ids, grades = scored["enterprise_id"].tolist(), scored["grade"].tolist()
    consecutive = [scoring.consecutive_d({**previous.get(i, {}), year: g}, year) if g == "D" else 0 for i, g in zip(ids, grades)]
    ranks = [None if pd.isna(rank) else int(rank) for rank in scored["rank"]]
    columns = {
        "grading_id": [grading.pk] * len(ids), "enterprise_id": ids, "is_above_scale": (scored["scale"] == scoring.ABOVE).tolist(),
        "land_mu": _cells(frame["land_mu"], 2), "total": _cells(scored["total"], 4), "grade": grades,
        "reason": scored["reason"].tolist(), "rank": ranks, "group_size": scored["group_size"].astype(int).tolist(),
        "breakdown": _breakdowns(scored), "consecutive_d": consecutive,
    }
    bulk.insert(GradeResult, list(columns), list(zip(*columns.values())))
    field = f"{year}年亩均评价等级"  # stored history text, not translated
    save_history(Enterprise, [(i, zone.pk, "", {field: (old.get(i, ""), g)}) for i, g in zip(ids, grades) if old.get(i) != g],
                 user=user, channel=channel)
    values = {"scheme": scheme, "runs": grading.runs + 1, "scored_at": timezone.now()}
    return write_record(Grading, grading, values, user=user, channel=channel, zone=zone)


def rescore_if_open(zone, year: int, *, user, channel) -> None:
    """Rerun a draft scoring of the zone's year after its inputs changed (none yet, or published:
    nothing to do; during 公示 the objection's decision rescores)."""
    if Grading.objects.filter(zone=zone, year=year, status=Grading.Status.DRAFT).exists():
        run_grading(zone, year, user=user, channel=channel)


# --- publication, objections, 定稿 -----------------------------------------------------------------


def _move(grading: Grading, values: dict, *, user, channel) -> Grading:
    """A reviewer's change of the grading's state (projects' write_record asks for 填报 rights), with
    its history; the caller has checked the rights and the state."""
    record = Grading.objects.select_for_update().get(pk=grading.pk)
    changes = {field: (getattr(record, field), value) for field, value in values.items() if getattr(record, field) != value}
    for field, value in values.items():
        setattr(record, field, value)
    record.version += 1
    record.save(update_fields=[*values, "version"])
    record_changes(record, changes, user=user, channel=channel, zone=grading.zone)
    for field in [*values, "version"]:  # the caller's copy follows
        setattr(grading, field, getattr(record, field))
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
    return write_record(Objection, None, values, user=user, channel=channel, zone=grading.zone)


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
    saved = write_record(Objection, objection, {"decision": decision, "decision_note": note.strip()}, user=user, channel=channel,
                   zone=grading.zone)
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
