"""Báo cáo (BC): a period report in Mẫu 1.4, structured by Roman-numbered parts and numbered sections
(Phụ lục I, II.6: "I. NHỮNG KẾT QUẢ…" in capitals, bold), with its tables of figures."""

from __future__ import annotations

from pathlib import Path

from notices import vn
from notices.compose.common import as_item, closed, document, header, sign_off
from notices.compose.figures import cell, metric_phrase
from notices.compose.templates import paragraphs
from notices.kinds import kind
from notices.model import Block, Document, Heading, Paragraph, Table, Title
from notices.records.models import Item, Record, Section
from notices.records.models import Table as TableRecord

_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
          ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))

TITLE = kind("report").title


def roman(n: int) -> str:
    """1 → 'I', 4 → 'IV', 14 → 'XIV'."""
    out = ""
    for letters, value in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def item_text(entry: str | Item, templates: Path | None, *, target: bool = False) -> str:
    """One result or task as printed: its text exactly, its assignee, deadline and frequency woven in
    when the text does not say them (the notice's item template), then its figures when missing."""
    item = as_item(entry)
    (text,) = paragraphs("notice/item.j2", templates, item=item)
    phrase = metric_phrase(item.metric, item.text)
    if phrase:
        (sentence,) = paragraphs("report/metric.j2", templates, phrase=phrase, target=target)
        text = f"{text} {sentence}"
    return text


def table(record: TableRecord) -> Table:
    """A table of figures: numbers in Vietnamese format, text cells as written."""
    columns = tuple(record.columns)
    figures = tuple(  # a column of figures: any cell a number, or text with digits ("trên 16.000")
        any(not isinstance(row[i], str) or any(c.isdigit() for c in row[i]) for row in record.rows)
        for i in range(len(columns))
    )
    return Table(
        caption=record.caption,
        columns=columns,
        rows=tuple(tuple(cell(value) for value in row) for row in record.rows),
        figures=figures,
    )


def lower_start(text: str) -> str:
    """'Kết quả …' → 'kết quả …' for use inside a sentence; 'CCHC …' and proper names stay."""
    words = text.split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return first[0].lower() + text[1:]
    return text


def compose_report(record: Record, templates: Path | None = None) -> Document:
    """The Báo cáo of ``record`` (which has ``report`` and documents.report)."""
    doc, report = record.documents.report, record.report
    assert doc and report, "validated by records.load.cross_check"

    def prose(name: str, **context: object) -> list[Paragraph]:
        return [Paragraph(t) for t in paragraphs(f"report/{name}.j2", templates, **context)]

    blocks: list[Block] = [
        header("report", record.agency, doc, None),
        Title(kind=TITLE, subject=report.subject, draft_mark=doc.draft),
    ]
    blocks += prose("background", report=report, agency=record.agency)
    parts: list[tuple[str, list[Block]]] = []
    if record.results:
        parts.append(("results", _results(record, templates)))
    if record.shortcomings:
        parts.append(("shortcomings", [p for t in record.shortcomings for p in prose("shortcoming", text=t)]))
    if record.tasks:
        parts.append(("tasks", [Paragraph(item_text(t, templates, target=True)) for t in record.tasks]))
    if record.recommendations:
        wishes = [p for t in record.recommendations for p in prose("shortcoming", text=t)]
        parts.append(("recommendations", wishes))
    for number, (part, body) in enumerate(parts, start=1):
        (title,) = paragraphs("report/headings.j2", templates, part=part, report=report)
        blocks.append(Heading(level=1, label=f"{roman(number)}.", text=vn.upper(title)))
        blocks += body
    blocks += [Paragraph(text) for text in doc.body]  # kept verbatim (an imported document)
    blocks += closed(prose("closing", report=report, agency=record.agency, subject=lower_start(report.subject)))
    blocks.append(sign_off(doc, record.agency))
    return document("report", record.agency, doc, report.subject, blocks)


def _results(record: Record, templates: Path | None) -> list[Block]:
    """Loose results as paragraphs; each section as '1. Heading', its items, then its table."""
    blocks: list[Block] = []
    number = 0
    for entry in record.results:
        if isinstance(entry, Section):
            number += 1
            blocks.append(Heading(level=2, label=f"{number}.", text=entry.heading))
            blocks += [Paragraph(item_text(i, templates)) for i in entry.items]
            if entry.table is not None:
                blocks.append(table(entry.table))
        else:
            blocks.append(Paragraph(item_text(entry, templates)))
    return blocks
