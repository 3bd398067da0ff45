"""The "Hồ sơ" page of a real ``notices server run``, on a SQLite file and on PostgreSQL, over HTTP: her agency's
Danh mục only; another agency's hồ sơ, its package and a filing POST answer 404; filing and closing are the văn
thư's (403 for a chuyên viên); two documents filed in the wrong order come out in DocOrdinal order; the
downloaded package passes ``notices hoso verify`` and holds the archived PDFs byte for byte."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from notices.register.registry import vietnam_today
from tests.server.conftest import A, B, as_data, example_text, login, populate, start, stop

YEAR = vietnam_today().year  # the documents are issued today: the Danh mục of this year

PLAN_A = f"""\
year: {YEAR}
approved_by: Quyết định số 03/QĐ-UBND ngày 05/01/{YEAR} của Ủy ban nhân dân huyện Đắk Song
organ_id: {A[0]}
place: Đắk Song
headings:
  - title: Tổng hợp, hành chính
    code: TH
    files:
      - number: 01.TH
        title: Hồ sơ hội nghị kiểm tra công tác cải cách hành chính năm {YEAR}
        retention: 10 năm
        creator: Nguyễn Thị Hoa
    subheadings:
      - title: Văn phòng
        files:
          - number: 02.TH
            title: Tập lưu văn bản đi năm {YEAR}
            retention: Vĩnh viễn
            creator: Nguyễn Thị Hoa
"""

PLAN_B = f"""\
year: {YEAR}
organ_id: {B[0]}
headings:
  - title: Văn phòng
    code: VP
    files:
      - number: 01.VP
        title: Hồ sơ giao ban của Mộ Đức
        retention: 5 năm
        creator: Trần Văn Tuấn
"""


def store_plans(url: str, folder: Path) -> None:
    from notices.hoso.library import store_plan
    from notices.hoso.plan import load_plan
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey

    db = open_database(url)
    try:
        for (_ident, name, _place), text in ((A, PLAN_A), (B, PLAN_B)):
            path = folder / f"danh-muc-{_ident}.yaml"
            path.write_text(text, encoding="utf-8")
            store_plan(db, AgencyKey("UBND", name), load_plan(path), by="quantri")
    finally:
        db.dispose()


def issue(writer, writer_csrf, filer, filer_csrf, subject: str) -> dict:  # type: ignore[no-untyped-def]
    draft = writer.post("/van-ban/moi", data={"csrf": writer_csrf}).headers["location"].rsplit("/", 1)[1]
    data = as_data(example_text())
    data["documents"]["notice"]["subject"] = subject
    saved = writer.post(f"/api/van-ban/{draft}/luu", json={"data": data, "kind": "notice", "base": None},
                        headers={"X-CSRF-Token": writer_csrf})
    assert saved.status_code == 200, saved.text
    issued = filer.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": saved.json()["head"]},
                        headers={"X-CSRF-Token": filer_csrf})
    assert issued.status_code == 200, issued.text
    return issued.json()


def private_tmp(tmp_path: Path) -> dict[str, str]:
    """The server's temporary folder of its own: an issue works in <tmp>/notices-server-issue/draft-N, which
    another server on this machine (another test run) numbering its own draft N would share."""
    folder = tmp_path / "server-tmp"
    folder.mkdir(exist_ok=True)
    return {"TMPDIR": str(folder)}


def entry_of(page: str, label: str) -> str:
    return re.search(r'<option value="(\d+)">' + re.escape(label), page).group(1)


def test_the_hoso_page(db_url: str, tmp_path: Path):
    populate(db_url)
    store_plans(db_url, tmp_path)
    running = start(db_url, env=private_tmp(tmp_path))
    try:
        lan, lan_csrf = login(running.url, "lan")  # chuyên viên of A
        hoa, hoa_csrf = login(running.url, "hoa")  # văn thư of A
        minh, minh_csrf = login(running.url, "minh")  # chuyên viên of B
        tuan, tuan_csrf = login(running.url, "tuan")  # văn thư of B
        first = issue(lan, lan_csrf, hoa, hoa_csrf, "Kết luận về cải cách hành chính quý một")
        second = issue(lan, lan_csrf, hoa, hoa_csrf, "Kết luận về cải cách hành chính quý hai")
        assert (first["label"], second["label"]) == ("01/TB-UBND", "02/TB-UBND")

        # the Danh mục: her agency's headings, hồ sơ, retention, state; nothing of the other agency's
        listing = lan.get(f"/ho-so?nam={YEAR}")
        assert listing.status_code == 200
        for text in (f"Danh mục hồ sơ năm {YEAR}", "I. Tổng hợp, hành chính", "1. Văn phòng", "01.TH", "02.TH",
                     "Hồ sơ hội nghị kiểm tra công tác cải cách hành chính", "10 năm", "Vĩnh viễn", "Đang mở",
                     'href="/ho-so"', "Quyết định số 03/QĐ-UBND"):
            assert text in listing.text, text
        assert "01.VP" not in listing.text and "Mộ Đức" not in listing.text
        assert lan.get("/ho-so").text == listing.text  # this year by default
        theirs = tuan.get("/ho-so").text
        assert "01.VP" in theirs and "01.TH" not in theirs and "cải cách" not in theirs
        assert "Chưa có Danh mục hồ sơ năm 2019" in lan.get("/ho-so?nam=2019").text

        page = f"/ho-so/{YEAR}/01.TH"
        # another agency: its hồ sơ, its package, a filing POST and a close POST answer 404, whatever her role
        for client, csrf in ((minh, minh_csrf), (tuan, tuan_csrf)):
            assert client.get(page).status_code == 404
            assert client.get(page + "/goi").status_code == 404
            assert client.post(page + "/lap", data={"csrf": csrf, "entry": "1"}).status_code == 404
            assert client.post(page + "/ket-thuc", data={"csrf": csrf}).status_code == 404
        own = hoa.get(page).text
        first_id, second_id = entry_of(own, "01/TB-UBND"), entry_of(own, "02/TB-UBND")
        # her own hồ sơ, another agency's document: 404
        answer = tuan.post(f"/ho-so/{YEAR}/01.VP/lap", data={"csrf": tuan_csrf, "entry": first_id})
        assert answer.status_code == 404
        assert "01/TB-UBND" not in tuan.get(f"/ho-so/{YEAR}/01.VP").text
        assert tuan.get(f"/ho-so/{YEAR}/99.VP").status_code == 404

        # the chuyên viên reads, but does not file or close: 403; without the session's token: 403
        assert lan.get(page).status_code == 200 and 'name="entry"' not in lan.get(page).text
        assert lan.post(page + "/lap", data={"csrf": lan_csrf, "entry": first_id}).status_code == 403
        assert lan.post(page + "/ket-thuc", data={"csrf": lan_csrf}).status_code == 403
        assert hoa.post(page + "/lap", data={"entry": first_id}).status_code == 403

        # the văn thư files the second, then the first: DocOrdinal follows issue date, then number
        for ident, label in ((second_id, "02/TB-UBND"), (first_id, "01/TB-UBND")):
            filed = hoa.post(page + "/lap", data={"csrf": hoa_csrf, "entry": ident})
            assert filed.status_code == 200 and f"Đã lập Thông báo {label} vào hồ sơ 01.TH." in filed.text
        shown = hoa.get(page).text
        rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", shown)
        assert rows == [("1", "01/TB-UBND"), ("2", "02/TB-UBND")]
        assert "quý một" in shown and "Không còn văn bản đã ban hành nào" in shown
        assert "01/TB-UBND" in lan.get(page).text
        assert hoa.get(page + "/goi").status_code == 422  # not closed yet

        closed = hoa.post(page + "/ket-thuc", data={"csrf": hoa_csrf})
        assert closed.status_code == 200 and "Đã kết thúc hồ sơ 01.TH: 2 văn bản" in closed.text
        assert "Đã kết thúc" in lan.get(f"/ho-so?nam={YEAR}").text
        index = lan.get(page + "/muc-luc.pdf")
        assert index.status_code == 200 and index.content.startswith(b"%PDF")
        assert lan.get(page + "/muc-luc.docx").content.startswith(b"PK")
        assert minh.get(page + "/muc-luc.pdf").status_code == 404
        assert hoa.get(f"/ho-so/{YEAR}/02.TH/muc-luc.pdf").status_code == 404  # not closed: none yet
        refused = hoa.post(page + "/lap", data={"csrf": hoa_csrf, "entry": first_id})
        assert refused.status_code == 422 and "đã đóng" in refused.text

        # the package, downloaded by a reader of the agency: verified on its own, the archived PDFs in order
        package = lan.get(page + "/goi")
        assert package.status_code == 200 and package.headers["content-type"] == "application/zip"
        assert package.headers["content-disposition"] == f'attachment; filename="ho-so-01.TH-{YEAR}.zip"'
        target = tmp_path / "01.TH.zip"
        target.write_bytes(package.content)
        verified = subprocess.run([sys.executable, "-m", "notices", "hoso", "verify", str(target)],
                                  capture_output=True, text=True)
        assert verified.returncode == 0, verified.stderr
        assert "2 văn bản" in verified.stdout
        with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
            names = archive.namelist()
            assert [n for n in names if n[:3].isdigit()] == ["001_01-TB-UBND.pdf", "002_02-TB-UBND.pdf"]
            assert archive.read("001_01-TB-UBND.pdf") == hoa.get(first["pdf"]).content
            assert archive.read("002_02-TB-UBND.pdf") == hoa.get(second["pdf"]).content
            assert archive.read("muc-luc.pdf") == index.content
    finally:
        stop(running)
