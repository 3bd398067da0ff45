"""Every kind of every varied record: rendered as PDF/A-3b, signed by each signer and the agency,
verified, still PDF/A-3b (slow: about 30 documents; ./dev test -m slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notices.records import load_record
from notices.render import render_record
from notices.signing import conformance, sign
from notices.signing.field import FIELD_PREFIX
from notices.signing.verify import verify
from tests.conftest import EXAMPLES
from tests.signing.pki import P12_PASSWORD

RECORDS = sorted((Path(__file__).parents[1] / "check" / "records").glob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("record", RECORDS, ids=[r.stem for r in RECORDS])
def test_every_document_signs_and_stays_pdfa(kit, record, tmp_path):
    leader = sign.load_pkcs12(kit.leader_p12, lambda: P12_PASSWORD)
    agency = sign.load_pkcs12(kit.agency_p12, lambda: "")
    outcome = render_record(load_record(record), tmp_path, formats=("pdfa",))
    archives = [p for p, _ in outcome.written if p.name.endswith(".pdfa.pdf")]
    assert archives
    for pdf in archives:
        assert conformance.problems(pdf) == [], pdf
        signers = 2 if pdf.name.startswith("bien-ban") else 1
        for _ in range(signers):
            sign.sign(pdf, pdf, leader, sign.SignOptions(image=kit.signature_png))
        sign.sign(pdf, pdf, agency, sign.SignOptions(seal=kit.seal_png))
        checked = verify(pdf, (kit.ca_pem,))
        assert [c.field for c in checked] == [f"{FIELD_PREFIX}{i}" for i in range(1, signers + 1)] + ["dau-co-quan"]
        assert all(c.intact and c.trusted for c in checked), checked
        assert conformance.problems(pdf) == [], pdf
        (embedded,) = conformance.embedded_files(pdf)
        assert embedded.data == record.read_bytes()
