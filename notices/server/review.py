"""The review half of the drafting workflow: the format check, comments, the difference between two versions,
recall in the register and replacement (issue 23, items 3, 4 and 7).

**The format check is real.** Entering "Chờ kiểm tra thể thức" (from "Duyệt nội dung", or from "Trình duyệt"
where the content step is off) renders the version the document entered with, DOCX and PDF as "Tải về"
writes them (:func:`notices.render.document_bytes`), and runs ``notices check``
(:func:`notices.check.check`) on both. It runs *right after* the transition's transaction commits, in the
same request (:func:`entered`), not inside it: rendering and reading back take about a second, and a
transaction held open that long would keep the draft's row locked from every other reader and writer;
the transition is never lost because the check failed. A check that cannot run (a record that does not
validate, a writer or reader that fails) is itself a finding. If the process died between the two, the
checker's page runs it (:func:`ensure_checked`); until a check of the version exists, "Duyệt thể thức" counts
it as an open finding. Findings are append-only rows (``format_checks``) with the version, its SHA-256 and
the rendered file's SHA-256; "Duyệt thể thức" with open findings requires an "Ý kiến".

**Comments** (Ý kiến) on the document or on one field: append-only rows (``review_comments``): who, role,
when, the version and its SHA-256, the field's path shown with its Vietnamese label.

**Lịch sử** shows the difference between two versions field by field (:func:`diff`), in the form's labels
(:func:`notices.web.form.label_path` through :func:`notices.records.messages.field_name`), from the two
versions' YAML read by the project's reader.

**Thu hồi** (Điều 18.3–18.4, PL VI III.8): the register row stays ``issued`` (its archived files stay readable
and ``archive verify`` still checks them), the recall is written on it (``void_reason``/``voided_by``/
``voided_at``, which the register prints in Ghi chú as "Đã thu hồi …"), and its number is never given again
(the counter never goes back). **Thay thế**: from an issued or recalled document, a chuyên viên starts a new
draft whose record names the replaced document (``replaces``: its số, ký hiệu and date), linked both ways
(``replacements``), and it goes through the whole chain.

On PostgreSQL a trigger refuses UPDATE and DELETE of the three tables; on SQLite triggers of its own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from notices.errors import UserError
from notices.register.db import Database, entries, metadata
from notices.register.export import RECALLED  # how a recall's reason begins in the register row
from notices.server.accounts import Actor, Forbidden, NotFound, log, now_text
from notices.server.tables import ROLES, draft_issues, draft_versions, drafts, users

CHECKING = "cho_kiem_tra_the_thuc"
FORMATS = ("docx", "pdf")
MAX_COMMENT = 4000

# Append-only: one row per format per run of the check on a version.
format_checks = Table(
    "format_checks", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),  # the version's (its YAML text's)
    Column("fmt", String(8), nullable=False),  # docx, pdf
    Column("file_sha256", String(64)),  # the rendered file's; none when it could not be rendered
    Column("ran", Boolean, nullable=False),  # False: the check could not run (itself a finding)
    Column("findings", Text, nullable=False),  # JSON: [{rule, element, message, quote, ref}]
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),  # whose action started it
    Column("at", String(40), nullable=False),
)
Index("ix_format_checks_draft", format_checks.c.draft_id, format_checks.c.version, format_checks.c.id)

# Append-only: one row per Ý kiến, on the document or on one of its fields.
review_comments = Table(
    "review_comments", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("role", String(30)),
    Column("at", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("field", String(300)),  # the record's path ("conclusions.items[2].text"); none: the whole document
    Column("text", Text, nullable=False),
)
Index("ix_review_comments_draft", review_comments.c.draft_id, review_comments.c.id)

# Append-only: a draft that replaces an issued (or recalled) document of the same agency.
replacements = Table(
    "replacements", metadata,
    Column("draft_id", Integer, ForeignKey("drafts.id"), primary_key=True),  # the new document
    Column("replaced_id", Integer, ForeignKey("drafts.id"), nullable=False, unique=True),  # one replacement each
    Column("entry_id", Integer, ForeignKey("entries.id"), nullable=False),  # the replaced number
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("at", String(40), nullable=False),
)

APPEND_ONLY_TABLES = ("format_checks", "review_comments", "replacements")


# -- the format check --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    rule: str
    element: str
    message: str
    quote: str = ""
    ref: str = ""


@dataclass(frozen=True)
class FormatCheck:
    fmt: str
    version: int
    sha256: str
    file_sha256: str | None
    ran: bool
    findings: tuple[Finding, ...]
    at: str
    by: str

    @property
    def label(self) -> str:
        return self.fmt.upper()


@dataclass(frozen=True)
class CheckResult:
    """The newest check of one version: one :class:`FormatCheck` per format (none: not checked yet)."""

    version: int
    checks: tuple[FormatCheck, ...] = ()

    @property
    def done(self) -> bool:
        return {c.fmt for c in self.checks} == set(FORMATS)

    @property
    def findings(self) -> int:
        return sum(len(c.findings) for c in self.checks)

    @property
    def open(self) -> bool:
        """Open findings: any finding, a check that could not run, or no check at all."""
        return not self.done or self.findings > 0


def _unrun(message: str) -> tuple[Finding, ...]:
    return (Finding("khong-kiem-tra-duoc", "Văn bản", message),)


def _render_and_check(db: Database, actor: Actor, yaml_text: str, kind: str) -> list[tuple[str, str | None, bool,
                                                                                           tuple[Finding, ...]]]:
    """(format, file SHA-256, ran, findings) for DOCX and PDF of the record ``yaml_text``; never raises for
    the record's or the writers' faults: they are findings."""
    from notices.errors import RecordError
    from notices.server.drafts import agency_profile, working

    try:
        office, _ = agency_profile(db, actor)
        with working(office) as folder:
            from notices.check import Unreadable, check
            from notices.check.report import REFS
            from notices.records.load import validate_text
            from notices.render import compose_one, document_bytes, file_stem

            try:
                loaded = validate_text(yaml_text, folder / "ho-so.yaml")
                document = compose_one(loaded, kind)
            except RecordError as error:
                said = _unrun("Hồ sơ chưa hợp lệ nên chưa tạo được văn bản để kiểm tra thể thức: "
                              + " ".join(str(error).split())[:1500])
                return [(fmt, None, False, said) for fmt in FORMATS]
            found = []
            for fmt in FORMATS:
                try:
                    content = document_bytes(loaded, document, fmt, file_stem(document))
                except UserError as error:
                    found.append((fmt, None, False, _unrun(f"Không tạo được tệp {fmt.upper()}: {error.message}")))
                    continue
                path = folder / f"kiem-tra.{fmt}"
                path.write_bytes(content)
                sha = hashlib.sha256(content).hexdigest()
                try:
                    report = check(path)
                except Unreadable as error:
                    found.append((fmt, sha, False, _unrun(f"Không đọc được tệp {fmt.upper()} vừa tạo: {error}")))
                    continue
                found.append((fmt, sha, True, tuple(Finding(v.rule, v.element, v.message, v.quote or "",
                                                            REFS.get(v.rule, "")) for v in report.violations)))
            return found
    except Exception as error:  # noqa: BLE001  (a check that cannot run is itself a finding, never lost)
        said = _unrun(f"Không chạy được kiểm tra thể thức ({type(error).__name__}: {error}).")
        return [(fmt, None, False, said) for fmt in FORMATS]


def run_check(db: Database, actor: Actor, draft_id: int, version: int | None = None) -> CheckResult:
    """Render version ``version`` (None: the newest) of a document in her reach, DOCX and PDF, run ``notices
    check`` on both and append the findings; the result."""
    from notices.server.drafts import _get, _version

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        number = info.head if version is None else version
        found = _version(conn, draft_id, number)
    if found is None:
        raise NotFound("Không có phiên bản này.")
    results = _render_and_check(db, actor, found.yaml, found.kind)
    with db.engine.begin() as conn:
        moment = now_text()
        for fmt, sha, ran, findings in results:
            conn.execute(insert(format_checks).values(
                draft_id=draft_id, agency_id=actor.agency_id, version=number, sha256=found.sha256, fmt=fmt,
                file_sha256=sha, ran=ran, findings=json.dumps([f.__dict__ for f in findings], ensure_ascii=False),
                user_id=actor.user_id, at=moment))
        log(conn, actor, "format_check", f"{draft_id}/{number}", str(sum(len(r[3]) for r in results)))
        return _result(conn, draft_id, number)


def _result(conn: Connection, draft_id: int, version: int) -> CheckResult:
    rows = conn.execute(select(format_checks, users.c.full_name).join(users, users.c.id == format_checks.c.user_id)
                        .where(format_checks.c.draft_id == draft_id, format_checks.c.version == version)
                        .order_by(format_checks.c.id.desc())).all()
    newest: dict[str, FormatCheck] = {}
    for r in rows:
        if r.fmt not in newest:
            newest[r.fmt] = FormatCheck(r.fmt, r.version, r.sha256, r.file_sha256, r.ran,
                                        tuple(Finding(**f) for f in json.loads(r.findings)), r.at, r.full_name)
    return CheckResult(version, tuple(newest[f] for f in FORMATS if f in newest))


def check_result(db: Database, actor: Actor, draft_id: int, version: int | None = None) -> CheckResult:
    """The newest check of a version (None: the newest version) of a document in her reach."""
    from notices.server.drafts import _get

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        return _result(conn, draft_id, info.head if version is None else version)


def ensure_checked(db: Database, actor: Actor, draft_id: int) -> CheckResult:
    """The check of the newest version of a document waiting for its format check; run now if it never ran
    (the process that moved it there stopped before its check)."""
    found = check_result(db, actor, draft_id)
    info = _info(db, actor, draft_id)
    if info.state == CHECKING and not found.checks and info.head:
        return run_check(db, actor, draft_id)
    return found


def _info(db: Database, actor: Actor, draft_id: int) -> Any:
    from notices.server.drafts import get_draft

    return get_draft(db, actor, draft_id)


def require_comment(conn: Connection, draft_id: int, version: int, comment: str | None) -> None:
    """"Duyệt thể thức" of a version with open findings needs an "Ý kiến" (inside the transition)."""
    if comment:
        return
    found = _result(conn, draft_id, version)
    if not found.done:
        raise UserError("Ý kiến: chưa có kết quả kiểm tra thể thức của phiên bản này; muốn duyệt thể thức vẫn "
                        "phải ghi ý kiến (hoặc tải lại trang để kiểm tra).")
    if found.open:
        raise UserError(f"Ý kiến: kiểm tra thể thức còn {found.findings} lỗi chưa xử lý; muốn duyệt thể thức vẫn "
                        "phải ghi ý kiến (vì sao chấp nhận).")


def entered(db: Database, actor: Actor, draft_id: int, done: Any) -> Any:
    """After a transition committed: a document that entered "Chờ kiểm tra thể thức" is checked now; the
    transition's answer says what the check found."""
    if done.state != CHECKING:
        return done
    try:
        result = run_check(db, actor, draft_id)
    except Exception as error:  # noqa: BLE001  (the transition stays; the checker's page runs it again)
        return type(done)(done.state, f"{done.message} Chưa kiểm tra được thể thức ({type(error).__name__}).")
    said = ("Kiểm tra thể thức: không có lỗi." if not result.open
            else f"Kiểm tra thể thức: {result.findings} lỗi cần xem.")
    return type(done)(done.state, f"{done.message} {said}")


# -- comments ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comment:
    at: str
    full_name: str
    role: str | None
    version: int
    sha256: str
    field: str | None
    field_label: str | None
    text: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role or "", "")


# The role a comment is signed with: the reviewing roles first (the one that answers for the document now).
ROLE_ORDER = ("nguoi_ky", "kiem_tra_the_thuc", "lanh_dao_don_vi", "van_thu", "chuyen_vien", "quan_tri")


def add_comment(db: Database, actor: Actor, draft_id: int, text: str, *, version: int,
                path: str | None = None) -> Comment:
    """Append an Ý kiến on version ``version`` of a document in her reach, on the whole document or on the
    field ``path`` (one of :func:`fields`); never edited or deleted."""
    import unicodedata

    from notices.server.drafts import _get, _version

    text = unicodedata.normalize("NFC", (text or "").strip())
    path = (path or "").strip() or None
    if not text:
        raise UserError("Ý kiến: hãy ghi nội dung ý kiến.")
    if len(text) > MAX_COMMENT:
        raise UserError(f"Ý kiến: tối đa {MAX_COMMENT} ký tự.")
    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        found = _version(conn, draft_id, version)
        if found is None:
            raise NotFound("Không có phiên bản này.")
        if path is not None and path not in dict(fields(found.yaml)):
            raise UserError(f"Trường: phiên bản {version} không có trường “{path}”.")
        role = next((r for r in ROLE_ORDER if r in actor.roles), None)
        conn.execute(insert(review_comments).values(
            draft_id=draft_id, agency_id=actor.agency_id, user_id=actor.user_id, role=role, at=now_text(),
            version=version, sha256=found.sha256, field=path, text=text))
        log(conn, actor, "comment", f"{draft_id}/{version}", path)
        return _comments(conn, draft_id)[-1]


def _comments(conn: Connection, draft_id: int) -> list[Comment]:
    rows = conn.execute(select(review_comments, users.c.full_name)
                        .join(users, users.c.id == review_comments.c.user_id)
                        .where(review_comments.c.draft_id == draft_id).order_by(review_comments.c.id)).all()
    return [Comment(r.at, r.full_name, r.role, r.version, r.sha256, r.field,
                    label_of(r.field) if r.field else None, r.text) for r in rows]


def comments(db: Database, actor: Actor, draft_id: int) -> list[Comment]:
    """Every Ý kiến on a document in her reach, oldest first."""
    from notices.server.drafts import _get

    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        return _comments(conn, draft_id)


# -- fields and the difference between versions ------------------------------------------------------------

def _loc(path: str) -> tuple[Any, ...]:
    """"conclusions.items[2].text" → ("conclusions", "items", 1, "text")."""
    import re

    loc: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        loc.append(int(index) - 1 if index else name)
    return tuple(loc)


def label_of(path: str) -> str:
    """A record path in the form's Vietnamese labels, the document's name first: "Thông báo › Trích yếu",
    "Kết luận › Nội dung 2"."""
    from notices.records.messages import field_name, form_words
    from notices.web.form import label_path

    loc = _loc(path)
    with form_words(label_path):
        text = field_name(loc)
    if len(loc) > 2 and loc[0] == "documents":
        from notices import kinds

        kind = str(loc[1])
        if kind in kinds.keys():
            text = f"{kinds.kind(kind).label} › {text}"
    return text


def _flat(value: Any, loc: tuple[Any, ...], out: dict[tuple[Any, ...], str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(inner, (*loc, str(key)), out)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flat(inner, (*loc, index), out)
        if not value and loc:
            out[loc] = ""
    elif value is not None and loc:
        out[loc] = value.isoformat() if hasattr(value, "isoformat") else str(value)


def flatten(yaml_text: str) -> dict[str, str]:
    """Every leaf of a record (its YAML read by the project's reader), as path → text, in the file's order."""
    from notices.records.messages import path_name
    from notices.records.yamlsource import YamlSyntaxError, parse

    try:
        data = parse(yaml_text).data
    except YamlSyntaxError:
        return {}
    out: dict[tuple[Any, ...], str] = {}
    _flat(data if isinstance(data, dict) else {}, (), out)
    return {path_name(loc): text for loc, text in out.items()}


def fields(yaml_text: str) -> list[tuple[str, str]]:
    """(path, Vietnamese label) of every field a version has: what a comment may be about."""
    return [(path, label_of(path)) for path in flatten(yaml_text)]


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    old: str | None  # None: not in the older version
    new: str | None  # None: not in the newer one

    def __str__(self) -> str:
        old = "(không có)" if self.old is None else f"“{self.old}”"
        new = "(bỏ)" if self.new is None else f"“{self.new}”"
        return f"{self.label}: {old} → {new}"


def diff(old_yaml: str, new_yaml: str) -> list[Change]:
    """Field by field, what changed from one version to another, in the newer version's order (then what
    it dropped)."""
    old, new = flatten(old_yaml), flatten(new_yaml)
    changes = [Change(p, label_of(p), old.get(p), v) for p, v in new.items() if old.get(p) != v]
    changes += [Change(p, label_of(p), v, None) for p, v in old.items() if p not in new]
    return changes


@dataclass(frozen=True)
class Comparison:
    old: int
    new: int
    changes: list[Change] = field(default_factory=list)
    choices: tuple[int, ...] = ()
    approvals: tuple[tuple[str, int], ...] = ()  # (action label, version) of every sign-off


def compare(db: Database, actor: Actor, draft_id: int, old: int | None = None, new: int | None = None
            ) -> Comparison | None:
    """The difference between two versions of a document in her reach (default: the version of its last
    sign-off, else the one before the newest, against the newest); None when it has fewer than two."""
    from notices.server.chain import ACTIONS, workflow_events
    from notices.server.drafts import _get, _version

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)
        if info.head < 2 and old is None:
            return None
        approvals = tuple((ACTIONS[a].label, v) for a, v in conn.execute(
            select(workflow_events.c.action, workflow_events.c.version)
            .where(workflow_events.c.draft_id == draft_id,
                   workflow_events.c.action.in_(("duyet_noi_dung", "duyet_the_thuc", "duyet_ky")))
            .order_by(workflow_events.c.id)))
        new = info.head if new is None else new
        if old is None:
            earlier = [v for _, v in approvals if v != new]
            old = earlier[-1] if earlier else max(new - 1, 1)
        first, second = _version(conn, draft_id, old), _version(conn, draft_id, new)
        if first is None or second is None:
            raise NotFound("Không có phiên bản này.")
        return Comparison(old, new, diff(first.yaml, second.yaml), tuple(range(1, info.head + 1)), approvals)


# -- recall in the register, and replacement ---------------------------------------------------------------

def recall_entry(conn: Connection, actor: Actor, draft_id: int, reason: str) -> str:
    """Thu hồi (inside the transition): the document's register rows stay ``issued`` (files kept, number
    never given again), with the recall written on them; the numbers, for the answer."""
    from notices import vn

    labels = []
    for entry_id in conn.execute(select(draft_issues.c.entry_id).where(draft_issues.c.draft_id == draft_id)).scalars():
        row = conn.execute(select(entries.c.number, entries.c.notation).where(entries.c.id == entry_id)).first()
        conn.execute(update(entries).where(entries.c.id == entry_id, entries.c.status == "issued",
                                           entries.c.void_reason.is_(None))
                     .values(void_reason=RECALLED + reason, voided_by=actor.login, voided_at=now_text()))
        labels.append(f"{vn.document_number(row.number)}/{row.notation}")
        log(conn, actor, "recall", str(draft_id), labels[-1])
    return ", ".join(labels)


def recall_note(void_reason: str | None) -> str | None:
    """The recall's reason of an issued register row, or None when it was not recalled."""
    if void_reason and void_reason.startswith(RECALLED):
        return void_reason[len(RECALLED):]
    return None


@dataclass(frozen=True)
class Link:
    draft_id: int
    title: str
    label: str  # the replaced number: "01/TB-UBND"


def links(db: Database, actor: Actor, draft_id: int) -> tuple[Link | None, list[Link]]:
    """(the document this one replaces, the documents that replace this one), each in her reach."""
    from notices.server.drafts import _get, _visible

    def link(conn: Connection, other: int, entry_id: int) -> Link:
        from notices import vn

        row = conn.execute(select(entries.c.number, entries.c.notation).where(entries.c.id == entry_id)).first()
        title = conn.execute(select(drafts.c.title).where(drafts.c.id == other)).scalar() or ""
        return Link(other, title, f"{vn.document_number(row.number)}/{row.notation}")

    with db.engine.begin() as conn:
        _get(conn, actor, draft_id)
        mine = _visible(actor)
        up = conn.execute(select(replacements.c.replaced_id, replacements.c.entry_id)
                          .join(drafts, drafts.c.id == replacements.c.replaced_id)
                          .where(replacements.c.draft_id == draft_id, *mine)).first()
        down = conn.execute(select(replacements.c.draft_id, replacements.c.entry_id)
                            .join(drafts, drafts.c.id == replacements.c.draft_id)
                            .where(replacements.c.replaced_id == draft_id, *mine)
                            .order_by(replacements.c.draft_id)).all()
        return (link(conn, up[0], up[1]) if up else None), [link(conn, d, e) for d, e in down]


REPLACEABLE = ("da_ban_hanh", "thu_hoi")
REPLACERS = ("chuyen_vien",)


def may_replace(actor: Actor, state: str) -> bool:
    return state in REPLACEABLE and any(actor.has(r) for r in REPLACERS) and not actor.system


def replace(db: Database, actor: Actor, draft_id: int) -> Any:
    """Thay thế (Điều 18.3: a content error is fixed by a document of the same form that replaces it): a
    new draft of her agency, its record the issued one without number and date, naming the replaced
    document in ``replaces`` (and saying so in its body), linked to it; it goes through the whole chain."""
    import unicodedata

    from sqlalchemy.exc import IntegrityError

    from notices import kinds, vn
    from notices.records.yamlsource import parse
    from notices.server.chain import Conflict, record
    from notices.server.drafts import _get, _version, title_of
    from notices.web.service import to_yaml

    with db.engine.begin() as conn:
        info = _get(conn, actor, draft_id)  # another agency's document: not found
        if not any(actor.has(r) for r in REPLACERS) or actor.system:
            raise Forbidden(f"Chỉ {ROLES['chuyen_vien']} soạn được văn bản thay thế.")
        if info.state not in REPLACEABLE:
            raise UserError(f"Văn bản đang ở bước “{info.state_label}”: chỉ thay thế văn bản đã ban hành hoặc đã "
                            "thu hồi.")
        issue = conn.execute(select(draft_issues.c.entry_id, draft_issues.c.kind, entries.c.number,
                                    entries.c.notation, entries.c.issued_on, entries.c.kind_label)
                             .join(entries, entries.c.id == draft_issues.c.entry_id)
                             .where(draft_issues.c.draft_id == draft_id)).first()
        if issue is None:
            raise UserError("Văn bản chưa có số trong sổ đăng ký: không có gì để thay thế.")
        version = _version(conn, draft_id, info.head)
    assert version is not None
    cited = (f"{issue.kind_label} số {vn.document_number(issue.number)}/{issue.notation} "
             f"ngày {issue.issued_on.strftime('%d/%m/%Y')}")
    data = parse(version.yaml).data
    document = dict(((data.get("documents") or {}).get(issue.kind)) or {})
    for key in ("number", "date"):
        document[key] = None
    document["year"] = None
    document["replaces"] = cited
    name = kinds.kind(issue.kind).name if issue.kind in kinds.keys() else issue.kind_label
    sentence = f"{name} này thay thế {cited}."
    body = [t for t in (document.get("body") or []) if t != sentence]
    document["body"] = [*body, sentence]
    data = {**data, "documents": {**(data.get("documents") or {}), issue.kind: document}}
    text = unicodedata.normalize("NFC", to_yaml(data, version.yaml))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:  # the new draft, its first version, the link and the audit row: all or nothing
        with db.engine.begin() as conn:
            moment = now_text()
            created = conn.execute(insert(drafts).values(
                agency_id=actor.agency_id, author_id=actor.user_id, kind=info.kind, title=title_of(text) or info.title,
                state="du_thao", head=1, created_at=moment, updated_at=moment).returning(drafts.c.id)).scalar_one()
            conn.execute(insert(draft_versions).values(
                draft_id=created, number=1, base=None, kind=info.kind, yaml=text, sha256=sha, author_id=actor.user_id,
                created_at=moment))
            conn.execute(insert(replacements).values(draft_id=created, replaced_id=draft_id, entry_id=issue.entry_id,
                                                     agency_id=actor.agency_id, user_id=actor.user_id, at=moment))
            record(conn, actor, draft_id, "thay_the", info.state, info.state, info.head, version.sha256,
                   role="chuyen_vien", comment=f"Văn bản thay thế: dự thảo số {created}")
            log(conn, actor, "replace", str(draft_id), str(created))
    except IntegrityError:  # someone made its replacement first
        _, made = links(db, actor, draft_id)
        where = f" (dự thảo số {made[0].draft_id})" if made else ""
        raise Conflict(f"Văn bản đã có văn bản thay thế{where}; hãy mở văn bản đó.") from None
    return _info(db, actor, created)

