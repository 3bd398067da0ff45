"""The catalogue of document kinds: what each kind a record can declare under ``documents:`` *is*.

One entry per kind: its key, what the secretary calls it, its tên loại and ký hiệu (or the Công văn rule),
its Mẫu (Phụ lục III), its composer, the formats it can be written in, its file name, whether the register
numbers it and in which series. Render, batch, the register, the web form, the office profile, the schema
and the CLI read this table; adding a kind is one entry here, its composer, its templates and its tests.

This module is on the ground floor: it imports nothing of notices when loaded. A composer or a writer is
loaded only when it is called, by the explicit import inside its loader below (a reader, or a static tool,
follows ``compose_notice`` from here to ``notices/compose/notice.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notices.model import Document

Composer = Callable[[Any, "Path | None", Path], "Document"]  # (record, templates, record's folder) → document
Writer = Callable[..., Any]  # write(document, path, options) → extra files written (or None)

# --- composers: one explicit, lazy import each --------------------------------------------------------


def _invitation(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.invitation import compose_invitation

    return compose_invitation(record, templates)


def _minutes(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.minutes import compose_minutes

    return compose_minutes(record, templates)


def _notice(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.notice import compose_notice

    return compose_notice(record, templates)


def _report(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.report import compose_report

    return compose_report(record, templates)


def _news(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.news import compose_news

    return compose_news(record, templates, folder)


def _official_letter(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.letter import compose_official_letter

    return compose_official_letter(record, templates)


def _plan(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.plan import compose_plan

    return compose_plan(record, templates)


def _proposal(record: Any, templates: Path | None, folder: Path) -> Document:
    from notices.compose.proposal import compose_proposal

    return compose_proposal(record, templates)


# --- writers: one explicit, lazy import each ----------------------------------------------------------


def _docx() -> Writer:
    from notices.writers.docx import write

    return write


def _pdf() -> Writer:
    from notices.writers.pdf import write

    return write


def _html() -> Writer:
    from notices.writers.html import write

    return write


def _markdown() -> Writer:
    from notices.writers.markdown import write

    return write


def _pdfa() -> Writer:
    from notices.writers.pdfa import write

    return write


@dataclass(frozen=True)
class Format:
    """A format documents are written in: its key (``--format``), its file suffix and its writer."""

    key: str
    suffix: str
    load: Callable[[], Writer]


FORMAT_TABLE = (
    Format("docx", ".docx", _docx),
    Format("pdf", ".pdf", _pdf),
    Format("html", ".html", _html),
    Format("md", ".md", _markdown),
    Format("pdfa", ".pdfa.pdf", _pdfa),  # the archive copy: PDF/A-3b with its record inside
)
FORMATS = tuple(f.key for f in FORMAT_TABLE)
NEWS_FORMATS = ("html", "md", "docx", "pdf")  # the news post: web page (+ fragment, photos), Markdown, print
ADMIN_FORMATS = ("docx", "pdf", "html", "pdfa")  # documents under Decree 30 (no Markdown); pdfa: archive copy


def writer(fmt: str) -> Writer:
    """The ``write`` function of a format's writer, imported only when that format is asked for."""
    return next(f for f in FORMAT_TABLE if f.key == fmt).load()


def suffix(fmt: str) -> str:
    """The file suffix of a format: '.docx', '.pdfa.pdf'."""
    return next(f.suffix for f in FORMAT_TABLE if f.key == fmt)


@dataclass(frozen=True)
class Kind:
    """A document kind a record can declare under ``documents:``."""

    key: str  # the key under documents:
    label: str  # what the secretary calls it: "Thông báo kết luận"
    name: str  # the kind in running text and in the register: "Thông báo"
    title: str | None  # tên loại as printed (ô 5a): "THÔNG BÁO"; None: a Công văn has none
    code: str | None  # ký hiệu of the tên loại: "TB"; None: the Công văn rule (agency code - drafting unit)
    form: str | None  # the Mẫu of Phụ lục III: "1.4"; None: not a Decree 30 document (news)
    file: str  # readable ASCII file stem: "thong-bao"
    section: str  # the class of its section under documents: (notices.records.models)
    compose: Composer
    formats: tuple[str, ...] = ADMIN_FORMATS  # the formats this kind can be written in
    defaults: tuple[str, ...] = ("docx", "pdf")  # written when --format is not given
    numbered: bool = True  # the register gives it a number (cấp số)
    series: str | None = None  # its own series under per-kind numbering (default: its code)
    on_request: bool = False  # composed for ``--only KEY`` even when the record does not declare it
    description: str = ""  # the schema's help for documents.<key>
    cites: tuple[str, ...] = ()  # other documents of the record whose số and date it quotes (compose.common)

    @property
    def series_name(self) -> str:
        """The register's series of this kind under per-kind numbering: 'TB', or 'CV' for Công văn."""
        return self.series or self.code or self.key

    def notation(self, agency_code: str, unit: str | None = None) -> str:
        """Ký hiệu after the number: 'TB-UBND' (Mẫu 1.4), 'UBND-VP' (Công văn: agency - drafting unit)."""
        if self.code is not None:
            return f"{self.code}-{agency_code}"
        return f"{agency_code}-{unit}" if unit else agency_code


KINDS: tuple[Kind, ...] = (
    Kind("notice", "Thông báo kết luận", "Thông báo", "THÔNG BÁO", "TB", "1.4", "thong-bao", "Notice", _notice,
         description="Thông báo kết luận (ký hiệu TB)."),
    Kind("invitation", "Giấy mời", "Giấy mời", "GIẤY MỜI", "GM", "1.7", "giay-moi", "Invitation", _invitation,
         description="Giấy mời họp (ký hiệu GM)."),
    Kind("minutes", "Biên bản", "Biên bản", "BIÊN BẢN", "BB", "1.9", "bien-ban", "Minutes", _minutes,
         description="Biên bản cuộc họp (ký hiệu BB)."),
    Kind("report", "Báo cáo", "Báo cáo", "BÁO CÁO", "BC", "1.4", "bao-cao", "ReportDoc", _report,
         description="Báo cáo (ký hiệu BC)."),
    Kind("news", "Tin bài", "Tin bài", None, None, None, "tin-bai", "News", _news, formats=NEWS_FORMATS,
         defaults=NEWS_FORMATS, numbered=False, on_request=True,
         description="Tin bài cho trang thông tin điện tử."),
    Kind("official_letter", "Công văn", "Công văn", None, None, "1.5", "cong-van", "OfficialLetter",
         _official_letter, series="CV", cites=("notice",),
         description="Công văn (Mẫu 1.5): không có tên loại; số “…/UBND-VP”, “V/v …” dưới số, “Kính gửi:”."),
    Kind("plan", "Kế hoạch", "Kế hoạch", "KẾ HOẠCH", "KH", "1.4", "ke-hoach", "Plan", _plan, cites=("notice",),
         description="Kế hoạch thực hiện kết luận (ký hiệu KH)."),
    Kind("proposal", "Tờ trình", "Tờ trình", "TỜ TRÌNH", "TTr", "1.4", "to-trinh", "Proposal", _proposal,
         cites=("notice",),
         description="Tờ trình gửi cấp trên (ký hiệu TTr)."),
)


def kinds() -> tuple[Kind, ...]:
    """Every kind, in the order documents are listed (schema, form), made and issued."""
    return KINDS


def keys() -> tuple[str, ...]:
    """Every kind's key: 'invitation', 'minutes', 'notice', …"""
    return tuple(k.key for k in KINDS)


def kind(key: str) -> Kind:
    """The kind of ``key`` (a KeyError for an unknown key: a bug, the record was validated)."""
    for entry in KINDS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def numbered() -> tuple[Kind, ...]:
    """The kinds the register numbers (cấp số), in catalogue order."""
    return tuple(k for k in KINDS if k.numbered)
