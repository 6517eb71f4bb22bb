import io
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core import clock
from core.cache import keep, recall, remember, remember_many
from core.html import html_options, html_rows
from core.periods import default_period
from dataio.files import escape_cell
from deadlines.timeliness import zone_timeliness, zone_timeliness_with_months
from indicators import statistics
from indicators.selectors import combined_months, latest_month, months_with_data
from zones.access import zone_for_user
from zones.models import Action
from zones.selectors import data_versions, group_formed_by, zones_with_data_versions

from grading import selectors as grading_selectors

from . import charts, display, record_charts, selectors, timeliness
from .forms import MONTH_CHOICES, PeriodForm, year_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data_stamp(zones) -> tuple:
    """What a cached dashboard part (core.cache) depends on besides its period: the
    zones' data versions (raised by every write), the day (idle-land and stalled-project rules
    count days, timeliness counts days overdue) and the language."""
    return (data_versions(zones), clock.today(), translation.get_language())


def _zone_months(zones) -> dict[int, dict[int, int]]:
    """Each zone's {year: last month with data}, kept per zone under its data version: after a
    write to one zone, only that zone's is read again."""
    return remember_many(
        "dashboard", {z.pk: ("months", z.pk, z.data_version_number) for z in zones}, months_with_data
    )


def _period(request, zones, stamp) -> tuple[int, int, list[int]]:
    """(year, month, years of the picker): the asked period, else the latest month with data in `zones`."""
    today = clock.today()
    # Kept whole too, so that a page computed afresh reads one key rather than one per zone.
    months = remember("dashboard", ("months", stamp), lambda: combined_months(_zone_months(zones).values()))
    year, month = latest_month(months) or default_period(today)
    years = sorted(set(months) | {year, today.year}, reverse=True)
    form = PeriodForm(request.GET, years=years)
    if form.is_valid():
        if form.cleaned_data["year"] and form.cleaned_data["year"] != year:
            year = form.cleaned_data["year"]
            month = months.get(year, 12)
        if form.cleaned_data["month"]:
            month = form.cleaned_data["month"]
    return year, month, years


def _period_page(request, zones, name: str, build) -> dict:
    """The page's period and its computed parts in one cache entry, so that a page seen before
    costs one cache read: {"year", "month", "year_options", "month_options", **build(year, month)}
    (the picker's options are named in the language, which the stamp holds). An entry is kept
    under its address's period as asked, when that is none or exactly the period it shows; any
    other address (a year alone, a month out of range) resolves its period first and reads that
    one's, so that no entry is kept for an address made up."""
    stamp = _data_stamp(zones)
    asked = (request.GET.get("year"), request.GET.get("month"))
    page = recall("dashboard", (name, stamp, asked))
    if page is None:
        year, month, years = _period(request, zones, stamp)
        shown = (str(year), str(month))
        key_period = asked if asked in ((None, None), shown) else shown
        if key_period != asked:
            page = recall("dashboard", (name, stamp, key_period))
        if page is None:
            page = {
                "year": year,
                "month": month,
                "year_options": html_options(year_choices(years), year),
                "month_options": html_options(MONTH_CHOICES, month),
                **build(year, month),
            }
            keep("dashboard", (name, stamp, key_period), page)
    return page


def _picker(page: dict) -> dict:
    """The period picker's context (dashboard/_period_form.html)."""
    return {key: page[key] for key in ("year", "month", "year_options", "month_options")}


def _visible_zone(zones: list, code: str | None):
    """The zone of `code` among the user's zones (the first when no code is asked), else 404."""
    if not code:
        return zones[0] if zones else None
    zone = next((z for z in zones if z.code == code), None)
    if zone is None:
        raise Http404("no such zone")
    return zone


def index(request):
    """A zone's dashboard: cards per headline indicator, charts and early warnings."""
    zones = zones_with_data_versions(request.user, Action.VIEW)
    zone = _visible_zone(zones, request.GET.get("zone"))
    if zone is None:
        return render(request, "dashboard/no_zone.html")
    page = _period_page(
        request, [zone], "index", lambda year, month: {"body": _index_body(zone, year, month)}
    )
    context = {
        **_picker(page),
        "zone": zone,
        "zones": zones,
        # Short names (西部经开区): a phone's picker shows the whole of each.
        "zone_choices": [(z.code, z.short_name) for z in zones],
        "time_progress": statistics.format_percent(statistics.time_progress_percent(page["month"])),
        "body": page["body"],
    }
    return render(request, "dashboard/index.html", context)


def _index_body(zone, year, month) -> str:
    """The zone's figures for the period as HTML, kept for every user of the zone: rendered from
    plain context (zone, period, figures; the language is the active one), without the request,
    so nothing of one user (name, rights, messages) can be kept and shown to another."""
    dashboard = selectors.zone_dashboard(zone, year, month)
    today = clock.today()
    records = selectors.zone_records(zone, year, month, today)
    punctuality, twelve = zone_timeliness_with_months(zone.pk, year, month, today)
    zone_charts = charts.zone_charts(dashboard) + [timeliness.chart(twelve, today)]
    records_charts = record_charts.record_charts(records)
    cards = [display.card(dashboard, panel) for panel in dashboard.headline]
    return render_to_string(
        "dashboard/index.html#body",
        {
            "zone": zone,
            "year": year,
            "month": month,
            "dashboard": dashboard,
            "cards": [card for card in cards if card["panel"].month],
            "no_data": [card for card in cards if not card["panel"].month],
            "timeliness": timeliness.card(punctuality),
            "warnings": display.warnings(dashboard) + display.record_warnings(records),
            "record_figures": display.record_figures(
                records, selectors.shared_figures(dashboard, records, selectors.uses_records(zone))
            ),
            "records_charts": records_charts,
            "warning_points": statistics.format_number(statistics.warning_points(), 0),
            "charts": zone_charts,
            "figures": [chart.figure() for chart in zone_charts + records_charts],
        },
    )


def compare(request):
    """Zones ranked on each headline indicator, for leaders of several zones."""
    zones = zones_with_data_versions(request.user, Action.VIEW)
    if not zones:
        return render(request, "dashboard/no_zone.html")

    def build(year, month):
        return {
            "rankings_html": _compare_rankings(zones, year, month),
            "timeliness_html": _timeliness_ranking(zones, year, month),
        }

    page = _period_page(request, zones, "compare", build)
    context = {
        **_picker(page),
        "rankings_html": page["rankings_html"],
        "timeliness_html": page["timeliness_html"],
        "zones": zones,
        "group": group_formed_by(zones),
    }
    return render(request, "dashboard/compare.html", context)


def _compare_rankings(zones, year, month) -> str:
    """The rankings' HTML. Each zone's figures and table cells are kept under its own data
    version, so after a write to one zone only its figures are read and its cells rendered;
    the ranking and the page around it are assembled from the kept parts."""
    headline = selectors.headline_indicators()
    by_pk = {z.pk: z for z in zones}
    language = translation.get_language()
    kept = remember_many(
        "dashboard",
        {z.pk: ("compare-zone", z.pk, z.data_version_number, year, month, language, tuple(i.pk for i in headline)) for z in zones},
        lambda zone_ids: _compare_zone_parts([by_pk[pk] for pk in zone_ids], headline, year, month),
    )
    figures = {pk: {i: f for i, (f, _cells) in parts.items()} for pk, parts in kept.items()}
    rank_label = escape(_("名次"))
    codes = {z.pk: escape(z.code) for z in zones}
    # A row per zone and indicator (1,200 at province size) around its kept cells.
    rankings = [
        {
            "indicator": ranking.indicator,
            "rows": html_rows(
                '<tr data-zone="{}"><td class="rank" data-label="{}">{}</td>{}</tr>',
                ((codes[row.zone.pk], rank_label, rank, kept[row.zone.pk][ranking.indicator.pk][1])
                 for rank, row in enumerate(ranking.rows, start=1)),
            ),
        }
        for ranking in selectors.zone_comparison(zones, year, month, headline, figures)
    ]
    return render_to_string("dashboard/compare.html#rankings", {"rankings": rankings})


def _timeliness_ranking(zones, year, month) -> str:
    """The timeliness ranking's HTML. Each zone's figures are kept under its own data version and
    the day, so after a write to one zone only its submissions are read again."""
    today = clock.today()
    by_zone = remember_many(
        "dashboard",
        {z.pk: ("timeliness-zone", z.pk, z.data_version_number, year, month, today) for z in zones},
        lambda zone_ids: zone_timeliness(zone_ids, year, month, today),
    )
    labels = [escape(label) for label in (_("名次"), _("开发区"), _("按时报送率"), _("按时月数"), _("平均逾期天数"), _("数据完整率"))]
    rows = html_rows(
        '<tr data-zone="{}"><td class="rank" data-label="{}">{}</td><td class="zone" data-label="{}">{}</td>'
        '<td class="num" data-label="{}">{}</td><td class="num" data-label="{}">{}/{}</td>'
        '<td class="num" data-label="{}">{}</td><td class="num" data-label="{}">{}</td></tr>',
        ((row["zone"].code, labels[0], row["rank"], labels[1], row["zone"].name, labels[2], row["on_time_share"],
          labels[3], row["on_time"], row["counted"], labels[4], row["mean_days_late"], labels[5], row["completeness"])
         for row in timeliness.ranking(zones, by_zone)),
    )
    return render_to_string("dashboard/compare.html#timeliness", {"rows": rows, "month": month})


def _compare_zone_parts(zones, headline, year, month) -> dict[int, dict]:
    """{zone_id: {indicator_id: (figures, the zone's table cells after its rank)}}."""
    figures = selectors.comparison_figures([z.pk for z in zones], year, month, headline)
    cells = get_template("dashboard/compare.html#zone_cells")
    parts = {}
    for zone in zones:
        parts[zone.pk] = {}
        for indicator in headline:
            f = figures[zone.pk][indicator.pk]
            gap = f.gap_points
            row = {
                "zone": zone,
                "month": f.month,
                "ytd": statistics.format_amount(f.ytd_value, indicator.unit, indicator.decimals),
                "target": statistics.format_amount(f.annual_target, indicator.unit, indicator.decimals),
                "completion": statistics.format_percent(f.completion),
                "gap": statistics.describe_gap(gap),
                "gap_class": "" if gap is None else ("ahead" if gap >= 0 else "behind"),
                "yoy": statistics.format_percent(f.yoy_growth),
                "yoy_published": f.yoy_is_published,
                "url": reverse("dashboard:indicator", args=[zone.code, year, month, indicator.code]),
            }
            parts[zone.pk][indicator.pk] = (f, cells.render({"row": row, "month": month}))
    return parts


def _zone_dashboard(request, zone, year, month):
    zone = zone_for_user(request.user, zone, Action.VIEW)
    return selectors.zone_dashboard(zone, year, month)


def indicator(request, zone, year, month, code):
    """One indicator's months of the year: 本月, 1-本月, 同比, completion; each month links to its entry page."""
    dashboard = _zone_dashboard(request, zone, year, month)
    panel = dashboard.panel(code)
    if panel is None:
        raise Http404("no such indicator")
    ind = panel.indicator
    rows = []
    for row in selectors.indicator_months(dashboard, panel):
        f = row.figures
        gap = f.gap_points if f.ytd_value is not None else None
        rows.append(
            {
                "month": row.month,
                "status": row.status,
                "status_label": row.label,
                "month_value": statistics.format_number(f.month_value, ind.decimals),
                "month_value_note": f.month_value_note,
                "ytd": statistics.format_number(f.ytd_value, ind.decimals),
                "ytd_note": f.ytd_note,
                "last_year_ytd": statistics.format_number(f.last_year_ytd, ind.decimals),
                "yoy": statistics.format_percent(f.yoy_growth),
                "yoy_published": f.yoy_is_published,
                "completion": statistics.format_percent(f.completion),
                "gap": statistics.describe_gap(gap),
                "gap_class": "" if gap is None else ("ahead" if gap >= 0 else "behind"),
                "entry_url": reverse("indicators:entry", args=[dashboard.zone.code, year, row.month]),
            }
        )
    trend = charts.trend_chart(dashboard, panel)
    parts = charts.parts_chart(dashboard, panel)
    page_charts = [c for c in (trend, parts) if c is not None]
    return render(
        request,
        "dashboard/indicator.html",
        {
            "zone": dashboard.zone,
            "year": year,
            "month": month,
            "panel": panel,
            "card": display.card(dashboard, panel),
            "rows": rows,
            "parts": [
                {
                    "indicator": part.indicator,
                    "ytd": statistics.format_amount(part.figures.ytd_value, part.indicator.unit, part.indicator.decimals),
                    "share": statistics.format_percent(statistics.ratio_percent(part.figures.ytd_value, panel.figures.ytd_value)),
                    "yoy": statistics.format_percent(part.figures.yoy_growth),
                }
                for part in panel.parts
            ],
            "charts": page_charts,
            "figures": [chart.figure() for chart in page_charts],
        },
    )


def _cell(value):
    if isinstance(value, Promise):  # a lazily translated label (stage and status names)
        value = str(value)
    return escape_cell(value)


def chart_xlsx(request, zone, year, month, chart):
    """The series behind one dashboard chart, as an .xlsx workbook: a sheet named by the chart's
    title, figures rounded as the page shows them (each indicator's decimals, percentages to two)."""
    zone = zone_for_user(request.user, zone, Action.VIEW)
    dashboard = None
    if chart == timeliness.CHART_ID:
        today = clock.today()
        found = timeliness.chart(zone_timeliness_with_months(zone.pk, year, month, today)[1], today)
    elif chart in record_charts.RECORD_CHARTS:
        found = record_charts.RECORD_CHARTS[chart](selectors.zone_records(zone, year, month, clock.today()))
    else:
        dashboard = selectors.zone_dashboard(zone, year, month)
        found = charts.find_chart(dashboard, chart)
    if found is None:
        raise Http404("no such chart")
    # A row names its indicator in its first cell (completion, parts); a trend's rows are the chart's own indicator's.
    named, own = {}, None
    if dashboard is not None:
        for panel in dashboard.panels:
            named[panel.indicator.name] = panel.indicator
            named.update({part.indicator.name: part.indicator for part in panel.parts})
        own = dashboard.panel(chart.partition("-")[2])
    percent_columns = {i for i, column in enumerate(found.columns) if "%" in str(column) or "百分点" in str(column)}

    def rounded(value, places):
        return statistics.quantize(value, places) if isinstance(value, Decimal) else value

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "".join(c for c in str(found.title) if c not in "[]:*?/\\")[:31]  # what Excel allows
    sheet.append([_cell(f"{zone.name} {found.title}")])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_cell(c) for c in found.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in found.rows:
        indicator = (named.get(str(row[0])) if row else None) or (own.indicator if own else None)
        places = indicator.decimals if indicator is not None else statistics.AMOUNT_PLACES
        sheet.append([
            _cell(rounded(value, statistics.PERCENT_PLACES if i in percent_columns else places)) for i, value in enumerate(row)
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{zone.code}-{year}-{month:02d}-{found.id}.xlsx"'
    return response


def grades(request, zone, year):
    """The zone's 亩均效益 grades of `year` by industry and park; each count opens its firms."""
    zone = zone_for_user(request.user, zone)
    return render(request, "dashboard/grades.html", {
        "zone": zone, "year": year, "data": selectors.grade_distribution(request.user, zone, year),
        "grades": grading_selectors.GRADE_ORDER,
    })
