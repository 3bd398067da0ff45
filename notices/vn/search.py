"""Diacritic-insensitive Vietnamese search on SQLite FTS5, the way the archive will search.

FTS5's unicode61 tokenizer with ``remove_diacritics 2`` strips every Vietnamese tone and vowel
mark but cannot fold đ/Đ (they have no Unicode decomposition), so the index holds a copy of each
text folded đ → d, queries are folded the same way, and the original text is kept beside it for
display: results show "Đức", never "Dức".
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable

MIN_SQLITE = (3, 27, 0)  # remove_diacritics 2 first shipped in SQLite 3.27.0


class SearchUnavailable(RuntimeError):
    """The SQLite library is too old for Vietnamese search."""


def fold_for_index(text: str) -> str:
    """NFC, then đ → d and Đ → D; tones and marks are left for the tokenizer to remove."""
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")


def require_sqlite(version: str = sqlite3.sqlite_version) -> None:
    """Fail clearly, in Vietnamese, when SQLite cannot remove Vietnamese diacritics."""
    if tuple(int(part) for part in version.split(".")[:3]) < MIN_SQLITE:
        raise SearchUnavailable(
            f"SQLite {version} quá cũ: tìm kiếm tiếng Việt không dấu cần SQLite 3.27.0 trở lên."
        )


class SearchIndex:
    """A full-text index of (key, text) pairs in a real SQLite database (a file, or ':memory:')."""

    def __init__(self, path: str = ":memory:") -> None:
        require_sqlite()
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS original (rowid INTEGER PRIMARY KEY, key TEXT, text TEXT)")
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS folded USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
        )

    def add(self, items: Iterable[tuple[str, str]]) -> None:
        """Index each (key, text); the text is stored as given (NFC) for display."""
        with self.db:
            for key, text in items:
                text = unicodedata.normalize("NFC", text)
                rowid = self.db.execute("INSERT INTO original (key, text) VALUES (?, ?)", (key, text)).lastrowid
                self.db.execute("INSERT INTO folded (rowid, text) VALUES (?, ?)", (rowid, fold_for_index(text)))

    def search(self, query: str) -> list[tuple[str, str]]:
        """(key, original text) of every match, best first. ``query`` is FTS5 syntax ("…" for phrases)."""
        rows = self.db.execute(
            "SELECT original.key, original.text FROM folded JOIN original ON original.rowid = folded.rowid "
            "WHERE folded MATCH ? ORDER BY rank",
            (fold_for_index(query),),
        )
        return rows.fetchall()

    def close(self) -> None:
        """Close the database."""
        self.db.close()
