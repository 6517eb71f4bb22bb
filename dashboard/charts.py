"""The dashboard's indicator charts as plain plotly figure dicts, with the table of figures behind
each (the records' charts are in record_charts.py).

Plain dicts (not plotly.graph_objects, which validates every property and is slow) are
serialised to JSON in the page and drawn by static/js/dashboard.js with Plotly.newPlot; the
tests validate every figure the pages draw with plotly.graph_objects (tests/demo). Every
chart carries the same series as rows, so its data downloads as .xlsx. Figures come from the
selectors and statistics; this module only lays them out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.periods import month_name, span_name
from indicators import statistics

from .selectors import IndicatorPanel, ZoneDashboard

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


def plot_number(value: Decimal | None) -> float | None:
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
            "y": [plot_number(c) for c in completion],
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
            "y": [plot_number(t) for t in progress],
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
    top = max([plot_number(c) or 0 for c in completion] + [100])
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
            "y": [plot_number(panel.ytd_last_year[m]) for m in last_months],
            "line": {"color": LAST_YEAR, "width": 2},
            "hovertext": [_point(m, _amount(panel, panel.ytd_last_year[m])) for m in last_months],
            "hovertemplate": "%{hovertext}<extra>" + str(year - 1) + "</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("%(y)s年%(level)s") % {"y": year, "level": level},
            "x": this_months,
            "y": [plot_number(panel.ytd_this_year[m]) for m in this_months],
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
                "y": [plot_number(panel.figures.ytd_value), plot_number(panel.projection)],
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
                "y": [plot_number(panel.figures.annual_target)] * 2,
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
                "y": [plot_number(panel.last_year_month_values[m]) for m in last_bars],
                "yaxis": "y2",
                "marker": {"color": LAST_YEAR},
                "hovertext": [_point(m, _amount(panel, panel.last_year_month_values[m]), _("当月")) for m in last_bars],
                "hovertemplate": "%{hovertext}<extra>" + str(year - 1) + "</extra>",
            },
            {
                "type": "bar",
                "name": _("%(y)s年当月") % {"y": year},
                "x": this_bars,
                "y": [plot_number(panel.month_values[m]) for m in this_bars],
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
            "x": [plot_number(v) for v in values],
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
