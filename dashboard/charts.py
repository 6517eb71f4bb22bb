"""The dashboard's charts as plain plotly figure dicts, with the table of figures behind each.

Plain dicts (not plotly.graph_objects, which validates every property and is slow) are
serialised to JSON in the page and drawn by static/js/dashboard.js with Plotly.newPlot. Every
chart carries the same series as rows, so its data downloads as .xlsx. Figures come from the
selectors and statistics; this module only lays them out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from core.periods import month_name, span_name
from indicators import statistics

from .selectors import IndicatorPanel, ZoneDashboard, ZoneRecords

AHEAD, BEHIND, THIS_YEAR, LAST_YEAR, PROJECTION, NEUTRAL = "#0f7b3f", "#b42318", "#1d4ed8", "#9aa5b1", "#a15c07", "#52606d"
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
MONTHS = list(range(1, 13))


@dataclass
class Chart:
    id: str
    title: str
    data: list[dict]
    layout: dict
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    height: int = 360
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url) of the records behind the bars

    def figure(self) -> dict:
        """What the page serialises for Plotly.newPlot."""
        layout = {
            "font": {"family": FONT, "size": 12},
            "margin": {"l": 56, "r": 16, "t": 16, "b": 48},
            "height": self.height,
            "legend": {"orientation": "h", "x": 0, "y": -0.18},
            "hoverlabel": {"font": {"family": FONT}},
            "paper_bgcolor": "#fff",
            "plot_bgcolor": "#fff",
            **self.layout,
        }
        return {"id": self.id, "data": plain(self.data), "layout": plain(layout)}


def plain(node, key: str = ""):
    """A figure whose every text shows as typed. Plotly renders a subset of HTML (links included)
    in labels, titles and hover text, and names come from staff: < > & become entities, which
    plotly shows as the characters. Our own line breaks are written as newlines. Hover templates
    are ours and keep their markup."""
    if isinstance(node, str):
        return node if key == "hovertemplate" else html.escape(node, quote=False).replace("\n", "<br>")
    if isinstance(node, dict):
        return {k: plain(v, k) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(v, key) for v in node]
    return node


def _num(value: Decimal | None) -> float | None:
    """Plotly draws floats; the exact figure travels in the hover text and the .xlsx."""
    return None if value is None else float(value)


def _month_label(month: int) -> str:
    return month_name(month)


def _point(month: int, text: str, what: str = "") -> str:
    return f"{_month_label(month)} {what} {text}" if what else f"{_month_label(month)} {text}"


def _amount(panel: IndicatorPanel, value: Decimal | None) -> str:
    return statistics.format_amount(value, panel.indicator.unit, panel.indicator.decimals)


def completion_chart(dashboard: ZoneDashboard) -> Chart | None:
    """完成率 of every indicator with a target, beside its 序时进度 (bars and a line)."""
    panels = dashboard.tracked
    if not panels:
        return None
    names = [p.indicator.name for p in panels]
    completion = [p.figures.completion for p in panels]
    progress = [p.figures.time_progress for p in panels]
    colours = [AHEAD if (p.figures.gap_points or 0) >= 0 else BEHIND for p in panels]
    hover = [
        _("%(name)s\n%(span)s累计 %(ytd)s，目标 %(target)s\n完成率 %(c)s，%(gap)s")
        % {
            "name": p.indicator.name,
            "span": span_name(p.month),
            "ytd": _amount(p, p.figures.ytd_value),
            "target": _amount(p, p.figures.annual_target),
            "c": statistics.format_percent(p.figures.completion),
            "gap": statistics.describe_gap(p.figures.gap_points),
        }
        for p in panels
    ]
    data = [
        {
            "type": "bar",
            "name": _("完成率"),
            "x": names,
            "y": [_num(c) for c in completion],
            "marker": {"color": colours},
            "text": [statistics.format_percent(c) for c in completion],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("序时进度"),
            "x": names,
            "y": [_num(t) for t in progress],
            "line": {"color": NEUTRAL, "dash": "dash", "shape": "hvh"},
            "marker": {"symbol": "line-ew-open", "size": 18, "color": NEUTRAL},
            "hovertext": [
                _("%(name)s 序时进度 %(t)s（数据截至%(month)s）")
                % {"name": p.indicator.name, "t": statistics.format_percent(p.figures.time_progress), "month": month_name(p.month)}
                for p in panels
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
    ]
    top = max([_num(c) or 0 for c in completion] + [100])
    layout = {
        "yaxis": {"title": {"text": _("完成率（%）")}, "ticksuffix": "%", "range": [0, top * 1.15], "gridcolor": "#e4e7eb"},
        "xaxis": {"title": {"text": _("指标")}, "automargin": True},
        "bargap": 0.35,
        # Above the plot: rotated indicator names below would run into it.
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "margin": {"l": 56, "r": 16, "t": 40, "b": 48},
    }
    rows = [
        [p.indicator.name, p.indicator.unit, p.month, p.figures.ytd_value, p.figures.annual_target, c, t, p.figures.gap_points]
        for p, c, t in zip(panels, completion, progress)
    ]
    columns = [_("指标"), _("单位"), _("数据截至月份"), _("1-N月累计"), _("年度目标"), _("完成率(%)"), _("序时进度(%)"), _("超(+)/落后(-)序时进度(百分点)")]
    return Chart("completion", _("完成率与序时进度"), data, layout, columns, rows, height=380)


def trend_chart(dashboard: ZoneDashboard, panel: IndicatorPanel) -> Chart:
    """YTD this year against last year with the year-end projection dashed; month values as bars below."""
    indicator, year, unit = panel.indicator, dashboard.year, panel.indicator.unit
    flow = indicator.is_flow
    this_months = [m for m, v in panel.ytd_this_year.items() if v is not None]
    last_months = [m for m, v in panel.ytd_last_year.items() if v is not None]
    level = _("累计") if flow else _("月末数")
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("%(y)s年%(level)s") % {"y": year - 1, "level": level},
            "x": last_months,
            "y": [_num(panel.ytd_last_year[m]) for m in last_months],
            "line": {"color": LAST_YEAR, "width": 2},
            "hovertext": [_point(m, _amount(panel, panel.ytd_last_year[m])) for m in last_months],
            "hovertemplate": "%{hovertext}<extra>" + str(year - 1) + "</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("%(y)s年%(level)s") % {"y": year, "level": level},
            "x": this_months,
            "y": [_num(panel.ytd_this_year[m]) for m in this_months],
            "line": {"color": THIS_YEAR, "width": 3},
            "hovertext": [_point(m, _amount(panel, panel.ytd_this_year[m])) for m in this_months],
            "hovertemplate": "%{hovertext}<extra>" + str(year) + "</extra>",
        },
    ]
    if panel.projection is not None and panel.month is not None and panel.month < 12:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("预计全年"),
                "x": [panel.month, 12],
                "y": [_num(panel.figures.ytd_value), _num(panel.projection)],
                "line": {"color": PROJECTION, "dash": "dash", "width": 2},
                "marker": {"symbol": ["circle-open", "diamond"], "size": [6, 9]},
                "hovertext": [
                    _point(panel.month, _amount(panel, panel.figures.ytd_value)),
                    _("预计全年 %(v)s") % {"v": _amount(panel, panel.projection)},
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    if panel.figures.annual_target is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("年度目标"),
                "x": [1, 12],
                "y": [_num(panel.figures.annual_target)] * 2,
                "line": {"color": BEHIND, "dash": "dot", "width": 1},
                "hovertext": [_("年度目标 %(v)s") % {"v": _amount(panel, panel.figures.annual_target)}] * 2,
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    month_axis = {"tickmode": "array", "tickvals": MONTHS, "ticktext": [_month_label(m) for m in MONTHS], "range": [0.5, 12.5]}
    layout = {
        "yaxis": {"title": {"text": _("%(level)s（%(unit)s）") % {"level": level, "unit": unit}}, "gridcolor": "#e4e7eb", "rangemode": "tozero"},
        "xaxis": {**month_axis, "title": {"text": _("月份")}},
        "barmode": "group",
    }
    if flow:
        this_bars = [m for m, v in panel.month_values.items() if v is not None]
        last_bars = [m for m, v in panel.last_year_month_values.items() if v is not None]
        data += [
            {
                "type": "bar",
                "name": _("%(y)s年当月") % {"y": year - 1},
                "x": last_bars,
                "y": [_num(panel.last_year_month_values[m]) for m in last_bars],
                "yaxis": "y2",
                "marker": {"color": LAST_YEAR},
                "hovertext": [_point(m, _amount(panel, panel.last_year_month_values[m]), _("当月")) for m in last_bars],
                "hovertemplate": "%{hovertext}<extra>" + str(year - 1) + "</extra>",
            },
            {
                "type": "bar",
                "name": _("%(y)s年当月") % {"y": year},
                "x": this_bars,
                "y": [_num(panel.month_values[m]) for m in this_bars],
                "yaxis": "y2",
                "marker": {"color": THIS_YEAR},
                "hovertext": [_point(m, _amount(panel, panel.month_values[m]), _("当月")) for m in this_bars],
                "hovertemplate": "%{hovertext}<extra>" + str(year) + "</extra>",
            },
        ]
        layout["yaxis"]["domain"] = [0.42, 1]
        layout["yaxis2"] = {"domain": [0, 0.3], "title": {"text": _("当月（%(unit)s）") % {"unit": unit}}, "gridcolor": "#e4e7eb", "rangemode": "tozero"}
        layout["xaxis"]["anchor"] = "y2"
    columns = [
        _("月份"),
        _("%(y)s年%(level)s") % {"y": year, "level": level},
        _("%(y)s年%(level)s") % {"y": year - 1, "level": level},
        _("%(y)s年当月") % {"y": year},
        _("%(y)s年当月") % {"y": year - 1},
        _("预计全年"),
    ]
    rows = [
        [
            _month_label(m),
            panel.ytd_this_year.get(m),
            panel.ytd_last_year.get(m),
            panel.month_values.get(m) if flow else None,
            panel.last_year_month_values.get(m) if flow else None,
            panel.projection if m == 12 else None,
        ]
        for m in MONTHS
    ]
    title = _("%(name)s（%(unit)s）") % {"name": indicator.name, "unit": unit}
    return Chart(f"trend-{indicator.code}", title, data, layout, columns, rows, height=420 if flow else 320)


def parts_chart(dashboard: ZoneDashboard, panel: IndicatorPanel) -> Chart | None:
    """The breakdown of a total into its parts (其中), as of the month the total runs to."""
    parts = [part for part in panel.parts if part.figures.ytd_value is not None]
    if not parts or panel.figures.ytd_value is None:
        return None
    whole = panel.figures.ytd_value
    items = [(panel.indicator.name, whole, None)] + [
        (part.indicator.name, part.figures.ytd_value, statistics.ratio_percent(part.figures.ytd_value, whole))
        for part in parts
    ]
    names = [name for name, _value, _share in items][::-1]
    values = [value for _name, value, _share in items][::-1]
    shares = [share for _name, _value, share in items][::-1]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("%(span)s累计") % {"span": span_name(panel.month)},
            "y": names,
            "x": [_num(v) for v in values],
            "marker": {"color": [THIS_YEAR] * (len(items) - 1) + [NEUTRAL]},
            "text": [_amount(panel, v) for v in values],
            "textposition": "auto",
            "hovertext": [
                _amount(panel, v) + ("" if s is None else _("，占%(s)s") % {"s": statistics.format_percent(s)})
                for v, s in zip(values, shares)
            ],
            "hovertemplate": "%{y}<br>%{hovertext}<extra></extra>",
        }
    ]
    layout = {
        "xaxis": {"title": {"text": _("%(span)s累计（%(unit)s）") % {"span": span_name(panel.month), "unit": panel.indicator.unit}}, "gridcolor": "#e4e7eb", "rangemode": "tozero"},
        "yaxis": {"automargin": True},
        "showlegend": False,
        "margin": {"l": 8, "r": 16, "t": 32, "b": 48},
    }
    columns = [_("指标"), _("单位"), _("1-N月累计"), _("占总量(%)")]
    rows = [[name, panel.indicator.unit, value, share] for name, value, share in items]
    title = _("%(name)s构成（截至%(month)s）") % {"name": panel.indicator.name, "month": month_name(panel.month)}
    return Chart(f"parts-{panel.indicator.code}", title, data, layout, columns, rows, height=120 + 48 * len(items))


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
        "y": [_num(v) for v in values],
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
            "x": [_num(p.planned) for p in ordered], "marker": {"color": LAST_YEAR},
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "bar", "orientation": "h", "name": _("累计完成投资"), "y": names,
            "x": [_num(p.ytd) for p in ordered],
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
            "x": [_num(r.tax_per_mu) for r in shown], "marker": {"color": THIS_YEAR},
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


def zone_charts(dashboard: ZoneDashboard) -> list[Chart]:
    """Every indicator chart of the zone's dashboard, in page order."""
    charts = [completion_chart(dashboard)]
    for panel in dashboard.headline:
        if panel.ytd_this_year or panel.ytd_last_year:
            charts.append(trend_chart(dashboard, panel))
        charts.append(parts_chart(dashboard, panel))
    return [chart for chart in charts if chart is not None]


def find_chart(dashboard: ZoneDashboard, chart_id: str) -> Chart | None:
    """The chart a page drew under `chart_id` (any indicator's trend or breakdown, not only headline ones)."""
    if chart_id == "completion":
        return completion_chart(dashboard)
    kind, _sep, code = chart_id.partition("-")
    panel = dashboard.panel(code)
    if panel is None:
        return None
    if kind == "trend":
        return trend_chart(dashboard, panel)
    if kind == "parts":
        return parts_chart(dashboard, panel)
    return None
