"""The PDF/A-3b archive copy: structural conformance, the record inside byte for byte, the facts in XMP."""

from __future__ import annotations

import shutil

import pdfplumber
import pikepdf
from click.testing import CliRunner

from notices.cli import main
from notices.records import load_record
from notices.signing import conformance
from tests.signing.conftest import EXAMPLE


def test_archive_copy_passes_the_pdfa_gate(rendered):
    for name in ("thong-bao.pdfa.pdf", "bien-ban.pdfa.pdf"):
        assert conformance.problems(rendered / name) == [], name


def test_the_gate_fails_what_is_not_pdfa(rendered, tmp_path):
    plain = conformance.problems(rendered / "thong-bao.pdf")
    assert any("XMP" in p for p in plain) and any("OutputIntents" in p for p in plain)
    doubled = tmp_path / "doubled.pdf"
    with pikepdf.open(rendered / "thong-bao.pdfa.pdf") as pdf:
        pdf.Root.AF.append(pdf.Root.AF[0])  # what WeasyPrint 70 writes unrepaired
        del pdf.Root.OutputIntents[0].DestOutputProfile
        pdf.save(doubled)
    found = conformance.problems(doubled)
    assert any("/AF" in p for p in found) and any("ICC" in p for p in found)


def test_the_gate_wants_custom_xmp_declared(rendered, tmp_path):
    undeclared = tmp_path / "undeclared.pdf"
    with pikepdf.open(rendered / "thong-bao.pdfa.pdf") as pdf:
        packet = pdf.Root.Metadata.read_bytes().replace(
            b"<vb:kind>", b'<x2:kind xmlns:x2="urn:khong-khai-bao#">x</x2:kind><vb:kind>')
        pdf.Root.Metadata = pdf.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        pdf.save(undeclared)
    assert any("urn:khong-khai-bao#" in p for p in conformance.problems(undeclared))


def test_record_extracts_back_byte_for_byte(rendered):
    (record,) = conformance.embedded_files(rendered / "thong-bao.pdfa.pdf")
    assert record.name == EXAMPLE.name
    assert record.data == EXAMPLE.read_bytes()
    assert record.relationship == "Source"
    assert record.subtype == "/application/yaml"


def test_xmp_carries_number_date_agency_subject_signer(rendered):
    record = load_record(EXAMPLE).record
    notice = record.documents.notice
    facts = conformance.archive_facts(rendered / "thong-bao.pdfa.pdf")
    assert facts["number"] == f"{notice.number:02d}/TB-{record.agency.code}"
    assert facts["date"] == notice.date.isoformat()
    assert facts["agency"] == record.agency.name
    assert facts["subject"] == notice.subject
    assert facts["signer"] == notice.signer.name
    assert facts["kind"] == "notice"
    import hashlib
    assert facts["recordSha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    with pikepdf.open(rendered / "thong-bao.pdfa.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:identifier"] == {facts["number"]}
        assert meta["pdfaid:part"] == "3"


def test_archive_copy_prints_what_the_pdf_prints(rendered):
    with pdfplumber.open(rendered / "thong-bao.pdf") as a, pdfplumber.open(rendered / "thong-bao.pdfa.pdf") as b:
        assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
        assert {c["fontname"].split("+")[-1] for c in b.chars} <= {c["fontname"].split("+")[-1] for c in a.chars}


def test_render_writes_pdfa_on_request(tmp_path):
    record = tmp_path / "ho so.yaml"
    shutil.copy(EXAMPLE, record)
    result = CliRunner().invoke(main, ["render", str(record), "--only", "notice", "--format", "pdfa",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "out").rglob("*.pdf")
    assert written.name == "thong-bao.pdfa.pdf"
    assert conformance.problems(written) == []
    (embedded,) = conformance.embedded_files(written)
    assert embedded.name == "ho so.yaml" and embedded.data == EXAMPLE.read_bytes()
