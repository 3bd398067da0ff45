"""Tờ trình (TTr, Mẫu 1.4): asking the level above for what a meeting could not decide.

"Kính gửi:" the level above (Phụ lục I, II.9: a Tờ trình sent upward has it), the grounds, the numbered
requests, and the closing "Kính trình … xem xét, quyết định./."; Nơi nhận starts "- Như trên;".
"""

from __future__ import annotations

from pathlib import Path

from notices import vn
from notices.compose.common import closed, document, header, notice_reference, person, with_as_above
from notices.compose.report import roman
from notices.compose.templates import paragraphs
from notices.kinds import kind
from notices.model import Addressees, Block, Document, Heading, NumberedItem, Paragraph, Title
from notices.records.models import Record

TITLE = kind("proposal").title


def compose_proposal(record: Record, templates: Path | None = None) -> Document:
    """The Tờ trình of ``record`` (which has documents.proposal)."""
    proposal, meeting = record.documents.proposal, record.meeting
    assert proposal, "validated by records.load.cross_check"
    to = ", ".join(proposal.to)
    context = {"agency": record.agency, "meeting": meeting, "to": to,
               "chair": person(meeting.chair) if meeting else None}

    def prose(name: str, **more: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"proposal/{name}.j2", templates, **context, **more)]

    def heading(number: int, part: str) -> Heading:
        (text,) = paragraphs("proposal/headings.j2", templates, part=part)
        return Heading(level=1, label=f"{roman(number)}.", text=vn.upper(text))

    blocks: list[Block] = [
        header("proposal", record.agency, proposal, meeting.date if meeting else None),
        Title(kind=TITLE, subject=proposal.subject, draft_mark=proposal.draft),
        Addressees(tuple(proposal.to)),
    ]
    blocks += prose("opening", reference=proposal.reference or notice_reference(record))
    parts = 0
    if proposal.grounds:
        parts += 1
        blocks.append(heading(parts, "grounds"))
        blocks += [Paragraph(text) for text in proposal.grounds]
    if parts:
        blocks.append(heading(parts + 1, "requests"))
    blocks += [NumberedItem(label=f"{n}.", text=text) for n, text in enumerate(proposal.requests, start=1)]
    blocks += [Paragraph(text) for text in proposal.body]  # kept verbatim (an imported document)
    blocks += closed(prose("closing", proposal=proposal))
    blocks.append(with_as_above(proposal, record.agency))
    return document("proposal", record.agency, proposal, proposal.subject, blocks)
