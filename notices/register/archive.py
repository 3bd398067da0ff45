"""The archive: Vietnamese search over the register and the documents' text, files given back byte for byte,
and every stored file rechecked against its SHA-256.

Search is insensitive to tones, đ/d, case, NFC/NFD and old/new tone placement (hoà/hòa): SQLite folds đ → d
and lets FTS5's ``unicode61 remove_diacritics 2`` remove the marks (:mod:`notices.vn.search`); PostgreSQL
folds with ``vi_fold`` (NFC, unaccent) under a trigram index and matches case-insensitively.
Results show the original text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Integer, select, text

from notices import vn
from notices.errors import UserError
from notices.files import atomic_path
from notices.register.db import Database, entries, files
from notices.register.registry import AgencyKey, Entry, agency_filter, entries_where, find


@dataclass(frozen=True)
class Hit:
    """One search result: the register row and the line of text that matched (as written)."""

    entry: Entry
    excerpt: str


_LABEL = re.compile(r"\s*0*(\d+)\s*/\s*([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)\s*")


def words(query: str) -> list[str]:
    """The words of a query (letters and digits), NFC; punctuation separates words ('05/TB-UBND')."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", query))


def search(db: Database, query: str, *, agency: AgencyKey | None = None, year: int | None = None,
           kind: str | None = None, limit: int = 100) -> list[Hit]:
    """Register rows whose number, subject, names or full text contain every word of ``query``, newest first.

    A query written as a number ("05/TB-UBND") finds that number's rows, not every text with 05, TB and UBND.
    """
    terms = words(query)
    if not terms:
        raise UserError("Cần ít nhất một từ để tìm.")
    conditions = agency_filter(agency)
    if year is not None:
        conditions.append(entries.c.year == year)
    if kind is not None:
        conditions.append(entries.c.kind == kind)
    label = _LABEL.fullmatch(unicodedata.normalize("NFC", query))
    if label:
        conditions += [entries.c.number == int(label[1]), entries.c.notation == label[2].upper()]
    elif db.is_sqlite:
        from notices.vn.search import fold_for_index

        match = " ".join('"' + fold_for_index(t) + '"' for t in terms)
        found = (text("SELECT rowid AS id FROM entries_fts WHERE entries_fts MATCH :q")
                 .bindparams(q=match).columns(id=Integer).subquery())
        conditions.append(entries.c.id.in_(select(found.c.id)))
    else:
        conditions += [text(f"entries.folded ~* ('\\m' || vi_fold(:t{i}) || '\\M')").bindparams(**{f"t{i}": t})
                       for i, t in enumerate(terms)]
    with db.engine.begin() as conn:
        shown = entries_where(conn, *conditions, newest_first=True, limit=limit)
        contents = dict(conn.execute(select(entries.c.id, entries.c.content)
                                     .where(entries.c.id.in_([e.id for e in shown]))).all())
    return [Hit(e, excerpt(contents.get(e.id) or e.subject, terms) or e.subject) for e in shown]


def excerpt(content: str, terms: list[str], width: int = 200) -> str:
    """The line of ``content`` holding most query words (compared folded), cut around them, shown as written."""
    folded = {vn.fold(t) for t in terms}
    best, best_score, best_at = "", 0, 0
    for line in content.splitlines()[2:]:  # after the number and its digits
        hits = [(w.start(), vn.fold(w.group())) for w in re.finditer(r"\w+", line) if vn.fold(w.group()) in folded]
        score = len({f for _, f in hits})
        if score > best_score:
            best, best_score, best_at = line, score, hits[0][0]
    if len(best) <= width:
        return best
    start = max(0, min(best_at - width // 3, len(best) - width))
    return ("…" if start else "") + best[start:start + width] + ("…" if start + width < len(best) else "")


def get(db: Database, agency: AgencyKey | None, year: int, label: str, out: Path) -> list[Path]:
    """Write the record and every file of ``label`` into ``out`` exactly as archived (hash checked first)."""
    written = []
    for name, content in stored_files(db, agency, year, label):
        target = out / name
        with atomic_path(target) as tmp:
            tmp.write_bytes(content)
        written.append(target)
    return written


def stored_files(db: Database, agency: AgencyKey | None, year: int, label: str) -> list[tuple[str, bytes]]:
    """(name, content) of the record and every file of ``label``, each checked against its SHA-256."""
    with db.engine.begin() as conn:
        entry = find(conn, agency, year, label)
        rows = conn.execute(select(files.c.name, files.c.sha256, files.c.content)
                            .where(files.c.entry_id == entry.id).order_by(files.c.id)).all()
    if not rows:
        state = "đã bị hủy" if entry.status == "void" else "chưa lưu xong (chạy lại notices issue để hoàn tất)"
        raise UserError(f"Số {entry.label} năm {year} {state}: kho lưu không có tệp nào của số này.")
    bad = [r.name for r in rows if hashlib.sha256(r.content).hexdigest() != r.sha256]
    if bad:
        raise UserError(f"Tệp lưu của số {entry.label} không khớp mã SHA-256 đã ghi ({', '.join(bad)}); "
                        "kho lưu đã bị thay đổi, hãy khôi phục từ bản sao lưu.")
    return [(row.name, row.content) for row in rows]


@dataclass(frozen=True)
class Mismatch:
    """A stored file whose content no longer hashes to what was recorded when it was issued."""

    label: str
    year: int
    agency: str
    name: str
    expected: str
    actual: str


def verify(db: Database, agency: AgencyKey | None = None) -> tuple[int, list[Mismatch]]:
    """Recheck every stored file against its SHA-256: (files checked, mismatches)."""
    checked, mismatches = 0, []
    with db.engine.begin() as conn:
        labels = {e.id: e for e in entries_where(conn, *agency_filter(agency))}
        ids = [r[0] for r in conn.execute(select(files.c.id).order_by(files.c.id))]
        for start in range(0, len(ids), 200):
            rows = conn.execute(select(files.c.entry_id, files.c.name, files.c.sha256, files.c.content)
                                .where(files.c.id.in_(ids[start:start + 200])).order_by(files.c.id))
            for row in rows:
                entry = labels.get(row.entry_id)
                if entry is None:
                    continue
                checked += 1
                actual = hashlib.sha256(row.content).hexdigest()
                if actual != row.sha256:
                    mismatches.append(Mismatch(entry.label, entry.year, entry.agency_code, row.name,
                                               row.sha256, actual))
    return checked, mismatches
