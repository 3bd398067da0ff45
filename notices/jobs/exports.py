"""The Sổ đăng ký văn bản đi of one agency's year as a job (XLSX, CSV or PDF with its cover): a long
register is printed by a worker, not by the request that asked for it. The work's key is the register's
state (every row's id and status), so asking again for an unchanged register gives the same file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from sqlalchemy import select

from notices.errors import UserError
from notices.jobs.batches import put_work, work_key
from notices.jobs.tables import job_outputs, job_works
from notices.register.db import Database
from notices.register.registry import AgencyKey, agency_id, list_entries

FORMATS = ("xlsx", "csv", "pdf")


def queue_export(db: Database, agency: AgencyKey, year: int, fmt: str) -> tuple[int, str]:
    """The export work for ``agency``'s ``year`` in ``fmt`` as the register stands now: (work id, status)."""
    if fmt not in FORMATS:
        raise UserError(f"Định dạng “{fmt}” không xuất được; chọn trong: {', '.join(FORMATS)}.")
    rows = list_entries(db, agency, year)
    state = hashlib.sha256(json.dumps([(e.id, e.status, e.void_reason) for e in rows]).encode()).hexdigest()
    spec = {"agency": asdict(agency), "year": year, "format": fmt, "name": f"so-dang-ky-{year}.{fmt}"}
    with db.engine.begin() as conn:
        aid = agency_id(conn, agency)
        assert aid is not None
        return put_work(conn, aid, "export", work_key("export", state, (str(year),), (fmt,), state), state, spec)


def export_output(db: Database, agency: AgencyKey, work: int) -> tuple[str, bytes]:
    """(file name, content) of a finished export work of ``agency`` (another agency's: not found)."""
    from notices.register.db import agencies

    with db.engine.begin() as conn:
        row = conn.execute(
            select(job_works.c.status, job_works.c.error, job_outputs.c.name, job_outputs.c.content,
                   job_outputs.c.sha256)
            .join(agencies, agencies.c.id == job_works.c.agency_id)
            .outerjoin(job_outputs, job_outputs.c.work_id == job_works.c.id)
            .where(job_works.c.id == work, job_works.c.kind == "export", agencies.c.code == agency.code,
                   agencies.c.name == agency.name)).first()
    if row is None:
        raise UserError(f"Cơ quan “{agency.name}” không có việc xuất sổ số {work}.")
    if row.status != "done" or row.content is None:
        raise UserError(f"Việc xuất sổ số {work} chưa xong ({row.error or 'còn trong hàng đợi'}).")
    if hashlib.sha256(row.content).hexdigest() != row.sha256:
        raise UserError(f"Tệp sổ của việc số {work} không khớp SHA-256 đã ghi.")
    return row.name, row.content
