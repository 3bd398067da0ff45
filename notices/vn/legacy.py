"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VIQR) to Unicode, and telling them from real text."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

Encoding = Literal["tcvn3", "vni", "viqr"]

_TONES = {"sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323"}
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- TCVN3 (TCVN 5712:1993, table VN3, the ABC fonts .VnTime …): one Latin-1 code point per letter.
# The 134 Vietnamese letters minus the upper-case toned ones, which VN3 leaves to the .Vn…H fonts.
_TCVN3_LETTERS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TABLE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_LETTERS.split()}
_TCVN3_TRANS = str.maketrans(TCVN3_TABLE)


def tcvn3_to_unicode(text: str) -> str:
    """'TiÕng ViÖt' → 'Tiếng Việt'; U+00AD (soft hyphen) is 'ư'. ASCII is left alone."""
    return _nfc(text.translate(_TCVN3_TRANS))


# --- VNI-Windows: a base letter then one "mark" code point (lower- and upper-case marks differ).
_VNI_TONE_MARKS = {"ù": "sac", "ø": "huyen", "û": "hoi", "õ": "nga", "ï": "nang"}
_VNI_HAT_MARKS = {"â": None, "á": "sac", "à": "huyen", "å": "hoi", "ã": "nga", "ä": "nang"}
_VNI_BREVE_MARKS = {"ê": None, "é": "sac", "è": "huyen", "ú": "hoi", "ü": "nga", "ë": "nang"}
# Letters VNI stores as one code point: ơ ư đ and the i/y forms whose mark would not fit.
_VNI_SINGLES = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_pairs() -> dict[str, str]:
    """Every two-code-point VNI sequence (lower case) and the Unicode letter it stands for."""
    pairs: dict[str, str] = {}
    for base in "aeouyôö":
        letter = _VNI_SINGLES.get(base, base)
        for mark, tone in _VNI_TONE_MARKS.items():
            if not (base == "y" and tone == "nang"):  # ỵ is the single 'î'
                pairs[base + mark] = _nfc(letter + _TONES[tone])
    for base in "aeo":
        for mark, tone in _VNI_HAT_MARKS.items():
            pairs[base + mark] = _nfc(base + _CIRCUMFLEX + (_TONES[tone] if tone else ""))
    for mark, tone in _VNI_BREVE_MARKS.items():
        pairs["a" + mark] = _nfc("a" + _BREVE + (_TONES[tone] if tone else ""))
    return pairs


def _vni_table() -> dict[str, str]:
    """Lower- and upper-case VNI sequences; an upper-case base also takes a lower-case mark."""
    table: dict[str, str] = {}
    for seq, letter in _vni_pairs().items():
        table[seq] = letter
        table[seq.upper()] = letter.upper()
        table[seq[0].upper() + seq[1]] = letter.upper()
    for code, letter in _VNI_SINGLES.items():
        table[code] = letter
        table[code.upper()] = letter.upper()
    return table


VNI_TABLE: dict[str, str] = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))


def vni_to_unicode(text: str) -> str:
    """'Tieáng Vieät' → 'Tiếng Việt', 'UÛy ban' → 'Ủy ban'. ASCII is left alone."""
    return _nfc(_VNI_RE.sub(lambda m: VNI_TABLE[m.group()], text))


# --- VIQR (RFC 1456): ASCII marks after the letter; a mark counts only where it makes a letter.
_VIQR_SHAPES = {"(": _BREVE, "^": _CIRCUMFLEX, "+": _HORN}
_VIQR_TONES = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_RE = re.compile(
    r"\\(?P<esc>[(^+'`?~.\\])"
    r"|(?P<dd>dd|DD|Dd)"
    r"|(?P<v>[aA][(^]?|[eE]\^?|[oO][\^+]?|[uU]\+?|[iIyY])(?P<t>['`?~.])?"
)


def _viqr_letter(match: re.Match[str]) -> str:
    if match["esc"]:
        return match["esc"]
    if match["dd"]:
        return "Đ" if match["dd"][0] == "D" else "đ"
    vowel, tone = match["v"], match["t"] or ""
    marks = _VIQR_SHAPES[vowel[1]] if len(vowel) == 2 else ""
    return vowel[0] + marks + (_VIQR_TONES[tone] if tone else "")


def viqr_to_unicode(text: str) -> str:
    """"Tie^'ng Vie^.t" → 'Tiếng Việt'; 'dd' → 'đ'; a backslash keeps a mark literal ('\\?' → '?')."""
    return _nfc(_VIQR_RE.sub(_viqr_letter, text))


DECODERS: dict[str, Callable[[str], str]] = {
    "tcvn3": tcvn3_to_unicode,
    "vni": vni_to_unicode,
    "viqr": viqr_to_unicode,
}


def to_unicode(text: str, encoding: Encoding) -> str:
    """Decode ``text`` from ``encoding`` ('tcvn3', 'vni' or 'viqr')."""
    try:
        return DECODERS[encoding](text)
    except KeyError:
        raise ValueError(f"bảng mã không hỗ trợ: {encoding!r} (chỉ có tcvn3, vni, viqr)") from None


# --- Fonts: the strongest signal, per run (.VnTime → TCVN3; .VnTimeH → TCVN3 in capitals; VNI-Times → VNI).
_VNI_FONT = re.compile(r"^vni[-_ ]", re.IGNORECASE)
_TCVN3_FONT = re.compile(r"^\.?vn", re.IGNORECASE)


def font_encoding(font_name: str | None) -> tuple[Encoding | None, bool]:
    """(encoding, upper) for a font name: ('tcvn3', True) for '.VnTimeH', (None, False) for 'Arial'."""
    name = (font_name or "").strip()
    if _VNI_FONT.match(name):
        return "vni", False
    if _TCVN3_FONT.match(name):
        return "tcvn3", name.endswith("H")
    return None, False


# --- Vietnamese syllables: the post-check that a conversion produced real words.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "iêu yêu uôi ươi ươu oai oay oeo uây uyu uyê uya "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_FINAL = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"{_ONSET}(?:{'|'.join(_NUCLEI)}){_FINAL}")
_TONE_MARKS = set(_TONES.values())


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable ('Nguyễn', 'quốc', 'hoà'); False for 'réunion', 'nh©n'."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_MARKS for c in decomposed) > 1:
        return False
    toneless = _nfc("".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(toneless) is not None


# --- Detection for text without a font (TXT, CSV, YAML values).
# Letters only Vietnamese uses: Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư and U+1EA0–U+1EF9. Legacy text has none of them.
_VIETNAMESE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)


def has_vietnamese_letters(text: str) -> bool:
    """True if ``text`` holds a letter only Unicode Vietnamese has (so it is not TCVN3/VNI/VIQR)."""
    return _VIETNAMESE_ONLY.search(text) is not None


_EDGE_PUNCT = string.punctuation + "“”‘’…–—"


def candidate_words(text: str) -> list[str]:
    """Words that carry non-ASCII code points and no letter that only Unicode Vietnamese has."""
    words = (w.strip(_EDGE_PUNCT) for w in text.split())
    return [
        w
        for w in words
        if w and not w.isascii() and not _VIETNAMESE_ONLY.search(w) and not any(c.isdigit() for c in w)
    ]


def syllable_gain(words: list[str], decode: Callable[[str], str]) -> tuple[int, int]:
    """(syllables gained by decoding, valid syllables after decoding) over ``words``."""
    before = sum(is_syllable(w) for w in words)
    after = sum(is_syllable(decode(w)) for w in words)
    return after - before, after


def looks_like_legacy(text: str) -> Literal["tcvn3", "vni"] | None:
    """'tcvn3' or 'vni' when ``text`` reads as Vietnamese only after that conversion, else None.

    A candidate must turn most non-ASCII words into valid syllables and more of them than the text
    already has, so Unicode Vietnamese, French or German never fire. UTF-8 mojibake is not legacy.
    """
    words = candidate_words(text)
    if not words or looks_like_mojibake(text):
        return None
    best: tuple[int, Literal["tcvn3", "vni"] | None] = (0, None)
    for name in ("tcvn3", "vni"):
        gain, valid = syllable_gain(words, DECODERS[name])
        if gain > best[0] and valid * 5 >= len(words) * 3:
            best = (gain, name)
    return best[1]


# --- UTF-8 read as cp1252 ('á»¦y ban'): a different fault, reported and repaired on its own.
def _cp1252_bytes(text: str) -> bytes:
    """The bytes a cp1252 (or Latin-1, for its C1 holes) reader would have turned into ``text``."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                raise
            out.append(ord(char))
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """The UTF-8 text behind cp1252 mojibake ('á»¦y ban' → 'Ủy ban'), or None if it is not mojibake."""
    if text.isascii():
        return None
    try:
        repaired = _cp1252_bytes(text).decode("utf-8")
    except UnicodeError:
        return None
    return _nfc(repaired) if repaired != text else None


def looks_like_mojibake(text: str) -> bool:
    """True for UTF-8 bytes that were read as cp1252 (a job for :func:`repair_mojibake`, not VNI/TCVN3)."""
    return repair_mojibake(text) is not None
