"""The register's past: a Sổ đăng ký văn bản đi kept by hand (XLSX or CSV) into the register.

Reads the layout ``notices register export`` writes (Phụ lục IV's ten columns) and the variations offices
use: title rows above the header, a header over two rows with merged cells ("Số, ký hiệu" over "Số" and
"Ký hiệu"), "05/TB-UBND" in one column or the number and the ký hiệu in two, dates as dates, as Excel
serial numbers or as text. Every row is checked before anything is written (a number already in the
register, one typed twice, a date out of order within its series), and the rows are written in one
transaction with the series' counters raised to the last number, so ``notices issue`` continues right
after it: no gap, no number given twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notices import vn
from notices.errors import UserError
from notices.importer.kinds import OFFICIAL_LETTER, KindFact, by_code, by_title

EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class SheetRow:
    """One register row read from the spreadsheet, with its row number there."""

    row: int
    number: int
    notation: str
    issued_on: dt.date
    kind: KindFact
    subject: str
    signer_name: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str = ""
    void_reason: str | None = None
    voided_by: str | None = None
    voided_on: dt.date | None = None

    @property
    def label(self) -> str:
        return f"{vn.document_number(self.number)}/{self.notation}"


# --- reading the sheet --------------------------------------------------------------------------------


def _cells(path: Path) -> list[list[Any]]:
    """Every row of the first sheet as a list of values (merged cells filled with their value)."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        try:
            import openpyxl
        except ImportError:  # pragma: no cover - a core dependency
            raise UserError("Cần gói openpyxl để đọc tệp .xlsx (pip install openpyxl).") from None
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        except Exception as exc:  # noqa: BLE001 - a damaged workbook
            raise UserError(f"{path}: không đọc được tệp Excel ({exc}).") from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(rows):
                        line = rows[r - 1]
                        line.extend([None] * (c - len(line)))
                        line[c - 1] = value
        return rows
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UserError(f"{path}: tệp .xls (Excel 97–2003): hãy lưu lại thành .xlsx hoặc .csv rồi nhập.")
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"{path}: không đọc được tệp CSV (không phải UTF-8).")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").strip()


def _role(label: str) -> str | None:
    """What a header cell names: label, number, notation, date, subject, kind, signer, recipients, archive, note."""
    f = " ".join(vn.fold(label).replace("\n", " ").split())
    if not f:
        return None
    if f.startswith(("stt", "so thu tu", "so tt")) or "so luong" in f or "ngay chuyen" in f or "ky nhan" in f:
        return None
    if "ky hieu" in f:
        return "label" if re.match(r"^so\b", f) else "notation"
    if re.match(r"^so( van ban| di| vb)?$", f):
        return "number"
    if "trich yeu" in f:
        return "subject"
    if f.startswith("ten loai"):
        return "kind"
    if f.startswith("ngay"):
        return "date"
    if "nguoi ky" in f:
        return "signer"
    if "noi nhan" in f:
        return "recipients"
    if "luu" in f:
        return "archive"
    if "ghi chu" in f:
        return "note"
    return None


def _columns(rows: list[list[Any]]) -> tuple[dict[str, int], int]:
    """Column of each role, and the first data row (0-based)."""
    for r, row in enumerate(rows[:30]):
        roles = [_role(_text(v)) for v in row]
        if sum(1 for x in roles if x) < 3:
            continue
        columns: dict[str, int] = {}
        start = r + 1
        below = rows[r + 1] if r + 1 < len(rows) else []
        sub = [_role(_text(v)) for v in below]
        data_like = any(_date(v) or _LABEL.match(_text(v).replace(" ", "")) for v in below
                        if not isinstance(v, int | float))
        if sum(1 for x in sub if x) >= 2 and not data_like:
            start = r + 2  # a header over two rows: the lower row is the more precise
            roles = [sub[c] if c < len(sub) and sub[c] else roles[c] for c in range(len(roles))]
            if "number" in roles and "notation" in roles and "label" in roles:
                roles = [None if x == "label" else x for x in roles]
        for c, role in enumerate(roles):
            if role and role not in columns:
                columns[role] = c
        while start < len(rows) and all(re.fullmatch(r"\(?\d{1,2}\)?", _text(v)) or not _text(v)
                                        for v in rows[start]) and any(_text(v) for v in rows[start]):
            start += 1  # the "(1) (2) … (10)" row under the header
        if ("label" in columns or "number" in columns) and "date" in columns:
            return columns, start
    raise UserError("Không tìm thấy dòng tiêu đề của sổ (các cột “Số, ký hiệu văn bản”, “Ngày tháng văn bản”, "
                    "“Tên loại và trích yếu nội dung”… theo Phụ lục IV).")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))  # an Excel serial date
    text = _text(value)
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _date(float(text))
    patterns = (r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})",
                r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?",
                r"(?:ngày\s*)?(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})")
    for pattern in patterns:
        match = re.fullmatch(pattern, text, re.IGNORECASE)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


_LABEL = re.compile(r"^(?:Số\s*:?\s*)?0*(\d{1,5})\s*/\s*(?:\d{4}\s*/\s*)?([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)$")
_VOID = re.compile(r"hủy số|huỷ số|thu hồi", re.IGNORECASE)
_OUR_VOID = re.compile(r"^Đã hủy số ngày (\d{2}/\d{2}/\d{4}) \((.*?)\): (.*)$", re.DOTALL)  # export.note


def read_sheet(path: Path, agency_code: str) -> tuple[list[SheetRow], list[str]]:
    """The rows of the register kept at ``path``, and every problem with its spreadsheet row."""
    rows = _cells(path)
    columns, start = _columns(rows)
    found: list[SheetRow] = []
    problems: list[str] = []

    def cell(row: list[Any], role: str) -> Any:
        c = columns.get(role)
        return row[c] if c is not None and c < len(row) else None

    for r in range(start, len(rows)):
        row = rows[r]
        if not (_text(cell(row, "label")) or _text(cell(row, "number")) or _text(cell(row, "date"))):
            continue  # an empty row, or the signature lines under the register
        where = f"dòng {r + 1}"
        number, notation = None, None
        if "label" in columns and _text(cell(row, "label")):
            match = _LABEL.match(_text(cell(row, "label")).replace(" ", ""))
            if match:
                number, notation = int(match[1]), match[2]
        if number is None and "number" in columns:
            digits = re.fullmatch(r"(?:Số\s*:?\s*)?0*(\d{1,5})", _text(cell(row, "number")))
            if digits:
                number = int(digits[1])
                notation = _text(cell(row, "notation")).lstrip("/ ") or None
        if number is None or number < 1:
            shown = _text(cell(row, "label")) or _text(cell(row, "number"))
            problems.append(f"{where}: không đọc được số, ký hiệu “{shown}” (cần dạng 05/TB-UBND)")
            continue
        if not notation or not re.fullmatch(r"[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+", notation):
            problems.append(f"{where}: số {number} không có ký hiệu hợp lệ (ví dụ TB-UBND)")
            continue
        owner = notation.split("-", 1)[1] if by_code(notation.split("-")[0]) else notation.split("-")[0]
        if owner.upper() != agency_code.upper() and not owner.upper().startswith(agency_code.upper() + "-"):
            problems.append(f"{where}: ký hiệu “{notation}” không phải của cơ quan {agency_code}")
            continue
        issued_on = _date(cell(row, "date"))
        if issued_on is None:
            problems.append(f"{where}: không đọc được ngày “{_text(cell(row, 'date'))}” (cần dạng 05/01/2024)")
            continue
        subject = _text(cell(row, "subject"))
        kind_text = _text(cell(row, "kind"))
        kind = _kind(notation, kind_text, subject, agency_code)
        if kind_text == "" and ":" in subject and by_title(subject.split(":", 1)[0]):
            subject = subject.split(":", 1)[1].strip()
        signer = _text(cell(row, "signer"))
        name, title = _signer(signer)
        note = _text(cell(row, "note"))
        ours = _OUR_VOID.match(note)
        found.append(SheetRow(
            row=r + 1, number=number, notation=notation, issued_on=issued_on, kind=kind,
            subject=subject or "(không ghi trích yếu)", signer_name=name, signer_title=title,
            recipients=[x.strip() for x in re.split(r"[\n;]", _text(cell(row, "recipients"))) if x.strip()],
            archive=_text(cell(row, "archive")),
            void_reason=ours[3] if ours else note if note and _VOID.search(note) else None,
            voided_by=ours[2] if ours else None, voided_on=_date(ours[1]) if ours else None,
        ))
    return found, problems


def _kind(notation: str, kind_text: str, subject: str, agency_code: str) -> KindFact:
    first = notation.split("-")[0]
    for text in (kind_text, subject.split(":", 1)[0] if ":" in subject else ""):
        fact = by_title(text) if text else None
        if fact is not None:
            return fact
    fact = by_code(first)
    if fact is not None:
        return fact
    if vn.fold(subject).startswith("v/v") or first.upper() == agency_code.upper():
        return OFFICIAL_LETTER
    return KindFact(None, first, first, first)


_TITLES = ("Phó Chủ tịch", "Chủ tịch", "Phó Chánh Văn phòng", "Chánh Văn phòng", "Phó Giám đốc", "Giám đốc",
           "Phó Trưởng phòng", "Trưởng phòng", "Phó Bí thư", "Bí thư", "Phó Trưởng ban", "Trưởng ban",
           "Công chức", "Thư ký")


def _signer(text: str) -> tuple[str | None, str | None]:
    """'Chủ tịch Nguyễn Văn Đức' (our export) → (name, title); a name alone stays a name."""
    if not text:
        return None, None
    for title in _TITLES:
        if vn.fold(text).startswith(vn.fold(title) + " "):
            return text[len(title):].strip(" -:,"), text[:len(title)]
    return text, None


# --- into the register ----------------------------------------------------------------------------------


@dataclass
class Imported:
    """What was written: rows per series, the next number of each, gaps seen in the hand-kept numbers."""

    rows: list[SheetRow]
    next_numbers: dict[tuple[int, str], str]
    gaps: list[str]


def series_code(row: SheetRow) -> str:
    """The ký hiệu part that names the series: TB, GM…; a công văn numbers in the 'CV' series."""
    return row.kind.code or "CV"


def import_rows(db: Any, agency: Any, rows: Sequence[SheetRow], *, numbering: str = "per-kind",
                source: str = "", by: str | None = None, now: Any = None) -> Imported:
    """Write ``rows`` into the register of ``agency`` in one transaction, or nothing with every conflict listed."""
    if not rows:
        raise UserError("Sổ không có dòng nào để nhập.")
    with db.engine.begin() as conn:
        written = write_rows(conn, agency, rows, numbering=numbering, source=source, by=by, now=now)
    return Imported(list(rows), written.next_numbers, written.gaps)


@dataclass
class Written:
    ids: dict[int, int]  # spreadsheet row → register entry id
    next_numbers: dict[tuple[int, str], str]
    gaps: list[str]


def write_rows(conn: Any, agency: Any, rows: Sequence[SheetRow], *, numbering: str = "per-kind",
               source: str = "", by: str | None = None, now: Any = None) -> Written:
    """Inside the caller's transaction: check every row, then write them and raise the counters."""
    from sqlalchemy import select

    from notices.register.db import counters, entries
    from notices.register.issue import index_text
    from notices.register.registry import (
        _insert,
        agency_id,
        current_user,
        series_of,
        vietnam_now,
    )

    ids: dict[int, int] = {}
    aid = agency_id(conn, agency)
    keys = sorted({(r.issued_on.year, series_of(series_code(r), numbering)) for r in rows})
    last: dict[tuple[int, str], int] = {}
    for year, series in keys:  # lock each series' counter first: an issue running now waits for us
        conn.execute(_insert(conn, counters).values(agency_id=aid, year=year, series=series, last=0)
                     .on_conflict_do_nothing(index_elements=["agency_id", "year", "series"]))
        last[(year, series)] = conn.execute(
            select(counters.c.last).where(counters.c.agency_id == aid, counters.c.year == year,
                                          counters.c.series == series).with_for_update()).scalar_one()
    existing = conn.execute(select(entries.c.year, entries.c.series, entries.c.number, entries.c.notation,
                                   entries.c.issued_on).where(entries.c.agency_id == aid)).all()
    problems = _conflicts(rows, existing, numbering)
    if problems:
        raise UserError("Không nhập sổ (chưa ghi dòng nào); sửa các dòng sau trong tệp rồi nhập lại:\n"
                        + "\n".join(f"  {p}" for p in problems))
    stamp = vietnam_now(now).isoformat(timespec="seconds")
    who = by or current_user()
    for r in rows:
        series = series_of(series_code(r), numbering)
        values = dict(
            agency_id=aid, year=r.issued_on.year, series=series, number=r.number, notation=r.notation,
            kind=(r.kind.key or vn.fold(r.kind.code))[:20], kind_label=r.kind.label, issued_on=r.issued_on,
            subject=r.subject, signer_name=r.signer_name, signer_title=r.signer_title,
            recipients="\n".join(r.recipients), archive=r.archive, record_name=f"{source} (dòng {r.row})",
            record_path=source, status="void" if r.void_reason else "issued", issued_by=who, issued_at=stamp,
            void_reason=r.void_reason, voided_by=(r.voided_by or who) if r.void_reason else None,
            voided_at=(f"{r.voided_on.isoformat()}T00:00:00+07:00" if r.voided_on else stamp)
            if r.void_reason else None, content="",
        )
        content = "\n".join(x for x in (r.label, str(r.number), r.kind.label, r.subject, r.signer_name or "",
                                        r.signer_title or "", *r.recipients) if x)
        values["content"] = unicodedata.normalize("NFC", content)
        entry_id = conn.execute(entries.insert().values(**values).returning(entries.c.id)).scalar_one()
        ids[r.row] = entry_id
        index_text(conn, entry_id)
    result: dict[tuple[int, str], str] = {}
    for year, series in keys:
        top = max([r.number for r in rows if (r.issued_on.year, series_of(series_code(r), numbering))
                   == (year, series)] + [last[(year, series)]])
        conn.execute(counters.update().where(counters.c.agency_id == aid, counters.c.year == year,
                                             counters.c.series == series, counters.c.last < top)
                     .values(last=top))
        sample = next(r for r in rows if (r.issued_on.year, series_of(series_code(r), numbering))
                      == (year, series))
        result[(year, series)] = f"{vn.document_number(top + 1)}/{sample.notation}"
    return Written(ids, result, _gaps(rows, existing, numbering))


def _conflicts(rows: Sequence[SheetRow], existing: Sequence[Any], numbering: str) -> list[str]:
    from notices.register.registry import series_of

    problems: list[str] = []
    taken = {(e.year, e.series, e.number): e for e in existing}
    notations = {(e.year, e.notation, e.number) for e in existing}
    seen: dict[tuple[int, str, int], SheetRow] = {}
    for r in rows:
        series = series_of(series_code(r), numbering)
        key = (r.issued_on.year, series, r.number)
        if key in taken or (r.issued_on.year, r.notation, r.number) in notations:
            problems.append(f"dòng {r.row}: số {r.label} năm {r.issued_on.year} đã có trong sổ đăng ký")
        elif key in seen:
            problems.append(f"dòng {r.row}: số {r.label} trùng với dòng {seen[key].row}")
        else:
            seen[key] = r
    # dates follow numbers within a series (Điều 15): compare each new row with its neighbours, old and new
    dated: dict[tuple[int, str], list[tuple[int, dt.date, int | None]]] = {}
    for e in existing:
        dated.setdefault((e.year, e.series), []).append((e.number, e.issued_on, None))
    for r in seen.values():
        dated.setdefault((r.issued_on.year, series_of(series_code(r), numbering)), []).append(
            (r.number, r.issued_on, r.row))
    for numbers in dated.values():
        numbers.sort()
        for (n1, d1, row1), (n2, d2, row2) in zip(numbers, numbers[1:], strict=False):
            if d2 < d1:
                bad = row2 if row2 is not None else row1
                other = f"dòng {row1}" if row2 is not None and row1 is not None else "sổ đăng ký"
                if bad is None:
                    continue
                problems.append(f"dòng {bad}: số {vn.document_number(n2)} ngày {d2:%d/%m/%Y} sớm hơn số "
                                f"{vn.document_number(n1)} ngày {d1:%d/%m/%Y} ({other}); số và ngày phải theo "
                                "đúng trình tự thời gian")
    return sorted(set(problems), key=lambda p: int(re.match(r"dòng (\d+)", p)[1]))  # type: ignore[index]


def _gaps(rows: Sequence[SheetRow], existing: Sequence[Any], numbering: str) -> list[str]:
    from notices.register.registry import series_of

    by: dict[tuple[int, str], set[int]] = {}
    for e in existing:
        by.setdefault((e.year, e.series), set()).add(e.number)
    for r in rows:
        by.setdefault((r.issued_on.year, series_of(series_code(r), numbering)), set()).add(r.number)
    notes = []
    for (year, series), numbers in sorted(by.items()):
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        if missing:
            shown = ", ".join(vn.document_number(n) for n in missing[:20]) + ("…" if len(missing) > 20 else "")
            notes.append(f"năm {year}, dãy {series}: không có số {shown} trong sổ; các số này không được cấp lại")
    return notes


def run_import(db: Any, office: Any, sheet: Path, agency_option: str | None, dry_run: bool,
               default_agency: Any) -> list[str]:
    """``notices register import``: the lines to print (raises :class:`UserError` with every problem)."""
    from notices.register.registry import AgencyKey

    if agency_option and ":" in agency_option:
        code, _, name = agency_option.partition(":")
        agency = AgencyKey(code.strip(), name.strip())
    else:
        agency = default_agency()
    if agency is None:
        raise UserError("Chưa biết sổ của cơ quan nào: hãy chạy trong thư mục có office.yaml hoặc ghi "
                        "--agency \"UBND:Ủy ban nhân dân xã …\".")
    rows, problems = read_sheet(sheet, agency.code)
    if problems:
        raise UserError(f"{sheet}: không nhập sổ (chưa ghi dòng nào); sửa các dòng sau rồi nhập lại:\n"
                        + "\n".join(f"  {p}" for p in problems))
    numbering = office.office.numbering if office is not None else "per-kind"
    if dry_run:  # every check, against the register too, then rolled back
        with db.engine.connect() as conn:
            transaction = conn.begin()
            try:
                written = write_rows(conn, agency, rows, numbering=numbering, source=sheet.name)
            finally:
                transaction.rollback()
        nexts = "; ".join(f"dãy {series}: {label}" for (_, series), label in sorted(written.next_numbers.items()))
        return [f"{sheet}: đọc được {len(rows)} dòng, không có lỗi (chạy thử, chưa ghi vào sổ); "
                f"số tiếp theo sẽ là {nexts}."]
    done = import_rows(db, agency, rows, numbering=numbering, source=sheet.name)
    lines = [f"Đã nhập {len(done.rows)} dòng của {sheet.name} vào sổ đăng ký của {agency.name}."]
    for (year, series), label in sorted(done.next_numbers.items()):
        lines.append(f"  năm {year}, dãy {series}: số tiếp theo là {label}")
    lines += [f"  lưu ý: {gap}" for gap in done.gaps]
    return lines
