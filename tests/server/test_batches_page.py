"""The administrators' page of batches, over HTTP from a real ``notices server run``: the agency's batches with
progress (done/failed/remaining, rate, time left), each failure with its record and reason, the ZIP of the
outputs; another agency's administrator sees none of it, and a chuyên viên is refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.jobs.conftest import copies
from tests.server.conftest import PASSWORD, login, start, stop

PHU_TAI = ("000.00.40.H39", "Ủy ban nhân dân phường Phú Tài", "Phú Tài")  # the agency of the example record
DAK_SONG = ("000.00.31.H20", "Ủy ban nhân dân huyện Đắk Song", "Đắk Song")


def test_an_administrator_follows_her_agencys_batches_and_downloads_their_zip(tmp_path: Path) -> None:
    from notices.batch import Settings
    from notices.jobs.batches import queue_batch
    from notices.jobs.queue import run_here
    from notices.register.db import open_database
    from notices.server import accounts

    url = f"sqlite:///{tmp_path / 'notices.db'}"
    folder = copies(tmp_path / "hoso", 2)
    (folder / "hong.yaml").write_text("agency: {code: X\n", encoding="utf-8")  # a broken record
    db = open_database(url)
    try:
        for ident, name, place in (PHU_TAI, DAK_SONG):
            accounts.add_agency(db, accounts.SYSTEM, ident, name=name, code="UBND", place=place)
        for login_name, agency, roles in (("an", PHU_TAI, ["quan_tri"]), ("chi", PHU_TAI, ["chuyen_vien"]),
                                          ("binh", DAK_SONG, ["quan_tri"])):
            accounts.add_user(db, accounts.SYSTEM, login_name, full_name=f"Người dùng {login_name}",
                              agency=agency[0], roles=roles, password=PASSWORD)
        queued = queue_batch(db, None, [folder], Settings(out=tmp_path / "out", formats=("html",)))
        run_here(url, queued.todo)
    finally:
        db.dispose()
    running = start(url)
    try:
        admin, _ = login(running.url, "an")
        listing = admin.get("/lo-viec")
        assert listing.status_code == 200
        page = listing.text
        assert f'href="/lo-viec/{queued.batch}"' in page and "Tải ZIP" in page
        assert "<td>2</td><td>1</td><td>0/3</td>" in page  # done, failed, remaining/total
        assert "Hồ sơ/giây" in page and "Còn khoảng" in page and 'href="/lo-viec"' in admin.get("/van-ban").text
        detail = admin.get(f"/lo-viec/{queued.batch}").text
        assert "hong.yaml" in detail and "lỗi" in detail and "Hồ sơ lỗi" in detail
        answer = admin.get(f"/lo-viec/{queued.batch}/zip")
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
        assert "phu-tai-cchc-2022-1/tin-bai.html" in names and "LOI.txt" in names

        other, _ = login(running.url, "binh")  # another agency's administrator
        assert "Cơ quan chưa có lô việc nào." in other.get("/lo-viec").text
        for path in (f"/lo-viec/{queued.batch}", f"/lo-viec/{queued.batch}/zip", "/lo-viec/x", "/lo-viec/999"):
            assert other.get(path).status_code == 404, path
        clerk, _ = login(running.url, "chi")
        assert clerk.get("/lo-viec").status_code == 403
        assert clerk.get(f"/lo-viec/{queued.batch}/zip").status_code == 403
        assert 'href="/lo-viec"' not in clerk.get("/van-ban").text
    finally:
        stop(running)
