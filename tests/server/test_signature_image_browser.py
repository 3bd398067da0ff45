"""The signature image on the account page, in Chromium (real PostgreSQL, a real server): the signer's Ký số form
says the image is missing and links to where she sets it; on "Đổi mật khẩu" a JPEG is refused by the field's
label, her PNG is kept and shown; back on the document the warning is gone, and the PDF she signs with the Ký số
button carries the image. Another agency's user sees none of it, and a direct POST only ever touches her own."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from notices.server import signature_image, workflow
from tests.server.conftest import login, populate, start, stop
from tests.server.signing_kit import keys, kit  # noqa: F401  (fixtures)
from tests.server.test_browser import expect, new_page, no_violations, sign_in
from tests.server.test_sealing import numbered
from tests.server.test_signature_image import images_in, pixels
from tests.server.test_workflow import FIVE, who

pytestmark = pytest.mark.postgres


def test_she_sets_her_signature_image_and_signs_with_it(browser, pg_url, keys, tmp_path: Path):  # noqa: F811
    from PIL import Image

    from notices.register.db import open_database

    populate(pg_url, steps=workflow.FULL, users=FIVE)
    db = open_database(pg_url)
    server = start(pg_url, env=keys.env)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        url = server.url
        nk = new_page(browser)
        sign_in(nk, url, "nk")
        nk.goto(f"{url}/van-ban/{draft}")
        warning = nk.locator("#thieu-anh-chu-ky")
        expect(warning).to_contain_text("Chưa có ảnh chữ ký")
        warning.get_by_role("link").click()
        expect(nk.get_by_role("heading", name="Ảnh chữ ký")).to_be_visible()
        expect(nk.get_by_role("main")).to_contain_text("Chưa có ảnh chữ ký")
        jpeg = tmp_path / "chu-ky.jpg"
        Image.new("RGB", (60, 20), "blue").save(jpeg, "JPEG")
        nk.get_by_label("Tệp ảnh chữ ký (PNG)").set_input_files(str(jpeg))
        nk.get_by_role("button", name="Lưu ảnh chữ ký").click()
        expect(nk.get_by_role("alert")).to_contain_text("Ảnh chữ ký: phải là tệp PNG")
        nk.get_by_label("Tệp ảnh chữ ký (PNG)").set_input_files(str(keys.kit.signature_png))
        nk.get_by_role("button", name="Lưu ảnh chữ ký").click()
        expect(nk.get_by_role("status")).to_contain_text("Đã lưu ảnh chữ ký")
        width, height = pixels(keys.kit.signature_png)
        expect(nk.get_by_role("img", name="Ảnh chữ ký của bạn")).to_be_visible()
        expect(nk.get_by_role("main")).to_contain_text(f"{width}×{height} điểm ảnh")
        no_violations(nk)
        assert nk.errors == []

        # another agency's user: none of it on her page; her direct POST removes only her own (none)
        tuan, csrf = login(url, "tuan")
        assert "Ảnh chữ ký của bạn" not in tuan.get("/mat-khau").text
        gone = tuan.post("/mat-khau/chu-ky", data={"csrf": csrf, "xoa": "1"})
        assert gone.status_code == 200 and "Bạn chưa có ảnh chữ ký." in gone.text
        forged = tuan.post("/mat-khau/chu-ky", data={"csrf": csrf, "login": "nk"},
                           files={"chu_ky": ("x.png", io.BytesIO(b"not a png"), "image/png")})
        assert forged.status_code == 422 and "Ảnh chữ ký:" in forged.text
        assert signature_image.own_image(db, who(db, "nk")) == keys.kit.signature_png.read_bytes()
        assert signature_image.own_image(db, who(db, "tuan")) is None

        nk.goto(f"{url}/van-ban/{draft}")
        expect(nk.locator("#thieu-anh-chu-ky")).to_have_count(0)
        expect(nk.get_by_text("Ảnh chữ ký của bạn sẽ được đặt vào ô chữ ký")).to_be_visible()
        nk.get_by_label("Tệp chứng thư số (.p12)").set_input_files(str(keys.signer_p12))
        nk.get_by_label("Mật khẩu tệp chứng thư số").fill(keys.passphrase)
        nk.get_by_role("button", name="Ký số", exact=True).click()
        expect(nk.locator("#trang-thai")).to_have_text("Đã ký", timeout=120_000)
        with db.engine.begin() as conn:
            signed = conn.execute(select(workflow.signed_files.c.content)).scalar_one()
        assert [(w, h) for w, h, _ in images_in(signed)] == [(width, height)]
    finally:
        stop(server)
        db.dispose()
