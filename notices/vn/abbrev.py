"""Abbreviations from a data file, written in full the first time a body uses them (V26)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

from notices.vn.text import clean, fold, sentence_case


def parse_abbreviations(text: str) -> dict[str, str]:
    """'UBND<TAB>Ủy ban nhân dân' lines → {'UBND': 'Ủy ban nhân dân'}; '#' lines and blanks are skipped."""
    table: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        short, sep, full = line.partition("\t")
        if not sep or not short.strip() or not full.strip():
            raise ValueError(f"dòng {number}: cần 'viết tắt<TAB>viết đầy đủ', không phải {line!r}")
        table[clean(short.strip())] = clean(full.strip())
    return table


def load_abbreviations(path: Path | None = None) -> dict[str, str]:
    """An office's own TSV file, or the default list shipped with notices."""
    if path is not None:
        return parse_abbreviations(path.read_text(encoding="utf-8"))
    return parse_abbreviations(resources.files("notices.vn").joinpath("abbreviations.tsv").read_text("utf-8"))


def _pattern(short: str) -> re.Pattern[str]:
    """The abbreviation as a word of its own: not inside 'TB-UBND', '05/UBND' or 'UBNDX'."""
    return re.compile(rf"(?<![\w/-]){re.escape(short)}(?![\w/-])")


def _starts_sentence(head: str) -> bool:
    """True if a word after ``head`` begins a sentence (start of paragraph, or after . ! ?)."""
    head = head.rstrip()
    return not head or head.endswith((".", "!", "?"))


def expand_first(paragraphs: Iterable[str], table: Mapping[str, str]) -> list[str]:
    """Body paragraphs with each abbreviation's first use written 'Ủy ban nhân dân (UBND)'.

    Later uses stay short. Nothing is expanded if the full form already came first. Use it on the body
    only: the ký hiệu, 'Lưu:' and the signature block keep their abbreviations (Phụ lục I).
    """
    result = list(paragraphs)
    for short, full in table.items():
        pattern = _pattern(short)
        for index, text in enumerate(result):
            match = pattern.search(text)
            earlier = "\n".join(result[:index]) + text[: match.start() if match else len(text)]
            if fold(full) in fold(earlier):
                break
            if match:
                head = text[: match.start()]
                written = sentence_case(full) if _starts_sentence(head) else full
                result[index] = f"{head}{written} ({short}){text[match.end():]}"
                break
    return result
