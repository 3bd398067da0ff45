"""Vietnamese order (CLDR vi) without ICU, name order (given name first), and tone-position keys."""

from __future__ import annotations

import re
import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# CLDR vi: no tone < huyền < hỏi < ngã < sắc < nặng (secondary differences only).
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter in Vietnamese

Weight = tuple[int, int]


def _split_letter(char: str) -> tuple[str, str, str]:
    """('ơ', '\\u0301', 'ớ') → base letter with its shape marks, tone mark, other marks (lower case)."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0] + "".join(c for c in decomposed[1:] if c in _SHAPES)
    tone = "".join(c for c in decomposed[1:] if c in _TONE_ORDER)
    other = "".join(c for c in decomposed[1:] if c not in _SHAPES and c not in _TONE_ORDER)
    return unicodedata.normalize("NFC", base), tone, other


def _primary(base: str) -> Weight:
    """Spaces and punctuation < digits < letters (a ă â … đ … ư …) < anything else (CLDR root groups)."""
    if base in _PRIMARY:
        return (2, _PRIMARY[base])
    if base.isdigit():
        return (1, unicodedata.digit(base, 0))
    if not base.isalnum():
        return (0, ord(base))
    stripped = base[0]
    return (2, _PRIMARY[stripped]) if stripped in _PRIMARY else (3, ord(stripped))


def sort_key(text: str) -> tuple:
    """Key for ``sorted`` in CLDR vi order: letters first, then tones, then lower before upper case.

    Anh < Ăn < Ân < Bình < Dũng < Đức < Oanh < Ô < Ơn; ha < hà < hả < hã < há < hạ; Yến < Zen.
    """
    primary: list[Weight] = []
    secondary: list[tuple[int, str]] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFC", text):
        base, tone, other = _split_letter(char)
        primary.append(_primary(base))
        secondary.append((_TONE_ORDER.get(tone, 6), other))
        tertiary.append(0 if char == char.lower() else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def name_sort_key(full_name: str) -> tuple:
    """Person names by given name, then middle name, then family name ('Nguyễn Văn An' < 'Trần Thị Ánh')."""
    words = full_name.split()
    if not words:
        return (sort_key(""),) * 4
    given, family = words[-1], words[0] if len(words) > 1 else ""
    middle = " ".join(words[1:-1])
    return (sort_key(given), sort_key(middle), sort_key(family), sort_key(full_name))


# --- Tone position: old style 'hòa khỏe thủy' vs new style 'hoà khoẻ thuỷ' (only open oa, oe, uy).
_WORD = re.compile(r"\w+")
_TONE_MARKS = set(_TONE_ORDER) - {""}
_OPEN_GLIDE = re.compile(r"(?<!q)(o)([ae])$|(?<!q)(u)(y)$", re.IGNORECASE)


def _retone_word(word: str, style: str) -> str:
    """Move the tone of an open 'oa/oe/uy' syllable to its first (old) or second (new) vowel."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    match = _OPEN_GLIDE.search(bare)
    if not match:
        return word
    at = match.start() if style == "old" else match.end() - 1
    return unicodedata.normalize("NFC", bare[: at + 1] + tones[0] + bare[at + 1 :])


def retone(text: str, style: str = "old") -> str:
    """Rewrite tone positions in the tool's own fixed strings: 'old' → 'ỦY BAN', 'new' → 'UỶ BAN'.

    Never apply this to users' text or personal names: 'Thuỷ' on an ID card stays 'Thuỷ'.
    """
    if style not in ("old", "new"):
        raise ValueError(f"kiểu đặt dấu không hợp lệ: {style!r} (chỉ có 'old' hoặc 'new')")
    return _WORD.sub(lambda m: _retone_word(m.group(), style), unicodedata.normalize("NFC", text))


def tone_key(text: str) -> str:
    """Accent-sensitive key that equates both tone styles: tone_key('hòa') == tone_key('hoà') != 'hoa'."""
    return retone(text, "new")
