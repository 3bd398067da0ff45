""""Mở hồ sơ…" with a Word document (issue 27, item 6): the server imports it (notices.importer.read_upload),
the form is filled from the record, and what could not be placed is listed for her, in Vietnamese."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from notices.records import validate_text
from tests.importer import builders
from tests.web.conftest import Server

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def headers(server: Server) -> dict[str, str]:
    return {"X-CSRF-Token": server.token()}


def test_a_docx_opens_as_a_record_with_its_unplaced_paragraphs(server: Server, tmp_path: Path) -> None:
    data = builders.table_layout(tmp_path / "x.docx").read_bytes()
    files = [("files", ("Thông báo kết luận.docx", data, DOCX))]
    response = httpx.post(server.url + "/api/open", files=files, headers=headers(server), timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    notice = body["data"]["documents"]["notice"]
    assert body["data"]["agency"]["name"] == builders.EXPECTED["agency.name"]
    assert notice["subject"] == builders.EXPECTED["subject"] and notice["number"] == builders.EXPECTED["number"]
    assert notice["signer"]["name"] == builders.NAME
    assert body["problems"] == [] and body["broken"] is False and body["workspace"]
    assert body["name"] == "Thông báo kết luận.yaml"  # "Tải YAML" saves under the document's name
    imported = body["imported"]
    assert imported["source"] == "Thông báo kết luận.docx" and imported["kind"] == "Thông báo"
    assert [e["text"] for e in imported["unread"]] == [builders.EXTRA]
    assert "chưa xếp được" in imported["unread"][0]["why"] and imported["unread"][0]["paragraph"] > 0
    # saved as YAML: the importer's text, comments and all, and a valid record
    saved = httpx.post(server.url + "/api/download", json={"data": body["data"], "format": "yaml", "kind": "notice",
                                                          "workspace": body["workspace"], "name": body["name"]},
                       headers=headers(server), timeout=60)
    assert saved.status_code == 200
    assert saved.text.startswith("# Hồ sơ nhập từ Thông báo kết luận.docx")
    validate_text(saved.text, tmp_path / "hoso.yaml")


def test_a_word_file_that_is_not_a_decree_30_document_is_refused_in_vietnamese(server: Server, tmp_path: Path) -> None:
    path = builders.write_docx(tmp_path / "thu.docx", builders.text_para("Thư mời dự tiệc"))
    files = [("files", ("thu.docx", path.read_bytes(), DOCX))]
    response = httpx.post(server.url + "/api/open", files=files, headers=headers(server), timeout=60)
    assert response.status_code == 422
    assert "thu.docx: không thấy Quốc hiệu" in response.json()["error"]
    two = [("files", ("a.docx", path.read_bytes(), DOCX)), ("files", ("b.yaml", b"agency: {}\n", "application/yaml"))]
    response = httpx.post(server.url + "/api/open", files=two, headers=headers(server), timeout=60)
    assert response.status_code == 422 and "một văn bản Word" in response.json()["error"]


@pytest.mark.browser
def test_open_a_docx_through_mo_ho_so_fills_the_form_and_lists_what_is_left(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    path = builders.table_layout(tmp_path / "thong-bao-cu.docx")
    page.set_input_files("#open-file", [str(path)])
    expect(page.locator("#status")).to_contain_text("Đã mở thong-bao-cu.docx (1 đoạn chưa xếp được")
    expect(page.locator("#kind")).to_have_value("notice")
    form = page.locator("#form")
    expect(form.get_by_label("Trích yếu", exact=True)).to_have_value(builders.EXPECTED["subject"])
    expect(form.get_by_label("Tên cơ quan", exact=True).first).to_have_value(builders.EXPECTED["agency.name"])
    box = page.get_by_role("region", name="Đoạn chưa xếp được")
    expect(box).to_be_visible()
    expect(box.locator("li")).to_have_count(1)
    expect(box.locator("li .imported-text")).to_have_text(builders.EXTRA)
    expect(box.get_by_role("button", name="Chép đoạn")).to_be_visible()
    expect(page.locator("#preview-status")).to_contain_text("Đã cập nhật")
    page.get_by_role("button", name="Hồ sơ mới").click()
    expect(box).to_be_hidden()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_doc_file_opens_too_through_libreoffice(server: Server, tmp_path: Path) -> None:
    from tests.importer.test_import import _soffice

    made = builders.table_layout(tmp_path / "thong-bao.docx")
    (tmp_path / "doc").mkdir()
    doc = _soffice(made, "doc", tmp_path / "doc")
    files = [("files", ("thong-bao.doc", doc.read_bytes(), "application/msword"))]
    response = httpx.post(server.url + "/api/open", files=files, headers=headers(server), timeout=180)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"]["documents"]["notice"]["subject"] == builders.EXPECTED["subject"]
    assert [e["text"] for e in body["imported"]["unread"]] == [builders.EXTRA]
