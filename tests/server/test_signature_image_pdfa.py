"""The archived PDF after Ký số (with the signer's image) and Ban hành (the agency's seal) is still PDF/A-3b:
the final file, as "Tải PDF" returns it, passes the project's PDF/A gate (notices.signing.conformance), keeps
the record embedded byte for byte, and both signatures verify."""

from __future__ import annotations

from sqlalchemy import select

from notices.server import drafts, signature_image, workflow
from notices.signing import conformance
from tests.server.conftest import login, populate, start, stop
from tests.server.signing_kit import AGENCY, SIGNER, keys, kit, set_seal  # noqa: F401  (fixtures)
from tests.server.test_sealing import act, numbered, signatures
from tests.server.test_signature_image import images_in, pixels
from tests.server.test_workflow import FIVE, who
from tests.signing.conftest import archive_copy, rendered  # noqa: F401  (fixtures)


def test_the_issued_pdf_stays_pdfa_after_ky_so_and_ban_hanh(db_url, keys, tmp_path, monkeypatch):  # noqa: F811
    import re

    from notices.register.db import open_database

    populate(db_url, steps=workflow.FULL, users=FIVE)
    set_seal(db_url, keys)
    monkeypatch.setenv("NOTICES_SECRET_FILE", str(keys.secret_file))
    db = open_database(db_url)
    server = start(db_url, env=keys.env)
    try:
        people = {name: who(db, name) for name in FIVE}
        signature_image.set_image(db, people["nk"], keys.kit.signature_png.read_bytes())
        draft = numbered(db, people)
        vt = people["vt"]
        entry = workflow.numbered_entry(db, vt, draft)
        numbered_pdf = tmp_path / "so.pdf"
        numbered_pdf.write_bytes(drafts.stored_file(db, vt, entry, ".pdf")[1])
        assert conformance.problems(numbered_pdf) == []
        record = conformance.embedded_files(numbered_pdf)
        act(db, people["nk"], draft, "ky_so", keys.material())
        with db.engine.begin() as conn:
            signed = tmp_path / "da-ky.pdf"
            signed.write_bytes(conn.execute(select(workflow.signed_files.c.content)).scalar_one())
        assert conformance.problems(signed) == []
        assert act(db, vt, draft, "ban_hanh").state == "da_ban_hanh"
        client, _ = login(server.url, "vt")
        link = re.search(r'<a href="(/so/\d+/pdf)">PDF</a>', client.get("/van-ban").text).group(1)
        final = tmp_path / "ban-hanh.pdf"
        final.write_bytes(client.get(link).content)  # what "Tải PDF" returns after Ban hành
        assert final.read_bytes() == drafts.stored_file(db, vt, entry, ".pdf")[1]
        assert final.read_bytes().startswith(signed.read_bytes())
        assert conformance.problems(final) == []
        for each in (signed, final):  # pyHanko's XMP rewrite keeps the prefix the extension schema declares
            packet = xmp_of(each)
            assert b'xmlns:vb="urn:notices:van-ban:1.0#"' in packet and b"ns0:" not in packet
            assert b'vb:number="01/TB-UBND"' in packet or b"<vb:number>01/TB-UBND</vb:number>" in packet
        assert conformance.claims_pdfa(final)
        assert conformance.embedded_files(final) == record
        assert [(w, h) for w, h, _ in images_in(final.read_bytes())] == [pixels(keys.kit.signature_png)]
        found = signatures(final.read_bytes(), tmp_path)
        assert [(c.signer, c.intact, c.field) for c in found] == [(SIGNER, True, "chu-ky-1"),
                                                                   (AGENCY, True, "dau-co-quan")]
    finally:
        stop(server)
        db.dispose()


def xmp_of(path):  # type: ignore[no-untyped-def]
    import pikepdf

    with pikepdf.open(path) as pdf:
        return pdf.Root.Metadata.read_bytes()


def test_the_gate_refuses_an_extension_schema_written_with_another_prefix(archive_copy, tmp_path):  # noqa: F811
    """What pyHanko wrote before the prefixes were kept: vb's properties under ns0 (the gate says so)."""
    import pikepdf

    source = tmp_path / "ns0.pdf"
    assert conformance.problems(archive_copy) == []
    with pikepdf.open(archive_copy) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
        pdf.Root.Metadata.write(packet.replace(b"xmlns:vb=", b"xmlns:ns0=").replace(b"<vb:", b"<ns0:")
                                .replace(b"</vb:", b"</ns0:"))
        pdf.save(source)
    said = conformance.problems(source)
    assert any("tiền tố ns0" in p and "“vb”" in p for p in said), said
