"""Agencies, users, passwords, sessions and login throttling: the functions the CLI and the web both call.

Every function takes the acting user (:class:`Actor`): the console's operator (:data:`SYSTEM`, who
holds the database itself) or a signed-in user, whose reach is her own agency (``quan_tri`` manages its
users; ``quan_tri_tinh`` also reads the agencies below it). There is no default: a caller that forgets
to say who acts does not run.

Passwords: NFC-normalised, hashed with Argon2id (argon2-cffi's defaults: t=3, m=64 MiB, p=4), at most
two hashes at once per process (64 MiB each). Never stored, logged or put in an event in clear.
Sessions: a random token in the cookie, its SHA-256 in the table; idle and absolute expiry; all of a
user's sessions end when she is disabled or her password is set. Login failures are counted per account
and per address in the database (every process sees them): after 5 within 15 minutes, 15 minutes locked.
An account is counted and logged by its id; the name typed is never stored (a password typed there by mistake).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from notices.errors import UserError
from notices.register.db import Database, agencies
from notices.server.tables import (
    ROLES,
    events,
    login_failures,
    server_agencies,
    sessions,
    user_roles,
    users,
)

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
IDLE_SECONDS = 60 * 60  # a session unused for an hour ends
ABSOLUTE_SECONDS = 12 * 60 * 60  # and any session after a working day
MIN_PASSWORD = 8
LOGIN_REFUSED = ("Đăng nhập không thành công: tên đăng nhập hoặc mật khẩu không đúng, hoặc đã nhập sai quá nhiều "
                 "lần (hãy thử lại sau 15 phút).")
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")
_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
_hashing = threading.BoundedSemaphore(2)


class Forbidden(UserError):
    """The acting user may not do this (the web answers 403)."""


class NotFound(UserError):
    """Nothing of that name in the acting user's reach (the web answers 404, whether it exists elsewhere or not)."""


class LoginRefused(UserError):
    """Wrong login, wrong password, disabled account or too many failures: one message for all."""

    def __init__(self) -> None:
        super().__init__(LOGIN_REFUSED)


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user of one agency, or the console's operator (``system``)."""

    user_id: int | None
    login: str
    full_name: str
    agency_id: int | None
    agency_ident: str | None
    agency_name: str | None
    agency_code: str | None
    register_agency_id: int | None
    roles: frozenset[str] = frozenset()
    readable: tuple[int, ...] = ()  # the agencies whose issued documents she may read (hers first)
    system: bool = False
    agency_parent: str | None = None

    def has(self, role: str) -> bool:
        return self.system or role in self.roles

    def require(self, *roles: str) -> None:
        if not any(self.has(r) for r in roles):
            names = ", ".join(ROLES[r] for r in roles)
            raise Forbidden(f"Chỉ {names} được làm việc này.")


SYSTEM = Actor(None, "(máy chủ)", "Người quản trị máy chủ", None, None, None, None, None, system=True)


def now_text() -> str:
    from notices.register.registry import vietnam_now

    return vietnam_now().isoformat(timespec="seconds")


def log(conn: Connection, actor: Actor | None, action: str, target: str | None = None, detail: str | None = None,
        *, agency_id: int | None = None) -> None:
    """Append one event (never a password)."""
    conn.execute(insert(events).values(
        at=now_text(), agency_id=agency_id if agency_id is not None else (actor.agency_id if actor else None),
        user_id=actor.user_id if actor else None, action=action, target=target, detail=detail))


# -- passwords ---------------------------------------------------------------------------------------------

FAST_HASHES = "NOTICES_TEST_FAST_HASHES"  # "1": the test suite's cheap Argon2id parameters; never on a server


def _hasher() -> Any:
    from argon2 import PasswordHasher

    if os.environ.get(FAST_HASHES) == "1":
        # The test suite only (tests/conftest.py sets it): still Argon2id through the same code, with argon2's
        # CHEAPEST profile, so that hundreds of logins do not cost 0.3 s each. A hash made this way is rehashed
        # with the real parameters at its next login where the variable is not set (check_needs_rehash).
        from argon2.profiles import CHEAPEST

        return PasswordHasher.from_parameters(CHEAPEST)
    return PasswordHasher()  # Argon2id, t=3, m=65536 KiB, p=4


def normal_password(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def check_new_password(password: str, login: str) -> None:
    password = normal_password(password)
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if password.strip().lower() == login.lower():
        raise UserError("Mật khẩu không được trùng với tên đăng nhập.")


def hash_password(password: str) -> str:
    with _hashing:
        return _hasher().hash(normal_password(password))


def verify_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    with _hashing:
        try:
            return _hasher().verify(stored, normal_password(password))
        except (VerificationError, InvalidHashError):
            return False


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against when the login does not exist: the same time as a real one."""
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(16)))
    return _DUMMY[0]


# -- agencies ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Agency:
    id: int
    ident: str
    name: str
    code: str
    parent_ident: str | None
    parent_name: str | None
    place: str | None
    register_agency_id: int
    profile: str | None
    users: int = 0


def normal_ident(ident: str) -> str:
    ident = unicodedata.normalize("NFC", ident).strip()
    if not _IDENT.fullmatch(ident):
        raise UserError(f"Mã cơ quan “{ident}” không hợp lệ: dùng mã định danh (ví dụ 000.01.23.H20) hoặc một mã ngắn "
                        "gồm chữ không dấu, chữ số, dấu chấm, gạch ngang.")
    return ident


def _agency_row(conn: Connection, ident: str) -> Any:
    return conn.execute(select(server_agencies).where(server_agencies.c.ident == ident)).first()


def _check_agency_fields(name: str, code: str) -> tuple[str, str]:
    from notices.records.models import Agency as AgencyModel

    name, code = unicodedata.normalize("NFC", name).strip(), unicodedata.normalize("NFC", code).strip()
    try:
        AgencyModel.model_validate({"name": name, "code": code, "place": "x"})
    except Exception:  # noqa: BLE001  (pydantic's message is English; ours names the option)
        raise UserError(f"--name “{name}” / --code “{code}”: tên cơ quan không được trống; chữ viết tắt viết hoa, "
                        "không dấu cách (ví dụ UBND, VP-UBND).") from None
    return name, code


def add_agency(db: Database, actor: Actor, ident: str, *, name: str, code: str, parent: str | None = None,
               place: str | None = None, parent_name: str | None = None) -> Agency:
    """A new agency (``ident``: its mã định danh), with its own register (numbers from 01 each year)."""
    from notices.register.registry import AgencyKey, agency_id

    if not actor.system:
        raise Forbidden("Chỉ người quản trị máy chủ thêm được cơ quan (lệnh notices agencies add).")
    ident = normal_ident(ident)
    name, code = _check_agency_fields(name, code)
    with db.engine.begin() as conn:
        if _agency_row(conn, ident) is not None:
            raise UserError(f"Đã có cơ quan mã {ident}.")
        parent_id = None
        if parent:
            above = _agency_row(conn, normal_ident(parent))
            if above is None:
                raise UserError(f"--parent: chưa có cơ quan mã {parent}; hãy thêm cơ quan cấp trên trước.")
            parent_id = above.id
            parent_name = parent_name or above.name
        register_id = agency_id(conn, AgencyKey(code, name, parent_name))
        taken = conn.execute(select(server_agencies.c.ident)
                             .where(server_agencies.c.register_agency_id == register_id)).scalar()
        if taken is not None:
            raise UserError(f"Cơ quan “{name}” ({code}) đã có trên máy chủ với mã {taken}; hai cơ quan cùng tên và "
                            "chữ viết tắt sẽ dùng chung một sổ đăng ký, nên không được thêm.")
        conn.execute(insert(server_agencies).values(
            ident=ident, name=name, code=code, parent_id=parent_id, parent_name=parent_name, place=place,
            register_agency_id=register_id, profile=None, created_at=now_text()))
        log(conn, actor, "agency_add", ident, name)
        return _agencies(conn, [server_agencies.c.ident == ident])[0]


def import_profile(db: Database, actor: Actor, ident: str, path: Any) -> Agency:
    """Set an agency's profile from an ``office.yaml`` (its defaults and numbering); checked as the CLI checks it.

    The profile's agency name and code must be the agency's own: they are its register's key.
    """
    from notices.records.office import load_office

    if not actor.system:
        raise Forbidden("Chỉ người quản trị máy chủ nhập được hồ sơ cơ quan.")
    office = load_office(path)  # RecordError with every problem, file:line:col
    text = path.read_text(encoding="utf-8-sig")
    block = office.office.agency
    with db.engine.begin() as conn:
        row = _agency_row(conn, normal_ident(ident))
        if row is None:
            raise UserError(f"Chưa có cơ quan mã {ident}; hãy thêm bằng notices agencies add trước.")
        if (block.name, block.code) != (row.name, row.code):
            raise UserError(f"{path}: agency.name/agency.code (“{block.name}”, {block.code}) khác tên và chữ viết tắt "
                            f"của cơ quan {row.ident} (“{row.name}”, {row.code}); sổ đăng ký của cơ quan theo tên và "
                            "chữ viết tắt này, hãy sửa hồ sơ cơ quan cho khớp.")
        if office.office.database:
            raise UserError(f"{path}: hồ sơ cơ quan trên máy chủ không ghi “database” (cơ sở dữ liệu là của máy chủ).")
        conn.execute(update(server_agencies).where(server_agencies.c.id == row.id).values(
            profile=text, place=block.place, parent_name=block.parent or row.parent_name))
        log(conn, actor, "agency_profile", row.ident)
        return _agencies(conn, [server_agencies.c.id == row.id])[0]


def _agencies(conn: Connection, where: list[Any]) -> list[Agency]:
    parent = server_agencies.alias("parent")
    count = (select(func.count()).select_from(users).where(users.c.agency_id == server_agencies.c.id)
             .scalar_subquery())
    rows = conn.execute(
        select(server_agencies, parent.c.ident.label("parent_ident"), count.label("users"))
        .outerjoin(parent, parent.c.id == server_agencies.c.parent_id).where(*where).order_by(server_agencies.c.ident))
    return [Agency(r.id, r.ident, r.name, r.code, r.parent_ident, r.parent_name, r.place, r.register_agency_id,
                   r.profile, r.users) for r in rows]


def list_agencies(db: Database, actor: Actor) -> list[Agency]:
    """The agencies the actor may see: all for the console, her own (and those below, quan_tri_tinh) otherwise."""
    with db.engine.begin() as conn:
        where = [] if actor.system else [server_agencies.c.id.in_(actor.readable)]
        return _agencies(conn, where)


def below(conn: Connection, agency_id: int) -> list[int]:
    """``agency_id`` and every agency under it (children, their children…)."""
    rows = conn.execute(select(server_agencies.c.id, server_agencies.c.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for child, parent in rows:
        children.setdefault(parent, []).append(child)
    found, todo = [agency_id], [agency_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


# -- users -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class User:
    login: str
    full_name: str
    agency_ident: str
    agency_name: str
    roles: tuple[str, ...]
    disabled: bool
    created_at: str
    unit: str | None = None
    sessions: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def normal_login(login: str) -> str:
    return unicodedata.normalize("NFC", login).strip().lower()


def check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    roles = tuple(dict.fromkeys(roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise UserError(f"Vai trò không có: {', '.join(unknown) or '(chưa chọn)'}; chọn trong: {', '.join(ROLES)}.")
    return roles


def add_user(db: Database, actor: Actor, login: str, *, full_name: str, agency: str, roles: Iterable[str],
             password: str, unit: str | None = None) -> User:
    """A new account of ``agency`` (its ident). The console adds anyone; a quan_tri only to her own agency."""
    login = normal_login(login)
    if not _LOGIN.fullmatch(login):
        raise UserError(f"Tên đăng nhập “{login}” không hợp lệ: 2–80 chữ không dấu, chữ số, dấu chấm, gạch dưới, "
                        "gạch ngang.")
    full_name = unicodedata.normalize("NFC", full_name).strip()
    if not full_name:
        raise UserError("Cần họ và tên của người dùng (--name).")
    roles = check_roles(roles)
    check_new_password(password, login)
    with db.engine.begin() as conn:
        row = _agency_row(conn, normal_ident(agency))
        if not actor.system:
            actor.require("quan_tri")
            if row is None or row.id != actor.agency_id:
                raise NotFound(f"Không có cơ quan mã {agency}.")
            if "quan_tri_tinh" in roles:
                raise Forbidden("Quản trị cơ quan không cấp được vai trò quản trị cấp trên.")
        if row is None:
            raise UserError(f"Chưa có cơ quan mã {agency}; hãy thêm bằng notices agencies add trước.")
        if conn.execute(select(users.c.id).where(users.c.login == login)).scalar() is not None:
            raise UserError(f"Đã có người dùng “{login}”.")
        hashed = hash_password(password)
        user_id = conn.execute(insert(users).values(
            login=login, full_name=full_name, agency_id=row.id, unit=unit, password_hash=hashed, disabled=False,
            created_at=now_text()).returning(users.c.id)).scalar_one()
        conn.execute(insert(user_roles), [{"user_id": user_id, "role": r} for r in roles])
        log(conn, actor, "user_add", login, ",".join(roles), agency_id=row.id)
        return _users(conn, [users.c.id == user_id])[0]


def _users(conn: Connection, where: list[Any]) -> list[User]:
    rows = conn.execute(
        select(users, server_agencies.c.ident, server_agencies.c.name.label("agency_name"))
        .join(server_agencies, server_agencies.c.id == users.c.agency_id).where(*where)
        .order_by(server_agencies.c.ident, users.c.login)).all()
    ids = [r.id for r in rows]
    roles: dict[int, list[str]] = {}
    for user_id, role in conn.execute(select(user_roles.c.user_id, user_roles.c.role)
                                      .where(user_roles.c.user_id.in_(ids))):
        roles.setdefault(user_id, []).append(role)
    live = dict(conn.execute(select(sessions.c.user_id, func.count()).where(sessions.c.user_id.in_(ids))
                             .group_by(sessions.c.user_id)).all())
    order = list(ROLES)
    return [User(r.login, r.full_name, r.ident, r.agency_name, tuple(sorted(roles.get(r.id, []), key=order.index)),
                 bool(r.disabled), r.created_at, r.unit, live.get(r.id, 0)) for r in rows]


def list_users(db: Database, actor: Actor, agency: str | None = None) -> list[User]:
    """Accounts: every one (or one agency's) for the console; her own agency's for a quan_tri."""
    with db.engine.begin() as conn:
        where = []
        if agency is not None:
            row = _agency_row(conn, normal_ident(agency))
            if row is None or not (actor.system or row.id == actor.agency_id):
                raise NotFound(f"Không có cơ quan mã {agency}.")
            where.append(users.c.agency_id == row.id)
        if not actor.system:
            actor.require("quan_tri")
            where.append(users.c.agency_id == actor.agency_id)
        return _users(conn, where)


def _target_user(conn: Connection, actor: Actor, login: str) -> Any:
    """The account ``login`` within the actor's reach (console: any; quan_tri: her agency's), else NotFound."""
    row = conn.execute(select(users).where(users.c.login == normal_login(login))).first()
    if row is None or not (actor.system or row.agency_id == actor.agency_id):
        raise NotFound(f"Không có người dùng “{login}”.")
    return row


def disable_user(db: Database, actor: Actor, login: str) -> User:
    """Disable an account: every open session of hers ends now (the next request is refused)."""
    if not actor.system:
        actor.require("quan_tri")
    with db.engine.begin() as conn:
        row = _target_user(conn, actor, login)
        if actor.user_id == row.id:
            raise UserError("Không tự khóa được tài khoản của chính mình.")
        conn.execute(update(users).where(users.c.id == row.id).values(disabled=True))
        conn.execute(delete(sessions).where(sessions.c.user_id == row.id))
        log(conn, actor, "user_disable", row.login, agency_id=row.agency_id)
        return _users(conn, [users.c.id == row.id])[0]


def enable_user(db: Database, actor: Actor, login: str) -> User:
    if not actor.system:
        actor.require("quan_tri")
    with db.engine.begin() as conn:
        row = _target_user(conn, actor, login)
        conn.execute(update(users).where(users.c.id == row.id).values(disabled=False))
        log(conn, actor, "user_enable", row.login, agency_id=row.agency_id)
        return _users(conn, [users.c.id == row.id])[0]


def set_password(db: Database, actor: Actor, login: str, password: str) -> None:
    """Set a user's password (console, or her agency's quan_tri): her open sessions end."""
    if not actor.system:
        actor.require("quan_tri")
    with db.engine.begin() as conn:
        row = _target_user(conn, actor, login)
        check_new_password(password, row.login)
        _store_password(conn, row.id, password)
        conn.execute(delete(sessions).where(sessions.c.user_id == row.id))
        conn.execute(delete(login_failures).where(login_failures.c.scope == "login",
                                                  login_failures.c.key == account_key(row.id)))
        log(conn, actor, "password_set", row.login, agency_id=row.agency_id)


def change_own_password(db: Database, actor: Actor, current: str, new: str, *, keep: str | None = None) -> None:
    """She changes her own password (the current one first); her other sessions end, ``keep`` (this one) stays."""
    if actor.user_id is None:
        raise Forbidden("Chỉ người dùng đã đăng nhập đổi được mật khẩu của mình.")
    with db.engine.begin() as conn:
        row = conn.execute(select(users).where(users.c.id == actor.user_id)).first()
        if row is None or not verify_password(row.password_hash, current):
            raise UserError("Mật khẩu hiện tại không đúng.")
        check_new_password(new, row.login)
        _store_password(conn, row.id, new)
        conn.execute(delete(sessions).where(sessions.c.user_id == row.id,
                                            sessions.c.token_hash != (_token_hash(keep) if keep else "")))
        log(conn, actor, "password_change", row.login)


def _store_password(conn: Connection, user_id: int, password: str) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(
        password_hash=hash_password(password), password_changed_at=now_text()))


# -- signing in --------------------------------------------------------------------------------------------

def actor_of(conn: Connection, user_id: int) -> Actor | None:
    """The acting user ``user_id`` as she is now (None when gone or disabled)."""
    row = conn.execute(
        select(users.c.id, users.c.login, users.c.full_name, users.c.disabled, server_agencies.c.id.label("aid"),
               server_agencies.c.ident, server_agencies.c.name, server_agencies.c.code,
               server_agencies.c.register_agency_id, server_agencies.c.parent_name)
        .join(server_agencies, server_agencies.c.id == users.c.agency_id).where(users.c.id == user_id)).first()
    if row is None or row.disabled:
        return None
    roles = frozenset(conn.execute(select(user_roles.c.role).where(user_roles.c.user_id == user_id)).scalars())
    readable = tuple(below(conn, row.aid)) if "quan_tri_tinh" in roles else (row.aid,)
    return Actor(row.id, row.login, row.full_name, row.aid, row.ident, row.name, row.code, row.register_agency_id,
                 roles, readable, agency_parent=row.parent_name)


def _locked(conn: Connection, scope: str, key: str, now: float) -> bool:
    until = conn.execute(select(login_failures.c.locked_until).where(
        login_failures.c.scope == scope, login_failures.c.key == key)).scalar()
    return until is not None and until > now


def _fail(conn: Connection, scope: str, key: str, now: float) -> None:
    """Count one failure (a window of 15 minutes); the fifth locks for 15 minutes. Row-locked: two failures
    at once from two processes count two."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    conn.execute(upsert(login_failures).values(scope=scope, key=key, count=0, first=now, locked_until=None)
                 .on_conflict_do_nothing(index_elements=["scope", "key"]))
    where = (login_failures.c.scope == scope, login_failures.c.key == key)
    row = conn.execute(select(login_failures).where(*where).with_for_update()).one()
    locked = row.locked_until is not None and row.locked_until > now
    if now - row.first > LOCK_SECONDS and not locked:
        values: dict[str, Any] = {"count": 1, "first": now, "locked_until": None}
    else:
        values = {"count": row.count + 1}
        if row.count + 1 >= MAX_FAILURES:
            values["locked_until"] = now + LOCK_SECONDS
    conn.execute(update(login_failures).where(*where).values(**values))


def account_key(user_id: int) -> str:
    """The key an account's failed logins are counted under: its id, never the name typed (a password typed
    into "Tên đăng nhập" by mistake must not land in the database)."""
    return f"id:{user_id}"


def authenticate(db: Database, login: str, password: str, address: str, *, now: float | None = None) -> Actor:
    """The user whose login and password these are, else :class:`LoginRefused` (one message for every reason).

    Refused at once (no hash checked) while the address is locked; while only the account is locked, refused
    after the same hashing time an unknown name takes (a locked account does not tell that it exists).
    A failure is counted and logged under the account's id; a name that is no account is neither stored nor
    logged (only the address's failure is).
    """
    now = time.time() if now is None else now
    login = normal_login(login)[:200]
    address = (address or "?")[:200]
    with db.engine.begin() as conn:
        row = conn.execute(select(users.c.id, users.c.password_hash, users.c.disabled, users.c.agency_id)
                           .where(users.c.login == login)).first()
        key = account_key(row.id) if row is not None else None
        address_locked = _locked(conn, "address", address, now)
        account_locked = key is not None and _locked(conn, "login", key, now)
    if address_locked:
        raise LoginRefused
    if account_locked:
        verify_password(_dummy_hash(), password)
        raise LoginRefused
    good = verify_password(row.password_hash if row is not None else _dummy_hash(), password)
    with db.engine.begin() as conn:
        if not good or row is None or row.disabled:
            if key is not None:
                _fail(conn, "login", key, now)
            _fail(conn, "address", address, now)
            conn.execute(insert(events).values(at=now_text(), action="login_failed", detail=address,
                                               user_id=row.id if row is not None else None,
                                               agency_id=row.agency_id if row is not None else None))
            raise_after = True
        else:
            conn.execute(delete(login_failures).where(login_failures.c.scope == "login", login_failures.c.key == key))
            actor = actor_of(conn, row.id)
            assert actor is not None
            log(conn, actor, "login", login, address)
            raise_after = False
    if raise_after:
        raise LoginRefused
    if _hasher().check_needs_rehash(row.password_hash):
        with db.engine.begin() as conn:
            _store_password(conn, row.id, password)
    return actor


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class Session:
    actor: Actor
    csrf: str
    token: str


def open_session(db: Database, actor: Actor, address: str, *, now: float | None = None) -> Session:
    """A new session (a new id at every login) for ``actor``; the cookie carries ``token``."""
    now = time.time() if now is None else now
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with db.engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.created < now - ABSOLUTE_SECONDS))  # long dead, anyone's
        conn.execute(insert(sessions).values(token_hash=_token_hash(token), user_id=actor.user_id, csrf=csrf,
                                             created=now, last_seen=now, address=(address or "?")[:64]))
    return Session(actor, csrf, token)


def resume_session(db: Database, token: str | None, *, now: float | None = None, idle: float = IDLE_SECONDS,
                   absolute: float = ABSOLUTE_SECONDS) -> Session | None:
    """The session ``token`` opens, if it is live and its user still enabled (checked at every request)."""
    if not token or len(token) > 200:
        return None
    now = time.time() if now is None else now
    key = _token_hash(token)
    with db.engine.begin() as conn:
        row = conn.execute(select(sessions).where(sessions.c.token_hash == key)).first()
        if row is None:
            return None
        if now - row.last_seen > idle or now - row.created > absolute:
            conn.execute(delete(sessions).where(sessions.c.token_hash == key))
            return None
        actor = actor_of(conn, row.user_id)
        if actor is None:
            conn.execute(delete(sessions).where(sessions.c.token_hash == key))
            return None
        if now - row.last_seen > 30:  # one write a half-minute, not one per request
            conn.execute(update(sessions).where(sessions.c.token_hash == key).values(last_seen=now))
        return Session(actor, row.csrf, token)


def end_session(db: Database, token: str | None) -> None:
    if token:
        with db.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _token_hash(token)))


def register_agency_key(conn: Connection, actor: Actor) -> Any:
    """The register's key (code, name) of the actor's agency."""
    from notices.register.registry import AgencyKey

    row = conn.execute(select(agencies).where(agencies.c.id == actor.register_agency_id)).first()
    return AgencyKey(row.code, row.name, row.parent)

