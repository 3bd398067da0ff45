"""Giấy mời (GM): the invitation sent before a meeting, in Mẫu 1.7."""

from __future__ import annotations

from pathlib import Path

from notices.compose.common import closed, document, header, person, sign_off
from notices.compose.templates import paragraphs
from notices.kinds import kind
from notices.model import Block, Document, Paragraph, Recipients, SignOff, Title
from notices.records.models import Meeting, Record

# Nơi nhận of an invitation sent to the people it names, when the record lists no other recipient.
AS_INVITED = "Như thành phần mời"

TITLE = kind("invitation").title


def meeting_word(meeting: Meeting) -> str:
    """What the meeting is called in running text: 'hội nghị', 'hội thảo' or 'cuộc họp' (Mẫu 1.9)."""
    from notices import vn

    name = vn.fold(meeting.name)
    for word in ("hội nghị", "hội thảo"):
        if vn.fold(word) in name.split(",")[0]:
            return word
    return "cuộc họp"


def invitees(record: Record) -> list[str]:
    """Whom the invitation names: its own list, else the meeting's named guests and attendees."""
    invitation, meeting = record.documents.invitation, record.meeting
    assert invitation and meeting
    if invitation.invitees:
        return list(invitation.invitees)
    return [f"đồng chí {person(g)}" for g in meeting.guests] + list(meeting.attendees)


def compose_invitation(record: Record, templates: Path | None = None) -> Document:
    """The Giấy mời of ``record`` (which has a meeting and documents.invitation)."""
    invitation, meeting = record.documents.invitation, record.meeting
    assert invitation and meeting, "validated by records.load.cross_check"
    context = {"agency": record.agency, "meeting": meeting, "word": meeting_word(meeting)}

    def prose(name: str, **more: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"invitation/{name}.j2", templates, **context, **more)]

    if invitation.subject:
        subject = invitation.subject
    else:
        (subject,) = paragraphs("invitation/subject.j2", templates, **context)
    blocks: list[Block] = [
        header("invitation", record.agency, invitation, meeting.date),
        Title(kind=TITLE, subject=subject, draft_mark=invitation.draft),
    ]
    blocks += prose("body", invitees=invitees(record), chair=person(meeting.chair))
    blocks += prose("notes", notes=invitation.notes)
    blocks += [Paragraph(text) for text in invitation.body]  # kept verbatim (an imported document)
    blocks += closed(prose("closing"))
    foot = sign_off(invitation, record.agency)
    if not invitation.recipients:
        archive = tuple(invitation.archive_line(record.agency))
        foot = SignOff(signers=foot.signers, recipients=Recipients((AS_INVITED,), archive))
    blocks.append(foot)
    return document("invitation", record.agency, invitation, subject, blocks)
