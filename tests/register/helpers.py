"""Register rows made directly through the library (no rendering), for tests that need many of them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from notices.register.db import Database
from notices.register.issue import store
from notices.register.registry import AgencyKey, Draft, Entry, register

AGENCY = AgencyKey("UBND", "Ủy ban nhân dân huyện Đắk Song", "Tỉnh Đắk Nông")


def tiny_docx(paragraphs: list[str]) -> bytes:
    """A minimal DOCX whose body holds ``paragraphs`` (enough for the archive's text extraction)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def add(db: Database, subject: str, *, body: list[str] = (), date: dt.date = dt.date(2024, 3, 1),
        kind: str = "notice", code: str = "TB", agency: AgencyKey = AGENCY, signer: str = "Trần Thanh Nghiêm",
        recipients: tuple[str, ...] = ("Các phòng, ban",), numbering: str = "per-kind") -> Entry:
    """Register and store one document with a small DOCX holding ``body``."""
    draft = Draft(kind=kind, kind_label={"TB": "Thông báo", "BC": "Báo cáo", "GM": "Giấy mời"}.get(code, "Văn bản"),
                  series=code, notation=f"{code}-{agency.code}", issued_on=date, subject=subject, signer_name=signer, signer_title="Chủ tịch",
                  recipients=list(recipients), archive=["VT", "VP"], record_name="hoso.yaml",
                  record_path=f"/hoso/{subject}.yaml")
    with db.engine.begin() as conn:
        entry = register(conn, agency, draft, numbering=numbering)
        store(conn, entry, [("record", "hoso.yaml", f"subject: {subject}\n".encode()),
                            ("docx", "thong-bao.docx", tiny_docx(list(body)))])
    return entry
