"""V2–V6: legacy encodings to Unicode, our TCVN3 table against glibc iconv, detection and mojibake."""

import shutil
import subprocess
import unicodedata

import pytest

from notices.vn import (
    font_encoding,
    is_syllable,
    looks_like_legacy,
    looks_like_mojibake,
    repair_mojibake,
    tcvn3_to_unicode,
    viqr_to_unicode,
    vni_to_unicode,
)
from notices.vn.legacy import TCVN3_TABLE, VNI_TABLE

SHAPES = {"a": ["", "\u0306", "\u0302"], "e": ["", "\u0302"], "i": [""], "o": ["", "\u0302", "\u031b"]}
SHAPES |= {"u": ["", "\u031b"], "y": [""]}
LOWER_LETTERS = sorted(
    (
        {
        unicodedata.normalize("NFC", base + shape + tone)
        for base, shapes in SHAPES.items()
        for shape in shapes
        for tone in ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
        }
        | {"đ"}
    )
    - set("aeiouy")
)


def test_the_alphabet_has_67_non_ascii_lower_case_letters() -> None:
    assert len(LOWER_LETTERS) == 67 and all(len(c) == 1 for c in LOWER_LETTERS)


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("TiÕng ViÖt cã 29 ch÷ c¸i", "Tiếng Việt có 29 chữ cái"),
        ("Ng\u00adêi d©n", "Người dân"),
        ("Uû ban nh©n d©n x· §«ng Hoµ", "Uỷ ban nhân dân xã Đông Hoà"),
    ],
)
def test_v2_tcvn3(legacy: str, unicode: str) -> None:
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Tieáng Vieät coù 29 chöõ caùi", "Tiếng Việt có 29 chữ cái"),
        ("UÛy ban nhaân daân xaõ Ñoâng Hoøa", "Ủy ban nhân dân xã Đông Hòa"),
        ("ÑAÏI HOÄI ÑAÛNG BOÄ", "ĐẠI HỘI ĐẢNG BỘ"),
        ("ôù öï î aë æ ó ò", "ớ ự ỵ ặ ỉ ĩ ị"),
    ],
)
def test_v2_vni(legacy: str, unicode: str) -> None:
    assert vni_to_unicode(legacy) == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Tie^'ng Vie^.t", "Tiếng Việt"),
        ("Anh ddi dda^u\\?", "Anh đi đâu?"),
        ("DDo^ng Ho`a, ngu+o+`i da^n", "Đông Hòa, người dân"),
        ("ca(n cu+'", "căn cứ"),
    ],
)
def test_v2_viqr(legacy: str, unicode: str) -> None:
    assert viqr_to_unicode(legacy) == unicode


def test_tcvn3_table_covers_every_lower_case_letter_and_the_seven_capitals() -> None:
    assert sorted(set(TCVN3_TABLE.values()) - set("ĂÂÊÔƠƯĐ")) == LOWER_LETTERS
    assert len(TCVN3_TABLE) == 74 and all(0xA1 <= ord(code) <= 0xFE for code in TCVN3_TABLE)


def test_vni_table_covers_every_letter_in_both_cases() -> None:
    produced = set(VNI_TABLE.values()) | set("ìíÌÍ")  # ì í are the same code points in VNI
    assert set(LOWER_LETTERS) <= produced
    assert {c.upper() for c in LOWER_LETTERS} <= produced


def test_ascii_is_never_touched_by_tcvn3_or_vni() -> None:
    ascii_text = "".join(chr(i) for i in range(32, 127))
    assert tcvn3_to_unicode(ascii_text) == ascii_text
    assert vni_to_unicode(ascii_text) == ascii_text


def _iconv(data: bytes) -> str | None:
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def _iconv_has_tcvn() -> bool:
    return shutil.which("iconv") is not None and _iconv(b"\xb5") == "à"


@pytest.mark.skipif(not _iconv_has_tcvn(), reason="glibc iconv with the TCVN5712-1 charset is not installed")
def test_v2_tcvn3_table_agrees_with_glibc_iconv() -> None:
    for code, letter in TCVN3_TABLE.items():
        assert _iconv(code.encode("latin-1")) == letter, f"byte {ord(code):#x}"
    # Bytes VN3 leaves free hold VN1's upper-case toned letters in glibc; the ABC fonts do not use them.
    free = [b for b in range(0xA1, 0x100) if chr(b) not in TCVN3_TABLE]
    assert all(chr(b) == tcvn3_to_unicode(chr(b)) for b in free)
    sentence = "TiÕng ViÖt cã 29 ch÷ c¸i, Ng\u00adêi d©n x· §«ng Hoµ"
    assert _iconv(sentence.encode("latin-1")) == tcvn3_to_unicode(sentence)


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArialH", ("tcvn3", True)),
        ("VnTime", ("tcvn3", False)),
        ("VNI-Times", ("vni", False)),
        ("Vni-Aptima", ("vni", False)),
        ("Times New Roman", (None, False)),
        ("Arial", (None, False)),
        (None, (None, False)),
    ],
)
def test_v3_font_signal(font: str | None, expected: tuple[str | None, bool]) -> None:
    assert font_encoding(font) == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("TiÕng ViÖt cã 29 ch÷ c¸i", "tcvn3"),
        ("Ng\u00adêi d©n", "tcvn3"),
        ("Uû ban nh©n d©n x· §«ng Hoµ", "tcvn3"),
        ("NguyÔn V¨n §øc", "tcvn3"),
        ("Tieáng Vieät coù 29 chöõ caùi", "vni"),
        ("UÛy ban nhaân daân xaõ Ñoâng Hoøa", "vni"),
        ("Nguyeãn Vaên Ñöùc", "vni"),
    ],
)
def test_v4_detection_fires_on_legacy(text: str, encoding: str) -> None:
    assert looks_like_legacy(text) == encoding


@pytest.mark.parametrize(
    "text",
    [
        "Ủy ban nhân dân xã Đông Hòa tổ chức họp giao ban",
        "Tôi là giáo viên",
        "nhân dân",
        "Nguyễn Thị Thuỷ",
        "Le comité a décidé de reporter la réunion à la semaine prochaine",
        "Die Straße ist schön, und wir müssen über die Brücke gehen.",
        "The committee met on Monday at 14:00.",
        "Ça coûte 12,50 € à Noël",
        "",
    ],
)
def test_v4_detection_stays_quiet_on_real_text(text: str) -> None:
    assert looks_like_legacy(text) is None


def test_v4_post_check_is_a_syllable_check() -> None:
    assert all(is_syllable(w) for w in ["Nguyễn", "quốc", "hoà", "hòa", "khuya", "người", "gì", "Đức"])
    assert not any(is_syllable(w) for w in ["réunion", "nh©n", "Straòe", "nhaân", "Uû", "hóà"])


def test_v6_utf8_mojibake_is_reported_and_repaired_not_fed_to_legacy_decoders() -> None:
    mojibake = "á»¦y ban nhÃ¢n dÃ¢n"
    assert looks_like_mojibake(mojibake)
    assert looks_like_legacy(mojibake) is None
    assert repair_mojibake(mojibake) == "Ủy ban nhân dân"
    for clean_text in ["Ủy ban nhân dân", "Uû ban nh©n d©n", "réunion", "plain"]:
        assert not looks_like_mojibake(clean_text)
