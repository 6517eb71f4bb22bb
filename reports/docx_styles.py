"""The styles and the page of a Chinese official report (GB/T 9704): faces, sizes, line pitch,
indents, and how a run of text is written with them. No Django, like docx_builder which uses it.

Fonts are set both on the styles and on every run. python-docx's ``font.name`` only
writes the Latin slots of ``w:rFonts``, so Chinese text would silently fall back to the
theme's East-Asian font (python-docx issues #346, #1396); ``set_fonts`` writes all four
slots. Run-level fonts and sizes keep the formatting when a section is pasted into another
document whose styles differ, which is how these reports are usually compiled upwards.
"""

import math

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from core.text import printable

# GB/T 9704 page: A4 with a 156 mm × 225 mm text block.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_TOP_CM = 3.7
MARGIN_BOTTOM_CM = 3.5
MARGIN_LEFT_CM = 2.8
MARGIN_RIGHT_CM = 2.6
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
# The landscape page of a wide table: GB/T 9704's text block does not apply to an attachment.
LANDSCAPE_MARGIN_CM = 2.0
LANDSCAPE_TEXT_WIDTH_CM = PAGE_HEIGHT_CM - 2 * LANDSCAPE_MARGIN_CM

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体"
PAGE_NUMBER_FONT = "宋体"
# 方正小标宋简体 is often not installed; the font table tells Word what to use instead.
FONT_FALLBACKS = {TITLE_FONT: "宋体"}

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四
LANDSCAPE_TABLE_PT = 10.5  # 五号
CAPTION_PT = 14  # 四号
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28  # fixed line pitch: 22 lines fill the text block
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TWIPS_PER_CM = 1440 / 2.54
# How much narrower (in twips, rounded down) a character of 三号 is set so that 28 fill a line:
# -5, 15.75 pt a character, 441 pt of the line's 442.25.
GRID_CONDENSE_TWIPS = math.floor(TEXT_WIDTH_CM * TWIPS_PER_CM / CHARS_PER_LINE - BODY_PT * 20)
CHAR_PITCH_PT = BODY_PT + GRID_CONDENSE_TWIPS / 20

STYLE_TITLE = "DZ Title"
STYLE_HEADING1 = "DZ Heading 1"
STYLE_HEADING2 = "DZ Heading 2"
STYLE_TABLE_TITLE = "DZ Table Title"
STYLE_TABLE_TEXT = "DZ Table Text"
STYLE_FIGURE = "DZ Figure"
STYLE_CAPTION = "DZ Caption"
STYLE_PAGE_NUMBER = "DZ Page Number"
STYLE_ISSUE = "DZ Issue"
RULE_COLOR = "FF0000"  # the red rule under a briefing's head, as under a 版头

def set_fonts(rpr: CT_RPr, name: str) -> None:
    """Use ``name`` for Latin, East-Asian and complex-script text of a run or style."""
    rfonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), name)
    # Theme references win over explicit names within one rFonts, so drop them.
    for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{slot}"), None)


def add_run(paragraph: DocxParagraph, text: str, font: str, size_pt: float) -> Run:
    # Every run of text passes here: a character Word cannot hold, stored before the text rule,
    # is dropped rather than stopping the document.
    run = paragraph.add_run(printable(text))
    set_fonts(run.element.get_or_add_rPr(), font)
    run.font.size = Pt(size_pt)
    return run

def setup_styles(out: DocxDocument) -> None:
    # Document defaults are the last resort for anything without a style of ours
    # (e.g. text typed later into a new table cell).
    defaults = out.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(default_rpr, BODY_FONT)
    lang = default_rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        default_rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    # 三号 by default, as the body: what text typed into the document later is set in.
    for tag in ("w:sz", "w:szCs"):
        default_rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))

    normal = out.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(LINE_PT)  # a Length makes python-docx write lineRule="exact"
    first_line_indent(normal, chars=2, font_pt=BODY_PT)
    # 28 characters of 三号 to the 156 mm line (GB/T 9704 5.2.2): each a quarter point narrower.
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(GRID_CONDENSE_TWIPS))
    normal.element.get_or_add_rPr().append(spacing)

    title = _new_style(out, STYLE_TITLE, TITLE_FONT, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # 22 pt glyphs would be clipped by Normal's 28 pt exact line.
    title.paragraph_format.line_spacing = 1.0
    title.paragraph_format.space_after = Pt(LINE_PT)  # one blank body line before the text
    first_line_indent(title, chars=0, font_pt=TITLE_PT)

    heading1 = _new_style(out, STYLE_HEADING1, HEADING1_FONT, BODY_PT)
    heading2 = _new_style(out, STYLE_HEADING2, HEADING2_FONT, BODY_PT)
    for level, style in enumerate((heading1, heading2)):
        style.font.bold = False
        style.paragraph_format.keep_with_next = True
        _outline_level(style, level)

    table_title = _centred_style(out, STYLE_TABLE_TITLE, HEADING1_FONT, BODY_PT)
    table_title.paragraph_format.keep_with_next = True

    table_text = _new_style(out, STYLE_TABLE_TEXT, BODY_FONT, TABLE_PT)
    table_text.paragraph_format.line_spacing = 1.0
    first_line_indent(table_text, chars=0, font_pt=TABLE_PT)

    figure = _centred_style(out, STYLE_FIGURE, BODY_FONT, BODY_PT)
    figure.paragraph_format.line_spacing = 1.0  # an exact line height would crop the picture
    figure.paragraph_format.keep_with_next = True  # keep the caption on the same page

    _centred_style(out, STYLE_CAPTION, BODY_FONT, CAPTION_PT)

    page_number = _new_style(out, STYLE_PAGE_NUMBER, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    page_number.paragraph_format.line_spacing = 1.0
    first_line_indent(page_number, chars=0, font_pt=PAGE_NUMBER_PT)

    _centred_style(out, STYLE_ISSUE, HEADING2_FONT, BODY_PT)


def _centred_style(out: DocxDocument, name: str, font: str, size_pt: float) -> ParagraphStyle:
    style = _new_style(out, name, font, size_pt)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first_line_indent(style, chars=0, font_pt=size_pt)
    return style


def _new_style(out: DocxDocument, name: str, font: str, size_pt: float) -> ParagraphStyle:
    style = out.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = out.styles["Normal"]
    set_fonts(style.element.get_or_add_rPr(), font)
    style.font.size = Pt(size_pt)
    return style


def first_line_indent(style: ParagraphStyle, chars: int, font_pt: float) -> None:
    """Indent in character units, with the absolute length for readers that ignore them.

    Word prefers firstLineChars over firstLine, so a style derived from Normal must
    reset firstLineChars explicitly or it keeps Normal's two-character indent.
    """
    style.paragraph_format.first_line_indent = Pt(chars * font_pt)
    style.element.pPr.ind.set(qn("w:firstLineChars"), str(chars * 100))


def _outline_level(style: ParagraphStyle, level: int) -> None:
    # Makes headings show in Word's navigation pane and in an outline-based TOC.
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().append(outline)
