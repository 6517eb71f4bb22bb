"""Timeliness on the dashboards: the zone's card, its 12-month chart, the ranked comparison.
Figures come from deadlines.timeliness; this module only words and lays them out."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deadlines.timeliness import MonthTimeliness, Timeliness
from indicators import statistics

from .charts import AHEAD, BEHIND, NEUTRAL, THIS_YEAR, Chart

CHART_ID = "timeliness"


def days(value: Decimal | None) -> str:
    return "—" if value is None else _("%(n)s天") % {"n": statistics.format_number(value, 0 if value == value.to_integral() else 1)}


def lateness(timeliness: Timeliness) -> str:
    """How many months were late and their days late together: 逾期1个月，共33天; 无 when none."""
    late = timeliness.late
    if not late:
        return _("无") if timeliness.counted else "—"
    return ngettext("%(n)s个月，共%(days)s天", "%(n)s个月，共%(days)s天", len(late)) % {"n": len(late), "days": timeliness.days_late}


def card(timeliness: Timeliness) -> dict:
    counted = timeliness.counted
    return {
        "on_time_share": statistics.format_percent(timeliness.on_time_share),
        "on_time": sum(m.on_time for m in counted),
        "counted": len(counted),
        "completeness": statistics.format_percent(timeliness.completeness),
        "lateness": lateness(timeliness),
        "mean_days_late": days(timeliness.mean_days_late),
        "late_months": [m.month for m in timeliness.late],
    }


def _month_label(row: MonthTimeliness) -> str:
    return _("%(y)s年%(m)s月") % {"y": row.year, "m": row.month}


def _offset(row: MonthTimeliness, today) -> int | None:
    """Days from the due date to the submission (negative: early); to today for a month overdue."""
    if row.submitted_on is not None:
        return (row.submitted_on - row.due).days
    if row.counted:
        return (today - row.due).days
    return None


def chart(rows: list[MonthTimeliness], today) -> Chart:
    """Each of 12 months: when it was submitted against its due date (bars), and the share of the
    catalogue filled (line)."""
    labels = [_month_label(r) for r in rows]
    offsets = [_offset(r, today) for r in rows]
    colours = [NEUTRAL if r.submitted_on is None else (AHEAD if r.on_time else BEHIND) for r in rows]
    texts = []
    for row, offset in zip(rows, offsets):
        if offset is None:
            texts.append(_("未到期"))
        elif row.submitted_on is None:
            texts.append(_("未报送，已逾期%(n)s天") % {"n": offset})
        elif row.on_time:
            texts.append(_("按时（提前%(n)s天）") % {"n": -offset} if offset < 0 else _("按时"))
        else:
            texts.append(_("逾期%(n)s天") % {"n": offset})
    completeness = [r.completeness for r in rows]
    data = [
        {
            "type": "bar", "name": _("提交日距截止日（天）"), "x": labels, "y": offsets,
            "marker": {"color": colours}, "hovertext": [f"{l} {t}" for l, t in zip(labels, texts)],
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
        {
            "type": "scatter", "mode": "lines+markers", "name": _("数据完整率（%）"), "x": labels,
            "y": [None if c is None else float(c) for c in completeness], "yaxis": "y2",
            "line": {"color": THIS_YEAR}, "hovertemplate": "%{x} %{y:.1f}%<extra></extra>",
        },
    ]
    layout = {
        "yaxis": {"title": {"text": _("天（负数为提前）")}, "gridcolor": "#e4e7eb", "zeroline": True},
        "yaxis2": {"title": {"text": "%"}, "overlaying": "y", "side": "right", "range": [0, 105], "showgrid": False},
        "xaxis": {"automargin": True},
    }
    columns = [_("月份"), _("截止日期"), _("提交日期"), _("逾期天数"), _("数据完整率（%）")]
    table = [
        [label, r.due.isoformat(), r.submitted_on.isoformat() if r.submitted_on else "", r.days_late if r.counted else None, r.completeness]
        for label, r in zip(labels, rows)
    ]
    return Chart(CHART_ID, _("近12个月按时报送与数据完整率"), data, layout, columns, table)


def ranking(zones, by_zone: dict[int, Timeliness]) -> list[dict]:
    """Zones ranked by share on time (higher first), then days late per month and completeness."""

    def key(zone):
        t = by_zone[zone.pk]
        share, late, filled = t.on_time_share, t.mean_days_late, t.completeness
        return (share is None, -(share or 0), late if late is not None else Decimal("Infinity"), -(filled or 0), zone.code)

    return [{"rank": rank, "zone": zone, **card(by_zone[zone.pk])} for rank, zone in enumerate(sorted(zones, key=key), start=1)]
