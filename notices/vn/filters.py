"""Jinja2 filters for templates: the same functions as Python code uses, by short names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from notices.vn.dates import body_date, clock, header_date, weekday
from notices.vn.numbers import document_number, fmt_number, fmt_percent, number_to_words
from notices.vn.text import point_label, sentence_case, upper

FILTERS: dict[str, Callable[..., Any]] = {
    "header_date": header_date,
    "body_date": body_date,
    "weekday": weekday,
    "clock": clock,
    "number": fmt_number,
    "percent": fmt_percent,
    "words": number_to_words,
    "upper": upper,
    "sentence": sentence_case,
    "doc_number": document_number,
    "point": point_label,
}
