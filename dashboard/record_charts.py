"""The dashboard's charts of enterprise, project and land records (charts.py holds the figure
type and the indicator charts)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from indicators import statistics

from .charts import AHEAD, BEHIND, LAST_YEAR, PROJECTION, THIS_YEAR, Chart, plot_number
from .selectors import ZoneRecords


def _two_panels(top_title: str, bottom_title: str) -> dict:
    """Two bar panels stacked over one category axis (count above, amount or area below)."""
    return {
        "yaxis": {"domain": [0.56, 1], "title": {"text": top_title}, "gridcolor": "#e4e7eb", "rangemode": "tozero"},
        "yaxis2": {"domain": [0, 0.44], "title": {"text": bottom_title}, "gridcolor": "#e4e7eb", "rangemode": "tozero"},
        "xaxis": {"anchor": "y2", "automargin": True},
        "showlegend": False,
    }


def _bars(name, x, values, texts, colour, axis="y") -> dict:
    return {
        "type": "bar",
        "name": name,
        "x": x,
        "y": [plot_number(v) for v in values],
        "yaxis": axis,
        "marker": {"color": colour},
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [f"{label} {name} {text}" for label, text in zip(x, texts)],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _records_url(name: str, records: ZoneRecords, **params) -> str:
    return reverse(name) + "?" + urlencode({"zone": records.zone.code, **params})


def pipeline_chart(records: ZoneRecords) -> Chart | None:
    """Projects by current stage: how many (个) and their total investment (亿元)."""
    stages = records.pipeline
    if not any(s.count for s in stages):
        return None
    labels = [s.label for s in stages]
    data = [
        _bars(_("项目数"), labels, [Decimal(s.count) for s in stages], [_("%(n)s个") % {"n": s.count} for s in stages], THIS_YEAR),
        _bars(
            _("总投资"), labels, [s.total_investment for s in stages],
            [statistics.format_amount(s.total_investment, "亿元") for s in stages], PROJECTION, axis="y2",
        ),
    ]
    layout = _two_panels(_("项目数（个）"), _("总投资（亿元）"))
    columns = [_("阶段"), _("项目数（个）"), _("总投资（亿元）")]
    rows = [[s.label, s.count, s.total_investment] for s in stages]
    links = [
        (s.label, _records_url("projects:project_list", records, stage=s.stage)) for s in stages if s.count
    ]
    return Chart("pipeline", _("项目按当前阶段分布（个数与总投资）"), data, layout, columns, rows, height=420, links=links)


KEY_PROJECTS_SHOWN = 30


def key_projects_chart(records: ZoneRecords) -> Chart | None:
    """Each key project's investment this year against its annual plan (万元)."""
    projects = records.key_projects
    if not projects:
        return None
    shown = projects
    if len(projects) > KEY_PROJECTS_SHOWN:
        # The furthest behind plan are the ones to show; the .xlsx has them all.
        shown = sorted(projects, key=lambda p: (p.percent_of_plan is None, p.percent_of_plan or 0))[:KEY_PROJECTS_SHOWN]
    names = [p.name for p in shown][::-1]
    ordered = shown[::-1]
    hover = [
        _("%(name)s\n年度计划 %(plan)s，1-%(m)s月完成 %(ytd)s，占计划 %(pct)s")
        % {
            "name": p.name,
            "plan": statistics.format_amount(p.planned, "万元", 0),
            "m": records.month,
            "ytd": statistics.format_amount(p.ytd, "万元", 0),
            "pct": statistics.format_percent(p.percent_of_plan),
        }
        for p in ordered
    ]
    data = [
        {
            "type": "bar", "orientation": "h", "name": _("年度计划投资"), "y": names,
            "x": [plot_number(p.planned) for p in ordered], "marker": {"color": LAST_YEAR},
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "bar", "orientation": "h", "name": _("累计完成投资"), "y": names,
            "x": [plot_number(p.ytd) for p in ordered],
            "marker": {"color": [AHEAD if (p.percent_of_plan or 0) >= records.time_progress else BEHIND for p in ordered]},
            "text": [statistics.format_percent(p.percent_of_plan, 1) for p in ordered], "textposition": "auto",
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
        },
    ]
    layout = {
        "barmode": "group",
        "xaxis": {"title": {"text": _("投资（万元）")}, "gridcolor": "#e4e7eb", "rangemode": "tozero"},
        "yaxis": {"automargin": True},
        "margin": {"l": 8, "r": 16, "t": 32, "b": 48},
    }
    columns = [_("项目"), _("级别"), _("包挂领导"), _("年度计划投资（万元）"), _("累计完成投资（万元）"), _("占年计划(%)"), _("本年无投资月数"), _("逾期问题（条）")]
    rows = [
        [p.name, p.level, p.responsible_leader, p.planned, p.ytd, p.percent_of_plan, p.months_without_investment, p.overdue_problems]
        for p in projects
    ]
    title = _("重点项目完成投资与年度计划")
    if len(shown) < len(projects):
        title = _("重点项目完成投资与年度计划（占计划最低的%(n)s个）") % {"n": len(shown)}
    links = [(_("重点项目进度表"), _records_url("projects:key_projects", records, year=records.year, month=records.month))]
    return Chart("key-projects", title, data, layout, columns, rows, height=140 + 44 * len(shown), links=links)


def land_status_chart(records: ZoneRecords) -> Chart | None:
    """Parcels by status: how many (宗) and how large (亩)."""
    statuses = records.land.by_status
    if not any(s.count for s in statuses):
        return None
    labels = [s.label for s in statuses]
    data = [
        _bars(_("宗数"), labels, [Decimal(s.count) for s in statuses], [ngettext("%(n)s宗", "%(n)s宗", s.count) % {"n": s.count} for s in statuses], THIS_YEAR),
        _bars(_("面积"), labels, [s.area_mu for s in statuses], [statistics.format_amount(s.area_mu, "亩") for s in statuses], AHEAD, axis="y2"),
    ]
    layout = _two_panels(_("宗数（宗）"), _("面积（亩）"))
    columns = [_("状态"), _("宗数（宗）"), _("面积（亩）")]
    rows = [[s.label, s.count, s.area_mu] for s in statuses]
    links = [
        (s.label, _records_url("projects:parcel_list", records, status=s.stage)) for s in statuses if s.count
    ]
    return Chart("land-status", _("土地按状态分布（宗数与面积）"), data, layout, columns, rows, height=420, links=links)


# The 亩均税收 chart shows the most and least efficient enterprises; the .xlsx has them all.
RANKING_ENDS = 10


def tax_per_mu_chart(records: ZoneRecords) -> Chart | None:
    """亩均税收 of the enterprises holding land, highest at the top."""
    ranked = [r for r in records.efficiency if r.tax_per_mu is not None][::-1]  # highest first
    if not ranked:
        return None
    shown = ranked if len(ranked) <= 2 * RANKING_ENDS else ranked[:RANKING_ENDS] + ranked[-RANKING_ENDS:]
    shown = shown[::-1]  # plotly draws the first bar at the bottom
    data = [
        {
            "type": "bar", "orientation": "h", "name": _("亩均税收"), "y": [r.name for r in shown],
            "x": [plot_number(r.tax_per_mu) for r in shown], "marker": {"color": THIS_YEAR},
            "text": [statistics.format_amount(r.tax_per_mu, "万元/亩") for r in shown], "textposition": "auto",
            "hovertext": [
                _("%(name)s\n亩均税收 %(per)s（税收 %(tax)s ÷ %(area)s）")
                % {
                    "name": r.name,
                    "per": statistics.format_amount(r.tax_per_mu, "万元/亩"),
                    "tax": statistics.format_amount(r.tax, "万元"),
                    "area": statistics.format_amount(r.area_mu, "亩"),
                }
                for r in shown
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    ]
    layout = {
        "xaxis": {"title": {"text": _("亩均税收（万元/亩）")}, "gridcolor": "#e4e7eb", "rangemode": "tozero"},
        "yaxis": {"automargin": True},
        "showlegend": False,
        "margin": {"l": 8, "r": 16, "t": 32, "b": 48},
    }
    columns = [_("名次"), _("企业"), _("用地面积（亩）"), _("税收（万元）"), _("产值（万元）"), _("亩均税收（万元/亩）"), _("亩均产值（万元/亩）")]
    rows = [[i, r.name, r.area_mu, r.tax, r.output, r.tax_per_mu, r.output_per_mu] for i, r in enumerate(ranked, start=1)]
    links = [(_("完整排名"), _records_url("projects:land_efficiency", records, year=records.year, month=records.month))]
    title = _("亩均税收排名") if len(ranked) <= 2 * RANKING_ENDS else _("亩均税收排名（前%(n)s名与后%(n)s名）") % {"n": RANKING_ENDS}
    return Chart("tax-per-mu", title, data, layout, columns, rows, height=120 + 30 * len(shown), links=links)


def _figures_chart(records: ZoneRecords, groups, chart_id: str, title: str, group_label: str, unassigned: str, list_filter: str) -> Chart | None:
    """Enterprise tax and output (万元, year to date) summed by industry or park, each group
    linking to the enterprise list filtered to it."""
    if not groups:
        return None
    labels = [g.name or unassigned for g in groups]
    counts = [_("%(n)s家企业") % {"n": g.enterprises} for g in groups]

    def bars(name, values, colour, axis="y"):
        texts = [statistics.format_amount(v, "万元") for v in values]
        trace = _bars(name, labels, values, texts, colour, axis)
        trace["hovertext"] = [f"{label}（{count}）\n{name} {text}" for label, count, text in zip(labels, counts, texts)]
        return trace

    data = [bars(_("税收"), [g.tax for g in groups], THIS_YEAR), bars(_("产值"), [g.output for g in groups], AHEAD, axis="y2")]
    layout = _two_panels(_("1-%(m)s月累计税收（万元）") % {"m": records.month}, _("1-%(m)s月累计产值（万元）") % {"m": records.month})
    columns = [group_label, _("企业数（家）"), _("1-N月累计税收（万元）"), _("1-N月累计产值（万元）")]
    rows = [[label, g.enterprises, g.tax, g.output] for label, g in zip(labels, groups)]
    links = [
        (label, _records_url("projects:enterprise_list", records, **{list_filter: g.group_id}))
        for label, g in zip(labels, groups)
        if g.group_id is not None
    ]
    return Chart(chart_id, title, data, layout, columns, rows, height=440, links=links)


def industry_chart(records: ZoneRecords) -> Chart | None:
    """Enterprise tax and output by industry, from each enterprise's latest figures up to the month."""
    title = _("企业税收与产值按产业分布（%(y)s年1-%(m)s月）") % {"y": records.year, "m": records.month}
    return _figures_chart(records, records.industries, "industries", title, _("产业"), _("未分产业"), "industry")


def park_chart(records: ZoneRecords) -> Chart | None:
    """Enterprise tax and output by park, from each enterprise's latest figures up to the month."""
    title = _("企业税收与产值按园区分布（%(y)s年1-%(m)s月）") % {"y": records.year, "m": records.month}
    return _figures_chart(records, records.parks, "parks", title, _("园区"), _("未分园区"), "park")


RECORD_CHARTS = {
    "pipeline": pipeline_chart,
    "key-projects": key_projects_chart,
    "land-status": land_status_chart,
    "tax-per-mu": tax_per_mu_chart,
    "industries": industry_chart,
    "parks": park_chart,
}


def record_charts(records: ZoneRecords) -> list[Chart]:
    return [chart for chart in (build(records) for build in RECORD_CHARTS.values()) if chart is not None]
