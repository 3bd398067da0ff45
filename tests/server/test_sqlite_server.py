"""The server on SQLite (one office, one machine), two worker processes: sign in, write, save, issue."""

from __future__ import annotations

from pathlib import Path

from tests.server.conftest import as_data, example_text, login, populate, start, stop


def test_one_office_on_sqlite_with_two_workers(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'office.db'}"
    populate(url)
    running = start(url, "--workers", "2")
    try:
        lan, lan_csrf = login(running.url, "lan")
        hoa, hoa_csrf = login(running.url, "hoa")
        draft = lan.post("/van-ban/moi", data={"csrf": lan_csrf}).headers["location"].rsplit("/", 1)[1]
        saved = lan.post(f"/api/van-ban/{draft}/luu", json={"data": as_data(example_text()), "kind": "notice",
                                                           "base": None}, headers={"X-CSRF-Token": lan_csrf})
        assert saved.status_code == 200, saved.text
        preview = lan.post("/api/preview", json={"data": as_data(example_text()), "kind": "notice"},
                           headers={"X-CSRF-Token": lan_csrf})
        assert preview.status_code == 200 and "THÔNG BÁO" in preview.json()["html"]
        issued = hoa.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": 1},
                          headers={"X-CSRF-Token": hoa_csrf})
        assert issued.status_code == 200, issued.text
        assert issued.json()["label"] == "01/TB-UBND"
        assert hoa.get(issued.json()["pdf"]).content.startswith(b"%PDF")
        minh, _ = login(running.url, "minh")
        assert minh.get(issued.json()["pdf"]).status_code == 404
    finally:
        stop(running)


def test_a_draft_with_errors_is_not_numbered_and_the_messages_come_back(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'office.db'}"
    populate(url)
    running = start(url)
    try:
        lan, lan_csrf = login(running.url, "lan")
        hoa, hoa_csrf = login(running.url, "hoa")
        draft = lan.post("/van-ban/moi", data={"csrf": lan_csrf}).headers["location"].rsplit("/", 1)[1]
        data = as_data(example_text())
        del data["meeting"]["date"]
        lan.post(f"/api/van-ban/{draft}/luu", json={"data": data, "kind": "notice", "base": None},
                 headers={"X-CSRF-Token": lan_csrf})
        refused = hoa.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": 1},
                           headers={"X-CSRF-Token": hoa_csrf})
        assert refused.status_code == 422 and refused.json()["error"] == "Hồ sơ còn lỗi, chưa cấp số."
        assert any("meeting.date" in f for p in refused.json()["problems"] for f in p["fields"]), refused.json()
        download = hoa.post("/api/download", json={"data": as_data(example_text()), "kind": "notice",
                                                   "format": "docx"}, headers={"X-CSRF-Token": hoa_csrf})
        assert download.status_code == 200 and download.content.startswith(b"PK")
        assert "Chưa có văn bản nào" in hoa.get("/van-ban").text  # nothing numbered
    finally:
        stop(running)
