"""Tra cứu finds drafts too (SQLite and PostgreSQL): by the words of their title and newest version, tones and case
folded, in the archive's query language; only what the user may read (a chuyên viên: her own drafts; the văn
thư: the agency's); another agency's draft never."""

from __future__ import annotations

import pytest

from notices.errors import UserError
from notices.server import accounts, drafts
from tests.server.conftest import PASSWORD, A, B, example_text


def sign_in(db, name: str):  # type: ignore[no-untyped-def]
    return accounts.authenticate(db, name, PASSWORD, "10.3.0.1")


def draft_with(db, author, text: str) -> int:  # type: ignore[no-untyped-def]
    draft = drafts.create_draft(db, author)
    drafts.save(db, author, draft.id, text, kind="notice", base=None)
    return draft.id


def found(db, who, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(h.draft.id for h in drafts.search_drafts(db, who, query))


def test_drafts_are_found_by_their_words_within_her_reach_only(office_db):
    accounts.add_user(office_db, accounts.SYSTEM, "mai", full_name="Phạm Thị Mai", agency=A[0],
                      roles=["chuyen_vien"], password=PASSWORD)
    lan, mai, hoa, minh, tuan = (sign_in(office_db, n) for n in ("lan", "mai", "hoa", "minh", "tuan"))
    words = "Kết luận về số hóa hồ sơ hộ tịch Pơng Drang"
    text = example_text().replace("      Kết luận, chỉ đạo của Chủ tịch UBND huyện", f"      {words},", 1)
    assert words in text
    mine = draft_with(office_db, lan, text)
    hers = draft_with(office_db, mai, text.replace("Pơng Drang", "Pơng Drang và Quảng Khê"))
    other = draft_with(office_db, minh, text.replace(A[1], B[1]))
    assert found(office_db, lan, "pong drang") == [mine]  # her own, not her colleague's
    assert found(office_db, mai, "PƠNG DRANG") == [hers]
    assert found(office_db, hoa, "Pơng Drang") == [mine, hers]  # the văn thư reads the agency's drafts
    assert found(office_db, minh, "Pơng Drang") == [other] and found(office_db, tuan, "Pơng Drang") == [other]
    assert found(office_db, hoa, '"hộ tịch Pơng"') == [mine, hers]  # a phrase
    assert found(office_db, hoa, '"Pơng hộ tịch"') == []
    assert found(office_db, hoa, "Pơng -Khê") == [mine]  # an excluded word
    assert found(office_db, hoa, '"Drang và Quả"*') == [hers]  # a prefix
    assert found(office_db, hoa, "subject") == [] and found(office_db, hoa, "documents") == []  # keys are not words
    [hit] = drafts.search_drafts(office_db, lan, "Pơng Drang")
    assert "Pơng Drang" in hit.excerpt and hit.draft.title
    with pytest.raises(UserError):
        drafts.search_drafts(office_db, lan, "   ")


def test_only_the_newest_version_is_searched(office_db):
    lan = sign_in(office_db, "lan")
    draft = draft_with(office_db, lan, example_text().replace("      Kết luận, chỉ đạo", "      Kết luận Krông Nô", 1))
    assert found(office_db, lan, "Krông Nô") == [draft]
    drafts.save(office_db, lan, draft, example_text(), kind="notice", base=1)
    assert found(office_db, lan, "Krông Nô") == []
