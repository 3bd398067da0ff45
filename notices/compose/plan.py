"""Kế hoạch (KH, Mẫu 1.4): carrying a meeting's conclusions out.

"I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG" with the tasks as a table (nội dung, đơn vị chủ trì, phối hợp,
thời gian) made from the conclusions with their assignees and deadlines, "III. TỔ CHỨC THỰC HIỆN".
"""

from __future__ import annotations

from pathlib import Path

from notices import vn
from notices.compose.common import as_item, closed, document, header, notice_reference, person, sign_off
from notices.compose.report import roman
from notices.compose.templates import paragraphs
from notices.kinds import kind
from notices.model import Block, Document, Heading, Paragraph, Table, Title
from notices.records.models import Record

TITLE = kind("plan").title
COLUMNS = ("TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành")
SHARES = (8, 39, 18, 18, 17)  # TT narrow, the task wide; the units and the deadline between
CAPTION = "Các nhiệm vụ cụ thể"


def tasks(record: Record, templates: Path | None) -> Table:
    """The table of tasks: one row per conclusion, its assignee, partners and deadline."""
    assert record.conclusions is not None, "validated by records.load.cross_check"
    shared = record.conclusions.deadline
    rows = []
    for number, entry in enumerate(record.conclusions.items, start=1):
        item = as_item(entry)
        (when,) = paragraphs("plan/deadline.j2", templates, item=item, shared=shared)
        rows.append((str(number), item.text, item.assignee or "", item.partners or "", when))
    return Table(caption=CAPTION, columns=COLUMNS, rows=tuple(rows), figures=(True, False, False, False, False),
                 shares=SHARES)


def compose_plan(record: Record, templates: Path | None = None) -> Document:
    """The Kế hoạch of ``record`` (which has documents.plan and ``conclusions``)."""
    plan, meeting = record.documents.plan, record.meeting
    assert plan and record.conclusions, "validated by records.load.cross_check"
    context = {"agency": record.agency, "meeting": meeting, "chair": person(meeting.chair) if meeting else None}

    def prose(name: str, **more: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"plan/{name}.j2", templates, **context, **more)]

    def heading(number: int, part: str) -> Heading:
        (text,) = paragraphs("plan/headings.j2", templates, part=part)
        return Heading(level=1, label=f"{roman(number)}.", text=vn.upper(text))

    blocks: list[Block] = [
        header("plan", record.agency, plan, meeting.date if meeting else None),
        Title(kind=TITLE, subject=plan.subject, draft_mark=plan.draft),
    ]
    blocks += prose("opening", reference=plan.reference or notice_reference(record))
    blocks.append(heading(1, "purposes"))
    blocks += [Paragraph(t) for t in plan.purposes] or prose("purposes")
    blocks.append(heading(2, "content"))
    blocks += prose("content", count=len(record.conclusions.items))
    blocks.append(tasks(record, templates))
    blocks += [Paragraph(text) for text in plan.body]  # kept verbatim (an imported document)
    blocks.append(heading(3, "organization"))
    blocks += closed([Paragraph(t) for t in plan.organization] or prose("organization"))
    blocks.append(sign_off(plan, record.agency))
    return document("plan", record.agency, plan, plan.subject, blocks)
