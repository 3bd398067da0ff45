"""The workflow through real ``notices server run`` processes on PostgreSQL: the document page's buttons and
Lịch sử, every action refused by a direct POST to a user without the role (403) or of another agency (404),
two processes approving the same document at once (one transition each time, no audit row lost), an edit
after Duyệt ký sent back to approval."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from notices.server import accounts, drafts, workflow
from tests.server.conftest import PASSWORD, as_data, example_text, login, populate, start, stop
from tests.server.signing_kit import keys, kit, set_seal  # noqa: F401  (fixtures: Ký số, Ban hành)
from tests.server.test_two_processes import run_together
from tests.server.test_workflow import CHAIN, FIVE

pytestmark = pytest.mark.postgres
RACES = 200  # the issue's count: 17–39 s with the two servers' start (measured on 2 shared cores): default run


@pytest.fixture
def office(pg_url):  # type: ignore[no-untyped-def]
    from notices.register.db import open_database

    populate(pg_url, steps=workflow.FULL, users={**FIVE, "ld2": (FIVE["ld"][0], ["lanh_dao_don_vi"])})
    db = open_database(pg_url)
    yield pg_url, db
    db.dispose()


def form(client, csrf: str, draft: int, action: str, state: str, head: int, comment: str = "", **headers):  # type: ignore[no-untyped-def]
    return client.post(f"/van-ban/{draft}/xu-ly", data={"csrf": csrf, "action": action, "state": state,
                                                        "head": str(head), "y_kien": comment}, headers=headers)


def ky_so(client, csrf: str, draft: int, state: str, head: int, keys):  # type: ignore[no-untyped-def]  # noqa: F811
    """The signer's Ký số form: her .p12 and its passphrase sent with the button."""
    return client.post(f"/van-ban/{draft}/xu-ly", data={
        "csrf": csrf, "action": "ky_so", "state": state, "head": str(head), "mat_khau": keys.passphrase},
        files={"p12": ("nguoi-ky.p12", keys.signer_p12.read_bytes(), "application/x-pkcs12")})


def test_buttons_history_and_direct_posts_refused(office, keys):  # noqa: F811
    url, db = office
    set_seal(url, keys)  # Ban hành with the agency's seal; Ký số with the signer's .p12 sent with the button
    server = start(url, env=keys.env)
    try:
        clients = {name: login(server.url, name) for name in ("cv", "ld", "kt", "nk", "vt", "tuan")}
        cv, cv_csrf = clients["cv"]
        draft = int(cv.post("/van-ban/moi", data={"csrf": cv_csrf}).headers["location"].rsplit("/", 1)[1])
        saved = cv.post(f"/api/van-ban/{draft}/luu", json={"data": as_data(example_text()), "kind": "notice",
                                                          "base": None}, headers={"X-CSRF-Token": cv_csrf})
        head = saved.json()["head"]
        for name, action, _ in CHAIN:
            client, csrf = clients[name]
            state = drafts.get_draft(db, accounts.authenticate(db, name, PASSWORD, "x"), draft).state
            page = client.get(f"/van-ban/{draft}").text
            label = workflow.ACTIONS[action].label
            assert f"<button type=\"submit\">{label}</button>" in page
            for other in ("cv", "ld", "kt", "nk", "vt"):
                if other == name:
                    continue
                refused = form(*clients[other], draft, action, state, head)
                assert refused.status_code in (403, 404), (other, action, refused.status_code)
            outside = form(*clients["tuan"], draft, action, state, head)
            assert outside.status_code == 404
            if action == "ky_so":
                done = ky_so(client, csrf, draft, state, head, keys)
            else:
                done = form(client, csrf, draft, action, state, head)
            assert done.status_code == 303, done.text
            if action == "cap_so":
                head += 1  # the record as numbered is the next version
        page = clients["vt"][0].get(f"/van-ban/{draft}").text
        history = page.split('id="lich-su"', 1)[1]
        assert [workflow.ACTIONS[a].label for _, a, _ in CHAIN] == re.findall(
            r"<td>(Trình duyệt|Duyệt nội dung|Duyệt thể thức|Duyệt ký|Cấp số|Ký số|Ban hành)</td>", history)
        assert "Đã ban hành" in page and "01/TB-UBND" in page
    finally:
        stop(server)


def test_two_processes_approving_the_same_document_one_wins_each_time(office):
    from notices.server.review import format_checks

    url, db = office
    first, second = start(url), start(url)
    try:
        ld, ld2 = login(first.url, "ld"), login(second.url, "ld2")
        cv = accounts.authenticate(db, "cv", PASSWORD, "x")
        wins = 0
        for _ in range(RACES):
            draft = drafts.create_draft(db, cv).id
            drafts.save(db, cv, draft, "meeting: {name: Họp giao ban}\n", kind="notice", base=None)
            workflow.act(db, cv, draft, "trinh_duyet", state="du_thao", head=1)
            answers = run_together([
                lambda c=c, t=t, d=draft: form(c, t, d, "duyet_noi_dung", "cho_duyet_noi_dung", 1,
                                               accept="application/json")
                for c, t in (ld, ld2)])
            codes = sorted(a.status_code for a in answers)
            assert codes == [200, 409], [a.text for a in answers]
            loser = next(a for a in answers if a.status_code == 409).json()["error"]
            assert loser.startswith("Văn bản đã được duyệt nội dung bởi Người dùng ld")
            wins += 1
            with db.engine.begin() as conn:
                rows = conn.execute(select(workflow.workflow_events.c.action)
                                    .where(workflow.workflow_events.c.draft_id == draft)
                                    .order_by(workflow.workflow_events.c.id)).scalars().all()
            assert rows == ["trinh_duyet", "duyet_noi_dung"]
            with db.engine.begin() as conn:  # the winner's format check only: one run, DOCX and PDF
                checked = conn.execute(select(format_checks.c.fmt).where(format_checks.c.draft_id == draft)
                                       .order_by(format_checks.c.id)).scalars().all()
            assert checked == ["docx", "pdf"]
        with db.engine.begin() as conn:
            assert conn.execute(select(func.count()).select_from(workflow.workflow_events)
                                .where(workflow.workflow_events.c.action == "duyet_noi_dung")).scalar() == RACES
        assert wins == RACES
    finally:
        stop(first)
        stop(second)


def test_an_edit_after_duyet_ky_through_the_page_returns_to_approval(office):
    url, db = office
    server = start(url)
    try:
        cv, cv_csrf = login(server.url, "cv")
        draft = int(cv.post("/van-ban/moi", data={"csrf": cv_csrf}).headers["location"].rsplit("/", 1)[1])
        data = as_data(example_text())
        cv.post(f"/api/van-ban/{draft}/luu", json={"data": data, "kind": "notice", "base": None},
                headers={"X-CSRF-Token": cv_csrf})
        for name, action, _ in CHAIN[:4]:
            actor = accounts.authenticate(db, name, PASSWORD, "x")
            info = drafts.get_draft(db, actor, draft)
            workflow.act(db, actor, draft, action, state=info.state, head=info.head)
        nk, nk_csrf = login(server.url, "nk")
        data["meeting"]["name"] = data["meeting"]["name"] + " (sửa)"
        answer = nk.post(f"/api/van-ban/{draft}/luu", json={"data": data, "kind": "notice", "base": 1},
                         headers={"X-CSRF-Token": nk_csrf})
        assert answer.status_code == 200 and "Điều 11.2" in answer.json()["message"]
        assert "Chờ duyệt nội dung" in answer.json()["returned"]
        vt, vt_csrf = login(server.url, "vt")
        refused = vt.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": 2},
                          headers={"X-CSRF-Token": vt_csrf})
        assert refused.status_code == 422
        ld, _ = login(server.url, "ld")
        mine = ld.get("/van-ban").text.split('id="cho-toi"', 1)[1]
        assert f'href="/van-ban/{draft}"' in mine and "Duyệt nội dung" in mine
    finally:
        stop(server)
