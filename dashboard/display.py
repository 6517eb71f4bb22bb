"""What the dashboard pages show, as display strings: the cards, the early warnings, the record
figures with the lists behind them. Figures come from the selectors and statistics."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.periods import month_name, span_name
from indicators import statistics

from . import selectors


def card(dashboard: selectors.ZoneDashboard, panel: selectors.IndicatorPanel) -> dict:
    """Display strings of one headline indicator's card."""
    figures, indicator = panel.figures, panel.indicator
    gap = figures.gap_points
    completion = figures.completion
    return {
        "panel": panel,
        "ytd": statistics.format_amount(figures.ytd_value, indicator.unit, indicator.decimals),
        "span": span_name(panel.month) if panel.month else "",
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


def warnings(dashboard: selectors.ZoneDashboard) -> list[dict]:
    """Early-warning items, each with the page that fixes it."""
    zone, year, month = dashboard.zone, dashboard.year, dashboard.month
    items = []
    for panel in dashboard.behind:
        items.append(
            {
                "kind": "behind",
                "text": _("%(name)s %(gap)s（完成率%(c)s，数据截至%(month)s）")
                % {
                    "name": panel.indicator.name,
                    "gap": statistics.describe_gap(panel.figures.gap_points),
                    "c": statistics.format_percent(panel.figures.completion),
                    "month": month_name(panel.month),
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


# The cards' figures that the records share with monthly indicators (projects.overlaps), by the
# indicators they are made of.
SHARED_FIGURES = {
    "signed": ("signed_projects", "signed_amount"),
    "new_started": ("new_projects_started",),
    "supplied_area": ("land_supplied_area",),
}


def _write_shared(name: str, values: list) -> str:
    values = [Decimal(0) if value is None else value for value in values]  # a source that counts none
    if name == "signed":
        count, amount = values
        return _("%(n)s个") % {"n": statistics.format_number(count, 0)} + _("，%(amount)s") % {
            "amount": statistics.format_amount(amount, "亿元")}
    if name == "new_started":
        return _("%(n)s个") % {"n": statistics.format_number(values[0], 0)}
    return statistics.format_amount(values[0], "亩")


@dataclass
class SharedText:
    stated: str  # as the zone's 报告格式 says, as in its drafts
    other: str | None  # the other source's, None when it gives none
    from_records: bool
    month: int | None  # the month the indicator's figure runs to


def _shared_texts(shared: dict[str, selectors.SharedFigure]) -> dict[str, SharedText]:
    texts = {}
    for name, codes in SHARED_FIGURES.items():
        figures = [shared[code] for code in codes]
        others = [figure.other for figure in figures]
        texts[name] = SharedText(
            _write_shared(name, [figure.value for figure in figures]),
            None if all(other is None for other in others) else _write_shared(name, others),
            figures[0].from_records, next((figure.month for figure in figures if figure.month), None),
        )
    return texts


def _source_note(texts: dict[str, SharedText], names: list[str], book: str) -> str:
    """Under a card whose shared figures the other source gives otherwise: which source the card
    states, as the drafts do, and the other's figures."""
    differ = [name for name in names if texts[name].other not in (None, texts[name].stated)]
    if not differ:
        return ""
    labels = {"signed": _("签约"), "new_started": _("其中新建"), "supplied_area": _("本年供地面积")}
    first = texts[differ[0]]
    indicator = _("月度指标（%(month)s）") % {"month": month_name(first.month)} if first.month else _("月度指标")
    return _("%(figures)s取自%(source)s，与工作总结一致（报告格式）；%(other)s为%(values)s。") % {
        "figures": _("、").join(str(labels[name]) for name in differ),
        "source": book if first.from_records else indicator,
        "other": indicator if first.from_records else book,
        "values": _("，").join(_("%(label)s%(value)s") % {"label": labels[name], "value": texts[name].other} for name in differ),
    }


def record_figures(records: selectors.ZoneRecords, shared: dict[str, selectors.SharedFigure]) -> dict:
    """The project and land counts of the period, each linking to the records behind it. The
    figures the records share with monthly indicators are the source the zone's 报告格式 names."""
    zone, year, month = records.zone.code, records.year, records.month
    summary, land = records.projects, records.land
    texts = _shared_texts(shared)

    def projects(label, figure, value):
        return {
            "label": label,
            "value": value,
            "url": _list_url("projects:project_list", zone=zone, status=figure, year=year, month=month),
        }

    def count(n):
        return _("%(n)s个") % {"n": n}

    def parcels(label, count, area, **params):
        return {
            "label": label,
            "value": _("%(n)s宗 %(area)s") % {"n": count, "area": statistics.format_amount(area, "亩")},
            "url": _list_url("projects:parcel_list", zone=zone, **params),
        }

    supplied = parcels(_("本年供地"), land.supplied_count, land.supplied_area_mu, year=year)
    if not texts["supplied_area"].from_records:
        supplied["value"] = texts["supplied_area"].stated  # the indicator gives the area, not the parcels
    return {
        "projects": [
            projects(_("谋划"), "conceived", count(summary.conceived)),
            projects(_("洽谈"), "negotiating", count(summary.negotiating)),
            projects(_("签约"), "signed", texts["signed"].stated),
            projects(_("开工建设"), "under_construction", count(summary.under_construction)),
            projects(_("其中新建"), "new_started", texts["new_started"].stated),
            projects(_("其中续建"), "continuing", count(summary.continuing)),
            projects(_("建成"), "completed", count(summary.completed)),
            projects(_("投产"), "producing", count(summary.producing)),
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
        "projects_source": _source_note(texts, ["signed", "new_started"], _("项目台账")),
        "land": [
            supplied,
            parcels(_("闲置土地"), land.idle_count, land.idle_area_mu, idle_stage="open"),
            parcels(_("低效用地"), land.low_efficiency_count, land.low_efficiency_area_mu, low_efficiency="1"),
            *[parcels(status.label, status.count, status.area_mu, status=status.stage) for status in land.by_status],
        ],
        "land_source": _source_note(texts, ["supplied_area"], _("土地台账")),
    }


# Warnings list this many items of a kind and link to the full list for the rest.
LISTED = selectors.IDLE_CANDIDATES_LISTED


def record_warnings(records: selectors.ZoneRecords) -> list[dict]:
    items = []
    stalled = records.stalled_key_projects
    for project in stalled[:LISTED]:
        problems = []
        if project.months_without_investment >= selectors.STALLED_MONTHS:
            n = project.months_without_investment
            problems.append(ngettext("本年已有%(n)s个月无投资", "本年已有%(n)s个月无投资", n) % {"n": n})
        if project.overdue_problems:
            n = project.overdue_problems
            problems.append(ngettext("%(n)s条问题逾期未解决", "%(n)s条问题逾期未解决", n) % {"n": n})
        items.append(
            {
                "kind": "project",
                # The clauses' separator is the language's: "，" in Chinese, ", " in English.
                "text": _("重点项目“%(name)s”%(problems)s") % {"name": project.name, "problems": _("，").join(problems)},
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
