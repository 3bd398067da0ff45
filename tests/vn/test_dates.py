"""V14, V16–V18: header dates, body dates, weekdays and clock times."""

import datetime as dt

import pytest

from notices.vn import body_date, clock, header_date, weekday


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 2, 15), "ngày 15 tháng 02 năm 2024"),
        (dt.date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
        (dt.date(2024, 12, 25), "ngày 25 tháng 12 năm 2024"),
    ],
)
def test_v14_header_date(day: dt.date, text: str) -> None:
    assert header_date(day) == text


def test_v14_with_place() -> None:
    assert f"Đông Hòa, {header_date(dt.date(2024, 1, 5))}" == "Đông Hòa, ngày 05 tháng 01 năm 2024"


def test_draft_header_date_keeps_the_year_and_needs_it() -> None:
    assert header_date(None, 2024).endswith("năm 2024") and "tháng" in header_date(None, 2024)
    with pytest.raises(ValueError):
        header_date(None)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 7, 11), "11/7/2024"),
        (dt.date(2024, 3, 5), "05/3/2024"),
        (dt.date(2024, 12, 1), "01/12/2024"),
    ],
)
def test_v16_body_date(day: dt.date, text: str) -> None:
    assert body_date(day) == text


def test_v17_weekday() -> None:
    thursday = dt.date(2024, 7, 11)
    assert weekday(thursday) == "thứ Năm"
    assert weekday(thursday, sentence_start=True) == "Thứ Năm"
    assert weekday(dt.date(2024, 7, 14)) == "Chủ nhật"
    assert [weekday(dt.date(2024, 7, d)) for d in range(8, 14)] == [
        "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"
    ]


def test_v18_clock() -> None:
    assert clock(dt.time(14, 0)) == "14 giờ 00"
    assert clock(dt.time(7, 30), minutes_word=True) == "07 giờ 30 phút"
    # V18 of the reference writes clock(9,5) as "9 giờ 05"; the issue and the lead's contract pad the
    # hour ("07 giờ 30"), so notices writes "09 giờ 05". Never "09:05" or "9 AM".
    text = clock(dt.time(9, 5))
    assert text == "09 giờ 05" and ":" not in text and "M" not in text
