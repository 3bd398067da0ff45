"""Folding Vietnamese for the archive's SQLite FTS5 index (notices.register.search).

FTS5's unicode61 tokenizer with ``remove_diacritics 2`` strips every Vietnamese tone and vowel mark but
cannot fold đ/Đ (they have no Unicode decomposition), so the indexed text and the queries are folded
đ → d here first; the original text stays in the register row for display ("Đức", never "Dức").
"""

from __future__ import annotations

import unicodedata


def fold_for_index(text: str) -> str:
    """NFC, then đ → d and Đ → D; tones and marks are left for the tokenizer to remove."""
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
