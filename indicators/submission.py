"""What a month's submission must say, and what it may not skip (workflow.submit and approve).

A month goes in order: it is submitted, and approved, only once every earlier month of its year
since the zone's first month on record that year is submitted, approved or marked 不单独报送.
Submitting a month with indicators left blank, or with indicators reported last month but blank
now, needs a reason, kept on the submission for the reviewer; an indicator the zone must report
(RequiredIndicator) left blank blocks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Indicator, MonthlyValue, RequiredIndicator, ZoneMonth
from .selectors import catalogue

SETTLED = ZoneMonth.SETTLED_STATUSES


@dataclass
class Blanks:
    """The month's indicators without a figure, of the active catalogue."""

    total: int  # indicators in the catalogue
    blank: list[Indicator] = field(default_factory=list)
    dropped: list[Indicator] = field(default_factory=list)  # reported last month, blank now
    required: list[Indicator] = field(default_factory=list)  # the zone must report them

    @property
    def filled(self) -> int:
        return self.total - len(self.blank)


def open_earlier_months(zone_id: int, year: int, month: int) -> list[int]:
    """The earlier months of the year still 草稿 or 已退回, from the zone's first month on record
    that year (a zone that starts reporting in October owes no January)."""
    statuses = dict(ZoneMonth.objects.filter(zone_id=zone_id, year=year, month__lt=month).values_list("month", "status"))
    if not statuses:
        return []
    return [m for m in range(min(statuses), month) if statuses.get(m, ZoneMonth.Status.DRAFT) not in SETTLED]


def reported(zone_id: int, year: int, months) -> dict[int, set[int]]:
    """{month: ids of the indicators with a figure that month}: the entered figure (1-N月累计 or
    当月数 by the indicator's entry) or a published growth rate."""
    found = {month: set() for month in months}
    rows = MonthlyValue.objects.filter(zone_id=zone_id, year=year, month__in=list(months)).values_list(
        "month", "indicator_id", "ytd_value", "month_value", "published_yoy", "indicator__kind", "indicator__entry_mode")
    for month, indicator_id, ytd, month_value, yoy, kind, mode in rows:
        entered = month_value if kind == Indicator.Kind.FLOW and mode == Indicator.EntryMode.MONTH else ytd
        if entered is not None or yoy is not None:
            found[month].add(indicator_id)
    return found


def blanks(zone, year: int, month: int, indicators: list[Indicator] | None = None) -> Blanks:
    """`indicators`: the active catalogue, when the caller has it already."""
    if indicators is None:
        indicators = [indicator for indicator, _depth in catalogue()]
    figures = reported(zone.pk, year, [month, month - 1] if month > 1 else [month])
    now, before = figures[month], figures.get(month - 1, set())
    required = set(RequiredIndicator.objects.filter(zone=zone).values_list("indicator_id", flat=True))
    result = Blanks(total=len(indicators))
    for indicator in indicators:
        if indicator.pk in now:
            continue
        result.blank.append(indicator)
        if indicator.pk in before:
            result.dropped.append(indicator)
        if indicator.pk in required:
            result.required.append(indicator)
    return result


def _names(indicators: list[Indicator]) -> str:
    return "、".join(indicator.name for indicator in indicators)


def order_message(months: list[int], year: int) -> str:
    return _(
        "%(months)s尚未提交（草稿或已退回），请先提交；如某月不单独报送（如1月合并到1-2月），请在该月的审核页标记“不单独报送”并说明原因。"
    ) % {"months": "、".join(_("%(y)s年%(m)s月") % {"y": year, "m": m} for m in months)}


def required_message(found: Blanks) -> str:
    return _("以下为本开发区必报指标，本月未填：%(names)s。请填报后再提交。") % {"names": _names(found.required)}


def blanks_message(found: Blanks) -> str:
    """"21项未填（其中上月已报的8项：…）": what the submission's reason must explain."""
    message = ngettext("本月%(total)s项指标中%(n)s项未填", "本月%(total)s项指标中%(n)s项未填", len(found.blank)) % {
        "total": found.total, "n": len(found.blank)}
    if found.dropped:
        message += ngettext("，其中上月已报而本月未填的%(n)s项：%(names)s", "，其中上月已报而本月未填的%(n)s项：%(names)s",
                            len(found.dropped)) % {"n": len(found.dropped), "names": _names(found.dropped)}
    return message + _("。")
