"""Tải lên bản đã ký: the numbered PDF, signed with the signer's own tool (``notices sign``, an offline test
CA), is accepted and kept; another version, a tampered file, an unsigned file or another agency's document
is refused with the reason and nothing changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from notices.errors import UserError
from notices.server import drafts, workflow
from notices.server.accounts import NotFound
from tests.server.conftest import populate
from tests.server.signing_kit import SIGNER, keys, kit  # noqa: F401  (fixtures)
from tests.server.test_cli import notices
from tests.server.test_workflow import CHAIN, FIVE, step, who, written
from tests.signing.pki import P12_PASSWORD


def signed(kit, content: bytes, folder: Path, p12: Path | None = None) -> bytes:  # type: ignore[no-untyped-def]  # noqa: F811
    pdf = folder / "so.pdf"
    pdf.write_bytes(content)
    # in a process of its own: pyHanko runs its own event loop, and a browser test may hold one in this thread
    result = notices("sign", str(pdf), "--cert", str(p12 or kit.leader_p12), "--image", str(kit.signature_png),
                     env={"NOTICES_PIN": P12_PASSWORD})
    assert result.returncode == 0, result.stderr
    return pdf.read_bytes()


def test_the_signed_upload_must_be_the_numbered_pdf_signed(sqlite_url, kit, keys, tmp_path):  # noqa: F811
    from notices.register.db import open_database

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = written(db, people)
        for name, action, _ in CHAIN[:5]:
            step(db, people[name], draft, action)
        other = written(db, people)  # a second document, numbered too: 02
        for name, action, _ in CHAIN[:5]:
            step(db, people[name], other, action)
        entries = {e.label: e.id for e in drafts.issued(db, people["vt"])}
        numbered = drafts.stored_file(db, people["nk"], entries["01/TB-UBND"], ".pdf")[1]
        other_pdf = drafts.stored_file(db, people["nk"], entries["02/TB-UBND"], ".pdf")[1]
        info = drafts.get_draft(db, people["nk"], draft)

        def upload(actor, content):  # type: ignore[no-untyped-def]
            return workflow.upload_signed(db, actor, draft, content, state=info.state, head=info.head)

        for wrong, words in ((numbered, "không phải bản PDF đã cấp số"),  # not signed: nothing added
                             (signed(kit, other_pdf, tmp_path), "không phải bản PDF đã cấp số"),  # another document
                             (numbered + b"\n%%EOF\n", "Không nhận tệp đã ký: tệp PDF hỏng")):
            with pytest.raises(UserError, match=words):
                upload(people["nk"], wrong)
        with pytest.raises(UserError, match=f"của “Nguyễn Văn C”, không phải người ký của văn bản “{SIGNER}”"):
            upload(people["nk"], signed(kit, numbered, tmp_path))  # signed, but by someone else's certificate
        good = signed(kit, numbered, tmp_path, keys.signer_p12)
        for at in (len(numbered) // 2, good.rindex(b"/Contents <") + 40):  # the numbered text, the signature
            tampered = bytearray(good)
            tampered[at] = ord("0") if tampered[at] != ord("0") else ord("1")
            with pytest.raises(UserError, match="Không nhận tệp đã ký"):
                upload(people["nk"], bytes(tampered))
        with pytest.raises(workflow.Forbidden):
            upload(people["vt"], good)
        with pytest.raises(NotFound):
            workflow.upload_signed(db, people["tuan"], draft, good, state=info.state, head=info.head)
        assert drafts.get_draft(db, people["nk"], draft).state == "da_cap_so"
        done = upload(people["nk"], good)
        assert done.state == "da_ky" and "CA" not in done.message
        with db.engine.begin() as conn:
            kept = conn.execute(select(workflow.signed_files.c.content)).scalars().all()
        assert kept == [good]
        assert workflow.history(db, people["vt"], draft)[-1].action == "tai_len"
        with pytest.raises(UserError, match="Tải lên bản đã đóng dấu"):  # no seal set, nothing uploaded
            step(db, people["vt"], draft, "ban_hanh")
    finally:
        db.dispose()


def test_the_upload_through_the_document_page(sqlite_url, kit, keys, tmp_path):  # noqa: F811
    from notices.register.db import open_database
    from tests.server.conftest import login, start, stop

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    server = start(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = written(db, people)
        for name, action, _ in CHAIN[:5]:
            step(db, people[name], draft, action)
        info = drafts.get_draft(db, people["nk"], draft)
        nk, nk_csrf = login(server.url, "nk")
        page = nk.get(f"/van-ban/{draft}").text
        assert '<button type="submit">Tải lên bản đã ký</button>' in page and '<label for="ban-da-ky">' in page
        pdf_url = re.search(r'<a href="(/so/\d+/pdf)">Tải PDF</a>', page).group(1)
        numbered = nk.get(pdf_url).content
        good = signed(kit, numbered, tmp_path, keys.signer_p12)
        fields = {"csrf": nk_csrf, "state": info.state, "head": str(info.head)}
        vt, vt_csrf = login(server.url, "vt")
        assert vt.post(f"/van-ban/{draft}/ban-da-ky", data={**fields, "csrf": vt_csrf},
                       files={"file": ("da-ky.pdf", good, "application/pdf")}).status_code == 403
        tuan, tuan_csrf = login(server.url, "tuan")
        assert tuan.post(f"/van-ban/{draft}/ban-da-ky", data={**fields, "csrf": tuan_csrf},
                         files={"file": ("da-ky.pdf", good, "application/pdf")}).status_code == 404
        wrong = nk.post(f"/van-ban/{draft}/ban-da-ky", data=fields,
                        files={"file": ("da-ky.pdf", numbered, "application/pdf")})
        assert wrong.status_code == 422 and "không phải bản PDF đã cấp số" in wrong.text
        assert nk.post(f"/van-ban/{draft}/ban-da-ky", data={**fields, "csrf": "sai"},
                       files={"file": ("da-ky.pdf", good, "application/pdf")}).status_code == 403
        done = nk.post(f"/van-ban/{draft}/ban-da-ky", data=fields, files={"file": ("da-ky.pdf", good, "application/pdf")})
        assert done.status_code == 303, done.text
        assert drafts.get_draft(db, people["vt"], draft).state == "da_ky"
    finally:
        stop(server)
        db.dispose()
