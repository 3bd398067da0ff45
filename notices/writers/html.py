"""HTML writer: the Decree 30 page as print-ready HTML (the PDF writer renders exactly this)."""

from __future__ import annotations

import html
import re
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

SCREEN_FONTS = '"Times New Roman", "Liberation Serif", Tinos'


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as a standalone HTML page, atomically."""
    if document.kind in ARTICLE_KINDS:
        return write_article(document, path, options)  # type: ignore[return-value]
    text = render(document)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def render(document: Document, font_family: str = SCREEN_FONTS) -> str:
    """The whole HTML page of ``document`` with its print stylesheet."""
    if document.kind in ARTICLE_KINDS:  # photos embedded: this page is what the PDF writer draws
        return render_article(document, font_family, embed_images=True)
    writer = HtmlWriter()
    for block in document.blocks:
        writer.visit(block)
    body = "\n".join(writer.parts)
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(document.title)}</title>\n{_author(document)}"
        f"<style>\n{stylesheet(font_family)}</style>\n</head>\n"
        f'<body>\n<article class="document {document.kind}">\n{body}\n</article>\n</body>\n</html>\n'
    )


def _author(document: Document) -> str:
    """The issuing agency as the page's author (WeasyPrint puts it in the PDF's Author)."""
    if not document.author:
        return ""
    return f'<meta name="author" content="{html.escape(document.author, quote=True)}">\n'


# A word with a slash between letters ("đ/c", "V/v"): a word processor never breaks it, Pango would
# break after the slash. Printed whole, the PDF breaks lines as Word and LibreOffice do.
_SLASHED = re.compile(r"\S*[^\W\d_]/[^\W\d_]\S*")


def _keep_slashed(escaped: str) -> str:
    """Escaped text with each slashed word in a span that does not wrap (print pages only)."""
    return _SLASHED.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', escaped)


def _esc(text: str) -> str:
    """Escaped text; a line break inside a paragraph becomes ``<br>``."""
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def _width(text: str, style: L.Style) -> float:
    from notices.fonts import text_width

    return text_width(text, style.size, style.bold, style.italic)


def _rule(length: float) -> str:
    return f'<div class="rule" style="width:{length:.2f}pt"></div>'


class HtmlWriter(Visitor):
    """Walks the blocks of one document; one ``visit_*`` method per block type."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    format_name = "HTML"

    def visit_Header(self, header: Header) -> None:
        left = L.HEADER_LEFT_MM * L.MM
        agency_style = L.Style(L.SIZE_AGENCY, bold=True)
        agency_lines = L.agency_lines(header.agency, agency_style, left)
        cell = []
        if header.parent:
            parent_lines = L.agency_lines(header.parent, L.Style(L.SIZE_PARENT), left)
            cell.append(f'<p class="parent">{_esc(chr(10).join(parent_lines))}</p>')
        cell.append(f'<p class="agency">{_esc(chr(10).join(agency_lines))}</p>')
        widest = max(_width(line, agency_style) for line in agency_lines)
        cell.append(_rule(widest * L.AGENCY_RULE_FRACTION))
        motto_width = _width(header.motto, L.Style(L.SIZE_MOTTO, bold=True))
        summary = ""
        if header.summary:  # a Công văn's "V/v …" under its number (ô 5b)
            summary = f'<p class="summary">{_esc(chr(10).join(L.summary_lines(header.summary, left)))}</p>'
        self.parts.append(
            '<table class="head">\n<tr>'
            f'<td class="left">{"".join(cell)}</td>'
            f'<td class="right"><p class="national-name">{_esc(header.national_name)}</p>'
            f'<p class="motto">{_esc(header.motto)}</p>{_rule(motto_width)}</td></tr>\n<tr>'
            f'<td class="left"><p class="number">{_esc(header.number)}</p>{summary}</td>'
            f'<td class="right"><p class="place-date">{_esc(header.place_date)}</p></td>'
            "</tr>\n</table>"
        )

    def visit_Title(self, title: Title) -> None:
        if title.draft_mark:
            self.parts.append('<p class="draft-mark">DỰ THẢO</p>')
        lines = L.subject_lines(title.subject)
        line = max(_width(text, L.Style(L.SIZE_SUBJECT, bold=True)) for text in lines)
        self.parts.append(
            f'<h1 class="kind{" after-mark" if title.draft_mark else ""}">{_esc(title.kind)}</h1>\n'
            f'<p class="subject">{_esc(chr(10).join(lines))}</p>\n{_rule(line * L.SUBJECT_RULE_FRACTION)}'
        )

    def visit_Addressees(self, block: Addressees) -> None:
        """"Kính gửi: …" (ô 9a): one recipient on the line, centred; more as "- …;" under the colon."""
        lines = block.lines
        if len(lines) == 1:
            self.parts.append(f'<div class="addressees one"><p>{_esc(lines[0])}</p></div>')
            return
        label_left, items_left = L.addressee_indents(lines)
        rows = [f'<p style="margin-left:{label_left}pt">{_esc(lines[0])}</p>']
        rows += [f'<p style="margin-left:{items_left}pt">{_esc(line)}</p>' for line in lines[1:]]
        self.parts.append(f'<div class="addressees">{"".join(rows)}</div>')

    def visit_Paragraph(self, block: Paragraph) -> None:
        self.parts.append(f'<p class="body">{_keep_slashed(_esc(block.text))}</p>')

    def visit_NumberedItem(self, block: NumberedItem) -> None:
        self.parts.append(f'<p class="body">{_esc(block.label)} {_keep_slashed(_esc(block.text))}</p>')

    def visit_SignOff(self, block: SignOff) -> None:
        recipients = ""
        if block.recipients:
            lines = "".join(f"<p>{_esc(line)}</p>" for line in block.recipients.lines)
            recipients = f'<p class="recipients-label">Nơi nhận:</p>{lines}'
        # The last paragraph travels with the signature: a page never holds a sign-off alone.
        last = self.parts.pop() if self.parts and self.parts[-1].startswith("<p ") else ""
        if len(block.signers) == 1:
            foot = (
                '<table class="sign-off"><tr>'
                f'<td class="recipients">{recipients}</td>'
                f'<td class="signature">{_signature(block.signers[0], L.FOOT_RIGHT_MM * L.MM, 1)}</td></tr></table>'
            )
        else:
            half = L.TEXT_WIDTH / max(len(block.signers), 1)
            cells = "".join(f'<td class="signature">{_signature(s, half, i)}</td>'
                            for i, s in enumerate(block.signers, 1))
            foot = f'<table class="sign-off two"><tr>{cells}</tr></table>'
        # the 6 pt above the foot is a box (the DOCX's spacer paragraph): a margin would collapse into
        # the last paragraph's and the PDF would set the foot higher than a word processor does
        if recipients and len(block.signers) != 1:  # a Biên bản: Nơi nhận under the two signatures, with them
            foot += f'<div class="recipients">{recipients}</div>'
        self.parts.append(f'<div class="closing">{last}<div class="foot-space"></div>{foot}</div>')

    def visit_Heading(self, block: Heading) -> None:
        text = f"{_esc(block.label)} {_esc(block.text)}"
        self.parts.append(f'<h2 class="heading level-{block.level}">{text}</h2>')

    def visit_Table(self, block: Table) -> None:
        """Caption, then the table; the header row is a <thead>, which print repeats on every page."""
        widths = L.table_widths(block.columns, block.rows, block.shares)
        figures = block.figures or (False,) * len(block.columns)
        cols = "".join(f'<col style="width:{w:.2f}pt">' for w in widths)
        head = "".join(f"<th>{_esc(c)}</th>" for c in block.columns)
        opening = {True: '<td class="figure">', False: "<td>"}
        body = "".join(
            "<tr>" + "".join(f"{opening[f]}{_esc(c)}</td>" for c, f in zip(row, figures, strict=True))
            + "</tr>"
            for row in block.rows
        )
        self.parts.append(
            f'<p class="table-caption">{_esc(block.caption)}</p>\n'
            f'<table class="figures"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>\n"
            # the space after a table is a box (the DOCX's empty paragraph), not a margin that would collapse
            '<div class="table-space"></div>'
        )


def _signature(signer: Signer, column: float, number: int) -> str:
    """The signer's block; ids mark the last title line and the name, so the PDF writer finds the
    room for the signature between them (``notices.signing.field``)."""
    lines = [f"<p>{_esc(chr(10).join(L.signature_lines(line, column)))}</p>"
             for line in (*signer.authority, signer.title)]
    lines[-1] = lines[-1].replace("<p>", f'<p id="ky-{number}-chuc-vu">', 1)
    return f'{"".join(lines)}<p class="signer-name" id="ky-{number}-ho-ten">{_esc(signer.name)}</p>'


def stylesheet(font_family: str) -> str:
    """The print stylesheet: every number comes from :mod:`notices.layout`."""

    def text(size: float) -> str:
        return f"font-size:{size}pt;line-height:{L.line_height(size)}pt"

    return f"""
@page {{
  size: A4 portrait;
  margin: {L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm;
  @top-center {{ content: counter(page); font-family: {font_family}; {text(L.SIZE_PAGE_NUMBER)};
                 vertical-align: top; padding-top: {L.HEADER_DISTANCE_MM}mm; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {font_family}; color: #000; hyphens: manual; }}
body {{ margin: 0; }}
article.document {{ width: {L.TEXT_WIDTH_MM}mm; }}
@media screen {{ article.document {{ margin: 20mm auto; }} }}
p, h1 {{ margin: 0; font-weight: normal; }}
table {{ border-collapse: collapse; table-layout: fixed; width: {L.TEXT_WIDTH_MM}mm; }}
td {{ padding: 0; vertical-align: top; text-align: center; }}
table.head td.left {{ width: {L.HEADER_LEFT_MM}mm; }}
table.head td.right {{ width: {L.HEADER_RIGHT_MM}mm; }}
.parent {{ {text(L.SIZE_PARENT)}; }}
.agency {{ {text(L.SIZE_AGENCY)}; font-weight: bold; }}
.national-name {{ {text(L.SIZE_NATIONAL_NAME)}; font-weight: bold; white-space: nowrap; }}
.motto {{ {text(L.SIZE_MOTTO)}; font-weight: bold; }}
.number {{ {text(L.SIZE_NUMBER)}; margin-top: 6pt; }}
.summary {{ {text(L.SIZE_SUMMARY)}; margin-top: {L.SPACE_BEFORE_SUMMARY}pt; }}
.place-date {{ {text(L.SIZE_PLACE_DATE)}; font-style: italic; margin-top: 6pt; }}
.rule {{ border-top: {L.RULE_WIDTH}pt solid #000; margin: {L.RULE_GAP}pt auto 0; height: 0; }}
.draft-mark {{ {text(L.SIZE_DRAFT_MARK)}; font-weight: bold; text-align: center;
               margin-top: {L.SPACE_BEFORE_TITLE}pt; }}
h1.kind {{ {text(L.SIZE_KIND)}; font-weight: bold; text-align: center; margin-top: {L.SPACE_BEFORE_TITLE}pt; }}
h1.kind.after-mark {{ margin-top: 6pt; }}
.subject {{ {text(L.SIZE_SUBJECT)}; font-weight: bold; text-align: center; }}
.subject + .rule {{ margin-bottom: 12pt; }}
span.nw {{ white-space: nowrap; }}
div.addressees {{ margin: {L.SPACE_AROUND_ADDRESSEES}pt 0; page-break-inside: avoid; }}
div.addressees p {{ {text(L.SIZE_ADDRESSEES)}; text-align: left; }}
div.addressees.one p {{ text-align: center; }}
p.body {{ {text(L.SIZE_BODY)}; text-align: justify; text-indent: {L.FIRST_LINE_INDENT_MM}mm;
          margin-bottom: {L.PARAGRAPH_SPACING}pt;
          padding-right: {L.word_processor_hair(L.MARGIN_LEFT_MM, L.MARGIN_RIGHT_MM):.3f}pt; }}
table.sign-off {{ page-break-inside: avoid; }}
div.foot-space {{ height: 6pt; }}
div.closing {{ page-break-inside: avoid; }}
table.sign-off td.recipients {{ width: {L.FOOT_LEFT_MM}mm; text-align: left; }}
.recipients p {{ {text(L.SIZE_RECIPIENTS)}; text-align: left; }}
.recipients p.recipients-label {{ {text(L.SIZE_RECIPIENTS_LABEL)}; font-weight: bold; font-style: italic; }}
td.signature p {{ {text(L.SIZE_SIGNATURE)}; font-weight: bold; }}
td.signature p.signer-name {{ margin-top: {L.SIGNATURE_SPACE}pt; }}
html {{ font-kerning: none; }}  /* as Word sets text; with kerning, justified lines overran the margin */
h2.heading {{ {text(L.SIZE_HEADING)}; font-weight: bold; text-align: justify;
              margin: {L.HEADING_SPACE_BEFORE}pt 0 {L.PARAGRAPH_SPACING}pt;
              text-indent: {L.FIRST_LINE_INDENT_MM}mm; page-break-after: avoid; }}
p.table-caption {{ {text(L.SIZE_TABLE_CAPTION)}; font-weight: bold; text-align: center;
                   margin: {L.HEADING_SPACE_BEFORE}pt 0 {L.PARAGRAPH_SPACING}pt; page-break-after: avoid; }}
div.table-space {{ height: {L.PARAGRAPH_SPACING}pt; }}
table.figures th, table.figures td {{ {text(L.SIZE_TABLE)}; border: {L.TABLE_BORDER}pt solid #000;
  padding: {L.TABLE_CELL_PADDING_V:.2f}pt {L.TABLE_CELL_PADDING:.2f}pt; vertical-align: top; text-align: left; }}
table.figures th {{ font-weight: bold; text-align: center; }}
table.figures td.figure {{ text-align: center; }}
table.figures tr {{ page-break-inside: avoid; }}
/* the last two rows (a "Tổng cộng" row never alone) and the first two after the header stay together */
table.figures tbody tr:last-child, table.figures tbody tr:nth-child(2) {{ page-break-before: avoid; }}
"""


# -- the article frame: news posts (tin bài) for the website ---------------------------------

ARTICLE_KINDS = ("news",)  # kinds written as a web article, not as a Decree 30 page


def write_article(document: Document, path: Path, options: dict[str, Any] | None = None) -> list[Path]:
    """The standalone page at ``path``, the editor's fragment beside it, the photos under ``anh/``.

    Returns the files written besides ``path``.
    """
    from notices import photos

    fragment = path.with_name(f"{document.name}.fragment.html")
    written = photos.save_all(document, path.parent)
    with atomic_path(fragment) as tmp:
        tmp.write_text(render_fragment(document), encoding="utf-8")
    with atomic_path(path) as tmp:
        tmp.write_text(render_article(document), encoding="utf-8")
    return [fragment, *written]


def render_fragment(document: Document) -> str:
    """The body of the post for the website's editor: p, figure, figcaption, strong, em, img only.

    No title (the editor has its own field), no publishing date (the site shows its own), no class,
    no style, no script; photos are linked as ``anh/<name>`` (upload them with the post).
    """
    writer = ArticleHtmlWriter(fragment=True)
    for block in document.blocks:
        writer.visit(block)
    return "\n".join(writer.parts) + "\n"


def render_article(document: Document, font_family: str = SCREEN_FONTS, embed_images: bool = False) -> str:
    """The whole post as a page for preview and archive (and, with ``embed_images``, for PDF)."""
    writer = ArticleHtmlWriter(fragment=False, embed_images=embed_images)
    for block in document.blocks:
        writer.visit(block)
    body = "\n".join(writer.parts)
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(document.title)}</title>\n{_author(document)}"
        f"<style>\n{article_stylesheet(font_family)}</style>\n</head>\n"
        f'<body>\n<article class="news">\n{body}\n</article>\n</body>\n</html>\n'
    )


class ArticleHtmlWriter(Visitor):
    """Walks the blocks of a news post; one ``visit_*`` method per block type it can hold."""

    def __init__(self, fragment: bool, embed_images: bool = False) -> None:
        self.parts: list[str] = []
        self.fragment = fragment
        self.embed_images = embed_images

    format_name = "HTML article"

    def visit_ArticleTitle(self, block: Any) -> None:
        if not self.fragment:
            self.parts.append(f"<h1>{_esc(block.text)}</h1>")

    def _text(self, text: str) -> str:
        return _keep_slashed(_esc(text)) if self.embed_images else _esc(text)  # the PDF's page only

    def visit_Lead(self, block: Any) -> None:
        opening = "<p>" if self.fragment else '<p class="lead">'
        self.parts.append(f"{opening}<strong>{self._text(block.text)}</strong></p>")

    def visit_Paragraph(self, block: Paragraph) -> None:
        self.parts.append(f"<p>{self._text(block.text)}</p>")

    def visit_Figure(self, block: Any) -> None:
        from notices import photos

        image = block.image
        if self.embed_images:
            import base64

            src = f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"
        else:
            src = photos.src(image)
        alt = html.escape(block.caption, quote=True)
        width = L.article_photo_width_mm(image.width, image.height)
        size = f' style="width:{width:.2f}mm"' if self.embed_images else ""  # the PDF: as wide as in the DOCX
        self.parts.append(
            f'<figure>\n<img src="{html.escape(src, quote=True)}" alt="{alt}" '
            f'width="{image.width}" height="{image.height}"{size}>\n'
            f"<figcaption>{_esc(block.caption)}</figcaption>\n</figure>"
        )

    def visit_Byline(self, block: Any) -> None:
        parts = []
        if block.author:
            opening = "<p>" if self.fragment else '<p class="byline">'
            parts.append(f"{opening}<strong>{_esc(block.author)}</strong></p>")
        if block.published and not self.fragment:
            stamp = f' datetime="{html.escape(block.timestamp, quote=True)}"' if block.timestamp else ""
            parts.append(f'<p class="published"><em><time{stamp}>{_esc(block.published)}</time></em></p>')
        if self.fragment or not parts:
            self.parts += parts
            return
        # The byline stays on the page of the last paragraph: a page never holds the byline alone.
        last = self.parts.pop() if self.parts and self.parts[-1].startswith("<p") else ""
        self.parts.append(f'<div class="ending">{last}{"".join(parts)}</div>')


def article_stylesheet(font_family: str) -> str:
    """One article style for print and screen: the DOCX writer reads the same ``layout.ARTICLE_*``."""

    def text(size: tuple[float, float]) -> str:
        return f"font-size:{size[0]}pt;line-height:{size[1]}pt"

    return f"""
@page {{ size: A4 portrait; margin: {L.ARTICLE_MARGIN_MM}mm;
  @bottom-center {{ content: counter(page); font-family: {font_family}; {text(L.ARTICLE_PAGE_NUMBER)};
                    vertical-align: top; padding-top: {L.ARTICLE_MARGIN_MM - L.ARTICLE_FOOTER_MM}mm; }} }}
html {{ font-family: {font_family}; color: #000; hyphens: manual; font-kerning: none; }}
body {{ margin: 0; }}
article.news {{ max-width: {L.ARTICLE_TEXT_WIDTH_MM}mm; margin: 0 auto; {text(L.ARTICLE_BODY)};
                orphans: 2; widows: 2; }}
@media screen {{ article.news {{ padding: 12mm 6mm; }} }}
h1 {{ {text(L.ARTICLE_TITLE)}; font-weight: bold; margin: 0 0 {L.ARTICLE_TITLE_AFTER}pt; }}
p {{ margin: 0 0 {L.ARTICLE_PARAGRAPH_AFTER}pt; text-align: justify;
      padding-right: {L.word_processor_hair(L.ARTICLE_MARGIN_MM, L.ARTICLE_MARGIN_MM):.3f}pt; }}
p.lead {{ font-weight: bold; }}
span.nw {{ white-space: nowrap; }}
/* padding, not margin, where the DOCX adds a space to the paragraph before's: margins would collapse */
figure {{ margin: 0 0 {L.ARTICLE_CAPTION_AFTER}pt; padding-top: {L.ARTICLE_PHOTO_BEFORE}pt;
          page-break-inside: avoid; }}
figure img {{ display: block; max-width: 100%; height: auto; margin: 0 auto; }}
figcaption {{ {text(L.ARTICLE_CAPTION)}; font-style: italic; text-align: center;
              margin-top: {L.ARTICLE_CAPTION_BEFORE}pt; }}
div.ending {{ page-break-inside: avoid; }}
p.byline {{ text-align: right; margin: 0; padding-top: {L.ARTICLE_BYLINE_BEFORE}pt; }}
p.published {{ {text(L.ARTICLE_PUBLISHED)}; text-align: right; font-style: italic; margin: 0; }}
"""
