from decimal import Decimal as D

import pytest

from indicators import statistics as st


def test_month_values_from_ytd_skips_missing_months():
    # Fixed-asset investment has no January figure: February's month value is Jan-Feb.
    assert st.month_values_from_ytd({2: D("3.1"), 3: D("5.0"), 5: D("9.5")}) == {2: D("3.1"), 3: D("1.9"), 5: D("4.5")}


def test_ytd_from_month_values_and_back():
    months = {1: D("2"), 2: D("3"), 3: None, 4: D("5")}
    ytd = st.ytd_from_month_values(months)
    assert ytd == {1: D("2"), 2: D("5"), 3: None, 4: D("10")}
    assert st.month_values_from_ytd(ytd) == months


def test_neighbouring_ytd_skips_months_without_a_figure():
    earlier, later = st.neighbouring_ytd({2: D("3"), 3: None, 5: D("9")})
    assert earlier[5] == earlier[4] == (2, D("3")) and earlier[2] is None and earlier[12] == (5, D("9"))
    assert later[2] == later[3] == (5, D("9")) and later[1] == (2, D("3")) and later[5] is None


def test_seed_004_completion_and_gap():
    # 固定资产投资 22.32亿元 of a 55亿元 target at October = 40.58%, 42.75 points behind 83.33%.
    completion = st.completion_percent(D("22.32"), D("55"))
    assert st.format_percent(completion) == "40.58%"
    assert st.format_percent(st.time_progress_percent(10)) == "83.33%"
    gap = st.progress_gap_points(completion, 10)
    assert st.describe_gap(gap) == "落后序时进度42.75个百分点"
    # 税收 26362万元 of 3亿元 = 87.87%
    target = st.convert(D("3"), "亿元", "万元")
    assert target == D("30000")
    assert st.format_percent(st.completion_percent(D("26362"), target)) == "87.87%"


def test_gap_uses_unrounded_values():
    # Shown as 97.2% at October, the gap is 13.8 points: computed from 97.15 and 83.333…,
    # not from the rounded 97.2 and 83.3 (which would give 13.9). PITFALLS.md.
    completion = st.completion_percent(D("97.15"), D("100"))
    assert st.format_percent(completion, 1) == "97.2%"
    assert st.format_points(st.progress_gap_points(completion, 10), 1) == "13.8个百分点"


def test_growth_and_published_rate_wins():
    assert st.format_percent(st.growth_percent(D("1950.57"), D("1699.55"))) == "14.77%"
    assert st.growth_percent(D("5"), D("0")) is None
    assert st.describe_growth(D("-3.2"), 1) == "同比下降3.2%"
    figures = st.figures_at(
        9, {9: D("1950.57")}, {9: D("200")}, {9: D("1800")}, {9: D("150")}, {9: D("14.77")}, None
    )
    assert figures.yoy_growth == D("14.77") and figures.yoy_is_published
    computed = st.figures_at(9, {9: D("1950.57")}, {}, {9: D("1800")}, {}, {}, None)
    assert st.format_percent(computed.yoy_growth) == "8.37%"


def test_figures_run_to_latest_month_with_data():
    ytd = {m: D(m * 20) for m in range(1, 10)}  # data through September only
    figures = st.figures_at(10, ytd, st.month_values_from_ytd(ytd), {}, {}, {}, D("260"))
    assert figures.month == 9
    assert figures.ytd_value == D("180")
    assert figures.time_progress == D(9) / D(12) * 100
    exact = st.figures_at(10, ytd, {}, {}, {}, {}, D("260"), latest_available=False)
    assert exact.month == 10 and exact.ytd_value is None


def test_published_growth_alone_counts_as_data():
    figures = st.figures_at(10, {}, {}, {}, {}, {10: D("21.5")}, None)
    assert figures.month == 10 and figures.ytd_value is None and figures.yoy_growth == D("21.5")


def test_month_on_month_and_month_yoy():
    figures = st.figures_at(3, {3: D("9")}, {2: D("2"), 3: D("3")}, {}, {3: D("2")}, {}, None)
    assert figures.mom_growth == D("50")
    assert figures.month_yoy_growth == D("50")


@pytest.mark.parametrize(
    "value, src, dst, expected",
    [
        (D("3"), "亿元", "万元", D("30000")),
        (D("25.4"), "亿元", "万元", D("254000")),
        (D("26362"), "万元", "亿元", D("2.6362")),
        (D("1"), "万美元", "美元", D("10000")),
        (D("15"), "亩", "公顷", D("1")),
        (D("1"), "公顷", "平方米", D("10000")),
    ],
)
def test_unit_conversion(value, src, dst, expected):
    assert st.convert(value, src, dst) == expected


def test_mu_in_square_metres():
    assert st.format_number(st.convert(D("1"), "亩", "m²"), 2) == "666.67"


def test_conversion_across_families_is_refused():
    with pytest.raises(st.UnitError):
        st.convert(D("1"), "亿元", "万美元")
    with pytest.raises(st.UnitError):
        st.normalise_unit("斤")


def test_time_progress_bounds():
    assert st.time_progress_percent(12) == D(100)
    with pytest.raises(ValueError):
        st.time_progress_percent(13)


def test_display():
    assert st.format_amount(D("22.3200"), "亿元") == "22.32亿元"
    assert st.format_amount(D("26362"), "万元", 0) == "26362万元"
    assert st.format_amount(None, "亿元") == "—"
    assert st.month_span(9) == "1-9月" and st.month_span(1) == "1月"
    assert st.plain_number(D("22.3200")) == "22.32" and st.plain_number(D("26362.0000")) == "26362"
    assert st.format_number(D("0.005"), 2) == "0.01"  # half up, as statistics bureaus round


def test_projection_linear_without_history():
    value, method = st.project_year_end(D("50"), 10)
    assert method == "linear" and value == D("60")


def test_projection_seasonal_with_history():
    # Earlier years reached 40% of their total by October: 22.32 / 0.4 = 55.8.
    history = [{10: D("40"), 12: D("100")}, {10: D("20"), 12: D("50")}]
    value, method = st.project_year_end(D("22.32"), 10, history)
    assert method == "seasonal" and value == D("55.8")


def test_per_unit_and_ratio():
    assert st.per_unit(D("100"), D("4")) == D("25")
    assert st.per_unit(D("100"), D("0")) is None
    assert st.ratio_percent(D("523"), D("550")).quantize(D("0.01")) == D("95.09")


def test_pull_points_is_a_parts_increase_over_the_wholes_base():
    # 国税 20000 -> 21000 of a tax base of 25000: 4 points of the whole's growth.
    assert st.pull_points(D("21000"), D("20000"), D("25000")) == D("4")
    assert st.pull_points(D("19000"), D("20000"), D("25000")) == D("-4")
    assert st.pull_points(D("1"), None, D("25000")) is None and st.pull_points(D("1"), D("1"), D("0")) is None


def test_two_year_average_growth_compounds_and_needs_both_years():
    assert st.two_year_average_growth(D("121"), D("100")) == D("10")
    assert st.quantize(st.two_year_average_growth(D("81"), D("100")), 1) == D("-10.0")
    assert st.two_year_average_growth(D("121"), None) is None and st.two_year_average_growth(D("-1"), D("100")) is None


def test_an_abnormal_base_is_a_last_year_growth_beyond_the_setting(settings):
    settings.ABNORMAL_BASE_POINTS = 15
    assert st.abnormal_base(D("-20")) and st.abnormal_base(D("15.1"))
    assert not st.abnormal_base(D("15")) and not st.abnormal_base(D("-3")) and not st.abnormal_base(None)


def test_rank_of_counts_the_rates_shown_higher():
    rates = {"a": D("8.04"), "b": D("8.0"), "c": D("9.1"), "d": None}
    assert st.rank_of("a", rates, 1) == 2 and st.rank_of("b", rates, 1) == 2 and st.rank_of("c", rates, 1) == 1
    assert st.rank_of("d", rates, 1) is None and st.rank_of("a", {"a": D("1")}, 1) is None


def test_units_by_family_convert_within_and_never_across():
    assert st.convert(D("1.5"), "亿元", "千元") == D("150000")
    assert st.convert(D("2"), "万吨标准煤", "吨标准煤") == 20000
    assert st.convert(D("3"), "亿千瓦时", "万千瓦时") == 30000
    for across in (("万美元", "万元"), ("吨标准煤", "吨"), ("千瓦时", "吨标准煤")):
        with pytest.raises(st.UnitError):
            st.convert(D(1), *across)
