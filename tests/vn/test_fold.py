"""V11/V12 (the text half): the search fold the archive will index and query with."""

import unicodedata

import pytest

from notices.vn import fold, slug


@pytest.mark.parametrize("query", ["duc", "Đức", "ĐỨC", "đức", "DUC"])
def test_v11_every_spelling_of_duc_folds_alike(query: str) -> None:
    assert fold(query) == "duc"
    assert fold(query) in fold("Nguyễn Văn Đức")


def test_v11_nguyen_and_both_tone_styles() -> None:
    assert fold("nguyen") in fold("Nguyễn")
    assert fold("hoà") == fold("Hòa") == "hoa"
    assert fold("nhan dan") in fold("Ủy ban nhân dân")


def test_v11_nfd_record_matches_nfc_query() -> None:
    record = unicodedata.normalize("NFD", "Nguyễn Văn Đức, xã Đông Hòa")
    assert fold("Đông Hòa") in fold(record)
    assert fold("nguyen van duc") in fold(record)


def test_v12_upper_case_is_found_case_insensitively() -> None:
    assert fold("ĐÔNG") == fold("đông") == "dong"


def test_fold_leaves_the_original_alone() -> None:
    original = "Đức"
    assert fold(original) == "duc" and original == "Đức"


def test_slug() -> None:
    assert slug("Đắk Song 2023") == "dak-song-2023"
    assert slug("Thông báo số 05/TB-UBND") == "thong-bao-so-05-tb-ubnd"
    assert slug("!!!") == "tai-lieu"
