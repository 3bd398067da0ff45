"""Vietnamese text conventions: clean input, legacy encodings, dates, numbers, words, order, case.

Everything here is plain functions over ``str``/``datetime``/``Decimal``; nothing imports the rest of
notices. ``notices.vn.convert`` (file conversion, python-docx loaded lazily) is imported on demand.
"""

from notices.vn.abbrev import expand_first, load_abbreviations
from notices.vn.collate import name_sort_key, retone, sort_key, tone_key
from notices.vn.dates import body_date, clock, header_date, weekday
from notices.vn.filters import FILTERS
from notices.vn.legacy import (
    font_encoding,
    has_vietnamese_letters,
    is_syllable,
    looks_like_legacy,
    looks_like_mojibake,
    repair_mojibake,
    tcvn3_to_unicode,
    to_unicode,
    viqr_to_unicode,
    vni_to_unicode,
)
from notices.vn.numbers import document_number, fmt_number, fmt_percent, number_label, number_line, number_to_words
from notices.vn.text import (
    ControlCharacterError,
    bare_recipient,
    clean,
    fold,
    point_label,
    sentence_case,
    slug,
    upper,
)

__all__ = [
    "FILTERS",
    "ControlCharacterError",
    "bare_recipient",
    "body_date",
    "clean",
    "clock",
    "document_number",
    "expand_first",
    "fmt_number",
    "fmt_percent",
    "fold",
    "font_encoding",
    "has_vietnamese_letters",
    "header_date",
    "is_syllable",
    "load_abbreviations",
    "looks_like_legacy",
    "looks_like_mojibake",
    "name_sort_key",
    "number_label",
    "number_line",
    "number_to_words",
    "point_label",
    "repair_mojibake",
    "retone",
    "sentence_case",
    "slug",
    "sort_key",
    "tcvn3_to_unicode",
    "to_unicode",
    "tone_key",
    "upper",
    "viqr_to_unicode",
    "vni_to_unicode",
    "weekday",
]
