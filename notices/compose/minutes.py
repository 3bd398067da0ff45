"""Biên bản họp (BB): the minutes taken during a meeting, in Mẫu 1.9 — two signatures, the secretary's
on the left and the chair's on the right, then Nơi nhận ending "- Lưu: VT, Hồ sơ."."""

from __future__ import annotations

from pathlib import Path

from notices import vn
from notices.compose.common import as_item, closed, document, header, person, signer
from notices.compose.invitation import meeting_word
from notices.compose.report import item_text
from notices.compose.templates import paragraphs
from notices.kinds import kind
from notices.model import (
    Block,
    Document,
    Heading,
    NumberedItem,
    Paragraph,
    Recipients,
    Signer,
    SignOff,
    Title,
)
from notices.records.models import Item, Record

SECRETARY = "THƯ KÝ"
CHAIR = "CHỦ TỌA"
# Mẫu 1.9's archive line, used when the record names no archive: the minutes go to the meeting's file.
ARCHIVE = ("VT", "Hồ sơ")

TITLE = kind("minutes").title


def compose_minutes(record: Record, templates: Path | None = None) -> Document:
    """The Biên bản of ``record`` (which has a meeting with a secretary, and documents.minutes)."""
    minutes, meeting = record.documents.minutes, record.meeting
    assert minutes is not None and meeting and meeting.secretary, "validated by records.load.cross_check"
    word = meeting_word(meeting)
    chair = person(meeting.chair)

    def prose(name: str, **context: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"minutes/{name}.j2", templates, word=word, **context)]

    def heading(number: int, part: str) -> Heading:
        (text,) = paragraphs("minutes/headings.j2", templates, part=part, word=word, chair=chair)
        return Heading(level=2, label=f"{number}.", text=text)

    # The minutes are dated the day of the meeting unless the record says otherwise.
    dated = minutes if minutes.date else minutes.model_copy(update={"date": meeting.date, "year": None})
    blocks: list[Block] = [
        header("minutes", record.agency, dated, meeting.date),
        Title(kind=TITLE, subject=vn.sentence_case(meeting.name), draft_mark=minutes.draft),
    ]
    present = [f"đồng chí {person(g)}" for g in meeting.guests] + list(meeting.attendees)
    blocks += prose("opening", meeting=meeting, chair=chair, secretary=person(meeting.secretary),
                    present=present)
    parts: list[tuple[str, list[Block]]] = []
    if meeting.agenda:
        parts.append(("agenda", prose("agenda", meeting=meeting)))
    results = [item_text(e, templates) for e in _flat_results(record)]
    if meeting.reports or results or record.shortcomings:
        parts.append(("reports", prose("reports", meeting=meeting, results=results,
                                       shortcomings=record.shortcomings)))
    if record.discussion:
        parts.append(("discussion", prose("discussion", discussion=record.discussion)))
    if record.conclusions:
        parts.append(("conclusions", _conclusions(record, chair, word, templates)))
    for number, (part, body) in enumerate(parts, start=1):
        blocks.append(heading(number, part))
        blocks += body
    blocks += [Paragraph(text) for text in minutes.body]  # kept verbatim (an imported document)
    blocks += closed(prose("closing", meeting=meeting))
    blocks.append(_sign_off(record))
    return document("minutes", record.agency, minutes, vn.sentence_case(meeting.name), blocks)


def _flat_results(record: Record) -> list[str | Item]:
    """Every result entry in record order, a section's items in its place."""
    from notices.records.models import Section

    flat: list[str | Item] = []
    for entry in record.results:
        flat += list(entry.items) if isinstance(entry, Section) else [entry]
    return flat


def _conclusions(record: Record, chair: str, word: str, templates: Path | None) -> list[Block]:
    """The chair's conclusions as points a), b)… with the shared deadline after them."""
    conclusions = record.conclusions
    assert conclusions
    blocks: list[Block] = [
        Paragraph(t) for t in paragraphs("minutes/conclusions.j2", templates, conclusions=conclusions,
                                         chair=chair, word=word)
    ]
    items = [as_item(e) for e in conclusions.items]
    letters = len(vn.text.POINT_LETTERS)
    for number, item in enumerate(items, start=1):
        if item.deadline == conclusions.deadline:
            item = item.model_copy(update={"deadline": None})
        label = vn.point_label(number) if len(items) <= letters else f"{number}."
        blocks.append(NumberedItem(label=label, text=item_text(item, templates)))
    if conclusions.deadline:
        exceptions = any(i.deadline and i.deadline != conclusions.deadline for i in items)
        blocks += [Paragraph(t) for t in paragraphs("notice/deadline.j2", templates,
                                                    deadline=conclusions.deadline, exceptions=exceptions)]
    return blocks


def _sign_off(record: Record) -> SignOff:
    """THƯ KÝ (left) and CHỦ TỌA (right), each with the name; the record's own signer, if given,
    signs as the chair. Nơi nhận under them (Mẫu 1.9): the record's recipients, then "Lưu:" with the
    record's archive or Mẫu 1.9's "VT, Hồ sơ"."""
    minutes, meeting = record.documents.minutes, record.meeting
    assert minutes is not None and meeting and meeting.secretary
    secretary = Signer(authority=(), title=SECRETARY, name=meeting.secretary.name)
    chair = Signer(authority=(), title=CHAIR, name=meeting.chair.name)
    if minutes.signer:
        chair = signer(minutes.signer)
    recipients = Recipients(items=tuple(map(vn.bare_recipient, minutes.recipients)),
                            archive=tuple(minutes.archive) or ARCHIVE)
    return SignOff(signers=(secretary, chair), recipients=recipients)
