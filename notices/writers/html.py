"""HTML writer: the Decree 30 page as print-ready HTML (the PDF writer renders exactly this)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from notices import layout as L
from notices.errors import InternalError
from notices.model import Document, Header, NumberedItem, Paragraph, Signer, SignOff, Title
from notices.writers.atomic import atomic_path

SCREEN_FONTS = '"Times New Roman", "Liberation Serif", Tinos'


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as a standalone HTML page, atomically."""
    text = render(document)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def render(document: Document, font_family: str = SCREEN_FONTS) -> str:
    """The whole HTML page of ``document`` with its print stylesheet."""
    writer = HtmlWriter()
    for block in document.blocks:
        writer.visit(block)
    body = "\n".join(writer.parts)
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(document.title)}</title>\n<style>\n{stylesheet(font_family)}</style>\n</head>\n"
        f'<body>\n<article class="document {document.kind}">\n{body}\n</article>\n</body>\n</html>\n'
    )


def _esc(text: str) -> str:
    """Escaped text; a line break inside a paragraph becomes ``<br>``."""
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def _width(text: str, style: L.Style) -> float:
    from notices.fonts import text_width

    return text_width(text, style.size, style.bold, style.italic)


def _rule(length: float) -> str:
    return f'<div class="rule" style="width:{length:.2f}pt"></div>'


class HtmlWriter:
    """Walks the blocks of one document; one ``visit_*`` method per block type."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def visit(self, block: object) -> None:
        """Write one block; a block type without a method is a bug, not a silent skip."""
        method = getattr(self, f"visit_{type(block).__name__}", None)
        if method is None:
            raise InternalError(f"HTML writer has no visit_{type(block).__name__}")
        method(block)

    def visit_Header(self, header: Header) -> None:
        left = L.HEADER_LEFT_MM * L.MM
        agency_style = L.Style(L.SIZE_AGENCY, bold=True)
        agency_lines = L.balanced_lines(header.agency, agency_style, left)
        cell = []
        if header.parent:
            parent_lines = L.balanced_lines(header.parent, L.Style(L.SIZE_PARENT), left)
            cell.append(f'<p class="parent">{_esc(chr(10).join(parent_lines))}</p>')
        cell.append(f'<p class="agency">{_esc(chr(10).join(agency_lines))}</p>')
        widest = max(_width(line, agency_style) for line in agency_lines)
        cell.append(_rule(widest * L.AGENCY_RULE_FRACTION))
        motto_width = _width(header.motto, L.Style(L.SIZE_MOTTO, bold=True))
        self.parts.append(
            '<table class="head">\n<tr>'
            f'<td class="left">{"".join(cell)}</td>'
            f'<td class="right"><p class="national-name">{_esc(header.national_name)}</p>'
            f'<p class="motto">{_esc(header.motto)}</p>{_rule(motto_width)}</td></tr>\n<tr>'
            f'<td class="left"><p class="number">{_esc(header.number)}</p></td>'
            f'<td class="right"><p class="place-date">{_esc(header.place_date)}</p></td>'
            "</tr>\n</table>"
        )

    def visit_Title(self, title: Title) -> None:
        if title.draft_mark:
            self.parts.append('<p class="draft-mark">DỰ THẢO</p>')
        line = min(_width(title.subject, L.Style(L.SIZE_SUBJECT, bold=True)), L.TEXT_WIDTH)
        self.parts.append(
            f'<h1 class="kind{" after-mark" if title.draft_mark else ""}">{_esc(title.kind)}</h1>\n'
            f'<p class="subject">{_esc(title.subject)}</p>\n{_rule(line * L.SUBJECT_RULE_FRACTION)}'
        )

    def visit_Paragraph(self, block: Paragraph) -> None:
        self.parts.append(f'<p class="body">{_esc(block.text)}</p>')

    def visit_NumberedItem(self, block: NumberedItem) -> None:
        self.parts.append(f'<p class="body">{_esc(block.label)} {_esc(block.text)}</p>')

    def visit_SignOff(self, block: SignOff) -> None:
        recipients = ""
        if block.recipients:
            lines = "".join(f"<p>{_esc(line)}</p>" for line in block.recipients.lines)
            recipients = f'<p class="recipients-label">Nơi nhận:</p>{lines}'
        if len(block.signers) == 1:
            self.parts.append(
                '<table class="sign-off"><tr>'
                f'<td class="recipients">{recipients}</td>'
                f'<td class="signature">{_signature(block.signers[0])}</td></tr></table>'
            )
            return
        cells = "".join(f'<td class="signature">{_signature(s)}</td>' for s in block.signers)
        self.parts.append(f'<table class="sign-off two"><tr>{cells}</tr></table>')
        if recipients:
            self.parts.append(f'<div class="recipients">{recipients}</div>')


def _signature(signer: Signer) -> str:
    lines = "".join(f"<p>{_esc(line)}</p>" for line in (*signer.authority, signer.title))
    return f'{lines}<p class="signer-name">{_esc(signer.name)}</p>'


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
.place-date {{ {text(L.SIZE_PLACE_DATE)}; font-style: italic; margin-top: 6pt; }}
.rule {{ border-top: {L.RULE_WIDTH}pt solid #000; margin: {L.RULE_GAP}pt auto 0; height: 0; }}
.draft-mark {{ {text(L.SIZE_DRAFT_MARK)}; font-weight: bold; text-align: center; margin-top: {L.SPACE_BEFORE_TITLE}pt; }}
h1.kind {{ {text(L.SIZE_KIND)}; font-weight: bold; text-align: center; margin-top: {L.SPACE_BEFORE_TITLE}pt; }}
h1.kind.after-mark {{ margin-top: 6pt; }}
.subject {{ {text(L.SIZE_SUBJECT)}; font-weight: bold; text-align: center; }}
.subject + .rule {{ margin-bottom: 12pt; }}
p.body {{ {text(L.SIZE_BODY)}; text-align: justify; text-indent: {L.FIRST_LINE_INDENT_MM}mm;
          margin-bottom: {L.PARAGRAPH_SPACING}pt; }}
table.sign-off {{ margin-top: 6pt; page-break-inside: avoid; }}
table.sign-off td.recipients {{ width: {L.FOOT_LEFT_MM}mm; text-align: left; }}
.recipients p {{ {text(L.SIZE_RECIPIENTS)}; text-align: left; }}
.recipients p.recipients-label {{ {text(L.SIZE_RECIPIENTS_LABEL)}; font-weight: bold; font-style: italic; }}
td.signature p {{ {text(L.SIZE_SIGNATURE)}; font-weight: bold; }}
td.signature p.signer-name {{ margin-top: {L.SIGNATURE_SPACE}pt; }}
"""
