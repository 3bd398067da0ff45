"""The review pages through a real ``notices server run`` process on PostgreSQL: the checker's page lists the
format check's findings, "Duyệt thể thức" with open findings refused without an Ý kiến (422, in Vietnamese),
an Ý kiến on one field shown with its label, the difference between two versions, Thu hồi shown in the
register, Thay thế; and each new action refused by a direct POST to a user without the role (403) or of
another agency (404)."""

from __future__ import annotations

import pytest

from notices.server import accounts, drafts, workflow
from tests.server.conftest import PASSWORD, as_data, example_text, login, start, stop
from tests.server.signing_kit import keys, kit, set_seal  # noqa: F401  (fixtures: Ký số, Ban hành)
from tests.server.test_workflow import CHAIN
from tests.server.test_workflow_http import form, ky_so, office  # noqa: F401  (fixture)

pytestmark = pytest.mark.postgres


def posted(client, csrf: str, path: str, **data: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf": csrf, **data})


def test_findings_comments_diff_recall_and_replacement_through_the_pages(office, keys):  # noqa: F811
    url, db = office
    set_seal(url, keys)  # Ban hành with the agency's seal; Ký số with the signer's .p12 sent with the button
    server = start(url, env=keys.env)
    try:
        clients = {name: login(server.url, name) for name in ("cv", "ld", "kt", "nk", "vt", "tuan", "minh")}
        cv, cv_csrf = clients["cv"]
        draft = int(cv.post("/van-ban/moi", data={"csrf": cv_csrf}).headers["location"].rsplit("/", 1)[1])
        broken = {"meeting": {"name": "Họp giao ban"}}  # saved, but nothing to render: the check cannot run
        cv.post(f"/api/van-ban/{draft}/luu", json={"data": broken, "kind": "notice", "base": None},
                headers={"X-CSRF-Token": cv_csrf})
        assert form(cv, cv_csrf, draft, "trinh_duyet", "du_thao", 1).status_code == 303
        moved = form(*clients["ld"], draft, "duyet_noi_dung", "cho_duyet_noi_dung", 1, accept="application/json")
        assert moved.status_code == 200 and "Kiểm tra thể thức: 2 lỗi cần xem." in moved.json()["message"]
        kt, kt_csrf = clients["kt"]
        page = kt.get(f"/van-ban/{draft}").text
        section = page.split('id="kiem-tra-the-thuc"', 1)[1]
        assert "Hồ sơ chưa hợp lệ nên chưa tạo được văn bản" in section and "muốn “Duyệt thể thức” phải ghi" in section
        assert '<textarea id="y-kien-duyet_the_thuc" name="y_kien" rows="2"></textarea>' in page
        refused = form(kt, kt_csrf, draft, "duyet_the_thuc", "cho_kiem_tra_the_thuc", 1)
        assert refused.status_code == 422 and "Ý kiến: kiểm tra thể thức còn 2 lỗi" in refused.text

        # Kiểm tra lại: the checker only, her agency only
        again = f"/van-ban/{draft}/kiem-tra-the-thuc"
        assert posted(*clients["ld"], again).status_code == 403
        assert posted(*clients["tuan"], again).status_code == 404  # holds every role, in the other agency
        assert posted(kt, kt_csrf, again).status_code == 303

        # an Ý kiến on one field; refused to another agency (404) and without text (422)
        where = f"/van-ban/{draft}/y-kien"
        done = posted(kt, kt_csrf, where, version="1", truong="meeting.name", y_kien="Tên hội nghị chưa đủ")
        assert done.status_code == 303
        assert posted(*clients["tuan"], where, version="1", y_kien="x").status_code == 404
        assert posted(*clients["minh"], where, version="1", y_kien="x").status_code == 404
        assert posted(kt, kt_csrf, where, version="1", y_kien=" ").status_code == 422
        comments = kt.get(f"/van-ban/{draft}").text.split('id="y-kien"', 1)[1]
        assert "<td>Cuộc họp › Tên hội nghị</td><td>Tên hội nghị chưa đủ</td>" in comments
        assert '<option value="meeting.name">Cuộc họp › Tên hội nghị</option>' in comments

        # the chuyên viên corrects it: back to the first step; Lịch sử compares the approved and the current
        cv.post(f"/api/van-ban/{draft}/luu", json={"data": as_data(example_text()), "kind": "notice", "base": 1},
                headers={"X-CSRF-Token": cv_csrf})
        compare = kt.get(f"/van-ban/{draft}/so-sanh").text
        assert "Phiên bản 1 → phiên bản 2" in compare
        assert "<th scope=\"row\">Cuộc họp › Tên hội nghị</th><td>“Họp giao ban”</td>" in compare
        assert kt.get(f"/van-ban/{draft}/so-sanh?tu=1&den=7").status_code == 404
        assert clients["tuan"][0].get(f"/van-ban/{draft}/so-sanh").status_code == 404
        head = 2
        for name, action, _ in CHAIN[1:]:  # the edit sent it back to "Chờ duyệt nội dung" (Điều 11.2)
            client, csrf = clients[name]
            state = drafts.get_draft(db, accounts.authenticate(db, name, PASSWORD, "x"), draft).state
            if action == "ky_so":
                done = ky_so(client, csrf, draft, state, head, keys)
            else:
                done = form(client, csrf, draft, action, state, head)
            assert done.status_code == 303, (action, done.text[:300])
            if action == "cap_so":
                head += 1

        # Thu hồi: shown in the register with its reason; the PDF stays
        vt, vt_csrf = clients["vt"]
        assert form(vt, vt_csrf, draft, "thu_hoi", "da_ban_hanh", head, "Sai thẩm quyền").status_code == 303
        mine = vt.get("/van-ban").text
        assert "<strong>Đã thu hồi</strong>: Sai thẩm quyền" in mine
        [entry] = drafts.issued(db, accounts.authenticate(db, "vt", PASSWORD, "x"))
        assert vt.get(f"/so/{entry.id}/pdf").content.startswith(b"%PDF")

        # Thay thế: a chuyên viên of the agency only
        replace = f"/van-ban/{draft}/thay-the"
        assert posted(*clients["nk"], replace).status_code == 403
        assert posted(*clients["tuan"], replace).status_code == 404
        assert posted(*clients["minh"], replace).status_code == 404
        assert '<button type="submit">Thay thế</button>' in cv.get(f"/van-ban/{draft}").text
        made = posted(cv, cv_csrf, replace)
        assert made.status_code == 303
        new = int(made.headers["location"].rsplit("/", 1)[1])
        assert f'Văn bản này thay thế <a href="/van-ban/{draft}" rel="prev">01/TB-UBND</a>' in cv.get(
            f"/van-ban/{new}").text
        assert f'được thay thế bằng <a href="/van-ban/{new}" rel="next">dự thảo số {new}</a>' in vt.get(
            f"/van-ban/{draft}").text
        assert posted(cv, cv_csrf, replace).status_code == 409  # one replacement per document
        assert '<button type="submit">Thay thế</button>' not in cv.get(f"/van-ban/{draft}").text
        history = vt.get(f"/van-ban/{draft}").text.split('id="lich-su"', 1)[1]
        assert "<td>Thay thế</td>" in history
        assert workflow.history(db, accounts.authenticate(db, "vt", PASSWORD, "x"), draft)[-1].action == "thay_the"
    finally:
        stop(server)
