"""Vietnamese text conventions: clean input, dates and times, case, folding.

Everything here is plain functions over ``str``/``datetime``; nothing imports the rest of notices.
"""

from notices.vn.dates import body_date, clock, header_date, weekday
from notices.vn.text import ControlCharacterError, clean, fold, slug, upper

__all__ = [
    "ControlCharacterError",
    "body_date",
    "clean",
    "clock",
    "fold",
    "header_date",
    "slug",
    "upper",
    "weekday",
]
