"""One source per figure: records and monthly indicators that give the same figure never both
reach the body; a disagreement is listed in the checklist with both numbers."""

import datetime

import pytest

from projects.models import Project
from reports import annual, monthly
from reports.models import ReportStyle
from tests.reports.support import YEAR, docx_text
from tests.reports.test_report_provenance import checklist


@pytest.fixture
def signed(zone, enter):
    """The indicator says 2 projects signed for 3亿元; the records hold those two and one more."""
    enter(zone, YEAR, 10, {"signed_projects": 2, "signed_amount": "3", "new_projects_started": 1})
    day = datetime.date(YEAR, 3, 1)
    for name, amount in (("甲", 10000), ("乙", 20000), ("丙", 12000)):
        Project.objects.create(zone=zone, name=name, stage="signed", signed_on=day, signed_amount=amount)
    Project.objects.create(zone=zone, name="丁", stage="started", started_on=day)
    return zone


def promotion(text):
    return next(line for line in text.splitlines() if line.startswith("（") and "招商引资。" in line)


def table_row(text, name):
    return next(line for line in text.splitlines() if line.startswith(f"{name} |")).split(" | ")


def test_the_approved_indicator_is_the_default_source_and_the_mismatch_is_listed(signed):
    text = docx_text(annual.annual_docx(signed, YEAR, 10))
    assert "签约项目2个，签约资金3亿元" in promotion(text)
    assert "3个" not in promotion(text) and "4.2亿元" not in text
    assert table_row(text, "签约项目")[4] == "2" and table_row(text, "签约资金")[4] == "3"
    lines = checklist(annual.annual_draft(signed, YEAR, 10, with_charts=False))
    assert "1.签约项目：项目台账3个，月度指标2个（10月），正文和附表采用月度指标" in lines
    assert "2.签约资金：项目台账4.2亿元，月度指标3亿元（10月），正文和附表采用月度指标" in lines
    # Records and indicator agree on 新开工项目 (one project started): nothing to list.
    assert not any("新开工项目：" in line for line in lines)
    assert "新建1个" in text


def test_a_zone_that_chose_the_records_states_them_in_body_and_appendix(signed):
    ReportStyle.objects.create(zone=signed, figure_source=ReportStyle.FigureSource.RECORDS)
    text = docx_text(annual.annual_docx(signed, YEAR, 10))
    assert "签约项目3个，签约资金4.2亿元" in promotion(text)
    assert table_row(text, "签约项目")[4] == "3" and table_row(text, "签约资金")[4] == "4.2"
    lines = checklist(annual.annual_draft(signed, YEAR, 10, with_charts=False))
    assert "1.签约项目：项目台账3个，月度指标2个（10月），正文和附表采用项目台账" in lines
    # The 月报's table states the same one source.
    briefing = docx_text(monthly.monthly_docx(signed, YEAR, 10))
    assert table_row(briefing, "签约项目")[4] == "3"
    assert any("项目台账3个，月度指标2个" in line for line in checklist(monthly.monthly_draft(signed, YEAR, 10, with_charts=False)))


def test_records_fill_in_where_the_indicator_has_no_figure(zone, enter):
    enter(zone, YEAR, 10, {"fixed_asset_investment": "5"})
    Project.objects.create(zone=zone, name="甲", stage="signed", signed_on=datetime.date(YEAR, 3, 1), signed_amount=5000)
    draft = annual.annual_draft(zone, YEAR, 10, with_charts=False)
    text = docx_text(annual.annual_docx(zone, YEAR, 10))
    assert "签约项目1个，签约资金0.5亿元" in promotion(text)
    assert table_row(text, "签约项目")[4] == "1"
    assert not any("台账与月度指标不一致" in line for line in checklist(draft))


def test_one_extra_started_project_changes_neither_body_nor_appendix(signed):
    Project.objects.create(zone=signed, name="戊", stage="started", started_on=datetime.date(YEAR, 4, 1))
    text = docx_text(annual.annual_docx(signed, YEAR, 10))
    assert "共开工建设项目1个，其中续建0个，新建1个" in text and "新建2个" not in text
    assert table_row(text, "新开工项目")[4] == "1"
    lines = checklist(annual.annual_draft(signed, YEAR, 10, with_charts=False))
    assert any("新开工项目：项目台账2个，月度指标1个（10月），正文和附表采用月度指标" in line for line in lines)
