"""Build a .docx for a Chinese official report, following GB/T 9704 as far as Word allows.

Self-contained (no Django): callers describe the report as a ``Document`` of blocks and
get the file's bytes back from ``build_docx``.

Fonts are set both on the styles and on every run. python-docx's ``font.name`` only
writes the Latin slots of ``w:rFonts``, so Chinese text would silently fall back to the
theme's East-Asian font (python-docx issues #346, #1396); ``_set_fonts`` writes all four
slots. Run-level fonts and sizes keep the formatting when a section is pasted into another
document whose styles differ, which is how these reports are usually compiled upwards.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from core.text import printable

from .marks import MARK_START, Spans, segments, unmark


@dataclass
class Heading:
    """Level 1 is "一、…" in 黑体; level 2 is "（一）…" in 楷体, optionally followed by
    body text in the same paragraph (as the seed reports write it)."""

    text: str
    level: int
    body: str = ""
    body_spans: Spans = ()  # marked figures of the body (from mark())

    def __post_init__(self):
        if MARK_START in self.body:
            self.body, self.body_spans = unmark(self.body)


@dataclass
class Paragraph:
    text: str
    marked: bool = False  # a note as a whole (the checklist's): highlighted so reviewers see it
    spans: Spans = ()  # figures not yet approved (from mark()): highlighted alone

    def __post_init__(self):
        if MARK_START in self.text:
            self.text, self.spans = unmark(self.text)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    indent_rows: set[int] = field(default_factory=set)  # rows whose first cell is a "其中" part
    # Relative column widths (e.g. [3, 1, 1]); empty means equal widths.
    column_weights: list[float] = field(default_factory=list)
    # On a page of its own turned to A4 landscape, in a smaller size, so a wide table of some
    # thirty rows fits one page; the text after it returns to portrait.
    landscape: bool = False


@dataclass
class Image:
    picture: object  # anything with png() -> bytes, called only when the .docx is built
    caption: str
    width_cm: float = 15.0


@dataclass
class PageBreak:
    pass


@dataclass
class Document:
    title: str
    blocks: list  # of Heading | Paragraph | Table | Image | PageBreak


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

STYLE_TITLE = "DZ Title"
STYLE_HEADING1 = "DZ Heading 1"
STYLE_HEADING2 = "DZ Heading 2"
STYLE_TABLE_TITLE = "DZ Table Title"
STYLE_TABLE_TEXT = "DZ Table Text"
STYLE_FIGURE = "DZ Figure"
STYLE_CAPTION = "DZ Caption"
STYLE_PAGE_NUMBER = "DZ Page Number"

# A number, optionally with thousands separators and a unit, e.g. "1,234.5", "-3.2%", "12.6亿元".
_NUMERIC = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?\s*(%|亿元|万元)?$")


def build_docx(doc: Document) -> bytes:
    """Render ``doc`` and return the .docx file's bytes."""
    out = docx.Document()
    out.core_properties.title = printable(doc.title)
    out.core_properties.language = "zh-CN"
    _setup_page(out)
    _setup_styles(out)
    _add_page_number(out)

    title = out.add_paragraph(style=STYLE_TITLE)
    _add_run(title, doc.title, TITLE_FONT, TITLE_PT)
    landscape = False
    for block in doc.blocks:
        turned = isinstance(block, Table) and block.landscape
        if turned != landscape:
            _new_section(out, turned)
            landscape = turned
        _add_block(out, block)

    buffer = io.BytesIO()
    out.save(buffer)
    return _declare_font_fallbacks(buffer.getvalue())


def _set_fonts(rpr: CT_RPr, name: str) -> None:
    """Use ``name`` for Latin, East-Asian and complex-script text of a run or style."""
    rfonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), name)
    # Theme references win over explicit names within one rFonts, so drop them.
    for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{slot}"), None)


def _add_run(paragraph: DocxParagraph, text: str, font: str, size_pt: float) -> Run:
    # Every run of text passes here: a character Word cannot hold, stored before the text rule,
    # is dropped rather than stopping the document.
    run = paragraph.add_run(printable(text))
    _set_fonts(run.element.get_or_add_rPr(), font)
    run.font.size = Pt(size_pt)
    return run


def _setup_page(out: DocxDocument) -> None:
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


def _new_section(out: DocxDocument, landscape: bool) -> None:
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


def _setup_styles(out: DocxDocument) -> None:
    # Document defaults are the last resort for anything without a style of ours
    # (e.g. text typed later into a new table cell).
    defaults = out.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, BODY_FONT)
    lang = default_rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        default_rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = out.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(LINE_PT)  # a Length makes python-docx write lineRule="exact"
    _first_line_indent(normal, chars=2, font_pt=BODY_PT)

    title = _new_style(out, STYLE_TITLE, TITLE_FONT, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # 22 pt glyphs would be clipped by Normal's 28 pt exact line.
    title.paragraph_format.line_spacing = 1.0
    title.paragraph_format.space_after = Pt(LINE_PT)  # one blank body line before the text
    _first_line_indent(title, chars=0, font_pt=TITLE_PT)

    heading1 = _new_style(out, STYLE_HEADING1, HEADING1_FONT, BODY_PT)
    heading2 = _new_style(out, STYLE_HEADING2, HEADING2_FONT, BODY_PT)
    for level, style in enumerate((heading1, heading2)):
        style.font.bold = False
        style.paragraph_format.keep_with_next = True
        _outline_level(style, level)

    table_title = _new_style(out, STYLE_TABLE_TITLE, HEADING1_FONT, BODY_PT)
    table_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_title.paragraph_format.keep_with_next = True
    _first_line_indent(table_title, chars=0, font_pt=BODY_PT)

    table_text = _new_style(out, STYLE_TABLE_TEXT, BODY_FONT, TABLE_PT)
    table_text.paragraph_format.line_spacing = 1.0
    _first_line_indent(table_text, chars=0, font_pt=TABLE_PT)

    figure = _new_style(out, STYLE_FIGURE, BODY_FONT, BODY_PT)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.line_spacing = 1.0  # an exact line height would crop the picture
    figure.paragraph_format.keep_with_next = True  # keep the caption on the same page
    _first_line_indent(figure, chars=0, font_pt=BODY_PT)

    caption = _new_style(out, STYLE_CAPTION, BODY_FONT, CAPTION_PT)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _first_line_indent(caption, chars=0, font_pt=CAPTION_PT)

    page_number = _new_style(out, STYLE_PAGE_NUMBER, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    page_number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number.paragraph_format.line_spacing = 1.0
    _first_line_indent(page_number, chars=0, font_pt=PAGE_NUMBER_PT)


def _new_style(out: DocxDocument, name: str, font: str, size_pt: float) -> ParagraphStyle:
    style = out.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = out.styles["Normal"]
    _set_fonts(style.element.get_or_add_rPr(), font)
    style.font.size = Pt(size_pt)
    return style


def _first_line_indent(style: ParagraphStyle, chars: int, font_pt: float) -> None:
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


def _add_page_number(out: DocxDocument) -> None:
    """Footer "— N —" with a PAGE field, centred."""
    paragraph = out.sections[0].footer.paragraphs[0]
    paragraph.style = out.styles[STYLE_PAGE_NUMBER]
    _add_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    field_parts: list[tuple[str, str]] = [
        ("w:fldChar", "begin"),
        ("w:instrText", " PAGE "),
        ("w:fldChar", "separate"),
        ("w:t", "1"),  # cached result shown until the field is updated
        ("w:fldChar", "end"),
    ]
    for tag, value in field_parts:
        run = _add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        child = OxmlElement(tag)
        if tag == "w:fldChar":
            child.set(qn("w:fldCharType"), value)
        else:
            child.text = value
            child.set(qn("xml:space"), "preserve")
        run.element.append(child)
    _add_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)


def _add_block(out: DocxDocument, block: object) -> None:
    if isinstance(block, Heading):
        _add_heading(out, block)
    elif isinstance(block, Paragraph):
        paragraph = out.add_paragraph()
        _add_runs(paragraph, segments(block.text, block.spans, block.marked) or [("", False)])
    elif isinstance(block, Table):
        _add_table(out, block)
    elif isinstance(block, Image):
        _add_image(out, block)
    elif isinstance(block, PageBreak):
        out.add_page_break()
    else:
        raise TypeError(f"unsupported block: {block!r}")


def _add_runs(paragraph: DocxParagraph, pieces: list[tuple[str, bool]]) -> None:
    for text, highlighted in pieces:
        run = _add_run(paragraph, text, BODY_FONT, BODY_PT)
        if highlighted:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _add_heading(out: DocxDocument, heading: Heading) -> None:
    if heading.level == 1:
        paragraph = out.add_paragraph(style=STYLE_HEADING1)
        _add_run(paragraph, heading.text, HEADING1_FONT, BODY_PT)
    elif heading.level == 2:
        paragraph = out.add_paragraph(style=STYLE_HEADING2)
        _add_run(paragraph, heading.text, HEADING2_FONT, BODY_PT)
        if heading.body:
            _add_runs(paragraph, segments(heading.body, heading.body_spans))
            # Body text follows in the paragraph, so it must not drag the next block along.
            paragraph.paragraph_format.keep_with_next = False
    else:
        raise ValueError(f"heading level must be 1 or 2, got {heading.level}")


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def _add_table(out: DocxDocument, table: Table) -> None:
    for index, row in enumerate(table.rows):
        if len(row) != len(table.columns):
            raise ValueError(
                f"table {table.title!r}: row {index} has {len(row)} cells, "
                f"expected {len(table.columns)}"
            )

    size = LANDSCAPE_TABLE_PT if table.landscape else TABLE_PT
    text_width = LANDSCAPE_TEXT_WIDTH_CM if table.landscape else TEXT_WIDTH_CM
    title = out.add_paragraph(style=STYLE_TABLE_TITLE)
    _add_run(title, table.title, HEADING1_FONT, BODY_PT)

    grid = out.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = out.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER

    if table.column_weights:
        if len(table.column_weights) != len(table.columns):
            raise ValueError(f"table {table.title!r}: {len(table.column_weights)} weights for {len(table.columns)} columns")
        total = sum(table.column_weights)
        # Word and LibreOffice honour the cell widths; the grid columns alone are not enough.
        grid.autofit = False
        for column, weight in zip(grid.columns, table.column_weights):
            width = Cm(text_width * weight / total)
            column.width = width
            for cell in column.cells:
                cell.width = width

    text_style = out.styles[STYLE_TABLE_TEXT].style_id
    header = grid.rows[0]
    # Repeat the header row on every page the table spans.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, table.columns):
        paragraph = _cell_paragraph(cell, text_style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_run(paragraph, text, BODY_FONT, size).bold = True

    for index, row in enumerate(table.rows):
        for column, (cell, text) in enumerate(zip(grid.rows[index + 1].cells, row)):
            paragraph = _cell_paragraph(cell, text_style)
            if _is_numeric(text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if column == 0 and index in table.indent_rows:
                paragraph.paragraph_format.left_indent = Pt(2 * size)
            _add_run(paragraph, text, BODY_FONT, size)


def _cell_paragraph(cell: _Cell, style_id: str) -> DocxParagraph:
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]  # every new cell holds one empty paragraph
    # By id: python-docx's style setter looks through every style of the document for the
    # default one on each call, which took half of a report's time in its tables.
    paragraph._p.style = style_id
    return paragraph


def _add_image(out: DocxDocument, image: Image) -> None:
    paragraph = out.add_paragraph(style=STYLE_FIGURE)
    # Never wider than the text block, or Word lets it run into the margin.
    width = Cm(min(image.width_cm, TEXT_WIDTH_CM))
    paragraph.add_run().add_picture(io.BytesIO(image.picture.png()), width=width)
    caption = out.add_paragraph(style=STYLE_CAPTION)
    _add_run(caption, image.caption, BODY_FONT, CAPTION_PT)


def _declare_font_fallbacks(docx_bytes: bytes) -> bytes:
    """Add ``FONT_FALLBACKS`` to word/fontTable.xml.

    An entry with ``w:altName`` and the GB2312 charset lets Word substitute a Chinese
    serif font for a missing title font instead of a Latin one. python-docx exposes the
    font table only as an opaque part, so the saved package is rewritten.
    """
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    fonts = etree.fromstring(source.read("word/fontTable.xml"))
    for name, alternative in FONT_FALLBACKS.items():
        font = etree.SubElement(fonts, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alternative})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "roman"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})

    result = io.BytesIO()
    with source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/fontTable.xml":
                data = etree.tostring(
                    fonts, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            target.writestr(item, data)
    return result.getvalue()
