"""The workflow's states, actions, steps and audit rows: what the drafts (saving, Cấp số) and the state
machine (notices.server.workflow) both read. Drafts import this module; the workflow imports both.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    insert,
    select,
    update,
)

from notices.errors import UserError
from notices.register.db import Database, metadata
from notices.server.accounts import Actor, Forbidden, log, now_text
from notices.server.tables import draft_versions, server_agencies, users

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
    Action("thay_the", "Thay thế", "thay thế"),  # a new draft replaces it (notices.server.review)
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



class Conflict(UserError):
    """A compare-and-set found the draft changed by someone else (the web answers 409)."""


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

def raced(conn: Connection, draft_id: int) -> UserError:
    """What the loser of a race is told: who moved the document, and how."""
    last = conn.execute(select(workflow_events.c.action, workflow_events.c.at, users.c.full_name)
                        .join(users, users.c.id == workflow_events.c.user_id)
                        .where(workflow_events.c.draft_id == draft_id)
                        .order_by(workflow_events.c.id.desc()).limit(1)).first()
    if last is None:
        return Conflict("Văn bản vừa được người khác sửa; hãy tải lại trang.")
    past = ACTIONS[last.action].past if last.action in ACTIONS else last.action
    return Conflict(f"Văn bản đã được {past} bởi {last.full_name} lúc {last.at[11:16]} ngày "
                    f"{last.at[8:10]}/{last.at[5:7]}/{last.at[:4]}; không thay đổi gì. Hãy tải lại trang.")
