"""V7, V20–V22, V24 (the text half): capitals, no title-case, points a) … đ) … g), no soft hyphens left."""

import re
from pathlib import Path

import pytest

from notices.vn import point_label, sentence_case, tcvn3_to_unicode, upper

PACKAGE = Path(__file__).resolve().parents[2] / "notices"


def test_v20_no_title_or_capitalize_anywhere_in_notices() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.(title|capitalize)\(\)", line.split("#")[0])
    ]
    assert offenders == []


def test_v20_title_and_capitalize_are_really_wrong_here() -> None:
    assert "hội đồng nhân dân xã Đông Hòa".title() != "Hội đồng nhân dân xã Đông Hòa"
    assert sentence_case("hội đồng nhân dân xã Đông Hòa") == "Hội đồng nhân dân xã Đông Hòa"


@pytest.mark.parametrize(
    ("text", "capitals"),
    [
        ("Ủy ban nhân dân xã Đức Phong", "ỦY BAN NHÂN DÂN XÃ ĐỨC PHONG"),
        ("Hội đồng nhân dân xã Đông Hòa", "HỘI ĐỒNG NHÂN DÂN XÃ ĐÔNG HÒA"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Thuỷ", "THUỶ"),
    ],
)
def test_v20_v21_upper_keeps_every_letter_and_the_users_tone_style(text: str, capitals: str) -> None:
    result = upper(text)
    assert result == capitals
    assert result.lower() == text.lower()  # round trip: nothing lost, nothing moved


def test_v7_user_name_is_never_retoned_by_the_text_layer() -> None:
    assert upper("Nguyễn Thị Thuỷ") == "NGUYỄN THỊ THUỶ"
    assert sentence_case("Nguyễn Thị Thuỷ") == "Nguyễn Thị Thuỷ"


@pytest.mark.parametrize(
    ("n", "label"), [(1, "a)"), (4, "d)"), (5, "đ)"), (6, "e)"), (7, "g)"), (8, "h)"), (23, "y)")]
)
def test_v22_point_labels(n: int, label: str) -> None:
    assert point_label(n) == label


def test_v22_no_f_j_w_z_and_a_clear_limit() -> None:
    labels = [point_label(n) for n in range(1, 24)]
    assert not {"f)", "j)", "w)", "z)"} & set(labels)
    with pytest.raises(ValueError):
        point_label(24)


def test_v24_converted_text_keeps_no_soft_hyphen() -> None:
    converted = tcvn3_to_unicode("Tr\u00adêng \u00adu tiªn ng\u00adêi d©n")
    assert "\u00ad" not in converted and converted == "Trường ưu tiên người dân"
