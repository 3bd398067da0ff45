"""Issued Word documents into the archive: each file's number, date, kind, subject, signer and Nơi nhận
read from the document itself, registered (or matched with the row a hand-kept register already gave
it) and stored with the file and its SHA-256, all files in one transaction or none."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices.errors import UserError
from notices.importer.kinds import KindFact, by_code
from notices.importer.register import SheetRow, write_rows


@dataclass
class Issued:
    """One issued document read from its file."""

    path: Path
    row: SheetRow
    agency_name: str | None
    agency_code: str
    data: bytes
    text: str


def read_issued(path: Path, position: int) -> Issued:
    """The register facts of the issued document at ``path`` (UserError if it has no number or date)."""
    from notices.importer.layout import NotDecree30, analyse
    from notices.importer.mapping import cased, title_case
    from notices.importer.office import as_docx
    from notices.importer.reader import read

    with as_docx(path) as (docx_path, _converted):
        try:
            layout = analyse(read(str(docx_path)))
        except (ValueError, NotDecree30) as exc:
            raise UserError(f"{path.name}: {exc}") from None
        docx_bytes = docx_path.read_bytes()
    if layout.number is None or layout.date is None or not layout.notation:
        raise UserError(f"{path.name}: chưa có số hoặc ngày ban hành (bản dự thảo?); chỉ lưu văn bản đã ban hành")
    parts = layout.notation.split("-")
    kind = layout.kind or by_code(parts[0]) or KindFact(None, parts[0], parts[0], parts[0])
    agency_code = "-".join(parts[1:]) if kind.code else parts[0]
    sig = layout.signatures[-1] if layout.signatures else None
    texts = [p.text for p in layout.body]
    row = SheetRow(
        row=position, number=layout.number, notation=layout.notation, issued_on=layout.date, kind=kind,
        subject=layout.subject or "(không đọc được trích yếu)",
        signer_name=sig.name if sig else None, signer_title=title_case(sig.title) if sig and sig.title else None,
        recipients=list(layout.recipients), archive=", ".join(layout.archive),
    )
    from notices.register.issue import docx_text

    return Issued(path, row, cased(layout.agency, texts) if layout.agency else None, agency_code,
                  path.read_bytes(),  # the file as it was issued (a .doc stays a .doc)
                  unicodedata.normalize("NFC", docx_text(docx_bytes)))


def archive_folder(files: Sequence[Path], *, db_url: str | None, agency_option: str | None) -> list[str]:
    """``notices import THƯ_MỤC --archive``: the lines to print."""
    from notices.records.office import find_office, load_office
    from notices.register.db import open_database, resolve_url
    from notices.register.registry import AgencyKey

    problems: list[str] = []
    issued: list[Issued] = []
    for n, path in enumerate(files, start=1):
        try:
            issued.append(read_issued(path, n))
        except UserError as error:
            problems.append(error.message)
    if problems:
        raise UserError("Không lưu văn bản nào; sửa các tệp sau rồi chạy lại:\n"
                        + "\n".join(f"  {p}" for p in problems))
    found = find_office(Path.cwd())
    office = load_office(found) if found else None
    if agency_option and ":" in agency_option:
        code, _, name = agency_option.partition(":")
        agency = AgencyKey(code.strip(), name.strip())
    elif office is not None:
        a = office.office.agency
        agency = AgencyKey(a.code, a.name, a.parent)
    else:
        names = {(d.agency_code, d.agency_name) for d in issued}
        if len(names) != 1 or None in next(iter(names)):
            raise UserError("Các văn bản thuộc nhiều cơ quan (hoặc không đọc được tên cơ quan): hãy ghi "
                            "--agency \"UBND:Ủy ban nhân dân xã …\" hoặc chạy trong thư mục có office.yaml.")
        code, name = next(iter(names))
        agency = AgencyKey(code, name or "")
    numbering = office.office.numbering if office is not None else "per-kind"
    db = open_database(resolve_url(db_url, office.office.database if office else None,
                                   office.folder if office else None))
    try:
        return store_issued(db, agency, issued, numbering=numbering)
    finally:
        db.dispose()


def store_issued(db: Any, agency: Any, issued: Sequence[Issued], *, numbering: str = "per-kind") -> list[str]:
    """Register the documents not yet in the register, attach each file, in one transaction."""
    from sqlalchemy import func, select, update

    from notices.register.db import entries, files
    from notices.register.issue import index_text, store_files, unindex_text
    from notices.register.registry import agency_filter, entries_where, vietnam_now

    lines = []
    with db.engine.begin() as conn:
        new: list[Issued] = []
        targets: dict[int, int] = {}  # file position → entry id
        problems = []
        for doc in issued:
            row = doc.row
            known = entries_where(conn, entries.c.year == row.issued_on.year, entries.c.number == row.number,
                                  entries.c.notation == row.notation, *agency_filter(agency))
            if not known:
                new.append(doc)
                continue
            entry = known[0]
            stored = conn.execute(select(func.count()).select_from(files).where(files.c.entry_id == entry.id)).scalar()
            if stored:
                problems.append(f"{doc.path.name}: số {row.label} năm {row.issued_on.year} đã có tệp trong kho lưu")
            elif entry.issued_on != row.issued_on:
                problems.append(f"{doc.path.name}: số {row.label} trong sổ đăng ký đề ngày {entry.date_text}, "
                                f"văn bản đề ngày {row.issued_on:%d/%m/%Y}")
            else:
                targets[row.row] = entry.id
        if problems:
            raise UserError("Không lưu văn bản nào; sửa các tệp sau rồi chạy lại:\n"
                            + "\n".join(f"  {p}" for p in problems))
        if new:
            written = write_rows(conn, agency, [d.row for d in new], numbering=numbering, source="(văn bản Word)")
            targets.update(written.ids)
        stamp = vietnam_now().isoformat(timespec="seconds")
        for doc in issued:
            entry_id = targets[doc.row.row]
            data = doc.data
            store_files(conn, entry_id, [(doc.path.suffix.lstrip(".").lower() or "docx", doc.path.name, data)])
            content = "\n".join([doc.row.label, str(doc.row.number), doc.row.kind.label, doc.row.subject,
                                 doc.row.signer_name or "", *doc.row.recipients, doc.text])
            unindex_text(conn, entry_id)  # the register row's text was indexed when the sheet was imported
            conn.execute(update(entries).where(entries.c.id == entry_id)
                         .values(status="issued", stored_at=stamp, content=content,
                                 record_name=doc.path.name, record_path=str(doc.path)))
            index_text(conn, entry_id)
            lines.append(f"Đã lưu {doc.row.label} ngày {doc.row.issued_on:%d/%m/%Y} — {doc.row.kind.label}: "
                         f"{doc.row.subject} ({doc.path.name})")
    lines.append(f"Đã đưa {len(issued)} văn bản vào kho lưu của {agency.name}.")
    return lines
