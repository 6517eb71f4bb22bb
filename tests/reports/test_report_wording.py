"""The drafts word an indicator as its catalogue entry says (Indicator.report_verb, short_name,
target_phrase): one an administrator adds reads with his words, and the checker reads them back."""

from dataio.registry import get_kind
from dataio.services import run_import
from indicators.models import Indicator
from reports import annual, monthly, verify
from tests.reports.support import YEAR, docx_text
from tests.reports.test_verify import approve_through

CATALOGUE_ROW = (
    "代码,中文名称,英文名称,类别,单位,报告动词,报告简称,目标任务写法\n"
    "talent_projects,引进人才项目数,Talent projects,economy,个,引进,人才项目,{name}力争突破{amount}\n"
)


def test_an_indicator_an_administrator_adds_is_worded_as_he_words_it(zone, administrator, indicators, enter, set_target, staff, reviewer):
    report = run_import(get_kind("indicators"), CATALOGUE_ROW.encode(), "catalogue.csv", administrator, apply=True)
    assert report.applied
    indicators["talent_projects"] = Indicator.objects.get(code="talent_projects")
    enter(zone, YEAR, 10, {"talent_projects": "12"})
    set_target(zone, YEAR, "talent_projects", 20)
    set_target(zone, YEAR + 1, "talent_projects", 25)
    approve_through(zone, YEAR, 10, staff, reviewer)
    draft = annual.annual_draft(zone, YEAR, 10, with_charts=False)
    lines = verify.block_lines(draft.document.blocks)
    text = "\n".join(lines)
    assert "截至10月底，引进人才项目12个，占年度目标任务20个的60.00%。" in text
    assert "人才项目低于序时进度23.33个百分点" in text
    assert "人才项目力争突破25个" in next(line for line in lines if line.startswith("目标任务："))
    assert "完成引进人才项目数" not in text
    assert verify.check_lines(lines, zone, YEAR, 10) == []
    # The checker reads the short name as the indicator's: a wrong figure beside it is found.
    wrong = text.replace("引进人才项目12个", "引进人才项目13个").splitlines()
    assert {f.kind for f in verify.check_lines(wrong, zone, YEAR, 10)} == {verify.FIGURE}
    assert "人才项目力争突破25个" in docx_text(annual.annual_docx(zone, YEAR, 10))
    # The 月报 says its verb too, and reads back clean.
    briefing = verify.block_lines(monthly.monthly_draft(zone, YEAR, 10, with_charts=False).document.blocks)
    assert "引进人才项目数1-10月累计引进12个，占年度目标任务20个的60.00%" in "\n".join(briefing)
    assert verify.check_lines(briefing, zone, YEAR, 10) == []


def test_the_seeds_keep_their_words(zone):
    words = {i.code: (i.report_verb, i.report_name, i.target_text("1亿元")) for i in Indicator.objects.filter(code__in=["gdp", "tax_revenue", "foreign_investment", "fixed_asset_investment", "signed_projects"])}
    assert words == {
        "gdp": ("实现", "地区生产总值", "地区生产总值达到1亿元"),
        "tax_revenue": ("完成", "税收", "实现税收1亿元"),
        "foreign_investment": ("", "实际利用外资", "实际利用外资1亿元"),
        "fixed_asset_investment": ("完成", "固定资产投资", "完成固定资产投资1亿元"),
        "signed_projects": ("", Indicator.objects.get(code="signed_projects").name_zh, Indicator.objects.get(code="signed_projects").name_zh + "1亿元"),
    }
