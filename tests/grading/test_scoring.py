"""grading.scoring: hand-computed cases, exact in Decimal, percentile edges, 规上/规下, 不定等级,
and the pandas ranking and banding against the row-by-row reference on random zones."""

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading import scoring
from grading.scoring import ABOVE, BELOW, IndicatorRule, SchemeRules

from .reference import score_firms



def D(value):
    return None if value is None else Decimal(str(value))


def rule(code, weight, benchmark, cap):
    return IndicatorRule(code, D(weight), D(benchmark), D(cap))


def rules_of(method, cuts, indicators, min_land_mu=0):
    return SchemeRules(method, tuple(D(cut) for cut in cuts), indicators, D(min_land_mu))


def firm(enterprise_id, scale=ABOVE, too_new=False, excluded=False, **inputs):
    row = {"enterprise_id": enterprise_id, "scale": scale, "too_new": too_new, "excluded": excluded}
    row.update({name: D(inputs.get(name)) for name in scoring.INPUTS})
    return row


def frame(firms):
    return pd.DataFrame(firms)


TAX_ONLY = {ABOVE: [rule("tax_per_mu", 100, 10, 100)]}  # a cap that never binds


def percentile(indicators=None, cuts=(25, 45, 25), **kwargs):
    return rules_of("percentile", cuts, indicators or TAX_ONLY, **kwargs)


def test_hand_computed_scores_with_cap_and_two_indicators():
    rules = rules_of("threshold", (90, 60, 40), {ABOVE: [
        rule("tax_per_mu", 60, 20, "1.5"),        # 亩均税收 benchmark 20 万元/亩, weight 60
        rule("rd_intensity", 40, 3, "1.2"),       # R&D 3% benchmark, weight 40
    ]})
    scored = scoring.score_frame(frame([
        firm(1, land_mu=10, tax=300, rd=45, revenue=1000),   # 30/20*60 = 90 -> capped 1.5*60=90; 4.5%/3*40=60 capped 48
        firm(2, land_mu=50, tax=250, rd=10, revenue=1000),   # 5/20*60 = 15; 1%/3*40 = 13.3333
        firm(3, land_mu=20, tax=400, rd=30, revenue=2000),   # 20/20*60 = 60; 1.5/3*40 = 20
    ]), rules)
    assert scored["score_tax_per_mu"].tolist() == [90, 15, 60]
    assert scored["score_rd_intensity"].tolist() == [48, Decimal(40) / 3, 20]  # exact: no float on the way
    assert [str(total) for total in scored["total"]] == ["138.0000", "28.3333", "80.0000"]
    assert scored["grade"].tolist() == ["A", "D", "B"]
    assert scored["rank"].tolist() == [1, 3, 2]
    assert scored["value_rd_intensity"].tolist() == [D("4.5"), 1, D("1.5")]


def test_totals_are_rounded_half_up():
    # 1 亩, tax 1.00005 万元, benchmark 1, weight 1: 1.00005 points, 四舍五入 to 1.0001.
    rules = rules_of("threshold", (3, 2, 1), {ABOVE: [rule("tax_per_mu", 1, 1, 5)]})
    scored = scoring.score_frame(frame([firm(1, land_mu=1, tax="1.00005"), firm(2, land_mu=8, tax=1)]), rules)
    assert [str(total) for total in scored["total"]] == ["1.0001", "0.1250"]


def test_percentile_places_are_exact_at_the_half():
    # 10 firms, A 25%: 2.5 places round half up to 3, exactly (no float 2.4999…).
    scored = scoring.score_frame(frame([firm(i, land_mu=1, tax=100 - i) for i in range(10)]), percentile(cuts=("25", "45", "25")))
    assert scored["grade"].tolist()[:4] == ["A", "A", "A", "B"]
    assert scoring.band_counts(10, (D("0.15"), D("0.15"), D("0.15"))) == (0, 0, 0)
    assert scoring.band_counts(30, (D("5"), D("5"), D("5"))) == (2, 3, 5)  # 1.5 → 2, 3, 4.5 → 5


def test_ties_share_the_better_grade_and_rank():
    # Eight firms: 25% of 8 = 2 A places, 70% = 5.6 -> 6 A+B places, 95% = 7.6 -> 8.
    taxes = [50, 40, 40, 30, 30, 30, 20, 10]
    scored = scoring.score_frame(frame([firm(i, land_mu=1, tax=t) for i, t in enumerate(taxes)]), percentile())
    assert scored["rank"].tolist() == [1, 2, 2, 4, 4, 4, 7, 8]
    assert scored["grade"].tolist() == ["A", "A", "A", "B", "B", "B", "C", "C"]


def test_a_tie_at_the_a_boundary_lifts_every_tied_firm():
    scored = scoring.score_frame(frame([firm(i, land_mu=1, tax=10) for i in range(4)]), percentile())
    assert set(scored["grade"]) == {"A"} and set(scored["rank"]) == {1}


@pytest.mark.parametrize("n, grades", [
    (1, ["B"]),  # 0.25 rounds to no A place; 0.7 to one A+B place
    (2, ["A", "C"]),  # 0.5 -> 1 A; 1.4 -> 1 A+B; 1.9 -> 2
    (3, ["A", "B", "C"]),
    (10, ["A", "A", "A", "B", "B", "B", "B", "C", "C", "C"]),  # 2.5 -> 3, 7, 9.5 -> 10: no D yet
    (20, ["A"] * 5 + ["B"] * 9 + ["C"] * 5 + ["D"]),
])
def test_tiny_and_small_zones(n, grades):
    scored = scoring.score_frame(frame([firm(i, land_mu=1, tax=100 - i) for i in range(n)]), percentile())
    assert scored["grade"].tolist() == grades


def test_above_and_below_scale_are_scored_and_graded_apart():
    rules = percentile({ABOVE: [rule("tax_per_mu", 100, 10, 2)],
                        BELOW: [rule("revenue_per_mu", 100, 100, 2)]}, cuts=(50, 50, 0))
    scored = scoring.score_frame(frame([
        firm(1, land_mu=1, tax=20, revenue=1), firm(2, land_mu=1, tax=5, revenue=1000),
        firm(3, BELOW, land_mu=1, tax=0, revenue=150), firm(4, BELOW, land_mu=1, tax=99, revenue=50),
    ]), rules)
    assert scored["total"].tolist() == [200, 50, 150, 50]
    assert scored["grade"].tolist() == ["A", "B", "A", "B"]
    assert scored["group_size"].tolist() == [2, 2, 2, 2]
    assert scored.loc[2, "score_tax_per_mu"] is None  # 规下 firms are not scored on the 规上 set


def test_undetermined_firms_with_their_reasons_take_no_place():
    rules = percentile(min_land_mu=3)
    scored = scoring.score_frame(frame([
        firm(1, land_mu=10, tax=100),
        firm(2, land_mu=10, tax=90, too_new=True),
        firm(3, land_mu=10, tax=80, excluded=True),
        firm(4, land_mu=2, tax=70),  # less land than the scheme's minimum
        firm(5, land_mu=10),  # no tax given
        firm(6, land_mu=None, tax=60),  # no land at all: outside (below the minimum)
        firm(7, BELOW, land_mu=10, tax=50),  # the scheme has no 规下 set
        firm(8, land_mu=0, tax=60, too_new=True),
    ]), rules)
    assert scored["reason"].tolist() == ["", "new", "outside", "outside", "missing", "outside", "outside", "new"]
    assert scored["grade"].tolist() == ["B", "U", "U", "U", "U", "U", "U", "U"]
    assert scored["group_size"].tolist()[0] == 1 and scored["rank"].isna().sum() == 7


def test_missing_input_with_no_exclusion_still_shows_the_other_scores():
    rules = rules_of("threshold", (3, 2, 1), {ABOVE: [rule("tax_per_mu", 1, 1, 5), rule("value_added_per_energy", 1, 1, 5)]})
    scored = scoring.score_frame(frame([firm(1, land_mu=1, tax=2, value_added=5, energy=0)]), rules)
    assert scored.loc[0, "reason"] == "missing"
    assert scored.loc[0, "score_tax_per_mu"] == 2 and scored.loc[0, "score_value_added_per_energy"] is None


def test_consecutive_years_in_d():
    assert scoring.consecutive_d({2023: "D", 2024: "D", 2025: "D"}, 2025) == 3
    assert scoring.consecutive_d({2022: "D", 2023: "C", 2024: "D", 2025: "D"}, 2025) == 2
    assert scoring.consecutive_d({2023: "D", 2025: "D"}, 2025) == 1  # 2024 not graded ends the run
    assert scoring.consecutive_d({2024: "D", 2025: "U"}, 2025) == 0


def test_what_it_would_take_for_a_threshold_scheme_is_exact():
    rules = rules_of("threshold", (80, 60, 40), {ABOVE: [rule("tax_per_mu", 50, 20, 2), rule("rd_intensity", 50, 3, "1.2")]})
    scored = scoring.score_frame(frame([firm(1, land_mu=10, tax=100, rd=30, revenue=1000)]), rules)
    # 10 万元/亩 -> 25, 3% -> 50: 75, grade B; A needs 80.
    row = scored.iloc[0]
    assert row["grade"] == "B"
    breakdown = {f"{kind}_{c}": row[f"{kind}_{c}"] for c in ("tax_per_mu", "rd_intensity") for kind in ("value", "score")}
    needs = scoring.what_it_would_take(row["total"], "B", ABOVE, breakdown, rules, scoring.boundaries(scored, rules))
    assert needs[0]["value"] == 12  # (25+5)/50*20
    assert needs[1]["value"] == D("3.3")  # (50+5)/50*3 = 3.3, within the cap of 60, exactly
    lifted = scoring.score_frame(frame([firm(1, land_mu=10, tax=120, rd=30, revenue=1000)]), rules)
    assert lifted.iloc[0]["grade"] == "A"


def test_what_it_would_take_against_the_percentile_boundary():
    scored = scoring.score_frame(frame([firm(i, land_mu=1, tax=t) for i, t in enumerate([40, 30, 20, 10])]), percentile())
    bounds = scoring.boundaries(scored, percentile())
    assert bounds[(ABOVE, "A")] == 400  # 40 万元/亩 / 10 * 100
    row = scored.iloc[1]
    needs = scoring.what_it_would_take(row["total"], row["grade"], ABOVE,
                                       {"value_tax_per_mu": 30.0, "score_tax_per_mu": 300.0}, percentile(), bounds)
    assert row["grade"] == "B" and needs[0]["value"] == 40
    assert scoring.what_it_would_take(D(400), "A", ABOVE, {}, percentile(), bounds) == []


# --- the vectorised pass against the reference ----------------------------------------------------

CODES = list(scoring.INDICATORS)


def random_zone(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    firms = []
    for i in range(n):
        inputs = {}
        for name in scoring.INPUTS:
            roll = rng.random()
            # Some missing, some zero, a few repeated values (ties), the rest random.
            inputs[name] = None if roll < 0.05 else 0 if roll < 0.08 else int(rng.choice([5, 10])) if roll < 0.3 \
                else round(float(rng.uniform(0.5, 500)), 2)
        firms.append(firm(i, ABOVE if rng.random() < 0.6 else BELOW, too_new=bool(rng.random() < 0.05),
                          excluded=bool(rng.random() < 0.05), **inputs))
    sets = {}
    for scale in (ABOVE, BELOW):
        chosen = rng.choice(CODES, size=int(rng.integers(1, 6)), replace=False)
        sets[scale] = [rule(str(code), int(rng.integers(5, 40)), round(float(rng.uniform(1, 50)), 2),
                            str(rng.choice(["1.2", "1.5", "2"]))) for code in chosen]
    if rng.random() < 0.5:
        rules = rules_of("percentile", (25, 45, 25), sets, int(rng.choice([0, 1, 3])))
    else:
        rules = rules_of("threshold", (int(rng.integers(60, 90)), 40, 20), sets)
    return firms, rules


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_pandas_ranking_and_bands_match_the_row_by_row_reference(seed):
    firms, rules = random_zone(seed)
    scored = scoring.score_frame(frame(firms), rules)
    expected = score_firms(firms, rules)
    for (_index, row), want in zip(scored.iterrows(), expected):
        assert row["reason"] == want["reason"]
        assert row["grade"] == want["grade"]
        assert (None if pd.isna(row["rank"]) else int(row["rank"])) == want["rank"]
        assert int(row["group_size"]) == want["group_size"]
        if want["total"] is None:
            assert pd.isna(row["total"])
        else:
            assert row["total"] == want["total"]
        for code, (value, score) in want["breakdown"].items():
            assert (row[f"value_{code}"], row[f"score_{code}"]) == (value, score)
