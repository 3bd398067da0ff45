"""The Phụ lục VI (Phần II) text fields of a văn bản đi with their maximum lengths: checked when a document is
filed (notices.hoso.library) and again when a package is exported (notices.hoso.package)."""

from __future__ import annotations

from notices import vn
from notices.register.registry import Entry


def document_fields(entry: Entry, agency_name: str) -> list[tuple[str, str, int]]:
    """(Phụ lục VI name, value, maximum length) of a document's text fields."""
    fields = [("TypeName", entry.kind_label, 100), ("CodeNumber", vn.document_number(entry.number), 11),
              ("CodeNotation", entry.notation, 30), ("OrganName", agency_name, 200), ("Subject", entry.subject, 500),
              ("SignerInfo/Position", entry.signer_title or "", 100),
              ("SignerInfo/FullName", entry.signer_name or "", 50)]
    fields += [("To/OrganName", r, 200) for r in entry.recipients]
    return fields
