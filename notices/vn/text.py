"""Text at the boundary: NFC, line breaks, control characters; case; search folding; ASCII names."""

from __future__ import annotations

import re
import unicodedata


class ControlCharacterError(ValueError):
    """A character that cannot be printed in a document: a control character (BEL from a pasted cell),
    a Unicode noncharacter (U+FFFE, U+FDD0), a private-use character of an old font (U+E000), half a
    UTF-16 surrogate pair, or a bidirectional override or isolate (U+202E): these make a reader show the
    characters after them in another order than they were typed, which no Vietnamese text needs.
    ``kind`` says which: control, noncharacter, private, surrogate, direction."""

    def __init__(self, offset: int, char: str) -> None:
        super().__init__(f"U+{ord(char):04X} at offset {offset}")
        self.offset = offset
        self.char = char
        self.kind = _kind(char)

    def describe(self) -> str:
        """What the character is and why it is refused, in Vietnamese (no position)."""
        code = f"U+{ord(self.char):04X}"
        return {
            "control": f"ký tự điều khiển {code} không in được (thường do dán từ Excel hoặc phần mềm khác)",
            "noncharacter": f"ký tự {code} không phải là chữ (mã Unicode dành riêng, thường do chép từ PDF "
                            "hoặc phông cũ), không in được",
            "private": f"ký tự {code} thuộc vùng dùng riêng của một phông chữ (thường do chép từ PDF hoặc "
                       "phông cũ), không in được",
            "surrogate": f"mã {code} chỉ là một nửa cặp UTF-16, không phải ký tự, không in được",
            "direction": f"ký tự điều khiển hướng chữ {code} (vô hình) làm các chữ sau nó hiện ra theo thứ tự "
                         "khác với khi gõ (thường do chép từ trang web); văn bản tiếng Việt không dùng ký tự này",
        }[self.kind]


_LINE_BREAKS = re.compile("\r\n|\r|\n|\x0b|\u2028|\u2029")
# What cannot be printed: control characters (tab, line breaks and Excel's \x0b become text above),
# surrogates, noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF), private-use characters, and the
# bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: "Trojan Source").
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    "\U000f0000-\U0010ffff"
    + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 15))
    + "]"
)


def _kind(char: str) -> str:
    code = ord(char)
    if code < 0xA0:
        return "control"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "direction"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "noncharacter"
    return "private"


def unprintable(value: str) -> ControlCharacterError | None:
    """The first character of ``value`` that cannot be printed, as an error (not raised), or None."""
    bad = _UNPRINTABLE.search(value)
    return ControlCharacterError(bad.start(), bad.group()) if bad else None


def clean(value: str) -> str:
    """NFC; CR/LF, Excel's ``\\x0b`` and U+2028/U+2029 become ``\\n``; a tab becomes a space.

    A character that cannot be printed (see :class:`ControlCharacterError`) raises that error with
    its offset in ``value``. Nothing else is removed (U+00AD stays: legacy-encoding detection needs it).
    """
    bad = _UNPRINTABLE.search(value)
    if bad:
        raise ControlCharacterError(bad.start(), bad.group())
    value = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    return unicodedata.normalize("NFC", value)


# Characters that print as nothing: white space, format characters (zero-width space and joiners,
# BOM, soft hyphen, direction marks), and the blank "letters" some fonts and keyboards produce.
_INVISIBLE_EXTRA = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")


def is_blank(value: str) -> bool:
    """Whether ``value`` would print as nothing: empty, or only spaces and invisible characters."""
    return all(
        char.isspace() or char in _INVISIBLE_EXTRA or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")
        for char in value
    )


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


def bare_recipient(item: str) -> str:
    """A Nơi nhận item without a typed leading '- ' or trailing ';' (the lines add their own)."""
    return re.sub(r"\s*;\s*$", "", re.sub(r"^\s*[-–]\s*", "", item))
