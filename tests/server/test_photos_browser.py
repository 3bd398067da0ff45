"""In Chromium, against a real server with two processes (``--workers 2``) on PostgreSQL: a chuyên viên writes a
Tin bài in the server's editor, uploads its photos with "Tải ảnh lên…", saves; the preview shows the images; her
văn thư opens the draft and sees them; the DOCX download carries the image (read back through its XML parts).
A Tin bài is not numbered (notices.kinds: numbered=False), so the photos are proved in the preview and DOCX."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import pytest

from tests.server.conftest import populate, start, stop
from tests.server.test_browser import expect, new_page, no_violations, sign_in
from tests.server.test_photos import PHOTO, news_record

pytestmark = pytest.mark.postgres


@pytest.fixture
def workers(pg_url):  # type: ignore[no-untyped-def]
    populate(pg_url)
    running = start(pg_url, "--workers", "2")
    yield running
    stop(running)


def preview(page):  # type: ignore[no-untyped-def]
    return page.frame_locator("#preview-frame")


def test_a_tin_bai_with_photos_written_and_saved_in_the_server_editor(browser, workers, tmp_path: Path):
    from notices.photos import prepare

    url = workers.url
    lan = new_page(browser)
    sign_in(lan, url, "lan")
    lan.get_by_role("button", name="Soạn văn bản mới").click()
    expect(lan.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    draft_url = lan.url
    record = tmp_path / "tin-bai.yaml"  # the meeting's record, without its photo
    record.write_text(news_record(), encoding="utf-8")
    lan.set_input_files("#open-file", str(record))
    expect(lan.locator("#status")).to_contain_text("Đã mở tin-bai.yaml")
    lan.get_by_label("Văn bản cần soạn").select_option("news")
    news = lan.locator("#form")
    news.get_by_label("Tiêu đề tin bài", exact=True).fill("Xã Phước Hưng sơ kết cải cách hành chính 6 tháng đầu năm")
    photos = lan.get_by_role("group", name="Ảnh", exact=True)
    photos.locator('input[type="file"]').set_input_files(str(PHOTO))
    expect(lan.locator("#status")).to_have_text("Đã tải lên 1 ảnh.")
    expect(photos.get_by_label("Tệp ảnh")).to_have_count(1)  # it went where the record names it
    second = tmp_path / "toan-canh.png"
    from PIL import Image

    Image.new("RGB", (60, 40), (20, 120, 200)).save(second, "PNG")
    photos.locator('input[type="file"]').set_input_files(str(second))
    expect(lan.locator("#status")).to_contain_text("Đã tải lên 1 ảnh; hãy viết chú thích")
    expect(photos.get_by_label("Tệp ảnh")).to_have_count(2)
    photos.get_by_label("Chú thích").nth(1).fill("Toàn cảnh hội trường")
    images = preview(lan).locator("figure img")
    expect(images).to_have_count(2)
    expect(preview(lan).locator("figcaption").nth(1)).to_have_text("Toàn cảnh hội trường")
    no_violations(lan)
    lan.get_by_role("button", name="Lưu", exact=True).click()
    expect(lan.locator("#status")).to_have_text("Đã lưu phiên bản 1.")
    with lan.expect_download() as info:
        lan.get_by_role("button", name="Tải DOCX", exact=True).click()
    docx = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        media = sorted(archive.read(n) for n in archive.namelist() if n.startswith("word/media/"))
    assert media == sorted([prepare(PHOTO).data, prepare(second).data])

    hoa = new_page(browser)  # her văn thư, on whichever of the two processes answers
    sign_in(hoa, url, "hoa")
    hoa.goto(draft_url)
    hoa.get_by_label("Văn bản cần soạn").select_option("news")
    expect(preview(hoa).locator("figure img")).to_have_count(2)
    first = preview(hoa).locator("figure img").first.get_attribute("src")
    assert base64.b64decode(first.split(",", 1)[1]) == prepare(PHOTO).data
    for _ in range(4):  # reloaded: the page is served by either process; the photos are always there
        hoa.reload()
        hoa.get_by_label("Văn bản cần soạn").select_option("news")
        expect(preview(hoa).locator("figure img")).to_have_count(2)

    minh = new_page(browser)  # another agency: nothing of it
    sign_in(minh, url, "minh")
    assert minh.goto(draft_url).status == 404
    for page in (lan, hoa, minh):
        assert not page.errors, page.errors
        page.context.close()
