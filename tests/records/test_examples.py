"""The example records are a contract: each validates unchanged, and data/ holds exact copies."""

from __future__ import annotations

import pytest

from notices.records import load_record
from tests.conftest import EXAMPLES, SHARED_EXAMPLES


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_example_validates_unchanged(path):
    loaded = load_record(path)
    assert loaded.record.agency.code == "UBND"
    assert not [w for w in loaded.warnings if w.severity == "error"]


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="shared/ is not beside this clone")
def test_data_examples_are_the_shared_ones():
    """Every shared example is in data/ byte for byte; data/ adds the follow-up example of issue 21."""
    shared = sorted(p.name for p in SHARED_EXAMPLES.glob("*.yaml"))
    assert set(shared) <= {p.name for p in EXAMPLES.glob("*.yaml")}
    for name in shared:
        assert (EXAMPLES / name).read_bytes() == (SHARED_EXAMPLES / name).read_bytes(), name
    for photo in (SHARED_EXAMPLES / "photos").iterdir():
        assert (EXAMPLES / "photos" / photo.name).read_bytes() == photo.read_bytes()


def test_fields_of_later_kinds_are_kept():
    record = load_record(EXAMPLES / "phu-tai-cchc-2022.yaml").record
    assert record.documents.invitation.number == 47
    assert record.documents.invitation.invitees[0] == "Thường trực HĐND phường"
    assert record.meeting.secretary.name == "Nguyễn Văn A"
    assert str(record.meeting.time) == "07:30:00" and str(record.meeting.end) == "11:00:00"
    assert record.discussion[0].speaker == "Trưởng Ban Điều hành khu phố 3"
    news = load_record(EXAMPLES / "xa-cchc-6-thang-2024.yaml").record.documents.news
    assert news.photos[0].file == "photos/quang-canh-hoi-nghi.jpg"
    assert news.published.isoformat() == "2024-07-13T09:35:00+07:00"
    report = load_record(EXAMPLES / "mo-duc-bao-cao-cchc-2022.yaml").record
    assert report.results[1].table.rows[1] == ["Bộ phận một cửa cấp xã", 57570, "", 56910]
