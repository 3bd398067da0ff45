"""The approval workflow in the library, on SQLite and PostgreSQL: every transition, each refused to a user
without its role or of another agency, Trả lại with its Ý kiến, an edit after Duyệt ký back to approval,
the signer's refusal after Cấp số voiding the number, per-agency steps, append-only audit, races."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from notices.errors import UserError
from notices.server import accounts, drafts, workflow
from notices.server.accounts import SYSTEM, Forbidden, NotFound
from tests.server.conftest import PASSWORD, A, B, example_text, populate
from tests.server.signing_kit import keys, kit  # noqa: F401  (fixtures: Ký số, Ban hành)

FIVE = {  # one agency, five users, one role each; a chuyên viên and a văn thư in the other agency
    "cv": (A, ["chuyen_vien"]), "ld": (A, ["lanh_dao_don_vi"]), "kt": (A, ["kiem_tra_the_thuc"]),
    "nk": (A, ["nguoi_ky"]), "vt": (A, ["van_thu"]),
    "minh": (B, ["chuyen_vien"]), "tuan": (B, ["van_thu", "nguoi_ky", "lanh_dao_don_vi", "kiem_tra_the_thuc"]),
}
CHAIN = [("cv", "trinh_duyet", "cho_duyet_noi_dung"), ("ld", "duyet_noi_dung", "cho_kiem_tra_the_thuc"),
         ("kt", "duyet_the_thuc", "cho_duyet_ky"), ("nk", "duyet_ky", "da_duyet_ky"),
         ("vt", "cap_so", "da_cap_so"), ("nk", "ky_so", "da_ky"), ("vt", "ban_hanh", "da_ban_hanh")]


@pytest.fixture
def wdb(db_url):  # type: ignore[no-untyped-def]
    from notices.register.db import open_database

    populate(db_url, steps=workflow.FULL, users=FIVE)
    db = open_database(db_url)
    yield db
    db.dispose()


def who(db, name: str):  # type: ignore[no-untyped-def]
    return accounts.authenticate(db, name, PASSWORD, "10.0.0.9")


def written(db, users):  # type: ignore[no-untyped-def]
    draft = drafts.create_draft(db, users["cv"])
    drafts.save(db, users["cv"], draft.id, example_text(), kind="notice", base=None)
    return draft.id


def step(db, actor, draft_id: int, action: str, comment: str | None = None):  # type: ignore[no-untyped-def]
    info = drafts.get_draft(db, actor, draft_id)
    return workflow.act(db, actor, draft_id, action, state=info.state, head=info.head, comment=comment)


@pytest.fixture
def people(wdb):  # type: ignore[no-untyped-def]
    return {name: who(wdb, name) for name in FIVE}


def test_the_whole_chain_each_step_refused_to_every_other_role_and_agency(wdb, people, db_url, keys, monkeypatch):  # noqa: F811
    from tests.server.signing_kit import set_seal

    monkeypatch.setenv("NOTICES_SECRET_FILE", str(keys.secret_file))
    set_seal(db_url, keys)  # Ban hành with the agency's seal; Ký số with the signer's .p12
    draft = written(wdb, people)
    for name, action, target in CHAIN:
        info = drafts.get_draft(wdb, people[name], draft)
        for other in ("cv", "ld", "kt", "nk", "vt"):
            if other == name or (action in ("duyet_ky", "ky_so") and other == "nk") \
                    or (action in ("cap_so", "ban_hanh") and other == "vt"):
                continue
            with pytest.raises((Forbidden, NotFound)):  # a chuyên viên sees only her own drafts: 404
                workflow.act(wdb, people[other], draft, action, state=info.state, head=info.head)
        with pytest.raises(NotFound):  # the other agency's user holding every role: not found
            workflow.act(wdb, people["tuan"], draft, action, state=info.state, head=info.head)
        assert [a.label for a in workflow.available(wdb, people[name], draft)][0] == workflow.ACTIONS[action].label
        done = workflow.act(wdb, people[name], draft, action, state=info.state, head=info.head,
                            material=keys.material() if action == "ky_so" else None)
        assert done.state == target == drafts.get_draft(wdb, people[name], draft).state
    history = workflow.history(wdb, people["vt"], draft)
    assert [(e.login, e.action, e.to_state) for e in history] == [(n, a, t) for n, a, t in CHAIN]
    assert all(e.sha256 and len(e.sha256) == 64 for e in history)
    assert history[3].role == "nguoi_ky" and history[4].comment == "01/TB-UBND"
    assert [e.label for e in drafts.issued(wdb, people["vt"])] == ["01/TB-UBND"]
    with pytest.raises(UserError, match="Ý kiến"):  # Thu hồi needs its reason
        step(wdb, people["vt"], draft, "thu_hoi")
    assert step(wdb, people["vt"], draft, "thu_hoi", "Sai thẩm quyền ban hành").state == "thu_hoi"
    with pytest.raises(drafts.Conflict):  # recalled: frozen
        drafts.save(wdb, people["cv"], draft, example_text(), kind="notice", base=None)


def test_van_thu_cannot_number_what_was_not_approved(wdb, people):
    draft = written(wdb, people)
    with pytest.raises(UserError, match="Đã duyệt ký"):
        drafts.issue_draft(wdb, people["vt"], draft, "notice", head=1)
    with pytest.raises(UserError, match="không “Cấp số” được lúc này"):
        step(wdb, people["vt"], draft, "cap_so")
    assert drafts.issued(wdb, people["vt"]) == []


def test_tra_lai_needs_y_kien_and_goes_back_to_du_thao(wdb, people):
    draft = written(wdb, people)
    step(wdb, people["cv"], draft, "trinh_duyet")
    with pytest.raises(UserError, match="Ý kiến"):
        step(wdb, people["ld"], draft, "tra_lai", "   ")
    assert drafts.get_draft(wdb, people["ld"], draft).state == "cho_duyet_noi_dung"
    assert step(wdb, people["ld"], draft, "tra_lai", "Bổ sung thời hạn thực hiện").state == "du_thao"
    last = workflow.history(wdb, people["cv"], draft)[-1]
    assert (last.action, last.comment, last.full_name) == ("tra_lai", "Bổ sung thời hạn thực hiện", "Người dùng ld")
    waiting = workflow.waiting_for(wdb, people["cv"])
    assert [(w.draft_id, w.action.label) for w in waiting] == [(draft, "Trình duyệt")]


def test_an_edit_after_duyet_ky_returns_to_the_first_approval_step(wdb, people):
    draft = written(wdb, people)
    for name, action, _ in CHAIN[:4]:
        step(wdb, people[name], draft, action)
    saved = drafts.save(wdb, people["nk"], draft, example_text().replace("Đắk Song", "Đắk  Song", 1),
                        kind="notice", base=1)
    assert saved.returned and "Chờ duyệt nội dung" in saved.returned and "Điều 11.2" in saved.returned
    assert drafts.get_draft(wdb, people["vt"], draft).state == "cho_duyet_noi_dung"
    last = workflow.history(wdb, people["vt"], draft)[-1]
    assert (last.action, last.from_state, last.version) == ("sua", "da_duyet_ky", 2)
    with pytest.raises(UserError):  # the văn thư cannot number it now
        drafts.issue_draft(wdb, people["vt"], draft, "notice", head=2)
    assert [w.draft_id for w in workflow.waiting_for(wdb, people["ld"])] == [draft]


def test_a_transition_on_a_stale_version_is_refused(wdb, people):
    draft = written(wdb, people)
    step(wdb, people["cv"], draft, "trinh_duyet")
    drafts.save(wdb, people["cv"], draft, example_text(), kind="notice", base=1)  # version 2, same state
    with pytest.raises(drafts.Conflict, match="Văn bản đã được sửa bởi Người dùng cv"):
        workflow.act(wdb, people["ld"], draft, "duyet_noi_dung", state="cho_duyet_noi_dung", head=1)


def test_the_signer_refusing_after_cap_so_voids_the_number_never_reused(wdb, people):
    draft = written(wdb, people)
    for name, action, _ in CHAIN[:5]:
        step(wdb, people[name], draft, action)
    done = step(wdb, people["nk"], draft, "tra_lai", "Số liệu mục 2 chưa đúng")
    assert done.state == "du_thao" and "01/TB-UBND đã hủy" in done.message
    rows = drafts.issued(wdb, people["vt"])
    assert [(e.label, e.status) for e in rows] == [("01/TB-UBND", "void")]
    assert "Số liệu mục 2 chưa đúng" in rows[0].void_reason
    head = drafts.get_version(wdb, people["cv"], draft)
    approved = drafts.get_version(wdb, people["cv"], draft, 1)
    assert (head.number, head.sha256, head.base) == (3, approved.sha256, 1)  # the approved text, without number
    for name, action, _ in CHAIN[:5]:
        step(wdb, people[name], draft, action)
    assert sorted((e.label, e.status) for e in drafts.issued(wdb, people["vt"])) == [
        ("01/TB-UBND", "void"), ("02/TB-UBND", "issued")]


def test_steps_per_agency_and_off(wdb, people):
    workflow.set_steps(wdb, SYSTEM, A[0], ("ky",))
    draft = written(wdb, people)
    assert step(wdb, people["cv"], draft, "trinh_duyet").state == "cho_duyet_ky"
    with pytest.raises(UserError, match="không có bước “Duyệt nội dung”"):
        step(wdb, people["ld"], draft, "duyet_noi_dung")
    assert step(wdb, people["nk"], draft, "duyet_ky").state == "da_duyet_ky"
    with pytest.raises(UserError, match="ky"):
        workflow.set_steps(wdb, SYSTEM, A[0], ("noi-dung",))
    with pytest.raises(Forbidden):
        workflow.set_steps(wdb, people["vt"], A[0], None)
    workflow.set_steps(wdb, SYSTEM, A[0], None)
    other = written(wdb, people)
    assert drafts.issue_draft(wdb, people["vt"], other, "notice", head=1).label == "01/TB-UBND"
    with pytest.raises(UserError, match="không dùng quy trình"):
        step(wdb, people["cv"], written(wdb, people), "trinh_duyet")


def test_a_unit_head_approves_only_her_units_drafts(wdb, people):
    from sqlalchemy import update

    from notices.server.tables import users

    with wdb.engine.begin() as conn:
        conn.execute(update(users).where(users.c.login == "cv").values(unit="VP"))
        conn.execute(update(users).where(users.c.login == "ld").values(unit="TCKH"))
    draft = written(wdb, people)
    step(wdb, people["cv"], draft, "trinh_duyet")
    with pytest.raises(Forbidden, match="đơn vị"):
        step(wdb, people["ld"], draft, "duyet_noi_dung")
    assert workflow.waiting_for(wdb, people["ld"]) == []


def test_the_audit_rows_cannot_be_changed_or_deleted(wdb, people):
    draft = written(wdb, people)
    step(wdb, people["cv"], draft, "trinh_duyet")
    for statement in ("UPDATE workflow_events SET comment = 'x'", "DELETE FROM workflow_events"):
        with pytest.raises(Exception, match="append-only"), wdb.engine.begin() as conn:
            conn.execute(text(statement))
    assert len(workflow.history(wdb, people["cv"], draft)) == 1


def test_waiting_lists_per_role_oldest_first(wdb, people):
    first, second = written(wdb, people), written(wdb, people)
    step(wdb, people["cv"], second, "trinh_duyet")
    step(wdb, people["cv"], first, "trinh_duyet")
    assert [w.draft_id for w in workflow.waiting_for(wdb, people["ld"])] == [second, first]
    assert workflow.waiting_for(wdb, people["kt"]) == []
    assert workflow.waiting_for(wdb, people["tuan"]) == []  # the other agency's holder of every role


@pytest.mark.postgres
def test_two_connections_approving_at_once_one_wins_every_time(pg_url):
    from notices.register.db import open_database

    populate(pg_url, steps=workflow.FULL, users={**FIVE, "ld2": (A, ["lanh_dao_don_vi"])})
    db = open_database(pg_url)
    try:
        cv, ld, ld2 = (who(db, n) for n in ("cv", "ld", "ld2"))
        for _ in range(25):
            draft = drafts.create_draft(db, cv)
            drafts.save(db, cv, draft.id, "meeting: {name: Họp}\n", kind="notice", base=None)
            workflow.act(db, cv, draft.id, "trinh_duyet", state="du_thao", head=1)
            barrier = threading.Barrier(2)
            results: list = []

            def approve(actor, barrier=barrier, results=results, draft=draft):  # type: ignore[no-untyped-def]
                barrier.wait()
                try:
                    results.append(workflow.act(db, actor, draft.id, "duyet_noi_dung", state="cho_duyet_noi_dung",
                                                head=1).state)
                except drafts.Conflict as error:
                    results.append(error.message)

            threads = [threading.Thread(target=approve, args=(a,)) for a in (ld, ld2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert sorted(results, key=len)[0] == "cho_kiem_tra_the_thuc"
            assert sorted(results, key=len)[1].startswith("Văn bản đã được duyệt nội dung bởi Người dùng ld")
            with db.engine.begin() as conn:
                actions = conn.execute(select(workflow.workflow_events.c.action)
                                       .where(workflow.workflow_events.c.draft_id == draft.id)).scalars().all()
            assert actions == ["trinh_duyet", "duyet_noi_dung"]
    finally:
        db.dispose()


def test_agencies_workflow_from_the_command_line(tmp_path):  # type: ignore[no-untyped-def]
    from tests.server.test_cli import notices

    db = f"sqlite:///{tmp_path / 'server.db'}"
    assert notices("agencies", "add", "X01", "--name", "Ủy ban nhân dân xã Nâm N'Jang", "--code", "UBND",
                   "--db", db).returncode == 0
    small = notices("agencies", "workflow", "X01", "--steps", "ky", "--db", db)
    assert small.returncode == 0, small.stderr
    assert small.stdout.strip() == "Cơ quan X01: Trình duyệt → Duyệt ký → Cấp số → Ký số → Ban hành."
    off = notices("agencies", "workflow", "X01", "--off", "--db", db)
    assert "không dùng quy trình duyệt" in off.stdout
    wrong = notices("agencies", "workflow", "X01", "--steps", "noi-dung,ky-so", "--db", db)
    assert wrong.returncode != 0 and "không có bước “ky-so”" in wrong.stderr
    both = notices("agencies", "workflow", "X01", "--steps", "ky", "--off", "--db", db)
    assert both.returncode != 0 and "Chọn một trong hai" in both.stderr
