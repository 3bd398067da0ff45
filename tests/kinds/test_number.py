"""The number travels as data: the model carries số, ký hiệu and date; one ``vn`` helper prints them; the
archive copy's metadata reads the values, never the printed line."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from notices import kinds, vn
from notices.model import Header, Number
from notices.records import load_record
from tests.conftest import EXAMPLES


def test_one_helper_prints_every_number() -> None:
    assert vn.number_line(5, "TB-UBND") == "Số: 05/TB-UBND"
    assert vn.number_line(12, "UBND-VP") == "Số: 12/UBND-VP"
    assert vn.number_line(None, "TB-UBND") == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TB-UBND"
    assert vn.number_label(215, "UBND-VP") == "215/UBND-VP"


def test_documents_carry_their_number_as_values() -> None:
    loaded = load_record(EXAMPLES / "ea-sup-sau-hoi-nghi-2024.yaml")
    made = {k: kinds.kind(k).compose(loaded.record, None, loaded.folder)
            for k in ("notice", "official_letter", "plan", "proposal")}
    assert made["notice"].number == Number(214, "TB-UBND", dt.date(2024, 10, 10))
    assert made["official_letter"].number == Number(215, "UBND-VP", dt.date(2024, 10, 11))
    assert made["plan"].number == Number(96, "KH-UBND", dt.date(2024, 10, 14))
    assert made["proposal"].number == Number(41, "TTr-UBND", dt.date(2024, 10, 15))
    header = next(b for b in made["official_letter"].blocks if isinstance(b, Header))
    assert header.number == vn.number_line(215, "UBND-VP")


def test_archive_metadata_reads_the_values_not_the_printed_line() -> None:
    from notices.writers.pdfa import facts

    loaded = load_record(EXAMPLES / "ea-sup-sau-hoi-nghi-2024.yaml")
    letter = kinds.kind("official_letter").compose(loaded.record, None, loaded.folder)
    printed = tuple(replace(b, number="Số: (in khác đi)") if isinstance(b, Header) else b for b in letter.blocks)
    archive = facts(replace(letter, blocks=printed), "hoso.yaml", b"", loaded.record)
    assert (archive.number, archive.date, archive.kind) == ("215/UBND-VP", "2024-10-11", "official_letter")
    draft = facts(replace(letter, number=Number(None, "UBND-VP")), "hoso.yaml", b"")
    assert draft.number is None and draft.date is None


def test_the_register_numbers_a_cong_van_in_its_own_series(tmp_path, monkeypatch) -> None:
    """Per-kind numbering: the Công văn takes the CV series, its ký hiệu the agency and drafting unit."""
    import re

    from notices.register.db import open_database
    from notices.register.issue import issue_record

    monkeypatch.delenv("NOTICES_DB", raising=False)
    text = (EXAMPLES / "ea-sup-sau-hoi-nghi-2024.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(official_letter:[^\n]*\n)    number: 215\n    date: 2024-10-11\n", r"\1", text)
    record = tmp_path / "hoso.yaml"
    record.write_text(text, encoding="utf-8")
    db = open_database(f"sqlite:///{tmp_path / 'so.db'}")
    try:
        (issued,) = issue_record(record, kind="official_letter", date=dt.date(2024, 10, 11), db=db, out=tmp_path / "out")
    finally:
        db.dispose()
    assert (issued.entry.label, issued.entry.series, issued.entry.kind_label) == ("01/UBND-VP", "CV", "Công văn")
    letter = load_record(record).record.documents.official_letter
    assert (letter.number, letter.date) == (1, dt.date(2024, 10, 11))
    assert sorted(p.name for p in issued.files) == ["cong-van.docx", "cong-van.pdfa.pdf"]
