"""A recalled number cannot be voided: Thu hồi (notices.server.review) keeps an issued document's row with the
recall's reason; ``notices register void`` on it is refused in Vietnamese and leaves the row as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from notices.cli import main
from notices.errors import UserError
from notices.register.db import entries
from notices.register.export import RECALLED, note
from notices.register.registry import list_entries, void
from tests.register.helpers import AGENCY, add
from tests.server.signing_kit import keys, kit, set_seal  # noqa: F401  (fixtures)


def recall(db, label: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    """What review.recall_entry writes on the row (status stays issued, the reason begins "Thu hồi: ")."""
    number = int(label.split("/")[0])
    with db.engine.begin() as conn:
        changed = conn.execute(update(entries).where(entries.c.number == number, entries.c.status == "issued",
                                                     entries.c.void_reason.is_(None))
                               .values(void_reason=RECALLED + reason, voided_by="vt",
                                       voided_at="2024-03-04T09:00:00+07:00")).rowcount
    assert changed == 1


def test_a_recalled_number_is_not_voided(db, db_url) -> None:  # type: ignore[no-untyped-def]
    add(db, "Một", date=dt.date(2024, 3, 1))
    add(db, "Hai", date=dt.date(2024, 3, 1))
    recall(db, "01/TB-UBND", "Sai thẩm quyền ban hành")
    with db.engine.begin() as conn:
        before = conn.execute(select(entries).where(entries.c.number == 1)).one()
    with pytest.raises(UserError) as refused:
        void(db, AGENCY, 2024, "01/TB-UBND", "Ghi đè lý do")
    said = refused.value.message
    assert "Không hủy được số 01/TB-UBND năm 2024" in said and "đã bị thu hồi ngày 04/03/2024" in said
    assert "(Sai thẩm quyền ban hành)" in said and "thu hồi không phải hủy số" in said
    with db.engine.begin() as conn:
        assert conn.execute(select(entries).where(entries.c.number == 1)).one() == before
    first = list_entries(db, AGENCY, 2024)[0]
    assert first.status == "issued" and note(first).endswith("(vt): Sai thẩm quyền ban hành")
    # through the command line: the same refusal, exit 1, nothing changed
    result = CliRunner().invoke(main, ["register", "void", "01/TB-UBND", "--year", "2024", "--reason", "x",
                                       "--db", db_url])
    assert result.exit_code == 1 and "đã bị thu hồi" in result.output, result.output
    with db.engine.begin() as conn:
        assert conn.execute(select(entries).where(entries.c.number == 1)).one() == before
    # a number not recalled is still voided as before
    assert void(db, AGENCY, 2024, "02/TB-UBND", "Trùng nội dung").status == "void"


def test_a_number_recalled_through_thu_hoi_on_the_server_is_not_voided(sqlite_url, keys, monkeypatch):  # noqa: F811
    """The whole way: issued on the office server (Ký số, Ban hành with the seal), then Thu hồi; the register's
    void refuses it and the recall stays as Thu hồi wrote it."""
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey
    from notices.server import drafts, workflow
    from tests.server.conftest import A, populate
    from tests.server.test_sealing import act, numbered
    from tests.server.test_workflow import FIVE, who

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    set_seal(sqlite_url, keys)
    monkeypatch.setenv("NOTICES_SECRET_FILE", str(keys.secret_file))
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        act(db, people["nk"], draft, "ky_so", keys.material())
        act(db, people["vt"], draft, "ban_hanh")
        info = drafts.get_draft(db, people["vt"], draft)
        workflow.act(db, people["vt"], draft, "thu_hoi", state=info.state, head=info.head,
                     comment="Sai thẩm quyền ban hành")
        [entry] = drafts.issued(db, people["vt"])
        with pytest.raises(UserError, match="đã bị thu hồi ngày .*Sai thẩm quyền ban hành"):
            void(db, AgencyKey("UBND", A[1]), entry.year, entry.label, "Hủy cho gọn sổ")
        [after] = drafts.issued(db, people["vt"])
        assert after.status == "issued" and after.void_reason == RECALLED + "Sai thẩm quyền ban hành"
    finally:
        db.dispose()
