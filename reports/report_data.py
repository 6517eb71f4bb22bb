"""What the year-end summary and the monthly briefing read and share: the figures of one zone and
year loaded once (ReportData), the appendix table, the charts and the list of unapproved figures.
Every figure comes from indicators.statistics; the drafts only choose words and order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils import translation

from indicators import provenance
from indicators import selectors as indicator_selectors
from indicators import statistics as st
from indicators.models import Category, Indicator, MonthlyValue, ZoneMonth
from indicators.selectors import ValueTable
from projects import land_statistics, statistics as record_statistics

from . import charts, phrasing, selectors, sources
from .docx_builder import Document, Image, Paragraph, Table
from .marks import mark
from .models import ReportStyle

CHECKLIST_HEADING = "审核依据清单"


def status_label(status: str) -> str:
    """The review status in Chinese: the report is a Chinese document whatever the UI language."""
    with translation.override("zh-hans"):
        return str(ZoneMonth.Status(status).label)


class ReportData:
    """Everything one report reads, loaded once: values of three years with their targets,
    review statuses, the catalogue and the narrative. A fixed number of queries.

    With `approved_only` (a report without an explicit month) each indicator's figures run to its
    latest approved month up to `as_of`; an indicator no approved month holds falls back to its
    latest figure, which is then marked and listed like any unapproved one."""

    def __init__(self, zone, year: int, as_of: int, *, approved_only: bool = False):
        self.zone, self.year, self.as_of = zone, year, as_of
        self.approved_only = approved_only
        self.catalogue = indicator_selectors.catalogue()
        self.parts: dict[int, list[Indicator]] = {}
        for indicator, depth in self.catalogue:
            if indicator.parent_id:
                self.parts.setdefault(indicator.parent_id, []).append(indicator)
        # The year before last for 两年平均增长; next year for its targets.
        self.table = ValueTable.load([zone.pk], [year - 2, year - 1, year, year + 1])
        self.statuses = dict(ZoneMonth.objects.filter(zone=zone, year=year).values_list("month", "status"))
        self.categories = list(Category.objects.all())
        self.sections, self.items = selectors.narrative(zone, year)
        self.provenance = provenance.approvals_for(zone, year, provenance.document_months(as_of))
        self.style = ReportStyle.for_zone(zone)
        # The zones of the group the zone's 报告格式 names, for 增速居全市第N位 (the same whoever
        # reads): only headline indicators are ranked.
        group = self.style.rank_group
        self.peer_ids = sorted(group.members.values_list("pk", flat=True)) if group else []
        if zone.pk not in self.peer_ids:
            self.peer_ids = []
        self.peer_table = None
        if len(self.peer_ids) > 1:
            ranked = [indicator.pk for indicator, depth in self.catalogue if indicator.is_headline and not depth]
            self.peer_table = ValueTable.load(self.peer_ids, [year - 1, year], ranked)
        self.by_code = {indicator.code: indicator for indicator, _depth in self.catalogue}
        # The records behind the figures they share with monthly indicators (reports.sources).
        self.projects = record_statistics.project_summary(zone, year, as_of)
        self.land = land_statistics.land_summary(zone, year, as_of)
        self.uses_records = self.style.uses_records
        self._unapproved: dict[str, None] = {}  # ordered set of labels
        self._omitted: dict[str, None] = {}  # comparisons left out, and why (ordered set)

    # --- figures -------------------------------------------------------------------------

    def monthly_figures(self, indicator: Indicator, month: int | None = None, latest_available=True) -> st.IndicatorFigures:
        """The indicator's own figures, whatever the records say."""
        if month is None and latest_available and self.approved_only:
            month = self.approved_month(indicator)
        return self.table.figures(
            self.zone.pk, indicator.pk, self.year, month or self.as_of, latest_available=latest_available,
        )

    def approved_month(self, indicator: Indicator) -> int | None:
        """The latest approved month up to `as_of` that holds a figure of the indicator."""
        months = self.table.get(self.zone.pk, indicator.pk, self.year).months_with_data()
        return next((m for m in reversed(months) if m <= self.as_of and self.status(m) == ZoneMonth.Status.APPROVED), None)

    def record_value(self, indicator: Indicator) -> Decimal | None:
        return sources.record_value(indicator.code, self.projects, self.land)

    def from_records(self, indicator: Indicator, monthly: st.IndicatorFigures | None = None) -> bool:
        """Whether the report states the records' figure for the indicator: the zone chose the
        records, or the indicator has no figure of its own."""
        record = self.record_value(indicator)
        if record is None:
            return False
        return sources.states_records(self.uses_records, record, (monthly or self.monthly_figures(indicator)).ytd_value)

    def figures(self, indicator: Indicator, month: int | None = None, latest_available=True) -> st.IndicatorFigures:
        """The figures the report states: the monthly indicator's, or the records' where the zone's
        one source for the figure is the records. An explicit earlier `month` is the indicator's."""
        figures = self.monthly_figures(indicator, month, latest_available)
        if month is None and self.from_records(indicator, figures):
            return sources.record_figures(indicator, figures, self.record_value(indicator), figures.month or self.as_of)
        return figures

    def mismatches(self) -> list[sources.Mismatch]:
        """The overlapping figures whose records and indicator disagree, as the indicator shows them."""
        found = []
        for code in sources.OVERLAPS:
            indicator = self.by_code.get(code)
            record = self.record_value(indicator) if indicator else None
            monthly = self.monthly_figures(indicator) if record is not None else None
            if monthly is None or monthly.ytd_value is None:
                continue
            if st.quantize(record, indicator.decimals) != st.quantize(monthly.ytd_value, indicator.decimals):
                found.append(sources.Mismatch(indicator, sources.OVERLAPS[code].book, record, monthly.ytd_value, monthly.month))
        return found

    def has_data(self, indicator: Indicator) -> bool:
        return self.figures(indicator).month is not None

    def next_year_target(self, indicator: Indicator) -> Decimal | None:
        return self.table.targets.get((self.zone.pk, indicator.pk, self.year + 1))

    def status(self, month: int) -> str:
        return self.statuses.get(month, ZoneMonth.Status.DRAFT)

    def unapproved_figure(self, indicator: Indicator, figures: st.IndicatorFigures) -> str | None:
        """The label of a stated figure whose month is not approved; None for records' figures,
        which no month's review covers."""
        if figures.month is None or figures.ytd_value is None and figures.published_yoy is None:
            return None
        if self.from_records(indicator):
            return None
        return self.unapproved_label(indicator, figures.month)

    def unapproved_label(self, indicator: Indicator, month: int) -> str | None:
        status = self.status(month)
        if status == ZoneMonth.Status.APPROVED:
            return None
        return f"{indicator.name_zh}（{month}月，{status_label(status)}）"

    def note(self, labels: list[str]) -> None:
        for label in labels:
            self._unapproved[label] = None

    def omit(self, reason: str) -> None:
        """Notes for the checklist a comparison the draft leaves out, with why."""
        self._omitted[reason] = None

    @property
    def omitted(self) -> list[str]:
        return list(self._omitted)

    def marker(self, indicator: Indicator, figures: st.IndicatorFigures):
        """What a stated figure is passed through: docx_builder.mark when it is not approved (and
        noted for the checklist), else unchanged. Only the figure is highlighted, never its paragraph."""
        label = self.unapproved_figure(indicator, figures)
        if not label:
            return lambda text: text
        self.note([label])
        return mark

    # --- figures as text, in the zone's style ----------------------------------------------

    def amount(self, indicator: Indicator, value: Decimal | None, places: int | None, unit: str | None = None) -> str:
        """A figure in `unit` (its sentence's; default the indicator's): as entered in its own unit,
        to the house's decimals once converted."""
        return st.amount_in(
            value, indicator.unit, unit or indicator.unit, st.shown_places(places, indicator.decimals), self.style.amount_places,
        )

    def reading_unit(self, indicator: Indicator, figures: st.IndicatorFigures) -> str:
        """The unit the indicator reads in all year (statistics.reading_unit), from its target, else
        last year's total, else the figure itself."""
        last_year = self.table.get(self.zone.pk, indicator.pk, self.year - 1).ytd.get(12)
        reference = next((r for r in (figures.annual_target, last_year, figures.ytd_value) if r), None)
        return st.reading_unit(reference, indicator.unit)

    def level(self, indicator: Indicator, figures: st.IndicatorFigures, unit: str | None = None) -> tuple[str, str | None]:
        """The YTD figure and its target (None without one) in their sentence's one unit (default
        the indicator's reading unit): ("2.64亿元", "3亿元"), not 26362万元 of 3亿元."""
        unit = unit or self.reading_unit(indicator, figures)
        target = figures.annual_target if figures.completion is not None else None
        amount = self.amount(indicator, figures.ytd_value, figures.ytd_places, unit)
        return amount, (st.round_amount_in(target, indicator.unit, unit) if target is not None else None)

    def growth_places(self, figures: st.IndicatorFigures) -> int:
        return st.growth_places(figures, self.style.growth_places)

    def growth(self, indicator: Indicator, figures: st.IndicatorFigures) -> str:
        """同比增长8.0% / 同比下降3.2% / 与上年同期持平, or "" where the report states none."""
        return phrasing.growth(st.reported_growth(indicator, figures), self.growth_places(figures))

    def two_year_growth(self, indicator: Indicator, figures: st.IndicatorFigures) -> str:
        """两年平均增长X% when last year is an abnormal base (statistics.abnormal_base) and this
        year's and the year before last's figures are known; else ""."""
        if figures.month is None or st.reported_growth(indicator, figures) is None:
            return ""
        before_last = self.table.get(self.zone.pk, indicator.pk, self.year - 2).ytd.get(figures.month)
        if not st.abnormal_base(st.growth_percent(figures.last_year_ytd, before_last)):
            return ""
        rate = st.two_year_average_growth(figures.ytd_value, before_last)
        return phrasing.two_year_average(rate, self.style.growth_places)

    def change_from_last_month(self, indicator: Indicator, figures: st.IndicatorFigures) -> str:
        """比1-8月提高X个百分点 against the previous month's 1-N月 growth, only when that month is
        approved: a comparison never rests on a month under review or returned (the checklist says
        why it is left out); "" without it."""
        previous = figures.month - 1
        rate = st.reported_growth(indicator, figures)
        if previous < 1 or rate is None:
            return ""
        before = st.reported_growth(indicator, self.figures(indicator, previous, latest_available=False))
        if before is None:
            return ""
        if self.status(previous) != ZoneMonth.Status.APPROVED:
            self.omit(f"{indicator.name_zh}未写“比{st.month_span(previous)}”的增速变化：{previous}月数据{status_label(self.status(previous))}，未经审核通过")
            return ""
        return phrasing.growth_change(rate, before, previous, self.growth_places(figures))

    def change_from_last_year(self, indicator: Indicator, figures: st.IndicatorFigures) -> str:
        """较去年同期提高X个百分点: the growth against last year's growth over the same months
        (published, or computed from the year before last); "" without it or when last year is an
        abnormal base."""
        rate = st.reported_growth(indicator, figures)
        if rate is None or figures.month is None:
            return ""
        last_year = self.table.figures(self.zone.pk, indicator.pk, self.year - 1, figures.month, latest_available=False)
        before = st.reported_growth(indicator, last_year)
        if st.abnormal_base(before):
            return ""  # an abnormal year is no base: 两年平均增长 says it instead
        return phrasing.growth_against_last_year(rate, before, self.growth_places(figures))

    def rank(self, indicator: Indicator, figures: st.IndicatorFigures) -> str:
        """增速居全市第N位 of a headline indicator's growth among its rank group's zones with a growth
        at its month ("在已报送的N个开发区中" while some have none); else ""."""
        rate = st.reported_growth(indicator, figures)
        if self.peer_table is None or not indicator.is_headline or rate is None:
            return ""
        rates = {
            zone_id: st.reported_growth(indicator, self.peer_table.figures(
                zone_id, indicator.pk, self.year, figures.month, latest_available=False,
            ))
            for zone_id in self.peer_ids
        }
        rates[self.zone.pk] = rate  # as this report states it (its month may be its latest approved one)
        reported = sum(1 for each in rates.values() if each is not None)
        place = st.rank_of(self.zone.pk, rates, self.growth_places(figures))
        return phrasing.rank(place, self.style.rank_group.word, reported, len(self.peer_ids))

    def pull(self, part: st.IndicatorFigures, whole: st.IndicatorFigures) -> str:
        """拉动增长X个百分点: a part's contribution to its whole's growth, both at one month; else ""."""
        if part.month != whole.month:
            return ""
        return phrasing.pull(st.pull_points(part.ytd_value, part.last_year_ytd, whole.last_year_ytd), self.style.growth_places)

    def growth_rates(self, indicators: list[Indicator]) -> list[tuple[str, Decimal, int]]:
        """(name, 同比 stated, decimals) of the indicators with one: what a lead sentence weighs."""
        rates = []
        for indicator in indicators:
            figures = self.figures(indicator)
            rate = st.reported_growth(indicator, figures)
            if rate is not None:
                rates.append((indicator.name_zh, rate, self.growth_places(figures)))
        return rates

    def completion(self, figures: st.IndicatorFigures) -> str:
        return st.format_percent(figures.completion, self.style.completion_places)

    def gap(self, figures: st.IndicatorFigures) -> str:
        return phrasing.progress_gap(figures.gap_points, self.style.completion_places)

    @property
    def unapproved(self) -> list[str]:
        return list(self._unapproved)

    def indicators_of(self, category: Category) -> list[Indicator]:
        return [i for i, depth in self.catalogue if depth == 0 and i.category_id == category.pk]


def default_as_of(zone, year: int) -> int:
    latest = indicator_selectors.latest_month_with_data([zone.pk], year)
    return latest[1] if latest else 12


def approved_as_of(zone, year: int) -> int:
    """The month a report without an explicit one runs to: the latest approved month that holds
    figures, else (nothing approved yet) the latest month with data."""
    approved = ZoneMonth.objects.filter(zone=zone, year=year, status=ZoneMonth.Status.APPROVED, month__in=(
        MonthlyValue.objects.filter(zone=zone, year=year).values("month")
    )).aggregate(latest=Max("month"))["latest"]
    return approved or default_as_of(zone, year)


def report_data(zone, year: int, month: int | None) -> ReportData:
    """The figures of a report as of `month`, or, without one, of the latest approved months."""
    if month is None:
        return ReportData(zone, year, approved_as_of(zone, year), approved_only=True)
    return ReportData(zone, year, month)


@dataclass
class Draft:
    document: Document
    unapproved: list[str]
    as_of: int  # the month the figures run to at most
    provenance: provenance.Provenance  # the approvals its figures rest on, and those resting on none
    approved_only: bool = False  # no month was asked for: each figure's latest approved month
    # The 审核依据清单: a download of its own beside the draft, never pages of the draft sent on.
    checklist: Document | None = None

    @property
    def document_name(self) -> str:
        return f"{self.document.title}.docx"

    @property
    def checklist_name(self) -> str:
        """"<title>审核依据清单.docx": the checklist's file is named after the draft it checks."""
        return f"{self.document.title}{self.checklist.title}.docx"


def basis_line(data: ReportData) -> str:
    """Which months the figures are from: said in the checklist and above the preview."""
    if data.approved_only:
        return f"未指定截止月份：各项数据取其最近一个审核通过的月份（截至{data.as_of}月），尚无审核通过月份的数据取最新填报数并以底色标出。"
    return f"截止月份为{data.as_of}月：各项数据取至{data.as_of}月的最新填报数，其中未经审核的数据以底色标出。"


def checklist(data: ReportData, title: str, status: str = "") -> Document:
    """Where every note of the draft goes so that the draft reads as a clean 公文: which months the
    figures are from, the approvals they rest on, every figure resting on none, the unapproved
    figures the body quotes, the records that disagree with an indicator. Built after the draft,
    whose sentences note the unapproved figures they quote."""
    rests_on = data.provenance
    blocks = [Paragraph(f"本清单供报送前核对《{title}》的数据，不随文报送。"), Paragraph(status + basis_line(data))]
    if rests_on.approvals:
        blocks.append(Paragraph(f"本稿{data.year}年1-{data.as_of}月的数据依据以下审核（开发区、月份、审核人、审核时间、数据指纹）："))
        blocks += [
            Paragraph(f"{n}.{'，'.join(provenance.approval_cells(approval))}")
            for n, approval in enumerate(rests_on.approvals, start=1)
        ]
    else:
        blocks.append(Paragraph(f"本稿{data.year}年1-{data.as_of}月的数据没有依据任何审核。"))
    if rests_on.unbacked:
        blocks.append(Paragraph("以下数据没有审核依据，报送前请核实：", marked=True))
        blocks += [
            Paragraph(f"{n}.{'，'.join(provenance.unbacked_cells(figure))}", marked=True)
            for n, figure in enumerate(rests_on.unbacked, start=1)
        ]
    if data.unapproved:
        blocks.append(Paragraph("正文中以底色标出的数据所在月份尚未审核通过，报送前请核实：", marked=True))
        blocks += [Paragraph(f"{n}.{label}", marked=True) for n, label in enumerate(data.unapproved, start=1)]
    if data.omitted:
        blocks.append(Paragraph("以下比较未写入正文：", marked=True))
        blocks += [Paragraph(f"{n}.{reason}", marked=True) for n, reason in enumerate(data.omitted, start=1)]
    mismatches = data.mismatches()
    if mismatches:
        blocks.append(Paragraph("以下数字台账与月度指标不一致，报送前请核实：", marked=True))
        blocks += [Paragraph(f"{n}.{m.line(data.uses_records)}", marked=True) for n, m in enumerate(mismatches, start=1)]
    return Document(CHECKLIST_HEADING, blocks)


TABLE_COLUMNS = ["指标", "单位", "截至", "本月", "1-本月", "同比(%)", "目标", "完成率(%)"]


def has_figure(figures: st.IndicatorFigures) -> bool:
    return any(v is not None for v in (figures.ytd_value, figures.month_value, figures.published_yoy))


def appendix_table(data: ReportData, title: str, *, latest_available=True, landscape=False) -> Table | None:
    """本月, 1-本月, 同比, 目标, 完成率 of every indicator with a figure or a target; 其中 rows indented."""
    rows, indent = [], set()
    for indicator, depth in data.catalogue:
        figures = data.figures(indicator, latest_available=latest_available)
        # Indicators the zone does not report would only fill the table with dashes.
        if not has_figure(figures) and figures.annual_target is None:
            continue
        if figures.ytd_value is not None:
            label = data.unapproved_figure(indicator, figures)
            if label:
                data.note([label])
        if depth:
            indent.add(len(rows))
        places = st.shown_places(figures.ytd_places, indicator.decimals)
        month_places = st.shown_places(figures.month_places, indicator.decimals)
        growth = st.reported_growth(indicator, figures)
        rows.append(
            [
                indicator.name_zh,
                indicator.unit,
                f"{figures.month}月" if has_figure(figures) else "—",
                st.format_number(figures.month_value, month_places),
                st.format_number(figures.ytd_value, places),
                st.format_number(growth, data.growth_places(figures)) if growth is not None else "—",
                st.plain_number(figures.annual_target) or "—",
                st.format_number(figures.completion, data.style.completion_places),
            ]
        )
    if not rows:
        return None
    return Table(title, TABLE_COLUMNS, rows, indent_rows=indent, landscape=landscape)


def chart_blocks(data: ReportData) -> list:
    bars, panels = [], []
    for indicator, depth in data.catalogue:
        figures = data.figures(indicator)
        if depth == 0 and st.tracks_time_progress(indicator, figures):
            bars.append(charts.CompletionBar(f"{indicator.name_zh}（至{figures.month}月）", figures.completion, figures.time_progress))
        if indicator.is_headline and not depth:
            this_year = data.table.get(data.zone.pk, indicator.pk, data.year).ytd
            last_year = data.table.get(data.zone.pk, indicator.pk, data.year - 1).ytd
            shown = {m: v for m, v in this_year.items() if m <= data.as_of}
            if any(v is not None for v in shown.values()):
                panels.append(charts.TrendPanel(f"{indicator.name_zh}（{indicator.unit}）", shown, last_year))
    blocks = []
    if bars:
        blocks.append(Image(charts.CompletionChart(tuple(bars)), "图1 年度目标完成率与序时进度", charts.PRINT_WIDTH_CM))
    if panels:
        blocks.append(Image(
            charts.TrendChart(tuple(panels), data.year), f"图{len(blocks) + 1} 主要指标累计走势（{data.year}年与{data.year - 1}年）",
            charts.PRINT_WIDTH_CM,
        ))
    return blocks


# --- the monthly briefing -------------------------------------------------------------------
