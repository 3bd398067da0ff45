"""Markdown writer: a news post for static-site generators (Hugo, Jekyll, Eleventy…).

YAML front matter (title, date, author, description, images), then the body in CommonMark. Every
record value is escaped: punctuation that Markdown would read as markup (``* _ [ ] < > & …``) is
preceded by a backslash, so ``<script>`` prints as text and never reaches the page as HTML.
Photos are saved under ``anh/`` beside the file and linked from there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from notices.files import atomic_path
from notices.model import ArticleTitle, Byline, Document, Figure, Lead, Paragraph
from notices.writers.visitor import Visitor

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start markup
# anywhere in a line. '.', ',', ':', ';', '-', '(' and ')' stay readable (handled at line start below).
_INLINE = re.compile(r"([\\`*_\[\]{}<>&|~!#$])")
# A line starting with "-", "+", "=" or ">" could open a list, a quote, a rule or underline the line
# above into a heading ("===" under a line): escaped whatever follows it.
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])(\s|$)|^(\s*)([-+=>])()", re.M)


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> list[Path]:
    """Write ``document`` to ``path`` as Markdown, its photos under ``anh/``; the photo paths written."""
    from notices import photos

    written = photos.save_all(document, path.parent)
    text = render(document)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return written


def escape(text: str) -> str:
    """``text`` as literal Markdown text: no emphasis, link, HTML, list or heading can come out of it."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(_line_start, text)
    return text.replace("\n", "\\\n")  # a line break inside a paragraph: backslash + newline


def _line_start(match: re.Match[str]) -> str:
    if match.group(2) is not None:  # "2022. " would open an ordered list
        return f"{match.group(1)}{match.group(2)}\\{match.group(3)}{match.group(4)}"
    return f"{match.group(5)}\\{match.group(6)}{match.group(7)}"


def _yaml(value: object) -> str:
    """A YAML scalar: JSON strings are valid YAML and escape every quote and control character."""
    return json.dumps(value, ensure_ascii=False)


def render(document: Document) -> str:
    """The Markdown text of a news post: front matter, then the body."""
    writer = MarkdownWriter()
    for block in document.blocks:
        writer.visit(block)
    front = ["---", f"title: {_yaml(writer.title or document.title)}"]
    if writer.published:
        front.append(f"date: {_yaml(writer.published)}")
    if writer.author:
        front.append(f"author: {_yaml(writer.author)}")
    if writer.lead:
        front.append(f"description: {_yaml(writer.lead)}")
    if writer.images:
        front.append("images:")
        front += [f"  - {_yaml(src)}" for src in writer.images]
    front.append("---")
    return "\n".join(front) + "\n\n" + "\n\n".join(writer.parts) + "\n"


class MarkdownWriter(Visitor):
    """Walks the blocks of a news post; one ``visit_*`` method per block type."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.title: str | None = None
        self.lead: str | None = None
        self.author: str | None = None
        self.published: str | None = None
        self.images: list[str] = []

    format_name = "Markdown"

    def visit_ArticleTitle(self, block: ArticleTitle) -> None:
        self.title = block.text
        if "\n" in block.text:  # an ATX heading ("# …") is one line; a setext heading keeps the breaks
            self.parts.append(f"{escape(block.text)}\n===")
        else:
            self.parts.append(f"# {escape(block.text)}")

    def visit_Lead(self, block: Lead) -> None:
        self.lead = block.text
        self.parts.append(f"**{escape(block.text)}**")

    def visit_Paragraph(self, block: Paragraph) -> None:
        self.parts.append(escape(block.text))

    def visit_Figure(self, block: Figure) -> None:
        from notices import photos

        src = photos.src(block.image)
        self.images.append(src)
        # The address is ours (ASCII slug), the caption the user's: escaped inside the brackets too.
        self.parts.append(f"![{escape(block.caption)}](<{src}>)\n*{escape(block.caption)}*")

    def visit_Byline(self, block: Byline) -> None:
        self.author = block.author
        self.published = block.timestamp or block.published
        lines = [f"**{escape(block.author)}**" if block.author else None,
                 f"*{escape(block.published)}*" if block.published else None]
        self.parts.append("\\\n".join(line for line in lines if line))
