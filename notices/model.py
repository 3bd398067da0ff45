"""The format-free document: what a document says and in which order, never how it looks.

A composer builds a :class:`Document` from a record; each writer (DOCX, HTML, PDF) walks its blocks.
There are no sizes, fonts, EMU or CSS here: the Decree 30 layout belongs to ``notices.layout`` and
the writers. Every text is final (already upper-cased where the decree wants capitals, already
numbered), so all writers print the same characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Number:
    """The số, ký hiệu and date of a document as values (what the register gave; printed by ``vn``)."""

    number: int | None  # None: a draft, its number left blank
    notation: str  # ký hiệu after the number: "TB-UBND", "UBND-VP" (Công văn)
    date: dt.date | None = None  # the date of issue; None: a draft


@dataclass(frozen=True)
class Header:
    """The two-column head of page 1: issuing agency and number (left), quốc hiệu and date (right)."""

    agency: str  # upper case; the issuing agency (ô 2, bold)
    number: str  # "Số: 05/TB-UBND" (ô 3), as ``vn.number_line`` prints the document's :class:`Number`
    place_date: str  # "Đắk Song, ngày 05 tháng 01 năm 2024" (ô 4)
    parent: str | None = None  # upper case; the direct parent agency (ô 2, not bold)
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO
    summary: str | None = None  # a Công văn's trích yếu under the number (ô 5b): "V/v …"


@dataclass(frozen=True)
class Addressees:
    """"Kính gửi:" (ô 9a) and whom: one on the same line, two or more as a "- …;" list (Phụ lục I, II.9.a)."""

    names: tuple[str, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        """The printed lines: 'Kính gửi: Sở Nội vụ.' or 'Kính gửi:' then '- A;' … '- B.'."""
        if len(self.names) == 1:
            return (f"Kính gửi: {self.names[0]}.",)
        return ("Kính gửi:", *(f"- {n}{'.' if i == len(self.names) - 1 else ';'}" for i, n in enumerate(self.names)))


@dataclass(frozen=True)
class Title:
    """Tên loại and trích yếu (ô 5a): 'THÔNG BÁO' over the subject, a short rule under it."""

    kind: str  # upper case, e.g. "THÔNG BÁO"
    subject: str
    draft_mark: bool = False  # print "DỰ THẢO" above the title


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph. ``\\n`` inside ``text`` is a line break within the paragraph."""

    text: str


@dataclass(frozen=True)
class NumberedItem:
    """A numbered body item: ``label`` ("1.") then ``text``."""

    label: str
    text: str


@dataclass(frozen=True)
class Signer:
    """One signature: authority lines (TM., KT., TL., …), title, and the name under the signature."""

    authority: tuple[str, ...]  # upper case; zero, one or two lines
    title: str  # upper case
    name: str


@dataclass(frozen=True)
class Recipients:
    """Nơi nhận (ô 9b): items each '- …;' and the archive line '- Lưu: VT, VP.'."""

    items: tuple[str, ...]
    archive: tuple[str, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        """The printed lines, punctuation included (Phụ lục I, II.9.b)."""
        body = tuple(f"- {item};" for item in self.items)
        return body + (f"- Lưu: {', '.join(self.archive)}.",)


@dataclass(frozen=True)
class SignOff:
    """The foot of the document: Nơi nhận on the left, the signature block on the right."""

    signers: tuple[Signer, ...]
    recipients: Recipients | None = None


@dataclass(frozen=True)
class Heading:
    """A numbered heading of a document built of parts and sections (a report, Phụ lục I, II.6).

    Level 1: a part, label 'I.' and its title already in capitals; level 2: a section, label '1.'.
    """

    level: int
    label: str
    text: str


@dataclass(frozen=True)
class Table:
    """A table of figures: its caption, the column names (the header row) and the rows.

    Every cell is final text (figures already in Vietnamese format). ``figures`` says, per column,
    whether the column holds figures, so writers may set it apart from text columns.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    figures: tuple[bool, ...] = ()
    shares: tuple[float, ...] = ()  # each column's share of the text width; empty: by its widest cell


@dataclass(frozen=True)
class ArticleTitle:
    """The headline of a news post (tin bài): sentence case, as the editor wrote it."""

    text: str


@dataclass(frozen=True)
class Lead:
    """The lead paragraph of a news post: who, when, where, about what (set apart from the body)."""

    text: str


@dataclass(frozen=True)
class Image:
    """A photo ready for publishing: its file name, its encoded bytes and pixel size (already
    turned upright and resized by :mod:`notices.photos`). Writers place it; they never resize it."""

    name: str  # readable ASCII file name, e.g. "quang-canh-hoi-nghi.jpg"
    media_type: str  # "image/jpeg" or "image/png"
    data: bytes = field(repr=False)
    width: int = 0  # pixels
    height: int = 0


@dataclass(frozen=True)
class Figure:
    """A photo of a news post with its caption."""

    image: Image
    caption: str


@dataclass(frozen=True)
class Byline:
    """The foot of a news post: the author line and the publishing line ("Ngày đăng: …")."""

    author: str | None = None
    published: str | None = None  # as printed: "Ngày đăng: 13/07/2024 - 09:35"
    timestamp: str | None = None  # the same moment in ISO 8601, for machines (front matter, <time>)


Block = (Header | Title | Addressees | Paragraph | NumberedItem | SignOff | Heading | Table | ArticleTitle | Lead
         | Figure | Byline)


@dataclass(frozen=True)
class Document:
    """One document to write: its kind, its file stem, and its blocks in reading order."""

    kind: str  # a key of the catalogue (notices.kinds): "notice", "official_letter", "news"…
    name: str  # readable ASCII file stem, e.g. "thong-bao"
    title: str  # human title for metadata, e.g. "Thông báo số 05/TB-UBND"
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    author: str | None = None  # the issuing agency as written, for metadata (DOCX author, PDF author)
    number: Number | None = None  # số, ký hiệu and date as values (None: not a numbered document)

    def strings(self) -> Iterator[str]:
        """Every text the document prints, in block order (for checks that need all of it)."""
        yield from _strings(self.blocks)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value):
        for f in fields(value):
            yield from _strings(getattr(value, f.name))
        if isinstance(value, Recipients | Addressees):
            yield from value.lines
