"""The register's rows: numbers taken from a locked counter row, registered, listed, voided.

A number is taken by ``INSERT … ON CONFLICT (agency, year, series) DO UPDATE SET last = last + 1
RETURNING last`` in the same transaction as its register row: a rolled-back issue gives its number back
with everything else, two issuers queue on the row, and UNIQUE(agency, year, series, number) stands
behind both. Never ``MAX()+1``, never a sequence (a sequence leaves gaps on rollback).
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, select, update

from notices import vn
from notices.errors import UserError
from notices.register.db import Database, agencies, counters, entries

# Vietnam keeps UTC+7 all year (no summer time since 1975): the year of an issue is read on this clock.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
Clock = Callable[[], dt.datetime]


def vietnam_now(now: Clock | None = None) -> dt.datetime:
    """The current time in Vietnam; ``now`` (returning an aware datetime) replaces the system clock."""
    moment = (now or (lambda: dt.datetime.now(dt.UTC)))()
    if moment.tzinfo is None:
        raise ValueError("đồng hồ phải trả về thời điểm có múi giờ")
    return moment.astimezone(VIETNAM)


def vietnam_today(now: Clock | None = None) -> dt.date:
    """Today's date in Vietnam (on 31/12 after 17:00 UTC it is already 1 January)."""
    return vietnam_now(now).date()


def current_user() -> str:
    """Who is issuing or voiding: NOTICES_USER, else the login name."""
    try:
        return os.environ.get("NOTICES_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "?"


@dataclass(frozen=True)
class AgencyKey:
    """An issuing agency as the register knows it: its code and its name (one server, many agencies)."""

    code: str
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class Entry:
    """One row of the register."""

    id: int
    agency_code: str
    agency_name: str
    year: int
    series: str
    number: int
    notation: str
    kind: str
    kind_label: str
    issued_on: dt.date
    subject: str
    signer_name: str | None
    signer_title: str | None
    recipients: tuple[str, ...]
    archive: str
    record_name: str
    record_path: str
    status: str
    issued_by: str
    issued_at: str
    void_reason: str | None = None
    voided_by: str | None = None
    voided_at: str | None = None

    @property
    def label(self) -> str:
        """The number as printed: '05/TB-UBND'."""
        return vn.number_label(self.number, self.notation)

    @property
    def date_text(self) -> str:
        return self.issued_on.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Draft:
    """What the register needs to know of a document that is being issued."""

    kind: str
    kind_label: str
    series: str  # its own series under per-kind numbering: 'TB', 'CV' (notices.kinds)
    notation: str  # ký hiệu after the number: 'TB-UBND', 'UBND-VP'
    issued_on: dt.date
    subject: str
    signer_name: str | None
    signer_title: str | None
    recipients: Sequence[str]
    archive: Sequence[str]
    record_name: str
    record_path: str


def _insert(conn: Connection, table: Any) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def agency_id(conn: Connection, agency: AgencyKey, *, create: bool = True) -> int | None:
    """The id of ``agency`` (created on first use when ``create``)."""
    where = and_(agencies.c.code == agency.code, agencies.c.name == agency.name)
    found = conn.execute(select(agencies.c.id).where(where)).scalar()
    if found is not None or not create:
        return found
    conn.execute(_insert(conn, agencies).values(code=agency.code, name=agency.name, parent=agency.parent)
                 .on_conflict_do_nothing(index_elements=["code", "name"]))
    return conn.execute(select(agencies.c.id).where(where)).scalar_one()


def allocate(conn: Connection, agency: int, year: int, series: str) -> int:
    """The next number of the series, taken under the counter row's lock (inside the caller's transaction)."""
    statement = (
        _insert(conn, counters)
        .values(agency_id=agency, year=year, series=series, last=1)
        .on_conflict_do_update(index_elements=["agency_id", "year", "series"], set_={"last": counters.c.last + 1})
        .returning(counters.c.last)
    )
    return conn.execute(statement).scalar_one()


def series_of(kind_series: str, numbering: str) -> str:
    """The series a document kind numbers in: its own (per-kind) or the agency's one administrative series."""
    return kind_series if numbering == "per-kind" else "VBHC"


def register(
    conn: Connection, agency: AgencyKey, draft: Draft, *, numbering: str = "per-kind",
    now: Clock | None = None, by: str | None = None,
) -> Entry:
    """Give ``draft`` the next number of its series and write its register row (status ``pending``).

    Runs inside the caller's transaction: commit makes the number issued, rollback gives it back.
    """
    aid = agency_id(conn, agency)
    assert aid is not None
    year, series = draft.issued_on.year, series_of(draft.series, numbering)
    number = allocate(conn, aid, year, series)
    # Read under the counter's lock: an issue that was ahead in the queue has committed by now, so a
    # later date it took cannot be missed (read before the lock, an earlier date got the next number).
    latest = conn.execute(
        select(func.max(entries.c.issued_on)).where(
            entries.c.agency_id == aid, entries.c.year == year, entries.c.series == series)
    ).scalar()
    if latest is not None and draft.issued_on < latest:  # the caller's rollback gives the number back
        raise UserError(
            f"Ngày ban hành {draft.issued_on:%d/%m/%Y} sớm hơn văn bản đã cấp số gần nhất trong dãy số này "
            f"({latest:%d/%m/%Y}): số và ngày phải theo đúng trình tự thời gian (Điều 15.1)."
        )
    notation = draft.notation
    clash = conn.execute(select(entries.c.series).where(
        entries.c.agency_id == aid, entries.c.year == year, entries.c.notation == notation, entries.c.number == number,
    )).scalar()
    if clash is not None:  # Phụ lục VI III.1.h: số + ký hiệu must be unique in the year, whatever the series
        raise UserError(
            f"Số {vn.number_label(number, notation)} năm {year} đã có trong sổ đăng ký (dãy số “{clash}”): "
            "cách cấp số (numbering trong office.yaml) đã đổi giữa năm. Hãy giữ một cách cấp số đến hết năm."
        )
    values = dict(
        agency_id=aid, year=year, series=series, number=number, notation=notation,
        kind=draft.kind, kind_label=draft.kind_label, issued_on=draft.issued_on, subject=draft.subject,
        signer_name=draft.signer_name, signer_title=draft.signer_title, recipients="\n".join(draft.recipients),
        archive=", ".join(draft.archive), record_name=draft.record_name, record_path=draft.record_path,
        status="pending", issued_by=by or current_user(), issued_at=vietnam_now(now).isoformat(timespec="seconds"),
        content="",
    )
    entry_id = conn.execute(entries.insert().values(**values).returning(entries.c.id)).scalar_one()
    return _entry({**values, "id": entry_id, "agency_code": agency.code, "agency_name": agency.name})


_COLUMNS = [c for c in entries.c if c.name not in ("content", "agency_id")]


def _entry(row: Any) -> Entry:
    data = dict(row)
    data["recipients"] = tuple(line for line in (data.get("recipients") or "").split("\n") if line)
    names = Entry.__dataclass_fields__
    return Entry(**{k: v for k, v in data.items() if k in names})


def _select() -> Any:
    return select(*_COLUMNS, agencies.c.code.label("agency_code"), agencies.c.name.label("agency_name")).join(
        agencies, agencies.c.id == entries.c.agency_id)


def entries_where(conn: Connection, *conditions: Any, newest_first: bool = False, limit: int | None = None
                  ) -> list[Entry]:
    """Register rows matching ``conditions``, in the order they were registered (or the newest first)."""
    order = (entries.c.year, entries.c.issued_on, entries.c.id)
    query = _select().where(*conditions).order_by(*(c.desc() for c in order) if newest_first else order)
    rows = conn.execute(query.limit(limit) if limit is not None else query)
    return [_entry(r._mapping) for r in rows]


def agency_filter(agency: AgencyKey | None) -> list[Any]:
    if agency is None:
        return []
    return [agencies.c.code == agency.code, agencies.c.name == agency.name]


_NUMBER = re.compile(r"\s*(?:Số:?\s*)?0*(\d+)\s*/\s*([^\s/]+)\s*")


def parse_label(label: str) -> tuple[int, str]:
    """'05/TB-UBND' → (5, 'TB-UBND'); a clear message for anything else."""
    match = _NUMBER.fullmatch(unicodedata.normalize("NFC", label))
    if not match or int(match[1]) < 1:
        raise UserError(f"“{label}” không phải là số, ký hiệu văn bản; hãy viết như khi in, ví dụ 05/TB-UBND.")
    return int(match[1]), match[2]


def find(conn: Connection, agency: AgencyKey | None, year: int, label: str) -> Entry:
    """The register row of ``label`` ('05/TB-UBND') in ``year``; a Vietnamese error when there is none."""
    number, notation = parse_label(label)
    found = entries_where(conn, entries.c.year == year, entries.c.number == number,
                          entries.c.notation == notation, *agency_filter(agency))
    if not found:
        raise UserError(f"Sổ đăng ký năm {year} không có số {vn.document_number(number)}/{notation}.")
    if len(found) > 1:
        names = "; ".join(f"{e.agency_name} ({e.agency_code})" for e in found)
        raise UserError(f"Số {found[0].label} năm {year} có ở nhiều cơ quan ({names}); hãy chọn cơ quan bằng --agency.")
    return found[0]


def list_entries(db: Database, agency: AgencyKey | None, year: int | None) -> list[Entry]:
    """Every register row of ``agency`` (None: every agency) in ``year`` (None: every year)."""
    with db.engine.begin() as conn:
        conditions = agency_filter(agency) + ([entries.c.year == year] if year is not None else [])
        return entries_where(conn, *conditions)


def void(db: Database, agency: AgencyKey | None, year: int, label: str, reason: str, *,
         by: str | None = None, now: Clock | None = None) -> Entry:
    """Hủy số / thu hồi: the row stays, frozen, with who, when and why; the number is never given again."""
    reason = unicodedata.normalize("NFC", reason).strip()
    if not reason:
        raise UserError("Cần ghi lý do hủy số (--reason \"…\").")
    with db.engine.begin() as conn:
        entry = find(conn, agency, year, label)
        if entry.status == "void":
            raise UserError(f"Số {entry.label} năm {year} đã bị hủy ngày {entry.voided_at[:10]} "
                            f"({entry.void_reason}); không hủy lần hai.")
        if _recalled(entry.void_reason):
            raise UserError(_recalled_refusal(entry, year))
        values = dict(status="void", void_reason=reason, voided_by=by or current_user(),
                      voided_at=vietnam_now(now).isoformat(timespec="seconds"))
        not_recalled = entries.c.void_reason.is_(None) | ~entries.c.void_reason.startswith(RECALLED, autoescape=True)
        changed = conn.execute(update(entries).where(entries.c.id == entry.id, entries.c.status != "void",
                                                     not_recalled).values(**values)).rowcount
        if changed != 1:
            again = entries_where(conn, entries.c.id == entry.id)[0]
            if _recalled(again.void_reason):
                raise UserError(_recalled_refusal(again, year))
            raise UserError(f"Số {entry.label} vừa bị người khác hủy; không hủy lần hai.")
        return entries_where(conn, entries.c.id == entry.id)[0]


RECALLED = "Thu hồi: "  # how the reason of a recalled document begins (its row stays issued, files kept)


def _recalled(void_reason: str | None) -> bool:
    """Thu hồi (notices.server.review) wrote its reason on this issued row."""
    return bool(void_reason) and void_reason.startswith(RECALLED)  # type: ignore[union-attr]


def _recalled_refusal(entry: Entry, year: int) -> str:
    """A recalled document's number was issued: Thu hồi keeps it in the register with its reason; Hủy số is
    for a number never issued, so it would overwrite the recall and call an issued document never issued."""
    when = f" ngày {entry.voided_at[8:10]}/{entry.voided_at[5:7]}/{entry.voided_at[:4]}" if entry.voided_at else ""
    return (f"Không hủy được số {entry.label} năm {year}: văn bản mang số này đã được ban hành và đã bị thu hồi"
            f"{when} ({entry.void_reason[len(RECALLED):]}); thu hồi không phải hủy số, số và lý do thu hồi giữ "
            "nguyên trong sổ đăng ký.")


def known_agencies(db: Database) -> list[AgencyKey]:
    """Every agency the database has rows for."""
    with db.engine.begin() as conn:
        rows = conn.execute(select(agencies.c.code, agencies.c.name, agencies.c.parent).order_by(agencies.c.id))
        return [AgencyKey(r.code, r.name, r.parent) for r in rows]
