"""The statistical rules of zone reporting, in one place.

Everything that turns stored figures into what people read (month value from YTD and
back, growth, completion, time progress, units, Chinese display) is computed here, so the
entry page, dashboard, exports and reports always agree. Pure functions on Decimal; no
database access.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping

from django.conf import settings
from django.utils.translation import gettext as _

from core.numbers import decimal_places

HUNDRED = Decimal(100)

# --- units -------------------------------------------------------------------------------

# Each unit belongs to a family and has a factor to the family's base unit. Amounts are
# converted only within a family (亿元 to 万元, never 亿元 to 万美元).
UNIT_FAMILIES: dict[str, dict[str, Decimal]] = {
    # 千元: the unit of the statistics bureau's returns.
    "cny": {"元": Decimal(1), "千元": Decimal(10) ** 3, "万元": Decimal(10) ** 4, "亿元": Decimal(10) ** 8},
    "usd": {"美元": Decimal(1), "万美元": Decimal(10) ** 4, "亿美元": Decimal(10) ** 8},
    # 1亩 = 1/15 公顷 = 10000/15 m² exactly; 666.67 is only its rounded display.
    "area": {"平方米": Decimal(1), "亩": Decimal(10000) / Decimal(15), "公顷": Decimal(10000)},
    # Energy consumption (亩均能耗) in 吨标准煤; electricity in 千瓦时.
    "coal_equivalent": {"吨标准煤": Decimal(1), "万吨标准煤": Decimal(10) ** 4},
    "electricity": {"千瓦时": Decimal(1), "万千瓦时": Decimal(10) ** 4, "亿千瓦时": Decimal(10) ** 8},
    "weight": {"吨": Decimal(1), "万吨": Decimal(10) ** 4},
    "enterprises": {"家": Decimal(1)},
    "items": {"个": Decimal(1)},
    "parcels": {"宗": Decimal(1)},
    "entries": {"条": Decimal(1)},
    "households": {"户": Decimal(1)},
    "people": {"人": Decimal(1), "万人": Decimal(10) ** 4},
    "percent": {"%": Decimal(1)},
}
UNIT_ALIASES = {"m²": "平方米", "m2": "平方米", "㎡": "平方米", "ha": "公顷", "公頃": "公顷"}
UNITS: dict[str, str] = {
    unit: family for family, units in UNIT_FAMILIES.items() for unit in units
}


class UnitError(ValueError):
    pass


def normalise_unit(unit: str) -> str:
    unit = (unit or "").strip()
    unit = UNIT_ALIASES.get(unit, unit)
    if unit not in UNITS:
        raise UnitError(f"未知单位“{unit}”")
    return unit


def unit_family(unit: str) -> str:
    return UNITS[normalise_unit(unit)]


def same_family_units(unit: str) -> list[str]:
    return list(UNIT_FAMILIES[unit_family(unit)])


def convert(value: Decimal | None, from_unit: str, to_unit: str) -> Decimal | None:
    """Convert an amount between units of one family (3亿元 -> 30000万元)."""
    if value is None or from_unit == to_unit:  # the usual call, spared the normalising
        return value
    from_unit, to_unit = normalise_unit(from_unit), normalise_unit(to_unit)
    if from_unit == to_unit:
        return value
    if UNITS[from_unit] != UNITS[to_unit]:
        raise UnitError(f"“{from_unit}”不能换算为“{to_unit}”")
    family = UNIT_FAMILIES[UNITS[from_unit]]
    return value * family[from_unit] / family[to_unit]


# --- month values and year-to-date ---------------------------------------------------------


def month_values_from_ytd(ytd: Mapping[int, Decimal | None]) -> dict[int, Decimal | None]:
    """本月 = YTD(N) − YTD of the latest earlier month with data (0 before the first).

    A missing earlier month is skipped rather than read as zero: fixed-asset investment has
    no January figure, so its first month value is the January-February total.
    """
    months: dict[int, Decimal | None] = {}
    previous = Decimal(0)
    for month in sorted(ytd):
        value = ytd[month]
        if value is None:
            months[month] = None
            continue
        months[month] = value - previous
        previous = value
    return months


# How an indicator's figures are entered: which column staff type and which one is derived.
ENTRY_YTD = "ytd"  # a flow typed as 1-N月累计; 本月 derived
ENTRY_MONTH = "month"  # a flow typed month by month; 1-N月累计 derived
ENTRY_LEVEL = "level"  # a stock's month-end level, in both columns


def entry_of(kind: str, entry_mode: str) -> str:
    """The entry of an indicator of `kind` (Indicator.Kind) entered by `entry_mode` (EntryMode)."""
    if kind != "flow":
        return ENTRY_LEVEL
    return ENTRY_MONTH if entry_mode == "month" else ENTRY_YTD


@dataclass(frozen=True)
class ReadMonths:
    """A year of one indicator as it may be read: a derived figure that would span a missing
    month is unknown (None), with the reason in `notes` by month. February reported with January
    as 1-2月 (no January figure) has no month value and no note: `combined` holds it."""

    ytd: dict[int, Decimal | None]
    month_values: dict[int, Decimal | None]
    notes: dict[int, str]
    combined: frozenset[int]
    entry: str = ENTRY_YTD


def read_months(ytd: Mapping[int, Decimal | None], month_values: Mapping[int, Decimal | None], entry: str) -> ReadMonths:
    """What of the stored figures (ytd, month values as written) may be read. The stored ones are
    left as they are (an approved month keeps its figures and fingerprint); only what is read
    changes: 本月 needs last month's 1-N月累计, and a 1-N月累计 built from month values needs every
    month before it."""
    if entry == ENTRY_YTD:
        months, notes, combined = dict(month_values), {}, set()
        for month, value in ytd.items():
            if month == 1 or value is None or ytd.get(month - 1) is not None:
                continue
            months[month] = None
            if month == 2:
                combined.add(month)
            else:
                notes[month] = _("%(m)s月累计数未填报，本月数无法得出") % {"m": month - 1}
        return ReadMonths(dict(ytd), months, notes, frozenset(combined), entry)
    if entry == ENTRY_MONTH:
        cumulative, notes = dict(ytd), {}
        for month, value in ytd.items():
            missing = next((m for m in range(1, month) if month_values.get(m) is None), None)
            if value is not None and missing is not None:
                cumulative[month] = None
                notes[month] = _("%(m)s月当月数未填报，累计数无法得出") % {"m": missing}
        return ReadMonths(cumulative, dict(month_values), notes, frozenset(), entry)
    return ReadMonths(dict(ytd), dict(month_values), {}, frozenset(), entry)


def ytd_from_month_values(month_values: Mapping[int, Decimal | None]) -> dict[int, Decimal | None]:
    """YTD(N) = sum of the month values January to N; a month without a value adds nothing."""
    running = Decimal(0)
    ytd: dict[int, Decimal | None] = {}
    for month in sorted(month_values):
        value = month_values[month]
        if value is None:
            ytd[month] = None
            continue
        running += value
        ytd[month] = running
    return ytd


def neighbouring_ytd(ytd: Mapping[int, Decimal | None]) -> tuple[dict, dict]:
    """For each month 1-12, the (month, YTD) of the latest earlier and of the earliest later month
    that has a YTD figure, or None: two dicts by month."""
    return _nearest_passed(ytd, range(1, 13)), _nearest_passed(ytd, range(12, 0, -1))


def _nearest_passed(ytd: Mapping[int, Decimal | None], months: range) -> dict:
    """Walking `months` in their order: for each, the last month passed that has a figure."""
    nearest, by_month = None, {}
    for month in months:
        by_month[month] = nearest
        if ytd.get(month) is not None:
            nearest = (month, ytd[month])
    return by_month


# --- growth, completion, time progress -----------------------------------------------------


def growth_percent(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """(current ÷ base − 1) × 100; None when either is missing or the base is zero.

    Used for 同比 (base = same period last year) and 环比 (base = previous month).
    """
    if current is None or base is None or base == 0:
        return None
    return (current / base - 1) * HUNDRED


def completion_percent(ytd: Decimal | None, annual_target: Decimal | None) -> Decimal | None:
    """完成率 = YTD ÷ annual target × 100."""
    if ytd is None or annual_target is None or annual_target == 0:
        return None
    return ytd / annual_target * HUNDRED


def time_progress_percent(month: int) -> Decimal:
    """序时进度 = N ÷ 12 × 100 for data through month N (83.33 at October)."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    return Decimal(month) / Decimal(12) * HUNDRED


def progress_gap_points(completion: Decimal | None, month: int) -> Decimal | None:
    """Completion minus time progress, in percentage points, from unrounded values.

    Positive: 超序时进度; negative: 落后序时进度.
    """
    if completion is None:
        return None
    return completion - time_progress_percent(month)


def pull_points(part: Decimal | None, part_base: Decimal | None, whole_base: Decimal | None) -> Decimal | None:
    """拉动: how many points of the whole's growth a part contributes, its increase over the
    whole's base (国税 up 1000 of last year's 20000 in all tax: 5 points)."""
    if part is None or part_base is None or not whole_base:
        return None
    return (part - part_base) / whole_base * 100


def two_year_average_growth(current: Decimal | None, two_years_before: Decimal | None) -> Decimal | None:
    """两年平均增长: the yearly rate that compounds into the change over two years (121 from 100: 10%)."""
    if current is None or not two_years_before or current / two_years_before <= 0:
        return None
    return ((current / two_years_before).sqrt() - 1) * 100


def abnormal_base(last_year_growth: Decimal | None) -> bool:
    """Whether last year's figure is too far off its own trend to be a fair base (a year of
    closures): its growth beyond ±settings.ABNORMAL_BASE_POINTS. Reports then add 两年平均增长."""
    return last_year_growth is not None and abs(last_year_growth) > Decimal(str(settings.ABNORMAL_BASE_POINTS))


def rank_of(key, rates: Mapping[object, Decimal | None], places: int) -> int | None:
    """位次 of `key` among the growth rates as shown (rounded to `places`, so equal-looking rates
    share a place): one more than the number shown higher. None without its rate or a second one."""
    shown = {k: quantize(rate, places) for k, rate in rates.items() if rate is not None}
    if key not in shown or len(shown) < 2:
        return None
    return 1 + sum(1 for rate in shown.values() if rate > shown[key])


def ratio_percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """A share in percent (占年计划%, 占总投资%, 整改率)."""
    return completion_percent(part, whole)


def per_unit(amount: Decimal | None, quantity: Decimal | None) -> Decimal | None:
    """An amount per unit of something (亩均税收 = tax ÷ 亩)."""
    if amount is None or quantity is None or quantity == 0:
        return None
    return amount / quantity


# --- year-end projection --------------------------------------------------------------------


def seasonal_share(history: Iterable[Mapping[int, Decimal | None]], month: int) -> Decimal | None:
    """Average share of the full year reached by month N in earlier complete years.

    Each history item is an earlier year's YTD series; only years with both month N and
    December count. None when no earlier year qualifies.
    """
    shares = []
    for ytd in history:
        at_month, at_year_end = ytd.get(month), ytd.get(12)
        if at_month is None or not at_year_end:
            continue
        shares.append(at_month / at_year_end)
    if not shares:
        return None
    return sum(shares) / len(shares)


def project_year_end(
    ytd: Decimal | None, month: int, history: Iterable[Mapping[int, Decimal | None]] = ()
) -> tuple[Decimal | None, str]:
    """Where a flow indicator's year will end, and the method used.

    With earlier years: YTD ÷ their average share reached by this month (seasonal). Without:
    the straight pace, YTD × 12 ÷ N.
    """
    if ytd is None:
        return None, "none"
    share = seasonal_share(history, month)
    if share:
        return ytd / share, "seasonal"
    return ytd * Decimal(12) / Decimal(month), "linear"


# --- display ---------------------------------------------------------------------------------


# Decimals shown for percentages, and for amounts that are not one indicator's (records' totals).
PERCENT_PLACES = 2
AMOUNT_PLACES = 2


def quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | None, decimals: int = 2, grouping: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{quantize(value, decimals):,.{decimals}f}" if grouping else f"{quantize(value, decimals):.{decimals}f}"
    return text


def plain_number(value: Decimal | None) -> str:
    """A stored figure as a person would type it: 22.3200 -> 22.32, 26362.0000 -> 26362."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount(value: Decimal | None, unit: str, decimals: int = AMOUNT_PLACES) -> str:
    """Chinese display of an amount: 22.32亿元, 26362万元, 227家."""
    if value is None:
        return "—"
    return f"{format_number(value, decimals)}{unit}"


# The next larger unit of a family, for round figures such as targets (40000万元 reads 4亿元).
LARGER_UNIT = {"元": "万元", "千元": "万元", "万元": "亿元", "美元": "万美元", "万美元": "亿美元"}


def format_round_amount(value: Decimal | None, unit: str, decimals: int = 2) -> str:
    """A round amount in the largest unit that shows it exactly with at most `decimals`
    decimals, without trailing zeros: 40000万元 -> 4亿元, 16000万元 -> 1.6亿元, 55亿元 -> 55亿元,
    12345万元 stays 12345万元. Used for targets, which are set as round figures."""
    if value is None:
        return "—"
    unit = normalise_unit(unit)
    while unit in LARGER_UNIT:
        larger = convert(value, unit, LARGER_UNIT[unit])
        if abs(larger) < 1 or quantize(larger, decimals) != larger:
            break
        value, unit = larger, LARGER_UNIT[unit]
    return f"{plain_number(quantize(value, decimals))}{unit}"


# The units a sentence may show an amount of these families in, smallest first (reports read 亿元
# and 万元, never 元 or 亿美元 at these zones' sizes).
READING_UNITS = {"cny": ("万元", "亿元")}
# Decimals of an amount converted into another unit, unless the zone's style says otherwise
# (ReportStyle.amount_places): 37644万元 reads 3.76亿元.
CONVERTED_PLACES = 2


def reading_unit(reference: Decimal | None, unit: str) -> str:
    """The unit an indicator's amounts read in all year: the largest reading unit its `reference`
    (a figure that stays put through the year: the annual target, else last year's total) reaches
    1 of, so that the same figure reads in the same unit in every draft (8000万元 of a 3亿元
    target reads 0.80亿元, in January as in December). Units without reading units stay as stored."""
    unit = normalise_unit(unit)
    choices = READING_UNITS.get(UNITS[unit])
    if not choices or not reference:
        return unit
    return next((c for c in reversed(choices) if convert(abs(reference), unit, c) >= 1), choices[0])


def sentence_unit(units: Iterable[str], unit: str) -> str:
    """The one unit a sentence shows every amount of `unit`'s family in (one money unit per
    sentence): the largest of its amounts' reading `units` of that family; `unit` when none is."""
    family = UNIT_FAMILIES[unit_family(unit)]
    same = [u for u in units if u in family]
    return max(same, key=family.__getitem__) if same else unit


def amount_in(value: Decimal | None, unit: str, shown_unit: str, places: int, converted_places: int = CONVERTED_PLACES) -> str:
    """An amount in the sentence's unit: in its own unit with `places` decimals (as entered, 3.60亿元
    stays 3.60亿元), else converted and read to the house's `converted_places` (37644万元 -> 3.76亿元)."""
    if value is None:
        return "—"
    if shown_unit == unit:
        return format_amount(value, unit, places)
    return format_amount(convert(value, unit, shown_unit), shown_unit, converted_places)


def round_amount_in(value: Decimal | None, unit: str, shown_unit: str) -> str:
    """A round figure (a target) in the clause's unit, without trailing zeros: 30000万元 -> 3亿元."""
    if value is None:
        return "—"
    return f"{plain_number(quantize(convert(value, unit, shown_unit), CONVERTED_PLACES))}{shown_unit}"


def shown_places(typed: int | None, default: int) -> int:
    """Decimals a stored figure is shown with: as typed when known, else the column's default."""
    return default if typed is None else typed


def combined_places(places: Iterable[int | None]) -> int | None:
    """Decimals of a sum or difference of typed figures (a YTD from month values): the most any
    term has; unknown when any term's is."""
    places = list(places)
    if not places or None in places:
        return None
    return max(places)


def growth_places(figures: "IndicatorFigures", computed: int) -> int:
    """Decimals of 同比: a published rate as typed (or, typed before that was kept, as many as it
    needs: 14.77, 8), a computed one `computed` (the zone's house style)."""
    if figures.yoy_is_published:
        return figures.yoy_places if figures.yoy_places is not None else decimal_places(figures.published_yoy)
    return computed


# Counts whose growth rate says nothing a report would print (排查安全隐患550条, not 同比增长…).
COUNT_FAMILIES = {"items", "parcels", "entries", "households", "people", "enterprises"}


def reported_growth(indicator, figures: "IndicatorFigures") -> Decimal | None:
    """The 同比 a report states for a flow: the published rate, else the computed one for amounts
    (a stock's level or a count of hazards found is read on its own); None when it states none."""
    if not indicator.is_flow:
        return None
    if figures.yoy_is_published:
        return figures.published_yoy
    if UNITS[normalise_unit(indicator.unit)] in COUNT_FAMILIES:
        return None
    return figures.yoy_growth


def format_percent(value: Decimal | None, decimals: int = PERCENT_PLACES) -> str:
    """40.58%; growth keeps its sign only when negative (增长 / 下降 say the direction)."""
    if value is None:
        return "—"
    return f"{format_number(value, decimals)}%"


def format_points(value: Decimal | None, decimals: int = 2) -> str:
    if value is None:
        return "—"
    return f"{format_number(abs(value), decimals)}个百分点"


def describe_gap(gap: Decimal | None, decimals: int = 2) -> str:
    """超序时进度 X个百分点 / 落后序时进度 X个百分点, in the page's language (reports phrase
    their own, always in Chinese: reports.phrasing)."""
    if gap is None:
        return ""
    points = format_number(abs(gap), decimals)
    if gap >= 0:
        return _("超序时进度%(points)s个百分点") % {"points": points}
    return _("落后序时进度%(points)s个百分点") % {"points": points}


def describe_growth(growth: Decimal | None, decimals: int = 2) -> str:
    """同比增长 21.5% / 同比下降 3.2%, in the page's language."""
    if growth is None:
        return ""
    if growth >= 0:
        return _("同比增长%(rate)s") % {"rate": format_percent(growth, decimals)}
    return _("同比下降%(rate)s") % {"rate": format_percent(-growth, decimals)}


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 in Chinese as section numbers use it: 一, 十, 十二, 二十, 二十三."""
    if not 1 <= n <= 99:
        raise ValueError("section numbers run from 1 to 99")
    tens, units = divmod(n, 10)
    text = ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" if tens else ""
    return text + (CHINESE_DIGITS[units] if units else "")


def month_span(month: int) -> str:
    """1-9月 (or 1月 for January)."""
    return "1月" if month == 1 else f"1-{month}月"


# --- one indicator at one month ----------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFigures:
    """What every view shows for one indicator of one zone at one month."""

    month: int | None  # the month the figures run to (latest with data up to the as-of month)
    month_value: Decimal | None
    ytd_value: Decimal | None
    last_year_month_value: Decimal | None
    last_year_ytd: Decimal | None
    previous_month_value: Decimal | None
    annual_target: Decimal | None
    published_yoy: Decimal | None
    # Decimals as typed (None: unknown, shown with the indicator's default).
    ytd_places: int | None = None
    month_places: int | None = None
    yoy_places: int | None = None
    # Why the derived figure (本月 of a 1-N月累计, or the 累计 of month values) is unknown.
    unknown_note: str = ""
    # February reported with January as 1-2月: no month value, and no note.
    with_january: bool = False

    @property
    def month_value_note(self) -> str:
        """Why 本月 is "—" (a missing 1-N月累计 before it), else ""."""
        return self.unknown_note if self.month_value is None else ""

    @property
    def ytd_note(self) -> str:
        """Why 1-N月累计 is "—" (a missing month value before it), else ""."""
        return self.unknown_note if self.ytd_value is None else ""

    @property
    def yoy_growth(self) -> Decimal | None:
        """同比 of the YTD figure: the bureau's published rate wins over our own computation."""
        if self.published_yoy is not None:
            return self.published_yoy
        return growth_percent(self.ytd_value, self.last_year_ytd)

    @property
    def yoy_is_published(self) -> bool:
        return self.published_yoy is not None

    @property
    def month_yoy_growth(self) -> Decimal | None:
        return growth_percent(self.month_value, self.last_year_month_value)

    @property
    def mom_growth(self) -> Decimal | None:
        return growth_percent(self.month_value, self.previous_month_value)

    @property
    def completion(self) -> Decimal | None:
        return completion_percent(self.ytd_value, self.annual_target)

    @property
    def time_progress(self) -> Decimal | None:
        return time_progress_percent(self.month) if self.month else None

    @property
    def gap_points(self) -> Decimal | None:
        if self.month is None:
            return None
        return progress_gap_points(self.completion, self.month)


def tracks_time_progress(indicator, figures: IndicatorFigures) -> bool:
    """Whether 完成率 is read against 序时进度 (completion charts, 预警): flows with a target and a
    figure. A stock's target (企业数) is a level to reach, not a sum that grows month by month."""
    return indicator.is_flow and figures.completion is not None


def lags_time_progress(indicator, figures: IndicatorFigures) -> bool:
    """The early-warning rule (预警) of dashboards and briefings alike: behind time progress by
    more than settings.WARNING_GAP_POINTS points."""
    return tracks_time_progress(indicator, figures) and figures.gap_points < -warning_points()


def warning_points() -> Decimal:
    """How far behind time progress an indicator may fall before it is flagged."""
    return Decimal(str(settings.WARNING_GAP_POINTS))


def figures_at(
    month: int,
    ytd: Mapping[int, Decimal | None],
    month_values: Mapping[int, Decimal | None],
    last_year_ytd: Mapping[int, Decimal | None],
    last_year_month_values: Mapping[int, Decimal | None],
    published_yoy: Mapping[int, Decimal | None],
    annual_target: Decimal | None,
    *,
    latest_available: bool = True,
    places: Mapping[int, tuple[int | None, int | None]] | None = None,
    entered_in_ytd: bool = True,
    notes: Mapping[int, str] | None = None,
    combined: Iterable[int] = (),
) -> IndicatorFigures:
    """Figures for an indicator as of `month`, from its figures as they may be read (read_months:
    `notes` and `combined` are its, the dicts its or plain ones).

    With `latest_available`, the figures run to the latest month up to `month` that has data
    (output reported to September in a report as of October), as reports do. `places` gives the
    (entered, published growth) decimals typed each month; the column not entered is derived, so
    its decimals are those of the figures it is derived from.
    """
    run_to: int | None = month
    if latest_available:
        run_to = next(
            (
                m
                for m in range(month, 0, -1)
                if ytd.get(m) is not None or published_yoy.get(m) is not None
            ),
            None,
        )
    if run_to is None:
        return IndicatorFigures(None, None, None, None, None, None, annual_target, None)
    places = places or {}
    typed = {m: p[0] for m, p in places.items()}
    entered = ytd if entered_in_ytd else month_values
    # The months whose entered figures the derived one is made of.
    if entered_in_ytd:
        earlier = next((m for m in range(run_to - 1, 0, -1) if ytd.get(m) is not None), None)
        ytd_places = typed.get(run_to)
        month_places = combined_places([typed.get(m) for m in (run_to, earlier) if m])
    else:
        month_places = typed.get(run_to)
        ytd_places = combined_places([typed.get(m) for m in range(1, run_to + 1) if entered.get(m) is not None])
    return IndicatorFigures(
        month=run_to,
        month_value=month_values.get(run_to),
        ytd_value=ytd.get(run_to),
        last_year_month_value=last_year_month_values.get(run_to),
        last_year_ytd=last_year_ytd.get(run_to),
        previous_month_value=month_values.get(run_to - 1) if run_to > 1 else None,
        annual_target=annual_target,
        published_yoy=published_yoy.get(run_to),
        ytd_places=ytd_places,
        month_places=month_places,
        yoy_places=places.get(run_to, (None, None))[1],
        unknown_note=(notes or {}).get(run_to, ""),
        with_january=run_to in set(combined),
    )
