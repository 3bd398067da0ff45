"""Where a Vietnamese line may break: between words, not between the syllables of one word.

Vietnamese writes each syllable apart ("hành chính" is one word of two syllables), so a break at any
space is legal but a break inside a word ("hành / chính", "CHỦ / NHIỆM") reads badly. The words come
from Viet74K, the 74,000-entry Vietnamese word list of the underthesea toolkit (Apache-2.0), kept
unchanged beside this package's abbreviations (``notices/vn/Viet74K.txt``, its licence in
``Viet74K.LICENSE``) and read once. Syllables are joined into words by longest match, left to right.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

WORD_LIST = "Viet74K.txt"  # in notices/vn/: one word a line, syllables apart
LONGEST = 4  # syllables in the longest word worth matching in a title or a name
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def key(syllable: str) -> str:
    """How a syllable is looked up: NFC, lower case, no edge punctuation."""
    return _EDGE.sub("", unicodedata.normalize("NFC", syllable).lower())


@functools.cache
def _retoned(syllable_key: str) -> str:
    from notices.vn import tone_key

    return tone_key(syllable_key)


@functools.cache
def words() -> frozenset[tuple[str, ...]]:
    """Every word of two to :data:`LONGEST` syllables, as tuples of syllable keys (as the list writes
    them, and in the other tone style too)."""
    found = set()
    text = unicodedata.normalize("NFC", resources.files("notices.vn").joinpath(WORD_LIST).read_text("utf-8").lower())
    for line in text.splitlines():
        parts = tuple(line.split())
        if 2 <= len(parts) <= LONGEST:
            found.add(parts)
    return frozenset(found)


def inside_word(syllables: list[str]) -> set[int]:
    """The gaps that fall inside a word: gap ``i`` lies between ``syllables[i - 1]`` and ``syllables[i]``.

    A syllable that ends in punctuation (a comma, a closing bracket) ends its word; one that starts
    with punctuation starts a word.
    """
    known = words()
    plain = [key(s) for s in syllables]
    retoned = [_retoned(k) for k in plain]  # 'ủy ban' is found as the list's 'uỷ ban' (either tone style)
    inside: set[int] = set()
    start = 0
    while start < len(syllables):
        step = 1
        for length in range(min(LONGEST, len(syllables) - start), 1, -1):
            span = syllables[start : start + length]
            if _closed(span) and (tuple(plain[start : start + length]) in known
                                  or tuple(retoned[start : start + length]) in known):
                step = length
                break
        inside.update(range(start + 1, start + step))
        start += step
    return inside


def _closed(span: list[str]) -> bool:
    """No punctuation between the syllables of ``span`` (only at its outer edges)."""
    if any(not s or not s[-1].isalnum() for s in span[:-1]):
        return False
    return all(s and s[0].isalnum() for s in span[1:])
