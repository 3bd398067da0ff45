"""Every kind of invalid record gives 'path:line:col: message' in Vietnamese, all in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from notices.errors import RecordError
from notices.records import validate_text
from tests.conftest import EXAMPLES

DAK_SONG = (EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")


def problems_of(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(RecordError) as caught:
        validate_text(text, Path("hoso.yaml"))
    return [(p.line, p.column, p.message) for p in caught.value.problems if p.severity == "error"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def edit(old: str, new: str) -> str:
    assert old in DAK_SONG
    return DAK_SONG.replace(old, new, 1)


# (edit, expected line marker, expected column, words the message must contain)
CASES = {
    "unknown key": (("  venue_name:", None), "organiser", 3, ("organiser", "không có trong mẫu", "organizer")),
    "missing key": (("    name: Ngô Đức Trọng\n", ""), "  chair:", 3, ("thiếu mục bắt buộc", "meeting.chair.name")),
    "wrong type": (("number: null", "number: năm"), "number: năm", 13, ("documents.notice.number", "số nguyên")),
    "impossible date": (("date: 2023-07-24", "date: 2023-02-30"), "date: 2023-02-30", 9, ("2023-02-30", "không có thật")),
    "not a date": (("date: 2023-07-24", "date: 24/7/2023"), "date: 24/7/2023", 9, ("24/7/2023", "NĂM-THÁNG-NGÀY")),
    "list expected": (("  date: 2023-07-24\n", "  date: 2023-07-24\n  guests: Mai Văn Công\n"), "guests: Mai", 11,
                      ("meeting.guests", "danh sách")),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_error_kind_has_position_and_message(case):
    (old, new), marker, column, fragments = CASES[case]
    if case == "unknown key":
        text = edit("  organizer:", "  organiser:")
    else:
        text = edit(old, new)
    (line, col, message), = problems_of(text)
    assert line == line_of(text, marker)
    assert col == column
    for fragment in fragments:
        assert fragment in message


def test_yaml_syntax_error_is_located_and_explained():
    text = edit("  place: Đắk Song", "  place: Đắk Song: huyện")
    (line, col, message), = problems_of(text)
    assert (line, col) == (line_of(text, "place: Đắk Song:"), 18)  # the second colon
    assert "dấu hai chấm" in message and "ngoặc kép" in message


def test_tab_indentation_is_explained():
    text = edit("  code: UBND", "\tcode: UBND")
    (line, _, message), = problems_of(text)
    assert line == line_of(text, "code: UBND")
    assert "Tab" in message


def test_every_problem_is_reported_in_one_pass():
    text = edit("  organizer:", "  organiser:")
    text = text.replace("date: 2023-07-24", "date: 2023-13-01").replace("    title: Chủ tịch UBND huyện\n", "    title: 5\n")
    text = text.replace("      name: Trần Thanh Nghiêm\n", "")
    found = problems_of(text)
    assert len(found) == 4
    assert [line for line, _, _ in found] == sorted(line for line, _, _ in found)


def test_duplicate_key_is_an_error_not_an_overwrite():
    text = edit("  place: Đắk Song ", "  code: HĐND\n  place: Đắk Song ")
    (line, _, message), = problems_of(text)
    assert line == line_of(text, "code: HĐND")
    assert "hai lần" in message


def test_report_quotes_the_source_line_with_a_caret():
    text = edit("date: 2023-07-24", "date: 2023-02-30")
    with pytest.raises(RecordError) as caught:
        validate_text(text, Path("hoso.yaml"))
    report = caught.value.report().splitlines()
    n = line_of(text, "date: 2023-02-30")
    assert report[0].startswith(f"hoso.yaml:{n}:9: lỗi:")
    assert report[1].strip() == "date: 2023-02-30"
    assert report[2].index("^") == report[1].index("2023")
    assert report[-1] == "hoso.yaml: 1 lỗi, không tạo văn bản nào."


def test_notice_without_meeting_is_refused_at_the_notice():
    start = DAK_SONG.index("meeting:")
    end = DAK_SONG.index("results:")
    text = DAK_SONG[:start] + DAK_SONG[end:]
    (line, _, message), = problems_of(text)
    assert line == line_of(text, "  notice:")
    assert "meeting" in message


def test_clock_and_authority_are_checked():
    text = edit("  date: 2023-07-24\n", "  date: 2023-07-24\n  time: \"25:10\"\n")
    text = text.replace("authority: TL. CHỦ TỊCH", "authority: THỪA LỆNH CHỦ TỊCH")
    messages = [m for _, _, m in problems_of(text)]
    assert any("25:10" in m and "không có thật" in m for m in messages)
    assert any("TM., KT., TL." in m for m in messages)
