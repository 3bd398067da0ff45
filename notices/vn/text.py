"""Text at the boundary: NFC, line breaks, control characters; case; search folding; ASCII names."""

from __future__ import annotations

import re
import unicodedata


class ControlCharacterError(ValueError):
    """A control character that has no meaning in a document (e.g. BEL from a pasted cell)."""

    def __init__(self, offset: int, char: str) -> None:
        super().__init__(f"U+{ord(char):04X} at offset {offset}")
        self.offset = offset
        self.char = char


_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\x0b")
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f]")


def clean(value: str) -> str:
    """NFC; CR/LF and Excel's ``\\x0b`` become ``\\n``; a tab becomes a space.

    Any other control character raises :class:`ControlCharacterError` with its offset in ``value``.
    Nothing else is removed (U+00AD stays: legacy-encoding detection needs it).
    """
    bad = _CONTROL.search(value)
    if bad:
        raise ControlCharacterError(bad.start(), bad.group())
    value = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    return unicodedata.normalize("NFC", value)


def upper(value: str) -> str:
    """Upper case that keeps every Vietnamese letter (real capitals, never a style)."""
    return unicodedata.normalize("NFC", value.upper())


def fold(value: str) -> str:
    """Search key: lower case, no diacritics, đ → d. The original stays for display."""
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    value = "".join(c for c in value if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", value).casefold()


def slug(value: str) -> str:
    """Readable ASCII file name part: 'Đắk Song 2023' → 'dak-song-2023'."""
    ascii_text = fold(value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "tai-lieu"


def sentence_case(value: str) -> str:
    """Capitalise only the first letter ('một trăm …' → 'Một trăm …'); unlike ``str.capitalize``
    it never lower-cases the rest, so proper nouns keep their capitals."""
    for index, char in enumerate(value):
        if char.isalpha():
            return value[:index] + char.upper() + value[index + 1 :]
    return value


# Points inside a clause follow the Vietnamese alphabet (Phụ lục I, II.6.đ): a) b) c) d) đ) e) g) …
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def point_label(n: int) -> str:
    """The label of the ``n``-th point (1-based): 1 → 'a)', 5 → 'đ)', 7 → 'g)'."""
    if not 1 <= n <= len(POINT_LETTERS):
        raise ValueError(f"chỉ có {len(POINT_LETTERS)} điểm a) … y) trong một khoản, không có điểm thứ {n}")
    return POINT_LETTERS[n - 1] + ")"
