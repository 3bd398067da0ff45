"""The signer's signature image on server-side Ký số (Phụ lục I, II.7.d), in the library and on the command line
(SQLite and PostgreSQL): kept per user, set by herself or by the operator, checked as ``notices sign --image``
checks it; after Ký số the signed PDF's signature widget (read back with pikepdf) holds the image at the PNG's
pixel size, drawn exactly as ``notices sign --image`` draws it for the same inputs, and ``verify`` finds the
signature intact; without an image Ký số still signs, and says the image is missing and where to set it."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from notices.errors import UserError
from notices.server import drafts, signature_image, workflow
from notices.server.accounts import SYSTEM, Forbidden
from tests.server.conftest import populate
from tests.server.signing_kit import SIGNER, keys, kit  # noqa: F401  (fixtures)
from tests.server.test_cli import notices
from tests.server.test_sealing import act, numbered, signatures
from tests.server.test_workflow import FIVE, who


def images_in(pdf: bytes, field: str = "chu-ky-1") -> list[tuple[int, int, str]]:
    """(width, height, SHA-256 of the decoded pixels) of every image XObject inside the named signature
    widget's normal appearance, read back with pikepdf."""
    import pikepdf

    found: list[tuple[int, int, str]] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        widgets = [a for page in doc.pages for a in page.get("/Annots", [])
                   if a.get("/Subtype") == "/Widget" and str(a.get("/T", a.get("/Parent", {}).get("/T", ""))) == field]
        assert len(widgets) == 1, [str(a.get("/T")) for page in doc.pages for a in page.get("/Annots", [])]

        def walk(xobject, seen: set) -> None:  # type: ignore[no-untyped-def]
            if xobject.objgen in seen:
                return
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Image":
                found.append((int(xobject.Width), int(xobject.Height),
                              hashlib.sha256(xobject.read_bytes()).hexdigest()))
                return
            for child in xobject.get("/Resources", {}).get("/XObject", {}).values():
                walk(child, seen)

        walk(widgets[0].AP.N, set())
    return found


def pixels(png: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(png) as image:
        return image.size


def test_ky_so_puts_her_signature_image_in_the_field_as_notices_sign_does(db_url, keys, tmp_path):  # noqa: F811
    from notices.register.db import open_database

    populate(db_url, steps=workflow.FULL, users=FIVE)
    db = open_database(db_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        nk, vt, tuan = people["nk"], people["vt"], people["tuan"]
        png = keys.kit.signature_png.read_bytes()
        done = signature_image.set_image(db, nk, png)
        assert (done.width, done.height) == pixels(keys.kit.signature_png) and done.warnings == []
        # hers only: another agency's user neither sees it nor sets it; nobody sets another's
        assert signature_image.own_image(db, nk) == png and signature_image.own_image(db, tuan) is None
        with pytest.raises(Forbidden, match="chính mình"):
            signature_image.set_image(db, tuan, png, login="nk")
        with pytest.raises(Forbidden, match="chính mình"):
            signature_image.remove_image(db, vt, login="nk")
        assert signature_image.own_image(db, nk) == png

        draft = numbered(db, people)
        entry_id = workflow.numbered_entry(db, vt, draft)
        numbered_pdf = drafts.stored_file(db, vt, entry_id, ".pdf")[1]
        result = act(db, nk, draft, "ky_so", keys.material())
        assert result.state == "da_ky" and "Chưa có ảnh chữ ký" not in result.message
        with db.engine.begin() as conn:
            signed = conn.execute(select(workflow.signed_files.c.content)).scalar_one()
        assert signed.startswith(numbered_pdf)
        ours = images_in(signed)
        assert [(w, h) for w, h, _ in ours] == [pixels(keys.kit.signature_png)]
        assert [(c.signer, c.intact, c.field) for c in signatures(signed, tmp_path)] == [(SIGNER, True, "chu-ky-1")]

        # the same inputs through `notices sign --image`: the same field, the same image, the same placement
        pdf = tmp_path / "so.pdf"
        pdf.write_bytes(numbered_pdf)
        cli = notices("sign", str(pdf), "--cert", str(keys.signer_p12), "--image", str(keys.kit.signature_png),
                      env={"NOTICES_PIN": keys.passphrase})
        assert cli.returncode == 0, cli.stderr
        by_hand = pdf.read_bytes()
        assert images_in(by_hand) == ours
        assert appearance_of(by_hand) == appearance_of(signed)
    finally:
        db.dispose()


def appearance_of(pdf: bytes, field: str = "chu-ky-1") -> tuple:
    """The widget's rectangle and its appearance's box and drawing operators (content streams, recursively)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        widget = next(a for page in doc.pages for a in page.get("/Annots", []) if str(a.get("/T", "")) == field)
        drawn: list[str] = []

        def walk(xobject) -> None:  # type: ignore[no-untyped-def]
            if xobject.get("/Subtype") != "/Form":
                return
            drawn.append(str([round(float(v), 2) for v in xobject.BBox]))
            drawn.extend(str(op) for _, op in pikepdf.parse_content_stream(xobject))
            for child in xobject.get("/Resources", {}).get("/XObject", {}).values():
                walk(child)

        walk(widget.AP.N)
        return tuple(round(float(v), 2) for v in widget.Rect), tuple(drawn)


def test_without_an_image_ky_so_signs_and_says_where_to_set_it(sqlite_url, keys, tmp_path):  # noqa: F811
    from notices.register.db import open_database

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        signature_image.set_image(db, people["tuan"], keys.kit.signature_png.read_bytes())  # another agency's
        draft = numbered(db, people)
        result = act(db, people["nk"], draft, "ky_so", keys.material())
        assert result.state == "da_ky"
        assert "Chưa có ảnh chữ ký" in result.message and "“Đổi mật khẩu” (mục “Ảnh chữ ký”)" in result.message
        with db.engine.begin() as conn:
            signed = conn.execute(select(workflow.signed_files.c.content)).scalar_one()
        assert images_in(signed) == []
        assert [(c.signer, c.intact) for c in signatures(signed, tmp_path)] == [(SIGNER, True)]
    finally:
        db.dispose()


def test_images_are_checked_with_clear_vietnamese_errors(sqlite_url, keys, tmp_path):  # noqa: F811
    from PIL import Image

    from notices.register.db import open_database

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    jpeg, opaque, red = io.BytesIO(), io.BytesIO(), io.BytesIO()
    Image.new("RGB", (60, 20), "blue").save(jpeg, "JPEG")
    Image.new("RGB", (60, 20), "blue").save(opaque, "PNG")
    with Image.open(keys.kit.signature_png) as image:
        r, g, b, a = image.split()
        Image.merge("RGBA", (b, g, r, a)).save(red, "PNG")
    db = open_database(sqlite_url)
    try:
        nk = who(db, "nk")
        for data, words in ((b"", "hãy chọn tệp PNG"), (jpeg.getvalue(), "không phải PNG"),
                            (opaque.getvalue(), "phải có nền trong suốt"),
                            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "không đọc được"),
                            (b"\x89PNG\r\n\x1a\n" + b"\x00" * (signature_image.MAX_IMAGE + 1), "tệp quá lớn")):
            with pytest.raises(UserError, match=words) as refused:
                signature_image.set_image(db, nk, data)
            assert refused.value.message.startswith("Ảnh chữ ký: ") and "/tmp" not in refused.value.message
        assert signature_image.own_image(db, nk) is None
        warned = signature_image.set_image(db, nk, red.getvalue())
        assert warned.warnings and "nên là màu xanh" in warned.warnings[0] and "/tmp" not in warned.warnings[0]
        assert signature_image.remove_image(db, nk) and not signature_image.remove_image(db, nk)
        with pytest.raises(UserError, match="Chưa có người dùng ai"):
            signature_image.set_image(db, SYSTEM, keys.kit.signature_png.read_bytes(), login="ai")
    finally:
        db.dispose()


def test_the_operator_sets_and_removes_it_from_the_command_line(sqlite_url, keys, tmp_path):  # noqa: F811
    from notices.register.db import open_database

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    done = notices("users", "signature", "--db", sqlite_url, "NK", "--image", str(keys.kit.signature_png))
    width, height = pixels(keys.kit.signature_png)
    assert done.returncode == 0 and f"nk: đã đặt ảnh chữ ký ({width}×{height} điểm ảnh)." in done.stdout, done.stderr
    db = open_database(sqlite_url)
    try:
        assert signature_image.own_image(db, who(db, "nk")) == keys.kit.signature_png.read_bytes()
    finally:
        db.dispose()
    bad = tmp_path / "chu-ky.jpg"
    bad.write_bytes(b"not an image")
    refused = notices("users", "signature", "--db", sqlite_url, "nk", "--image", str(bad))
    assert refused.returncode != 0 and f"{bad}: phải là tệp PNG" in refused.stderr
    both = notices("users", "signature", "--db", sqlite_url, "nk", "--image", str(keys.kit.signature_png), "--remove")
    assert both.returncode != 0 and "Cần đúng một trong --image" in both.stderr
    missing = notices("users", "signature", "--db", sqlite_url, "khong-co", "--image", str(keys.kit.signature_png))
    assert missing.returncode != 0 and "Chưa có người dùng khong-co" in missing.stderr
    removed = notices("users", "signature", "--db", sqlite_url, "nk", "--remove")
    assert removed.returncode == 0 and "nk: đã xóa ảnh chữ ký." in removed.stdout, removed.stderr
    db = open_database(sqlite_url)
    try:
        assert signature_image.own_image(db, who(db, "nk")) is None
    finally:
        db.dispose()
