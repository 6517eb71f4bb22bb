"""The checks of monthly values before any write: errors that block a save (YTD order, parts
within their whole, locked months, sizes) and warnings that need the user's confirmation (jumps,
growth against the published rate). indicators.services.save_values runs them for every channel."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import clock
from core.numbers import typed_places
from core.periods import period_errors
from core.text import field_text

from . import statistics
from .models import Indicator, MonthlyValue, ZoneMonth
from .selectors import Series, SeriesKey, ValueTable

# Decimal(20, 4) columns hold at most 16 integer digits.
MAX_ABS_VALUE = Decimal(10) ** 15
MAX_ABS_GROWTH = Decimal(10) ** 6
JUMP_FACTOR = Decimal(3)


@dataclass(slots=True)
class ValueInput:
    """One figure as a user gave it: `value` means what the entry form means for the
    indicator (the YTD figure when it is entered as 1-N月累计), in the indicator's unit."""

    zone: object
    indicator: Indicator
    year: int
    month: int
    value: Decimal | None
    published_yoy: Decimal | None = None
    comment: str = ""
    row: int | None = None  # the source row of an import, for error messages
    # Decimals as typed (the form and the import parse text into Decimals that keep them): a
    # published 8.0 prints 8.0%, an entered 7.5 prints 7.5亿元.
    entered_places: int | None = field(init=False, repr=False, compare=False)
    yoy_places: int | None = field(init=False, repr=False, compare=False)
    # Read several times per figure by the checks and the write: computed once.
    key: tuple = field(init=False, repr=False, compare=False)
    series_key: tuple = field(init=False, repr=False, compare=False)
    entered_in_ytd: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        indicator = self.indicator
        self.series_key = (self.zone.pk, indicator.pk, self.year)
        self.key = (*self.series_key, self.month)
        self.entered_in_ytd = indicator.entered_in_ytd
        self.entered_places = typed_places(self.value)
        yoy = self.published_yoy  # blank in most imported rows
        self.yoy_places = None if yoy is None else typed_places(yoy)


@dataclass
class Problem:
    input: ValueInput
    field: str  # value, published_yoy, comment, month
    code: str
    message: str


@dataclass
class CheckResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    table: ValueTable | None = None  # the values as they would be after saving
    stored: dict[SeriesKey, Series] = field(default_factory=dict)  # the series the batch touches, as they were
    by_series: dict[SeriesKey, list[ValueInput]] = field(default_factory=dict)  # the inputs, as _by_series

    @property
    def ok(self) -> bool:
        return not self.errors

    def before(self, item: ValueInput) -> tuple | None:
        """(entered value, published growth, comment) of the input's month as stored before the
        batch, or None when the month had no row: an import's new / changed / unchanged."""
        series = self.stored.get(item.series_key)
        if series is None or item.month not in series.pks:
            return None
        entered = series.ytd if item.entered_in_ytd else series.month_values
        return entered.get(item.month), series.published_yoy.get(item.month), series.comments.get(item.month, "")


def _recompute(indicator: Indicator, series: Series) -> None:
    """Derive the stored column that was not entered, for the whole year."""
    if not indicator.is_flow:
        series.month_values = dict(series.ytd)
    elif indicator.enters_ytd:
        series.month_values = statistics.month_values_from_ytd(series.ytd)
    else:
        series.ytd = statistics.ytd_from_month_values(series.month_values)


def _by_series(inputs: list[ValueInput]) -> dict[SeriesKey, list[ValueInput]]:
    """The inputs of each (zone, indicator, year), series in the order they first appear: the
    checks then look up a series, and its indicator's rules, once for all its months."""
    by_series = defaultdict(list)
    for item in inputs:
        by_series[item.series_key].append(item)
    return by_series


def _apply(table: ValueTable, by_series: dict[SeriesKey, list[ValueInput]]) -> None:
    for key, items in by_series.items():
        series, indicator = table.series[key], items[0].indicator
        table.entries[indicator.pk] = statistics.entry_of(indicator.kind, indicator.entry_mode)
        entered = series.ytd if items[0].entered_in_ytd else series.month_values
        published_yoy, comments, places = series.published_yoy, series.comments, series.places
        for item in items:
            entered[item.month] = item.value
            published_yoy[item.month] = item.published_yoy
            comments[item.month] = item.comment
            places[item.month] = (item.entered_places, item.yoy_places)
        _recompute(indicator, series)


def _load_for(series_keys) -> tuple[ValueTable, dict, dict]:
    """Everything the checks need, in a fixed number of queries whatever the batch size: the
    values, the indicators and the locked months of the batch's series."""
    zone_ids = {key[0] for key in series_keys}
    indicator_ids = {key[1] for key in series_keys}
    years = {key[2] for key in series_keys}
    # Parts are compared with their whole, so both sides of every pair are loaded.
    related = list(Indicator.objects.filter(pk__in=indicator_ids) | Indicator.objects.filter(parent_id__in=indicator_ids))
    indicators = {i.pk: i for i in related}
    parent_ids = {i.parent_id for i in related if i.parent_id}
    for parent in Indicator.objects.filter(pk__in=parent_ids - set(indicators)):
        indicators[parent.pk] = parent
    table = ValueTable.load(zone_ids, years | {year - 1 for year in years}, indicators.keys())
    locked = ZoneMonth.objects.filter(zone_id__in=zone_ids, year__in=years,
                                      status__in=[*ZoneMonth.LOCKED_STATUSES, ZoneMonth.Status.NOT_REPORTED])
    return table, indicators, {(m.zone_id, m.year, m.month): m for m in locked}


def _number(value: Decimal | None, indicator: Indicator) -> str:
    return statistics.format_amount(value, indicator.unit, indicator.decimals)


def check_values(inputs: list[ValueInput], today: datetime.date | None = None) -> CheckResult:
    """Hard errors block a save; warnings need the user's confirmation."""
    today = today or clock.today()
    result = CheckResult()
    error = result.errors.append

    seen: dict[tuple, ValueInput] = {}
    for item in inputs:
        key, value, yoy = item.key, item.value, item.published_yoy
        if key in seen:
            first = seen[key]
            where = f"{item.zone.code} {item.indicator.name_zh} {item.year}年{item.month}月"
            error(Problem(item, "value", "duplicate", _("与第%(row)s行重复：%(where)s") % {"row": first.row, "where": where}))
        seen[key] = item
        for _field, code, message in period_errors(item.year, item.month, today=today):
            error(Problem(item, "month", code, message))
        # Bounds compared both ways rather than abs(): no new Decimal per figure.
        if value is not None and not -MAX_ABS_VALUE < value < MAX_ABS_VALUE:
            error(Problem(item, "value", "too_large", _("数值过大，请检查单位")))
        if yoy is not None and not -MAX_ABS_GROWTH < yoy < MAX_ABS_GROWTH:
            error(Problem(item, "published_yoy", "too_large", _("同比增速过大，请检查")))
        if value is not None and value < 0 and not item.indicator.allow_negative:
            error(Problem(item, "value", "negative", _("该指标不能为负数")))
        if item.comment:
            try:
                item.comment = field_text(MonthlyValue, "comment", item.comment)
            except ValidationError as refused:
                error(Problem(item, "comment", "text", refused.messages[0]))
    if any(p.code in ("month", "year") for p in result.errors):
        return result

    by_series = result.by_series = _by_series(inputs)
    table, indicators, locked = _load_for(by_series)
    result.stored = {key: table.get(*key).copy() for key in by_series}
    _apply(table, by_series)
    result.table = table
    if locked:
        _check_locked_months(by_series, result.stored, table, locked, error)

    pairs = _part_whole_pairs(indicators)
    # Each check runs once per series: an import checks 100,000 figures of a few thousand series.
    errors, warnings = [], []
    for (zone_id, indicator_id, year), items in by_series.items():
        indicator = items[0].indicator
        series = table.series[(zone_id, indicator_id, year)]  # _apply made it
        if indicator.enters_ytd and not indicator.allow_negative:
            _check_ytd_order(items, series, errors.append)
        for part, whole in pairs.get(indicator_id, ()):
            _check_part_whole(items, part, whole, table.series.get((zone_id, part.pk, year)),
                              table.series.get((zone_id, whole.pk, year)), errors.append)
        _check_plausibility(items, table.read(zone_id, indicator_id, year), table.read(zone_id, indicator_id, year - 1),
                            warnings.append)
    # Rows of one series need not be adjacent in a file; problems are listed by row all the same.
    result.errors += sorted(errors, key=_source_row)
    result.warnings += sorted(warnings, key=_source_row)
    return result


def _check_locked_months(by_series, stored, table: ValueTable, locked: dict, error) -> None:
    """Refuse any change, entered or derived (a month value from the YTD before it, a YTD from
    the month values before it), to the figures of a submitted or approved month. Figures given
    again unchanged are no change: an export of locked months imports back."""
    locked_by_year = defaultdict(list)  # (zone_id, year): its locked months, in order
    for (zone_id, year, _month), zone_month in sorted(locked.items()):
        locked_by_year[(zone_id, year)].append(zone_month)
    for key, items in by_series.items():
        zone_id, _indicator_id, year = key
        before, after = stored[key], table.series[key]
        for zone_month in locked_by_year.get((zone_id, year), ()):
            month = zone_month.month
            if month_figures(before, month) == month_figures(after, month):
                continue
            given = next((item for item in items if item.month == month), None)
            status = zone_month.get_status_display()
            if zone_month.status == ZoneMonth.Status.NOT_REPORTED:
                given = given or items[0]
                message = _("%(month)s已标记为不单独报送；如需填报，请先在该月的审核页取消“不单独报送”") % {"month": zone_month}
            elif given is not None:
                message = _("%(month)s%(status)s，数据已锁定；如需修改，请联系审核员退回该月") % {"month": zone_month, "status": status}
            else:
                given = items[0]
                old, new = (_number(s.month_values.get(month), given.indicator) for s in (before, after))
                if old == new:
                    old, new = (_number(s.ytd.get(month), given.indicator) for s in (before, after))
                message = _("此修改会改变%(month)s（%(status)s）的%(indicator)s（%(old)s → %(new)s）；如需修改，请联系审核员退回该月") % {
                    "month": zone_month, "status": status, "indicator": given.indicator.name, "old": old, "new": new}
            error(Problem(given, "value", "locked", message))


def _source_row(problem: Problem) -> int:
    return problem.input.row or 0  # a form's inputs have no rows: their problems keep their order


def _part_whole_pairs(indicators: dict[int, Indicator]) -> dict[int, list[tuple[Indicator, Indicator]]]:
    """(part, whole) pairs (其中) each indicator belongs to, as part or as whole, by indicator id."""
    pairs = defaultdict(list)
    for part in indicators.values():
        if part.parent_id in indicators:  # _load_for loads both sides of the batch's pairs
            whole = indicators[part.parent_id]
            pairs[part.pk].append((part, whole))
            pairs[whole.pk].append((part, whole))
    return pairs


def _check_ytd_order(items: list[ValueInput], series: Series, error) -> None:
    """A 1-N月累计 that cannot fall lies between the nearest earlier and later months that have one."""
    earlier, later = statistics.neighbouring_ytd(series.ytd)
    for item in items:
        if item.value is None:
            continue
        before, after = earlier[item.month], later[item.month]
        if before and item.value < before[1]:
            error(Problem(item, "value", "ytd_decrease", _("1-%(m)s月累计不能小于1-%(pm)s月累计%(prev)s") % {
                "m": item.month, "pm": before[0], "prev": _number(before[1], item.indicator)}))
        if after and item.value > after[1]:
            error(Problem(item, "value", "ytd_above_next", _("1-%(m)s月累计不能大于已填报的1-%(nm)s月累计%(next)s") % {
                "m": item.month, "nm": after[0], "next": _number(after[1], item.indicator)}))


def _check_part_whole(items: list[ValueInput], part: Indicator, whole: Indicator, part_series, whole_series, error) -> None:
    """其中: a part can never exceed its whole, checked from whichever side changed."""
    if part_series is None or whole_series is None:
        return
    for item in items:
        part_value, whole_value = part_series.ytd.get(item.month), whole_series.ytd.get(item.month)
        if part_value is None or whole_value is None:
            continue
        if statistics.convert(part_value, part.unit, whole.unit) > whole_value:
            error(Problem(item, "value", "part_exceeds_whole", _("%(part)s%(pv)s不能大于%(whole)s%(wv)s") % {
                "part": part.name_zh, "pv": _number(part_value, part),
                "whole": whole.name_zh, "wv": _number(whole_value, whole)}))


def _check_plausibility(items: list[ValueInput], this_year: statistics.ReadMonths, last_year: statistics.ReadMonths,
                        warn) -> None:
    """Warnings for figures outside their indicator's range, or whose month value (derived when
    the YTD is entered; unknown after a missing month) is 3x off the same month of `last_year`."""
    indicator = items[0].indicator
    low, high = indicator.min_value, indicator.max_value
    last_year_months = last_year.month_values
    for item in items:
        if item.value is None:
            continue
        if low is not None and item.value < low or high is not None and item.value > high:
            warn(Problem(item, "value", "range", _("超出该指标的合理范围（%(lo)s ~ %(hi)s）") % {
                "lo": _number(low, indicator) if low is not None else "—",
                "hi": _number(high, indicator) if high is not None else "—"}))
        last = last_year_months.get(item.month)
        month_value = this_year.month_values.get(item.month)
        if not last or last <= 0 or month_value is None:
            continue
        # Multiplied, not divided: exact, and cheaper for an import's 100,000 figures.
        if month_value > last * JUMP_FACTOR or month_value * JUMP_FACTOR < last:
            warn(Problem(item, "value", "jump", _("本月数%(v)s与去年同月%(ly)s相差超过3倍，请核实") % {
                "v": _number(month_value, indicator), "ly": _number(last, indicator)}))


def month_figures(series: Series, month: int) -> tuple:
    """What a save compares, and records, of one month of a series."""
    return series.ytd.get(month), series.month_values.get(month), series.published_yoy.get(month), series.comments.get(month, "")
