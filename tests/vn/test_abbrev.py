"""V26: abbreviations come from a data file and are written in full on their first use in a body."""

from pathlib import Path

import pytest

from notices.vn.abbrev import expand_first, load_abbreviations, parse_abbreviations

TABLE = load_abbreviations()


def test_default_file_has_the_common_commune_abbreviations() -> None:
    assert TABLE["UBND"] == "Ủy ban nhân dân" and TABLE["HĐND"] == "Hội đồng nhân dân"
    assert TABLE["CCHC"] == "cải cách hành chính"


def test_v26_first_use_is_expanded_later_ones_are_not() -> None:
    body = ["Ngày 05/3/2024, UBND xã họp giao ban.", "UBND xã giao các thôn thực hiện; UBND xã theo dõi."]
    result = expand_first(body, TABLE)
    assert result[0] == "Ngày 05/3/2024, Ủy ban nhân dân (UBND) xã họp giao ban."
    assert result[1] == body[1]
    assert "".join(result).count("Ủy ban nhân dân") == 1


def test_v26_document_symbols_are_never_expanded() -> None:
    body = ["Thực hiện Thông báo số 05/TB-UBND và Công văn số 12/UBND-VX, UBND xã đề nghị:"]
    assert expand_first(body, TABLE) == [
        "Thực hiện Thông báo số 05/TB-UBND và Công văn số 12/UBND-VX, Ủy ban nhân dân (UBND) xã đề nghị:"
    ]


def test_v26_nothing_to_do_when_the_full_form_came_first_in_either_tone_style() -> None:
    body = ["Uỷ ban nhân dân xã Đông Hòa (sau đây gọi là UBND xã) thông báo."]
    assert expand_first(body, TABLE) == body


def test_v26_sentence_start_gets_a_capital() -> None:
    assert expand_first(["CCHC là nhiệm vụ trọng tâm."], TABLE) == [
        "Cải cách hành chính (CCHC) là nhiệm vụ trọng tâm."
    ]


def test_office_file_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "viet-tat.tsv"
    path.write_text("# của xã\nVP-TK\tVăn phòng - Thống kê\n", encoding="utf-8")
    assert load_abbreviations(path) == {"VP-TK": "Văn phòng - Thống kê"}
    with pytest.raises(ValueError, match="dòng 1"):
        parse_abbreviations("UBND Ủy ban nhân dân")
