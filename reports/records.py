"""Sentences of the year-end report drawn from the project and land records.

Each category's builder returns nothing when the zone keeps no such records, so a zone that
only enters monthly figures gets a draft without them. The figures come from
projects.statistics; here they are only put into words.
"""

from __future__ import annotations

from dataclasses import dataclass

from grading.selectors import grade_sentence
from indicators import statistics as st
from projects import statistics as record_statistics

# Indicators that the records state better (counted from the records themselves): when the
# records give the figure, the section leaves the monthly indicator out to avoid saying it twice.
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


@dataclass
class RecordSentences:
    """The record sentences of one report, computed once for the zone, year and month."""

    projects: record_statistics.ProjectSummary
    land: record_statistics.LandSummary
    grades: str = ""  # the year's 亩均效益 evaluation (grading.selectors.grade_sentence)

    @classmethod
    def load(cls, zone, year: int, month: int) -> "RecordSentences":
        return cls(record_statistics.project_summary(zone, year, month), record_statistics.land_summary(zone, year, month),
                   grade_sentence(zone, year))

    def __call__(self, category_code: str) -> list[str]:
        builder = {"promotion": self.promotion, "projects": self.construction, "land": self.land_management}.get(category_code)
        return builder() if builder else []

    def covered(self, category_code: str) -> set[str]:
        return COVERED_BY_RECORDS.get(category_code, set()) if self(category_code) else set()

    def promotion(self) -> list[str]:
        p = self.projects
        sentences = []
        if p.conceived:
            sentences.append(f"共谋划项目{_count(p.conceived, '个')}")
        if p.signed_count:
            sentences.append(f"签约项目{_count(p.signed_count, '个')}，签约资金{st.format_amount(p.signed_amount, '亿元')}")
        if p.negotiating:
            sentences.append(f"{_count(p.negotiating, '个')}项目正在洽谈对接")
        return sentences

    def construction(self) -> list[str]:
        p = self.projects
        sentences = []
        if p.under_construction:
            sentences.append(
                f"共开工建设项目{_count(p.under_construction, '个')}，其中续建{_count(p.continuing, '个')}，新建{_count(p.new_started, '个')}"
            )
        if p.completed or p.producing:
            sentences.append(f"建成项目{_count(p.completed, '个')}，投产项目{_count(p.producing, '个')}")
        if p.planned_investment:
            sentences.append(
                f"项目年度计划投资{st.format_round_amount(p.planned_investment, '万元')}，已完成"
                f"{st.format_amount(p.completed_investment, '万元', 0)}，占年度计划的{st.format_percent(p.investment_percent)}"
            )
        return sentences

    def land_management(self) -> list[str]:
        land = self.land
        sentences = []
        if land.supplied_count:
            sentences.append(f"至目前已供应土地{land.supplied_count}宗，{_area(land.supplied_area_mu)}")
        if land.mortgage_count:
            sentences.append(
                f"为{land.mortgage_count}户用地单位办理了土地使用权他项权利登记，为企业融资"
                f"{st.format_round_amount(land.mortgage_amount, '万元')}"
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
        if land.relocation_enterprises_total:
            sentences.append(
                f"涉及搬迁企业{land.relocation_enterprises_total}家，已完成搬迁腾空{land.relocation_enterprises_moved}家"
            )
        if land.relocation_households_total:
            sentences.append(
                f"涉及征收住户{land.relocation_households_total}户，已完成{land.relocation_households_moved}户"
            )
        return sentences
