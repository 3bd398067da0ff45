"""The archive: ranked Vietnamese search over the register and the documents' text, files given back byte for
byte, and every stored file rechecked against its SHA-256.

Search (:mod:`notices.register.search`) is insensitive to tones, đ/d, case, NFC/NFD and old/new tone placement
(hoà/hòa), always within one agency, best matches first. Results show the original text.

Files are kept by content (``blobs``, keyed by SHA-256; ``files`` names them per register row), so list and
search queries never read file bytes and identical bytes are stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from notices.errors import UserError
from notices.files import atomic_path
from notices.register.db import Database, blobs, entries, files
from notices.register.registry import AgencyKey, Entry, _entry, _select, agency_filter, agency_id, entries_where, find


@dataclass(frozen=True)
class Hit:
    """One search result: the register row, the piece of text that matched (as written) and its marks."""

    entry: Entry
    excerpt: str
    marks: tuple[tuple[int, int], ...] = ()
    score: float = 0.0

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The excerpt with each searched word between ``before`` and ``after``."""
        from notices.register.search import Excerpt

        return Excerpt(self.excerpt, self.marks).marked(before, after)


class Results(list):  # type: ignore[type-arg]
    """The hits, best first; ``matched``: documents matched (counted up to the ranking window); ``capped``:
    more matched than were ranked, so only the newest of them were ranked (add a word, a year or a kind);
    ``span``: a phrase of common words was looked for in the agency's newest ``span`` documents only."""

    matched: int = 0
    capped: bool = False
    span: int | None = None


_LABEL = re.compile(r"\s*0*(\d+)\s*/\s*([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)\s*")


def search(db: Database, query: str, *, agency: AgencyKey, year: int | None = None, kind: str | None = None,
           signer: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
           limit: int = 100) -> Results:
    """The best ``limit`` documents of ``agency`` for ``query`` (words, "a phrase", -excluded, prefix*).

    A query written as a number ("05/TB-UBND") finds that number's rows, newest first. Filters: year, kind,
    signer (full name, compared folded), issue dates from/to (inclusive).
    """
    from notices.register.search import Filters, excerpt, parse, rank

    if agency is None:
        raise UserError("Tìm kiếm luôn trong một cơ quan: hãy chọn cơ quan.")
    filters = Filters(year, kind, signer, date_from, date_to)
    results = Results()
    label = _LABEL.fullmatch(unicodedata.normalize("NFC", query))
    with db.engine.begin() as conn:
        aid = agency_id(conn, agency, create=False)
        if aid is None:
            parse(query)  # still tell an empty query apart
            return results
        if label:
            conditions = [entries.c.agency_id == aid, entries.c.number == int(label[1]),
                          entries.c.notation == label[2].upper()]
            conditions += [c for c in (
                entries.c.year == year if year is not None else None,
                entries.c.kind == kind if kind is not None else None,
                entries.c.issued_on >= date_from if date_from is not None else None,
                entries.c.issued_on <= date_to if date_to is not None else None) if c is not None]
            shown = entries_where(conn, *conditions, newest_first=True, limit=limit)
            if filters.signer_key():
                from notices.register.search import fold_words

                shown = [e for e in shown if " ".join(fold_words(e.signer_name or "")) == filters.signer_key()]
            results.extend(Hit(e, e.subject) for e in shown)
            results.matched = len(shown)
            return results
        parsed = parse(query)
        ranked = rank(conn, aid, parsed, filters, limit)
        if not ranked.ids:
            return results
        found, contents = {}, {}
        for row in conn.execute(_select().add_columns(entries.c.content).where(entries.c.id.in_(ranked.ids))):
            found[row.id], contents[row.id] = _entry(row._mapping), row.content
    for i in ranked.ids:
        piece = excerpt(contents.get(i) or "", parsed)
        results.append(Hit(found[i], piece.text or found[i].subject, piece.marks if piece.text else (),
                           ranked.scores.get(i, 0.0)))
    results.matched, results.capped, results.span = ranked.matched, ranked.capped, ranked.span
    return results


def get(db: Database, agency: AgencyKey | None, year: int, label: str, out: Path) -> list[Path]:
    """Write the record and every file of ``label`` into ``out`` exactly as archived (hash checked first)."""
    written = []
    for name, content in stored_files(db, agency, year, label):
        target = out / name
        with atomic_path(target) as tmp:
            tmp.write_bytes(content)
        written.append(target)
    return written


def stored_files(db: Database, agency: AgencyKey | None, year: int, label: str) -> list[tuple[str, bytes]]:
    """(name, content) of the record and every file of ``label``, each checked against its SHA-256."""
    with db.engine.begin() as conn:
        entry = find(conn, agency, year, label)
        rows = conn.execute(select(files.c.name, files.c.sha256, blobs.c.content)
                            .join(blobs, blobs.c.sha256 == files.c.sha256)
                            .where(files.c.entry_id == entry.id).order_by(files.c.id)).all()
    if not rows:
        if entry.status == "void":
            state = "đã bị hủy"
        elif entry.status == "pending":
            state = "chưa lưu xong (chạy lại notices issue để hoàn tất)"
        else:  # a row of a Sổ đăng ký kept by hand, brought in by `notices register import`: no file was ever kept
            state = f"được nhập từ sổ đăng ký {entry.record_name}, chỉ có dòng sổ, không có bản văn bản"
        raise UserError(f"Số {entry.label} năm {year} {state}: kho lưu không có tệp nào của số này.")
    bad = [r.name for r in rows if hashlib.sha256(r.content).hexdigest() != r.sha256]
    if bad:
        raise UserError(f"Tệp lưu của số {entry.label} không khớp mã SHA-256 đã ghi ({', '.join(bad)}); "
                        "kho lưu đã bị thay đổi, hãy khôi phục từ bản sao lưu.")
    return [(row.name, row.content) for row in rows]


@dataclass(frozen=True)
class Mismatch:
    """A stored file whose content no longer hashes to what was recorded when it was issued."""

    label: str
    year: int
    agency: str
    name: str
    expected: str
    actual: str


def verify(db: Database, agency: AgencyKey | None = None) -> tuple[int, list[Mismatch]]:
    """Recheck every stored file (of ``agency``, or all) against its SHA-256: (files checked, mismatches).

    Each distinct content is hashed once, however many files share it; every file of a bad content is listed.
    """
    where = agency_filter(agency)
    from notices.register.db import agencies

    scoped = (select(files.c.sha256).join(entries, entries.c.id == files.c.entry_id)
              .join(agencies, agencies.c.id == entries.c.agency_id).where(*where))
    bad: dict[str, str] = {}
    with db.engine.begin() as conn:
        checked = conn.execute(select(func.count()).select_from(scoped.subquery())).scalar_one()
        hashes = sorted({r[0] for r in conn.execute(scoped.distinct())})
        for start in range(0, len(hashes), 50):
            for sha, content in conn.execute(select(blobs.c.sha256, blobs.c.content)
                                             .where(blobs.c.sha256.in_(hashes[start:start + 50]))):
                actual = hashlib.sha256(content).hexdigest()
                if actual != sha:
                    bad[sha] = actual
        mismatches = []
        if bad:
            rows = conn.execute(select(entries.c.id, files.c.name, files.c.sha256)
                                .join(entries, entries.c.id == files.c.entry_id)
                                .join(agencies, agencies.c.id == entries.c.agency_id)
                                .where(files.c.sha256.in_(list(bad)), *where).order_by(files.c.id)).all()
            labels = {e.id: e for e in entries_where(conn, entries.c.id.in_({r.id for r in rows}))}
            for row in rows:
                entry = labels[row.id]
                mismatches.append(Mismatch(entry.label, entry.year, entry.agency_code, row.name, row.sha256,
                                           bad[row.sha256]))
    return checked, mismatches


@dataclass(frozen=True)
class Size:
    """How big the archive is: documents stored, files, distinct contents and their bytes, the whole database."""

    documents: int
    files: int
    contents: int
    content_bytes: int
    database_bytes: int

    @property
    def per_document(self) -> float:
        """Bytes of database per stored document."""
        return self.database_bytes / self.documents if self.documents else 0.0


def size(db: Database) -> Size:
    """The archive's size (the whole database: every agency)."""
    from sqlalchemy import text

    with db.engine.begin() as conn:
        documents = conn.execute(select(func.count()).where(entries.c.status == "issued")).scalar_one()
        count = conn.execute(select(func.count()).select_from(files)).scalar_one()
        contents, stored = conn.execute(select(func.count(), func.coalesce(func.sum(blobs.c.size), 0))).one()
        if db.is_sqlite:
            total = conn.execute(text("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                                 ).scalar_one()
        else:
            total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return Size(documents, count, contents, int(stored), int(total))
