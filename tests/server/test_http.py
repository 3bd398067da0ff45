"""A real ``notices server run`` on PostgreSQL, over HTTP: Host allow-list, CSRF, cookies, session ids,
throttling, a disabled user refused at once, passwords never in clear, and 404 across agencies."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx
import pytest

from tests.server.conftest import PASSWORD, as_data, client_for, example_text, login, start, stop

pytestmark = pytest.mark.postgres


def test_a_foreign_host_is_refused_with_400(pg_server):
    assert httpx.get(pg_server.url + "/dang-nhap", headers={"Host": "evil.example"}).status_code == 400
    assert httpx.get(pg_server.url + "/dang-nhap").status_code == 200


def test_everything_but_login_and_static_files_needs_a_session(pg_server):
    for path in ("/van-ban", "/tra-cuu?q=x", "/van-ban/1", "/so/1/pdf", "/nguoi-dung", "/fonts/regular"):
        answer = httpx.get(pg_server.url + path)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/dang-nhap"), path
    assert httpx.post(pg_server.url + "/api/preview", json={"data": {}}).status_code in (401, 403)
    assert httpx.get(pg_server.url + "/static/app.js").status_code == 200
    page = httpx.get(pg_server.url + "/dang-nhap").text
    for text in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu", 'lang="vi"'):
        assert text in page


def test_state_changing_requests_without_the_session_token_are_refused_with_403(pg_server):
    client, csrf = login(pg_server.url, "lan")
    assert client.post("/van-ban/moi").status_code == 403
    assert client.post("/van-ban/moi", data={"csrf": "sai"}).status_code == 403
    assert client.post("/api/preview", json={"data": {}}).status_code == 403
    assert client.post("/api/preview", json={"data": {}}, headers={"X-CSRF-Token": "sai"}).status_code == 403
    foreign = {"X-CSRF-Token": csrf, "Origin": "http://evil.example"}
    assert client.post("/api/preview", json={"data": {}}, headers=foreign).status_code == 403
    assert client.post("/api/preview", json={"data": {}}, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert httpx.post(pg_server.url + "/dang-nhap", data={"login": "lan", "password": PASSWORD}).status_code == 403


def test_cookies_are_httponly_lax_and_the_session_id_changes_at_login(pg_server):
    client = client_for(pg_server.url)
    ids = []
    for _ in range(2):
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text).group(1)
        answer = client.post("/dang-nhap", data={"csrf": token, "login": "lan", "password": PASSWORD})
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie and "Secure" not in cookie
        ids.append(client.cookies["notices_session"])
    assert ids[0] != ids[1]
    fixated = client_for(pg_server.url, cookies={"notices_session": ids[0]})
    assert fixated.get("/van-ban").status_code == 303  # the session the second login replaced is gone


def test_behind_a_proxy_cookies_are_secure(pg_url):
    from tests.server.conftest import populate

    populate(pg_url)
    running = start(pg_url, "--behind-proxy")
    try:
        client = client_for(running.url)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text).group(1)
        assert "Secure" in client.get("/dang-nhap").headers["set-cookie"]
        origin = "https://" + running.url.split("://", 1)[1]  # what the browser sends through the TLS proxy
        answer = client.post("/dang-nhap", data={"csrf": token, "login": "lan", "password": PASSWORD},
                             headers={"X-Forwarded-Proto": "https", "Origin": origin,
                                      "Cookie": f"notices_login={token}"})  # httpx keeps Secure cookies off http
        assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]
    finally:
        stop(running)


def test_five_failures_lock_the_login_with_one_message(pg_server):
    client = client_for(pg_server.url)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text).group(1)
    texts = set()
    for password in ["sai-1", "sai-2", "sai-3", "sai-4", "sai-5", PASSWORD]:
        answer = client.post("/dang-nhap", data={"csrf": token, "login": "lan", "password": password})
        assert answer.status_code == 401
        texts.add(re.search(r'role="alert">([^<]+)<', answer.text).group(1))
    unknown = client.post("/dang-nhap", data={"csrf": token, "login": "khong-ai", "password": "x"})
    texts.add(re.search(r'role="alert">([^<]+)<', unknown.text).group(1))
    assert len(texts) == 1 and "15 phút" in texts.pop()


def test_a_disabled_users_open_session_is_refused_at_once(pg_server, pg_url):
    client, csrf = login(pg_server.url, "lan")
    assert client.get("/van-ban").status_code == 200
    subprocess.run([sys.executable, "-m", "notices", "users", "disable", "lan", "--db", pg_url], check=True,
                   capture_output=True)
    assert client.get("/van-ban").status_code == 303
    assert client.post("/api/preview", json={"data": {}}, headers={"X-CSRF-Token": csrf}).status_code == 401


def test_logout_ends_the_session_and_a_changed_password_ends_the_others(pg_server):
    client, csrf = login(pg_server.url, "lan")
    other, _ = login(pg_server.url, "lan")
    answer = client.post("/mat-khau", data={"csrf": csrf, "current": PASSWORD, "new": "mat-khau-moi-9",
                                            "again": "mat-khau-moi-9"})
    assert answer.status_code == 200 and "Đã đổi mật khẩu" in answer.text
    assert other.get("/van-ban").status_code == 303 and client.get("/van-ban").status_code == 200
    kept = dict(client.cookies)
    assert client.post("/dang-xuat", data={"csrf": csrf}).status_code == 303
    assert httpx.get(pg_server.url + "/van-ban", cookies=kept).status_code == 303


def test_no_password_is_stored_or_logged_in_clear(pg_url):
    from tests.server.conftest import populate

    populate(pg_url)
    running = start(pg_url)
    secret = "Bí-mật-rất-riêng-7"
    try:
        client, csrf = login(running.url, "lan")
        client.post("/mat-khau", data={"csrf": csrf, "current": PASSWORD, "new": secret, "again": secret})
        client.post("/dang-xuat", data={"csrf": csrf})
        login(running.url, "lan", secret)
        bad = client_for(running.url)
        token = re.search(r'name="csrf" value="([^"]+)"', bad.get("/dang-nhap").text).group(1)
        bad.post("/dang-nhap", data={"csrf": token, "login": "lan", "password": secret + "x"})
    finally:
        log = stop(running)
    dump = subprocess.run(["pg_dump", "--data-only", pg_url], capture_output=True, text=True)
    if dump.returncode != 0:  # no pg_dump on this machine: read every text column through SQL
        from sqlalchemy import create_engine, text

        engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'")).scalars().all()
            dumped = "\n".join(str(row) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"')))
        engine.dispose()
    else:
        dumped = dump.stdout
    assert "$argon2id$" in dumped
    for clear in (secret, PASSWORD, secret + "x"):
        assert clear not in dumped and clear not in log


def test_another_agencys_draft_version_number_and_files_answer_404(pg_server):
    lan, lan_csrf = login(pg_server.url, "lan")
    hoa, hoa_csrf = login(pg_server.url, "hoa")
    created = lan.post("/van-ban/moi", data={"csrf": lan_csrf})
    path = created.headers["location"]
    draft = int(path.rsplit("/", 1)[1])
    saved = lan.post(f"/api/van-ban/{draft}/luu", headers={"X-CSRF-Token": lan_csrf},
                     json={"data": as_data(example_text()), "kind": "notice", "base": None})
    assert saved.status_code == 200, saved.text
    issued = hoa.post(f"/api/van-ban/{draft}/cap-so", headers={"X-CSRF-Token": hoa_csrf},
                      json={"kind": "notice", "head": saved.json()["head"]})
    assert issued.status_code == 200, issued.text
    assert issued.json()["label"] == "01/TB-UBND"
    pdf = issued.json()["pdf"]
    assert lan.get(pdf).content.startswith(b"%PDF")
    minh, minh_csrf = login(pg_server.url, "minh")
    tuan, tuan_csrf = login(pg_server.url, "tuan")
    for client, csrf in ((minh, minh_csrf), (tuan, tuan_csrf)):
        for url in (path, f"{path}/phien-ban", f"{path}/phien-ban/1", pdf, pdf.replace("pdf", "docx"),
                    pdf.replace("pdf", "yaml")):
            assert client.get(url).status_code == 404, url
        for url, body in ((f"/api/van-ban/{draft}/luu", {"data": {}, "kind": "notice", "base": 1}),
                          (f"/api/van-ban/{draft}/cap-so", {"kind": "notice", "head": 1})):
            assert client.post(url, json=body, headers={"X-CSRF-Token": csrf}).status_code == 404, url
        listing = client.get("/van-ban").text
        found = client.get("/tra-cuu", params={"q": "cải cách hành chính"}).text
        assert "01/TB-UBND" not in listing and "cải cách" not in listing.lower()
        assert "Không tìm thấy văn bản nào" in found and "01/TB-UBND" not in found
    assert "01/TB-UBND" in hoa.get("/tra-cuu", params={"q": "cải cách hành chính"}).text


def test_an_agency_administrator_adds_and_disables_users_of_her_agency_only(pg_server, pg_url):
    from notices.register.db import open_database
    from notices.server import accounts
    from tests.server.conftest import A

    db = open_database(pg_url)
    accounts.add_user(db, accounts.SYSTEM, "quantri", full_name="Quản trị A", agency=A[0], roles=["quan_tri"],
                      password=PASSWORD)
    db.dispose()
    admin, csrf = login(pg_server.url, "quantri")
    page = admin.get("/nguoi-dung")
    assert page.status_code == 200 and "lan" in page.text and "minh" not in page.text
    added = admin.post("/nguoi-dung", data={"csrf": csrf, "login": "mai", "full_name": "Phạm Thị Mai",
                                            "role": ["chuyen_vien"], "password": PASSWORD})
    assert added.status_code == 200 and "Đã thêm mai." in added.text
    mai, _ = login(pg_server.url, "mai")
    assert mai.get("/van-ban").status_code == 200
    assert admin.post("/nguoi-dung/mai/khoa", data={"csrf": csrf}).status_code == 200
    assert mai.get("/van-ban").status_code == 303
    assert admin.post("/nguoi-dung/minh/khoa", data={"csrf": csrf}).status_code == 404  # another agency's
    lan, lan_csrf = login(pg_server.url, "lan")
    assert lan.get("/nguoi-dung").status_code == 403
    assert lan.post("/nguoi-dung/hoa/khoa", data={"csrf": lan_csrf}).status_code == 403
