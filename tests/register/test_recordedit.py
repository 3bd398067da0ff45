"""Number and date written into the record file as text: every other character stays where it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notices.errors import UserError
from notices.register.recordedit import edit_text, set_issue
from tests.register.conftest import DRAFT_NOTICE

VALUES = {"number": "7", "date": "2024-01-05"}


def test_missing_keys_are_added_at_the_mappings_indentation() -> None:
    text = "documents:\n  invitation:\n    subject: Họp\n  notice:   # TB\n      subject: X\n"
    assert edit_text(text, "notice", VALUES) == (
        "documents:\n  invitation:\n    subject: Họp\n  notice:   # TB\n      number: 7\n      date: 2024-01-05\n"
        "      subject: X\n")


def test_empty_values_null_and_quoted_values_are_replaced() -> None:
    text = 'documents:\n  notice:\n    number:\n    date: "" # chưa có\n    subject: X\n'
    assert edit_text(text, "notice", VALUES) == (
        'documents:\n  notice:\n    number: 7\n    date: 2024-01-05 # chưa có\n    subject: X\n')


def test_flow_mapping() -> None:
    assert edit_text("documents:\n  notice: {subject: X}\n", "notice", VALUES) == (
        "documents:\n  notice: {number: 7, date: 2024-01-05, subject: X}\n")


def test_year_is_only_changed_when_written() -> None:
    text = "documents:\n  notice:\n    year: 2023\n    subject: X\n"
    assert "    year: 2024\n" in edit_text(text, "notice", VALUES, only_if_present={"year": "2024"})
    assert "year" not in edit_text("documents:\n  notice:\n    subject: X\n", "notice", VALUES,
                                   only_if_present={"year": "2024"})


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    source = DRAFT_NOTICE.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    loaded = set_issue(path, "notice", 12, dt.date(2024, 2, 3))
    assert loaded.record.documents.notice.number == 12
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data[3:].decode("utf-8").split("\r\n")
    before = source.split("\r\n")
    assert len(lines) == len(before)
    assert [i for i, (a, b) in enumerate(zip(before, lines, strict=True)) if a != b] == [79, 80, 81]


def test_a_record_without_the_document_is_refused() -> None:
    with pytest.raises(UserError, match="không khai báo “documents.notice”"):
        edit_text("documents:\n  report: {subject: X}\n", "notice", VALUES)
