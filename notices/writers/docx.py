"""DOCX writer: the Decree 30 page in Word's own terms (the only module that imports python-docx).

python-docx makes the package once per process (styles, page set-up, page-number headers: a
skeleton); each document then only adds its body, written straight as WordprocessingML elements by
the helpers below, and its properties, and is zipped onto the skeleton's already compressed parts.
The news post, with its pictures, is still built through python-docx as a whole.
"""

from __future__ import annotations

import copy
import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices import layout as L
from notices.files import atomic_path
from notices.model import (
    Addressees,
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
from notices.writers.visitor import Visitor

FONT = "Times New Roman"  # Decree 30 names it; Word substitutes nothing as long as every run says so

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as DOCX, atomically."""
    if document.kind in ARTICLE_KINDS:
        article = ArticleDocxWriter(document)
        for block in document.blocks:
            article.visit(block)
        with atomic_path(path) as tmp:
            article.docx.save(str(tmp))
        return
    writer = DocxWriter(document)
    for block in document.blocks:
        writer.visit(block)
    data = writer.package()
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


class DocxWriter(Visitor):
    """Walks the blocks of one document; one ``visit_*`` method per block type."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.root = copy.deepcopy(_skeleton().root)  # <w:document> holding an empty body and its sectPr
        self.body = self.root.find(_w("body"))

    format_name = "DOCX"

    def _paragraph(self) -> Any:
        """A new, empty paragraph at the end of the body."""
        return _add_paragraph(self.body)

    def package(self) -> bytes:
        """The whole DOCX file: the skeleton's parts with this document's body and properties."""
        return _skeleton().package(self.root, self.document)

    # -- blocks ----------------------------------------------------------------------------

    def visit_Header(self, header: Header) -> None:
        left, right = L.HEADER_LEFT_MM * L.MM, L.HEADER_RIGHT_MM * L.MM
        table = _table(self.body, [left, right], rows=2)
        agency_cell, national_cell = _cells(table, 0)
        agency_style = L.Style(L.SIZE_AGENCY, bold=True)
        paragraph = _first_paragraph(agency_cell)
        if header.parent:
            parent_style = L.Style(L.SIZE_PARENT)
            _format(paragraph, parent_style, "center")
            _add_text(paragraph, "\n".join(L.agency_lines(header.parent, parent_style, left)), parent_style)
            paragraph = _add_paragraph(agency_cell)
        agency_lines = L.agency_lines(header.agency, agency_style, left)
        _format(paragraph, agency_style, "center")
        _add_text(paragraph, "\n".join(agency_lines), agency_style)
        widest = max(_width(line, agency_style) for line in agency_lines)
        _rule(_add_paragraph(agency_cell), left, widest * L.AGENCY_RULE_FRACTION)

        national = L.Style(L.SIZE_NATIONAL_NAME, bold=True)
        motto = L.Style(L.SIZE_MOTTO, bold=True)
        paragraph = _first_paragraph(national_cell)
        _format(paragraph, national, "center")
        _add_text(paragraph, header.national_name, national)
        paragraph = _add_paragraph(national_cell)
        _format(paragraph, motto, "center")
        _add_text(paragraph, header.motto, motto)
        _rule(_add_paragraph(national_cell), right, _width(header.motto, motto))

        number_cell, date_cell = _cells(table, 1)
        number_style = L.Style(L.SIZE_NUMBER)
        date_style = L.Style(L.SIZE_PLACE_DATE, italic=True)
        _format(_first_paragraph(number_cell), number_style, "center", before=6)
        _add_text(_first_paragraph(number_cell), header.number, number_style)
        if header.summary:  # a Công văn's "V/v …" under its number (ô 5b)
            summary_style = L.Style(L.SIZE_SUMMARY)
            paragraph = _add_paragraph(number_cell)
            _format(paragraph, summary_style, "center", before=L.SPACE_BEFORE_SUMMARY)
            _add_text(paragraph, "\n".join(L.summary_lines(header.summary, left)), summary_style)
        _format(_first_paragraph(date_cell), date_style, "center", before=6)
        _add_text(_first_paragraph(date_cell), header.place_date, date_style)

    def visit_Title(self, title: Title) -> None:
        style = L.Style(L.SIZE_KIND, bold=True)
        if title.draft_mark:
            mark = L.Style(L.SIZE_DRAFT_MARK, bold=True)
            paragraph = self._paragraph()
            _format(paragraph, mark, "center", before=L.SPACE_BEFORE_TITLE)
            _add_text(paragraph, "DỰ THẢO", mark)
        paragraph = self._paragraph()
        _format(paragraph, style, "center", before=6 if title.draft_mark else L.SPACE_BEFORE_TITLE)
        _add_text(paragraph, title.kind, style)
        subject_style = L.Style(L.SIZE_SUBJECT, bold=True)
        paragraph = self._paragraph()
        _format(paragraph, subject_style, "center")
        lines = L.subject_lines(title.subject)
        _add_text(paragraph, "\n".join(lines), subject_style)
        line = max(_width(text, subject_style) for text in lines)
        _rule(self._paragraph(), L.TEXT_WIDTH, line * L.SUBJECT_RULE_FRACTION, after=12)

    def visit_Addressees(self, block: Addressees) -> None:
        """"Kính gửi: …" (ô 9a): one recipient on the line, centred; more as "- …;" under the colon."""
        style = L.Style(L.SIZE_ADDRESSEES)
        lines = block.lines
        label_left, items_left = L.addressee_indents(lines)
        for number, line in enumerate(lines):
            paragraph = self._paragraph()
            first, last = number == 0, number == len(lines) - 1
            before = L.SPACE_AROUND_ADDRESSEES if first else 0
            after = L.SPACE_AROUND_ADDRESSEES if last else 0
            if len(lines) == 1:
                _format(paragraph, style, "center", before=before, after=after)
            else:
                _format(paragraph, style, "left", before=before, after=after,
                        left=label_left if first else items_left)
            if not last:
                _keep_with_next(paragraph)
            _add_text(paragraph, line, style)

    def visit_Paragraph(self, block: Paragraph) -> None:
        self._body(block.text)

    def visit_NumberedItem(self, block: NumberedItem) -> None:
        self._body(f"{block.label} {block.text}")

    def _body(self, text: str) -> None:
        style = L.Style(L.SIZE_BODY)
        paragraph = self._paragraph()
        _format(paragraph, style, "justify", after=L.PARAGRAPH_SPACING, indent=L.FIRST_LINE_INDENT_MM * L.MM)
        _add_text(paragraph, text, style)

    def visit_SignOff(self, block: SignOff) -> None:
        left, right = L.FOOT_LEFT_MM * L.MM, L.FOOT_RIGHT_MM * L.MM
        paragraphs = self.body.findall(_w("p"))
        if paragraphs:  # the last paragraph travels with the signature block
            _keep_with_next(paragraphs[-1])
        if len(block.signers) == 1:
            table = _table(self.body, [left, right], rows=1, before=6)
            recipients_cell, signature_cell = _cells(table, 0)
            _recipients(recipients_cell, _first_paragraph(recipients_cell), block)
            _signature(signature_cell, block.signers[0], right)
            return
        half = L.TEXT_WIDTH / max(len(block.signers), 1)
        table = _table(self.body, [half] * len(block.signers), rows=1, before=6)
        for cell, signer in zip(_cells(table, 0), block.signers, strict=True):
            _signature(cell, signer, half)
        if block.recipients is None:
            return
        for cell in _cells(table, 0):  # the Nơi nhận under the signatures stays on their page
            for paragraph in cell.findall(_w("p")):
                _keep_with_next(paragraph)
        _recipients(self.body, self._paragraph(), block)
        for paragraph in self.body.findall(_w("p"))[-len(block.recipients.lines) - 1 : -1]:
            _keep_with_next(paragraph)

    def visit_Heading(self, block: Heading) -> None:
        """'I. KẾT QUẢ …' (a part) or '1. …' (a section): bold, at the body's indent, kept with the next."""
        style = L.Style(L.SIZE_HEADING, bold=True)
        paragraph = self._paragraph()
        _format(paragraph, style, "justify", before=L.HEADING_SPACE_BEFORE, after=L.PARAGRAPH_SPACING,
                indent=L.FIRST_LINE_INDENT_MM * L.MM)
        _keep_with_next(paragraph)
        _add_text(paragraph, f"{block.label} {block.text}", style)

    def visit_Table(self, block: Table) -> None:
        """Caption (bold, centred), then a bordered table whose header row repeats on every page."""
        caption = L.Style(L.SIZE_TABLE_CAPTION, bold=True)
        paragraph = self._paragraph()
        _format(paragraph, caption, "center", before=L.HEADING_SPACE_BEFORE, after=L.PARAGRAPH_SPACING)
        _keep_with_next(paragraph)
        _add_text(paragraph, block.caption, caption)
        _data_table(self.body, block)
        spacer = self._paragraph()  # Word needs a paragraph after a table; it also spaces it
        _format(spacer, L.Style(L.PARAGRAPH_SPACING / L.LINE_FACTOR), "left")


# -- the skeleton: python-docx's package, set up once per process ------------------------------

STATIC_COMPRESSION = 6  # zlib level of the skeleton's parts (compressed once per process)
DOCUMENT_PART = "word/document.xml"
PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml")


@dataclass
class _Skeleton:
    """The Decree 30 package without a body: python-docx's template after :meth:`DocxWriter._setup`."""

    docx: Any  # the python-docx Document, kept for its properties parts
    root: Any  # its <w:document>, body emptied
    static: bytes  # a ZIP of every other part, compressed once
    lock: threading.Lock

    def package(self, root: Any, document: Document) -> bytes:
        """The DOCX of ``document`` whose <w:document> is ``root``."""
        import io
        import zipfile

        from lxml import etree

        with self.lock:  # the properties are set on the shared python-docx package, then read
            _properties(self.docx, document)
            blobs = {str(part.partname).lstrip("/"): part.blob for part in self.docx.part.package.iter_parts()
                     if str(part.partname).lstrip("/") in PROPERTY_PARTS}
        buffer = io.BytesIO(self.static)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=STATIC_COMPRESSION) as zip_file:
            zip_file.writestr(DOCUMENT_PART, etree.tostring(root, encoding="UTF-8", standalone=True))
            for name in PROPERTY_PARTS:
                zip_file.writestr(name, blobs[name])
        return buffer.getvalue()


def _decree_page(docx: Any) -> None:
    """The page of every Decree 30 document, made once on python-docx's template (the skeleton)."""
    from docx.shared import Mm

    body = docx.element.body
    for child in list(body):  # the template's empty paragraph
        if child.tag.endswith("}p"):
            body.remove(child)
    _set_defaults(docx)
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = _margin(L.MARGIN_TOP_MM), _margin(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = _margin(L.MARGIN_LEFT_MM), _margin(L.MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(L.HEADER_DISTANCE_MM)
    section.different_first_page_header_footer = True  # no number on page 1
    section.first_page_header.is_linked_to_previous = False
    _page_number(section.header.paragraphs[0])


@functools.cache
def _skeleton() -> _Skeleton:
    import io
    import zipfile

    import docx

    template = docx.Document()
    _decree_page(template)
    _properties(template, Document(kind="", name="", title=""))  # drops the template's thumbnail once
    saved = io.BytesIO()
    template.save(saved)
    static = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED,
                                                         compresslevel=STATIC_COMPRESSION) as target:
        for info in source.infolist():
            if info.filename != DOCUMENT_PART and info.filename not in PROPERTY_PARTS:
                target.writestr(info, source.read(info.filename))
    return _Skeleton(template, template.element, static.getvalue(), threading.Lock())


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


# The helpers below write WordprocessingML elements directly (lxml), in the order the schema
# requires; they take a paragraph or run as an lxml element or as python-docx's proxy for one.

_FONT_SLOTS = tuple(_w(slot) for slot in ("ascii", "hAnsi", "cs", "eastAsia"))
_VAL = _w("val")
# Children of w:pPr in schema order (CT_PPrBase, then rPr): a new child goes before any later one.
_PPR_ORDER = {name: index for index, name in enumerate((
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))}


def _twips(points: float) -> str:
    """Points as Word's twips, rounded as python-docx rounds them (Pt → EMU → twips)."""
    return str(round(int(points * 12700) / 635))


def _half_points(points: float) -> str:
    return str(int(int(points * 12700) / 12700 * 2))


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    """A new ``w:`` child at the end of ``parent``."""
    from lxml import etree

    return etree.SubElement(parent, _w(tag), {_w(k): v for k, v in attrs.items()})


def _child(parent: Any, tag: str, order: dict[str, int], **attrs: str) -> Any:
    """``parent``'s ``w:tag`` child, new (replacing any old one), at its place in ``order``."""
    from lxml import etree

    name = _w(tag)
    old = parent.find(name)
    if old is not None:
        parent.remove(old)
    element = etree.Element(name, {_w(k): v for k, v in attrs.items()})
    rank = order[tag]
    for index, sibling in enumerate(parent):
        if order.get(etree.QName(sibling).localname, -1) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _ppr(paragraph: Any) -> Any:
    p = getattr(paragraph, "_p", paragraph)
    ppr = p.find(_w("pPr"))
    if ppr is None:
        from lxml import etree

        ppr = etree.Element(_w("pPr"))
        p.insert(0, ppr)
    return ppr


def _fonts(rpr: Any) -> None:
    """Name Times New Roman in all four font slots and drop theme fonts that would override it."""
    from lxml import etree

    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = etree.Element(_w("rFonts"))
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for slot in _FONT_SLOTS:
        fonts.set(slot, FONT)


@functools.cache
def _run_properties(size: float, bold: bool, italic: bool) -> Any:
    """A run's w:rPr for a style: the font in four slots, bold and italic said either way, the size."""
    from lxml import etree

    rpr = etree.Element(_w("rPr"))
    _fonts(rpr)
    etree.SubElement(rpr, _w("b"), {} if bold else {_VAL: "0"})
    etree.SubElement(rpr, _w("i"), {} if italic else {_VAL: "0"})
    etree.SubElement(rpr, _w("sz"), {_VAL: _half_points(size)})
    return rpr


def _add_text(paragraph: Any, text: str, style: L.Style) -> None:
    """Add ``text`` as runs in ``style``; ``\\n`` becomes a line break inside the paragraph."""
    from lxml import etree

    p = getattr(paragraph, "_p", paragraph)
    rpr = _run_properties(style.size, style.bold, style.italic)
    for index, line in enumerate(text.split("\n")):
        run = etree.SubElement(p, _w("r"))
        run.append(copy.deepcopy(rpr))
        if index:
            etree.SubElement(run, _w("br"))
        t = etree.SubElement(run, _w("t"))
        t.text = line
        if len(line.strip()) < len(line):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


_ALIGN = {"left": "left", "center": "center", "justify": "both", "right": "right"}


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
    ppr = _ppr(paragraph)
    if line is None:
        spacing = {"line": "240", "lineRule": "auto"}
    else:
        spacing = {"line": _twips(L.line_height(style.size) if line is True else line), "lineRule": "exact"}
    _child(ppr, "spacing", _PPR_ORDER, **spacing, before=_twips(before), after=_twips(after))
    ind = {"left": _twips(left), "right": _twips(right)}
    if indent is not None:
        ind["firstLine"] = _twips(indent)
    _child(ppr, "ind", _PPR_ORDER, **ind)
    _child(ppr, "jc", _PPR_ORDER, val=_ALIGN[align])
    _mark_font(ppr, style)


def _keep_with_next(paragraph: Any) -> None:
    """The paragraph stays on the page of the next one (w:keepNext)."""
    _child(_ppr(paragraph), "keepNext", _PPR_ORDER)


def _mark_font(ppr: Any, style: L.Style) -> None:
    """The paragraph mark in Times New Roman of the paragraph's size (Word sizes empty lines by it)."""
    rpr = ppr.find(_w("rPr"))
    if rpr is None:
        rpr = _child(ppr, "rPr", _PPR_ORDER)
    _fonts(rpr)
    for tag in ("sz", "szCs"):
        size = rpr.find(_w(tag))
        if size is None:
            size = _sub(rpr, tag)
        size.set(_VAL, str(round(style.size * 2)))


def _rule(paragraph: Any, column: float, length: float, *, after: float = 0) -> None:
    """A solid rule ``length`` points long, centred in a column ``column`` points wide.

    Drawn as the bottom border of an empty, indented paragraph one ``RULE_GAP`` high: it moves with
    the text, every reader (Word, LibreOffice, the checker) sees its exact length as column − indents,
    and it takes the height the PDF's rule takes (gap + line), so pages fill alike.
    """
    side = max((column - length) / 2, 0)
    _format(paragraph, L.Style(2), "center", after=after, left=side, right=side, line=L.RULE_GAP)
    borders = _child(_ppr(paragraph), "pBdr", _PPR_ORDER)
    _sub(borders, "bottom", val="single", sz=str(int(L.RULE_WIDTH * 8)), space="0", color="000000")


def _width(text: str, style: L.Style) -> float:
    from notices.fonts import text_width

    return text_width(text, style.size, style.bold, style.italic)


def _add_paragraph(container: Any) -> Any:
    """A new empty paragraph at the end of a body (before its section properties) or of a table cell."""
    from lxml import etree

    return _append(container, etree.Element(_w("p")))


def _append(container: Any, element: Any) -> Any:
    """``element`` put last in a body (before its section properties, which close it) or in a table cell."""
    last = container[-1] if len(container) else None
    if last is not None and last.tag == _w("sectPr"):
        last.addprevious(element)
    else:
        container.append(element)
    return element


def _first_paragraph(cell: Any) -> Any:
    return cell.find(_w("p"))


def _cells(table: Any, row: int) -> list[Any]:
    """The cells (w:tc) of a table's row."""
    return table.findall(_w("tr"))[row].findall(_w("tc"))


def _table(
    container: Any, widths: list[float], rows: int, *, before: float = 0, padding: float = 0,
    borders: bool = False, align: str = "left",
) -> Any:
    """A table of fixed column widths (points) whose rows never split across pages.

    Its properties are written in the order the schema requires (strict readers reject others).
    """
    from lxml import etree

    if before:
        spacer = _add_paragraph(container)
        _format(spacer, L.Style(before / L.LINE_FACTOR), "left")
        _keep_with_next(spacer)
    table = _append(container, etree.Element(_w("tbl")))
    properties = _sub(table, "tblPr")
    _sub(properties, "tblW", w=str(round(sum(widths) * 20)), type="dxa")
    _sub(properties, "jc", val=align)
    if borders:
        lines = _sub(properties, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _sub(lines, side, val="single", sz=str(round(L.TABLE_BORDER * 8)), space="0", color="000000")
    _sub(properties, "tblLayout", type="fixed")
    margins = _sub(properties, "tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        width = padding if side in ("left", "right") else 0
        _sub(margins, side, w=str(round(width * 20)), type="dxa")
    _sub(properties, "tblLook", firstColumn="1", firstRow="1", lastColumn="0", lastRow="0", noHBand="0",
         noVBand="1", val="04A0")
    grid = _sub(table, "tblGrid")
    twips = [_twips(value) for value in widths]
    for width in twips:
        _sub(grid, "gridCol", w=width)
    for _ in range(rows):
        row = _sub(table, "tr")
        _sub(_sub(row, "trPr"), "cantSplit")
        for width in twips:
            cell = _sub(row, "tc")
            _sub(_sub(cell, "tcPr"), "tcW", type="dxa", w=width)
            _sub(cell, "p")
    return table


def _recipients(container: Any, first: Any, block: SignOff) -> None:
    """'Nơi nhận:' (12, bold italic) in paragraph ``first``, then its lines (11), flush left (ô 9b)."""
    if block.recipients is None:
        return
    label = L.Style(L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True)
    item = L.Style(L.SIZE_RECIPIENTS)
    _format(first, label, "left")
    _add_text(first, "Nơi nhận:", label)
    for line in block.recipients.lines:
        paragraph = _add_paragraph(container)
        _format(paragraph, item, "left")
        _add_text(paragraph, line, item)


def _signature(cell: Any, signer: Signer, column: float) -> None:
    """Authority lines, title (capitals, bold), room to sign, the name (bold), centred (ô 7a–7c).

    A line too long for the column is set in balanced lines that keep words whole ("CHỦ NHIỆM").
    """
    style = L.Style(L.SIZE_SIGNATURE, bold=True)
    paragraph = _first_paragraph(cell)
    for line in (*signer.authority, signer.title):
        _format(paragraph, style, "center")
        _add_text(paragraph, "\n".join(L.signature_lines(line, column)), style)
        paragraph = _add_paragraph(cell)
    _format(paragraph, style, "center", before=L.SIGNATURE_SPACE)
    _add_text(paragraph, signer.name, style)


def _page_number(paragraph: Any) -> None:
    """A centred PAGE field in the top margin (the first page has its own, empty header)."""
    p = getattr(paragraph, "_p", paragraph)
    style = L.Style(L.SIZE_PAGE_NUMBER)
    _format(p, style, "center")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        run = _sub(p, "r")
        _add_text_props(run, style)
        if kind == "instr":
            instr = _sub(run, "instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
        elif kind == "text":
            _sub(run, "t").text = text
        else:
            _sub(run, "fldChar", fldCharType=kind)


def _add_text_props(run: Any, style: L.Style) -> None:
    """A run's size and font (in its w:rPr, first in the run)."""
    r = getattr(run, "_r", run)
    rpr = r.find(_w("rPr"))
    if rpr is None:
        from lxml import etree

        rpr = etree.Element(_w("rPr"))
        r.insert(0, rpr)
    _fonts(rpr)
    for old in rpr.findall(_w("sz")):
        rpr.remove(old)
    size = _sub(rpr, "sz", val=_half_points(style.size))
    for later in ("szCs", "highlight", "u", "effect", "lang"):  # keep w:sz at its place if others follow
        element = rpr.find(_w(later))
        if element is not None:
            element.addprevious(size)
            break


def _data_table(container: Any, block: Table) -> None:
    """A table of figures: single borders, padded cells, the header row marked to repeat (w:tblHeader)."""
    widths = L.table_widths(block.columns, block.rows, block.shares)
    table = _table(container, widths, len(block.rows) + 1, padding=L.TABLE_CELL_PADDING, borders=True,
                   align="center")
    head, plain = L.Style(L.SIZE_TABLE, bold=True), L.Style(L.SIZE_TABLE)
    figures = block.figures or (False,) * len(block.columns)
    count = len(block.rows) + 1
    # Rows kept with the next: the header and the first data row (the caption is kept with the header,
    # so a caption never ends a page), and the row before the last (a "Tổng cộng" row never stands alone).
    keep = {0, 1, count - 2} & set(range(count - 1))
    for index, (row, texts) in enumerate(zip(table.findall(_w("tr")), (block.columns, *block.rows), strict=True)):
        if index == 0:
            _sub(row.find(_w("trPr")), "tblHeader")
        for cell, text, figure in zip(row.findall(_w("tc")), texts, figures, strict=True):
            paragraph = _first_paragraph(cell)
            style = head if index == 0 else plain
            align = "center" if index == 0 or figure else "left"
            _format(paragraph, style, align, before=L.TABLE_CELL_PADDING_V, after=L.TABLE_CELL_PADDING_V)
            if index in keep:
                _keep_with_next(paragraph)
            _add_text(paragraph, text, style)


# -- the article frame: news posts (tin bài), not the Decree 30 page --------------------------

ARTICLE_KINDS = ("news",)


class ArticleDocxWriter(DocxWriter):
    """A news post: title, bold lead, plain paragraphs, photos at the text width with captions, byline.

    Same font as every document; A4 with even margins; a page number in the footer; no national
    heading, no number, no signature. Every size, line height and space is the PDF's
    (``notices.layout.ARTICLE_*``), so both set the same lines on the same pages.
    """

    def __init__(self, document: Document) -> None:  # the whole package through python-docx
        import docx

        self.docx = docx.Document()
        self._setup(document)

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
