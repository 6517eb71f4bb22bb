"""The 公示 list of an evaluation in the usual layout (序号, 企业名称, 统一社会信用代码, 等级), as
.xlsx (dataio.files.write_xlsx, cells escaped against formulas) and .docx (python-docx)."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.text import printable
from dataio.files import write_xlsx

from .models import Grading

HEADERS = ["序号", "企业名称", "统一社会信用代码", "等级"]


def rows(grading: Grading) -> list[list]:
    """Graded firms by grade then name; 不定等级 firms last, as published lists put them."""
    results = grading.results.select_related("enterprise").order_by("enterprise__name")
    order = {"A": 0, "B": 1, "C": 2, "D": 3, "U": 4}
    ordered = sorted(results, key=lambda r: order[r.grade])
    return [[i, r.enterprise.name, r.enterprise.credit_code, r.get_grade_display()] for i, r in enumerate(ordered, start=1)]


def title(grading: Grading) -> str:
    return f"{grading.zone.name}{grading.year}年度工业企业亩均效益综合评价结果公示"


def xlsx(grading: Grading) -> bytes:
    return write_xlsx([(f"{grading.year}年评价结果", HEADERS, rows(grading))])


def _add_run(paragraph, text: str, name: str, size: float) -> None:
    # A character Word cannot hold (a name stored before the text rule) is dropped, not fatal.
    run = paragraph.add_run(printable(text))
    run.font.name, run.font.size = name, Pt(size)
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def docx(grading: Grading) -> bytes:
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_run(heading, title(grading), "宋体", 18)
    if grading.objection_until:
        intro = document.add_paragraph()
        _add_run(intro, f"现将评价结果予以公示，公示期至{grading.objection_until:%Y年%m月%d日}。"
                        "对评价结果有异议的企业，请在公示期内向管委会提出并提供证明材料。", "仿宋", 14)
    listed = rows(grading)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for column, header in enumerate(HEADERS):
        _add_run(table.rows[0].cells[column].paragraphs[0], header, "黑体", 12)
    for row in listed:
        for cell, value in zip(table.add_row().cells, row):
            _add_run(cell.paragraphs[0], "" if value is None else str(value), "仿宋", 12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
