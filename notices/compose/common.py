"""Pieces every administrative document shares: header, number, date line, sign-off."""

from __future__ import annotations

import datetime as dt

from notices import kinds, vn
from notices.model import Block, Document, Header, Number, Paragraph, Recipients, Signer, SignOff
from notices.records.models import Agency, Issued, Item, Person, Record
from notices.records.models import Signer as SignerRecord


def number(kind: str, agency: Agency, doc: Issued) -> Number:
    """The document's số, ký hiệu (the catalogue's rule for ``kind``) and date, as values."""
    unit = getattr(doc, "unit", None) or agency.unit  # a Công văn's ký hiệu names its drafting unit
    return Number(doc.number, kinds.kind(kind).notation(agency.code, unit), doc.date)


def issue_year(doc: Issued, fallback: dt.date | None) -> int:
    """The year printed on the document: its date's, its ``year``, or the meeting's."""
    if doc.date is not None:
        return doc.date.year
    if doc.year is not None:
        return doc.year
    if fallback is not None:
        return fallback.year
    return dt.date.today().year


def header(kind: str, agency: Agency, doc: Issued, fallback: dt.date | None, summary: str | None = None) -> Header:
    """The page-1 head of a document of ``kind`` (Mẫu 1.4; with ``summary``, a Công văn's "V/v …")."""
    date_text = vn.header_date(doc.date, issue_year(doc, fallback))
    shown = number(kind, agency, doc)
    return Header(
        parent=vn.upper(agency.parent) if agency.parent else None,
        agency=vn.upper("\n".join(agency.header) if agency.header else agency.name),  # the office's own lines
        number=vn.number_line(shown.number, shown.notation),
        place_date=f"{agency.place}, {date_text}",
        summary=summary,
    )


def document(kind: str, agency: Agency, doc: Issued, subject: str, blocks: list[Block]) -> Document:
    """The finished document of ``kind``: its file name, metadata title and number from the catalogue."""
    return Document(
        kind=kind,
        name=kinds.kind(kind).file,
        title=document_title(kind, doc, agency, subject),
        blocks=tuple(blocks),
        author=agency.name,
        number=number(kind, agency, doc),
    )


def signer(record: SignerRecord) -> Signer:
    """The signature block: authority lines and title in capitals, the name as written."""
    return Signer(
        authority=tuple(vn.upper(line) for line in record.authority),
        title=vn.upper(record.title),
        name=record.name,
    )


def sign_off(doc: Issued, agency: Agency) -> SignOff:
    """Nơi nhận on the left, the signer on the right."""
    archive = tuple(doc.archive_line(agency))
    recipients = Recipients(items=tuple(map(vn.bare_recipient, doc.recipients)), archive=archive)
    signers = (signer(doc.signer),) if doc.signer else ()
    return SignOff(signers=signers, recipients=recipients)


def person(p: Person) -> str:
    """'Ngô Đức Trọng - Chủ tịch UBND huyện' (spaced hyphen, Phụ lục I)."""
    return f"{p.name} - {p.title}" if p.title else p.name


def as_item(entry: str | Item) -> Item:
    """A plain-text entry as an :class:`Item` (no validation needed: it already passed)."""
    return entry if isinstance(entry, Item) else Item.model_construct(text=entry)


def document_title(kind: str, doc: Issued, agency: Agency, subject: str) -> str:
    """Metadata title: 'Thông báo số 05/TB-UBND: …', or 'Thông báo (dự thảo): …' for a draft."""
    shown = number(kind, agency, doc)
    numbered = f" số {vn.number_label(shown.number, shown.notation)}" if doc.number else " (dự thảo)"
    return f"{kinds.kind(kind).name}{numbered}: {subject}"


def closed(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The closing paragraphs, the last one ending the document with './.'."""
    return [*paragraphs[:-1], Paragraph(end_text(paragraphs[-1].text))]


def end_text(text: str) -> str:
    """The last sentence of a document, closed with './.' (Mẫu 1.4)."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return text + ("/." if text.endswith(".") else "./.")


def notice_reference(record: Record) -> str | None:
    """'Thông báo số 112/TB-UBND ngày 15/7/2024' when the record's notice is numbered and dated, else None.

    What a Công văn, Kế hoạch or Tờ trình following the meeting cites; the số and ký hiệu are the
    catalogue's, from the notice's values (never read back from its printed line).
    """
    notice = record.documents.notice
    if notice is None or notice.number is None or notice.date is None:
        return None
    shown = number("notice", record.agency, notice)
    return f"{kinds.kind('notice').name} số {vn.number_label(shown.number, shown.notation)} " \
           f"ngày {vn.body_date(notice.date)}"


def with_as_above(doc: Issued, agency: Agency) -> SignOff:
    """The sign-off of a document with "Kính gửi": its Nơi nhận starts "- Như trên;" (Phụ lục I, II.9)."""
    foot = sign_off(doc, agency)
    assert foot.recipients is not None
    items = foot.recipients.items
    if not items or vn.fold(items[0]) != vn.fold(AS_ABOVE):
        items = (AS_ABOVE, *items)
    return SignOff(signers=foot.signers, recipients=Recipients(items, foot.recipients.archive))


AS_ABOVE = "Như trên"
