"""The observed document: what a reader saw in a DOCX or a PDF, in one format-neutral shape.

Readers fill it; rules read it. Lengths are points. Nothing here imports python-docx or pdfplumber.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Zones of a Decree 30 page (layout diagram, Phụ lục I, Phần I, Mục IV).
HEAD_LEFT = "head-left"  # ô 2, ô 3 (and ô 5b for a công văn)
HEAD_RIGHT = "head-right"  # ô 1, ô 4
BODY = "body"  # ô 5a, ô 6
FOOT_LEFT = "foot-left"  # ô 9b (or the THƯ KÝ signature of a biên bản)
FOOT_RIGHT = "foot-right"  # ô 7a–7c
TOP = "top"  # above the head table (e.g. a "DỰ THẢO" mark)


@dataclass
class Line:
    """One printed line: its text and how its visible characters look."""

    text: str
    sizes: tuple[float, ...] = ()  # distinct sizes of the visible characters
    bold: bool | None = None  # True: all bold, False: none, None: mixed
    italic: bool | None = None
    underline: bool = False
    width: float = 0.0  # printed (or estimated) width in points

    @property
    def size(self) -> float | None:
        """The single size of the line, or None when it mixes sizes or is empty."""
        return self.sizes[0] if len(self.sizes) == 1 else None


@dataclass
class Rule:
    """A horizontal rule line drawn under a paragraph."""

    length: float
    offset: float | None = None  # centre of the rule minus centre of the text above it (None: unknown)
    how: str = ""  # "viền đoạn", "đường vẽ", "gạch chân", "đường kẻ PDF"


@dataclass
class Para:
    """A paragraph (DOCX) or a group of lines (PDF) in one zone."""

    lines: list[Line]
    zone: str = BODY
    page: int = 1
    align: str | None = None  # "left", "center", "right", "both"; None when it cannot be told
    first_indent: float | None = None  # start of the first line from the zone's left edge
    space_before: float | None = None
    space_after: float | None = None
    line_rule: str | None = None  # "auto" (value = multiple), "exact"/"atLeast" (value = points)
    line_value: float | None = None
    rule: Rule | None = None
    fonts: tuple[str, ...] = ()  # font names used by visible characters
    colors: tuple[str, ...] = ()  # non-black colours (hex) used by visible characters
    avail_width: float | None = None  # width of the zone the paragraph sits in
    block: int = 0  # index of the table cell (head/foot) the paragraph belongs to
    in_table: bool = False  # a paragraph of a table inside the body (not the head or foot table)
    numbered: bool = False  # automatic list numbering (DOCX w:numPr)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def flat(self) -> str:
        return " ".join(line.text.strip() for line in self.lines).strip()

    @property
    def sizes(self) -> tuple[float, ...]:
        return tuple(sorted({s for line in self.lines for s in line.sizes}))

    def _all(self, attr: str) -> bool | None:
        values = {getattr(line, attr) for line in self.lines if line.text.strip()}
        return values.pop() if len(values) == 1 else None

    @property
    def bold(self) -> bool | None:
        return self._all("bold")

    @property
    def italic(self) -> bool | None:
        return self._all("italic")


@dataclass
class Page:
    """Page size and margins in millimetres (margins None when the format does not store them)."""

    width_mm: float
    height_mm: float
    top_mm: float | None = None
    bottom_mm: float | None = None
    left_mm: float | None = None
    right_mm: float | None = None


@dataclass
class PageMark:
    """A page number as printed or as a field."""

    page: int | None  # page it was seen on (PDF); None for a DOCX field shown on every page it applies to
    where: str  # "top" or "bottom"
    centred: bool
    sizes: tuple[float, ...]
    italic: bool | None = None
    text: str = ""
    x: float | None = None  # centre of the printed number (PDF), in points


@dataclass
class Observed:
    """Everything the rules look at."""

    source: str  # "docx" or "pdf"
    path: str
    pages: list[Page] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    marks: list[PageMark] = field(default_factory=list)
    first_page_numbered: bool = False  # a page number shows on page 1
    page_count: int | None = None  # exact (PDF) or estimated (DOCX)
    page_count_exact: bool = False
    legacy_fonts: list[str] = field(default_factory=list)  # TCVN3/VNI font names seen
    tnr_metric_fonts: list[str] = field(default_factory=list)  # PDF fonts whose advances match TNR
    pdf_text_box: tuple[float, float, float, float] | None = None  # min x0, min top, max x1, max bottom (mm)

    def zone(self, name: str) -> list[Para]:
        return [p for p in self.paras if p.zone == name]
