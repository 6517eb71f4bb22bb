"""Build a .docx for a Chinese official report, following GB/T 9704 as far as Word allows.

Self-contained (no Django): callers describe the report as a ``Document`` of blocks and
get the file's bytes back from ``build_docx``. The styles are docx_styles', the page and its
公文 parts (page numbers, title, 落款) docx_page's.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from core.text import printable

from . import docx_layout
from .docx_page import add_masthead, add_page_numbers, add_signature, add_title, new_section, setup_page
from .docx_styles import (
    BODY_FONT, BODY_PT, CAPTION_PT, FONT_FALLBACKS, HEADING1_FONT, HEADING2_FONT, LANDSCAPE_TABLE_PT,
    LANDSCAPE_TEXT_WIDTH_CM, STYLE_CAPTION, STYLE_FIGURE, STYLE_HEADING1, STYLE_HEADING2, STYLE_TABLE_TITLE,
    STYLE_TABLE_TEXT, TABLE_PT, TEXT_WIDTH_CM, TWIPS_PER_CM, add_run, setup_styles,
)
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
    # On a page of its own turned to A4 landscape, in a smaller size, so a wide table of some
    # thirty rows fits one page; the text after it returns to portrait. A table whose columns
    # would wrap on a portrait page is turned anyway.
    landscape: bool = False

    def __post_init__(self):
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.title!r}: row {index} has {len(row)} cells, expected {len(self.columns)}")


@dataclass
class Image:
    picture: object  # anything with png() -> bytes, called only when the .docx is built
    caption: str
    width_cm: float = 15.0


@dataclass
class PageBreak:
    pass


@dataclass
class Signature:
    """落款 and 成文日期 after the text and before any attachment (GB/T 9704 7.3.5.2)."""

    issuer: str  # 发文机关署名, e.g. "××经济技术开发区管理委员会"
    dated: datetime.date


@dataclass
class Masthead:
    """A briefing's head under its title: 第N期, then 报送单位 on the left and the date on the
    right above a rule."""

    issue: int
    issuer: str
    dated: datetime.date


@dataclass
class Document:
    title: str
    blocks: list  # of Heading | Paragraph | Table | Image | PageBreak | Signature
    masthead: Masthead | None = None


# A number, optionally with thousands separators and a unit, e.g. "1,234.5", "-3.2%", "12.6亿元".
_NUMERIC = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?\s*(%|亿元|万元)?$")
MISSING = "—"  # what a table puts where a figure is missing


def build_docx(doc: Document) -> bytes:
    """Render ``doc`` and return the .docx file's bytes."""
    out = docx.Document()
    out.core_properties.title = printable(doc.title)
    out.core_properties.language = "zh-CN"
    setup_page(out)
    setup_styles(out)
    add_page_numbers(out)

    add_title(out, doc.title)
    if doc.masthead:
        add_masthead(out, doc.masthead.issue, doc.masthead.issuer, doc.masthead.dated)
    landscape = False
    for block in doc.blocks:
        turned = isinstance(block, Table) and (block.landscape or _portrait_widths(block) is None)
        if turned != landscape:
            new_section(out, turned)
            landscape = turned
        _add_block(out, block, landscape)

    buffer = io.BytesIO()
    out.save(buffer)
    return _declare_font_fallbacks(buffer.getvalue())






def _add_block(out: DocxDocument, block: object, landscape: bool = False) -> None:
    if isinstance(block, Heading):
        _add_heading(out, block)
    elif isinstance(block, Paragraph):
        paragraph = out.add_paragraph()
        _add_runs(paragraph, segments(block.text, block.spans, block.marked) or [("", False)])
    elif isinstance(block, Table):
        _add_table(out, block, landscape)
    elif isinstance(block, Image):
        _add_image(out, block)
    elif isinstance(block, PageBreak):
        out.add_page_break()
    elif isinstance(block, Signature):
        add_signature(out, block.issuer, block.dated)
    else:
        raise TypeError(f"unsupported block: {block!r}")


def _add_runs(paragraph: DocxParagraph, pieces: list[tuple[str, bool]]) -> None:
    for text, highlighted in pieces:
        run = add_run(paragraph, text, BODY_FONT, BODY_PT)
        if highlighted:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _add_heading(out: DocxDocument, heading: Heading) -> None:
    if heading.level == 1:
        paragraph = out.add_paragraph(style=STYLE_HEADING1)
        add_run(paragraph, heading.text, HEADING1_FONT, BODY_PT)
    elif heading.level == 2:
        paragraph = out.add_paragraph(style=STYLE_HEADING2)
        add_run(paragraph, heading.text, HEADING2_FONT, BODY_PT)
        if heading.body:
            _add_runs(paragraph, segments(heading.body, heading.body_spans))
            # Body text follows in the paragraph, so it must not drag the next block along.
            paragraph.paragraph_format.keep_with_next = False
    else:
        raise ValueError(f"heading level must be 1 or 2, got {heading.level}")


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def _add_table(out: DocxDocument, table: Table, landscape: bool) -> None:
    size = LANDSCAPE_TABLE_PT if landscape else TABLE_PT
    text_width = LANDSCAPE_TEXT_WIDTH_CM if landscape else TEXT_WIDTH_CM
    title = out.add_paragraph(style=STYLE_TABLE_TITLE)
    add_run(title, table.title, HEADING1_FONT, BODY_PT)

    grid = out.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = out.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER

    available = text_width * TWIPS_PER_CM / 20
    widths = (
        docx_layout.column_widths(table.columns, table.rows, size, available)
        or docx_layout.narrowed_widths(table.columns, table.rows, size, available)
    )
    # Word and LibreOffice honour the cell widths; the grid columns alone are not enough.
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)

    text_style = out.styles[STYLE_TABLE_TEXT].style_id
    header = grid.rows[0]
    # Repeat the header row on every page the table spans.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, table.columns):
        paragraph = _cell_paragraph(cell, text_style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(paragraph, text, BODY_FONT, size).bold = True

    figure_columns = {column for row in table.rows for column, text in enumerate(row) if _is_numeric(text)}
    for index, row in enumerate(table.rows):
        for column, (cell, text) in enumerate(zip(grid.rows[index + 1].cells, row)):
            paragraph = _cell_paragraph(cell, text_style)
            # A dash stands where a figure would, in a column of figures.
            if _is_numeric(text) or text == MISSING and column in figure_columns:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if column == 0 and index in table.indent_rows:
                paragraph.paragraph_format.left_indent = Pt(2 * size)
            add_run(paragraph, text, BODY_FONT, size)


def _portrait_widths(table: Table) -> list[float] | None:
    """The table's column widths on a portrait page, None when a name or figure would wrap there."""
    return docx_layout.column_widths(table.columns, table.rows, TABLE_PT, TEXT_WIDTH_CM * TWIPS_PER_CM / 20)


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
    add_run(caption, image.caption, BODY_FONT, CAPTION_PT)


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
