"""Hồ sơ, scoped to one agency: the Danh mục stored, documents filed (linked, never copied), closed with
its Mục lục, reopened (logged), listed when due for nộp lưu, handed over.

Every function takes the acting agency (:class:`~notices.register.registry.AgencyKey`) and never reads
or changes another agency's rows. Every state change is a compare-and-set on ``hoso_files.version``
(and the expected state), so two people closing and filing at once cannot both win.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from notices import vn
from notices.errors import UserError
from notices.hoso.plan import LoadedPlan, plan_files, retention_years
from notices.hoso.tables import attachments, headings, hoso_files, items, log, plans
from notices.register.db import Database, blobs, entries, files, files_with_bytes
from notices.register.registry import (
    AgencyKey,
    Clock,
    Entry,
    agency_filter,
    agency_id,
    current_user,
    entries_where,
    find,
    vietnam_now,
    vietnam_today,
)

REMIND_DAYS = 30  # PL VI III.5.b: named this many days before a hồ sơ is due for nộp lưu
SUBMIT_AFTER_YEARS = 1  # Đ30.2: nộp lưu within one year after the work ends
MUST_SUBMIT_YEARS = 5  # Đ31.3.c: hồ sơ kept five years or more go to the agency's archive


@dataclass(frozen=True)
class HoSo:
    """One hồ sơ (Phụ lục VI Phần II, III): its code, title, retention, state and, once closed, its totals."""

    id: int
    agency_code: str
    agency_name: str
    organ_id: str
    year: int
    notation: str
    title: str
    maintenance: str
    rights: str
    creator: str
    language: str
    description: str
    state: str
    start_date: dt.date | None
    end_date: dt.date | None
    doc_total: int | None
    page_total: int | None
    closed_at: str | None
    submitted_to: str | None
    submitted_at: str | None
    version: int
    heading: str = ""
    subheading: str = ""

    @property
    def years(self) -> int | None:
        return retention_years(self.maintenance)

    @property
    def period(self) -> str:
        """Thời gian tài liệu: 'dd/mm/yyyy - dd/mm/yyyy' (the same day once when it starts and ends then)."""
        if not self.start_date:
            return ""
        first, last = f"{self.start_date:%d/%m/%Y}", f"{self.end_date:%d/%m/%Y}"
        return first if first == last else f"{first} - {last}"

    def due_date(self) -> dt.date | None:
        """Đ30.2: one year after the work ends (the last document), for hồ sơ that must go (Đ31.3.c)."""
        if self.end_date is None or (self.years is not None and self.years < MUST_SUBMIT_YEARS):
            return None
        return _add_years(self.end_date, SUBMIT_AFTER_YEARS)


@dataclass(frozen=True)
class Item:
    """A document in a hồ sơ: its register row, DocOrdinal, PageAmount and archived PDF."""

    entry: Entry
    ordinal: int
    pages: int
    pdf_name: str
    pdf_sha256: str
    first_page: int = 1  # Tờ số/Trang số: where it starts in the hồ sơ


@dataclass(frozen=True)
class Attachment:
    role: str
    name: str
    sha256: str
    size: int


@dataclass
class Contents:
    """A hồ sơ with its documents (in DocOrdinal order) and attachments."""

    hoso: HoSo
    items: list[Item] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def file_count(self) -> int:
        """Tệp tin trong hồ sơ: each document's PDF and each tài liệu (not the Mục lục made at closing)."""
        return len(self.items) + sum(1 for a in self.attachments if a.role != "index")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _stamp(now: Clock | None) -> str:
    return vietnam_now(now).isoformat(timespec="seconds")


def _aid(conn: Connection, agency: AgencyKey, *, create: bool = False) -> int:
    found = agency_id(conn, agency, create=create)
    if found is None:
        raise UserError(f"Cơ sở dữ liệu chưa có cơ quan {agency.name} ({agency.code}): hãy nạp Danh mục hồ sơ "
                        "(notices hoso plan) trước.")
    return found


# ---------------------------------------------------------------- Danh mục


def store_plan(db: Database, agency: AgencyKey, loaded: LoadedPlan, *, by: str | None = None,
               now: Clock | None = None) -> int:
    """Store (or replace) the agency's Danh mục for its year; returns the number of hồ sơ in it.

    Each hồ sơ of the Danh mục is opened (Đ29.2). Loading the Danh mục again updates titles and
    retention of hồ sơ not yet handed over, adds new ones, and refuses to drop one that holds documents.
    """
    plan, by = loaded.plan, by or current_user()
    stamp = _stamp(now)
    with db.engine.begin() as conn:
        aid = _aid(conn, agency, create=True)
        existing = conn.execute(select(plans.c.id).where(plans.c.agency_id == aid, plans.c.year == plan.year)).scalar()
        values = dict(agency_id=aid, year=plan.year, approved_by=plan.approved_by, organ_id=plan.organ_id,
                      numbering=plan.numbering, place=plan.place, source=loaded.text, stored_by=by, stored_at=stamp)
        if existing is None:
            plan_id = conn.execute(plans.insert().values(**values).returning(plans.c.id)).scalar_one()
        else:
            plan_id = existing
            conn.execute(update(plans).where(plans.c.id == plan_id).values(**values))
            conn.execute(update(hoso_files).where(hoso_files.c.agency_id == aid, hoso_files.c.year == plan.year)
                         .values(heading_id=None))
            old = [r[0] for r in conn.execute(select(headings.c.id).where(headings.c.plan_id == plan_id))]
            conn.execute(update(headings).where(headings.c.id.in_(old)).values(parent_id=None))
            conn.execute(delete(headings).where(headings.c.id.in_(old)))
        heading_ids: dict[int, int] = {}
        for h, heading in enumerate(plan.headings, start=1):
            hid = conn.execute(headings.insert().values(plan_id=plan_id, parent_id=None, ordinal=h, code=heading.code,
                                                        title=heading.title).returning(headings.c.id)).scalar_one()
            heading_ids[id(heading)] = hid
            for s, sub in enumerate(heading.subheadings, start=1):
                heading_ids[id(sub)] = conn.execute(headings.insert().values(
                    plan_id=plan_id, parent_id=hid, ordinal=s, code=None, title=sub.title).returning(headings.c.id)
                ).scalar_one()
        current = {r.notation: r for r in conn.execute(select(hoso_files).where(
            hoso_files.c.agency_id == aid, hoso_files.c.year == plan.year))}
        listed = set()
        for position, (_loc, heading, sub, item) in enumerate(plan_files(plan), start=1):
            listed.add(item.number)
            values = dict(heading_id=heading_ids[id(sub if sub is not None else heading)], position=position,
                          title=item.title, maintenance=item.retention, rights=item.rights or plan.rights,
                          creator=item.creator, language=item.language or plan.language, description=item.note or "")
            row = current.get(item.number)
            if row is None:
                hid = conn.execute(hoso_files.insert().values(
                    agency_id=aid, year=plan.year, notation=item.number, state="open", version=1, **values)
                    .returning(hoso_files.c.id)).scalar_one()
                _log(conn, hid, "open", "theo Danh mục hồ sơ", by, stamp)
            elif row.state == "submitted":
                conn.execute(update(hoso_files).where(hoso_files.c.id == row.id)
                             .values(heading_id=values["heading_id"], position=position))
            else:
                conn.execute(update(hoso_files).where(hoso_files.c.id == row.id, hoso_files.c.version == row.version)
                             .values(version=row.version + 1, **values))
                _log(conn, row.id, "plan", "cập nhật theo Danh mục hồ sơ", by, stamp)
        extra = set(conn.execute(select(log.c.hoso_id).where(log.c.action == "open-extra")).scalars())
        dropped = [r for n, r in current.items() if n not in listed and r.id not in extra]
        for row in dropped:
            held = conn.execute(select(func.count()).select_from(items).where(items.c.hoso_id == row.id)).scalar_one()
            if held or row.state != "open":
                raise UserError(f"{loaded.path}: Danh mục mới bỏ hồ sơ {row.notation} nhưng hồ sơ này đã có {held} "
                                "văn bản hoặc đã đóng; hãy giữ nó trong Danh mục.")
            conn.execute(delete(log).where(log.c.hoso_id == row.id))
            conn.execute(delete(attachments).where(attachments.c.hoso_id == row.id))
            conn.execute(delete(hoso_files).where(hoso_files.c.id == row.id))
    return len(listed)


@dataclass(frozen=True)
class PlanView:
    """A stored Danh mục as it is printed: headings (with their subheadings) and their hồ sơ."""

    agency: AgencyKey
    year: int
    approved_by: str | None
    place: str | None
    organ_id: str
    sections: list[tuple[str, str, list[tuple[str, list[HoSo]]], list[HoSo]]]  # (roman, title, subs, files)

    @property
    def all_files(self) -> list[HoSo]:
        return [f for _r, _t, subs, own in self.sections for f in [*own, *(x for _s, fs in subs for x in fs)]]


def plan_view(db: Database, agency: AgencyKey, year: int) -> PlanView:
    """The agency's stored Danh mục of ``year``."""
    from notices.hoso.plan import roman

    with db.engine.begin() as conn:
        aid = _aid(conn, agency)
        plan = conn.execute(select(plans).where(plans.c.agency_id == aid, plans.c.year == year)).first()
        if plan is None:
            raise UserError(f"Chưa có Danh mục hồ sơ năm {year} của {agency.name}; hãy chạy notices hoso plan.")
        heads = conn.execute(select(headings).where(headings.c.plan_id == plan.id).order_by(headings.c.ordinal)).all()
        found = _hoso_where(conn, agency, hoso_files.c.year == year)
    by_heading: dict[int | None, list[HoSo]] = {}
    for hoso, heading_id in found:
        by_heading.setdefault(heading_id, []).append(hoso)
    sections = []
    for head in (h for h in heads if h.parent_id is None):
        subs = [(f"{s.ordinal}. {s.title}", by_heading.get(s.id, [])) for s in heads if s.parent_id == head.id]
        sections.append((roman(head.ordinal), head.title, subs, by_heading.get(head.id, [])))
    return PlanView(agency, year, plan.approved_by, plan.place, plan.organ_id, sections)


def open_hoso(db: Database, agency: AgencyKey, year: int, notation: str, *, title: str, retention: str,
              creator: str, note: str = "", by: str | None = None, now: Clock | None = None) -> HoSo:
    """Mở hồ sơ outside the Danh mục (Đ29.2): the person handling the work sets title, số và ký hiệu,
    retention and người lập; the hồ sơ goes under the đề mục lớn its abbreviation names, after its others."""
    from notices.hoso.plan import NOTATION, RETENTION

    notation, title, retention, creator = (unicodedata.normalize("NFC", v).strip()
                                           for v in (notation, title, retention, creator))
    problems = []
    match = NOTATION.fullmatch(notation)
    if not match or len(notation) > 20:
        problems.append(f"số và ký hiệu hồ sơ “{notation}” phải như 05.VP (tối đa 20 ký tự)")
    if not title or len(title) > 500:
        problems.append("tiêu đề hồ sơ phải có, tối đa 500 ký tự")
    if not RETENTION.fullmatch(retention):
        problems.append("thời hạn bảo quản phải là “Vĩnh viễn” hoặc một số năm, ví dụ “10 năm”")
    if not creator or len(creator) > 30:
        problems.append("người lập hồ sơ phải có, tối đa 30 ký tự (Creator, Phụ lục VI)")
    if len(note) > 500:
        problems.append("ghi chú tối đa 500 ký tự")
    if problems:
        raise UserError("Không mở được hồ sơ: " + "; ".join(problems) + ".")
    by, stamp = by or current_user(), _stamp(now)
    with db.engine.begin() as conn:
        aid = _aid(conn, agency)
        plan = conn.execute(select(plans).where(plans.c.agency_id == aid, plans.c.year == year)).first()
        if plan is None:
            raise UserError(f"Chưa có Danh mục hồ sơ năm {year} của {agency.name}; hãy chạy notices hoso plan.")
        code = match[2]  # type: ignore[index]
        heading = conn.execute(select(headings.c.id).where(
            headings.c.plan_id == plan.id, headings.c.parent_id.is_(None), headings.c.code == code)).scalar()
        if heading is None:
            raise UserError(f"Danh mục hồ sơ năm {year} không có đề mục lớn viết tắt “{code}”.")
        if _hoso_where(conn, agency, hoso_files.c.year == year, hoso_files.c.notation == notation):
            raise UserError(f"Hồ sơ {notation} năm {year} đã có.")
        last = conn.execute(select(func.max(hoso_files.c.position)).where(
            hoso_files.c.agency_id == aid, hoso_files.c.year == year)).scalar() or 0
        hid = conn.execute(hoso_files.insert().values(
            agency_id=aid, year=year, notation=notation, heading_id=heading, position=last + 1, title=title,
            maintenance=retention, rights="Thường", creator=creator, language="Tiếng Việt", description=note,
            state="open", version=1).returning(hoso_files.c.id)).scalar_one()
        _log(conn, hid, "open-extra", "mở ngoài Danh mục hồ sơ (Điều 29.2)", by, stamp)
        return get_hoso(conn, agency, year, notation)


# ---------------------------------------------------------------- finding hồ sơ


def _hoso_where(conn: Connection, agency: AgencyKey, *conditions: Any) -> list[tuple[HoSo, int | None]]:
    from notices.register.db import agencies

    query = (select(hoso_files, agencies.c.code.label("agency_code"), agencies.c.name.label("agency_name"),
                    plans.c.organ_id)
             .join(agencies, agencies.c.id == hoso_files.c.agency_id)
             .outerjoin(plans, (plans.c.agency_id == hoso_files.c.agency_id) & (plans.c.year == hoso_files.c.year))
             .where(*agency_filter(agency), *conditions)
             .order_by(hoso_files.c.year, hoso_files.c.position, hoso_files.c.id))
    names = set(HoSo.__dataclass_fields__)
    out = []
    for row in conn.execute(query):
        data = {k: v for k, v in row._mapping.items() if k in names}
        data["organ_id"] = data.get("organ_id") or ""
        out.append((HoSo(**data), row.heading_id))
    return out


def get_hoso(conn: Connection, agency: AgencyKey, year: int, notation: str) -> HoSo:
    """The agency's hồ sơ ``notation`` of ``year``, or a Vietnamese error naming what exists."""
    notation = notation.strip()
    found = _hoso_where(conn, agency, hoso_files.c.year == year, hoso_files.c.notation == notation)
    if not found:
        elsewhere = sorted({h.year for h, _ in _hoso_where(conn, agency, hoso_files.c.notation == notation)})
        hint = f" (có hồ sơ {notation} trong Danh mục năm {', '.join(map(str, elsewhere))}: ghi --year)" \
            if elsewhere else ""
        raise UserError(f"Danh mục hồ sơ năm {year} của {agency.name} không có hồ sơ {notation}{hint}.")
    return found[0][0]


def year_of(db: Database, agency: AgencyKey, notation: str, default: int) -> int:
    """The year of hồ sơ ``notation`` when only one year's Danh mục has it, else ``default``."""
    with db.engine.begin() as conn:
        years = {h.year for h, _ in _hoso_where(conn, agency, hoso_files.c.notation == notation.strip())}
    return years.pop() if len(years) == 1 else default


def list_hoso(db: Database, agency: AgencyKey, year: int | None = None) -> list[HoSo]:
    with db.engine.begin() as conn:
        return [h for h, _ in _hoso_where(conn, agency, *([hoso_files.c.year == year] if year else []))]


def _log(conn: Connection, hoso_id: int, action: str, detail: str, by: str, at: str) -> None:
    conn.execute(log.insert().values(hoso_id=hoso_id, action=action, detail=detail, by=by, at=at))


def history(db: Database, agency: AgencyKey, year: int, notation: str) -> list[tuple[str, str, str, str]]:
    """(at, by, action, detail) of every change of a hồ sơ, oldest first."""
    with db.engine.begin() as conn:
        hoso = get_hoso(conn, agency, year, notation)
        rows = conn.execute(select(log.c.at, log.c.by, log.c.action, log.c.detail)
                            .where(log.c.hoso_id == hoso.id).order_by(log.c.id))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _claim(conn: Connection, hoso: HoSo, state: str, **values: Any) -> None:
    """Compare-and-set: the hồ sơ moves on only if nobody changed it since it was read."""
    changed = conn.execute(update(hoso_files).where(
        hoso_files.c.id == hoso.id, hoso_files.c.version == hoso.version, hoso_files.c.state == hoso.state)
        .values(version=hoso.version + 1, state=state, **values)).rowcount
    if changed != 1:
        raise UserError(f"Hồ sơ {hoso.notation} vừa được người khác thay đổi; hãy xem lại rồi làm lại.")


# ---------------------------------------------------------------- filing


def page_count(data: bytes) -> int:
    """PageAmount: the number of pages of a PDF, read from the file itself."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _pdf_of(conn: Connection, entry: Entry) -> tuple[str, str, bytes]:
    row = conn.execute(select(files.c.name, files.c.sha256, blobs.c.content).select_from(files_with_bytes).where(
        files.c.entry_id == entry.id, files.c.role == "pdf").order_by(files.c.id)).first()
    if row is None:
        raise UserError(f"Văn bản {entry.label} năm {entry.year} chưa có bản PDF trong kho lưu; chưa lập hồ sơ được.")
    return row.name, row.sha256, row.content


def metadata_problems(entry: Entry, agency_name: str) -> list[str]:
    """The Phụ lục VI lengths a document's metadata breaks (checked when filed and again at export)."""
    from notices.hoso.fields import document_fields

    return [f"{name} dài {len(value)} ký tự, tối đa {limit}"
            for name, value, limit in document_fields(entry, agency_name) if limit and len(value) > limit]


def _file_in(conn: Connection, hoso: HoSo, entry: Entry, by: str, stamp: str) -> bool:
    """Link ``entry`` into ``hoso`` (already claimed in this transaction); False if it was there already."""
    if entry.status != "issued":
        raise UserError(f"Văn bản {entry.label} năm {entry.year} "
                        f"{'đã bị hủy' if entry.status == 'void' else 'chưa lưu xong'}; không lập vào hồ sơ.")
    there = conn.execute(select(items.c.id).where(items.c.hoso_id == hoso.id, items.c.entry_id == entry.id)).scalar()
    if there is not None:
        return False
    problems = metadata_problems(entry, hoso.agency_name)
    if problems:
        raise UserError(f"Văn bản {entry.label}: dữ liệu đặc tả vượt độ dài của Phụ lục VI ({'; '.join(problems)}); "
                        "không lập vào hồ sơ được.")
    _name, _sha, pdf = _pdf_of(conn, entry)
    pages = page_count(pdf)
    if pages > 999:
        raise UserError(f"Văn bản {entry.label} có {pages} trang; PageAmount của Phụ lục VI tối đa 999.")
    conn.execute(items.insert().values(hoso_id=hoso.id, entry_id=entry.id, doc_ordinal=0, page_amount=pages,
                                       added_by=by, added_at=stamp))
    _log(conn, hoso.id, "add", f"{entry.kind_label} {entry.label} ngày {entry.date_text}", by, stamp)
    return True


def _renumber(conn: Connection, hoso_id: int) -> None:
    """DocOrdinal: issue date, then number (then the order of registration), from 1."""
    rows = conn.execute(select(items.c.id).join(entries, entries.c.id == items.c.entry_id)
                        .where(items.c.hoso_id == hoso_id)
                        .order_by(entries.c.issued_on, entries.c.number, entries.c.id)).all()
    for ordinal, (item_id,) in enumerate(rows, start=1):
        conn.execute(update(items).where(items.c.id == item_id).values(doc_ordinal=ordinal))


def _open_for_filing(hoso: HoSo) -> None:
    if hoso.state != "open":
        state = "đã nộp lưu" if hoso.state == "submitted" else "đã đóng (kết thúc)"
        raise UserError(f"Hồ sơ {hoso.notation} năm {hoso.year} {state}; muốn thêm văn bản, hãy mở lại "
                        f"(notices hoso reopen {hoso.notation} --reason …).")


def add(db: Database, agency: AgencyKey, year: int, notation: str, labels: Sequence[str], *,
        doc_year: int | None = None, by: str | None = None, now: Clock | None = None) -> list[Entry]:
    """``hoso add``: link issued documents ('12/TB-UBND') into an open hồ sơ; returns those newly filed."""
    by, stamp = by or current_user(), _stamp(now)
    with db.engine.begin() as conn:
        hoso = get_hoso(conn, agency, year, notation)
        _open_for_filing(hoso)
        chosen = [find(conn, agency, doc_year or year, label) for label in labels]
        _claim(conn, hoso, "open")
        added = [e for e in chosen if _file_in(conn, hoso, e, by, stamp)]
        _renumber(conn, hoso.id)
    return added


def attach(db: Database, agency: AgencyKey, year: int, notation: str, named: Iterable[tuple[str, str, bytes]], *,
           by: str | None = None, now: Clock | None = None) -> int:
    """Keep tài liệu that are not issued documents (role, name, bytes: the record, photos) in an open hồ sơ."""
    by, stamp = by or current_user(), _stamp(now)
    with db.engine.begin() as conn:
        hoso = get_hoso(conn, agency, year, notation)
        _open_for_filing(hoso)
        _claim(conn, hoso, "open")
        return _attach(conn, hoso, list(named), by, stamp)


def _attach(conn: Connection, hoso: HoSo, named: list[tuple[str, str, bytes]], by: str, stamp: str) -> int:
    count = 0
    for role, name, data in named:
        sha = hashlib.sha256(data).hexdigest()
        row = conn.execute(select(attachments.c.id, attachments.c.sha256).where(
            attachments.c.hoso_id == hoso.id, attachments.c.name == name)).first()
        if row is not None and row.sha256 == sha:
            continue
        if row is not None:  # the meeting record, numbered since: its newest state replaces the older one
            conn.execute(delete(attachments).where(attachments.c.id == row.id))
        conn.execute(attachments.insert().values(hoso_id=hoso.id, role=role, name=name, size=len(data), sha256=sha,
                                                 content=data, added_by=by, added_at=stamp))
        _log(conn, hoso.id, "attach", f"{name} ({sha[:12]}…)", by, stamp)
        count += 1
    return count


def hoso_named_by(loaded: Any, kind: str, option: str | None) -> str | None:
    """The hồ sơ a document of a record is filed into: --hoso, else its own ``hoso:``, else the record's."""
    if option:
        return option
    doc = getattr(loaded.record.documents, kind, None)
    return getattr(doc, "hoso", None) or getattr(loaded.record, "hoso", None)


@contextlib.contextmanager
def filing(db: Database, path: Path, kind: str | None, option: str | None, year: int, *, by: str | None = None,
           now: Clock | None = None) -> Iterator[None]:
    """Around ``notices issue``: before, every hồ sơ the record names must exist and be open (no number is
    taken for a document that could not be filed); after, :func:`file_record` files them."""
    from notices.kinds import numbered
    from notices.records import load_record

    issued_kinds = [k.key for k in numbered()]  # the kinds the register numbers

    loaded = load_record(path)
    kinds = [kind] if kind else [k for k in issued_kinds if getattr(loaded.record.documents, k) is not None]
    named = {hoso_named_by(loaded, k, option) for k in kinds} - {None}
    if named:
        agency = _agency_of(loaded)
        year = _year_hint(loaded, kinds, year)
        with db.engine.begin() as conn:
            for notation in sorted(named):  # type: ignore[type-var]
                _open_for_filing(get_hoso(conn, agency, year, notation))
    try:
        yield
    except BaseException:
        if named:  # what was issued before the failure is filed all the same (a rerun files the rest)
            with contextlib.suppress(Exception):
                file_record(db, load_record(path), option, by=by, now=now)
        raise
    if named:
        file_record(db, load_record(path), option, by=by, now=now)


def _agency_of(loaded: Any) -> AgencyKey:
    agency = loaded.record.agency
    return AgencyKey(agency.code, agency.name, agency.parent)


def _year_hint(loaded: Any, kinds: list[str], year: int) -> int:
    """The year of the hồ sơ: the documents' date when the record has one, else the issue date's."""
    for k in kinds:
        doc = getattr(loaded.record.documents, k)
        if doc is not None and doc.number is None:
            return year
    for k in kinds:
        doc = getattr(loaded.record.documents, k)
        if doc is not None and doc.date is not None:
            return doc.date.year
    return year


def file_record(db: Database, loaded: Any, option: str | None = None, *, by: str | None = None,
                now: Clock | None = None) -> list[tuple[str, Entry]]:
    """File every issued document of the record (found by its path in the register) into the hồ sơ its
    record names, with the record as it is now and its photos; returns the documents newly filed."""
    from notices.kinds import numbered

    issued_kinds = [k.key for k in numbered()]  # the kinds the register numbers

    agency = _agency_of(loaded)
    with db.engine.begin() as conn:
        issued = entries_where(conn, entries.c.record_path == str(loaded.path.resolve()),
                               entries.c.status == "issued", *agency_filter(agency))
    targets: dict[tuple[str, int], list[Entry]] = {}
    for entry in issued:
        if entry.kind not in issued_kinds or getattr(loaded.record.documents, entry.kind, None) is None:
            continue
        name = hoso_named_by(loaded, entry.kind, option)
        if name:
            targets.setdefault((name, entry.year), []).append(entry)
    by, stamp = by or current_user(), _stamp(now)
    done = []
    for (notation, year), chosen in targets.items():
        with db.engine.begin() as conn:
            hoso = get_hoso(conn, agency, year, notation)
            there = set(conn.execute(select(items.c.entry_id).where(items.c.hoso_id == hoso.id)).scalars())
            fresh = [e for e in chosen if e.id not in there]
            if not fresh and hoso.state != "open":
                continue  # filed before and closed since: nothing to do
            _open_for_filing(hoso)
            _claim(conn, hoso, "open")
            for entry in fresh:
                if _file_in(conn, hoso, entry, by, stamp):
                    done.append((notation, entry))
            _renumber(conn, hoso.id)
            _attach(conn, hoso, record_files(loaded), by, stamp)
    return done


def record_files(loaded: Any) -> list[tuple[str, str, bytes]]:
    """The meeting record as it is now and the photos it names (role, name in the hồ sơ, bytes)."""
    out = [("record", loaded.path.name, loaded.path.read_bytes())]
    news = getattr(loaded.record.documents, "news", None)
    for photo in getattr(news, "photos", None) or ():
        path = (loaded.folder / photo.file).resolve()
        if path.is_file():
            out.append(("photo", f"{loaded.path.stem}/{Path(photo.file).name}", path.read_bytes()))
    return out


# ---------------------------------------------------------------- reading a hồ sơ


def contents(db: Database, agency: AgencyKey, year: int, notation: str) -> Contents:
    """A hồ sơ with its documents in DocOrdinal order (each with its Tờ số) and its attachments."""
    with db.engine.begin() as conn:
        return _contents(conn, get_hoso(conn, agency, year, notation))


def _contents(conn: Connection, hoso: HoSo) -> Contents:
    rows = conn.execute(select(items.c.entry_id, items.c.doc_ordinal, items.c.page_amount)
                        .where(items.c.hoso_id == hoso.id).order_by(items.c.doc_ordinal, items.c.id)).all()
    found = {e.id: e for e in entries_where(conn, entries.c.id.in_([r.entry_id for r in rows]))}
    out = Contents(hoso)
    page = 1
    for row in rows:
        entry = found[row.entry_id]
        pdf = conn.execute(select(files.c.name, files.c.sha256).where(
            files.c.entry_id == entry.id, files.c.role == "pdf").order_by(files.c.id)).first()
        out.items.append(Item(entry, row.doc_ordinal, row.page_amount, pdf.name, pdf.sha256, page))
        page += row.page_amount
    for a in conn.execute(select(attachments.c.role, attachments.c.name, attachments.c.sha256, attachments.c.size)
                          .where(attachments.c.hoso_id == hoso.id).order_by(attachments.c.id)):
        out.attachments.append(Attachment(a.role, a.name, a.sha256, a.size))
    return out


def file_bytes(db: Database, agency: AgencyKey, item: Item) -> bytes:
    """The archived PDF of a filed document, checked against its SHA-256."""
    with db.engine.begin() as conn:
        agency_rows = entries_where(conn, entries.c.id == item.entry.id, *agency_filter(agency))
        if not agency_rows:
            raise UserError(f"Văn bản {item.entry.label} không thuộc {agency.name}.")
        data = conn.execute(select(blobs.c.content).select_from(files_with_bytes).where(
            files.c.entry_id == item.entry.id, files.c.name == item.pdf_name)).scalar_one()
    if hashlib.sha256(data).hexdigest() != item.pdf_sha256:
        raise UserError(f"Tệp {item.pdf_name} của {item.entry.label} không khớp mã SHA-256 đã ghi; kho lưu đã bị "
                        "thay đổi, hãy khôi phục từ bản sao lưu (notices archive restore).")
    return data


def attachment_bytes(db: Database, agency: AgencyKey, hoso: HoSo, name: str) -> bytes:
    with db.engine.begin() as conn:
        get_hoso(conn, agency, hoso.year, hoso.notation)  # the agency's own
        row = conn.execute(select(attachments.c.content, attachments.c.sha256).where(
            attachments.c.hoso_id == hoso.id, attachments.c.name == name)).one()
    if hashlib.sha256(row.content).hexdigest() != row.sha256:
        raise UserError(f"Tài liệu {name} của hồ sơ {hoso.notation} không khớp mã SHA-256 đã ghi.")
    return row.content


# ---------------------------------------------------------------- closing


def close(db: Database, agency: AgencyKey, year: int, notation: str, *, out: Path | None = None,
          by: str | None = None, now: Clock | None = None) -> tuple[Contents, list[Path]]:
    """Kết thúc hồ sơ: fix dates, DocOrdinal, counts; make its Mục lục văn bản (DOCX, PDF), keep and write them."""
    from notices.hoso import documents

    by, stamp = by or current_user(), _stamp(now)
    with db.engine.begin() as conn:
        hoso = get_hoso(conn, agency, year, notation)
        if hoso.state != "open":
            raise UserError(f"Hồ sơ {notation} năm {year} đã đóng ngày {(hoso.closed_at or '')[:10]}; "
                            "không đóng lần hai.")
        _renumber(conn, hoso.id)
        found = _contents(conn, hoso)
        if not found.items:
            raise UserError(f"Hồ sơ {notation} năm {year} chưa có văn bản nào; chưa kết thúc được.")
        dates = [i.entry.issued_on for i in found.items]
        totals = dict(start_date=min(dates), end_date=max(dates), doc_total=len(found.items),
                      page_total=sum(i.pages for i in found.items))
        if totals["doc_total"] > 9999 or totals["page_total"] > 9999:
            raise UserError(f"Hồ sơ {notation}: DocTotal/PageTotal của Phụ lục VI tối đa 9999.")
        _claim(conn, hoso, "closed", closed_at=stamp, closed_by=by, **totals)
        closed = get_hoso(conn, agency, year, notation)
        found = _contents(conn, closed)
        made = documents.muc_luc_van_ban(found, vietnam_today(now), _place(conn, closed))
        _attach(conn, closed, [("index", name, data) for name, data in made], by, stamp)
        _log(conn, closed.id, "close", f"{closed.doc_total} văn bản, {closed.page_total} trang, "
                                       f"{closed.period}", by, stamp)
        found = _contents(conn, closed)
    written = []
    if out is not None:
        from notices.files import atomic_path

        for name, data in made:
            target = out / name
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)
            written.append(target)
    return found, written


def _place(conn: Connection, hoso: HoSo) -> str | None:
    return conn.execute(select(plans.c.place).join(hoso_files, (hoso_files.c.agency_id == plans.c.agency_id)
                                                   & (hoso_files.c.year == plans.c.year))
                        .where(hoso_files.c.id == hoso.id)).scalar()


def reopen(db: Database, agency: AgencyKey, year: int, notation: str, reason: str, *, by: str | None = None,
           now: Clock | None = None) -> HoSo:
    """Mở lại a closed hồ sơ (logged with who and why); its Mục lục is made again when it closes again."""
    reason = reason.strip()
    if not reason:
        raise UserError("Cần ghi lý do mở lại hồ sơ (--reason \"…\").")
    by, stamp = by or current_user(), _stamp(now)
    with db.engine.begin() as conn:
        hoso = get_hoso(conn, agency, year, notation)
        if hoso.state != "closed":
            raise UserError(f"Hồ sơ {notation} năm {year} "
                            f"{'đang mở' if hoso.state == 'open' else 'đã nộp lưu'}; không mở lại được.")
        _claim(conn, hoso, "open", closed_at=None, closed_by=None)
        conn.execute(delete(attachments).where(attachments.c.hoso_id == hoso.id, attachments.c.role == "index"))
        _log(conn, hoso.id, "reopen", reason, by, stamp)
        return get_hoso(conn, agency, year, notation)


# ---------------------------------------------------------------- nộp lưu


def due(db: Database, agency: AgencyKey, today: dt.date, days: int = REMIND_DAYS) -> list[tuple[HoSo, dt.date]]:
    """Hồ sơ to hand over within ``days`` days (or overdue): closed, kept ≥ 5 years, not yet handed over."""
    with db.engine.begin() as conn:
        found = _hoso_where(conn, agency, hoso_files.c.state == "closed")
    out = []
    for hoso, _ in found:
        when = hoso.due_date()
        if when is not None and today >= when - dt.timedelta(days=days):
            out.append((hoso, when))
    return sorted(out, key=lambda pair: (pair[1], pair[0].notation))


@dataclass
class Handover:
    agency: AgencyKey
    year: int
    to: str
    hoso: list[Contents]
    left: list[tuple[HoSo, str]]
    files_total: int
    pages_total: int
    written: list[Path] = field(default_factory=list)


def handover(db: Database, agency: AgencyKey, year: int, to: str, *, out: Path, giver: str = "",
             receiver: str = "", by: str | None = None, now: Clock | None = None) -> Handover:
    """Nộp lưu (Đ30): the year's closed hồ sơ kept ≥ 5 years are handed to ``to``, marked submitted; the
    Mục lục hồ sơ, tài liệu nộp lưu and the Biên bản giao nhận are written (DOCX and PDF) into ``out``."""
    from notices.files import atomic_path
    from notices.hoso import documents

    to = to.strip()
    if not to:
        raise UserError("Cần ghi nơi nhận hồ sơ (--to \"Lưu trữ cơ quan\").")
    by, stamp = by or current_user(), _stamp(now)
    with db.engine.begin() as conn:
        found = _hoso_where(conn, agency, hoso_files.c.year == year)
        if not found:
            raise UserError(f"Danh mục hồ sơ năm {year} của {agency.name} không có hồ sơ nào.")
        chosen, left = [], []
        for hoso, _ in found:
            if hoso.state == "submitted":
                left.append((hoso, f"đã nộp lưu ngày {(hoso.submitted_at or '')[:10]}"))
            elif hoso.state == "open":
                left.append((hoso, "chưa kết thúc (đang mở)"))
            elif hoso.years is not None and hoso.years < MUST_SUBMIT_YEARS:
                left.append((hoso, f"bảo quản {hoso.maintenance}, dưới 5 năm: không phải nộp lưu (Điều 31.3.c)"))
            else:
                chosen.append(hoso)
        if not chosen:
            reasons = "; ".join(f"{h.notation}: {why}" for h, why in left)
            raise UserError(f"Năm {year} không có hồ sơ nào để nộp lưu ({reasons}).")
        for hoso in chosen:
            _claim(conn, hoso, "submitted", submitted_to=to, submitted_at=stamp)
            _log(conn, hoso.id, "handover", f"nộp lưu vào {to}", by, stamp)
        contents_ = [_contents(conn, get_hoso(conn, agency, year, h.notation)) for h in chosen]
        place = _place(conn, chosen[0])
        approved = conn.execute(select(plans.c.approved_by).where(
            plans.c.agency_id == _aid(conn, agency), plans.c.year == year)).scalar()
        result = Handover(agency, year, to, contents_, left,
                          files_total=sum(c.file_count for c in contents_),
                          pages_total=sum(c.hoso.page_total or 0 for c in contents_))
        made = documents.handover_documents(result, vietnam_today(now), place, giver, receiver, approved)
        for name, data in made:  # written inside the transaction: no file, no handover
            target = out / name
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)
            result.written.append(target)
    return result


def vn_count(n: int) -> str:
    """A count in figures and words: '3 (ba)'."""
    return f"{n} ({vn.number_to_words(n)})"


def verify_attachments(db: Database, agency: AgencyKey | None) -> tuple[int, list[Any]]:
    """Recheck every hồ sơ attachment (record, photos, Mục lục) against its SHA-256, for ``archive verify``."""
    from notices.register.archive import Mismatch
    from notices.register.db import agencies

    checked, bad = 0, []
    with db.engine.begin() as conn:
        query = (select(attachments.c.id, hoso_files.c.notation, hoso_files.c.year, agencies.c.code)
                 .join(hoso_files, hoso_files.c.id == attachments.c.hoso_id)
                 .join(agencies, agencies.c.id == hoso_files.c.agency_id)
                 .where(*agency_filter(agency)).order_by(attachments.c.id))
        found = conn.execute(query).all()
        for start in range(0, len(found), 200):
            chunk = {r.id: r for r in found[start:start + 200]}
            for row in conn.execute(select(attachments.c.id, attachments.c.name, attachments.c.sha256,
                                           attachments.c.content).where(attachments.c.id.in_(list(chunk)))):
                checked += 1
                actual = hashlib.sha256(row.content).hexdigest()
                if actual != row.sha256:
                    where = chunk[row.id]
                    bad.append(Mismatch(f"hồ sơ {where.notation}", where.year, where.code, row.name, row.sha256,
                                        actual))
    return checked, bad
