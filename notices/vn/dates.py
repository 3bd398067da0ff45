"""Dates, weekdays and clock times as Vietnamese administrative documents write them."""

from __future__ import annotations

import datetime as dt

_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

# The blanks a draft leaves for the văn thư to fill by hand (Mẫu 1.4: "ngày ... tháng ... năm").
DRAFT_BLANK = "\u00a0" * 5


def header_date(day: dt.date | None, year: int | None = None) -> str:
    """'ngày 05 tháng 01 năm 2024' (Phụ lục I, II.4.b): zero before days < 10 and months 1–2 only.

    With no ``day`` the result is a draft's line: day and month left blank, the year kept.
    """
    if day is None:
        if year is None:
            raise ValueError("a draft date needs its year")
        return f"ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def body_date(day: dt.date) -> str:
    """'11/7/2024', '05/3/2024': day zero-padded, month not (the pattern of government summaries)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def weekday(day: dt.date, *, sentence_start: bool = False) -> str:
    """'thứ Năm' mid-sentence (Phụ lục II, V.8.c), 'Thứ Năm' at the start of a sentence."""
    name = _WEEKDAYS[day.weekday()]
    return name[0].upper() + name[1:] if sentence_start else name


def clock(time: dt.time, *, minutes_word: bool = False) -> str:
    """'14 giờ 00', '07 giờ 30' (or '07 giờ 30 phút' with ``minutes_word``)."""
    text = f"{time.hour:02d} giờ {time.minute:02d}"
    return text + " phút" if minutes_word else text
