"""``notices issue`` archives the PDF/A-3b: the register keeps the archive copy with its record inside,
and that copy signs and verifies like any other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from notices.register import archive
from notices.register.db import open_database
from notices.register.issue import final_formats, issue_record
from notices.register.registry import AgencyKey
from notices.signing import conformance
from notices.signing.verify import verify
from tests.conftest import EXAMPLES
from tests.signing.test_sign import sign_agency, sign_leader

AGENCY = AgencyKey("UBND", "Ủy ban nhân dân huyện Đắk Song")


def test_issue_archives_the_pdfa_copy_with_its_record(kit, tmp_path: Path) -> None:
    assert "pdfa" in final_formats() and "pdf" not in final_formats()
    folder = tmp_path / "hoso"
    folder.mkdir()
    draft = folder / "dak-song.yaml"
    draft.write_bytes((EXAMPLES / "dak-song-cchc-2023.yaml").read_bytes())
    db = open_database(f"sqlite:///{tmp_path / 'notices.db'}")
    try:
        [result] = issue_record(draft, date=dt.date(2024, 1, 5), out=tmp_path / "out", db=db)
        pdf = next(p for p in result.files if p.name.endswith(".pdfa.pdf"))
        assert conformance.problems(pdf) == []
        (embedded,) = conformance.embedded_files(pdf)
        assert embedded.data == draft.read_bytes()  # the record as issued: its number and date written in
        facts = conformance.archive_facts(pdf)
        assert (facts["number"], facts["date"]) == ("01/TB-UBND", "2024-01-05")
        back = archive.get(db, AGENCY, 2024, "01/TB-UBND", tmp_path / "back")
        kept = next(p for p in back if p.name == pdf.name)
        assert kept.read_bytes() == pdf.read_bytes()
    finally:
        db.dispose()
    # the archived copy is what the leader and the agency sign
    sign_leader(kit, kept)
    sign_agency(kit, kept)
    assert [c.intact and c.trusted for c in verify(kept, (kit.ca_pem,))] == [True, True]
    assert conformance.problems(kept) == []
