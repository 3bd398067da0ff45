"""Issue 14, items 1–5, 7 and 13: what a secretary can type never crashes the reader; each case is a
minimal record and gets a Vietnamese error at the line and column where the fix belongs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from notices.errors import RecordError
from notices.records import load_record, validate_text

MINIMAL = """\
agency:
  name: Ủy ban nhân dân xã Phước Hưng
  code: UBND
  place: Phước Hưng
meeting:
  name: Hội nghị sơ kết
  date: 2024-07-11
  time: "07:30"
  chair: {name: Lê Quốc Dũng, title: Chủ tịch UBND xã}
conclusions:
  items:
    - Đẩy mạnh công tác tuyên truyền CCHC.
documents:
  notice:
    number: 112
    date: 2024-07-15
    subject: Kết luận của Chủ tịch UBND xã
    signer: {authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch, name: Lê Quốc Dũng}
    recipients: [Các thôn]
    archive: [VT, VP]
"""


def edit(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1)


def errors(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(RecordError) as caught:
        validate_text(text, Path("hoso.yaml"))
    found = [(p.line, p.column, p.message) for p in caught.value.problems if p.severity == "error"]
    assert found
    for _, _, message in found:
        assert "expected" not in message and "found" not in message and "Error" not in message
    return found


def one_error(text: str) -> tuple[int, int, str]:
    (found,) = errors(text)
    return found


def test_minimal_record_is_valid():
    assert validate_text(MINIMAL, Path("hoso.yaml")).record.agency.code == "UBND"


# -- 1. raw control characters --------------------------------------------------------------------

def test_raw_excel_line_break_becomes_a_line_break():
    record = validate_text(edit("[Các thôn]", "[Các\x0bthôn]"), Path("hoso.yaml")).record
    assert record.documents.notice.recipients == ["Các\nthôn"]


def test_raw_bell_is_an_error_at_its_own_line_and_column():
    line, column, message = one_error(edit("    - Đẩy mạnh", "    - Đẩy\x07 mạnh"))
    assert (line, column) == (12, 10)
    assert message.startswith("conclusions.items[1]: ký tự điều khiển U+0007")


def test_raw_noncharacter_in_a_key_is_an_error_not_a_crash():
    found = errors(MINIMAL + "x\ufffe: 1\n")
    assert (21, 2) in [(line, column) for line, column, message in found if "U+FFFE" in message]


# -- 2. values the parser or Python used to choke on ----------------------------------------------

@pytest.mark.parametrize(("old", "new", "words"), [
    ("agency:", "%YAML 1.3\n---\nagency:", ("1.3", "%YAML")),
    ("[Các thôn]", '["\\U00110000"]', ("\\U0010FFFF",)),
    ("number: 112", "number: .nan", ("documents.notice.number",)),
    ("number: 112", "number: .inf", ("documents.notice.number",)),
    ("number: 112", "number: 1__0", ("số nguyên", "1__0")),
    ("number: 112", "number: 0x_", ("số nguyên", "0x_")),
    ("number: 112", "number: " + "9" * 5000, ("quá lớn",)),
    ("    - Đẩy mạnh công tác tuyên truyền CCHC.",
     "    - {text: Đẩy mạnh, metric: {label: hồ sơ, percent: 5.0e-324}}", ("thập phân",)),
    ("    - Đẩy mạnh công tác tuyên truyền CCHC.",
     "    - {text: Đẩy mạnh, metric: {label: hồ sơ, done: " + "1" * 31 + ", total: 3}}", ("quá lớn",)),
    ('  time: "07:30"', '  time: 730\n  end: "11:00"', ("meeting.time", "07:30")),
    ('  time: "07:30"', "  time: 730", ("meeting.time", "không phải là giờ")),
])
def test_odd_scalars_are_errors_in_vietnamese(old, new, words):
    text = edit(old, new)
    line, column, message = one_error(text)
    needle = next(part for part in new.splitlines() if "time" in part or "%" in part or "number" in part
                  or "metric" in part or "U0011" in part)
    assert line == next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)
    assert column >= 1
    for word in words:
        assert word in message


# -- 3. structures that cost without bound ---------------------------------------------------------

def test_deep_nesting_is_refused_quickly():
    line, column, message = one_error(MINIMAL + "x: " + "[" * 1000 + "]" * 1000 + "\n")
    assert line == 21 and "lồng quá sâu" in message


def test_self_referencing_alias_is_refused():
    line, column, message = one_error(MINIMAL + "x: &a [*a]\n")
    assert (line, column) == (21, 8) and "*a" in message


def test_billion_laughs_is_refused_before_it_is_built():
    rows = ['a0: &a0 ["' + "x" * 50 + '"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.perf_counter()
    line, _, message = one_error("\n".join(rows) + "\n" + MINIMAL)
    assert "quá lớn" in message and "tham chiếu" in message and 2 <= line <= 10
    assert time.perf_counter() - start < 20  # not a timed assertion of speed: a hang would never get here


def test_a_big_string_aliased_many_times_is_refused():
    text = 'big: &big "' + "ạ" * 19_000 + '"\n' + "many: [" + ", ".join(["*big"] * 2000) + "]\n" + MINIMAL
    line, _, message = one_error(text)
    assert line == 2 and "quá lớn" in message


# -- 4. characters that cannot be printed -----------------------------------------------------------

@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\ue000", "\ue001", "\ud800"])
def test_noncharacters_and_private_use_are_refused_naming_field_and_position(char):
    escape = f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}"
    line, column, message = one_error(edit("[Các thôn]", f'["Các{escape}thôn"]'))
    assert (line, column) == (19, 18)
    assert message.startswith("documents.notice.recipients[1]: ") and f"U+{ord(char):04X}" in message
    assert "vị trí 4" in message


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2067", "\u2069"])
def test_direction_overrides_are_refused_naming_field_and_position(char):
    """A right-to-left override shows the characters after it reversed: the printed name is not the typed one."""
    line, column, message = one_error(edit("name: Lê Quốc Dũng}", f'name: "Lê Quốc \\u{ord(char):04X}Dũng"}}'))
    assert line == 18 and message.startswith("documents.notice.signer.name: ")
    assert f"U+{ord(char):04X}" in message and "hướng chữ" in message and "vị trí 9" in message


def test_direction_marks_that_reorder_nothing_stay():
    """U+200E/U+200F (left-to-right and right-to-left marks) reorder no Vietnamese text: kept as typed."""
    loaded = validate_text(edit("name: Lê Quốc Dũng}", 'name: "Lê Quốc Dũng\\u200E"}'), Path("hoso.yaml"))
    assert loaded.record.documents.notice.signer.name == "Lê Quốc Dũng\u200e"


def test_a_character_the_font_lacks_is_refused_at_validate():
    line, column, message = one_error(edit("name: Lê Quốc Dũng}", "name: Lê Quốc Dũng 😀}"))
    assert line == 18 and "documents.notice.signer.name" in message and "U+1F600" in message


@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_a_truncated_photo_is_refused_at_validate(tmp_path, weasyprint_loaded):
    """Also in a process that has imported WeasyPrint (a batch worker, the web server), which switches
    Pillow to padding truncated files for the whole process."""
    from PIL import Image, ImageFile

    if weasyprint_loaded:
        import weasyprint  # noqa: F401

        assert ImageFile.LOAD_TRUNCATED_IMAGES is True

    Image.new("RGB", (400, 300), "red").save(tmp_path / "anh.jpg", quality=90)
    data = (tmp_path / "anh.jpg").read_bytes()
    (tmp_path / "anh.jpg").write_bytes(data[: len(data) // 2])
    record = tmp_path / "hoso.yaml"
    record.write_text(MINIMAL + "  news:\n    photos:\n      - {file: anh.jpg, caption: Quang cảnh}\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(record)
    (problem,) = caught.value.problems
    assert problem.line == 23 and "documents.news.photos[1].file" in problem.message
    assert "hỏng" in problem.message


# -- 5. required text that prints as nothing --------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "field"), [
    ("name: Lê Quốc Dũng, title", 'name: "  ", title', "meeting.chair.name"),
    ("subject: Kết luận của Chủ tịch UBND xã", 'subject: "\\u200b"', "documents.notice.subject"),
    ("subject: Kết luận của Chủ tịch UBND xã", 'subject: "\\u00a0\\ufeff\\u2060"', "documents.notice.subject"),
])
def test_blank_or_invisible_required_text_is_refused(old, new, field):
    _, _, message = errors(edit(old, new))[0]
    assert message.startswith(field) and "trống" in message


# -- 7. sizes ---------------------------------------------------------------------------------------

def test_a_huge_value_is_refused_quickly():
    line, _, message = one_error(edit("subject: Kết", "subject: " + "ạ" * 5_000_000 + " Kết"))
    assert line == 1 and "quá giới hạn" in message


def test_a_long_value_below_the_file_limit_is_refused_at_its_line():
    line, _, message = one_error(edit("subject: Kết", "subject: " + "ạ" * 30_000 + " Kết"))
    assert line == 17 and "20.000" in message


def test_ten_thousand_table_rows_are_refused():
    rows = "".join(f"      - [Xã {i}, {i}]\n" for i in range(1010))
    text = MINIMAL + ("report: {period: năm 2022, subject: CCHC}\nresults:\n  - heading: Thủ tục\n    table:\n"
                      "      caption: Hồ sơ\n      columns: [Cấp, Số]\n      rows:\n") + rows
    _, _, message = one_error(text)
    assert "results[1].table.rows" in message and "1000" in message


def test_an_agency_name_beyond_the_header_limit_is_refused():
    long_name = " ".join(["Ban quản lý dự án đầu tư xây dựng"] * 6)  # about 200 characters
    line, column, message = one_error(edit("name: Ủy ban nhân dân xã Phước Hưng", f"name: {long_name}"))
    assert (line, column) == (2, 9) and "agency.name" in message and "100" in message


# -- 13. parser messages in Vietnamese, where the fix belongs ---------------------------------------

@pytest.mark.parametrize(("text", "where", "words"), [
    (edit("  code: UBND", " code: UBND"), (3, 2), ("thụt lề",)),
    (MINIMAL + "---\nagency: {}\n", (21, 1), ("một hồ sơ", "---")),
    (edit("[Các thôn]", "[Các thôn"), None, ("]",)),
    (edit("[Các thôn]", '"Các \\q thôn"'), (19, 23), ("\\",)),
])
def test_parser_messages_are_vietnamese(text, where, words):
    line, column, message = one_error(text)
    if where:
        assert (line, column) == where
    for word in words:
        assert word in message


@pytest.mark.parametrize(("old", "new", "field", "limit"), [
    ("subject: Kết luận của Chủ tịch UBND xã", "subject: " + "Kết luận của Chủ tịch UBND xã " * 40, "documents.notice.subject",
     "1000"),
    ("  name: Hội nghị sơ kết", "  name: " + "Hội nghị sơ kết " * 70, "meeting.name", "1000"),
    ("title: Chủ tịch, name", "title: " + "Chủ tịch " * 30 + ", name", "documents.notice.signer.title", "200"),
])
def test_texts_set_in_balanced_lines_have_a_length_limit(old, new, field, limit):
    """A title's balanced line breaking costs about n³: a subject copied from a long national notice
    is refused with its limit rather than rendered for minutes."""
    _, _, message = errors(edit(old, new))[0]
    assert field in message and limit in message and "ký tự" in message
