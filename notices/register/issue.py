"""``notices issue``: cấp số, đăng ký, lưu — a draft record becomes numbered, registered, archived documents.

For each document: (1) one transaction takes the number and writes the register row (status ``pending``);
(2) number and date are written into the record file in place; (3) the final DOCX and PDF are rendered
through :func:`notices.render.render_record`; (4) one transaction stores the record, the files and their
SHA-256 and marks the row ``issued``. If (2)–(4) fail the number stays issued (it is in the register) and
running ``notices issue`` again finishes that same number; it never takes a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, update

from notices import kinds, vn
from notices.errors import UserError
from notices.records import Loaded, load_record
from notices.records.office import office_for
from notices.register.db import Database, blobs, entries, files, open_database, resolve_url
from notices.register.registry import (
    AgencyKey,
    Clock,
    Draft,
    Entry,
    agency_filter,
    entries_where,
    register,
    vietnam_now,
    vietnam_today,
)

# The formats kept in the archive: the DOCX, and the PDF as PDF/A-3b with the issued record inside
# (notices.signing.pdfa), which is what the signer and the agency then sign (notices sign).
FINAL_FORMATS = ("docx", "pdfa")


# (database, numbered row, record with its number, output folder, clock, resumed) → the issued document
Finisher = Callable[..., "IssueResult"]


def final_formats() -> tuple[str, ...]:
    """The formats an issued document is rendered in and archived as."""
    return FINAL_FORMATS


@dataclass
class IssueResult:
    """One issued document: its register row and the files written."""

    entry: Entry
    files: list[Path] = field(default_factory=list)
    resumed: bool = False  # an earlier, interrupted issue of this same number was finished

    def summary(self) -> str:
        first = self.files[0].parent if self.files else ""
        again = " (hoàn tất lần cấp trước)" if self.resumed else ""
        return f"Đã cấp số {self.entry.label} ngày {self.entry.date_text}{again} → {first}"


def notation(kind: str, loaded: Loaded) -> str:
    """Ký hiệu after the number: 'TB-UBND', or a Công văn's 'UBND-VP' (from the catalogue's rule)."""
    agency = loaded.record.agency
    return kinds.kind(kind).notation(agency.code, _unit(loaded, kind))


def _unit(loaded: Loaded, kind: str) -> str | None:
    """The drafting unit (or field) a Công văn's ký hiệu names: its own ``unit``, else the agency's."""
    return getattr(getattr(loaded.record.documents, kind), "unit", None) or loaded.record.agency.unit


def agency_of(loaded: Loaded) -> AgencyKey:
    agency = loaded.record.agency
    return AgencyKey(agency.code, agency.name, agency.parent)


def database_for(record_path: Path, db_url: str | None) -> Database:
    """The database a record is issued into: --db, NOTICES_DB, its office.yaml, or notices.db beside it."""
    office = office_for(record_path)
    return open_database(resolve_url(db_url, office.office.database if office else None,
                                     office.folder if office else None))


def issue_record(
    path: Path,
    *,
    kind: str | None = None,
    date: dt.date | None = None,
    out: Path = Path("output"),
    db: Database | None = None,
    db_url: str | None = None,
    now: Clock | None = None,
    by: str | None = None,
    on_skip: Callable[[str], None] | None = None,
    hoso: str | None = None,
    finish: Finisher | None = None,
) -> list[IssueResult]:
    """Issue every declared administrative document of the record at ``path`` that has no number yet.

    ``finish`` renders and archives a numbered row (default: here, :func:`_finish`; notices.jobs passes
    one that runs it as an idempotent job). Numbering always stays here, in its locked transaction.

    A document that already has its number is never numbered again: asked for alone (``kind``), or
    when nothing else could be issued, that is a :class:`UserError`; beside documents that were
    issued, ``on_skip`` is told why it was left (the command prints it).
    """
    loaded = load_record(path)
    office = office_for(path)
    numbering = office.office.numbering if office else "per-kind"
    own_db = db is None
    db = db or database_for(path, db_url)
    try:
        # The hồ sơ room's one hook: the hồ sơ named (--hoso, the record's or office.yaml's ``hoso:``) is
        # checked before any number is taken; the record's issued documents, the record and its photos
        # are filed into it after (notices.hoso.library).
        from notices.hoso.library import filing

        date = date or vietnam_today(now)
        with filing(db, path, kind, hoso, date.year, by=by, now=now):
            return _issue(loaded, kind, date, out, db, numbering, now, by, on_skip, finish or _finish)
    finally:
        if own_db:
            db.dispose()


def _issue(loaded: Loaded, kind: str | None, date: dt.date, out: Path, db: Database, numbering: str,
           now: Clock | None, by: str | None, on_skip: Callable[[str], None] | None,
           finish: Finisher) -> list[IssueResult]:
    documents = loaded.record.documents
    issued = [k.key for k in kinds.numbered()]
    declared = [k for k in issued if getattr(documents, k) is not None]
    if kind is not None:
        if kind not in issued:
            raise UserError(f"--kind “{kind}” không phải văn bản được cấp số; chọn trong: {', '.join(issued)}.")
        if kind not in declared:
            raise UserError(f"{loaded.path}: hồ sơ không khai báo “documents.{kind}”.")
        declared = [kind]
    if not declared:
        raise UserError(f"{loaded.path}: hồ sơ không khai báo văn bản hành chính nào để cấp số.")
    agency = agency_of(loaded)
    record_path = str(loaded.path.resolve())
    results, refusals = [], []
    for k in declared:
        doc, name = getattr(loaded.record.documents, k), kinds.kind(k).name
        notation_k = notation(k, loaded)
        if doc.number is not None:
            year = doc.date.year if doc.date else (doc.year or date.year)
            with db.engine.begin() as conn:
                found = entries_where(conn, entries.c.year == year, entries.c.number == doc.number,
                                      entries.c.notation == notation_k, entries.c.kind == k, *agency_filter(agency))
            shown = vn.number_label(doc.number, notation_k)
            if found and found[0].status == "pending":  # given, written into the record, not yet stored
                results.append(finish(db, found[0], loaded, out, now, resumed=True))
                loaded = load_record(loaded.path)
            elif found and found[0].status == "void":
                refusals.append(f"{name} số {shown} năm {year} đã bị hủy ({found[0].void_reason}); "
                                "số đã hủy không dùng lại. Muốn ban hành lại, hãy xoá số và ngày trong hồ sơ "
                                "rồi cấp số mới.")
            elif found:
                refusals.append(f"{name} đã có số {shown} ngày {found[0].date_text}; "
                                "notices không cấp số lần hai cho một văn bản.")
            else:
                refusals.append(f"{name} đã có số {shown} ghi sẵn trong hồ sơ nhưng sổ đăng ký năm {year} "
                                "không có số này; notices không cấp số lần hai. Nếu là dự thảo, hãy xoá "
                                "“number” (và “date”) rồi chạy lại.")
            continue
        with db.engine.begin() as conn:  # an interrupted issue of this document: finish its number
            waiting = entries_where(conn, entries.c.record_path == record_path, entries.c.kind == k,
                                    entries.c.status == "pending", *agency_filter(agency))
        if waiting:
            entry, resumed = waiting[-1], True
        else:
            with db.engine.begin() as conn:
                entry = register(conn, agency, _draft(loaded, k, notation_k, date), numbering=numbering, now=now, by=by)
            resumed = False
        loaded = _write_number(loaded, entry)
        results.append(finish(db, entry, loaded, out, now, resumed=resumed))
        loaded = load_record(loaded.path)
    if refusals and (kind is not None or not results):
        raise UserError("\n".join(refusals))
    for refusal in refusals if on_skip else ():
        on_skip(refusal)
    return results


def _draft(loaded: Loaded, kind: str, notation: str, date: dt.date) -> Draft:
    record = loaded.record
    doc = getattr(record.documents, kind)
    if getattr(doc, "subject", None):  # notice, invitation with its own subject, and every later kind
        subject = doc.subject
    elif kind == "invitation":
        subject = doc.subject or (record.meeting.name if record.meeting else "")
    elif kind == "minutes":
        subject = record.meeting.name if record.meeting else ""
    else:
        subject = record.report.subject if record.report else ""
    signer = doc.signer or (record.meeting.chair if kind == "minutes" and record.meeting else None)
    return Draft(
        kind=kind, kind_label=kinds.kind(kind).name, series=kinds.kind(kind).series_name, notation=notation,
        issued_on=date, subject=subject,
        signer_name=signer.name if signer else None, signer_title=signer.title if signer else None,
        recipients=list(doc.recipients), archive=doc.archive_line(record.agency),
        record_name=loaded.path.name, record_path=str(loaded.path.resolve()),
    )


def _write_number(loaded: Loaded, entry: Entry) -> Loaded:
    from notices.register.recordedit import set_issue

    try:
        return set_issue(loaded.path, entry.kind, entry.number, entry.issued_on)
    except UserError as error:
        raise UserError(f"Số {entry.label} ngày {entry.date_text} đã cấp nhưng chưa ghi được vào hồ sơ: "
                        f"{error.message}\nSửa lỗi rồi chạy lại “notices issue {loaded.path}” để hoàn tất "
                        "(không cấp số mới).") from None
    except OSError as error:
        raise UserError(f"Số {entry.label} ngày {entry.date_text} đã cấp nhưng không ghi được hồ sơ "
                        f"{loaded.path}: {error.strerror}. Chạy lại “notices issue” để hoàn tất.") from None


def _finish(db: Database, entry: Entry, loaded: Loaded, out: Path, now: Clock | None, *, resumed: bool) -> IssueResult:
    """Render the final documents and store record, files and hashes in one transaction."""
    from notices.render import render_record

    try:
        outcome = render_record(loaded, out, only=(entry.kind,), formats=final_formats())
    except UserError as error:
        raise UserError(f"Số {entry.label} ngày {entry.date_text} đã cấp và đã ghi vào hồ sơ, nhưng chưa tạo "
                        f"được văn bản: {error.message}\nSửa lỗi rồi chạy lại “notices issue {loaded.path}” "
                        "để hoàn tất (vẫn số này, không cấp số mới).") from None
    written = [p for p, _ in outcome.written]
    stored = [("record", loaded.path.name, loaded.path.read_bytes())]
    stored += [(p.suffix.lstrip("."), p.name, p.read_bytes()) for p in written]
    with db.engine.begin() as conn:
        store(conn, entry, stored, now)
    with db.engine.begin() as conn:
        entry = entries_where(conn, entries.c.id == entry.id)[0]
    return IssueResult(entry, written, resumed)


def store(conn: Connection, entry: Entry, stored: list[tuple[str, str, bytes]], now: Clock | None = None) -> None:
    """Inside the caller's transaction: keep the files and their SHA-256, index the text, mark the row issued."""
    content = search_text(entry, stored)
    done = conn.execute(
        update(entries).where(entries.c.id == entry.id, entries.c.status == "pending")
        .values(status="issued", content=content, stored_at=vietnam_now(now).isoformat(timespec="seconds"))
    ).rowcount
    if done != 1:
        raise UserError(f"Số {entry.label} đã bị hủy hoặc đã lưu trong lúc đang tạo văn bản; không lưu lần hai.")
    store_files(conn, entry.id, stored)
    index_text(conn, entry.id)


def store_files(conn: Connection, entry_id: int, stored: list[tuple[str, str, bytes]]) -> None:
    """Keep each (role, name, bytes) of a register row: the bytes once per content in ``blobs`` (keyed by
    SHA-256), the file row pointing at them. Inside the caller's transaction."""
    from notices.register.registry import _insert

    conn.execute(_insert(conn, blobs).on_conflict_do_nothing(index_elements=["sha256"]), [
        dict(sha256=hashlib.sha256(data).hexdigest(), size=len(data), content=data)
        for data in {data: None for _role, _name, data in stored}
    ])
    conn.execute(files.insert(), [
        dict(entry_id=entry_id, role=role, name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        for role, name, data in stored
    ])


def index_text(conn: Connection, entry_id: int) -> None:
    """Add a stored row's text to SQLite's FTS5 index (PostgreSQL indexes ``entries.tsv`` by itself)."""
    if conn.dialect.name == "sqlite":
        from notices.register.search import index_sqlite

        index_sqlite(conn.connection.driver_connection, [entry_id])


def unindex_text(conn: Connection, entry_id: int) -> None:
    """Take a row's text out of SQLite's FTS5 index before the text changes (then :func:`index_text`)."""
    if conn.dialect.name == "sqlite":
        from notices.register.search import index_sqlite

        index_sqlite(conn.connection.driver_connection, [entry_id], remove=True)


def search_text(entry: Entry, stored: list[tuple[str, str, bytes]]) -> str:
    """What search looks through: number, kind, subject, names, recipients and the documents' full text."""
    parts = [entry.label, str(entry.number), entry.kind_label, entry.subject, entry.signer_name or "",
             entry.signer_title or "", *entry.recipients, entry.record_name]
    for role, _name, data in stored:
        if role == "docx":
            parts.append(docx_text(data))
    return unicodedata.normalize("NFC", "\n".join(p for p in parts if p))


def docx_text(data: bytes) -> str:
    """The text of a DOCX, paragraph by paragraph (from word/document.xml; no python-docx needed)."""
    import io
    from xml.etree import ElementTree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    lines = []
    for paragraph in root.iter(f"{w}p"):
        line = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
        if line.strip():
            lines.append(line)
    return "\n".join(lines)
