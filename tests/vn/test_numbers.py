"""V13, V15, V19: numbers, percentages, document numbers and numbers in words."""

import re
from decimal import Decimal

import pytest

from notices.vn import document_number, fmt_number, fmt_percent, number_to_words, sentence_case


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1.234.567"),
        (1234567.5, "1.234.567,5"),
        (Decimal("1234567.50"), "1.234.567,5"),
        (999, "999"),
        (1000, "1.000"),
        (0, "0"),
        (-1234.25, "-1.234,25"),
        (0.1 + 0.2, "0,30000000000000004"),  # a float keeps its real value: no silent rounding
    ],
)
def test_v13_fmt_number(value: object, text: str) -> None:
    assert fmt_number(value) == text


def test_fmt_number_rounds_half_up_when_asked() -> None:
    assert fmt_number(Decimal("12.345"), decimals=2) == "12,35"
    assert fmt_number(7, decimals=1) == "7,0"


@pytest.mark.parametrize(
    ("value", "text"), [(99.9, "99,9%"), (100, "100%"), (25.6, "25,6%"), (100.0, "100%")]
)
def test_v13_fmt_percent(value: float, text: str) -> None:
    assert fmt_percent(value) == text


def test_v13_no_dot_decimal_or_comma_thousands() -> None:
    outputs = [fmt_number(x) for x in (1234.5, 1_000_000, 0.75, 98765.4321)]
    outputs += [fmt_percent(x) for x in (99.9, 0.5, 12.25)]
    for text in outputs:
        assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?%?", text), text
        assert not re.search(r"\d\.\d%", text)


def test_fmt_number_refuses_bool_and_strings() -> None:
    with pytest.raises(TypeError):
        fmt_number(True)
    with pytest.raises(TypeError):
        fmt_number("12")  # type: ignore[arg-type]


@pytest.mark.parametrize(("n", "text"), [(5, "05"), (12, "12"), (123, "123"), (1, "01")])
def test_v15_document_number(n: int, text: str) -> None:
    assert document_number(n) == text
    assert f"Số: {document_number(n)}/BB-UBND" == f"Số: {text}/BB-UBND"


@pytest.mark.parametrize("bad", [0, -3, True, 2.0])
def test_document_number_refuses_non_positive_or_non_int(bad: object) -> None:
    with pytest.raises(ValueError):
        document_number(bad)  # type: ignore[arg-type]


V19 = [
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (115, "một trăm mười lăm"),
    (1005, "một nghìn không trăm linh năm"),
    (1050, "một nghìn không trăm năm mươi"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (10_500_000, "mười triệu năm trăm nghìn"),
    (1_000_000_000, "một tỷ"),
    (Decimal("0.05"), "không phẩy không năm"),
    (Decimal("99.9"), "chín mươi chín phẩy chín"),
]


@pytest.mark.parametrize(("value", "text"), V19)
def test_v19_number_to_words_north(value: int | Decimal, text: str) -> None:
    assert number_to_words(value) == text


# §4.3: the cases num2words gets wrong (both of its Vietnamese implementations).
NUM2WORDS_FAILURES = [
    (2024, "hai nghìn không trăm hai mươi tư"),
    (1050, "một nghìn không trăm năm mươi"),
    (1021, "một nghìn không trăm hai mươi mốt"),
    (Decimal("99.9"), "chín mươi chín phẩy chín"),
    (Decimal("12.5"), "mười hai phẩy năm"),
    (Decimal("0.05"), "không phẩy không năm"),
    (10**17 + 1, "một trăm triệu tỷ không trăm linh một"),
]


@pytest.mark.parametrize(("value", "text"), NUM2WORDS_FAILURES)
def test_v19_num2words_failure_cases(value: int | Decimal, text: str) -> None:
    assert number_to_words(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "không"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (20, "hai mươi"),
        (104, "một trăm linh bốn"),
        (1000, "một nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (150_000_000, "một trăm năm mươi triệu"),
        (-7, "âm bảy"),
        (Decimal("1.50"), "một phẩy năm"),
        (Decimal("3.14"), "ba phẩy mười bốn"),
    ],
)
def test_number_to_words_more(value: int | Decimal, text: str) -> None:
    assert number_to_words(value) == text


def test_v19_south_settings() -> None:
    words = number_to_words(2_000_001_024, linh="lẻ", thousand="ngàn", four="bốn", billion="tỉ")
    assert words == "hai tỉ không trăm lẻ một ngàn không trăm hai mươi bốn"
    assert number_to_words(105, linh="lẻ") == "một trăm lẻ năm"


@pytest.mark.parametrize("bad", [1.5, True, "12"])
def test_v19_only_int_and_decimal(bad: object) -> None:
    with pytest.raises(TypeError):
        number_to_words(bad)  # type: ignore[arg-type]


def test_v19_sentence_initial_capital() -> None:
    amount = sentence_case(number_to_words(150_000_000))
    assert f"Bằng chữ: {amount} đồng." == "Bằng chữ: Một trăm năm mươi triệu đồng."
    assert sentence_case("ủy ban nhân dân xã Đông Hòa") == "Ủy ban nhân dân xã Đông Hòa"
