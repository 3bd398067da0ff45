"""The accounts and drafts library on SQLite and PostgreSQL: passwords, throttling, sessions, walls between
agencies, versions that are never lost, Cấp số through the register."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from notices.errors import UserError
from notices.server import accounts, drafts
from notices.server.accounts import SYSTEM, LoginRefused, NotFound
from tests.server.conftest import PASSWORD, A, B, example_text


def sign_in(db, name: str):  # type: ignore[no-untyped-def]
    return accounts.authenticate(db, name, PASSWORD, "10.0.0.9")


def test_passwords_are_argon2id_hashes_and_nothing_else(office_db, monkeypatch):
    """Argon2id with argon2-cffi's real parameters (t=3, m=64 MiB, p=4) wherever the test suite's cheap ones
    are not asked for: a password set then gets them, and an account hashed the cheap way (the fixtures) is
    rehashed with them at its next login."""
    from notices.server.tables import users

    def stored() -> dict[str, str]:
        with office_db.engine.begin() as conn:
            return dict(conn.execute(select(users.c.login, users.c.password_hash)).all())

    assert all(h.startswith("$argon2id$") and "m=65536,t=3,p=4" not in h for h in stored().values())
    monkeypatch.delenv("NOTICES_TEST_FAST_HASHES")
    accounts.set_password(office_db, SYSTEM, "lan", "Mật khẩu mới của Lan")
    accounts.authenticate(office_db, "hoa", PASSWORD, "10.0.0.1")
    hashes = stored()
    assert len(hashes) == 4
    real = "$argon2id$v=19$m=65536,t=3,p=4$"
    assert hashes["lan"].startswith(real) and hashes["hoa"].startswith(real)
    assert not hashes["minh"].startswith(real)  # not logged in since: still the fixture's hash
    assert not any(PASSWORD in h or "Lan" in h for h in hashes.values())


def test_a_password_typed_in_nfd_opens_the_account_set_in_nfc(office_db):
    import unicodedata

    accounts.set_password(office_db, SYSTEM, "lan", "Mật khẩu của Lan")
    assert accounts.authenticate(office_db, "lan", unicodedata.normalize("NFD", "Mật khẩu của Lan"), "x").login == "lan"


def test_five_failures_lock_the_account_and_the_message_never_tells(office_db):
    now = 1_000_000.0
    messages = set()
    for i in range(5):
        with pytest.raises(LoginRefused) as refused:
            accounts.authenticate(office_db, "lan", "sai-mat-khau", f"10.0.0.{i}", now=now + i)
        messages.add(refused.value.message)
    with pytest.raises(LoginRefused) as refused:  # the right password, now refused: locked for 15 minutes
        accounts.authenticate(office_db, "lan", PASSWORD, "10.0.0.99", now=now + 10)
    messages.add(refused.value.message)
    with pytest.raises(LoginRefused) as refused:  # a login that does not exist: the same words
        accounts.authenticate(office_db, "khong-co", PASSWORD, "10.0.0.98", now=now + 11)
    messages.add(refused.value.message)
    assert len(messages) == 1
    assert accounts.authenticate(office_db, "lan", PASSWORD, "10.0.0.99", now=now + 4 + 15 * 60 + 1).login == "lan"


def test_five_failures_from_one_address_lock_that_address_for_every_login(office_db):
    now = 2_000_000.0
    for i, name in enumerate(["lan", "hoa", "minh", "tuan", "ai-do"]):
        with pytest.raises(LoginRefused):
            accounts.authenticate(office_db, name, "sai", "192.0.2.7", now=now + i)
    with pytest.raises(LoginRefused):
        accounts.authenticate(office_db, "hoa", PASSWORD, "192.0.2.7", now=now + 6)
    assert accounts.authenticate(office_db, "hoa", PASSWORD, "192.0.2.8", now=now + 6).login == "hoa"


def test_sessions_expire_when_idle_and_end_when_the_user_is_disabled(office_db):
    actor = sign_in(office_db, "lan")
    first = accounts.open_session(office_db, actor, "x", now=100.0)
    second = accounts.open_session(office_db, actor, "x", now=100.0)
    assert first.token != second.token and first.csrf != second.csrf
    assert accounts.resume_session(office_db, first.token, now=100.0 + 60).actor.login == "lan"
    assert accounts.resume_session(office_db, first.token, now=100.0 + 60 + accounts.IDLE_SECONDS + 1) is None
    assert accounts.resume_session(office_db, second.token, now=200.0) is not None
    accounts.disable_user(office_db, SYSTEM, "lan")
    assert accounts.resume_session(office_db, second.token, now=201.0) is None
    with pytest.raises(LoginRefused):
        sign_in(office_db, "lan")


def test_an_administrator_reaches_only_her_own_agency(office_db):
    accounts.add_user(office_db, SYSTEM, "qt-a", full_name="Quản trị A", agency=A[0], roles=["quan_tri"],
                      password=PASSWORD)
    admin = sign_in(office_db, "qt-a")
    assert {u.login for u in accounts.list_users(office_db, admin)} == {"lan", "hoa", "qt-a"}
    for attempt in (lambda: accounts.disable_user(office_db, admin, "minh"),
                    lambda: accounts.set_password(office_db, admin, "tuan", "mat-khau-moi-1"),
                    lambda: accounts.add_user(office_db, admin, "x1", full_name="X", agency=B[0], roles=["van_thu"],
                                              password=PASSWORD)):
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(accounts.Forbidden):
        accounts.list_users(office_db, sign_in(office_db, "lan"))


def test_drafts_and_numbers_of_one_agency_are_not_found_by_another(office_db):
    lan, hoa, minh, tuan = (sign_in(office_db, n) for n in ("lan", "hoa", "minh", "tuan"))
    draft = drafts.create_draft(office_db, lan)
    drafts.save(office_db, lan, draft.id, example_text(), kind="notice", base=None)
    assert [d.id for d in drafts.list_drafts(office_db, hoa)] == [draft.id]  # the văn thư sees the agency's
    issued = drafts.issue_draft(office_db, hoa, draft.id, "notice", head=1)
    assert issued.label == "01/TB-UBND"
    for who in (minh, tuan):
        assert drafts.list_drafts(office_db, who) == [] and drafts.issued(office_db, who) == []
        assert drafts.search(office_db, who, "cải cách hành chính") == []
        for attempt in (lambda w=who: drafts.get_draft(office_db, w, draft.id),
                        lambda w=who: drafts.get_version(office_db, w, draft.id, 1),
                        lambda w=who: drafts.save(office_db, w, draft.id, "x: 1", kind="notice", base=1),
                        lambda w=who: drafts.stored_file(office_db, w, issued.entry_id, ".pdf"),
                        lambda w=who: drafts.entry(office_db, w, issued.entry_id)):
            with pytest.raises(NotFound):
                attempt()
    [hit] = drafts.search(office_db, hoa, "cải cách hành chính")
    assert hit.entry.label == "01/TB-UBND"
    name, pdf = drafts.stored_file(office_db, lan, issued.entry_id, ".pdf")
    assert pdf.startswith(b"%PDF")


def test_the_other_agency_gets_its_own_number_01(office_db):
    from notices.server.tables import server_agencies

    hoa, minh, tuan = (sign_in(office_db, n) for n in ("hoa", "minh", "tuan"))
    text_b = example_text().replace("Ủy ban nhân dân huyện Đắk Song", B[1]).replace("place: Đắk Song", "place: Mộ Đức")
    for author, clerk, text in ((sign_in(office_db, "lan"), hoa, example_text()), (minh, tuan, text_b)):
        draft = drafts.create_draft(office_db, author)
        drafts.save(office_db, author, draft.id, text, kind="notice", base=None)
        assert drafts.issue_draft(office_db, clerk, draft.id, "notice", head=1).label == "01/TB-UBND"
    with office_db.engine.begin() as conn:
        assert len(set(conn.execute(select(server_agencies.c.register_agency_id)).scalars())) == 2


def test_a_record_naming_another_agency_is_not_issued_into_either_register(office_db):
    minh, tuan = sign_in(office_db, "minh"), sign_in(office_db, "tuan")
    draft = drafts.create_draft(office_db, minh)
    drafts.save(office_db, minh, draft.id, example_text(), kind="notice", base=None)  # names Đắk Song, not Mộ Đức
    with pytest.raises(UserError, match="không phải cơ quan của bạn"):
        drafts.issue_draft(office_db, tuan, draft.id, "notice", head=1)
    assert drafts.issued(office_db, tuan) == [] and drafts.get_draft(office_db, tuan, draft.id).state == "du_thao"


def test_only_the_van_thu_issues_and_only_once(office_db):
    lan, hoa = sign_in(office_db, "lan"), sign_in(office_db, "hoa")
    draft = drafts.create_draft(office_db, lan)
    drafts.save(office_db, lan, draft.id, example_text(), kind="notice", base=None)
    with pytest.raises(accounts.Forbidden):
        drafts.issue_draft(office_db, lan, draft.id, "notice", head=1)
    drafts.issue_draft(office_db, hoa, draft.id, "notice", head=1)
    with pytest.raises(drafts.Conflict):
        drafts.issue_draft(office_db, hoa, draft.id, "notice", head=1)
    with pytest.raises(drafts.Conflict):  # an issued draft is not edited any more
        drafts.save(office_db, lan, draft.id, example_text(), kind="notice", base=2)
    assert [e.label for e in drafts.issued(office_db, hoa)] == ["01/TB-UBND"]


def test_two_savers_from_the_same_version_both_keep_their_text(office_db):
    lan, hoa = sign_in(office_db, "lan"), sign_in(office_db, "hoa")
    draft = drafts.create_draft(office_db, lan)
    first = drafts.save(office_db, lan, draft.id, "a: 1\n", kind="notice", base=None)
    mine = drafts.save(office_db, lan, draft.id, "a: 2\n", kind="notice", base=1)
    theirs = drafts.save(office_db, hoa, draft.id, "a: 3\n", kind="notice", base=1)
    assert (first.conflict, mine.conflict) == (None, None)
    assert theirs.conflict is not None and theirs.conflict.number == 2 and theirs.conflict.author_login == "lan"
    texts = [v.yaml for v in drafts.versions(office_db, lan, draft.id)]
    assert texts == ["a: 1\n", "a: 2\n", "a: 3\n"]
    import hashlib

    assert all(v.sha256 == hashlib.sha256(v.yaml.encode()).hexdigest() for v in drafts.versions(office_db, lan, draft.id))


def test_a_chuyen_vien_sees_only_her_own_drafts(office_db):
    accounts.add_user(office_db, SYSTEM, "mai", full_name="Mai", agency=A[0], roles=["chuyen_vien"], password=PASSWORD)
    lan, mai = sign_in(office_db, "lan"), sign_in(office_db, "mai")
    draft = drafts.create_draft(office_db, lan)
    with pytest.raises(NotFound):
        drafts.get_draft(office_db, mai, draft.id)


def test_the_console_operator_has_no_drafts(office_db):
    with pytest.raises(accounts.Forbidden):
        drafts.list_drafts(office_db, SYSTEM)


def test_a_province_administrator_reads_the_agencies_below_hers_only(office_db):
    accounts.add_agency(office_db, SYSTEM, "T01", name="Ủy ban nhân dân tỉnh Đắk Nông", code="UBND", place="Gia Nghĩa")
    accounts.add_agency(office_db, SYSTEM, "T01.X1", name="Ủy ban nhân dân xã Quảng Sơn", code="UBND",
                        place="Quảng Sơn", parent="T01")
    accounts.add_agency(office_db, SYSTEM, "T01.X1.T", name="Văn phòng xã Quảng Sơn", code="VP", place="Quảng Sơn",
                        parent="T01.X1")
    accounts.add_user(office_db, SYSTEM, "tinh", full_name="Quản trị tỉnh", agency="T01", roles=["quan_tri_tinh"],
                      password=PASSWORD)
    province = sign_in(office_db, "tinh")
    reach = {a.ident for a in accounts.list_agencies(office_db, province)}
    assert reach == {"T01", "T01.X1", "T01.X1.T"}  # not Đắk Song or Mộ Đức
    assert drafts.issued(office_db, province) == []
    assert {a.ident for a in accounts.list_agencies(office_db, sign_in(office_db, "lan"))} == {A[0]}


def test_an_issue_interrupted_after_its_number_is_finished_with_that_number(office_db, monkeypatch):
    import notices.render

    lan, hoa = sign_in(office_db, "lan"), sign_in(office_db, "hoa")
    draft = drafts.create_draft(office_db, lan)
    drafts.save(office_db, lan, draft.id, example_text(), kind="notice", base=None)
    real = notices.render.render_record

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise UserError("ổ đĩa đầy")

    monkeypatch.setattr(notices.render, "render_record", broken)
    with pytest.raises(UserError, match="ổ đĩa đầy"):
        drafts.issue_draft(office_db, hoa, draft.id, "notice", head=1)
    assert drafts.get_draft(office_db, hoa, draft.id).state == "du_thao"
    monkeypatch.setattr(notices.render, "render_record", real)
    done = drafts.issue_draft(office_db, hoa, draft.id, "notice", head=1)
    assert done.label == "01/TB-UBND"
    assert [(e.label, e.status) for e in drafts.issued(office_db, hoa)] == [("01/TB-UBND", "issued")]
