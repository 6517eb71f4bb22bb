"""亩均效益 scoring: a zone's enterprises scored, graded and ranked in one vectorised pass.

Pure arithmetic on a pandas DataFrame (no database), so the services, the tests and the bench
run the same code. Rules, one place each:

- An indicator's value is numerator ÷ denominator × factor (亩均税收 = 税收 ÷ 用地亩数); a missing
  input or a denominator that is not positive leaves the firm 不定等级 ("missing").
- Its score is min(value ÷ benchmark, cap multiple) × weight; the total is the sum of the
  scores, added in the scheme's indicator order and rounded to SCORE_PLACES.
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

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SCORE_PLACES = 4
GRADES = ("A", "B", "C", "D")
UNDETERMINED = "U"
ABOVE, BELOW = "above", "below"  # 规上, 规下

# Reasons for 不定等级, in the order they are checked (the first that applies is given).
REASON_NEW, REASON_OUTSIDE, REASON_MISSING = "new", "outside", "missing"

# code: (numerator input, denominator input, factor). Every indicator is "higher is better".
INDICATORS = {
    "tax_per_mu": ("tax", "land_mu", 1.0),  # 亩均税收 万元/亩
    "value_added_per_mu": ("value_added", "land_mu", 1.0),  # 亩均增加值 万元/亩
    "output_per_mu": ("output", "land_mu", 1.0),  # 亩均产值 万元/亩
    "revenue_per_mu": ("revenue", "land_mu", 1.0),  # 亩均营业收入 万元/亩
    "value_added_per_energy": ("value_added", "energy", 1.0),  # 单位能耗增加值 万元/吨标准煤
    "value_added_per_emission": ("value_added", "emission", 1.0),  # 单位排放增加值 万元/吨
    "labour_productivity": ("value_added", "employees", 1.0),  # 全员劳动生产率 万元/人
    "rd_intensity": ("rd", "revenue", 100.0),  # R&D经费占营业收入比重 %
    "tax_per_kwh": ("tax", "electricity", 1.0),  # 单位用电税收 万元/万千瓦时
}
INPUTS = ("land_mu", "tax", "value_added", "output", "revenue", "energy", "emission", "employees", "rd", "electricity")


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    weight: float
    benchmark: float
    cap: float  # the score of one indicator is at most cap × weight


@dataclass(frozen=True)
class SchemeRules:
    """What scoring needs of a scheme. `cuts`: the A, B, C band shares in percent (percentile)
    or the A, B, C minimum totals (thresholds)."""

    method: str  # "percentile" or "threshold"
    cuts: tuple[float, float, float]
    indicators: dict[str, list[IndicatorRule]] = field(default_factory=dict)  # by scale
    min_land_mu: float = 0.0


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5 + 1e-9))


def band_counts(n: int, shares: tuple[float, float, float]) -> tuple[int, int, int]:
    """The last rank that is A, B and C among `n` graded firms."""
    a, b, c = shares
    return round_half_up(n * a / 100), round_half_up(n * (a + b) / 100), round_half_up(n * (a + b + c) / 100)


def _exclusion(frame: pd.DataFrame, rules: SchemeRules) -> pd.Series:
    """Each firm's reason for 不定等级 before its indicators are looked at ("" if none)."""
    reason = pd.Series("", index=frame.index, dtype=object)
    has_set = frame["scale"].map(lambda s: bool(rules.indicators.get(s))).astype(bool)
    outside = frame["excluded"] | ~has_set | (frame["land_mu"].fillna(0) < rules.min_land_mu)
    reason[outside] = REASON_OUTSIDE
    reason[frame["too_new"]] = REASON_NEW
    return reason


def score_frame(frame: pd.DataFrame, rules: SchemeRules) -> pd.DataFrame:
    """Score the firms of `frame` (one row a firm: enterprise_id, scale, too_new, excluded and
    the INPUTS as floats, NaN when not given). Returns, by the same index: value_<code> and
    score_<code> for every indicator of the scheme, total, grade, reason, rank, group_size."""
    out = pd.DataFrame(index=frame.index)
    out["enterprise_id"] = frame["enterprise_id"]
    out["scale"] = frame["scale"]
    reason = _exclusion(frame, rules)
    total = pd.Series(np.nan, index=frame.index)
    codes = list(dict.fromkeys(rule.code for rules_ in rules.indicators.values() for rule in rules_))
    for code in codes:
        out[f"value_{code}"] = np.nan
        out[f"score_{code}"] = np.nan
    for scale, indicator_rules in rules.indicators.items():
        in_scale = frame["scale"] == scale
        if not in_scale.any() or not indicator_rules:
            continue
        part = frame.loc[in_scale]
        scale_total = pd.Series(0.0, index=part.index)
        missing = pd.Series(False, index=part.index)
        for rule in indicator_rules:
            numerator, denominator, factor = INDICATORS[rule.code]
            num, den = part[numerator], part[denominator]
            usable = num.notna() & den.notna() & (den > 0)
            value = (num / den.where(usable)) * factor
            score = np.minimum(value / rule.benchmark, rule.cap) * rule.weight
            out.loc[part.index, f"value_{rule.code}"] = value
            out.loc[part.index, f"score_{rule.code}"] = score
            missing |= ~usable
            scale_total = scale_total + score.fillna(0.0)
        total.loc[part.index] = scale_total.round(SCORE_PLACES)
        reason.loc[part.index[(missing & (reason.loc[part.index] == "")).to_numpy()]] = REASON_MISSING
    graded = reason == ""
    out["total"] = total.where(reason != REASON_OUTSIDE)
    out["reason"] = reason
    out["grade"] = UNDETERMINED
    out["rank"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    out["group_size"] = 0
    for scale in rules.indicators:
        chosen = graded & (frame["scale"] == scale)
        n = int(chosen.sum())
        if not n:
            continue
        scores = total[chosen]
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


def boundaries(scored: pd.DataFrame, rules: SchemeRules) -> dict[tuple[str, str], float]:
    """(scale, grade) -> the total a firm must reach to have that grade: the threshold itself,
    or, for percentile bands, the lowest total now holding the grade (reaching it ties with
    that firm, and tied firms share the better grade)."""
    found = {}
    for scale in rules.indicators:
        for grade, cut in zip(GRADES[:3], rules.cuts):
            if rules.method == "threshold":
                found[(scale, grade)] = float(cut)
                continue
            holders = scored.loc[(scored["scale"] == scale) & (scored["grade"] == grade), "total"]
            if len(holders):
                found[(scale, grade)] = float(holders.min())
    return found


def what_it_would_take(total: float, grade: str, scale: str, breakdown: dict, rules: SchemeRules,
                       bounds: dict[tuple[str, str], float]) -> list[dict]:
    """For a graded firm below A: per indicator of its set, the indicator value that would lift
    it one grade, other things equal (None when the cap does not let this indicator alone do it).
    `breakdown`: the firm's value_<code> and score_<code>, as score_frame gives them."""
    if grade not in GRADES[1:]:
        return []
    target_grade = GRADES[GRADES.index(grade) - 1]
    target = bounds.get((scale, target_grade))
    if target is None:
        return []
    gap = target - total
    needs = []
    for rule in rules.indicators.get(scale, []):
        score = breakdown.get(f"score_{rule.code}") or 0.0
        wanted = score + gap
        value = wanted / rule.weight * rule.benchmark if wanted <= rule.cap * rule.weight + 1e-9 else None
        needs.append({"code": rule.code, "grade": target_grade, "value": value,
                      "current": breakdown.get(f"value_{rule.code}")})
    return needs


def consecutive_d(grades_by_year: dict[int, str], year: int) -> int:
    """Years in D in a row, counting back from `year` (a year without grade D ends the run)."""
    count = 0
    while grades_by_year.get(year - count) == "D":
        count += 1
    return count
