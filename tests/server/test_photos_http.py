"""Photos of a Tin bài through two real ``notices server run`` processes on one PostgreSQL: uploaded through
one, found by the other's preview and DOCX download (read back: the image's bytes) and by Cấp số of the notice
beside the news post; CSRF on the upload; another agency's draft answers 404; a bad file is refused by name."""

from __future__ import annotations

import base64
import io
import re
import zipfile

import pytest

from tests.server.conftest import EXAMPLES, as_data, login
from tests.server.test_photos import PHOTO, news_record

pytestmark = pytest.mark.postgres


def expected_image() -> bytes:
    """What notices render embeds for the example photo (upright, resized, encoded again)."""
    from notices.photos import prepare

    return prepare(PHOTO).data


def test_photos_uploaded_through_one_process_are_rendered_by_the_other(two):
    first, second = two
    lan, csrf = login(first.url, "lan")
    lan_there, csrf_there = login(second.url, "lan")
    draft = lan.post("/van-ban/moi", data={"csrf": csrf}).headers["location"].rsplit("/", 1)[1]
    assert f'"workspace": "{draft}"' in lan.get(f"/van-ban/{draft}").text  # the editor's boot data
    jpeg = PHOTO.read_bytes()
    files = {"files": ("quang-canh-hoi-nghi.jpg", jpeg, "image/jpeg")}
    form = {"workspace": draft, "named": '["photos/quang-canh-hoi-nghi.jpg"]'}
    assert lan.post("/api/photos", data=form, files=files).status_code == 403  # no CSRF token
    assert lan.post("/api/photos", data=form, files=files, headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    answer = lan.post("/api/photos", data=form, files=files, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"workspace": draft, "photos": ["photos/quang-canh-hoi-nghi.jpg"]}
    bad = lan.post("/api/photos", data={"workspace": draft}, headers={"X-CSRF-Token": csrf},
                   files=[("files", ("bao-cao.pdf", b"%PDF-1.7", "application/pdf")),
                          ("files", ("hong.jpg", b"\xff\xd8\xff\xe0 broken", "image/jpeg"))])
    assert bad.status_code == 422 and "“bao-cao.pdf”" in bad.json()["error"] and "“hong.jpg”" in bad.json()["error"]

    data = as_data(news_record())
    saved = lan_there.post(f"/api/van-ban/{draft}/luu", json={"data": data, "kind": "news", "base": None},
                           headers={"X-CSRF-Token": csrf_there})
    assert saved.status_code == 200 and saved.json()["head"] == 1
    preview = lan_there.post("/api/preview", json={"data": data, "kind": "news", "workspace": draft},
                             headers={"X-CSRF-Token": csrf_there}).json()
    assert preview["html"], preview
    sources = re.findall(r'<img src="data:image/jpeg;base64,([^"]+)"', preview["html"])
    assert [base64.b64decode(s) for s in sources] == [expected_image()]
    docx = lan_there.post("/api/download", json={"data": data, "kind": "news", "format": "docx", "workspace": draft},
                          headers={"X-CSRF-Token": csrf_there})
    assert docx.status_code == 200, docx.text
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [expected_image()]
    blind = lan_there.post("/api/preview", json={"data": data, "kind": "news"}, headers={"X-CSRF-Token": csrf_there})
    assert blind.json()["html"] is None and "quang-canh-hoi-nghi.jpg" in str(blind.json()["problems"])

    hoa, hoa_csrf = login(first.url, "hoa")  # Cấp số of the notice beside it: its record names the photo
    issued = hoa.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": 1},
                      headers={"X-CSRF-Token": hoa_csrf})
    assert issued.status_code == 200 and issued.json()["label"] == "01/TB-UBND", issued.text
    assert hoa.get(issued.json()["pdf"]).content.startswith(b"%PDF")

    minh, minh_csrf = login(second.url, "minh")  # another agency: the draft's photos are not there for her
    for path, body in (("/api/preview", {"json": {"data": data, "kind": "news", "workspace": draft}}),
                       ("/api/download", {"json": {"data": data, "kind": "news", "format": "docx",
                                                   "workspace": draft}}),
                       ("/api/photos", {"data": {"workspace": draft}, "files": files})):
        assert minh.post(path, headers={"X-CSRF-Token": minh_csrf}, **body).status_code == 404, path


def test_opening_a_record_with_its_photo_keeps_the_photo_in_the_draft(two):
    first, second = two
    lan, csrf = login(first.url, "lan")
    draft = lan.post("/van-ban/moi", data={"csrf": csrf}).headers["location"].rsplit("/", 1)[1]
    opened = lan.post("/api/open", data={"workspace": draft}, headers={"X-CSRF-Token": csrf}, files=[
        ("files", ("xa.yaml", news_record().encode("utf-8"), "application/yaml")),
        ("files", ("quang-canh-hoi-nghi.jpg", (EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg").read_bytes(),
                   "image/jpeg"))])
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["workspace"] == draft and body["photos"] == ["photos/quang-canh-hoi-nghi.jpg"]
    assert not [p for p in body["problems"] if p["severity"] == "error"], body["problems"]
    there, there_csrf = login(second.url, "lan")
    preview = there.post("/api/preview", json={"data": body["data"], "kind": "news", "workspace": draft},
                         headers={"X-CSRF-Token": there_csrf}).json()
    assert re.search(r'<img src="data:image/jpeg;base64,', preview["html"] or "")

