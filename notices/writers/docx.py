"""DOCX writer: the Decree 30 page in Word's own terms (the only module that imports python-docx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notices import layout as L
from notices.model import (
    Document,
    Header,
    Heading,
    NumberedItem,
    Paragraph,
    Signer,
    SignOff,
    Table,
    Title,
)
from notices.writers.atomic import atomic_path
from notices.writers.visitor import Visitor

FONT = "Times New Roman"  # Decree 30 names it; Word substitutes nothing as long as every run says so


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as DOCX, atomically."""
    writer = ArticleDocxWriter(document) if document.kind in ARTICLE_KINDS else DocxWriter(document)
    for block in document.blocks:
        writer.visit(block)
    with atomic_path(path) as tmp:
        writer.docx.save(str(tmp))


class DocxWriter(Visitor):
    """Walks the blocks of one document; one ``visit_*`` method per block type."""

    def __init__(self, document: Document) -> None:
        import docx

        self.docx = docx.Document()
        self._setup(document)

    format_name = "DOCX"

    # -- page ------------------------------------------------------------------------------

    def _setup(self, document: Document) -> None:
        from docx.shared import Mm

        body = self.docx.element.body
        for child in list(body):  # the template's empty paragraph
            if child.tag.endswith("}p"):
                body.remove(child)
        _set_defaults(self.docx)
        section = self.docx.sections[0]
        section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = _margin(L.MARGIN_TOP_MM), _margin(L.MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = _margin(L.MARGIN_LEFT_MM), _margin(L.MARGIN_RIGHT_MM)
        section.header_distance = section.footer_distance = Mm(L.HEADER_DISTANCE_MM)
        section.different_first_page_header_footer = True  # no number on page 1
        section.first_page_header.is_linked_to_previous = False
        _page_number(section.header.paragraphs[0])
        _properties(self.docx, document)

    # -- blocks ----------------------------------------------------------------------------

    def visit_Header(self, header: Header) -> None:
        left, right = L.HEADER_LEFT_MM * L.MM, L.HEADER_RIGHT_MM * L.MM
        table = _table(self.docx, [left, right], rows=2)
        agency_cell, national_cell = table.rows[0].cells
        agency_style = L.Style(L.SIZE_AGENCY, bold=True)
        paragraph = agency_cell.paragraphs[0]
        if header.parent:
            parent_style = L.Style(L.SIZE_PARENT)
            _format(paragraph, parent_style, "center")
            _add_text(paragraph, "\n".join(L.balanced_lines(header.parent, parent_style, left)), parent_style)
            paragraph = agency_cell.add_paragraph()
        agency_lines = L.balanced_lines(header.agency, agency_style, left)
        _format(paragraph, agency_style, "center")
        _add_text(paragraph, "\n".join(agency_lines), agency_style)
        widest = max(_width(line, agency_style) for line in agency_lines)
        _rule(agency_cell.add_paragraph(), left, widest * L.AGENCY_RULE_FRACTION)

        national = L.Style(L.SIZE_NATIONAL_NAME, bold=True)
        motto = L.Style(L.SIZE_MOTTO, bold=True)
        paragraph = national_cell.paragraphs[0]
        _format(paragraph, national, "center")
        _add_text(paragraph, header.national_name, national)
        paragraph = national_cell.add_paragraph()
        _format(paragraph, motto, "center")
        _add_text(paragraph, header.motto, motto)
        _rule(national_cell.add_paragraph(), right, _width(header.motto, motto))

        number_cell, date_cell = table.rows[1].cells
        number_style = L.Style(L.SIZE_NUMBER)
        date_style = L.Style(L.SIZE_PLACE_DATE, italic=True)
        _format(number_cell.paragraphs[0], number_style, "center", before=6)
        _add_text(number_cell.paragraphs[0], header.number, number_style)
        _format(date_cell.paragraphs[0], date_style, "center", before=6)
        _add_text(date_cell.paragraphs[0], header.place_date, date_style)

    def visit_Title(self, title: Title) -> None:
        style = L.Style(L.SIZE_KIND, bold=True)
        if title.draft_mark:
            mark = L.Style(L.SIZE_DRAFT_MARK, bold=True)
            paragraph = self.docx.add_paragraph()
            _format(paragraph, mark, "center", before=L.SPACE_BEFORE_TITLE)
            _add_text(paragraph, "DỰ THẢO", mark)
        paragraph = self.docx.add_paragraph()
        _format(paragraph, style, "center", before=6 if title.draft_mark else L.SPACE_BEFORE_TITLE)
        _add_text(paragraph, title.kind, style)
        subject_style = L.Style(L.SIZE_SUBJECT, bold=True)
        paragraph = self.docx.add_paragraph()
        _format(paragraph, subject_style, "center")
        _add_text(paragraph, title.subject, subject_style)
        line = min(_width(title.subject, subject_style), L.TEXT_WIDTH)
        _rule(self.docx.add_paragraph(), L.TEXT_WIDTH, line * L.SUBJECT_RULE_FRACTION, after=12)

    def visit_Paragraph(self, block: Paragraph) -> None:
        self._body(block.text)

    def visit_NumberedItem(self, block: NumberedItem) -> None:
        self._body(f"{block.label} {block.text}")

    def _body(self, text: str) -> None:
        style = L.Style(L.SIZE_BODY)
        paragraph = self.docx.add_paragraph()
        _format(paragraph, style, "justify", after=L.PARAGRAPH_SPACING, indent=L.FIRST_LINE_INDENT_MM * L.MM)
        _add_text(paragraph, text, style)

    def visit_SignOff(self, block: SignOff) -> None:
        left, right = L.FOOT_LEFT_MM * L.MM, L.FOOT_RIGHT_MM * L.MM
        if self.docx.paragraphs:  # the last paragraph travels with the signature block
            self.docx.paragraphs[-1].paragraph_format.keep_with_next = True
        if len(block.signers) == 1:
            table = _table(self.docx, [left, right], rows=1, before=6)
            recipients_cell = table.rows[0].cells[0]
            _recipients(recipients_cell, recipients_cell.paragraphs[0], block)
            _signature(table.rows[0].cells[1], block.signers[0])
            return
        half = L.TEXT_WIDTH / max(len(block.signers), 1)
        table = _table(self.docx, [half] * len(block.signers), rows=1, before=6)
        for cell, signer in zip(table.rows[0].cells, block.signers, strict=True):
            _signature(cell, signer)
        _recipients(self.docx, self.docx.add_paragraph(), block)

    def visit_Heading(self, block: Heading) -> None:
        """'I. KẾT QUẢ …' (a part) or '1. …' (a section): bold, at the body's indent, kept with the next."""
        style = L.Style(L.SIZE_HEADING, bold=True)
        paragraph = self.docx.add_paragraph()
        _format(paragraph, style, "justify", before=L.HEADING_SPACE_BEFORE, after=L.PARAGRAPH_SPACING,
                indent=L.FIRST_LINE_INDENT_MM * L.MM)
        paragraph.paragraph_format.keep_with_next = True
        _add_text(paragraph, f"{block.label} {block.text}", style)

    def visit_Table(self, block: Table) -> None:
        """Caption (bold, centred), then a bordered table whose header row repeats on every page."""
        caption = L.Style(L.SIZE_TABLE_CAPTION, bold=True)
        paragraph = self.docx.add_paragraph()
        _format(paragraph, caption, "center", before=L.HEADING_SPACE_BEFORE, after=L.PARAGRAPH_SPACING)
        paragraph.paragraph_format.keep_with_next = True
        _add_text(paragraph, block.caption, caption)
        _data_table(self.docx, block)
        spacer = self.docx.add_paragraph()  # Word needs a paragraph after a table; it also spaces it
        _format(spacer, L.Style(L.PARAGRAPH_SPACING / L.LINE_FACTOR), "left")


# -- helpers: every formatting decision goes through these -----------------------------------

PROPERTY_LIMIT = 255  # characters a core property may hold (python-docx refuses more; Word truncates)


def fit_property(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """``text`` as a document property: whole when it fits, else cut at a word and ended with '…'.

    The document itself always prints all of it; only the file's properties are shortened.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def _properties(docx: Any, document: Document) -> None:
    """Core and app properties of this document, not python-docx's template (author, dates, no thumbnail)."""
    import datetime as dt

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = docx.core_properties
    props.title = fit_property(document.title)
    props.subject = props.keywords = props.category = ""
    props.comments = ""
    props.author = props.last_modified_by = fit_property(document.author or "")
    props.created = props.modified = now
    props.revision = 1
    props.language = "vi-VN"
    package = docx.part.package
    for rel_id, rel in list(package.rels.items()):  # the template's thumbnail shows another document
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _app_properties(document)


def _app_properties(document: Document) -> bytes:
    """docProps/app.xml naming notices as the application and the agency as the company."""
    from xml.sax.saxutils import escape

    company = escape(fit_property(document.author or ""))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>notices</Application>"
        f"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company>{company}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


def _margin(mm: float) -> Any:
    """A margin in whole twips, rounded up: 15 mm is 850.4 twips, and 850 would read as 14.99 mm."""
    import math

    from docx.shared import Twips

    return Twips(math.ceil(mm * 1440 / 25.4 - 1e-9))


def _set_defaults(docx: Any) -> None:
    """Times New Roman 14 and Vietnamese in the document defaults and the Normal style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = docx.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr_default)
    for tag in ("w:sz", "w:szCs"):
        size = rpr_default.find(qn(tag))
        if size is not None:
            size.set(qn("w:val"), str(L.SIZE_BODY * 2))
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    # Widow and orphan control (two lines), as the PDF sets paragraphs (CSS orphans/widows: 2); Word
    # and LibreOffice otherwise break a paragraph anywhere, and the two would put different lines on a page.
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    if ppr_default.find(qn("w:widowControl")) is None:
        ppr_default.insert(0, OxmlElement("w:widowControl"))
    settings = docx.settings.element
    for preview in settings.findall(qn("w:savePreviewPicture")):  # no thumbnail to go stale
        settings.remove(preview)
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(L.SIZE_BODY)
    _fonts(normal.element.get_or_add_rPr())


def _fonts(rpr: Any) -> None:
    """Name Times New Roman in all four font slots and drop theme fonts that would override it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _add_text(paragraph: Any, text: str, style: L.Style) -> None:
    """Add ``text`` as runs in ``style``; ``\\n`` becomes a line break inside the paragraph."""
    from docx.shared import Pt

    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        run.font.size = Pt(style.size)
        run.font.bold = style.bold
        run.font.italic = style.italic
        run.font.name = FONT
        _fonts(run._r.get_or_add_rPr())


def _format(
    paragraph: Any,
    style: L.Style,
    align: str,
    *,
    before: float = 0,
    after: float = 0,
    indent: float | None = None,
    left: float = 0,
    right: float = 0,
    line: float | None | bool = True,
) -> None:
    """Alignment, line height, spacing and indents (all in points).

    ``line``: True for the exact height of the style's size, a number for that exact height, None
    for single spacing (a paragraph holding a picture, which an exact height would clip).
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = Pt(L.line_height(style.size) if line is True else line)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.left_indent, fmt.right_indent = Pt(left), Pt(right)
    if indent is not None:
        fmt.first_line_indent = Pt(indent)
    _mark_font(paragraph._p.get_or_add_pPr(), style)


def _mark_font(ppr: Any, style: L.Style) -> None:
    """The paragraph mark in Times New Roman of the paragraph's size (Word sizes empty lines by it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    _fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        size = rpr.find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            rpr.append(size)
        size.set(qn("w:val"), str(round(style.size * 2)))


def _rule(paragraph: Any, column: float, length: float, *, after: float = 0) -> None:
    """A solid rule ``length`` points long, centred in a column ``column`` points wide.

    Drawn as the bottom border of an empty, indented paragraph one ``RULE_GAP`` high: it moves with
    the text, every reader (Word, LibreOffice, the checker) sees its exact length as column − indents,
    and it takes the height the PDF's rule takes (gap + line), so pages fill alike.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    side = max((column - length) / 2, 0)
    _format(paragraph, L.Style(2), "center", after=after, left=side, right=side, line=L.RULE_GAP)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    attrs = (("w:val", "single"), ("w:sz", str(int(L.RULE_WIDTH * 8))), ("w:space", "0"), ("w:color", "000000"))
    for key, value in attrs:
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _width(text: str, style: L.Style) -> float:
    from notices.fonts import text_width

    return text_width(text, style.size, style.bold, style.italic)


def _table(
    container: Any, widths: list[float], rows: int, *, before: float = 0, padding: float = 0,
    borders: bool = False, align: str = "left",
) -> Any:
    """A table of fixed column widths (points) whose rows never split across pages.

    Its properties are written in the order the schema requires (strict readers reject others).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def element(tag: str, **attrs: str) -> Any:
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(f"w:{key}"), value)
        return el

    if before:
        spacer = container.add_paragraph()
        _format(spacer, L.Style(before / L.LINE_FACTOR), "left")
        spacer.paragraph_format.keep_with_next = True
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = {"left": WD_TABLE_ALIGNMENT.LEFT, "center": WD_TABLE_ALIGNMENT.CENTER}[align]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(element("w:tblW", w=str(round(sum(widths) * 20)), type="dxa"))
    if borders:
        lines = element("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            lines.append(element(f"w:{side}", val="single", sz=str(round(L.TABLE_BORDER * 8)), space="0",
                                 color="000000"))
        tbl_pr.append(lines)
    margins = element("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        width = padding if side in ("left", "right") else 0
        margins.append(element(f"w:{side}", w=str(round(width * 20)), type="dxa"))
    tbl_pr.append(margins)
    for child in sorted(tbl_pr, key=lambda el: _TBL_PR_ORDER.index(el.tag.split("}")[1])):
        tbl_pr.append(child)
    for column, value in zip(table.columns, widths, strict=True):
        column.width = Pt(value)
        for cell in column.cells:
            cell.width = Pt(value)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(element("w:cantSplit"))
    return table


_TBL_PR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
)


def _recipients(container: Any, first: Any, block: SignOff) -> None:
    """'Nơi nhận:' (12, bold italic) in paragraph ``first``, then its lines (11), flush left (ô 9b)."""
    if block.recipients is None:
        return
    label = L.Style(L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True)
    item = L.Style(L.SIZE_RECIPIENTS)
    _format(first, label, "left")
    _add_text(first, "Nơi nhận:", label)
    for line in block.recipients.lines:
        paragraph = container.add_paragraph()
        _format(paragraph, item, "left")
        _add_text(paragraph, line, item)


def _signature(cell: Any, signer: Signer) -> None:
    """Authority lines, title (capitals, bold), room to sign, the name (bold), centred (ô 7a–7c)."""
    style = L.Style(L.SIZE_SIGNATURE, bold=True)
    paragraph = cell.paragraphs[0]
    for line in (*signer.authority, signer.title):
        _format(paragraph, style, "center")
        _add_text(paragraph, line, style)
        paragraph = cell.add_paragraph()
    _format(paragraph, style, "center", before=L.SIGNATURE_SPACE)
    _add_text(paragraph, signer.name, style)


def _page_number(paragraph: Any) -> None:
    """A centred PAGE field in the top margin (the first page has its own, empty header)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style = L.Style(L.SIZE_PAGE_NUMBER)
    _format(paragraph, style, "center")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        run = paragraph.add_run()
        _add_text_props(run, style)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.add_text(text)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)


def _add_text_props(run: Any, style: L.Style) -> None:
    from docx.shared import Pt

    run.font.size = Pt(style.size)
    run.font.name = FONT
    _fonts(run._r.get_or_add_rPr())


def _data_table(docx: Any, block: Table) -> None:
    """A table of figures: single borders, padded cells, the header row marked to repeat (w:tblHeader)."""
    from docx.oxml import OxmlElement

    widths = L.table_widths(block.columns, block.rows)
    table = _table(docx, widths, len(block.rows) + 1, padding=L.TABLE_CELL_PADDING, borders=True, align="center")
    head, plain = L.Style(L.SIZE_TABLE, bold=True), L.Style(L.SIZE_TABLE)
    figures = block.figures or (False,) * len(block.columns)
    count = len(block.rows) + 1
    # Rows kept with the next: the header and the first data row (the caption is kept with the header,
    # so a caption never ends a page), and the row before the last (a "Tổng cộng" row never stands alone).
    keep = {0, 1, count - 2} & set(range(count - 1))
    for index, (row, texts) in enumerate(zip(table.rows, (block.columns, *block.rows), strict=True)):
        if index == 0:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text, figure in zip(row.cells, texts, figures, strict=True):
            paragraph = cell.paragraphs[0]
            style = head if index == 0 else plain
            align = "center" if index == 0 or figure else "left"
            _format(paragraph, style, align, before=L.TABLE_CELL_PADDING_V, after=L.TABLE_CELL_PADDING_V)
            if index in keep:
                paragraph.paragraph_format.keep_with_next = True
            _add_text(paragraph, text, style)


# -- the article frame: news posts (tin bài), not the Decree 30 page --------------------------

ARTICLE_KINDS = ("news",)


class ArticleDocxWriter(DocxWriter):
    """A news post: title, bold lead, plain paragraphs, photos at the text width with captions, byline.

    Same font as every document; A4 with even margins; a page number in the footer; no national
    heading, no number, no signature. Every size, line height and space is the PDF's
    (``notices.layout.ARTICLE_*``), so both set the same lines on the same pages.
    """

    def _setup(self, document: Document) -> None:
        from docx.shared import Mm

        body = self.docx.element.body
        for child in list(body):
            if child.tag.endswith("}p"):
                body.remove(child)
        _set_defaults(self.docx)
        section = self.docx.sections[0]
        section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, _margin(L.ARTICLE_MARGIN_MM))
        section.footer_distance = Mm(L.ARTICLE_FOOTER_MM)
        footer = section.footer.paragraphs[0]
        _page_number(footer)
        page = _article_style(L.ARTICLE_PAGE_NUMBER)
        _format(footer, page, "center", line=L.ARTICLE_PAGE_NUMBER[1])
        for run in footer.runs:
            _add_text_props(run, page)
        _properties(self.docx, document)

    def _line(self, text: str, size: tuple[float, float], align: str, *, bold: bool = False,
              italic: bool = False, before: float = 0, after: float = 0) -> Any:
        style = _article_style(size, bold=bold, italic=italic)
        paragraph = self.docx.add_paragraph()
        _format(paragraph, style, align, before=before, after=after, line=size[1])
        _add_text(paragraph, text, style)
        return paragraph

    def visit_ArticleTitle(self, block: Any) -> None:
        self._line(block.text, L.ARTICLE_TITLE, "left", bold=True, after=L.ARTICLE_TITLE_AFTER)

    def visit_Lead(self, block: Any) -> None:
        self._line(block.text, L.ARTICLE_BODY, "justify", bold=True, after=L.ARTICLE_PARAGRAPH_AFTER)

    def visit_Paragraph(self, block: Paragraph) -> None:
        self._line(block.text, L.ARTICLE_BODY, "justify", after=L.ARTICLE_PARAGRAPH_AFTER)

    def visit_Figure(self, block: Any) -> None:
        """The photo inside the text width (narrower if very tall), centred, its caption under it.

        The picture sits in a paragraph of its own height (single spacing, a 1 pt mark, no wrap
        distances: LibreOffice otherwise adds 1/8 inch each side and pushes it into the margin).
        """
        import io

        from docx.shared import Mm, Pt

        image = block.image
        paragraph = self.docx.add_paragraph()
        _format(paragraph, L.Style(1), "center", before=L.ARTICLE_PHOTO_BEFORE, line=None)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(image.data), width=Mm(L.article_photo_width_mm(image.width, image.height)))
        run.font.size = Pt(1)
        for inline in paragraph._p.xpath(".//wp:inline"):
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")
        for element in paragraph._p.xpath(".//pic:cNvPr | .//wp:docPr"):  # the caption as alt text
            element.set("descr", block.caption)
        self._line(block.caption, L.ARTICLE_CAPTION, "center", italic=True, before=L.ARTICLE_CAPTION_BEFORE,
                   after=L.ARTICLE_CAPTION_AFTER)

    def visit_Byline(self, block: Any) -> None:
        """Author and publishing line, right-aligned, on the page of the last paragraph."""
        if self.docx.paragraphs:
            self.docx.paragraphs[-1].paragraph_format.keep_with_next = True
        if block.author:
            line = self._line(block.author, L.ARTICLE_BODY, "right", bold=True, before=L.ARTICLE_BYLINE_BEFORE)
            line.paragraph_format.keep_with_next = bool(block.published)
        if block.published:
            self._line(block.published, L.ARTICLE_PUBLISHED, "right", italic=True)


def _article_style(size: tuple[float, float], *, bold: bool = False, italic: bool = False) -> L.Style:
    return L.Style(size[0], bold=bold, italic=italic)
