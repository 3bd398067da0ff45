"""Numbers as Vietnamese documents write them: 1.234.567,5; 99,9%; 05; and in words (Bằng chữ)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Number = int | float | Decimal

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _as_decimal(x: Number) -> Decimal:
    """Exact value of ``x``; a float goes through its shortest repr (0.1 stays 0.1)."""
    if isinstance(x, bool):
        raise TypeError("giá trị logic (True/False) không phải là số")
    if isinstance(x, float):
        return Decimal(repr(x))
    if isinstance(x, int | Decimal):
        return Decimal(x)
    raise TypeError(f"không định dạng được kiểu {type(x).__name__} thành số")


def _plain(value: Decimal) -> tuple[str, str, str]:
    """(sign, integer digits, fraction digits without trailing zeros) of a finite Decimal."""
    if not value.is_finite():
        raise ValueError(f"không phải số hữu hạn: {value}")
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    sign = "-" if value < 0 and (whole.strip("0") or frac.strip("0")) else ""
    return sign, whole, frac.rstrip("0")


def _group(digits: str) -> str:
    """'1234567' → '1.234.567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def fmt_number(x: Number, decimals: int | None = None) -> str:
    """'1.234.567', '1.234.567,5': dot between thousands, comma before decimals (CLDR vi, Luật Kế toán).

    ``decimals`` rounds (half up, as in accounting) to that many places and keeps them; by default
    trailing zeros go.
    """
    value = _as_decimal(x)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        sign, whole, _ = _plain(value)
        frac = format(abs(value), "f").partition(".")[2]
    else:
        sign, whole, frac = _plain(value)
    return sign + _group(whole) + ("," + frac if frac else "")


def fmt_percent(x: Number, decimals: int | None = None) -> str:
    """'99,9%', '100%': a number already in percent, no space before %."""
    return fmt_number(x, decimals) + "%"


def document_number(n: int) -> str:
    """'05', '12', '123': the số of a document, zero before numbers under 10 (Phụ lục I, II.3.c)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"số văn bản phải là số nguyên dương, không phải {n!r}")
    return f"{n:02d}"


NUMBER_BLANK = "\u00a0" * 6  # what a draft leaves for its number (Phụ lục III: "Số:      /TB-UBND")


def number_label(number: int | None, notation: str) -> str:
    """'05/TB-UBND', '12/UBND-VP': the số and ký hiệu of a document; a draft leaves its number blank."""
    return f"{document_number(number) if number is not None else NUMBER_BLANK}/{notation}"


def number_line(number: int | None, notation: str) -> str:
    """'Số: 05/TB-UBND', 'Số: 12/UBND-VP' (ô 3); a draft's 'Số:      /TB-UBND'."""
    return f"Số: {number_label(number, notation)}"


def _tens_units(
    tens: int, units: int, *, after_hundreds: bool, linh: str, four: str
) -> list[str]:
    """Words for the last two digits of a three-digit group."""
    if tens == 0:
        if units == 0:
            return []
        return [linh, _DIGITS[units]] if after_hundreds else [_DIGITS[units]]
    words = ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else four)
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _three(n: int, *, full: bool, linh: str, four: str) -> list[str]:
    """Words for 0 < n < 1000; ``full`` reads zero hundreds ('không trăm linh năm')."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    tens, units = divmod(rest, 10)
    return words + _tens_units(tens, units, after_hundreds=bool(words), linh=linh, four=four)


def _scale(index: int, thousand: str, billion: str) -> list[str]:
    """Name of the ``index``-th group of three digits: '', nghìn, triệu, tỷ, nghìn tỷ, triệu tỷ, tỷ tỷ …"""
    small = ("", thousand, "triệu")[index % 3]
    return ([small] if small else []) + [billion] * (index // 3)


def _integer_words(n: int, *, linh: str, thousand: str, four: str, billion: str) -> list[str]:
    """Words for a non-negative integer."""
    if n == 0:
        return ["không"]
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        if groups[index]:
            words += _three(groups[index], full=index < top, linh=linh, four=four)
            words += _scale(index, thousand, billion)
    return words


def _fraction_words(frac: str, **settings: str) -> list[str]:
    """'05' → 'không năm', '9' → 'chín', '25' → 'hai mươi lăm'; more than 3 digits are read one by one."""
    zeros = len(frac) - len(frac.lstrip("0"))
    rest = frac[zeros:]
    words = ["không"] * zeros
    if len(rest) > 3:
        return words + [_DIGITS[int(d)] for d in rest]
    return words + _integer_words(int(rest), **settings)


def number_to_words(
    x: int | Decimal,
    *,
    linh: Literal["linh", "lẻ"] = "linh",
    thousand: Literal["nghìn", "ngàn"] = "nghìn",
    four: Literal["tư", "bốn"] = "tư",
    billion: Literal["tỷ", "tỉ"] = "tỷ",
) -> str:
    """Vietnamese reading of an amount (Northern defaults): 2024 → 'hai nghìn không trăm hai mươi tư'.

    Only ``int`` and ``Decimal``: a float has already lost digits (0.1 + 0.2). Decimals are read after
    'phẩy' with their leading zeros: Decimal('0.05') → 'không phẩy không năm'.
    """
    if isinstance(x, bool) or not isinstance(x, int | Decimal):
        raise TypeError(f"chỉ đọc được số nguyên (int) hoặc Decimal, không phải {type(x).__name__}")
    settings = {"linh": linh, "thousand": thousand, "four": four, "billion": billion}
    sign, whole, frac = _plain(Decimal(x))
    words = ["âm"] if sign else []
    words += _integer_words(int(whole), **settings)
    if frac:
        words += ["phẩy"] + _fraction_words(frac, **settings)
    return " ".join(words)
