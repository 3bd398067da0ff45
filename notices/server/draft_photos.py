"""Photos of a draft's Tin bài, stored in the database: they belong to one draft, so to one agency.

A photo is a row of ``draft_photos`` (the draft, the path the record names it by — ``anh.jpg`` or
``photos/anh.jpg`` —, its SHA-256 and size, who uploaded it and when); its bytes are kept once per content
in the register's ``blobs`` table, as the archive keeps its files. A name, once given in a draft, always
means the same bytes: a different photo uploaded under a name already taken is kept under a new name
(``anh-2.jpg``), so every saved version renders with the photos it was saved with, and an approved text
cannot change under its approvers without a new version. Saving a version never touches the photos.

Every function takes the acting user and reaches a draft only through :func:`notices.server.drafts._get`:
another agency's draft (or one she may not read) is :class:`NotFound`. Rendering (preview, downloads,
Cấp số) writes the photos the record names into its private folder (:func:`notices.server.drafts.working`);
every server process reads the same rows, so two processes (``--workers 2``) see the same photos.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection, select

from notices.errors import UserError
from notices.register.db import Database, blobs
from notices.server import chain
from notices.server.accounts import Actor, log, now_text
from notices.server.drafts import Conflict, _get, _photo_files, safe_photo_name
from notices.server.tables import draft_photos

MAX_PHOTO = 20 * 1024 * 1024  # one photo (as the one-person form)
MAX_PHOTOS = 60  # photos in one draft
SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class Photo:
    name: str
    sha256: str
    size: int


def _placed(filename: str, named: Iterable[str]) -> str | None:
    """Where an uploaded file goes: the path the form already names with its base name, else its base name."""
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    if not base:
        return None
    for path in named:
        clean = safe_photo_name(path)
        if clean is not None and PurePosixPath(clean).name == base:
            return clean
    return safe_photo_name(base)


def photo_problem(filename: str, data: bytes) -> str | None:
    """Why ``data`` (uploaded as ``filename``) cannot be a photo of a Tin bài, in Vietnamese, naming the file."""
    from notices import photos

    shown = PurePosixPath((filename or "").replace("\\", "/")).name or "(không tên)"
    if not shown.lower().endswith(SUFFIXES) or shown.startswith("."):
        return f"“{shown}”: chỉ tải lên được ảnh JPEG (.jpg, .jpeg) hoặc PNG (.png)."
    if len(data) > MAX_PHOTO:
        return f"Ảnh “{shown}” quá lớn (tối đa {MAX_PHOTO // (1024 * 1024)} MB)."
    if not data:
        return f"Ảnh “{shown}” là tệp rỗng."
    with tempfile.TemporaryDirectory(prefix="notices-photo-") as folder:
        path = Path(folder) / ("anh" + PurePosixPath(shown).suffix.lower())
        path.write_bytes(data)
        reason = photos.problem(path)
    return f"Ảnh “{shown}”: {reason}." if reason else None


def _current(conn: Connection, draft_id: int) -> dict[str, Any]:
    return {r.name: r for r in conn.execute(select(draft_photos).where(draft_photos.c.draft_id == draft_id))}


def add_photos(db: Database, actor: Actor, draft_id: int, uploads: list[tuple[str, bytes]],
               named: Iterable[str] = ()) -> list[str]:
    """Keep ``uploads`` ((file name, bytes)…) as photos of the draft; the paths the record names them by, in order.

    Every file is checked first (JPEG or PNG, readable, at most 20 MB): one bad file refuses the whole upload,
    every bad file named in one message, nothing kept. A file goes to the path the form already names for its
    base name (``named``: ``photos/anh.jpg``), else to its base name; a name taken by other bytes gives a new
    name. Only while the draft may be edited (before Cấp số)."""
    if not uploads:
        raise UserError("Chưa chọn tệp ảnh nào.")
    named = [n for n in named if isinstance(n, str)]
    problems = [p for filename, data in uploads if (p := photo_problem(filename, data))]
    if problems:
        raise UserError("Không tải lên được ảnh: " + " ".join(problems))
    with db.engine.begin() as conn:  # the draft's row first (her reach, her agency), then its photos
        info = _get(conn, actor, draft_id)
        if not chain.editable(conn, actor.agency_id, info.state):  # type: ignore[arg-type]
            raise Conflict(f"{info.where}; không thêm ảnh được nữa.")
    return _store(db, actor, draft_id, uploads, named)


def _store(db: Database, actor: Actor, draft_id: int, uploads: list[tuple[str, bytes]], named: list[str]) -> list[str]:
    from notices.register.registry import _insert

    result: list[str] = []
    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        have = _current(conn, draft_id)
        for filename, data in uploads:
            sha = hashlib.sha256(data).hexdigest()
            wanted = _placed(filename, named)
            if wanted is None:  # photo_problem let only safe base names through; never trust that silently
                raise UserError(f"“{filename}”: tên tệp ảnh không dùng được.")
            stem, suffix = wanted.rsplit(".", 1)
            name, counter = wanted, 1
            while True:
                if name not in have:  # a free name (as far as this transaction saw): take it
                    if len(have) >= MAX_PHOTOS:
                        raise UserError(f"Một văn bản có tối đa {MAX_PHOTOS} ảnh; hãy bỏ bớt ảnh không dùng.")
                    conn.execute(_insert(conn, blobs).values(sha256=sha, size=len(data), content=data)
                                 .on_conflict_do_nothing(index_elements=["sha256"]))
                    conn.execute(_insert(conn, draft_photos).values(
                        draft_id=draft_id, name=name, sha256=sha, size=len(data), author_id=actor.user_id,
                        created_at=now_text()).on_conflict_do_nothing(index_elements=["draft_id", "name"]))
                    have[name] = conn.execute(select(draft_photos).where(  # ours, or another process's just now
                        draft_photos.c.draft_id == draft_id, draft_photos.c.name == name)).one()
                    if have[name].sha256 == sha:
                        log(conn, actor, "photo_add", f"{draft_id}/{name}", sha)
                if have[name].sha256 == sha:
                    break
                counter += 1  # the name means other bytes: the next name
                name = f"{stem}-{counter}.{suffix}"
            result.append(name)
    return result


def list_photos(db: Database, actor: Actor, draft_id: int) -> list[Photo]:
    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return [Photo(r.name, r.sha256, r.size) for r in sorted(_current(conn, draft_id).values(), key=lambda r: r.id)]


def photo_files(db: Database, actor: Actor, draft_id: int, names: Iterable[str] | None = None
                ) -> dict[str, bytes]:
    """The draft's photos (only those of ``names``, when given): path → bytes, each checked against its SHA-256."""
    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return _photo_files(conn, draft_id, names)
