"""V11/V12: diacritic-insensitive search on a real SQLite FTS5 database file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from notices.vn.search import SearchIndex, SearchUnavailable, require_sqlite

PEOPLE = [
    ("a", "Nguyễn Văn Đức"),
    ("b", "Ủy ban nhân dân xã Đông Hòa"),
    ("c", "Trần Thị Thuỷ"),
    ("d", unicodedata.normalize("NFD", "Lê Quốc Dũng")),  # imported decomposed
]


@pytest.fixture
def index(tmp_path):
    idx = SearchIndex(str(tmp_path / "archive.sqlite"))
    idx.add(PEOPLE)
    yield idx
    idx.close()


@pytest.mark.parametrize("query", ["duc", "Đức", "ĐỨC", "đức", "nguyen", "Nguyễn", "nguy*"])
def test_name_found_without_diacritics_or_case(index, query):
    assert index.search(query) == [("a", "Nguyễn Văn Đức")]


@pytest.mark.parametrize("query", ["hoà", "hoa", "dong", "ĐÔNG", '"nhan dan"', '"uy ban nhan"'])
def test_place_and_phrases(index, query):
    assert [key for key, _ in index.search(query)] == ["b"]


def test_tone_position_and_nfd_import(index):
    assert [key for key, _ in index.search("thủy")] == ["c"]
    assert index.search("Dũng") == [("d", "Lê Quốc Dũng")]  # NFC query finds NFD import, shown NFC


def test_results_show_the_original_letters(index):
    (_, text), = index.search("duc")
    assert text == "Nguyễn Văn Đức" and "Dức" not in text


def test_phrase_is_not_a_bag_of_words(index):
    assert index.search('"dan nhan"') == []


def test_old_sqlite_fails_clearly():
    with pytest.raises(SearchUnavailable, match="3.27.0"):
        require_sqlite("3.26.0")
    require_sqlite("3.27.0")


def test_no_sql_case_folding_on_vietnamese_text():
    """V12: LIKE, NOCASE, lower() and upper() in SQL get Vietnamese wrong; none is used."""
    root = Path(__file__).resolve().parents[2] / "notices"
    pattern = re.compile(r"""["'][^"']*\b(LIKE|NOCASE|lower\(|upper\()[^"']*["']""", re.IGNORECASE)
    for path in root.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "SELECT" in line.upper() or "WHERE" in line.upper() or "COLLATE" in line.upper():
                assert not pattern.search(line), f"{path}: {line.strip()}"
