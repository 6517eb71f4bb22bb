"""The page of a Chinese official report (GB/T 9704): A4 with its margins and 22 lines, a
landscape page for a wide attachment, page numbers, the title, a briefing's head, 落款 and 成文日期.
No Django, like docx_builder which uses it."""

import datetime

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from . import docx_layout
from .docx_styles import (
    BODY_FONT, BODY_PT, CHAR_PITCH_PT, CHARS_PER_LINE, HEADING2_FONT, LANDSCAPE_MARGIN_CM, LINE_PT, LINES_PER_PAGE,
    MARGIN_BOTTOM_CM, MARGIN_LEFT_CM, MARGIN_RIGHT_CM, MARGIN_TOP_CM, PAGE_HEIGHT_CM, PAGE_NUMBER_FONT, PAGE_NUMBER_PT,
    PAGE_WIDTH_CM, RULE_COLOR, STYLE_ISSUE, STYLE_PAGE_NUMBER, STYLE_TITLE, TEXT_WIDTH_CM, TITLE_FONT, TITLE_PT,
    TWIPS_PER_CM, add_run,
)


def setup_page(out: DocxDocument) -> None:
    _portrait(out.sections[0])


def _portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Cm(PAGE_WIDTH_CM)
    section.page_height = Cm(PAGE_HEIGHT_CM)
    section.top_margin = Cm(MARGIN_TOP_CM)
    section.bottom_margin = Cm(MARGIN_BOTTOM_CM)
    section.left_margin = Cm(MARGIN_LEFT_CM)
    section.right_margin = Cm(MARGIN_RIGHT_CM)
    # Puts the page number about 7 mm below the text block, as GB/T 9704 asks.
    section.footer_distance = Cm(2.3)
    # 22 lines to the text block as stored (in twips), rounded down so that the 22nd still fits.
    # No character grid: LibreOffice lays a character wider than the grid's pitch (156 mm / 28,
    # a little under 16 pt) over two cells, 14 to a line; the body's characters are condensed
    # instead (GRID_CONDENSE_TWIPS), which puts 28 on a line in Word and LibreOffice alike.
    text_height = Length(section.page_height - section.top_margin - section.bottom_margin)
    _document_grid(section, "lines", line_pitch=text_height.twips // LINES_PER_PAGE)


def _document_grid(section, kind: str | None, *, line_pitch: int) -> None:
    """GB/T 9704's 22 lines to a page: the grid Word and LibreOffice lay the text on."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    if kind:
        grid.set(qn("w:type"), kind)
    grid.set(qn("w:linePitch"), str(line_pitch))


def new_section(out: DocxDocument, landscape: bool) -> None:
    """Start a new page in landscape or back in portrait; the footer (page number) carries on."""
    section = out.add_section(WD_SECTION.NEW_PAGE)
    if not landscape:
        _portrait(section)
        return
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_HEIGHT_CM), Cm(PAGE_WIDTH_CM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(LANDSCAPE_MARGIN_CM))
    section.footer_distance = Cm(1.0)
    # An attachment's table is not laid on the text's 22 lines.
    _document_grid(section, None, line_pitch=LINE_PT * 20)


def add_page_numbers(out: DocxDocument) -> None:
    """"— N —" in 4号 宋体 (GB/T 9704 7.5): odd pages on the right and even pages on the left,
    one character in; the sections after the first carry the same footers."""
    out.settings.odd_and_even_pages_header_footer = True
    section = out.sections[0]
    _add_page_number(out, section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _add_page_number(out, section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _add_page_number(out: DocxDocument, paragraph: DocxParagraph, side: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.style = out.styles[STYLE_PAGE_NUMBER]
    paragraph.alignment = side
    _indent(paragraph, "right" if side == WD_ALIGN_PARAGRAPH.RIGHT else "left", 1, PAGE_NUMBER_PT)
    add_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    field_parts: list[tuple[str, str]] = [
        ("w:fldChar", "begin"),
        ("w:instrText", " PAGE "),
        ("w:fldChar", "separate"),
        ("w:t", "1"),  # cached result shown until the field is updated
        ("w:fldChar", "end"),
    ]
    for tag, value in field_parts:
        run = add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        child = OxmlElement(tag)
        if tag == "w:fldChar":
            child.set(qn("w:fldCharType"), value)
        else:
            child.text = value
            child.set(qn("xml:space"), "preserve")
        run.element.append(child)
    add_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)


def _indent(paragraph: DocxParagraph, side: str, chars: float, font_pt: float) -> None:
    """An indent in characters (Word's rightChars / leftChars) with its length for other readers."""
    fmt = paragraph.paragraph_format
    setattr(fmt, f"{side}_indent", Pt(chars * font_pt))
    paragraph._p.pPr.ind.set(qn(f"w:{side}Chars"), str(round(chars * 100)))


def add_title(out: DocxDocument, text: str) -> None:
    """The title centred, broken into lines only where no date is split (docx_layout.title_lines)."""
    title = out.add_paragraph(style=STYLE_TITLE)
    # One em of the line kept free: where 小标宋 is missing, the substitute draws digits wider
    # than half an em, and a title measured to the full line wrapped inside its date.
    lines = docx_layout.title_lines(text, int(TEXT_WIDTH_CM * TWIPS_PER_CM / 20 / TITLE_PT) - 1)
    for number, line in enumerate(lines):
        run = add_run(title, line, TITLE_FONT, TITLE_PT)
        if number < len(lines) - 1:
            run.add_break()


def add_masthead(out: DocxDocument, issue_number: int, issuer: str, dated: datetime.date) -> None:
    """第N期 centred, then 报送单位 on the left and the date on the right above a red rule."""
    issue = out.add_paragraph(style=STYLE_ISSUE)
    add_run(issue, f"第{issue_number}期", HEADING2_FONT, BODY_PT)
    line = out.add_paragraph()
    line.paragraph_format.first_line_indent = Pt(0)
    line._p.pPr.ind.set(qn("w:firstLineChars"), "0")
    line.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    add_run(line, f"报送单位：{issuer}\t{docx_layout.chinese_date(dated)}", BODY_FONT, BODY_PT)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", RULE_COLOR)):
        bottom.set(qn(f"w:{name}"), value)
    border.append(bottom)
    line._p.get_or_add_pPr().append(border)
    out.add_paragraph()  # a blank line between the rule and the text


def add_signature(out: DocxDocument, issuer: str, day: datetime.date) -> None:
    """A blank line after the text, then 落款 and 成文日期 at their places (docx_layout)."""
    out.add_paragraph()
    dated = docx_layout.chinese_date(day)
    places = docx_layout.signature_indents(issuer, dated, CHARS_PER_LINE)
    for text, (side, chars) in zip((issuer, dated), places):
        paragraph = out.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph._p.pPr.ind.set(qn("w:firstLineChars"), "0")
        # In points of the condensed characters: Word would count a "character" as 16 pt.
        setattr(paragraph.paragraph_format, f"{side}_indent", Pt(chars * CHAR_PITCH_PT))
        add_run(paragraph, text, BODY_FONT, BODY_PT)
