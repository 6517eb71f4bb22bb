"""A row-by-row reference of grading.scoring, written from the rules in its docstring: ranks
counted firm against firm and bands computed per firm, which pandas' ranking and grading must
give too (tests/grading/test_scoring.py)."""

from decimal import ROUND_HALF_UP, Decimal

from grading import scoring


def _value(firm, code):
    numerator, denominator, factor = scoring.INDICATORS[code]
    num, den = firm.get(numerator), firm.get(denominator)
    if num is None or den is None or den <= 0:
        return None
    return num / den * factor


def score_firms(firms: list[dict], rules: scoring.SchemeRules) -> list[dict]:
    results = []
    for firm in firms:
        indicator_rules = rules.indicators.get(firm["scale"], [])
        land = firm.get("land_mu")
        reason = ""
        if firm["excluded"] or not indicator_rules or (land or 0) < rules.min_land_mu:
            reason = scoring.REASON_OUTSIDE
        if firm["too_new"]:
            reason = scoring.REASON_NEW
        total, breakdown, missing = Decimal(0), {}, False
        for rule in indicator_rules:
            value = _value(firm, rule.code)
            if value is None:
                missing = True
                breakdown[rule.code] = (None, None)
                continue
            score = min(value / rule.benchmark, rule.cap) * rule.weight
            breakdown[rule.code] = (value, score)
            total += score
        if missing and not reason:
            reason = scoring.REASON_MISSING
        results.append({"enterprise_id": firm["enterprise_id"], "scale": firm["scale"], "reason": reason,
                        "total": None if reason == scoring.REASON_OUTSIDE or not indicator_rules
                        else total.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
                        "breakdown": breakdown, "grade": scoring.UNDETERMINED, "rank": None, "group_size": 0})
    for scale in rules.indicators:
        group = [r for r in results if r["scale"] == scale and not r["reason"]]
        n = len(group)
        for result in group:
            better = sum(1 for other in group if other["total"] > result["total"])
            result["rank"], result["group_size"] = better + 1, n
            if rules.method == "percentile":
                last = [scoring.round_half_up(n * sum(rules.cuts[:i + 1]) / 100) for i in range(3)]
                result["grade"] = next((g for g, limit in zip("ABC", last) if result["rank"] <= limit), "D")
            else:
                result["grade"] = next((g for g, cut in zip("ABC", rules.cuts) if result["total"] >= cut), "D")
    return results
