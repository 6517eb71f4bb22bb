"""The wording of a figure is chosen by the figure: each case of reports.phrasing."""

from decimal import Decimal as D

import pytest

from reports import phrasing


@pytest.mark.parametrize("rate, places, text", [
    (D("8.0"), 1, "同比增长8.0%"),
    (D("11.7"), 1, "同比增长11.7%"),
    (D("-3.2"), 1, "同比下降3.2%"),
    (D("0.04"), 1, "与上年同期持平"),  # never 增长0.0%
    (D("-0.04"), 1, "与上年同期持平"),
    (D("0"), 2, "与上年同期持平"),
    (None, 1, ""),
])
def test_growth_reads_increase_decrease_or_level(rate, places, text):
    assert phrasing.growth(rate, places) == text


@pytest.mark.parametrize("current, previous, text", [
    (D("8.5"), D("8.0"), "比1-9月提高0.5个百分点"),  # rising
    (D("7.2"), D("8.0"), "比1-9月回落0.8个百分点"),  # growing more slowly
    (D("-2.0"), D("1.5"), "比1-9月回落3.5个百分点"),  # from growth to a fall
    (D("-4.5"), D("-3.2"), "降幅比1-9月扩大1.3个百分点"),  # a deepening decline
    (D("-2.1"), D("-3.2"), "降幅比1-9月收窄1.1个百分点"),  # a narrowing decline
    (D("3.0"), D("-1.0"), "比1-9月提高4.0个百分点"),  # from a fall to growth
    (D("8.04"), D("8.0"), "增速与1-9月持平"),
    (D("-3.21"), D("-3.2"), "降幅与1-9月持平"),
])
def test_change_against_last_months_cumulative_growth(current, previous, text):
    assert phrasing.growth_change(current, previous, 9, 1) == text


def test_change_needs_both_rates_and_an_earlier_month():
    assert phrasing.growth_change(D("8"), None, 9, 1) == ""
    assert phrasing.growth_change(None, D("8"), 9, 1) == ""
    assert phrasing.growth_change(D("8"), D("7"), 1, 1) == "比1月提高1.0个百分点"
    assert phrasing.growth_change(D("8"), D("7"), 0, 1) == ""


def test_change_is_taken_from_unrounded_rates():
    # 8.26 and 8.04 print 8.3 and 8.0, but the change is 0.22 points: 0.2, not 0.3.
    assert phrasing.growth_change(D("8.26"), D("8.04"), 9, 1) == "比1-9月提高0.2个百分点"


@pytest.mark.parametrize("gap, text", [
    (D("4.889"), "超序时进度4.89个百分点"),
    (D("-42.7533"), "低于序时进度42.75个百分点"),
    (D("0.004"), "与序时进度持平"),
    (None, ""),
])
def test_time_progress_gap(gap, text):
    assert phrasing.progress_gap(gap, 2) == text


def test_lead_fits_the_figures():
    assert phrasing.lead([("税收收入", D("5.1"), 1), ("固定资产投资", D("8.0"), 1)]) == "主要指标保持增长"
    assert phrasing.lead([("税收收入", D("-5.1"), 1), ("固定资产投资", D("-0.6"), 1)]) == "主要指标同比下降"
    assert phrasing.lead([("税收收入", D("5.1"), 1), ("固定资产投资", D("-3.2"), 1)]) == (
        "主要指标有增有降，固定资产投资同比下降，税收收入同比增长"
    )
    # No judgement without its rule: a flat indicator has not grown.
    assert phrasing.lead([("税收收入", D("0.01"), 1)]) == ""
    assert phrasing.lead([("税收收入", D("0.01"), 1), ("固定资产投资", D("8.0"), 1)]) == ""
    assert phrasing.lead([]) == ""


def test_lag_warning_gives_its_reason():
    assert phrasing.lag_warning(D(5)) == "低于序时进度超过5个百分点，列入预警，需加快推进"


def test_two_year_average_and_pull_read_by_their_sign():
    from reports import phrasing as ph

    assert ph.two_year_average(D("6.14"), 1) == "两年平均增长6.1%"
    assert ph.two_year_average(D("-2"), 1) == "两年平均下降2.0%"
    assert ph.two_year_average(D("0.04"), 1) == "两年平均持平"
    assert ph.pull(D("3.24"), 1) == "拉动增长3.2个百分点"
    assert ph.pull(D("-0.5"), 1) == "拉低0.5个百分点"
    assert ph.pull(D("0.01"), 1) == "" and ph.pull(None, 1) == ""
