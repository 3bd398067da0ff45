"""V1, V5: text entering notices is NFC, line breaks are unified, control characters are refused."""

import unicodedata

import pytest

from notices.vn import ControlCharacterError, clean, looks_like_legacy, tcvn3_to_unicode


def test_v1_nfd_becomes_six_code_point_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    assert len(nfd) == 8
    cleaned = clean(nfd)
    assert cleaned == "Nguyễn" and len(cleaned) == 6
    assert unicodedata.is_normalized("NFC", cleaned)


@pytest.mark.parametrize("raw", ["a\r\nb", "a\rb", "a\nb", "a\x0bb"])
def test_line_breaks_become_newline(raw: str) -> None:
    assert clean(raw) == "a\nb"


def test_tab_becomes_space() -> None:
    assert clean("Điều\t1") == "Điều 1"


def test_bel_is_refused_with_its_offset() -> None:
    with pytest.raises(ControlCharacterError) as caught:
        clean("Họp\x07 giao ban")
    assert caught.value.offset == 3 and caught.value.char == "\x07"


def test_v5_soft_hyphen_survives_clean_so_tcvn3_u_horn_is_not_lost() -> None:
    cleaned = clean("Ng\u00adêi d©n")
    assert "\u00ad" in cleaned
    assert looks_like_legacy(cleaned) == "tcvn3"
    assert tcvn3_to_unicode(cleaned) == "Người dân"
