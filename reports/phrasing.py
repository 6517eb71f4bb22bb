"""How the drafts word a figure, chosen by the figure itself, as real reports do: 增长 / 下降 /
持平, 超 / 低于序时进度, the change against last month's 1-N月 growth, the lead of a section.
Every wording choice of the year-end draft and the 月报 is made here; the numbers come from
indicators.statistics, already computed."""

from __future__ import annotations

from decimal import Decimal

from indicators import statistics as st


def _sign(value: Decimal, places: int) -> int:
    """-1, 0 or 1 as the value reads once rounded: 0.04% at one decimal is 持平, not 增长0.0%."""
    shown = st.quantize(value, places)
    return (shown > 0) - (shown < 0)


def _by_sign(value: Decimal | None, places: int, above: str, below: str, level: str, number) -> str:
    """`above` or `below` followed by the value's size as `number` writes it, or `level` when it
    rounds to nothing; "" without a value."""
    if value is None:
        return ""
    sign = _sign(value, places)
    if not sign:
        return level
    return (above if sign > 0 else below) + number(abs(value), places)


def growth(rate: Decimal | None, places: int) -> str:
    """同比增长8.0% / 同比下降3.2% / 与上年同期持平; "" without a rate."""
    return _by_sign(rate, places, "同比增长", "同比下降", "与上年同期持平", st.format_percent)


def growth_change(current: Decimal | None, previous: Decimal | None, previous_month: int, places: int) -> str:
    """The change against the 1-N月 growth a month earlier, in points from unrounded rates:
    比1-9月提高 / 回落X个百分点; while falling in both months, 降幅比1-9月扩大 / 收窄X个百分点."""
    if current is None or previous is None or previous_month < 1:
        return ""
    span = st.month_span(previous_month)
    change = current - previous
    points = st.format_points(change, places)
    moved = _sign(change, places)
    if _sign(current, places) < 0 and _sign(previous, places) < 0:
        if not moved:
            return f"降幅与{span}持平"
        return f"降幅比{span}{'收窄' if moved > 0 else '扩大'}{points}"
    if not moved:
        return f"增速与{span}持平"
    return f"比{span}{'提高' if moved > 0 else '回落'}{points}"


def growth_against_last_year(current: Decimal | None, last_year: Decimal | None, places: int) -> str:
    """较去年同期提高 / 回落X个百分点 (增速与去年同期持平): this growth against the growth of the same
    period last year, in points from unrounded rates; "" without both."""
    if current is None or last_year is None:
        return ""
    change = current - last_year
    moved = _sign(change, places)
    if not moved:
        return "增速与去年同期持平"
    return f"较去年同期{'提高' if moved > 0 else '回落'}{st.format_points(change, places)}"


def two_year_average(rate: Decimal | None, places: int) -> str:
    """两年平均增长6.1% / 两年平均下降2.0% / 两年平均持平; "" without a rate."""
    return _by_sign(rate, places, "两年平均增长", "两年平均下降", "两年平均持平", st.format_percent)


def pull(points: Decimal | None, places: int) -> str:
    """A part's share of its whole's growth: 拉动增长X个百分点 / 拉低X个百分点; "" when it rounds to nothing."""
    return _by_sign(points, places, "拉动增长", "拉低", "", st.format_points)


def rank(place: int | None, scope: str, reported: int, members: int) -> str:
    """增速居全市第N位 among a rank group's `members` zones (its `scope` word), or 增速在已报送的N个
    开发区中居第M位 while only `reported` of them have a figure; "" without a place."""
    if not place:
        return ""
    if reported < members:
        return f"增速在已报送的{reported}个开发区中居第{place}位"
    return f"增速居{scope}第{place}位"


def progress_gap(gap: Decimal | None, places: int) -> str:
    """超序时进度X个百分点 / 低于序时进度X个百分点 / 与序时进度持平, from the unrounded gap."""
    return _by_sign(gap, places, "超序时进度", "低于序时进度", "与序时进度持平", st.format_points)


def lag_warning(points: Decimal) -> str:
    """Why an indicator is flagged (statistics.lags_time_progress), and what it asks for."""
    return f"低于序时进度超过{st.format_number(points, 0)}个百分点，列入预警，需加快推进"


def lead(rates: list[tuple[str, Decimal, int]]) -> str:
    """The judgement on indicators' growth as a whole (name, rate, decimals shown), only where its
    rule holds: 主要指标保持增长 when every one grew, 主要指标同比下降 when every one fell, 有增有降
    naming what fell when some fell; "" otherwise (without rates, or some flat and none falling)."""
    rising = [name for name, rate, places in rates if _sign(rate, places) > 0]
    falling = [name for name, rate, places in rates if _sign(rate, places) < 0]
    if not rates or not falling and len(rising) < len(rates):
        return ""
    if not falling:
        return "主要指标保持增长"
    if len(falling) == len(rates):
        return "主要指标同比下降"
    text = "主要指标有增有降，" + "、".join(falling) + "同比下降"
    return text + ("，" + "、".join(rising) + "同比增长" if rising else "")
