"""Sentences from the project and land records in the year-end draft."""

from decimal import Decimal as D


from projects.land_statistics import LandSummary, StageCount
from projects.statistics import ProjectSummary
from reports import annual
from reports.records import RecordSentences

from tests.reports.support import YEAR, docx_text


def projects(**figures):
    values = dict(conceived=0, negotiating=0, signed_count=0, signed_amount=D(0), under_construction=0, new_started=0,
                  continuing=0, completed=0, producing=0, terminated=0, planned_investment=D(0), completed_investment=D(0),
                  key_planned_investment=D(0), key_completed_investment=D(0))
    return ProjectSummary(**{**values, **figures})


def land(**figures):
    stages = [StageCount(code, label, 0, D(0)) for code, label in
              (("investigation", "调查"), ("confirmed", "认定"), ("urged", "督促开工"), ("recovery", "清收"), ("disposed", "处置完毕"))]
    values = dict(supplied_count=0, supplied_area_mu=D(0), idle_count=0, idle_area_mu=D(0), idle_by_stage=stages, idle_candidates=0,
                  low_efficiency_count=0, low_efficiency_area_mu=D(0), mortgage_count=0, mortgage_amount=D(0),
                  relocation_enterprises_total=0, relocation_enterprises_moved=0, relocation_households_total=0,
                  relocation_households_moved=0, by_status=[])
    return LandSummary(**{**values, **figures})


def test_seed_004_record_sentences():
    stages = [StageCount("investigation", "调查", 6, D("456.00")), StageCount("confirmed", "认定", 0, D(0)),
              StageCount("urged", "督促开工", 8, D("913.00")), StageCount("recovery", "清收", 3, D("581.00")),
              StageCount("disposed", "处置完毕", 2, D("100"))]
    sentences = RecordSentences(
        projects(conceived=63, negotiating=20, signed_count=33, signed_amount=D("29.94"), under_construction=41, continuing=8, new_started=33),
        land(supplied_count=31, supplied_area_mu=D("1122.00"), idle_count=17, idle_area_mu=D("1950.00"), idle_by_stage=stages,
             mortgage_count=42, mortgage_amount=D("21000.00"), low_efficiency_count=8, low_efficiency_area_mu=D("389")),
    )
    assert sentences("promotion") == ["共谋划项目63个", "签约项目33个，签约资金29.94亿元", "20个项目正在洽谈对接"]
    assert sentences("projects")[0] == "共开工建设项目41个，其中续建8个，新建33个"
    assert sentences("land") == [
        "1-12月供应土地31宗，1122亩",
        "为42户用地单位办理了土地使用权他项权利登记，为企业融资21000万元",
        "重点做好17宗1950亩闲置土地的清收工作，目前8宗913亩土地正在办理开工手续，3宗581亩土地已进入清收程序，6宗456亩正在调查清收",
        "查出低效利用土地8宗389亩",
    ]
    assert sentences.covered("promotion") == {"signed_projects", "signed_amount"}


def test_no_records_no_sentences():
    sentences = RecordSentences(projects(), land())
    assert all(sentences(code) == [] for code in ("economy", "promotion", "projects", "land"))
    assert sentences.covered("promotion") == set()


def test_zone_without_records_still_drafts(zone):
    text = docx_text(annual.annual_docx(zone, YEAR))
    assert "土地管理" not in text and "暂无数据" not in text
