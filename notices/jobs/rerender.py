"""An archive re-rendered as PDF/A: every issued document of an agency's year, from the record stored when
it was issued, as a batch of works (one per document, keyed like any render), followed and fetched like
``render --queue``. The archive itself is not changed: the new files are the batch's outputs.

The record is rendered with the office profile given (the office's ``office.yaml`` now), since the archive
keeps the record as written, not the profile it was issued under.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from notices import vn
from notices.batch import Settings
from notices.errors import UserError
from notices.jobs.batches import Prepared, Queued, queue_prepared
from notices.register.db import Database, blobs, files, files_with_bytes
from notices.register.registry import AgencyKey, list_entries


def queue_archive_rerender(db: Database, agency: AgencyKey, year: int, settings: Settings, *,
                           office: Any = None, label: str = "", by: str | None = None) -> Queued:
    """Queue the issued documents of ``agency``'s ``year`` (``settings.formats``, e.g. ``("pdfa",)``); each
    record's output folder is named by its number: ``<năm>-<số>-<ký hiệu>``."""
    issued = [e for e in list_entries(db, agency, year) if e.status == "issued"]
    if not issued:
        raise UserError(f"Cơ quan “{agency.name}” chưa có văn bản nào đã lưu trong năm {year}.")
    with db.engine.begin() as conn:
        records = {row.entry_id: (row.name, row.content) for row in conn.execute(
            select(files.c.entry_id, files.c.name, blobs.c.content).select_from(files_with_bytes)
            .where(files.c.entry_id.in_([e.id for e in issued]), files.c.role == "record"))}
    paths, prepared, errors = [], {}, {}
    for entry in issued:
        path = Path(f"{year}-{vn.document_number(entry.number)}-{entry.notation}.yaml")
        paths.append(path)
        if entry.id not in records:
            errors[path] = f"Số {entry.label} năm {year}: kho lưu không có hồ sơ gốc của số này."
            continue
        name, content = records[entry.id]
        inputs = {name: content}
        if office is not None:
            inputs["office.yaml"] = office.path.read_bytes()
        prepared[path] = Prepared(path, agency, inputs, record=name, only=(entry.kind,))
    return queue_prepared(db, agency, len(paths), [(paths, prepared)], errors, settings,
                          label=label or f"PDF/A năm {year}", by=by)
