"""V11/V12: folding for the archive's search index (the search itself is tested on real SQLite and PostgreSQL
databases in tests/register/test_search.py), and no SQL that folds Vietnamese case wrongly."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from notices.vn.search import fold_for_index


def test_fold_for_index_folds_d_and_keeps_the_rest_for_the_tokenizer():
    assert fold_for_index("Đắk Song, đường") == "Dắk Song, dường"
    assert fold_for_index(unicodedata.normalize("NFD", "Lê Quốc Dũng")) == "Lê Quốc Dũng"  # NFC first


def test_no_sql_case_folding_on_vietnamese_text():
    """V12: LIKE, NOCASE, lower() and upper() in SQL get Vietnamese wrong; none is used."""
    root = Path(__file__).resolve().parents[2] / "notices"
    pattern = re.compile(r"""["'][^"']*\b(LIKE|NOCASE|lower\(|upper\()[^"']*["']""", re.IGNORECASE)
    for path in root.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "SELECT" in line.upper() or "WHERE" in line.upper() or "COLLATE" in line.upper():
                assert not pattern.search(line), f"{path}: {line.strip()}"
