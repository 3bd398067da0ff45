"""Công văn (Mẫu 1.5): no tên loại; "V/v …" under the number, "Kính gửi:", the body, the signer, Nơi nhận.

Its typical use after a meeting: urging the units named in the conclusions, each task with its deadline,
from the same ``conclusions:`` the Thông báo prints (nothing retyped).
"""

from __future__ import annotations

from pathlib import Path

from notices.compose.common import as_item, closed, document, header, notice_reference, person, with_as_above
from notices.compose.templates import paragraphs
from notices.model import Addressees, Block, Document, NumberedItem, Paragraph
from notices.records.models import Item, Record

SUMMARY_PREFIX = "V/v "


def summary(subject: str) -> str:
    """'V/v đôn đốc …': the trích yếu after "V/v" (written with or without it in the record)."""
    return subject if subject.startswith(("V/v ", "v/v ")) else SUMMARY_PREFIX + subject


def urged(record: Record) -> list[Item]:
    """The conclusions a Công văn urges: those with an assignee (all of them when none names one)."""
    items = [as_item(entry) for entry in (record.conclusions.items if record.conclusions else ())]
    assigned = [item for item in items if item.assignee]
    return assigned or items


def compose_official_letter(record: Record, templates: Path | None = None) -> Document:
    """The Công văn of ``record`` (which has documents.official_letter, and ``conclusions`` or a body)."""
    letter, meeting = record.documents.official_letter, record.meeting
    assert letter, "validated by records.load.cross_check"
    chair = person(meeting.chair) if meeting else None

    def prose(name: str, **context: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"official_letter/{name}.j2", templates, **context)]

    blocks: list[Block] = [
        header("official_letter", record.agency, letter, meeting.date if meeting else None, summary(letter.subject)),
        Addressees(tuple(letter.to)),
    ]
    if letter.body:
        blocks += [Paragraph(text) for text in letter.body]
    else:
        shared = record.conclusions.deadline if record.conclusions else None
        blocks += prose("opening", agency=record.agency, meeting=meeting, chair=chair,
                        reference=letter.reference or notice_reference(record))
        for number, item in enumerate(urged(record), start=1):
            own = item if item.deadline or shared is None else item.model_copy(update={"deadline": shared})
            (text,) = paragraphs("notice/item.j2", templates, item=own)
            blocks.append(NumberedItem(label=f"{number}.", text=text))
    blocks += closed(prose("closing", letter=letter, agency=record.agency))
    blocks.append(with_as_above(letter, record.agency))
    return document("official_letter", record.agency, letter, summary(letter.subject), blocks)
