"""Sentences of the year-end report drawn from the project and land records.

Each category's builder returns nothing when the zone keeps no such records, so a zone that
only enters monthly figures gets a draft without them. The figures come from
projects.statistics; here they are only put into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.numbers import decimal_places
from indicators import statistics as st
from projects import enterprise_statistics, land_statistics, statistics as record_statistics

# Indicators whose figure the record sentences state (reports.sources decides which source's
# figure that is): the section leaves the indicator's own clause out to avoid saying it twice.
COVERED_BY_RECORDS = {
    "promotion": {"signed_projects", "signed_amount"},
    "projects": {"new_projects_started"},
    "land": {"land_supplied_area"},
}
# How the seeds describe idle land in each disposal stage, in the order they list them.
IDLE_STAGE_PHRASES = [
    ("urged", "{land}土地正在办理开工手续"),
    ("recovery", "{land}土地已进入清收程序"),
    ("confirmed", "{land}已认定为闲置土地"),
    ("investigation", "{land}正在调查清收"),
]


def _count(n: int, unit: str) -> str:
    return f"{n}{unit}"


def _area(area_mu) -> str:
    return st.format_round_amount(area_mu, "亩")


def _land(count: int, area_mu) -> str:
    return f"{count}宗{_area(area_mu)}"


def _money(value: Decimal, unit: str, places: int) -> str:
    """A records' amount (kept in 万元) in its sentence's `unit`: as kept when that is 万元, else to
    the house's `places`."""
    return st.amount_in(value, "万元", unit, decimal_places(value), places)


@dataclass
class RecordSentences:
    """The record sentences of one report, computed once for the zone, year and month.

    `chosen` gives, for the figures records and indicators share (reports.sources), the value and
    its text the report states, None where it states none; without it the records' own are used."""

    projects: record_statistics.ProjectSummary
    land: land_statistics.LandSummary
    chosen: dict[str, tuple[Decimal, str] | None] | None = field(default=None)
    enterprises: enterprise_statistics.EnterpriseSummary | None = None  # loaded only when a section asks
    grades: str = ""  # the year's 亩均效益 evaluation (grading.selectors.grade_sentence)
    month: int = 12  # the month the records are counted to
    amount_places: int = st.CONVERTED_PLACES  # of an amount converted into its sentence's unit

    def __call__(self, kind: str) -> list[str]:
        """The sentences of one kind (reports.models.RecordInsert; the category codes promotion,
        projects and land are kinds too)."""
        builder = {
            "promotion": self.promotion, "projects": self.construction, "land": self.land_management,
            "relocation": self.relocation, "enterprises": self.enterprise_counts,
        }.get(kind)
        return builder() if builder else []

    def covered(self, kind: str) -> set[str]:
        """The shared figures the kind's sentences state."""
        if not self(kind):
            return set()
        return {code for code in COVERED_BY_RECORDS.get(kind, set()) if self._figure(code)}

    def _figure(self, code: str) -> tuple[Decimal, str] | None:
        """(value, text) of a shared figure as the report states it."""
        if self.chosen is not None and code in self.chosen:
            return self.chosen[code]
        own = {
            "signed_projects": (self.projects.signed_count, lambda v: _count(v, "个")),
            "signed_amount": (self.projects.signed_amount, lambda v: st.format_amount(v, "亿元")),
            "new_projects_started": (self.projects.new_started, lambda v: _count(v, "个")),
            "land_supplied_area": (self.land.supplied_area_mu, _area),
        }
        value, text = own[code]
        return (Decimal(value), text(value)) if value else None

    def promotion(self) -> list[str]:
        p = self.projects
        sentences = []
        if p.conceived:
            sentences.append(f"共谋划项目{_count(p.conceived, '个')}")
        count = self._figure("signed_projects")
        amount = self._figure("signed_amount")
        if count:
            sentences.append(f"签约项目{count[1]}" + (f"，签约资金{amount[1]}" if amount else ""))
        elif amount:
            sentences.append(f"签约资金{amount[1]}")
        if p.negotiating:
            sentences.append(f"{_count(p.negotiating, '个')}项目正在洽谈对接")
        return sentences

    def construction(self) -> list[str]:
        p = self.projects
        sentences = []
        new = self._figure("new_projects_started")
        if p.continuing or new:
            # 开工建设 is 续建 plus 新建, so the total follows the 新建 figure the report states.
            total = p.continuing + int(new[0] if new else 0)
            sentences.append(
                f"共开工建设项目{_count(total, '个')}，其中续建{_count(p.continuing, '个')}，新建{new[1] if new else '0个'}"
            )
        if p.completed or p.producing:
            sentences.append(f"建成项目{_count(p.completed, '个')}，投产项目{_count(p.producing, '个')}")
        if p.planned_investment:
            # One unit for both, read from the year's plan so that it stays put month after month.
            unit = st.reading_unit(p.planned_investment, "万元")
            sentences.append(
                f"项目年度计划投资{_money(p.planned_investment, unit, self.amount_places)}，{st.month_span(self.month)}完成"
                f"{_money(p.completed_investment, unit, self.amount_places)}，占年度计划的{st.format_percent(p.investment_percent)}"
            )
        return sentences

    def land_management(self) -> list[str]:
        land = self.land
        sentences = []
        supplied = self._figure("land_supplied_area")
        span = st.month_span(self.month)
        if supplied and land.supplied_count and supplied[0] == land.supplied_area_mu:
            sentences.append(f"{span}供应土地{land.supplied_count}宗，{_area(land.supplied_area_mu)}")
        elif supplied:
            # Another source's area: the records' parcel count would not add up to it.
            sentences.append(f"{span}供应土地{supplied[1]}")
        if land.mortgage_count:
            # Always in 万元, as registered: the same figure reads alike in every draft.
            sentences.append(
                f"{'' if sentences else span}为{land.mortgage_count}户用地单位办理了土地使用权他项权利登记，为企业融资"
                f"{_money(land.mortgage_amount, '万元', self.amount_places)}"
            )
        if land.idle_count:
            stages = {stage.stage: stage for stage in land.idle_by_stage}
            parts = [
                phrase.format(land=_land(stages[code].count, stages[code].area_mu))
                for code, phrase in IDLE_STAGE_PHRASES
                if code in stages and stages[code].count
            ]
            text = f"重点做好{_land(land.idle_count, land.idle_area_mu)}闲置土地的清收工作"
            if parts:
                text += "，目前" + "，".join(parts)
            sentences.append(text)
        if self.grades:
            sentences.append(self.grades)
        if land.low_efficiency_count:
            sentences.append(f"查出低效利用土地{_land(land.low_efficiency_count, land.low_efficiency_area_mu)}")
        return sentences

    def relocation(self) -> list[str]:
        land = self.land
        sentences = []
        if land.relocation_enterprises_total:
            sentences.append(
                f"涉及搬迁企业{land.relocation_enterprises_total}家，已完成搬迁腾空{land.relocation_enterprises_moved}家"
            )
        if land.relocation_households_total:
            sentences.append(
                f"涉及征收住户{land.relocation_households_total}户，已完成{land.relocation_households_moved}户"
            )
        return sentences

    def enterprise_counts(self) -> list[str]:
        counts = self.enterprises
        if counts is None or not counts.total:
            return []
        parts = [
            f"{label}{n}家"
            for label, n in (("规上工业企业", counts.above_scale), ("上市公司", counts.listed), ("高新技术企业", counts.high_tech),
                             ("外资企业", counts.foreign))
            if n
        ]
        return [f"园区共有企业{counts.total}家" + ("，其中" + "、".join(parts) if parts else "")]
