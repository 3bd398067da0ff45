"""Drafts stored on the server, every version kept; "Cấp số" through the register; search and downloads.

Every function takes the acting user (:class:`notices.server.accounts.Actor`) and reads only what her
agency owns: a draft of another agency, or a number of another agency's register, is :class:`NotFound`
exactly as one that does not exist (the web answers 404 to both).

Saving never overwrites: each "Lưu" appends a version (the YAML text and its SHA-256, author, time, and
``base``: the version she had opened). The draft's ``head`` is raised by one ``UPDATE … SET head = head
+ 1 … RETURNING head`` (a row lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so two savers get two
numbers; the one whose base is no longer the version before hers is told (a conflict) and both versions
stay. ``state`` changes only by compare-and-set (:func:`transition`): the drafting workflow adds its
states and actions on top of this one function.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from notices.errors import UserError
from notices.kinds import keys as kind_keys
from notices.register.db import Database, agencies, blobs, entries
from notices.server.accounts import Actor, Forbidden, NotFound, log, now_text
from notices.server.chain import STATES, Conflict  # noqa: F401  (Conflict: raised here; callers catch it from drafts)
from notices.server.tables import draft_issues, draft_photos, draft_versions, drafts, server_agencies, users


def issuable() -> tuple[str, ...]:
    """The kinds Cấp số numbers: the catalogue's numbered kinds."""
    from notices import kinds

    return tuple(k.key for k in kinds.numbered())
MAX_YAML = 1024 * 1024
# Roles that see every draft of their agency (a chuyên viên sees her own).
AGENCY_READERS = ("van_thu", "lanh_dao_don_vi", "kiem_tra_the_thuc", "nguoi_ky", "quan_tri")
render_lock = threading.Lock()  # one composition at a time in a process: the writers share font caches


@dataclass(frozen=True)
class DraftInfo:
    id: int
    kind: str
    title: str
    state: str
    head: int
    author_login: str
    author_name: str
    created_at: str
    updated_at: str
    issued: tuple[str, ...] = ()  # the numbers given: "01/TB-UBND"

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def where(self) -> str:
        """Where it stands, as a sentence's start: "Văn bản đã cấp số", "Văn bản đang ở bước “Chờ duyệt ký”"."""
        label = self.state_label
        return f"Văn bản {label.lower()}" if label.startswith("Đã ") else f"Văn bản đang ở bước “{label}”"


@dataclass(frozen=True)
class Version:
    draft_id: int
    number: int
    base: int | None
    kind: str
    yaml: str
    sha256: str
    author_login: str
    author_name: str
    created_at: str


@dataclass(frozen=True)
class Saved:
    version: Version
    conflict: Version | None = None  # the other person's version saved after the one she had opened
    returned: str | None = None  # an approved text edited: sent back to the first approval step (Điều 11.2)


def _drafter(actor: Actor) -> None:
    if actor.system or actor.agency_id is None:
        raise Forbidden("Dự thảo thuộc về một cơ quan: hãy đăng nhập bằng tài khoản của cơ quan.")


def _visible(actor: Actor) -> list[Any]:
    """The conditions that keep a draft query inside the actor's reach."""
    _drafter(actor)
    where = [drafts.c.agency_id == actor.agency_id]
    if not any(actor.has(r) for r in AGENCY_READERS):
        where.append(drafts.c.author_id == actor.user_id)
    return where


def _infos(conn: Connection, where: list[Any]) -> list[DraftInfo]:
    rows = conn.execute(select(drafts, users.c.login, users.c.full_name).join(users, users.c.id == drafts.c.author_id)
                        .where(*where).order_by(drafts.c.updated_at.desc(), drafts.c.id.desc())).all()
    numbers: dict[int, list[str]] = {}
    if rows:
        from notices import vn

        for draft_id, number, notation in conn.execute(
                select(draft_issues.c.draft_id, entries.c.number, entries.c.notation)
                .join(entries, entries.c.id == draft_issues.c.entry_id)
                .where(draft_issues.c.draft_id.in_([r.id for r in rows]))):
            numbers.setdefault(draft_id, []).append(f"{vn.document_number(number)}/{notation}")
    return [DraftInfo(r.id, r.kind, r.title, r.state, r.head, r.login, r.full_name, r.created_at, r.updated_at,
                      tuple(numbers.get(r.id, ()))) for r in rows]


def list_drafts(db: Database, actor: Actor) -> list[DraftInfo]:
    """Her drafts (every draft of her agency for the văn thư, leaders, checkers, signers, administrators)."""
    with db.engine.begin() as conn:
        return _infos(conn, _visible(actor))


def get_draft(db: Database, actor: Actor, draft_id: int) -> DraftInfo:
    with db.engine.begin() as conn:
        return _get(conn, actor, draft_id)


def _get(conn: Connection, actor: Actor, draft_id: int) -> DraftInfo:
    found = _infos(conn, [drafts.c.id == draft_id, *_visible(actor)])
    if not found:
        raise NotFound("Không có văn bản này.")
    return found[0]


def create_draft(db: Database, actor: Actor, kind: str = "notice") -> DraftInfo:
    """A new, empty draft of her agency (its first version comes with the first "Lưu")."""
    _drafter(actor)
    if kind not in kind_keys():
        raise UserError(f"Không có loại văn bản “{kind}”.")
    with db.engine.begin() as conn:
        moment = now_text()
        draft_id = conn.execute(insert(drafts).values(
            agency_id=actor.agency_id, author_id=actor.user_id, kind=kind, title="", state="du_thao", head=0,
            created_at=moment, updated_at=moment).returning(drafts.c.id)).scalar_one()
        log(conn, actor, "draft_create", str(draft_id))
        return _get(conn, actor, draft_id)


def _version(conn: Connection, draft_id: int, number: int) -> Version | None:
    row = conn.execute(select(draft_versions, users.c.login, users.c.full_name)
                       .join(users, users.c.id == draft_versions.c.author_id)
                       .where(draft_versions.c.draft_id == draft_id, draft_versions.c.number == number)).first()
    if row is None:
        return None
    return Version(row.draft_id, row.number, row.base, row.kind, row.yaml, row.sha256, row.login, row.full_name,
                   row.created_at)


def get_version(db: Database, actor: Actor, draft_id: int, number: int | None = None) -> Version | None:
    """Version ``number`` (None: the newest) of a draft in her reach; None when the draft has none yet."""
    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        if info.head == 0:
            return None
        found = _version(conn, draft_id, info.head if number is None else number)
        if found is None:
            raise NotFound("Không có phiên bản này.")
        return found


def versions(db: Database, actor: Actor, draft_id: int) -> list[Version]:
    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return [v for n in range(1, _get(conn, actor, draft_id).head + 1) if (v := _version(conn, draft_id, n))]


def title_of(text: str) -> str:
    """A draft's title for lists: the meeting's name, the report's or notice's subject."""
    from notices.records.yamlsource import YamlSyntaxError, parse

    try:
        data = parse(text).data
    except YamlSyntaxError:
        return ""
    if not isinstance(data, dict):
        return ""
    documents = data.get("documents") if isinstance(data.get("documents"), dict) else {}
    for value in ((documents.get("notice") or {}).get("subject") if isinstance(documents.get("notice"), dict) else None,
                  (data.get("meeting") or {}).get("name") if isinstance(data.get("meeting"), dict) else None,
                  (data.get("report") or {}).get("subject") if isinstance(data.get("report"), dict) else None):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:300]
    return ""


def save(db: Database, actor: Actor, draft_id: int, text: str, *, kind: str, base: int | None) -> Saved:
    """Append a version of the draft. If someone saved after ``base`` (the version she opened), both are kept
    and :attr:`Saved.conflict` is the other's; nothing is ever overwritten."""
    text = unicodedata.normalize("NFC", text)
    if len(text.encode("utf-8")) > MAX_YAML:
        raise UserError(f"Hồ sơ quá lớn (tối đa {MAX_YAML // 1024} KB).")
    if kind not in kind_keys():
        raise UserError(f"Không có loại văn bản “{kind}”.")
    from notices.server import chain as workflow  # the states and audit rows (not the state machine)

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        if not workflow.editable(conn, actor.agency_id, info.state):  # type: ignore[arg-type]
            issued = f" ({', '.join(info.issued)})" if info.issued else ""
            raise Conflict(f"{info.where}{issued}; không sửa được nữa.")
        new_state = workflow.after_edit(conn, actor.agency_id, info.state)  # type: ignore[arg-type]
        number = conn.execute(
            update(drafts).where(drafts.c.id == draft_id, drafts.c.state == info.state)
            .values(head=drafts.c.head + 1, updated_at=now_text(), kind=kind, title=title_of(text) or info.title,
                    state=new_state)
            .returning(drafts.c.head)).scalar()
        if number is None:  # its state changed between the read and the lock
            raise workflow.raced(conn, draft_id)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        conn.execute(insert(draft_versions).values(
            draft_id=draft_id, number=number, base=base, kind=kind, yaml=text, sha256=sha, author_id=actor.user_id,
            created_at=now_text()))
        log(conn, actor, "draft_save", f"{draft_id}/{number}")
        returned = workflow.edit_note(info.state, new_state)
        if info.state != "du_thao":
            workflow.record(conn, actor, draft_id, "sua", info.state, new_state, number, sha, comment=returned)
        mine = _version(conn, draft_id, number)
        assert mine is not None
        other = None
        if base is not None and number - 1 != base:
            other = _version(conn, draft_id, number - 1)
        elif base is None and number > 1:
            other = _version(conn, draft_id, number - 1)
        return Saved(mine, other, returned)


def transition(conn: Connection, actor: Actor, draft_id: int, expected: str, new: str, *,
               head: int | None = None) -> None:
    """Compare-and-set of a draft's state (inside the caller's transaction): :class:`Conflict` if it moved."""
    where = [drafts.c.id == draft_id, drafts.c.agency_id == actor.agency_id, drafts.c.state == expected]
    if head is not None:
        where.append(drafts.c.head == head)
    changed = conn.execute(update(drafts).where(*where).values(state=new, updated_at=now_text())).rowcount
    if changed != 1:
        raise Conflict("Văn bản đã được người khác xử lý hoặc sửa trong lúc này; hãy tải lại trang.")
    log(conn, actor, f"state_{new}", str(draft_id), f"{expected} → {new}")


# -- the agency's profile ----------------------------------------------------------------------------------

def agency_profile(db: Database, actor: Actor) -> tuple[Any, dict[str, Any]]:
    """Her agency's office profile (a LoadedOffice, for records) and its defaults for the form."""
    with db.engine.begin() as conn:
        row = conn.execute(select(server_agencies).where(server_agencies.c.id == actor.agency_id)).first()
    if row is None:
        raise NotFound("Không có cơ quan này.")
    return _office(row.ident, row.name, row.code, row.parent_name, row.place, row.profile)


_OFFICES: dict[str, Any] = {}


def _office(ident: str, name: str, code: str, parent: str | None, place: str | None,
            profile: str | None) -> tuple[Any, dict[str, Any]]:
    from notices.records.office import LoadedOffice, Office
    from notices.records.yamlsource import parse

    key = hashlib.sha256(repr((ident, name, code, parent, place, profile)).encode()).hexdigest()
    if key not in _OFFICES:
        data: dict[str, Any] = parse(profile).data if profile else {}
        block = {"name": name, "code": code}
        if parent:
            block["parent"] = parent
        if place:
            block["place"] = place
        data = {**data, "agency": {**(data.get("agency") or {}), **block}}
        try:
            office = Office.model_validate({k: v for k, v in data.items() if k != "database"})
        except Exception:  # noqa: BLE001  (no place yet: the profile fills what it has; records add the rest)
            office = Office.model_construct(numbering=data.get("numbering") or "per-kind")
        loaded = LoadedOffice(office, Path(f"/nonexistent/{ident}/office.yaml"), data)
        _OFFICES[key] = (loaded, {"agency": data["agency"], "documents": data.get("documents") or {}})
    return _OFFICES[key]


@contextlib.contextmanager
def working(office: Any, folder: Path | None = None, photos: dict[str, bytes] | None = None) -> Iterator[Path]:
    """One record's work in a private folder (``folder``, else a new temporary one) holding only the draft's
    ``photos`` (path → bytes, :func:`draft_photos`), alone in this process, in her agency's office profile."""
    from notices.photos import confined_to
    from notices.records.office import chosen

    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="notices-server-")))
        else:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            stack.callback(shutil.rmtree, folder, True)
        _write_photos(folder, photos or {})
        stack.enter_context(render_lock)
        stack.enter_context(chosen(office))
        stack.enter_context(confined_to(folder))
        yield folder


# -- a draft's photos (stored by notices.server.draft_photos; read here for preview, downloads and Cấp số) ------

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
PHOTO_CACHE = 64 * 1024 * 1024  # photo bytes kept in a process, by SHA-256: a hash's content never changes
_photo_cache: OrderedDict[str, bytes] = OrderedDict()
_photo_cache_lock = threading.Lock()


def safe_photo_name(name: Any) -> str | None:
    """``name`` as a relative path inside the record's folder (``photos/anh.jpg``), or None when it is not one."""
    if not isinstance(name, str) or not name or len(name) > 300 or "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(p in ("..", ".", "") or p.startswith(".") for p in path.parts):
        return None
    return str(path) if path.suffix.lower() in PHOTO_SUFFIXES else None


def named_photos(data: Any) -> list[str]:
    """The photo paths a record's data (the form's, or parsed YAML) names under documents.news.photos."""
    try:
        photos = data["documents"]["news"]["photos"]
    except (KeyError, TypeError):
        return []
    if not isinstance(photos, list):
        return []
    return [p["file"] for p in photos if isinstance(p, dict) and isinstance(p.get("file"), str)]


def _cached_photo(sha: str) -> bytes | None:
    with _photo_cache_lock:
        data = _photo_cache.get(sha)
        if data is not None:
            _photo_cache.move_to_end(sha)
        return data


def _keep_photo(sha: str, data: bytes) -> None:
    with _photo_cache_lock:
        _photo_cache[sha] = data
        while sum(len(v) for v in _photo_cache.values()) > PHOTO_CACHE and len(_photo_cache) > 1:
            _photo_cache.popitem(last=False)


def _photo_files(conn: Connection, draft_id: int, names: Iterable[str] | None = None) -> dict[str, bytes]:
    """Path → bytes of the draft's photos (only ``names``, when given); the caller has checked her reach.
    Bytes whose SHA-256 no longer matches (changed in the database) are never used."""
    where = [draft_photos.c.draft_id == draft_id]
    if names is not None:
        wanted = sorted({n for n in names if isinstance(n, str)})
        if not wanted:
            return {}
        where.append(draft_photos.c.name.in_(wanted))
    rows = conn.execute(select(draft_photos.c.name, draft_photos.c.sha256).where(*where)).all()
    missing = sorted({r.sha256 for r in rows if _cached_photo(r.sha256) is None})
    if missing:
        for sha, content in conn.execute(select(blobs.c.sha256, blobs.c.content).where(blobs.c.sha256.in_(missing))):
            if hashlib.sha256(content).hexdigest() == sha:
                _keep_photo(sha, bytes(content))
    return {r.name: data for r in rows if (data := _cached_photo(r.sha256)) is not None}


def _named_in(text: str) -> list[str]:
    from notices.records.yamlsource import YamlSyntaxError, parse

    try:
        return named_photos(parse(text).data)
    except YamlSyntaxError:
        return []


def _write_photos(folder: Path, files: dict[str, bytes]) -> None:
    root = folder.resolve()
    for name, data in files.items():
        clean = safe_photo_name(name)
        target = (root / clean).resolve() if clean else None
        if target is None or not target.is_relative_to(root):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def issue_folder(db: Database, draft_id: int) -> Path:
    """Where a draft is issued: the same path every time for this database and draft, so that an issue
    interrupted after its number was taken is finished with that number (``notices issue`` finds its pending
    row by the record's path); two databases served from one machine never share it."""
    database = hashlib.sha256(db.url.encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "notices-server-issue" / database / f"draft-{draft_id}"


# -- Cấp số -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issued:
    label: str
    date: str
    entry_id: int
    version: Version


def issue_draft(db: Database, actor: Actor, draft_id: int, kind: str, *, head: int,
                expected: str | None = None) -> Issued:
    """Cấp số (văn thư only): the newest saved version ``head`` gets the next number of her agency's register,
    through :func:`notices.register.issue.issue_record` (the same code as ``notices issue``): number and date
    written into the record, final DOCX and PDF rendered and archived with their SHA-256. The record as issued
    becomes the draft's next version. A draft is numbered once per kind; a second văn thư is told.

    Where the agency uses the approval workflow, only a text in "Đã duyệt ký" is numbered (``expected``), at
    the approved version; where it is off, a saved "Dự thảo"."""
    from notices.records.load import validate_text
    from notices.register.issue import issue_record
    from notices.server import chain as workflow  # the states and audit rows (not the state machine)

    if kind not in issuable():
        from notices import kinds

        raise UserError(f"{kinds.kind(kind).label if kind in kinds.keys() else kind} không cấp số; hãy chọn "
                        f"{', '.join(k.label for k in kinds.numbered())}.")
    office, _ = agency_profile(db, actor)
    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)  # another agency's draft: not found, whatever her role
        actor.require("van_thu")
        if info.head == 0:
            raise UserError("Văn bản chưa được lưu lần nào; hãy bấm “Lưu” trước khi cấp số.")
        source = "du_thao" if workflow.steps_of(conn, actor.agency_id) is None else "da_duyet_ky"  # type: ignore[arg-type]
        if expected is not None and expected != source:
            raise UserError("Cơ quan không dùng quy trình duyệt; văn thư cấp số thẳng dự thảo đã lưu.")
        if info.state != source:
            if info.state in ("dang_cap_so", "da_cap_so"):
                raise Conflict(f"{info.where} {', '.join(info.issued)}; không cấp số lần hai.")
            raise UserError(f"Văn bản đang ở bước “{info.state_label}”: chỉ cấp số văn bản “Đã duyệt ký”.")
        if info.head != head:
            raise Conflict(f"Văn bản vừa được lưu phiên bản mới ({info.head}); hãy xem lại trước khi cấp số.")
        version = _version(conn, draft_id, head)
        assert version is not None
        photos = _photo_files(conn, draft_id, _named_in(version.yaml))  # its Tin bài's photos, as stored
    with working(office, photos=photos) as folder:  # checked first, in a folder of its own: nothing claimed yet
        loaded = validate_text(version.yaml, folder / "ho-so.yaml")  # RecordError: every problem, nothing claimed
        agency = loaded.record.agency
        if (agency.name, agency.code) != (actor.agency_name, actor.agency_code):
            raise UserError(f"Cơ quan ban hành trong hồ sơ (“{agency.name}”, {agency.code}) không phải cơ quan của "
                            f"bạn (“{actor.agency_name}”, {actor.agency_code}); hãy sửa mục Cơ quan ban hành.")
        if getattr(loaded.record.documents, kind) is None:
            raise UserError("Hồ sơ chưa có văn bản này; hãy đánh dấu “Tạo …” ở mục Văn bản.")
    with db.engine.begin() as conn:  # claimed: a second văn thư (or a second click) is told, nothing numbered
        transition(conn, actor, draft_id, source, "dang_cap_so", head=head)
    try:
        with working(office, issue_folder(db, draft_id), photos) as folder:  # only the claimant reaches this folder
            path = folder / "ho-so.yaml"
            path.write_text(version.yaml, encoding="utf-8")
            results = issue_record(path, kind=kind, db=db, out=folder / "van-ban", by=actor.login)
            issued_text = path.read_text(encoding="utf-8")
    except BaseException:
        with db.engine.begin() as conn:
            transition(conn, actor, draft_id, "dang_cap_so", source)
        raise
    entry = results[0].entry
    with db.engine.begin() as conn:
        if conn.execute(select(agencies.c.id).where(agencies.c.code == entry.agency_code,
                                                    agencies.c.name == entry.agency_name)).scalar() \
                != actor.register_agency_id:  # cannot happen (checked above); never let it pass silently
            raise RuntimeError("issued into another agency's register")
        number = conn.execute(update(drafts).where(drafts.c.id == draft_id, drafts.c.state == "dang_cap_so")
                              .values(head=drafts.c.head + 1, state="da_cap_so", updated_at=now_text())
                              .returning(drafts.c.head)).scalar_one()
        conn.execute(insert(draft_versions).values(
            draft_id=draft_id, number=number, base=head, kind=kind, yaml=issued_text,
            sha256=hashlib.sha256(issued_text.encode("utf-8")).hexdigest(), author_id=actor.user_id,
            created_at=now_text()))
        conn.execute(insert(draft_issues).values(draft_id=draft_id, kind=kind, entry_id=entry.id, version=head))
        log(conn, actor, "issue", str(draft_id), entry.label)
        workflow.record(conn, actor, draft_id, "cap_so", source, "da_cap_so", number,
                        hashlib.sha256(issued_text.encode("utf-8")).hexdigest(), role="van_thu", comment=entry.label)
        mine = _version(conn, draft_id, number)
    assert mine is not None
    return Issued(entry.label, entry.date_text, entry.id, mine)


# -- the register, read ------------------------------------------------------------------------------------

def _register_ids(conn: Connection, actor: Actor) -> list[int]:
    _drafter(actor)
    return list(conn.execute(select(server_agencies.c.register_agency_id)
                             .where(server_agencies.c.id.in_(actor.readable))).scalars())


def issued(db: Database, actor: Actor, *, limit: int = 50) -> list[Any]:
    """The register rows of her agency (and those below, quan_tri_tinh), newest first."""
    from notices.register.registry import entries_where

    with db.engine.begin() as conn:
        return entries_where(conn, entries.c.agency_id.in_(_register_ids(conn, actor)), newest_first=True, limit=limit)


def search(db: Database, actor: Actor, query: str, *, limit: int = 50) -> list[Any]:
    """Tra cứu: :func:`notices.register.archive.search` in each agency she may read, newest first."""
    from notices.register.archive import search as archive_search
    from notices.register.registry import AgencyKey

    with db.engine.begin() as conn:
        keys = [AgencyKey(r.code, r.name) for r in conn.execute(
            select(agencies.c.code, agencies.c.name).where(agencies.c.id.in_(_register_ids(conn, actor))))]
    hits = [h for key in keys for h in archive_search(db, query, agency=key, limit=limit)]
    hits.sort(key=lambda h: (h.entry.year, h.entry.issued_on, h.entry.id), reverse=True)
    return hits[:limit]


def entry(db: Database, actor: Actor, entry_id: int) -> Any:
    from notices.register.registry import entries_where

    with db.engine.begin() as conn:
        found = entries_where(conn, entries.c.id == entry_id, entries.c.agency_id.in_(_register_ids(conn, actor)))
    if not found:
        raise NotFound("Không có văn bản này.")
    return found[0]


def stored_file(db: Database, actor: Actor, entry_id: int, suffix: str) -> tuple[str, bytes]:
    """(name, bytes) of an archived file (.pdf, .docx, .yaml) of a register row she may read; hash checked."""
    from notices.register.archive import stored_files
    from notices.register.registry import AgencyKey

    row = entry(db, actor, entry_id)
    if row.status != "issued":
        raise NotFound("Văn bản chưa lưu xong hoặc đã hủy: kho lưu không có tệp.")
    # newest first: after Ban hành the register row's final signed PDF (notices.server.sealing) comes before
    # the numbered PDF it was signed from
    for name, content in reversed(stored_files(db, AgencyKey(row.agency_code, row.agency_name), row.year, row.label)):
        if name.lower().endswith(suffix):
            return name, content
    raise NotFound("Kho lưu không có tệp dạng này.")


def count_versions(db: Database, actor: Actor, draft_id: int) -> int:
    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return conn.execute(select(func.count()).select_from(draft_versions)
                            .where(draft_versions.c.draft_id == draft_id)).scalar_one()


# -- Tra cứu in drafts ----------------------------------------------------------------------------------------

SEARCH_WINDOW = 2000  # drafts looked through per search: the newest her reach holds
_KEY = re.compile(r"(?<![^\s{,\[-])[A-Za-z_][A-Za-z0-9_]*:(?=\s|$)")  # a YAML key ("subject:"), not her words
_words_cache: OrderedDict[str, tuple[str, tuple[str, ...]]] = OrderedDict()
_words_lock = threading.Lock()


@dataclass(frozen=True)
class DraftHit:
    draft: DraftInfo
    excerpt: str


def plain_text(yaml: str) -> str:
    """What a version says, without the record's keys and comments: the values, one line each."""
    lines = []
    for line in yaml.splitlines():
        if line.lstrip().startswith("#"):
            continue
        value = _KEY.sub(" ", line).replace(" - ", " ").strip(" -{}[],|>\t")
        if value:
            lines.append(" ".join(value.split()))
    return "\n".join(lines)


def _words_of(sha: str, yaml: str | None) -> tuple[str, tuple[str, ...]] | None:
    """(plain text, folded words) of a version, kept per SHA-256 (a version's text never changes)."""
    from notices.register.search import fold_words

    with _words_lock:
        found = _words_cache.get(sha)
        if found is not None:
            _words_cache.move_to_end(sha)
            return found
    if yaml is None:
        return None
    text = plain_text(yaml)
    found = (text, tuple(fold_words(text)))
    with _words_lock:
        _words_cache[sha] = found
        while len(_words_cache) > 4 * SEARCH_WINDOW:
            _words_cache.popitem(last=False)
    return found


def _has(words: tuple[str, ...], term: Any) -> bool:
    """Whether ``words`` hold ``term``'s words side by side (its last one as a prefix, when it is one)."""
    wanted, size = term.words, len(term.words)
    for at in range(len(words) - size + 1):
        if words[at:at + size - 1] == wanted[:-1]:
            last = words[at + size - 1]
            if last == wanted[-1] or (term.prefix and last.startswith(wanted[-1])):
                return True
    return False


def search_drafts(db: Database, actor: Actor, query: str, *, limit: int = 50) -> list[DraftHit]:
    """Tra cứu among the drafts in her reach (a chuyên viên: hers; the văn thư, leaders, checkers, signers,
    administrators: the agency's): the title and the newest version's text hold every word of ``query`` (the
    archive's query language: words, "phrases", -excluded, prefix*; tones and case folded). Newest first,
    among her :data:`SEARCH_WINDOW` newest drafts."""
    from notices.register.search import excerpt, fold_words, parse

    parsed = parse(query)
    with db.engine.begin() as conn:
        rows = conn.execute(
            select(drafts.c.id, drafts.c.title, draft_versions.c.sha256)
            .select_from(drafts.outerjoin(draft_versions, (draft_versions.c.draft_id == drafts.c.id)
                                          & (draft_versions.c.number == drafts.c.head)))
            .where(*_visible(actor)).order_by(drafts.c.updated_at.desc(), drafts.c.id.desc())
            .limit(SEARCH_WINDOW)).all()
        unknown = [r.sha256 for r in rows if r.sha256 and _words_of(r.sha256, None) is None]
        for start in range(0, len(unknown), 200):
            for sha, yaml in conn.execute(select(draft_versions.c.sha256, draft_versions.c.yaml)
                                          .where(draft_versions.c.sha256.in_(unknown[start:start + 200]))):
                _words_of(sha, yaml)
        matched: list[tuple[int, str]] = []
        for row in rows:
            text, words = (_words_of(row.sha256, None) if row.sha256 else None) or ("", ())
            words = (*fold_words(row.title or ""), "\x00", *words)  # no phrase across the title and the text
            if all(_has(words, t) != t.negated for t in parsed.terms):
                matched.append((row.id, text))
            if len(matched) >= limit:
                break
        infos = {d.id: d for d in _infos(conn, [drafts.c.id.in_([i for i, _ in matched]), *_visible(actor)])} \
            if matched else {}
    return [DraftHit(infos[i], excerpt("\n\n" + text, parsed).text) for i, text in matched if i in infos]
