"""The Decree 30 drafting and approval workflow: one state machine, in the library, over the server's drafts.

States and actions carry their Vietnamese names (the buttons show exactly :attr:`Action.label`). The order is
the one workflow.md recommends for electronic documents (the number is given before the signer signs, so her
signature covers it)::

    Dự thảo →(Trình duyệt)→ Chờ duyệt nội dung →(Duyệt nội dung)→ Chờ kiểm tra thể thức →(Duyệt thể thức)
    → Chờ duyệt ký →(Duyệt ký)→ Đã duyệt ký →(Cấp số)→ Đã cấp số →(Ký số)→ Đã ký →(Ban hành)→ Đã ban hành
    →(Thu hồi)→ Đã thu hồi

"Trả lại" (with a required "Ý kiến") sends a waiting document back to Dự thảo; a signer who refuses after
Cấp số voids the number with her reason (the register row stays, ``void``; the number is never given again).
Per agency (:func:`set_steps`) the content and format steps can be switched off, or the whole workflow
(``off``: the văn thư numbers a saved draft directly, as before). New agencies get the full chain; the
agencies that existed before revision 0006 were set ``off`` by it (they worked without it).

Every transition is a compare-and-set (``UPDATE drafts … WHERE id AND agency AND state = :seen AND head =
:seen_head``, row count checked) in the same transaction as its append-only row in ``workflow_events``
(who, with which role, from, to, the version and its SHA-256, the comment); on PostgreSQL a trigger refuses
any UPDATE or DELETE of that table. The loser of a race is told "Văn bản đã được … bởi …" and nothing
changes. Each action is allowed only to a user holding its role in the document's agency (a document of
another agency is not found, whatever her roles); "Duyệt nội dung" also needs the drafter's unit, where
both units are set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)

from notices.errors import UserError
from notices.register.db import Database, entries, metadata
from notices.server.accounts import Actor, Forbidden, NotFound, log, now_text
from notices.server.tables import ROLES, draft_issues, draft_versions, drafts, server_agencies, users

FULL = ("noi-dung", "the-thuc", "ky")
OFF = "off"

agency_workflows = Table(
    "agency_workflows", metadata,
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), primary_key=True),
    Column("steps", String(60), nullable=False),  # "noi-dung,the-thuc,ky", "ky", or "off"
    Column("changed_at", String(40), nullable=False),
)

# Append-only: one row per transition (and per edit that sent an approved text back), never changed.
workflow_events = Table(
    "workflow_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("at", String(40), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("role", String(30)),
    Column("action", String(30), nullable=False),
    Column("from_state", String(30), nullable=False),
    Column("to_state", String(30), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64)),
    Column("comment", Text),
)
Index("ix_workflow_events_draft", workflow_events.c.draft_id, workflow_events.c.id)

# A signed PDF the signer uploaded ("Tải lên bản đã ký"), kept as is under its SHA-256, with the SHA-256 of
# the numbered PDF it was checked against (its first bytes, before the signature's incremental update).
signed_files = Table(
    "signed_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("numbered_sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("at", String(40), nullable=False),
)

STATES = {
    "du_thao": "Dự thảo",
    "cho_duyet_noi_dung": "Chờ duyệt nội dung",
    "cho_kiem_tra_the_thuc": "Chờ kiểm tra thể thức",
    "cho_duyet_ky": "Chờ duyệt ký",
    "da_duyet_ky": "Đã duyệt ký",
    "dang_cap_so": "Đang cấp số",
    "da_cap_so": "Đã cấp số",
    "da_ky": "Đã ký",
    "da_ban_hanh": "Đã ban hành",
    "thu_hoi": "Đã thu hồi",
}


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button
    past: str  # "Văn bản đã được {past} bởi …"


ACTIONS = {a.name: a for a in (
    Action("trinh_duyet", "Trình duyệt", "trình duyệt"),
    Action("duyet_noi_dung", "Duyệt nội dung", "duyệt nội dung"),
    Action("duyet_the_thuc", "Duyệt thể thức", "duyệt thể thức"),
    Action("duyet_ky", "Duyệt ký", "duyệt ký"),
    Action("cap_so", "Cấp số", "cấp số"),
    Action("ky_so", "Ký số", "ký số"),
    Action("tai_len", "Tải lên bản đã ký", "tải lên bản đã ký"),
    Action("ban_hanh", "Ban hành", "ban hành"),
    Action("tra_lai", "Trả lại", "trả lại"),
    Action("thu_hoi", "Thu hồi", "thu hồi"),
    Action("sua", "Sửa sau khi duyệt", "sửa"),
)}
# (step, waiting state, its action, the role that acts there)
STEPS = (("noi-dung", "cho_duyet_noi_dung", "duyet_noi_dung", "lanh_dao_don_vi"),
         ("the-thuc", "cho_kiem_tra_the_thuc", "duyet_the_thuc", "kiem_tra_the_thuc"),
         ("ky", "cho_duyet_ky", "duyet_ky", "nguoi_ky"))
NEEDS_COMMENT = ("tra_lai", "thu_hoi")


@dataclass(frozen=True)
class Rule:
    action: str
    source: str
    target: str
    roles: tuple[str, ...]


def rules(steps: tuple[str, ...]) -> list[Rule]:
    """Every allowed (state, action) of an agency whose approval steps are ``steps``."""
    chain = [s for s in STEPS if s[0] in steps]
    found = [Rule("trinh_duyet", "du_thao", chain[0][1], ("chuyen_vien",))]
    for i, (_, state, action, role) in enumerate(chain):
        target = chain[i + 1][1] if i + 1 < len(chain) else "da_duyet_ky"
        found.append(Rule(action, state, target, (role,)))
        found.append(Rule("tra_lai", state, "du_thao", (role,)))
    found += [Rule("tra_lai", "da_duyet_ky", "du_thao", ("nguoi_ky",)),
              Rule("cap_so", "da_duyet_ky", "da_cap_so", ("van_thu",)),
              Rule("ky_so", "da_cap_so", "da_ky", ("nguoi_ky",)),
              Rule("tra_lai", "da_cap_so", "du_thao", ("nguoi_ky",)),  # the signer refuses: the number is voided
              Rule("ban_hanh", "da_ky", "da_ban_hanh", ("van_thu",)),
              Rule("thu_hoi", "da_ban_hanh", "thu_hoi", ("van_thu", "nguoi_ky"))]
    return found


# -- per-agency steps --------------------------------------------------------------------------------------

def steps_of(conn: Connection, agency_id: int) -> tuple[str, ...] | None:
    """The agency's approval steps (None: the workflow is off)."""
    value = conn.execute(select(agency_workflows.c.steps).where(agency_workflows.c.agency_id == agency_id)).scalar()
    if value is None:
        return FULL
    if value == OFF:
        return None
    return tuple(value.split(","))


def parse_steps(text: str) -> tuple[str, ...]:
    wanted = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in FULL]
    if unknown:
        raise UserError(f"--steps: không có bước “{', '.join(unknown)}”; chọn trong noi-dung, the-thuc, ky "
                        "(hoặc dùng --off để tắt quy trình duyệt).")
    if "ky" not in wanted:
        raise UserError("--steps: bước “ky” (người có thẩm quyền duyệt ký) không bỏ được (Điều 11 Nghị định "
                        "30/2020/NĐ-CP); muốn văn thư cấp số thẳng dự thảo đã lưu, hãy dùng --off.")
    return tuple(s for s in FULL if s in wanted)


def set_steps(db: Database, actor: Actor, ident: str, steps: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Set agency ``ident``'s approval steps (None: off). Only the server's operator (the console).
    Documents on their way keep their state; the new chain applies from their next transition."""
    from notices.server.accounts import normal_ident

    if not actor.system:
        raise Forbidden("Chỉ người quản trị máy chủ đặt được quy trình duyệt của cơ quan.")
    value = OFF if steps is None else ",".join(parse_steps(",".join(steps)))
    with db.engine.begin() as conn:
        agency = conn.execute(select(server_agencies.c.id)
                              .where(server_agencies.c.ident == normal_ident(ident))).scalar()
        if agency is None:
            raise UserError(f"Chưa có cơ quan mã {ident}.")
        changed = conn.execute(update(agency_workflows).where(agency_workflows.c.agency_id == agency)
                               .values(steps=value, changed_at=now_text())).rowcount
        if not changed:
            conn.execute(insert(agency_workflows).values(agency_id=agency, steps=value, changed_at=now_text()))
        log(conn, actor, "workflow_steps", ident, value, agency_id=agency)
        return steps_of(conn, agency)


# -- reading -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    at: str
    login: str
    full_name: str
    role: str | None
    action: str
    from_state: str
    to_state: str
    version: int
    sha256: str | None
    comment: str | None

    @property
    def label(self) -> str:
        return ACTIONS[self.action].label if self.action in ACTIONS else self.action

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role or "", "")


def _events(conn: Connection, draft_id: int) -> list[Event]:
    rows = conn.execute(select(workflow_events, users.c.login, users.c.full_name)
                        .join(users, users.c.id == workflow_events.c.user_id)
                        .where(workflow_events.c.draft_id == draft_id).order_by(workflow_events.c.id))
    return [Event(r.at, r.login, r.full_name, r.role, r.action, r.from_state, r.to_state, r.version, r.sha256,
                  r.comment) for r in rows]


def history(db: Database, actor: Actor, draft_id: int) -> list[Event]:
    """Lịch sử: every transition of a document in her reach, oldest first."""
    from notices.server.drafts import _get

    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return _events(conn, draft_id)


def available(db: Database, actor: Actor, draft_id: int) -> list[Action]:
    """The actions she may take on the document now (the buttons her page shows)."""
    from notices.server.drafts import _get

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        steps = steps_of(conn, actor.agency_id)  # type: ignore[arg-type]
        if steps is None:
            return []
        return [ACTIONS[r.action] for r in rules(steps)
                if r.source == info.state and any(actor.has(role) for role in r.roles)
                and _unit_ok(conn, actor, draft_id, r)]


def numbered_entry(db: Database, actor: Actor, draft_id: int) -> int | None:
    """The register row of the document's number (its numbered PDF: "Tải PDF"), if it has one."""
    from notices.server.drafts import _get

    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return conn.execute(select(draft_issues.c.entry_id).where(draft_issues.c.draft_id == draft_id)).scalar()


def editable(conn: Connection, agency_id: int, state: str) -> bool:
    """May a saved version be added in ``state``? Before Cấp số, yes (after an approval it goes back)."""
    if state == "du_thao":
        return True
    steps = steps_of(conn, agency_id)
    return steps is not None and state in {s[1] for s in STEPS} | {"da_duyet_ky"}


def after_edit(conn: Connection, agency_id: int, state: str) -> str:
    """The state a document returns to when it is edited in ``state`` (Điều 11.2: to the first approval step)."""
    steps = steps_of(conn, agency_id)
    if state == "du_thao" or steps is None:
        return state
    return rules(steps)[0].target


def edit_note(state: str, new: str) -> str | None:
    if state in ("du_thao", new):
        return None
    return (f"Văn bản đã được sửa sau khi duyệt nên trở lại bước “{STATES[new]}” (Điều 11.2 Nghị định "
            "30/2020/NĐ-CP); các bước duyệt phải làm lại trên phiên bản mới.")


def record(conn: Connection, actor: Actor, draft_id: int, action: str, source: str, target: str, version: int,
           sha256: str | None, *, role: str | None = None, comment: str | None = None) -> None:
    """Append one audit row (inside the transition's transaction)."""
    conn.execute(insert(workflow_events).values(
        draft_id=draft_id, agency_id=actor.agency_id, at=now_text(), user_id=actor.user_id, role=role, action=action,
        from_state=source, to_state=target, version=version, sha256=sha256, comment=comment))


def _sha(conn: Connection, draft_id: int, number: int) -> str | None:
    return conn.execute(select(draft_versions.c.sha256).where(draft_versions.c.draft_id == draft_id,
                                                             draft_versions.c.number == number)).scalar()


def _unit_ok(conn: Connection, actor: Actor, draft_id: int, rule: Rule) -> bool:
    if rule.roles != ("lanh_dao_don_vi",):
        return True
    mine = conn.execute(select(users.c.unit).where(users.c.id == actor.user_id)).scalar()
    author = conn.execute(select(users.c.unit).join(drafts, drafts.c.author_id == users.c.id)
                          .where(drafts.c.id == draft_id)).scalar()
    return not (mine and author and mine != author)


def raced(conn: Connection, draft_id: int) -> UserError:
    """What the loser of a race is told: who moved the document, and how."""
    from notices.server.drafts import Conflict

    last = conn.execute(select(workflow_events.c.action, workflow_events.c.at, users.c.full_name)
                        .join(users, users.c.id == workflow_events.c.user_id)
                        .where(workflow_events.c.draft_id == draft_id)
                        .order_by(workflow_events.c.id.desc()).limit(1)).first()
    if last is None:
        return Conflict("Văn bản vừa được người khác sửa; hãy tải lại trang.")
    past = ACTIONS[last.action].past if last.action in ACTIONS else last.action
    return Conflict(f"Văn bản đã được {past} bởi {last.full_name} lúc {last.at[11:16]} ngày "
                    f"{last.at[8:10]}/{last.at[5:7]}/{last.at[:4]}; không thay đổi gì. Hãy tải lại trang.")


# -- acting ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Done:
    state: str
    message: str

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def act(db: Database, actor: Actor, draft_id: int, action: str, *, state: str, head: int,
        comment: str | None = None, kind: str | None = None) -> Done:
    """Take ``action`` on the document she saw in ``state`` at version ``head``. Refused with NotFound (not in
    her agency), Forbidden (not her role), UserError (not now, no comment), Conflict (someone moved it first)."""
    from notices.server.drafts import _get, issue_draft

    if action not in ACTIONS or action == "sua":
        raise UserError(f"Không có thao tác “{action}”.")
    comment = " ".join((comment or "").split()) or None
    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)  # another agency's document: not found, whatever her roles
        steps = steps_of(conn, actor.agency_id)  # type: ignore[arg-type]
        if steps is None:
            raise UserError("Cơ quan không dùng quy trình duyệt; văn thư cấp số thẳng dự thảo đã lưu.")
        candidates = [r for r in rules(steps) if r.action == action]
        if not candidates:
            raise UserError(f"Quy trình của cơ quan không có bước “{ACTIONS[action].label}”.")
        holder = [r for r in candidates if any(actor.has(role) for role in r.roles)]
        if not holder:
            raise Forbidden(f"Chỉ {', '.join(sorted({ROLES[x] for r in candidates for x in r.roles}))} được "
                            f"“{ACTIONS[action].label}”.")
        if info.state != state or info.head != head:
            raise raced(conn, draft_id)
        rule = next((r for r in holder if r.source == state), None)
        if rule is None:
            raise UserError(f"Văn bản đang ở bước “{STATES.get(state, state)}”: không “{ACTIONS[action].label}” "
                            "được lúc này.")
        if not _unit_ok(conn, actor, draft_id, rule):
            raise Forbidden("Chỉ lãnh đạo của đơn vị soạn thảo được duyệt nội dung văn bản này.")
        if action in NEEDS_COMMENT and not comment:
            raise UserError(f"Ý kiến: cần ghi lý do khi “{ACTIONS[action].label}”.")
        if info.head == 0:
            raise UserError("Văn bản chưa được lưu lần nào; hãy bấm “Lưu” trước.")
        if action == "cap_so":
            pass  # numbered below, through the register's locked counter (drafts.issue_draft)
        else:
            role = next(r for r in rule.roles if actor.has(r))
            changed = conn.execute(update(drafts).where(
                drafts.c.id == draft_id, drafts.c.agency_id == actor.agency_id, drafts.c.state == state,
                drafts.c.head == head).values(state=rule.target, updated_at=now_text())).rowcount
            if changed != 1:
                raise raced(conn, draft_id)
            version, sha = head, _sha(conn, draft_id, head)
            voided = ""
            if action == "tra_lai" and state == "da_cap_so":
                voided = _void_number(conn, actor, draft_id, comment or "")
                version = conn.execute(select(drafts.c.head).where(drafts.c.id == draft_id)).scalar_one()
                sha = _sha(conn, draft_id, version)
            record(conn, actor, draft_id, action, state, rule.target, version, sha, role=role, comment=comment)
            log(conn, actor, f"workflow_{action}", str(draft_id), f"{state} → {rule.target}")
            said = f"Đã {ACTIONS[action].past}: văn bản chuyển sang “{STATES[rule.target]}”."
            return Done(rule.target, said + voided)
    issued = issue_draft(db, actor, draft_id, kind or info.kind, head=head, expected="da_duyet_ky")
    return Done("da_cap_so", f"Đã cấp số {issued.label} ngày {issued.date}; văn bản chuyển sang “Đã cấp số”.")


def upload_signed(db: Database, actor: Actor, draft_id: int, content: bytes, *, state: str, head: int,
                  trust: tuple[Any, ...] = ()) -> Done:
    """Tải lên bản đã ký: the signer signed the numbered PDF with her CA's own tool. Accepted only if the
    upload begins with exactly the bytes of the numbered PDF notices gave out (the signature an incremental
    update of it: not another version, not another agency's document, not a rewritten file) and
    ``notices verify`` finds every signature intact; then Đã ký, the file kept under its SHA-256."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from notices.server.drafts import _get, stored_file
    from notices.signing.verify import verify

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        if steps_of(conn, actor.agency_id) is None:  # type: ignore[arg-type]
            raise UserError("Cơ quan không dùng quy trình duyệt.")
        if not actor.has("nguoi_ky"):
            raise Forbidden(f"Chỉ {ROLES['nguoi_ky']} được “Tải lên bản đã ký”.")
        if info.state != state or info.head != head:
            raise raced(conn, draft_id)
        if state != "da_cap_so":
            raise UserError(f"Văn bản đang ở bước “{STATES.get(state, state)}”: chỉ tải lên bản đã ký của văn bản "
                            "“Đã cấp số”.")
        entry_id = conn.execute(select(draft_issues.c.entry_id).where(draft_issues.c.draft_id == draft_id)).scalar()
    if entry_id is None:
        raise UserError("Văn bản chưa có số trong sổ đăng ký.")
    _, numbered = stored_file(db, actor, entry_id, ".pdf")
    refused = "Không nhận tệp đã ký: "
    if len(content) <= len(numbered) or content[:len(numbered)] != numbered:
        raise UserError(refused + "tệp không phải bản PDF đã cấp số mà notices đưa ra (“Tải PDF”) cộng thêm chữ ký "
                        "số; có thể là phiên bản khác, văn bản khác hoặc tệp đã bị sửa. Hãy tải PDF của văn bản "
                        "này, ký số, rồi tải lên đúng tệp đã ký.")
    with tempfile.TemporaryDirectory(prefix="notices-signed-") as folder:
        path = Path(folder) / "da-ky.pdf"
        path.write_bytes(content)
        try:
            # in a thread of its own: pyHanko runs its own event loop (asyncio.run), which cannot start in a
            # thread that already runs one (an async caller)
            with ThreadPoolExecutor(1) as pool:
                checked = [c for c in pool.submit(verify, path, trust).result() if c.kind == "chữ ký"]
        except UserError as error:  # a broken file: the reason, without our temporary path
            raise UserError(refused + error.message.replace(f"{path}: ", "")) from None
    if not checked:
        raise UserError(refused + "tệp không có chữ ký số nào.")
    broken = [c for c in checked if not c.intact]
    if broken:
        raise UserError(refused + "; ".join(f"chữ ký “{c.field}” của {c.signer} không còn nguyên vẹn"
                                            f"{(' (' + c.problem + ')') if c.problem else ''}" for c in broken))
    if trust and not all(c.trusted for c in checked):
        raise UserError(refused + "chứng thư số của người ký không thuộc tổ chức chứng thực được tin cậy.")
    sha = hashlib.sha256(content).hexdigest()
    with db.engine.begin() as conn:
        changed = conn.execute(update(drafts).where(
            drafts.c.id == draft_id, drafts.c.agency_id == actor.agency_id, drafts.c.state == "da_cap_so",
            drafts.c.head == head).values(state="da_ky", updated_at=now_text())).rowcount
        if changed != 1:
            raise raced(conn, draft_id)
        conn.execute(insert(signed_files).values(
            draft_id=draft_id, agency_id=actor.agency_id, sha256=sha,
            numbered_sha256=hashlib.sha256(numbered).hexdigest(), content=content, user_id=actor.user_id,
            at=now_text()))
        signers = ", ".join(c.signer for c in checked)
        record(conn, actor, draft_id, "tai_len", "da_cap_so", "da_ky", head, sha, role="nguoi_ky",
               comment=f"Chữ ký: {signers}")
        log(conn, actor, "workflow_tai_len", str(draft_id), sha)
    return Done("da_ky", f"Đã nhận bản đã ký (chữ ký của {signers}); văn bản chuyển sang “Đã ký”.")


def _void_number(conn: Connection, actor: Actor, draft_id: int, reason: str) -> str:
    """The signer refused after Cấp số: void the number (kept in the register with the reason, never given
    again), unlink it from the draft, and make the approved text (without number) the draft's next version."""
    from notices import vn

    labels = []
    for issue in conn.execute(select(draft_issues).where(draft_issues.c.draft_id == draft_id)).all():
        row = conn.execute(select(entries.c.number, entries.c.notation).where(entries.c.id == issue.entry_id)).first()
        conn.execute(update(entries).where(entries.c.id == issue.entry_id, entries.c.status != "void").values(
            status="void", void_reason=f"Người ký trả lại: {reason}", voided_by=actor.login, voided_at=now_text()))
        labels.append(f"{vn.document_number(row.number)}/{row.notation}")
        approved = conn.execute(select(draft_versions).where(draft_versions.c.draft_id == draft_id,
                                                            draft_versions.c.number == issue.version)).first()
        number = conn.execute(update(drafts).where(drafts.c.id == draft_id).values(head=drafts.c.head + 1)
                              .returning(drafts.c.head)).scalar_one()
        conn.execute(insert(draft_versions).values(
            draft_id=draft_id, number=number, base=issue.version, kind=approved.kind, yaml=approved.yaml,
            sha256=hashlib.sha256(approved.yaml.encode("utf-8")).hexdigest(), author_id=actor.user_id,
            created_at=now_text()))
        log(conn, actor, "void", str(draft_id), labels[-1])
    conn.execute(delete(draft_issues).where(draft_issues.c.draft_id == draft_id))
    if not labels:
        return ""
    return (f" Số {', '.join(labels)} đã hủy (lý do: {reason}) và không dùng lại; dự thảo trở về bản đã duyệt, "
            "chưa có số.")


# -- what waits for me -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Waiting:
    draft_id: int
    title: str
    state: str
    action: Action
    since: str
    waited: str
    overdue: bool = False

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def _waited(since: str, now: dt.datetime) -> str:
    try:
        seconds = int((now - dt.datetime.fromisoformat(since)).total_seconds())
    except ValueError:
        return ""
    if seconds < 3600:
        return f"{max(seconds // 60, 0)} phút"
    if seconds < 86400:
        return f"{seconds // 3600} giờ"
    return f"{seconds // 86400} ngày"


def waiting_for(db: Database, actor: Actor) -> list[Waiting]:
    """Văn bản chờ tôi xử lý: per role she holds, what waits for her action in her agency, oldest first (the
    time it entered its state). A chuyên viên sees her own drafts that were returned to her. A văn thư's
    signed documents not issued by the next day are marked overdue (Điều 18.1)."""
    from notices.register.registry import vietnam_now

    if actor.system or actor.agency_id is None:
        return []
    with db.engine.begin() as conn:
        steps = steps_of(conn, actor.agency_id)
        if steps is None:
            return []
        mine = [r for r in rules(steps) if r.action not in ("tra_lai", "thu_hoi", "trinh_duyet")
                and any(actor.has(role) for role in r.roles)]
        by_state = {r.source: r for r in mine}
        where = [drafts.c.agency_id == actor.agency_id]
        rows = conn.execute(select(drafts.c.id, drafts.c.title, drafts.c.state, drafts.c.author_id,
                                   drafts.c.updated_at).where(*where, drafts.c.state.in_(
                                       [*by_state, "du_thao"]))).all()
        last = {}
        if rows:
            ids = [r.id for r in rows]
            for event, draft, at, action in conn.execute(
                    select(workflow_events.c.id, workflow_events.c.draft_id, workflow_events.c.at,
                           workflow_events.c.action)
                    .where(workflow_events.c.draft_id.in_(ids)).order_by(workflow_events.c.id)):
                last[draft] = (at, event, action)
    now = vietnam_now()
    found: list[tuple[str, int, Waiting]] = []
    for r in rows:
        since, event, last_action = last.get(r.id, (r.updated_at, 0, None))
        if r.state == "du_thao":  # returned to its drafter
            if not (actor.has("chuyen_vien") and r.author_id == actor.user_id and last_action == "tra_lai"):
                continue
            action = ACTIONS["trinh_duyet"]
        else:
            rule = by_state[r.state]
            if not _unit_ok_ids(actor, rule, r.author_id, db):
                continue
            action = ACTIONS[rule.action]
        overdue = False
        if r.state == "da_ky":
            try:
                overdue = (now.date() - dt.datetime.fromisoformat(since).date()).days > 1
            except ValueError:
                pass
        found.append((since, event, Waiting(r.id, r.title, r.state, action, since, _waited(since, now), overdue)))
    found.sort(key=lambda item: (item[0], item[1], item[2].draft_id))  # oldest first; one second: by event
    return [w for _, _, w in found]


def _unit_ok_ids(actor: Actor, rule: Rule, author_id: int, db: Database) -> bool:
    if rule.roles != ("lanh_dao_don_vi",):
        return True
    with db.engine.begin() as conn:
        mine = conn.execute(select(users.c.unit).where(users.c.id == actor.user_id)).scalar()
        author = conn.execute(select(users.c.unit).where(users.c.id == author_id)).scalar()
    return not (mine and author and mine != author)


__all__ = ["ACTIONS", "STATES", "NotFound", "act", "available", "history", "set_steps", "waiting_for"]
