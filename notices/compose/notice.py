"""Thông báo kết luận (TB): the chair's conclusions after a meeting, in Mẫu 1.4."""

from __future__ import annotations

from pathlib import Path

from notices.compose.common import as_item, closed, document, header, person, sign_off
from notices.compose.templates import paragraphs
from notices.kinds import kind
from notices.model import Block, Document, NumberedItem, Paragraph, Title
from notices.records.models import Item, Record, Section

TITLE = kind("notice").title



def result_texts(record: Record) -> list[str]:
    """Every result sentence in record order (a section's items follow its place)."""
    texts: list[str] = []
    for entry in record.results:
        if isinstance(entry, Section):
            texts += [as_item(i).text for i in entry.items]
        else:
            texts.append(as_item(entry).text)
    return texts


def compose_notice(record: Record, templates: Path | None = None) -> Document:
    """The Thông báo kết luận of ``record`` (which has a meeting, conclusions and documents.notice)."""
    notice, meeting, conclusions = record.documents.notice, record.meeting, record.conclusions
    assert notice and meeting and conclusions, "validated by records.load.cross_check"
    chair = person(meeting.chair)
    organizer = meeting.organizer or record.agency.name

    def prose(name: str, **context: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"notice/{name}.j2", templates, **context)]

    blocks: list[Block] = [
        header("notice", record.agency, notice, meeting.date),
        Title(kind=TITLE, subject=notice.subject, draft_mark=notice.draft),
    ]
    blocks += prose("opening", agency=record.agency, meeting=meeting, organizer=organizer)
    blocks += prose("reports", meeting=meeting, chair=chair)
    blocks += prose("assessment", results=result_texts(record), shortcomings=record.shortcomings)
    blocks += prose("intro", conclusions=conclusions, chair=chair)
    items = [as_item(entry) for entry in conclusions.items]
    for number, item in enumerate(items, start=1):
        own = _own_deadline(item, conclusions.deadline)
        (text,) = paragraphs("notice/item.j2", templates, item=own)
        blocks.append(NumberedItem(label=f"{number}.", text=text))
    if conclusions.deadline:
        exceptions = any(i.deadline and i.deadline != conclusions.deadline for i in items)
        blocks += prose("deadline", deadline=conclusions.deadline, exceptions=exceptions)
    blocks += [Paragraph(text) for text in notice.body]  # kept verbatim (an imported document)
    blocks += closed(prose("closing", notice=notice, agency=record.agency, chair=chair))
    blocks.append(sign_off(notice, record.agency))
    return document("notice", record.agency, notice, notice.subject, blocks)


def _own_deadline(item: Item, shared: object) -> Item:
    """The item with its deadline only when it differs from the deadline shared by all items."""
    if item.deadline is None or item.deadline == shared:
        return item.model_copy(update={"deadline": None})
    return item
