"""The server over plain HTTP: Host allow-list, CSRF, size limits, uploads, and documents like `notices render`."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from notices.records import load_record
from notices.records.yamlsource import parse
from notices.render import KINDS, render_record
from tests.conftest import EXAMPLES
from tests.web.helpers import docx_lines, pdf_pages

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
PHOTO = EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg"


def headers(server, **extra):  # type: ignore[no-untyped-def]
    return {"X-CSRF-Token": server.token(), **extra}


def test_a_foreign_host_is_refused(server):
    assert httpx.get(server.url + "/", headers={"Host": "evil.example"}).status_code == 400
    assert httpx.get(server.url + "/", headers={"Host": f"attacker.test:{server.port}"}).status_code == 400
    assert httpx.get(server.url + "/", headers={"Host": f"localhost:{server.port}"}).status_code == 200


@pytest.mark.parametrize("path", ["/api/preview", "/api/download", "/api/open", "/api/photos"])
def test_a_post_without_the_csrf_token_is_refused(server, path):
    response = httpx.post(server.url + path, json={"data": {}, "format": "yaml"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    wrong = httpx.post(server.url + path, json={"data": {}}, headers={"X-CSRF-Token": "x" * 43})
    assert wrong.status_code == 403


def test_a_post_from_another_origin_is_refused_even_with_the_token(server):
    response = httpx.post(server.url + "/api/download", json={"data": {}, "format": "yaml"},
                          headers=headers(server, Origin="http://evil.example"))
    assert response.status_code == 403
    same = httpx.post(server.url + "/api/download", json={"data": {}, "format": "yaml"},
                      headers=headers(server, Origin=server.url))
    assert same.status_code == 200


def test_the_page_names_no_other_site_and_sets_a_content_policy(server):
    response = httpx.get(server.url + "/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "http" not in response.text.replace(server.url, "").split("<body>")[0].lower().replace("http-equiv", "")
    for asset in ("/static/app.js", "/static/app.css"):
        text = httpx.get(server.url + asset).text
        assert "http://" not in text and "https://" not in text


def test_bodies_over_the_limit_are_refused(server):
    big = {"data": {"results": ["x" * (3 * 1024 * 1024)]}}
    assert httpx.post(server.url + "/api/preview", json=big, headers=headers(server)).status_code == 413

    def chunks():  # no Content-Length: the limit is counted as the body arrives
        for _ in range(40):
            yield b"x" * (100 * 1024)
    response = httpx.post(server.url + "/api/preview", content=chunks(),
                          headers=headers(server, **{"Content-Type": "application/json"}))
    assert response.status_code == 413


def test_uploads_take_only_records_and_images_and_stay_in_their_folder(server):
    token = headers(server)
    files = [("files", ("hoso.yaml", b"agency: {name: A}\n", "application/yaml")),
             ("files", ("../../evil.sh", b"#!/bin/sh\n", "text/plain"))]
    response = httpx.post(server.url + "/api/open", files=files, headers=token)
    assert response.status_code == 422
    assert "chỉ tải lên được tệp hồ sơ .yaml và ảnh JPEG hoặc PNG" in response.json()["error"]
    record = (EXAMPLES / "xa-cchc-6-thang-2024.yaml").read_bytes()
    files = [("files", ("xa.yaml", record, "application/yaml")),
             ("files", ("../quang-canh-hoi-nghi.jpg", PHOTO.read_bytes(), "image/jpeg"))]
    body = httpx.post(server.url + "/api/open", files=files, headers=token).json()
    assert body["photos"] == ["photos/quang-canh-hoi-nghi.jpg"]  # saved where the record names it, inside
    assert body["problems"] == [] and body["data"] == parse(record.decode()).data


def test_a_record_that_is_not_yaml_says_where(server):
    files = [("files", ("hoso.yaml", b"agency:\n  name: [A\n", "application/yaml"))]
    body = httpx.post(server.url + "/api/open", files=files, headers=headers(server)).json()
    assert body["data"] == {} and body["broken"] is True  # the page keeps what it holds
    assert "dòng 3, cột 1: " in body["problems"][0]["message"]


def test_preview_is_the_pdf_writers_page(server, tmp_path: Path):
    data = parse((EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")).data
    body = httpx.post(server.url + "/api/preview", json={"data": data, "kind": "notice"}, headers=headers(server)).json()
    assert '<h1 class="kind">THÔNG BÁO</h1>' in body["html"]
    assert "@font-face" in body["html"] and 'url("/fonts/bold")' in body["html"]
    font = httpx.get(server.url + "/fonts/bold")
    assert font.status_code == 200 and len(font.content) > 10_000
    assert httpx.get(server.url + "/fonts/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_downloads_of_every_example_match_notices_render_in_text(server, rendered_all: Path, tmp_path: Path):
    """Every kind of every example, DOCX and PDF, through the server: the same text as `notices render`."""
    token = headers(server)
    for path in EXAMPLE_FILES:
        files = [("files", (path.name, path.read_bytes(), "application/yaml"))]
        if "xa-cchc" in path.name:
            files.append(("files", (PHOTO.name, PHOTO.read_bytes(), "image/jpeg")))
        opened = httpx.post(server.url + "/api/open", files=files, headers=token).json()
        declared = [k.key for k in KINDS if opened["data"]["documents"].get(k.key) is not None]
        assert declared
        for kind in declared:
            for fmt in ("docx", "pdf"):
                response = httpx.post(server.url + "/api/download", headers=token, timeout=60, json={
                    "data": opened["data"], "kind": kind, "format": fmt, "workspace": opened["workspace"]})
                assert response.status_code == 200, response.text
                assert response.headers["content-disposition"].startswith('attachment; filename="')
                name = response.headers["content-disposition"].split('"')[1]
                reference = _reference(rendered_all / path.stem, name, fmt)
                if fmt == "docx":
                    assert docx_lines(response.content) == docx_lines(reference), (path.name, kind)
                else:
                    assert pdf_pages(response.content) == pdf_pages(reference), (path.name, kind)


def test_a_record_opened_and_saved_is_the_same_file_and_an_edit_keeps_her_comments(server):
    token = headers(server)
    for path in EXAMPLE_FILES:
        original = path.read_bytes()
        opened = httpx.post(server.url + "/api/open", files=[("files", (path.name, original, "application/yaml"))],
                            headers=token).json()
        saved = httpx.post(server.url + "/api/download", headers=token, json={
            "data": opened["data"], "format": "yaml", "workspace": opened["workspace"]})
        assert saved.status_code == 200 and saved.content == original, path.name
    path = EXAMPLES / "phu-tai-cchc-2022.yaml"
    opened = httpx.post(server.url + "/api/open", files=[("files", (path.name, path.read_bytes(), "application/yaml"))],
                        headers=token).json()
    opened["data"]["documents"]["notice"]["number"] = 6
    saved = httpx.post(server.url + "/api/download", headers=token, json={
        "data": opened["data"], "format": "yaml", "workspace": opened["workspace"]}).text
    before, after = path.read_text(encoding="utf-8").splitlines(), saved.splitlines()
    assert [(b, a) for b, a in zip(before, after, strict=True) if b != a] == [
        ('    number: 5                              # "Số: 05/TB-UBND"',
         '    number: 6                              # "Số: 05/TB-UBND"')]


def _reference(folder: Path, name: str, fmt: str) -> Path:
    """The file `notices render` wrote for the document whose download is called ``name``."""
    for candidate in folder.glob(f"*.{fmt}"):
        if name.startswith(candidate.stem):
            return candidate
    raise AssertionError(f"{name}: notices render wrote no such document in {folder}")


@pytest.fixture(scope="module")
def rendered_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render")
    for path in EXAMPLE_FILES:
        render_record(load_record(path), out, formats=("docx", "pdf"))
    return out


def test_an_office_yaml_above_the_servers_temporary_folder_is_not_the_offices(tmp_path: Path):
    """The form's records live in the server's temporary folder; a stray office.yaml above it (another
    user's /tmp/office.yaml) must give them neither an agency nor a signer nor a numbering policy."""
    from tests.register.test_office import OFFICE
    from tests.web.conftest import start_server, stop_server

    stray = tmp_path / "tmp"
    stray.mkdir()
    (stray / "office.yaml").write_text(OFFICE, encoding="utf-8")
    data = parse((EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")).data
    del data["agency"]
    server = start_server(env={"TMPDIR": str(stray)})
    try:
        body = httpx.post(server.url + "/api/preview", json={"data": data, "kind": "notice"},
                          headers=headers(server)).json()
    finally:
        stop_server(server)
    assert body["html"] is None
    assert any(p["message"] == "Cơ quan ban hành: chưa có" for p in body["problems"]), body["problems"]


def test_fonts_are_cached_with_one_cache_control(server):
    font = httpx.get(server.url + "/fonts/regular")
    assert font.headers.get_list("cache-control") == ["public, max-age=86400"]
    page = httpx.get(server.url + "/")
    assert page.headers.get_list("cache-control") == ["no-store"]


def test_a_record_opened_under_a_vietnamese_name_is_saved_under_it(server):
    from urllib.parse import quote

    body = {"data": {"meeting": {"name": "Giao ban"}}, "format": "yaml", "name": "Hồ sơ giao ban.yaml"}
    saved = httpx.post(server.url + "/api/download", json=body, headers=headers(server))
    assert saved.status_code == 200
    disposition = saved.headers["content-disposition"]
    assert f"filename*=UTF-8''{quote('Hồ sơ giao ban.yaml')}" in disposition
    assert 'filename="ho-so-giao-ban.yaml"' in disposition
