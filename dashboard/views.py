import io
from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.cache import remember, remember_many
from core.periods import default_period
from dataio.files import escape_cell
from indicators import statistics
from indicators.selectors import combined_months, latest_month, months_with_data
from zones.access import zone_for_user
from zones.models import Action
from zones.selectors import data_versions, zones_with_data_versions

from . import charts, selectors
from .forms import PeriodForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data_stamp(zones) -> tuple:
    """What a cached dashboard part (core.cache) depends on besides its period: the
    zones' data versions (raised by every write), the day (idle-land and stalled-project rules
    count days) and the language."""
    return (data_versions(zones), timezone.localdate(), translation.get_language())


def _zone_months(zones) -> dict[int, dict[int, int]]:
    """Each zone's {year: last month with data}, kept per zone under its data version: after a
    write to one zone, only that zone's is read again."""
    return remember_many(
        "dashboard", {z.pk: ("months", z.pk, z.data_version_number) for z in zones}, months_with_data
    )


def _period(request, zones, stamp):
    """(year, month, form): the asked period, else the latest month with data in `zones`."""
    today = timezone.localdate()
    # Kept whole too, so that a cached page reads one key rather than one per zone.
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
    # The picker shows the form's choices and marks year and month itself.
    return year, month, form


def _span_label(month: int) -> str:
    """statistics.month_span in the page's language (1-9月, months 1-9)."""
    return _("1月") if month == 1 else _("1-%(m)s月") % {"m": month}


def _card(dashboard: selectors.ZoneDashboard, panel: selectors.IndicatorPanel) -> dict:
    """Display strings of one headline indicator's card."""
    figures, indicator = panel.figures, panel.indicator
    gap = figures.gap_points
    completion = figures.completion
    return {
        "panel": panel,
        "ytd": statistics.format_amount(figures.ytd_value, indicator.unit, indicator.decimals),
        "span": _span_label(panel.month) if panel.month else "",
        "target": statistics.format_amount(figures.annual_target, indicator.unit, indicator.decimals),
        "completion": statistics.format_percent(completion),
        "time_progress": statistics.format_percent(figures.time_progress),
        "gap": statistics.describe_gap(gap),
        "gap_class": "" if gap is None else ("ahead" if gap >= 0 else "behind"),
        "yoy": statistics.describe_growth(figures.yoy_growth),
        "yoy_published": figures.yoy_is_published,
        "projection": statistics.format_amount(panel.projection, indicator.unit, indicator.decimals),
        "projected_completion": statistics.format_percent(panel.projected_completion),
        # The bar is drawn to 100% at most; the figure beside it says the rest.
        "bar_width": statistics.format_number(min(completion, statistics.HUNDRED), 2) if completion is not None else "0",
        "bar_marker": statistics.format_number(figures.time_progress, 2) if figures.time_progress is not None else "",
        "lags": panel.month is not None and panel.month < dashboard.month,
        "url": reverse("dashboard:indicator", args=[dashboard.zone.code, dashboard.year, dashboard.month, indicator.code]),
    }


def _warnings(dashboard: selectors.ZoneDashboard) -> list[dict]:
    """Early-warning items, each with the page that fixes it."""
    zone, year, month = dashboard.zone, dashboard.year, dashboard.month
    items = []
    for panel in dashboard.behind:
        items.append(
            {
                "kind": "behind",
                "text": _("%(name)s %(gap)s（完成率%(c)s，数据截至%(m)s月）")
                % {
                    "name": panel.indicator.name,
                    "gap": statistics.describe_gap(panel.figures.gap_points),
                    "c": statistics.format_percent(panel.figures.completion),
                    "m": panel.month,
                },
                "url": reverse("dashboard:indicator", args=[zone.code, year, month, panel.indicator.code]),
                "action": _("查看逐月数据"),
            }
        )
    for month_status in dashboard.unsubmitted:
        items.append(
            {
                "kind": "unsubmitted",
                "text": _("%(y)s年%(m)s月数据未报送（%(status)s）")
                % {"y": year, "m": month_status.month, "status": month_status.label},
                "url": reverse("indicators:entry", args=[zone.code, year, month_status.month]),
                "action": _("去填报"),
            }
        )
    return items


def _list_url(name: str, **params) -> str:
    return reverse(name) + "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _record_figures(records: selectors.ZoneRecords) -> dict[str, list[dict]]:
    """The project and land counts of the period, each linking to the records behind it."""
    zone, year, month = records.zone.code, records.year, records.month
    summary, land = records.projects, records.land

    def projects(label, figure, count, extra=""):
        return {
            "label": label,
            "value": _("%(n)s个") % {"n": count} + extra,
            "url": _list_url("projects:project_list", zone=zone, status=figure, year=year, month=month),
        }

    def parcels(label, count, area, **params):
        return {
            "label": label,
            "value": _("%(n)s宗 %(area)s") % {"n": count, "area": statistics.format_amount(area, "亩")},
            "url": _list_url("projects:parcel_list", zone=zone, **params),
        }

    return {
        "projects": [
            projects(_("谋划"), "conceived", summary.conceived),
            projects(_("洽谈"), "negotiating", summary.negotiating),
            projects(_("签约"), "signed", summary.signed_count, "，" + statistics.format_amount(summary.signed_amount, "亿元")),
            projects(_("开工建设"), "under_construction", summary.under_construction),
            projects(_("其中新建"), "new_started", summary.new_started),
            projects(_("其中续建"), "continuing", summary.continuing),
            projects(_("建成"), "completed", summary.completed),
            projects(_("投产"), "producing", summary.producing),
            {
                "label": _("重点项目投资"),
                "value": _("完成%(done)s，占年计划%(pct)s")
                % {
                    "done": statistics.format_amount(summary.key_completed_investment, "万元", 0),
                    "pct": statistics.format_percent(summary.key_investment_percent),
                },
                "url": _list_url("projects:key_projects", zone=zone, year=year, month=month),
            },
        ],
        "land": [
            parcels(_("本年供地"), land.supplied_count, land.supplied_area_mu, year=year),
            parcels(_("闲置土地"), land.idle_count, land.idle_area_mu, idle_stage="open"),
            parcels(_("低效用地"), land.low_efficiency_count, land.low_efficiency_area_mu, low_efficiency="1"),
            *[parcels(status.label, status.count, status.area_mu, status=status.stage) for status in land.by_status],
        ],
    }


# Warnings list this many items of a kind and link to the full list for the rest.
LISTED = selectors.IDLE_CANDIDATES_LISTED


def _record_warnings(records: selectors.ZoneRecords) -> list[dict]:
    items = []
    stalled = records.stalled_key_projects
    for project in stalled[:LISTED]:
        problems = []
        if project.months_without_investment >= selectors.STALLED_MONTHS:
            problems.append(_("本年已有%(n)s个月无投资") % {"n": project.months_without_investment})
        if project.overdue_problems:
            problems.append(_("%(n)s条问题逾期未解决") % {"n": project.overdue_problems})
        items.append(
            {
                "kind": "project",
                "text": _("重点项目“%(name)s”%(problems)s") % {"name": project.name, "problems": "，".join(problems)},
                "url": reverse("projects:project_detail", args=[project.project_id]),
                "action": _("查看项目"),
            }
        )
    if len(stalled) > LISTED:
        items.append(
            {
                "kind": "project",
                "text": _("另有%(n)s个重点项目无投资或有逾期问题") % {"n": len(stalled) - LISTED},
                "url": _list_url("projects:key_projects", zone=records.zone.code, year=records.year, month=records.month),
                "action": _("查看全部"),
            }
        )
    for parcel in records.idle_candidates:
        items.append(
            {
                "kind": "land",
                "text": _("宗地%(code)s（%(area)s）超过约定开工日期满一年未开工，可列为闲置土地")
                % {"code": parcel.code, "area": statistics.format_amount(parcel.area_mu, "亩")},
                "url": reverse("projects:parcel_detail", args=[parcel.pk]),
                "action": _("查看宗地"),
            }
        )
    more = records.idle_candidates_count - len(records.idle_candidates)
    if more > 0:
        items.append(
            {
                "kind": "land",
                "text": _("另有%(n)s宗土地可列为闲置土地") % {"n": more},
                "url": reverse("projects:idle_candidates"),
                "action": _("查看全部"),
            }
        )
    return items


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
    stamp = _data_stamp([zone])
    year, month, form = _period(request, [zone], stamp)
    body = remember("dashboard", ("index", stamp, year, month), lambda: _index_body(request, zone, year, month))
    context = {
        "zone": zone,
        "zones": zones,
        "year": year,
        "month": month,
        "form": form,
        "time_progress": statistics.format_percent(statistics.time_progress_percent(month)),
        "body": body,
    }
    return render(request, "dashboard/index.html", context)


def _index_body(request, zone, year, month) -> str:
    dashboard = selectors.zone_dashboard(zone, year, month)
    records = selectors.zone_records(zone, year, month, timezone.localdate())
    zone_charts = charts.zone_charts(dashboard)
    records_charts = charts.record_charts(records)
    return render_to_string(
        "dashboard/index.html#body",
        {
            "zone": zone,
            "year": year,
            "month": month,
            "dashboard": dashboard,
            "cards": [_card(dashboard, panel) for panel in dashboard.headline],
            "warnings": _warnings(dashboard) + _record_warnings(records),
            "record_figures": _record_figures(records),
            "records_charts": records_charts,
            "warning_points": statistics.format_number(statistics.warning_points(), 0),
            "charts": zone_charts,
            "figures": [chart.figure() for chart in zone_charts + records_charts],
        },
        request,
    )


def compare(request):
    """Zones ranked on each headline indicator, for leaders of several zones."""
    zones = zones_with_data_versions(request.user, Action.VIEW)
    if not zones:
        return render(request, "dashboard/no_zone.html")
    stamp = _data_stamp(zones)
    year, month, form = _period(request, zones, stamp)
    rankings = remember("dashboard", ("compare", stamp, year, month), lambda: _compare_rankings(zones, year, month))
    context = {"form": form, "year": year, "month": month, "rankings_html": rankings, "zones": zones}
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
    rankings = [
        {
            "indicator": ranking.indicator,
            "rows": [
                {"rank": rank, "zone": row.zone, "cells": kept[row.zone.pk][ranking.indicator.pk][1]}
                for rank, row in enumerate(ranking.rows, start=1)
            ],
        }
        for ranking in selectors.zone_comparison(zones, year, month, headline, figures)
    ]
    return render_to_string("dashboard/compare.html#rankings", {"rankings": rankings})


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
                "ytd": statistics.format_number(f.ytd_value, ind.decimals),
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
            "card": _card(dashboard, panel),
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
    if chart in charts.RECORD_CHARTS:
        found = charts.RECORD_CHARTS[chart](selectors.zone_records(zone, year, month, timezone.localdate()))
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
