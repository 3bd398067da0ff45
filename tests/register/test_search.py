"""Vietnamese search over the archive on both databases: tones, đ/d, case, NFC/NFD, hoà/hòa, shown as written."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import text

from notices.errors import UserError
from notices.register.archive import search
from tests.register.helpers import AGENCY, add


@pytest.fixture
def filled(db):  # type: ignore[no-untyped-def]
    add(db, "Kết luận hội nghị cải cách hành chính", body=["Đồng chí Nguyễn Văn Đức phát biểu."])
    add(db, "Kế hoạch chuyển đổi số", body=["Thôn Hoà Bình triển khai trước."], kind="report", code="BC",
        date=dt.date(2024, 5, 2))
    add(db, unicodedata.normalize("NFD", "Thông báo cải cách thủ tục"), body=["Ủy ban nhân dân xã Hòa Phú."],
        date=dt.date(2024, 6, 3))
    add(db, "Giấy mời họp Đắk Song", date=dt.date(2023, 4, 4))
    return db


def labels(hits):  # type: ignore[no-untyped-def]
    return sorted(f"{h.entry.label}/{h.entry.year}" for h in hits)


@pytest.mark.parametrize(("query", "expected"), [
    ("duc", ["01/TB-UBND/2024"]),
    ("ĐỨC", ["01/TB-UBND/2024"]),
    ("nguyen van duc", ["01/TB-UBND/2024"]),
    ("dak song", ["01/TB-UBND/2023"]),
    ("hoa", ["01/BC-UBND/2024", "02/TB-UBND/2024"]),  # Hoà (old placement) and Hòa (new)
    ("HÒA", ["01/BC-UBND/2024", "02/TB-UBND/2024"]),
    ("hoà", ["01/BC-UBND/2024", "02/TB-UBND/2024"]),
    ("uy ban", ["02/TB-UBND/2024"]),
    ("cai cach", ["01/TB-UBND/2024", "02/TB-UBND/2024"]),  # one subject stored NFD
    (unicodedata.normalize("NFD", "cải cách"), ["01/TB-UBND/2024", "02/TB-UBND/2024"]),
    ("02/TB-UBND", ["02/TB-UBND/2024"]),
    ("chuyen doi so", ["01/BC-UBND/2024"]),
    ("khong co tu nay", []),
])
def test_search_is_insensitive_to_marks_case_and_normalisation(filled, query, expected) -> None:  # type: ignore[no-untyped-def]
    assert labels(search(filled, query, agency=AGENCY)) == expected


def test_results_show_the_original_text(filled) -> None:  # type: ignore[no-untyped-def]
    [hit] = search(filled, "duc", agency=AGENCY)
    assert hit.excerpt == "Đồng chí Nguyễn Văn Đức phát biểu."
    assert hit.entry.subject == "Kết luận hội nghị cải cách hành chính"


def test_filters_by_year_kind_and_agency(filled) -> None:  # type: ignore[no-untyped-def]
    from notices.register.registry import AgencyKey

    assert labels(search(filled, "cai cach", agency=AGENCY, year=2023)) == []
    assert labels(search(filled, "hoa", agency=AGENCY, kind="report")) == ["01/BC-UBND/2024"]
    other = AgencyKey("UBND", "Ủy ban nhân dân xã Hòa Phú")
    add(filled, "Cải cách hành chính ở xã", agency=other)
    assert labels(search(filled, "cai cach", agency=other)) == ["01/TB-UBND/2024"]
    assert len(search(filled, "cai cach", agency=AGENCY)) == 2  # never the other agency's
    with pytest.raises(TypeError):
        search(filled, "cai cach")  # type: ignore[call-arg]  # the agency is not optional


# ---------------------------------------------------------------------------------------------- ranking


def test_a_phrase_ranks_above_the_words_apart_and_the_newest_leads_among_equals(db) -> None:  # type: ignore[no-untyped-def]
    older = add(db, "Báo cáo tháng", body=["Về cải cách hành chính."], date=dt.date(2024, 1, 3))
    together = add(db, "Kế hoạch quý", body=["Đẩy mạnh cải cách hành chính ở xã."], date=dt.date(2024, 2, 1))
    newer = add(db, "Báo cáo tháng", body=["Về cải cách hành chính."], date=dt.date(2024, 3, 3))
    apart = add(db, "Kế hoạch năm", body=["Cải cách thủ tục, rà soát hành chính và văn thư."], date=dt.date(2024, 5, 1))
    hits = search(db, "cai cach hanh chinh", agency=AGENCY)
    ids = [h.entry.id for h in hits]
    assert set(ids) == {apart.id, together.id, older.id, newer.id}
    assert ids[-1] == apart.id  # the words apart: last, although the newest
    assert ids.index(newer.id) < ids.index(older.id)  # same text: the newer first
    assert hits[0].score > hits[-1].score
    # a quoted phrase keeps only the documents holding it
    assert {h.entry.id for h in search(db, '"cải cách hành chính"', agency=AGENCY)} == {together.id, older.id, newer.id}


def test_words_in_the_subject_rank_above_words_in_the_text(db) -> None:  # type: ignore[no-untyped-def]
    subject = add(db, "Chuyển đổi số", body=["Kế hoạch năm 2024."], date=dt.date(2024, 1, 2))
    body = add(db, "Kế hoạch năm 2024", body=["Tiếp tục chuyển đổi số trong cơ quan."], date=dt.date(2024, 6, 1))
    assert [h.entry.id for h in search(db, "chuyển đổi số", agency=AGENCY)] == [subject.id, body.id]


def test_excluded_words_prefixes_and_numbers_written_with_punctuation(db) -> None:  # type: ignore[no-untyped-def]
    a = add(db, "Phòng chống thiên tai", body=["Bão số 3 đổ bộ vào Quảng Ngãi ngày 12/9/2024."])
    b = add(db, "Phòng chống dịch bệnh", body=["Dịch tả lợn châu Phi."])
    assert {h.entry.id for h in search(db, "phong chong", agency=AGENCY)} == {a.id, b.id}
    assert [h.entry.id for h in search(db, "phòng chống -thiên", agency=AGENCY)] == [b.id]
    assert [h.entry.id for h in search(db, 'phòng -"thiên tai"', agency=AGENCY)] == [b.id]
    assert [h.entry.id for h in search(db, "quang ng*", agency=AGENCY)] == [a.id]
    assert [h.entry.id for h in search(db, "12/9/2024", agency=AGENCY)] == [a.id]
    assert search(db, "thiên -tai", agency=AGENCY) == []
    with pytest.raises(UserError, match="Cần ít nhất một từ"):
        search(db, "-thiên", agency=AGENCY)
    with pytest.raises(UserError, match="Cần ít nhất một từ"):
        search(db, " “” ... ", agency=AGENCY)


def test_user_text_never_reaches_sql(db) -> None:  # type: ignore[no-untyped-def]
    add(db, "Giữ nguyên", body=["O'Neil và các đồng chí."])
    for query in ["'; DROP TABLE entries; --", "a' | 'b", '"\\" OR 1=1', "x:* & !y", "NEAR(a b)", "{scope}: a1",
                  "o'neil"]:
        search(db, query, agency=AGENCY)  # no error, whatever the text
    assert [h.entry.subject for h in search(db, "o'neil", agency=AGENCY)] == ["Giữ nguyên"]
    assert len(search(db, "giu nguyen", agency=AGENCY)) == 1


def test_filters_signer_and_dates(db) -> None:  # type: ignore[no-untyped-def]
    a = add(db, "Thu ngân sách", signer="Nguyễn Văn Đức", date=dt.date(2024, 2, 1))
    b = add(db, "Thu ngân sách quý II", signer="Lê Thị Hoà", date=dt.date(2024, 6, 1))
    c = add(db, "Thu ngân sách năm", signer="Lê Thị Hòa", date=dt.date(2025, 1, 5))
    found = lambda **kw: {h.entry.id for h in search(db, "ngan sach", agency=AGENCY, **kw)}  # noqa: E731
    assert found(signer="nguyen van duc") == {a.id}
    assert found(signer="LÊ THỊ HOÀ") == {b.id, c.id}  # hoà/hòa, case
    assert found(date_from=dt.date(2024, 3, 1)) == {b.id, c.id}
    assert found(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 6, 1)) == {a.id, b.id}
    assert found(year=2025, signer="le thi hoa") == {c.id}
    assert found(signer="Trần Văn Không") == set()


def test_only_the_newest_matches_are_ranked_when_too_many_match(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from notices.register import search as module

    monkeypatch.setitem(module.WINDOW, "sqlite", 3)
    monkeypatch.setitem(module.WINDOW, "postgresql", 3)
    made = [add(db, f"Tiếp công dân lần {i}", date=dt.date(2024, 1, 1 + i)) for i in range(5)]
    hits = search(db, "tiep cong dan", agency=AGENCY)
    assert hits.capped and hits.matched == 3
    assert {h.entry.id for h in hits} == {e.id for e in made[2:]}
    few = search(db, "tiep cong dan", agency=AGENCY, year=2023)
    assert not few.capped and few == []


def test_a_phrase_is_looked_for_in_the_newest_documents_first(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: a phrase is looked for in the agency's newest PHRASE_SPAN documents (after the filters) first;
    when they hold a page of matches, those are ranked and the result says so; otherwise every document is
    looked in (a rare phrase is found however old). SQLite's index holds the positions: every document."""
    from notices.register import search as module

    monkeypatch.setattr(module, "PHRASE_SPAN", 3)
    old = add(db, "Tiếp công dân định kỳ", body=["Ông Hà Khải Xuyến dự họp."], date=dt.date(2023, 2, 1))
    apart = add(db, "Công dân đến tiếp nhận hồ sơ", date=dt.date(2023, 3, 1))  # the words, not the phrase
    newer = [add(db, f"Tiếp công dân tháng {i}", date=dt.date(2024, 1 + i, 1)) for i in range(4)]

    hits = search(db, '"tiếp công dân"', agency=AGENCY, limit=2)
    if db.is_sqlite:
        assert [h.entry.id for h in hits] == [newer[3].id, newer[2].id] and hits.span is None
    else:  # the newest three documents hold the phrase three times: a page of two is ranked among them
        assert [h.entry.id for h in hits] == [newer[3].id, newer[2].id]
        assert hits.span == 3 and hits.capped and hits.matched == 3
    # Fewer matches in the span than a page: every document is looked in.
    hits = search(db, '"tiếp công dân"', agency=AGENCY)
    assert [h.entry.id for h in hits] == [e.id for e in reversed(newer)] + [old.id]
    assert hits.span is None and not hits.capped and apart.id not in {h.entry.id for h in hits}
    # The filters come first: the agency's documents of 2023 are fewer than the span.
    hits = search(db, '"tiếp công dân"', agency=AGENCY, year=2023, limit=1)
    assert [h.entry.id for h in hits] == [old.id] and not hits.capped and hits.span is None
    # A rare phrase is found however old.
    hits = search(db, '"hà khải xuyến"', agency=AGENCY, limit=1)
    assert [h.entry.id for h in hits] == [old.id] and hits.span is None and not hits.capped


def test_excerpt_is_cut_at_word_boundaries_and_marks_the_words(db) -> None:  # type: ignore[no-untyped-def]
    long_line = " ".join(["Ủy ban nhân dân xã tổ chức hội nghị"] * 12 + ["Đồng chí Nguyễn Văn Đức phát biểu"]
                         + ["kết luận các nội dung trọng tâm"] * 12)
    add(db, "Hội nghị", body=[long_line])
    [hit] = search(db, "nguyen duc", agency=AGENCY)
    assert hit.excerpt.startswith("…") and hit.excerpt.endswith("…") and len(hit.excerpt) <= 202
    inner = hit.excerpt.strip("…")
    assert inner in long_line
    at = long_line.index(inner)
    assert at > 0 and long_line[at - 1] == " " and long_line[at + len(inner)] == " "  # whole words only
    assert hit.marked("<", ">").count("<") == 2 and "<Nguyễn>" in hit.marked("<", ">") and "<Đức>" in hit.marked("<", ">")


def test_the_query_language_parses_the_same_for_both_engines() -> None:
    from notices.register.search import parse

    q = parse('Hoà Bình "cải cách hành chính" -thiên -"văn thư" chuyển* 05/TB-UBND')
    assert q.tsquery() == ("'hoa' & 'binh' & ('cai' <-> 'cach' <-> 'hanh' <-> 'chinh') & !'thien' & "
                           "!('van' <-> 'thu') & 'chuyen':* & ('05' <-> 'tb' <-> 'ubnd')")
    assert q.fts5(["a1"]) == ('scope : "a1" AND {subject body} : "hoa" AND {subject body} : "binh" AND '
                              '{subject body} : "cai cach hanh chinh" AND {subject body} : "chuyen" * AND '
                              '{subject body} : "05 tb ubnd" NOT {subject body} : "thien" '
                              'NOT {subject body} : "van thu"')
    assert parse(unicodedata.normalize("NFD", "ĐỨC hoà")).tsquery() == "'duc' & 'hoa'"


@pytest.mark.postgres
def test_python_folding_agrees_with_postgresql(pg_url: str) -> None:
    """The query is folded in Python, the documents by vi_words in PostgreSQL: the same words for Vietnamese."""
    from notices.register.db import open_database
    from notices.register.search import fold_words

    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    samples = [letters, letters.upper(), unicodedata.normalize("NFD", letters + " " + letters.upper()),
               "Số 05/TB-UBND ngày 12/03/2024, 3.5 tỷ đồng; thư@xã.vn — “Hoà-Bình” (Đắk N'Drung) x_y 1,5%"]
    db = open_database(pg_url)
    with db.engine.begin() as conn:
        for sample in samples:
            words = conn.execute(text("SELECT array_to_string(array_agg(lexeme ORDER BY p), ' ') FROM ("
                                      "SELECT lexeme, unnest(positions) AS p FROM unnest(to_tsvector('simple', "
                                      "vi_words(:s)))) w"), {"s": sample}).scalar()
            assert words == " ".join(fold_words(sample)), sample
    db.dispose()


def test_the_migration_separates_words_as_the_query_parser_does() -> None:
    import importlib
    import string

    from notices.register.search import PUNCTUATION, fold_words

    migration = importlib.import_module("notices.register.migrations.versions.0003_search")
    assert migration.PUNCTUATION == PUNCTUATION == "".join(c for c in string.punctuation)
    assert fold_words("a" + PUNCTUATION.replace("_", "") + "b_c") == ["a", "b", "c"]


@pytest.mark.postgres
def test_the_command_says_when_a_phrase_was_looked_for_in_the_newest_documents_only(pg_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from notices.cli import main
    from notices.register import cli as register_cli
    from notices.register import search as module
    from notices.register.db import open_database

    monkeypatch.setattr(module, "PHRASE_SPAN", 2)
    monkeypatch.setattr(register_cli, "LIMIT", 2)
    db = open_database(pg_url)
    try:
        for i in range(3):
            add(db, f"Tiếp công dân tháng {i + 1}", date=dt.date(2024, 1 + i, 1))
    finally:
        db.dispose()
    agency = f"{AGENCY.code}:{AGENCY.name}"
    out = CliRunner().invoke(main, ["archive", "search", '"tiep cong dan"', "--db", pg_url, "--agency", agency])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-1] == ("Có nhiều văn bản chứa cụm từ: đã tìm trong 2 văn bản mới nhất (2 văn bản "
                                           "khớp). Thêm --year, --kind hoặc --from/--to để tìm văn bản cũ hơn.")
    assert "03/TB-UBND" in out.output and "01/TB-UBND" not in out.output
