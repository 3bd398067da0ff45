"""Does a real word processor set our DOCX as notices sets its own PDF? (LibreOffice headless)

Both PDFs are read with pdfplumber into printed lines: characters grouped by baseline, a row split
into segments where a gap wider than one em parts two columns (head, foot, table cells). A line is
its text with spaces normalised. Two documents agree on a line when the same text is printed as one
line in both (multiset match over the document, so two columns read in another order still match);
they agree on page breaks when they have as many pages and every page starts with the same row.
Page numbers (a row of digits alone in the top or bottom margin) are left out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MARGIN_ZONE = 20 * 72 / 25.4  # the page number sits inside the 20 mm top/bottom margin


@dataclass
class Lines:
    """The printed lines of one PDF, page by page; each page a list of rows, each row its segments."""

    pages: list[list[list[str]]]

    @property
    def segments(self) -> list[str]:
        return [seg for page in self.pages for row in page for seg in row]

    def first_rows(self) -> list[str]:
        return [" | ".join(page[0]) if page else "" for page in self.pages]


def _text(chars: list[dict]) -> str:
    parts, prev = [], None
    for ch in chars:
        if ch["text"].isspace():
            continue
        if prev is not None and ch["x0"] - prev["x1"] > 0.12 * ch["size"]:
            parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    return unicodedata.normalize("NFC", "".join(parts)).strip()


def read_lines(path: Path) -> Lines:
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c.get("upright", True) and c["text"].strip()]
            chars.sort(key=lambda c: (c["bottom"], c["x0"]))
            rows: list[list[dict]] = []
            for ch in chars:
                if rows and abs(ch["bottom"] - rows[-1][-1]["bottom"]) <= 2.5:
                    rows[-1].append(ch)
                else:
                    rows.append([ch])
            out = []
            for row in rows:
                row.sort(key=lambda c: c["x0"])
                segs, current = [], [row[0]]
                for ch in row[1:]:
                    if ch["x0"] - current[-1]["x1"] > 1.0 * ch["size"]:
                        segs.append(current)
                        current = []
                    current.append(ch)
                segs.append(current)
                texts = [t for t in (_text(s) for s in segs) if t]
                top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
                in_margin = bottom < MARGIN_ZONE or top > page.height - MARGIN_ZONE
                if in_margin and all(re.fullmatch(r"\d+", t) for t in texts):
                    continue
                if texts:
                    out.append(texts)
            pages.append(out)
    return Lines(pages)


@dataclass
class Agreement:
    """How one document's LibreOffice PDF compares with notices' own PDF."""

    name: str
    pages_ours: int
    pages_theirs: int
    lines_ours: int
    lines_theirs: int
    lines_same: int
    same_page_breaks: bool
    only_ours: list[str] = field(default_factory=list)
    only_theirs: list[str] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return max(self.lines_ours, self.lines_theirs)


def compare(name: str, ours: Path, theirs: Path) -> Agreement:
    a, b = read_lines(ours), read_lines(theirs)
    ca, cb = Counter(a.segments), Counter(b.segments)
    same = sum((ca & cb).values())
    breaks = len(a.pages) == len(b.pages) and a.first_rows() == b.first_rows()
    return Agreement(
        name, len(a.pages), len(b.pages), sum(ca.values()), sum(cb.values()), same, breaks,
        sorted((ca - cb).elements()), sorted((cb - ca).elements()),
    )


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx_files: dict[str, Path], out: Path, timeout: float = 240) -> dict[str, Path]:
    """Every DOCX (name → path) converted to PDF by ONE LibreOffice run with its own profile."""
    src = out / "in"
    src.mkdir(parents=True, exist_ok=True)
    for name, path in docx_files.items():
        shutil.copyfile(path, src / f"{name}.docx")
    with tempfile.TemporaryDirectory(prefix="notices-lo-profile-") as profile:
        subprocess.run(
            [soffice(), "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation=file://{profile}",
             "--convert-to", "pdf", "--outdir", str(out), *sorted(str(p) for p in src.glob("*.docx"))],
            check=True, capture_output=True, timeout=timeout,
        )
    return {name: out / f"{name}.pdf" for name in docx_files}
