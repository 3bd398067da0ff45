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
    Connection,
    delete,
    insert,
    select,
    update,
)

from notices.errors import UserError
from notices.register.db import Database, entries
from notices.server import review
from notices.server.accounts import Actor, Forbidden, NotFound, log, now_text
from notices.server.chain import (  # noqa: F401  (read here, and by callers of workflow)
    ACTIONS,
    FULL,
    NEEDS_COMMENT,
    OFF,
    STATES,
    STEPS,
    Action,
    Rule,
    _sha,
    after_edit,
    agency_workflows,
    edit_note,
    editable,
    parse_steps,
    raced,
    record,
    rules,
    set_steps,
    signed_files,
    steps_of,
    workflow_events,
)
from notices.server.tables import ROLES, draft_issues, draft_versions, drafts, users

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







def _unit_ok(conn: Connection, actor: Actor, draft_id: int, rule: Rule) -> bool:
    if rule.roles != ("lanh_dao_don_vi",):
        return True
    mine = conn.execute(select(users.c.unit).where(users.c.id == actor.user_id)).scalar()
    author = conn.execute(select(users.c.unit).join(drafts, drafts.c.author_id == users.c.id)
                          .where(drafts.c.id == draft_id)).scalar()
    return not (mine and author and mine != author)



# -- acting ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Done:
    state: str
    message: str

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def act(db: Database, actor: Actor, draft_id: int, action: str, *, state: str, head: int,
        comment: str | None = None, kind: str | None = None, material: Any = None) -> Done:
    """Take ``action`` on the document she saw in ``state`` at version ``head``. Refused with NotFound (not in
    her agency), Forbidden (not her role), UserError (not now, no comment), Conflict (someone moved it first)."""
    from notices.server.drafts import _get, issue_draft

    if action not in ACTIONS or action in ("sua", "thay_the"):
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
        if action == "duyet_the_thuc":  # open findings of the format check need an Ý kiến
            review.require_comment(conn, draft_id, head, comment)
        if action in ("cap_so", "ky_so", "ban_hanh"):
            pass  # numbered below (drafts.issue_draft); signed and sealed below (notices.server.sealing)
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
            if action == "thu_hoi":  # the register row keeps its number and files, with the recall written on it
                recalled = review.recall_entry(conn, actor, draft_id, comment or "")
                voided = f" Số {recalled} ghi “đã thu hồi” trong sổ, không cấp lại." if recalled else ""
            record(conn, actor, draft_id, action, state, rule.target, version, sha, role=role, comment=comment)
            log(conn, actor, f"workflow_{action}", str(draft_id), f"{state} → {rule.target}")
            said = f"Đã {ACTIONS[action].past}: văn bản chuyển sang “{STATES[rule.target]}”."
            done = Done(rule.target, said + voided)
    if action == "ky_so":  # signed on the server (notices.server.sealing), then accepted as an upload is
        from notices.server import sealing
        from notices.server.signature_image import missing_note, own_info

        signed = sealing.sign_numbered(db, actor, draft_id, material or sealing.Material())
        done = upload_signed(db, actor, draft_id, signed, state=state, head=head, action="ky_so")
        return done if own_info(db, actor) else Done(done.state, f"{done.message} {missing_note()}")
    if action == "ban_hanh":  # the agency's signature added, archived with the register row
        from notices.server import sealing

        return Done(*sealing.issue_sealed(db, actor, draft_id, state=state, head=head,
                                          material=material or sealing.Material()))
    if action != "cap_so":
        return review.entered(db, actor, draft_id, done)  # after the commit: the format check, if it entered it
    issued = issue_draft(db, actor, draft_id, kind or info.kind, head=head, expected="da_duyet_ky")
    return Done("da_cap_so", f"Đã cấp số {issued.label} ngày {issued.date}; văn bản chuyển sang “Đã cấp số”.")


def upload_signed(db: Database, actor: Actor, draft_id: int, content: bytes, *, state: str, head: int,
                  trust: tuple[Any, ...] = (), action: str = "tai_len") -> Done:
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
    from notices.server.sealing import check_signer, signer_of

    check_signer(signer_of(db, actor, draft_id)[1], [c.signer for c in checked], refused)
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
        record(conn, actor, draft_id, action, "da_cap_so", "da_ky", head, sha, role="nguoi_ky",
               comment=f"Chữ ký: {signers}")
        log(conn, actor, f"workflow_{action}", str(draft_id), sha)
    said = "Đã ký số" if action == "ky_so" else "Đã nhận bản đã ký"
    return Done("da_ky", f"{said} (chữ ký của {signers}); văn bản chuyển sang “Đã ký”.")


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
