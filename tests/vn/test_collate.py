"""V7–V10: tone style keys, CLDR vi order without ICU, person names by given name."""

import random

import pytest

from notices.vn import name_sort_key, retone, sort_key, tone_key


def _shuffled(items: list[str]) -> list[str]:
    copy = items[:]
    random.Random(30).shuffle(copy)
    return copy


def test_v9_cldr_vi_letters() -> None:
    names = ["Đức", "Dũng", "Anh", "Ăn", "Ân", "Bình", "Ơn", "Ô", "Oanh"]
    assert sorted(names, key=sort_key) == ["Anh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Oanh", "Ô", "Ơn"]


def test_v9_tones_in_cldr_order() -> None:
    tones = ["ha", "hà", "hả", "hã", "há", "hạ"]
    assert sorted(_shuffled(tones), key=sort_key) == tones


def test_v9_z_after_y_with_tone() -> None:
    assert sorted(["Zen", "Yến"], key=sort_key) == ["Yến", "Zen"]


def test_v9_longer_list_from_the_reference() -> None:
    ordered = ["an", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Dung", "Dũng", "Đức", "Em", "Ê", "Oanh", "Ô", "Ơn",
               "Uyên", "Ưng", "Yến", "Zen"]
    assert sorted(_shuffled(ordered), key=sort_key) == ordered


def test_sort_key_is_independent_of_normalization_and_puts_digits_before_letters() -> None:
    import unicodedata

    assert sort_key(unicodedata.normalize("NFD", "Đông Hòa"))[:3] == sort_key("Đông Hòa")[:3]
    assert sorted(["b", "2", "a"], key=sort_key) == ["2", "a", "b"]
    assert sorted(["an", "An"], key=sort_key) == ["an", "An"]  # lower case first (CLDR default)


def test_v9_agrees_with_icu_when_available() -> None:
    icu = pytest.importorskip("icu", reason="PyICU is not installed (it is optional, never a dependency)")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    syllables = "an ăn ân dạ đá em êm ơn ôn on ưng ung hà há hạ ha".split()
    words = [a + " " + b for a in syllables for b in syllables[:13]][:200]
    assert sorted(words, key=sort_key) == sorted(words, key=collator.getSortKey)


def test_v10_people_by_given_name_then_middle_then_family() -> None:
    people = ["Nguyễn Văn An", "Trần Thị Ánh", "Vũ Thị Ánh", "Phạm Thị Ân", "Lê Văn Bình", "Hoàng Văn Dũng",
              "Đỗ Minh Đức"]
    assert sorted(_shuffled(people), key=name_sort_key) == people


def test_name_sort_key_handles_single_word_and_empty_names() -> None:
    assert sorted(["Bình", "An", ""], key=name_sort_key) == ["", "An", "Bình"]


@pytest.mark.parametrize(
    ("old", "new"),
    [("hòa", "hoà"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("Ủy", "Uỷ"), ("xóa", "xoá"), ("tùy", "tuỳ"),
     ("Thúy", "Thuý")],
)
def test_v8_tone_key_equates_both_styles(old: str, new: str) -> None:
    assert old != new
    assert tone_key(old) == tone_key(new)
    assert retone(new, "old") == old and retone(old, "new") == new


@pytest.mark.parametrize("word", ["quý", "Huỳnh", "hoàng", "toán"])
def test_v8_words_outside_open_oa_oe_uy_are_unchanged(word: str) -> None:
    assert tone_key(word) == word
    assert retone(word, "old") == word == retone(word, "new")


def test_v8_tone_key_stays_accent_sensitive() -> None:
    assert tone_key("hoa") != tone_key("hòa")


def test_v7_retone_is_for_fixed_strings_only() -> None:
    assert retone("UỶ BAN NHÂN DÂN, CỘNG HOÀ", "old") == "ỦY BAN NHÂN DÂN, CỘNG HÒA"
    assert retone("ỦY BAN NHÂN DÂN", "new") == "UỶ BAN NHÂN DÂN"
    with pytest.raises(ValueError):
        retone("hòa", "modern")
