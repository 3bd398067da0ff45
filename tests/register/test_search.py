"""Vietnamese search over the archive on both databases: tones, đ/d, case, NFC/NFD, hoà/hòa, shown as written."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from notices.register.archive import search
from tests.register.helpers import AGENCY, add


@pytest.fixture
def filled(db):  # type: ignore[no-untyped-def]
    add(db, "Kết luận hội nghị cải cách hành chính", body=["Đồng chí Nguyễn Văn Đức phát biểu."])
    add(db, "Kế hoạch chuyển đổi số", body=["Thôn Hoà Bình triển khai trước."], kind="report", code="BC",
        date=dt.date(2024, 5, 2))
    add(db, unicodedata.normalize("NFD", "Thông báo cải cách thủ tục"), body=["Ủy ban nhân dân xã Hòa Phú."],
        date=dt.date(2024, 6, 3))
    add(db, "Giấy mời họp Đắk Song", date=dt.date(2023, 4, 4))
    return db


def labels(hits):  # type: ignore[no-untyped-def]
    return sorted(f"{h.entry.label}/{h.entry.year}" for h in hits)


@pytest.mark.parametrize(("query", "expected"), [
    ("duc", ["01/TB-UBND/2024"]),
    ("ĐỨC", ["01/TB-UBND/2024"]),
    ("nguyen van duc", ["01/TB-UBND/2024"]),
    ("dak song", ["01/TB-UBND/2023"]),
    ("hoa", ["01/BC-UBND/2024", "02/TB-UBND/2024"]),  # Hoà (old placement) and Hòa (new)
    ("HÒA", ["01/BC-UBND/2024", "02/TB-UBND/2024"]),
    ("hoà", ["01/BC-UBND/2024", "02/TB-UBND/2024"]),
    ("uy ban", ["02/TB-UBND/2024"]),
    ("cai cach", ["01/TB-UBND/2024", "02/TB-UBND/2024"]),  # one subject stored NFD
    (unicodedata.normalize("NFD", "cải cách"), ["01/TB-UBND/2024", "02/TB-UBND/2024"]),
    ("02/TB-UBND", ["02/TB-UBND/2024"]),
    ("chuyen doi so", ["01/BC-UBND/2024"]),
    ("khong co tu nay", []),
])
def test_search_is_insensitive_to_marks_case_and_normalisation(filled, query, expected) -> None:  # type: ignore[no-untyped-def]
    assert labels(search(filled, query, agency=AGENCY)) == expected


def test_results_show_the_original_text(filled) -> None:  # type: ignore[no-untyped-def]
    [hit] = search(filled, "duc", agency=AGENCY)
    assert hit.excerpt == "Đồng chí Nguyễn Văn Đức phát biểu."
    assert hit.entry.subject == "Kết luận hội nghị cải cách hành chính"


def test_filters_by_year_kind_and_agency(filled) -> None:  # type: ignore[no-untyped-def]
    from notices.register.registry import AgencyKey

    assert labels(search(filled, "cai cach", agency=AGENCY, year=2023)) == []
    assert labels(search(filled, "hoa", agency=AGENCY, kind="report")) == ["01/BC-UBND/2024"]
    other = AgencyKey("UBND", "Ủy ban nhân dân xã Hòa Phú")
    add(filled, "Cải cách hành chính ở xã", agency=other)
    assert labels(search(filled, "cai cach", agency=other)) == ["01/TB-UBND/2024"]
    assert len(search(filled, "cai cach")) == 3  # every agency when none is named
