"""The year-end draft and the monthly briefing built from figures saved through the services."""

import io
import zipfile
from decimal import Decimal

import docx

from indicators.models import ZoneMonth
from reports import annual, charts, monthly, report_data
from reports.docx_builder import Heading, Paragraph
from reports.services import ItemText, SectionText, save_narrative
from tests.reports.support import YEAR, docx_text

def test_seed_004_figures_read_as_in_the_seed(seed_004):
    text = docx_text(annual.annual_docx(seed_004, YEAR, 10))
    assert "XX经济技术开发区\n2025年工作总结和2026年工作思路" in text  # the title breaks after the name
    assert "截至10月底，" in text
    assert "完成固定资产投资22.32亿元，占年度目标任务55亿元的40.58%" in text
    # Each sentence is dated by its figures' month.
    assert "截至9月底，实现各业总产值229.36亿元，占年度目标任务260亿元的88.22%" in text
    assert "其中新能源产业产值205.87亿元" in text
    # One money unit per sentence: the tax, its 3亿元 target and its parts all in 亿元 (not 26362万元 of 3亿元).
    assert "完成税收2.64亿元，占年度目标任务3亿元的87.87%" in text
    assert "国税2.01亿元、地税0.62亿元" in text and "万元" not in text.split("目标任务")[0]
    assert "目标任务：" in text
    target_line = next(line for line in text.splitlines() if line.startswith("目标任务："))
    assert "完成固定资产投资30亿元" in target_line
    assert "园区各业总产值达到250亿元" in target_line
    assert "实现税收4亿元" in target_line
    assert "新开工项目30个" in target_line


def test_published_growth_rate_is_used_even_without_the_figure(zone, enter):
    enter(zone, YEAR, 9, {"foreign_investment": None}, yoy={"foreign_investment": "14.77"})
    enter(zone, YEAR, 9, {"industrial_output": "224.18"}, yoy={"industrial_output": "21.5"})
    text = docx_text(annual.annual_docx(zone, YEAR, 9))
    assert "1-9月实际利用外资同比增长14.77%" in text
    assert "实现规上工业总产值224.18亿元，同比增长21.5%" in text


def marked_pieces(paragraph) -> list[str]:
    return [paragraph.text[start:end] for start, end in paragraph.spans]


def test_unapproved_figures_are_marked_alone_and_listed_in_the_checklist(seed_004):
    ZoneMonth.objects.filter(zone=seed_004, year=YEAR, month=9).update(status=ZoneMonth.Status.APPROVED)
    draft = annual.annual_draft(seed_004, YEAR, 10, with_charts=False)
    assert "固定资产投资（10月，草稿）" in draft.unapproved
    assert not any(label.startswith("各业总产值") for label in draft.unapproved)
    opening = draft.document.blocks[0]
    assert isinstance(opening, Paragraph) and not opening.marked
    # October's investment and tax are marked, September's output is not.
    assert marked_pieces(opening)[:2] == ["22.32亿元", "40.58%"] and "229.36亿元" not in marked_pieces(opening)
    assert "2.01亿元" in marked_pieces(opening)
    assert any("固定资产投资（10月，草稿）" in b.text for b in draft.checklist.blocks)
    # No note inside the document sent: the checklist is apart.
    body = draft.document.blocks
    assert not any("未经审核" in getattr(b, "text", "") + getattr(b, "body", "") for b in body)
    assert report_data.CHECKLIST_HEADING not in [getattr(b, "text", "") for b in body]

    ZoneMonth.objects.filter(zone=seed_004, year=YEAR).update(status=ZoneMonth.Status.APPROVED)
    draft = annual.annual_draft(seed_004, YEAR, 10, with_charts=False)
    assert draft.unapproved == []
    assert not draft.document.blocks[0].spans
    assert not any(isinstance(b, Heading) and b.body_spans for b in draft.document.blocks)


def test_narrative_is_carried_into_the_draft_in_order(seed_004, staff):
    save_narrative(
        seed_004, YEAR,
        sections={"promotion": SectionText("谋划先行，多措并举抓招商", "共谋划项目63个。"), "opening": SectionText("今年以来，开发区各项工作稳步推进。")},
        problems=[ItemText("招商引资和项目落地难", "项目洽谈签约的多，落地的少。"), ItemText("基础设施建设资金短缺")],
        plans=[ItemText("加快项目建设进度", "力争新开工大项目30个以上。")],
        user=staff, channel="form",
    )
    text = docx_text(annual.annual_docx(seed_004, YEAR, 10))
    assert "今年以来，开发区各项工作稳步推进。截至9月底，" in text
    assert "（二）谋划先行，多措并举抓招商。共谋划项目63个。" in text
    assert "1.招商引资和项目落地难。项目洽谈签约的多，落地的少。" in text
    assert "2.基础设施建设资金短缺。" in text
    assert "（一）加快项目建设进度。力争新开工大项目30个以上。" in text
    assert text.index("二、存在的问题") < text.index("1.招商引资") < text.index("三、2026年工作思路") < text.index("目标任务：")


def test_empty_zone_gives_a_draft_without_empty_sections(other_zone):
    text = docx_text(annual.annual_docx(other_zone, YEAR))
    for heading in ("工作总结", "（一）", "存在的问题", "工作思路", "暂无数据", "目标任务"):
        assert heading not in text.split("\n", 2)[2]  # after the title's two lines


def test_docx_sets_east_asian_fonts_and_embeds_two_charts(seed_004):
    content = annual.annual_docx(seed_004, YEAR, 10)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        body = package.read("word/document.xml").decode()
        images = [n for n in package.namelist() if n.startswith("word/media/")]
    assert 'w:eastAsia="仿宋"' in body and 'w:eastAsia="黑体"' in body and 'w:eastAsia="楷体"' in body
    assert len(images) == 2


def test_appendix_table_indents_parts(seed_004):
    draft = annual.annual_draft(seed_004, YEAR, 10, with_charts=False)
    table = next(b for b in draft.document.blocks if b.__class__.__name__ == "Table")
    names = [row[0] for row in table.rows]
    national = names.index("其中国税")
    assert national in table.indent_rows and names.index("税收收入") not in table.indent_rows
    tax = table.rows[names.index("税收收入")]
    assert tax[2:5] == ["10月", "26362", "26362"] or tax[4] == "26362"
    assert tax[-1] == "87.87"


def test_monthly_briefing_lists_indicators_behind_time_progress(seed_004):
    text = docx_text(monthly.monthly_docx(seed_004, YEAR, 10))
    assert "XX经济技术开发区经济运行月报\n（2025年10月）" in text
    assert "固定资产投资1-10月累计完成22.32亿元，占年度目标任务55亿元的40.58%，低于序时进度42.75个百分点。" in text
    assert "低于序时进度超过5个百分点，列入预警" in text
    assert "税收收入" in text and "87.87" in text


def test_appendix_table_gives_the_indicator_column_room(seed_004):
    document = docx.Document(io.BytesIO(annual.annual_docx(seed_004, YEAR, 10)))
    widths = [cell.width for cell in document.tables[0].rows[0].cells]
    assert widths[0] > 1.5 * widths[3]


def test_the_draft_is_chinese_whatever_the_interface_language(seed_004):
    from django.utils import translation

    with translation.override("en"):
        draft = annual.annual_draft(seed_004, YEAR, 10, with_charts=False)
    assert "固定资产投资（10月，草稿）" in draft.unapproved


def test_a_chart_is_drawn_once_per_set_of_figures(monkeypatch):
    drawn = []
    real = charts._draw_trend
    monkeypatch.setattr(charts, "_draw_trend", lambda panels, year: drawn.append(year) or real(panels, year))
    panel = charts.TrendPanel("固定资产投资（亿元）", {1: Decimal("1.5"), 2: Decimal("3")}, {1: Decimal("1"), 2: Decimal("2")})
    first = charts.TrendChart((panel,), 2025).png()
    assert charts.TrendChart((panel,), 2025).png() == first and drawn == [2025]
    changed = charts.TrendPanel(panel.title, {1: Decimal("1.5"), 2: Decimal("3.1")}, panel.last_year)
    assert charts.TrendChart((changed,), 2025).png() != first and drawn == [2025, 2025]
    assert first.startswith(b"\x89PNG")
