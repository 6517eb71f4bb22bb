"""One source per figure: the figures that both the project / land records and a monthly
indicator give (签约项目, 签约资金, 新开工项目, 供应土地面积).

The zone's ReportStyle.figure_source says which one a report states; the other is only compared
with it, and a difference goes to the checklist with both numbers, never into the body. Safety
hazards have no records in DevZone, so they have the indicator as their one source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from core.numbers import decimal_places
from indicators import statistics as st
from indicators.models import Indicator
# Which figures overlap is the records' knowledge (the dashboard's record cards follow it too).
from projects.overlaps import OVERLAPS, record_value, states_records  # noqa: F401


def record_figures(indicator: Indicator, figures: st.IndicatorFigures, value: Decimal, month: int) -> st.IndicatorFigures:
    """The indicator's figures with the records' YTD in place of the monthly one. The records give
    no month value and no growth; the target and its completion stay the indicator's."""
    places = min(decimal_places(Decimal(st.plain_number(value))), indicator.decimals)
    return replace(
        figures, month=month, ytd_value=value, month_value=None, last_year_ytd=None, last_year_month_value=None,
        previous_month_value=None, published_yoy=None, ytd_places=places, month_places=None, yoy_places=None,
    )


@dataclass(frozen=True)
class Mismatch:
    """An overlapping figure whose records and monthly indicator disagree."""

    indicator: Indicator
    book: str
    record: Decimal
    indicator_value: Decimal
    month: int  # of the indicator's figure

    def line(self, uses_records: bool) -> str:
        unit = self.indicator.unit
        record = st.plain_number(st.quantize(self.record, self.indicator.decimals))
        return (
            f"{self.indicator.name_zh}：{self.book}{record}{unit}，"
            f"月度指标{st.plain_number(self.indicator_value)}{unit}（{self.month}月），"
            f"正文和附表采用{self.book if uses_records else '月度指标'}"
        )
