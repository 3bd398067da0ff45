"""Giấy mời (Mẫu 1.7) from the Phú Tài record: every invitee, the chair, the computed weekday and the
time as offices write it, the venue, the agenda, the closing — read back from DOCX and PDF."""

from __future__ import annotations

import datetime as dt

from notices.compose.invitation import compose_invitation
from notices.model import Header, Paragraph, Title
from notices.records import load_record
from notices.records.models import Record
from tests.compose.pack_support import assert_verbatim, paragraphs
from tests.conftest import EXAMPLES

NAME = "phu-tai-cchc-2022"


def record() -> Record:
    return load_record(EXAMPLES / f"{NAME}.yaml").record


def test_every_fact_is_in_the_invitation(rendered):
    r = record()
    facts = [*r.documents.invitation.invitees, r.meeting.chair.name, r.meeting.chair.title, r.meeting.venue,
             r.meeting.name, *r.meeting.agenda, r.agency.name, "Số: 47/GM-UBND", "Phú Tài, ngày 12 tháng 8 năm 2022",
             r.documents.invitation.signer.name]
    assert_verbatim(rendered / NAME, "giay-moi", facts)


def test_time_weekday_and_closing(rendered):
    texts = paragraphs(rendered / NAME, "giay-moi")
    assert "Thời gian: từ 07 giờ 30 phút đến 11 giờ 00 phút, thứ Tư, ngày 17/8/2022." in texts  # start and end
    assert "Địa điểm: Hội trường UBND phường Phú Tài." in texts
    assert "Ủy ban nhân dân phường Phú Tài trân trọng kính mời:" in texts
    assert "- Thường trực HĐND phường;" in texts
    assert "- Bí thư chi bộ, Trưởng Ban Công tác Mặt trận, Trưởng Ban Điều hành 6 khu phố." in texts
    closing = [t for t in texts if t.startswith("Trân trọng kính mời")]
    assert closing and closing[-1].endswith("./.")
    assert "- Như thành phần mời;" in texts  # Nơi nhận when the record lists none


def test_weekday_is_computed_never_typed():
    r = record()
    for day, name in ((dt.date(2022, 8, 14), "Chủ nhật"), (dt.date(2022, 8, 15), "thứ Hai"),
                      (dt.date(2024, 2, 29), "thứ Năm")):
        meeting = r.meeting.model_copy(update={"date": day, "time": dt.time(14, 0), "end": None})
        doc = compose_invitation(r.model_copy(update={"meeting": meeting}))
        texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
        assert f"Thời gian: 14 giờ 00 phút, {name}, ngày {day.day:02d}/{day.month}/{day.year}." in texts


def test_an_end_time_gives_the_span_and_without_it_the_start():
    r = record()
    for end, expected in ((dt.time(9, 0), "Thời gian: từ 07 giờ 30 phút đến 09 giờ 00 phút, thứ Tư, ngày 17/8/2022."),
                          (None, "Thời gian: 07 giờ 30 phút, thứ Tư, ngày 17/8/2022.")):
        meeting = r.meeting.model_copy(update={"time": dt.time(7, 30), "end": end})
        doc = compose_invitation(r.model_copy(update={"meeting": meeting}))
        assert Paragraph(expected) in doc.blocks


def test_without_a_time_the_day_alone():
    r = record()
    doc = compose_invitation(r.model_copy(update={"meeting": r.meeting.model_copy(update={"time": None})}))
    assert Paragraph("Thời gian: thứ Tư, ngày 17/8/2022.") in doc.blocks


def test_draft_leaves_number_and_date_blank_and_marks_it():
    r = record()
    draft = r.documents.invitation.model_copy(update={"number": None, "date": None, "year": 2022, "draft": True})
    doc = compose_invitation(r.model_copy(update={"documents": r.documents.model_copy(update={"invitation": draft})}))
    header = next(b for b in doc.blocks if isinstance(b, Header))
    title = next(b for b in doc.blocks if isinstance(b, Title))
    assert header.number == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/GM-UBND"
    assert header.place_date == "Phú Tài, ngày\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0năm 2022"
    assert title.draft_mark and title.kind == "GIẤY MỜI"
