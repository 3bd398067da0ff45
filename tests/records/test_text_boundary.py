"""Text in is text out: NFC at the boundary, line breaks kept, control characters refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from notices.errors import RecordError
from notices.records import validate_text
from tests.conftest import EXAMPLES

DAK_SONG = (EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")


def test_decomposed_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Trần Thanh Nghiêm")
    assert nfd != "Trần Thanh Nghiêm"
    record = validate_text(DAK_SONG.replace("Trần Thanh Nghiêm", nfd), Path("x.yaml")).record
    assert record.documents.notice.signer.name == "Trần Thanh Nghiêm"
    assert len(record.documents.notice.signer.name) == len("Trần Thanh Nghiêm")


def test_excel_line_break_becomes_a_line_break():
    text = DAK_SONG.replace("- Lãnh đạo VP", '- "Lãnh đạo VP\\vPhó Chánh VP"')
    record = validate_text(text, Path("x.yaml")).record
    assert "Lãnh đạo VP\nPhó Chánh VP" in record.documents.notice.recipients


def test_control_character_is_an_error_naming_the_position():
    text = DAK_SONG.replace("- Lãnh đạo VP", '- "Lãnh đạo\\aVP"')
    with pytest.raises(RecordError) as caught:
        validate_text(text, Path("x.yaml"))
    (problem,) = caught.value.problems
    assert problem.line == next(i for i, line in enumerate(text.splitlines(), 1) if "Lãnh đạo\\aVP" in line)
    assert problem.message.startswith("documents.notice.recipients[3]: ")
    assert "U+0007" in problem.message and "vị trí 9" in problem.message


def test_soft_hyphen_is_kept_for_legacy_detection():
    text = DAK_SONG.replace("- Lãnh đạo VP", '- "Ng\\u00adêi d©n"')
    record = validate_text(text, Path("x.yaml")).record
    assert "Ng\u00adêi d©n" in record.documents.notice.recipients


def test_non_utf8_file_is_refused_clearly(tmp_path):
    from notices.records import load_record

    path = tmp_path / "cp1258.yaml"
    path.write_bytes("agency:\n  name: Đắk\n".encode("utf-16"))
    with pytest.raises(RecordError) as caught:
        load_record(path)
    assert "UTF-8" in caught.value.problems[0].message
