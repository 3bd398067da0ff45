"""The news posts of the example records, rendered once in every form, and a reader for their HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from notices.records import load_record
from notices.render import NEWS_FORMATS, render_record
from tests.conftest import EXAMPLES

NEWS_RECORDS = ("mo-duc-bao-cao-cchc-2022", "phu-tai-cchc-2022", "xa-cchc-6-thang-2024")
VOID = {"img", "br", "meta", "link", "hr", "col", "input", "source", "wbr"}


@pytest.fixture(scope="session")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example that declares documents.news, rendered as its post in all formats."""
    out = tmp_path_factory.mktemp("news")
    for name in NEWS_RECORDS:
        render_record(load_record(EXAMPLES / f"{name}.yaml"), out, only=("news",), formats=NEWS_FORMATS)
    return out


class StrictReader(HTMLParser):
    """Reads HTML with the standard library and records what a well-formed page must not have.

    ``errors`` lists end tags that close something else, and elements left open;
    ``tags`` every start tag with its attributes; ``text`` the character data (entities decoded).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.chunks: list[tuple[str, str]] = []  # (enclosing tag, text)
        self.p_parts: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "p":
            self.p_parts.append([])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.chunks.append((self.stack[-1] if self.stack else "", data))
        if "p" in self.stack:
            self.p_parts[-1].append(data)

    def unknown_decl(self, data: str) -> None:
        self.errors.append(f"unknown declaration {data!r}")

    @property
    def text(self) -> str:
        return "".join(data for tag, data in self.chunks if tag not in ("style", "title"))

    @classmethod
    def read(cls, path: Path) -> StrictReader:
        reader = cls()
        reader.feed(path.read_text(encoding="utf-8"))
        reader.close()
        if reader.stack:
            reader.errors.append(f"left open: {reader.stack}")
        return reader

    def paragraphs(self) -> list[str]:
        """The text of each <p>, in order (the text of <strong>, <em>, <time> inside it included)."""
        return ["".join(parts) for parts in self.p_parts]
