"""亩均效益 scoring: a zone's enterprises scored, graded and ranked.

No database: the services, the tests and the bench run the same code. Figures are Decimal, as
everywhere else: each firm's indicators and total are computed exactly, firm by firm (a zone
has hundreds of firms, a city some thousands); pandas groups and ranks them. Rules, one place each:

- An indicator's value is numerator ÷ denominator × factor (亩均税收 = 税收 ÷ 用地亩数); a missing
  input or a denominator that is not positive leaves the firm 不定等级 ("missing").
- Its score is min(value ÷ benchmark, cap multiple) × weight; the total is the sum of the
  scores, rounded half up (四舍五入) to SCORE_PLACES.
- 规上 and 规下 firms are scored with their own indicator sets and graded and ranked separately.
- Percentile bands: firms are ranked by total, best first, ties sharing the better rank
  (competition ranking, "1224"); with n graded firms of a group, rank r is A when
  r <= round_half_up(n × A%), B when r <= round_half_up(n × (A+B)%), C likewise with A+B+C,
  else D. Tied firms therefore always share a grade; a group of one firm is B with the
  example bands (0.25 rounds to 0 A places), of three firms A, B, C.
- Score thresholds: A when total >= the A threshold, and so on; below the C threshold is D.
- 不定等级 (grade "U") with a reason: too new (投产不满一年), outside the scheme (excluded by
  staff, or less land than the scheme's minimum, or no indicators for the firm's scale),
  missing inputs. Such firms take no rank and no percentile place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

SCORE_PLACES = 4
SCORE_UNIT = Decimal(1).scaleb(-SCORE_PLACES)
GRADES = ("A", "B", "C", "D")
UNDETERMINED = "U"
ABOVE, BELOW = "above", "below"  # 规上, 规下

# Reasons for 不定等级, in the order they are checked (the first that applies is given).
REASON_NEW, REASON_OUTSIDE, REASON_MISSING = "new", "outside", "missing"

# code: (numerator input, denominator input, factor). Every indicator is "higher is better".
INDICATORS = {
    "tax_per_mu": ("tax", "land_mu", Decimal(1)),  # 亩均税收 万元/亩
    "value_added_per_mu": ("value_added", "land_mu", Decimal(1)),  # 亩均增加值 万元/亩
    "output_per_mu": ("output", "land_mu", Decimal(1)),  # 亩均产值 万元/亩
    "revenue_per_mu": ("revenue", "land_mu", Decimal(1)),  # 亩均营业收入 万元/亩
    "value_added_per_energy": ("value_added", "energy", Decimal(1)),  # 单位能耗增加值 万元/吨标准煤
    "value_added_per_emission": ("value_added", "emission", Decimal(1)),  # 单位排放增加值 万元/吨
    "labour_productivity": ("value_added", "employees", Decimal(1)),  # 全员劳动生产率 万元/人
    "rd_intensity": ("rd", "revenue", Decimal(100)),  # R&D经费占营业收入比重 %
    "tax_per_kwh": ("tax", "electricity", Decimal(1)),  # 单位用电税收 万元/万千瓦时
}
INPUTS = ("land_mu", "tax", "value_added", "output", "revenue", "energy", "emission", "employees", "rd", "electricity")


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    weight: Decimal
    benchmark: Decimal
    cap: Decimal  # the score of one indicator is at most cap × weight


@dataclass(frozen=True)
class SchemeRules:
    """What scoring needs of a scheme. `cuts`: the A, B, C band shares in percent (percentile)
    or the A, B, C minimum totals (thresholds)."""

    method: str  # "percentile" or "threshold"
    cuts: tuple[Decimal, Decimal, Decimal]
    indicators: dict[str, list[IndicatorRule]] = field(default_factory=dict)  # by scale
    min_land_mu: Decimal = Decimal(0)


def round_half_up(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_HALF_UP))


def band_counts(n: int, shares: tuple[Decimal, Decimal, Decimal]) -> tuple[int, int, int]:
    """The last rank that is A, B and C among `n` graded firms."""
    a, b, c = shares
    return round_half_up(n * a / 100), round_half_up(n * (a + b) / 100), round_half_up(n * (a + b + c) / 100)


def decimal_or_none(value) -> Decimal | None:
    """A figure as scoring reads it: a Decimal, None when not given (None, NaN); a float (a
    breakdown read back from JSON) by its shortest text."""
    if isinstance(value, Decimal) or value is None:
        return value
    return None if pd.isna(value) else Decimal(str(value))


def indicator_value(firm: dict, code: str) -> Decimal | None:
    """numerator ÷ denominator × factor; None when an input is missing or the denominator is not positive."""
    numerator, denominator, factor = INDICATORS[code]
    num, den = decimal_or_none(firm.get(numerator)), decimal_or_none(firm.get(denominator))
    if num is None or den is None or den <= 0:
        return None
    return num / den * factor


def _scored(firm: dict, rules: SchemeRules, codes: list[str]) -> dict:
    """One firm's values, scores, total and reason for 不定等级 ("" if none)."""
    indicator_rules = rules.indicators.get(firm["scale"], [])
    land = decimal_or_none(firm["land_mu"])
    reason = ""
    if firm["excluded"] or not indicator_rules or (land or 0) < rules.min_land_mu:
        reason = REASON_OUTSIDE
    if firm["too_new"]:
        reason = REASON_NEW
    row = {"enterprise_id": firm["enterprise_id"], "scale": firm["scale"]}
    row.update({f"{kind}_{code}": None for code in codes for kind in ("value", "score")})
    total, missing = Decimal(0), False
    for rule in indicator_rules:
        value = indicator_value(firm, rule.code)
        if value is None:
            missing = True
            continue
        score = min(value / rule.benchmark, rule.cap) * rule.weight
        row[f"value_{rule.code}"], row[f"score_{rule.code}"] = value, score
        total += score
    if missing and not reason:
        reason = REASON_MISSING
    outside = reason == REASON_OUTSIDE or not indicator_rules
    row["total"] = None if outside else total.quantize(SCORE_UNIT, rounding=ROUND_HALF_UP)
    row["reason"] = reason
    return row


def score_frame(frame: pd.DataFrame, rules: SchemeRules) -> pd.DataFrame:
    """Score the firms of `frame` (one row a firm: enterprise_id, scale, too_new, excluded and
    the INPUTS as Decimals, None when not given). Returns, by the same index: value_<code> and
    score_<code> for every indicator of the scheme, total (Decimals or None), grade, reason,
    rank, group_size."""
    codes = list(dict.fromkeys(rule.code for rules_ in rules.indicators.values() for rule in rules_))
    names = list(frame.columns)
    rows = [_scored(dict(zip(names, values)), rules, codes) for values in frame.itertuples(index=False, name=None)]
    columns = ["enterprise_id", "scale", *(f"{kind}_{code}" for code in codes for kind in ("value", "score")), "total", "reason"]
    out = pd.DataFrame(rows, index=frame.index, columns=columns, dtype=object)
    out["enterprise_id"] = frame["enterprise_id"]
    out["grade"] = UNDETERMINED
    out["rank"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    out["group_size"] = 0
    graded = out["reason"] == ""
    for scale in rules.indicators:
        chosen = graded & (out["scale"] == scale)
        n = int(chosen.sum())
        if not n:
            continue
        scores = out.loc[chosen, "total"]
        rank = scores.rank(method="min", ascending=False).astype(int)
        out.loc[chosen, "rank"] = rank.to_numpy()
        out.loc[chosen, "group_size"] = n
        if rules.method == "percentile":
            last_a, last_b, last_c = band_counts(n, rules.cuts)
            grade = np.select([rank <= last_a, rank <= last_b, rank <= last_c], ["A", "B", "C"], "D")
        else:
            a, b, c = rules.cuts
            grade = np.select([scores >= a, scores >= b, scores >= c], ["A", "B", "C"], "D")
        out.loc[chosen, "grade"] = grade
    return out


def boundaries(scored: pd.DataFrame, rules: SchemeRules) -> dict[tuple[str, str], Decimal]:
    """(scale, grade) -> the total a firm must reach to have that grade: the threshold itself,
    or, for percentile bands, the lowest total now holding the grade (reaching it ties with
    that firm, and tied firms share the better grade)."""
    found = {}
    for scale in rules.indicators:
        for grade, cut in zip(GRADES[:3], rules.cuts):
            if rules.method == "threshold":
                found[(scale, grade)] = cut
                continue
            holders = scored.loc[(scored["scale"] == scale) & (scored["grade"] == grade), "total"]
            if len(holders):
                found[(scale, grade)] = min(holders)
    return found


def what_it_would_take(total: Decimal, grade: str, scale: str, breakdown: dict, rules: SchemeRules,
                       bounds: dict[tuple[str, str], Decimal]) -> list[dict]:
    """For a graded firm below A: per indicator of its set, the indicator value that would lift
    it one grade, other things equal (None when the cap does not let this indicator alone do it).
    `breakdown`: the firm's value_<code> and score_<code>, as score_frame gives them (or as
    stored, JSON numbers)."""
    if grade not in GRADES[1:]:
        return []
    target_grade = GRADES[GRADES.index(grade) - 1]
    target = bounds.get((scale, target_grade))
    if target is None:
        return []
    gap = target - total
    needs = []
    for rule in rules.indicators.get(scale, []):
        wanted = (decimal_or_none(breakdown.get(f"score_{rule.code}")) or 0) + gap
        value = wanted / rule.weight * rule.benchmark if wanted <= rule.cap * rule.weight else None
        needs.append({"code": rule.code, "grade": target_grade, "value": value,
                      "current": decimal_or_none(breakdown.get(f"value_{rule.code}"))})
    return needs


def consecutive_d(grades_by_year: dict[int, str], year: int) -> int:
    """Years in D in a row, counting back from `year` (a year without grade D ends the run)."""
    count = 0
    while grades_by_year.get(year - count) == "D":
        count += 1
    return count
