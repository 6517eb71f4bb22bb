"""Reads of indicator data. Each function loads what it needs in a fixed number of queries
and leaves all arithmetic to the statistics module."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber

from audit.models import ChangeRecord

from . import provenance, statistics
from .models import AnnualTarget, Indicator, MonthlyValue, ZoneMonth

SeriesKey = tuple[int, int, int]  # zone_id, indicator_id, year


@dataclass
class Series:
    """One indicator of one zone over one year, month by month."""

    ytd: dict[int, Decimal | None] = field(default_factory=dict)
    month_values: dict[int, Decimal | None] = field(default_factory=dict)
    published_yoy: dict[int, Decimal | None] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    pks: dict[int, int] = field(default_factory=dict)
    # (entered value, published growth) decimals as typed, by month: MonthlyValue.entered_places, yoy_places.
    places: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)

    def copy(self) -> "Series":
        return Series(
            dict(self.ytd), dict(self.month_values), dict(self.published_yoy), dict(self.comments), dict(self.pks), dict(self.places)
        )

    def months_with_data(self) -> list[int]:
        return sorted(
            m for m in set(self.ytd) | set(self.published_yoy)
            if self.ytd.get(m) is not None or self.published_yoy.get(m) is not None
        )


class ValueTable:
    """Monthly values held in memory by (zone, indicator, year), with the targets beside them and
    how each indicator is entered (statistics.ENTRY_*), which decides what of them may be read."""

    def __init__(self):
        self.series: dict[SeriesKey, Series] = defaultdict(Series)
        self.targets: dict[SeriesKey, Decimal] = {}
        self.entries: dict[int, str] = {}

    @classmethod
    def load(cls, zone_ids, years, indicator_ids=None) -> "ValueTable":
        table = cls()
        values = MonthlyValue.objects.filter(zone_id__in=list(zone_ids), year__in=list(years))
        targets = AnnualTarget.objects.filter(zone_id__in=list(zone_ids), year__in=list(years))
        if indicator_ids is not None:
            values = values.filter(indicator_id__in=list(indicator_ids))
            targets = targets.filter(indicator_id__in=list(indicator_ids))
        for row in values.values_list(
            "pk", "zone_id", "indicator_id", "year", "month", "ytd_value", "month_value", "published_yoy", "comment",
            "entered_places", "yoy_places", "indicator__kind", "indicator__entry_mode",
        ):
            pk, zone_id, indicator_id, year, month, ytd, month_value, yoy, comment, entered_places, yoy_places, kind, mode = row
            table.entries[indicator_id] = statistics.entry_of(kind, mode)
            series = table.series[(zone_id, indicator_id, year)]
            series.ytd[month] = ytd
            series.month_values[month] = month_value
            series.published_yoy[month] = yoy
            series.comments[month] = comment
            series.pks[month] = pk
            series.places[month] = (entered_places, yoy_places)
        for zone_id, indicator_id, year, target in targets.values_list("zone_id", "indicator_id", "year", "target_value"):
            table.targets[(zone_id, indicator_id, year)] = target
        return table

    def get(self, zone_id: int, indicator_id: int, year: int) -> Series:
        return self.series.get((zone_id, indicator_id, year)) or Series()

    def read(self, zone_id: int, indicator_id: int, year: int) -> statistics.ReadMonths:
        """The year's figures as they may be read (statistics.read_months)."""
        series = self.get(zone_id, indicator_id, year)
        return statistics.read_months(series.ytd, series.month_values, self.entries.get(indicator_id, statistics.ENTRY_YTD))

    def figures(self, zone_id: int, indicator_id: int, year: int, month: int, *, latest_available=True):
        this_year, last_year = self.read(zone_id, indicator_id, year), self.read(zone_id, indicator_id, year - 1)
        return statistics.figures_at(
            month,
            this_year.ytd,
            this_year.month_values,
            last_year.ytd,
            last_year.month_values,
            self.get(zone_id, indicator_id, year).published_yoy,
            self.targets.get((zone_id, indicator_id, year)),
            latest_available=latest_available,
            places=self.get(zone_id, indicator_id, year).places,
            entered_in_ytd=this_year.entry != statistics.ENTRY_MONTH,
            notes=this_year.notes,
            combined=this_year.combined,
        )


@dataclass
class SheetRow:
    indicator: Indicator
    depth: int  # 0 for a whole, 1 for a part (其中)
    figures: statistics.IndicatorFigures
    entered_value: Decimal | None
    previous_entered: Decimal | None  # last month's figure as staff typed it
    last_year_entered: Decimal | None  # the same month last year, as typed
    published_yoy: Decimal | None
    comment: str
    value_pk: int | None


def catalogue():
    """Active indicators in display order, wholes followed by their parts."""
    indicators = list(Indicator.objects.active().select_related("category", "parent"))
    children = defaultdict(list)
    for indicator in indicators:
        children[indicator.parent_id].append(indicator)
    ordered: list[tuple[Indicator, int]] = []

    def walk(parent_id, depth):
        for indicator in children.get(parent_id, []):
            ordered.append((indicator, depth))
            walk(indicator.pk, depth + 1)

    walk(None, 0)
    active_ids = {i.pk for i in indicators}
    # Parts whose whole is inactive still show, at the top level.
    for indicator in indicators:
        if indicator.parent_id and indicator.parent_id not in active_ids:
            ordered.append((indicator, 0))
            walk(indicator.pk, 1)
    return ordered


def entered(indicator: Indicator, series: Series, month: int) -> Decimal | None:
    source = series.ytd if indicator.entered_in_ytd else series.month_values
    return source.get(month)


def month_sheet(zone, year: int, month: int, table: ValueTable | None = None) -> list[SheetRow]:
    """Every active indicator of a zone at a month, as the entry page and exports show it.

    The figures are for the month itself (not the latest month with data): this is the month
    being entered. Pass `table` to show unsaved figures (the entry page's live preview).
    """
    if table is None:
        table = ValueTable.load([zone.pk], [year, year - 1])
    rows = []
    for indicator, depth in catalogue():
        this_year = table.get(zone.pk, indicator.pk, year)
        last_year = table.get(zone.pk, indicator.pk, year - 1)
        rows.append(
            SheetRow(
                indicator=indicator,
                depth=depth,
                figures=table.figures(zone.pk, indicator.pk, year, month, latest_available=False),
                entered_value=entered(indicator, this_year, month),
                previous_entered=entered(indicator, this_year, month - 1) if month > 1 else None,
                last_year_entered=entered(indicator, last_year, month),
                published_yoy=this_year.published_yoy.get(month),
                comment=this_year.comments.get(month, ""),
                value_pk=this_year.pks.get(month),
            )
        )
    return rows


@dataclass
class ReviewRow:
    sheet: SheetRow
    warnings: list  # ConfirmedWarning, oldest first
    since_submission: list[provenance.FigureChange]  # against the submission before the current one
    since_approval: list[provenance.FigureChange]  # against the month's last approval

    @property
    def is_empty(self) -> bool:
        """Nothing entered for the month and nothing to review about it (a figure cleared since the
        last submission or approval is a change, and is shown)."""
        row = self.sheet
        return (row.entered_value is None and row.published_yoy is None and not row.comment
                and not (self.warnings or self.since_submission or self.since_approval))


def review_sheet(zone, zone_month: ZoneMonth, transitions: list) -> list[ReviewRow]:
    """Every active indicator of the month as the reviewer decides on it: its figures (month_sheet),
    the warnings staff confirmed, and what changed since the last submission and since the last
    approval. `transitions` are the month's, newest first. Six queries whatever the number of
    indicators and transitions."""
    year, month = zone_month.year, zone_month.month
    warnings = defaultdict(list)
    if zone_month.pk:
        for warning in zone_month.confirmed_warnings.select_related("user"):
            warnings[warning.indicator_id].append(warning)
    current = provenance.month_figures(zone.pk, year, month)
    # A transition made before snapshots were kept has nothing to compare with.
    submission, approval = (t if t is not None and t.fingerprint else None for t in provenance.review_baselines(zone_month, transitions))
    rows = []
    for row in month_sheet(zone, year, month):
        indicator, now = row.indicator, current.get(row.indicator.code)
        rows.append(ReviewRow(
            row,
            warnings[indicator.pk],
            provenance.figure_changes(indicator, submission.figures.get(indicator.code), now) if submission else [],
            provenance.figure_changes(indicator, approval.figures.get(indicator.code), now) if approval else [],
        ))
    return rows


def zone_month(zone, year: int, month: int) -> ZoneMonth:
    """The month's review record, unsaved (a draft at version 0) when nothing was entered yet."""
    return ZoneMonth.objects.filter(zone=zone, year=year, month=month).first() or ZoneMonth(
        zone=zone, year=year, month=month
    )


def months_with_data(zone_ids, year: int | None = None) -> dict[int, dict[int, int]]:
    """{zone_id: {year: last month with a figure row}} for every zone asked (empty without data),
    in one query; the dashboards keep each zone's under its data version."""
    values = MonthlyValue.objects.filter(zone_id__in=list(zone_ids))
    if year is not None:
        values = values.filter(year=year)
    found: dict[int, dict[int, int]] = {zone_id: {} for zone_id in zone_ids}
    for zone_id, row_year, month in values.values_list("zone_id", "year").annotate(last=Max("month")).order_by():
        found[zone_id][row_year] = month
    return found


def combined_months(per_zone: Iterable[dict[int, int]]) -> dict[int, int]:
    """{year: last month with data in any of the zones} from months_with_data's per-zone dicts."""
    combined: dict[int, int] = {}
    for months in per_zone:
        for year, month in months.items():
            combined[year] = max(month, combined.get(year, 0))
    return combined


def latest_month(months: dict[int, int], year: int | None = None) -> tuple[int, int] | None:
    """The latest (year, month) of combined_months' dict (within `year` when given)."""
    years = [y for y in months if year is None or y == year]
    return (max(years), months[max(years)]) if years else None


def latest_month_with_data(zone_ids, year: int | None = None) -> tuple[int, int] | None:
    return latest_month(combined_months(months_with_data(zone_ids, year).values()), year)


# The entry page lists this many of a value's latest changes (and says how many there are).
HISTORY_SHOWN = 5


@dataclass
class ValueHistory:
    latest: list[ChangeRecord]  # newest first, at most HISTORY_SHOWN
    total: int  # the changes, and the creation when the value records it
    created: MonthlyValue | None = None  # the value, when it records who entered it first

    @property
    def shows_creation(self) -> bool:
        """The creation is listed after the changes when every change is listed and there is room."""
        return self.created is not None and len(self.latest) == self.total - 1 < HISTORY_SHOWN

    @property
    def shown(self) -> int:
        return len(self.latest) + self.shows_creation


def value_history(zone, year: int, month: int) -> dict[int, ValueHistory]:
    """The creation and latest changes of each of the month's values, by MonthlyValue pk; two
    queries however often the month was saved."""
    values = MonthlyValue.objects.filter(zone=zone, year=year, month=month)
    by_value = Window(RowNumber(), partition_by=[F("object_id")], order_by=[F("created_at").desc(), F("id").desc()])
    records = (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(MonthlyValue), object_id__in=values.values("pk")
        )
        .annotate(position=by_value, total=Window(Count("id"), partition_by=[F("object_id")]))
        .filter(position__lte=HISTORY_SHOWN)
        .select_related("user")
        .order_by("object_id", "position")
    )
    grouped: dict[int, ValueHistory] = {}
    for record in records:
        grouped.setdefault(record.object_id, ValueHistory([], record.total)).latest.append(record)
    created = values.filter(created_at__isnull=False).select_related("created_by").only(
        "pk", "created_at", "created_channel", "created_by__username"
    )
    for value in created:
        history = grouped.setdefault(value.pk, ValueHistory([], 0))
        history.created, history.total = value, history.total + 1
    return grouped


def targets_by_indicator(zone, year: int) -> dict[int, Decimal]:
    return dict(AnnualTarget.objects.filter(zone=zone, year=year).values_list("indicator_id", "target_value"))


def target_versions(zone, year: int) -> dict[int, int]:
    """The version of each stored target of the zone-year, by indicator id (optimistic locking)."""
    return dict(AnnualTarget.objects.filter(zone=zone, year=year).values_list("indicator_id", "version"))


def target_history(zone, year: int) -> list[ChangeRecord]:
    return list(
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(AnnualTarget),
            object_id__in=AnnualTarget.objects.filter(zone=zone, year=year).values("pk"),
        ).select_related("user")[:50]
    )


def filled_indicators(zone_ids, year: int) -> dict[tuple[int, int], set[int]]:
    """Indicator ids with a figure (a value or a published growth), by (zone_id, month); one query."""
    return {(zone_id, month): ids for (zone_id, _year, month), ids in filled_indicators_in(zone_ids, [year]).items()}


def filled_indicators_in(zone_ids, years) -> dict[tuple[int, int, int], set[int]]:
    """filled_indicators of several years, by (zone_id, year, month); one query."""
    filled = defaultdict(set)
    rows = (
        MonthlyValue.objects.filter(zone_id__in=list(zone_ids), year__in=list(years))
        .filter(Q(ytd_value__isnull=False) | Q(month_value__isnull=False) | Q(published_yoy__isnull=False))
        .values_list("zone_id", "year", "month", "indicator_id")
    )
    for zone_id, year, month, indicator_id in rows:
        filled[(zone_id, year, month)].add(indicator_id)
    return filled


def month_statuses(zone_ids, year: int) -> dict[tuple[int, int], ZoneMonth]:
    """The review records of a year by (zone_id, month), in one query; a missing month is a draft."""
    return {(m.zone_id, m.month): m for m in ZoneMonth.objects.filter(zone_id__in=list(zone_ids), year=year)}
