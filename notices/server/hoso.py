"""The office server's "Hồ sơ" page, its library side: the hồ sơ room's functions (``notices.hoso``), called
for the signed-in user's own agency.

One helper, :func:`agency_key`, maps the server's agency (``server_agencies``, keyed by its ident) onto the
hồ sơ room's :class:`~notices.register.registry.AgencyKey` (the register agency it points to); every function
here passes that key to ``notices.hoso.library`` / ``package``, which never read another agency's rows. A hồ
sơ or a document outside her agency is :class:`NotFound` (the web answers 404, as for drafts), checked before
her role. Reading (the Danh mục, a hồ sơ, its package) is for every user of the agency; filing a document and
closing a hồ sơ are the văn thư's (``van_thu``), as ``notices issue`` is.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices.errors import UserError
from notices.register.db import Database
from notices.server.accounts import Actor, NotFound, log, register_agency_key

FILER = "van_thu"  # who files documents into a hồ sơ and closes it on the server
STATES = {"open": "Đang mở", "closed": "Đã kết thúc", "submitted": "Đã nộp lưu"}


def agency_key(db: Database, actor: Actor) -> Any:
    """The hồ sơ room's AgencyKey of the acting user's agency (the register agency her server agency points to)."""
    if actor.register_agency_id is None:
        raise NotFound("Người quản trị máy chủ không thuộc cơ quan nào; hồ sơ là của từng cơ quan.")
    with db.engine.begin() as conn:
        return register_agency_key(conn, actor)


@dataclass
class Catalogue:
    """The year's Danh mục as the page shows it (``plan`` None when the agency has none for that year)."""

    year: int
    years: list[int]
    plan: Any | None
    missing: str | None = None


def catalogue(db: Database, actor: Actor, year: int) -> Catalogue:
    """Her agency's Danh mục hồ sơ of ``year``, and the years that have one."""
    from notices.hoso.library import list_hoso, plan_view

    key = agency_key(db, actor)
    years = sorted({h.year for h in list_hoso(db, key)} | {year}, reverse=True)
    try:
        return Catalogue(year, years, plan_view(db, key, year))
    except UserError as error:  # no Danh mục for that year (yet)
        return Catalogue(year, years, None, error.message)


def _known(db: Database, key: Any, year: int, notation: str) -> None:
    """NotFound unless her agency's Danh mục of ``year`` holds hồ sơ ``notation``."""
    from notices.hoso.library import list_hoso

    if not any(h.notation == notation for h in list_hoso(db, key, year)):
        raise NotFound(f"Không có hồ sơ {notation} năm {year}.")


def hoso(db: Database, actor: Actor, year: int, notation: str) -> Any:
    """One hồ sơ of her agency with its documents in DocOrdinal order (``Contents``)."""
    from notices.hoso.library import contents

    key = agency_key(db, actor)
    _known(db, key, year, notation)
    return contents(db, key, year, notation)


def history(db: Database, actor: Actor, year: int, notation: str) -> list[tuple[str, str, str, str]]:
    from notices.hoso.library import history as hoso_history

    key = agency_key(db, actor)
    _known(db, key, year, notation)
    return hoso_history(db, key, year, notation)


def candidates(db: Database, actor: Actor, found: Any) -> list[Any]:
    """Her agency's issued documents of the hồ sơ's year that are not in it yet, newest first."""
    from notices.register.registry import list_entries

    there = {i.entry.id for i in found.items}
    rows = list_entries(db, agency_key(db, actor), found.hoso.year)
    return sorted((e for e in rows if e.status == "issued" and e.id not in there),
                  key=lambda e: (e.issued_on, e.number, e.id), reverse=True)


def file_document(db: Database, actor: Actor, year: int, notation: str, entry_id: int) -> list[Any]:
    """Lập một văn bản đã ban hành của cơ quan vào hồ sơ (a link, never a copy); returns those newly filed."""
    from notices.hoso.library import add
    from notices.register.registry import list_entries

    key = agency_key(db, actor)
    _known(db, key, year, notation)
    chosen = [e for e in list_entries(db, key, year) if e.id == entry_id]
    if not chosen:
        raise NotFound("Không có văn bản này.")
    actor.require(FILER)
    added = add(db, key, year, notation, [chosen[0].label], doc_year=chosen[0].year, by=actor.login)
    with db.engine.begin() as conn:
        log(conn, actor, "hoso_add", f"{notation}/{year}", chosen[0].label)
    return added


def close(db: Database, actor: Actor, year: int, notation: str) -> Any:
    """Kết thúc hồ sơ: dates, counts, DocOrdinal fixed; its Mục lục văn bản made and kept (``Contents``)."""
    from notices.hoso.library import close as close_hoso
    from notices.server.drafts import render_lock

    key = agency_key(db, actor)
    _known(db, key, year, notation)
    actor.require(FILER)
    with render_lock:  # the Mục lục is rendered (DOCX, PDF): one composition at a time in a process
        found, _ = close_hoso(db, key, year, notation, by=actor.login)
    with db.engine.begin() as conn:
        log(conn, actor, "hoso_close", f"{notation}/{year}", f"{found.hoso.doc_total} văn bản")
    return found


def index_file(db: Database, actor: Actor, year: int, notation: str, suffix: str) -> tuple[str, bytes]:
    """The Mục lục văn bản made when the hồ sơ was closed (``.pdf`` or ``.docx``): (name, bytes, hash checked)."""
    from notices.hoso.library import attachment_bytes

    found = hoso(db, actor, year, notation)
    kept = [a for a in found.attachments if a.role == "index" and a.name.endswith(suffix)]
    if not kept:
        raise NotFound("Hồ sơ chưa kết thúc: chưa có Mục lục văn bản.")
    return kept[0].name, attachment_bytes(db, agency_key(db, actor), found.hoso, kept[0].name)


def package(db: Database, actor: Actor, year: int, notation: str) -> tuple[str, bytes]:
    """The Phụ lục VI package of a closed hồ sơ: (file name, ZIP bytes), as ``notices hoso export`` writes it."""
    from notices.hoso.package import _safe, export

    key = agency_key(db, actor)
    _known(db, key, year, notation)
    with tempfile.TemporaryDirectory(prefix="notices-hoso-") as folder:
        path, _count = export(db, key, year, notation, Path(folder) / "goi.zip")
        data = path.read_bytes()
    with db.engine.begin() as conn:
        log(conn, actor, "hoso_export", f"{notation}/{year}")
    return f"ho-so-{_safe(notation)}-{year}.zip", data
