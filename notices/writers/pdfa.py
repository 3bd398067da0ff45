"""The archive copy: the same document as PDF/A-3b, its YAML record embedded, its facts in XMP.

WeasyPrint writes PDF/A-3b (output intent, embedded fonts, XMP identification); a finisher adds
what an archive needs while the PDF is being written, with no second pass over the file:

- the record file, byte for byte, as an associated file (``/AFRelationship /Source``), listed
  once in the catalog's ``/AF`` (WeasyPrint 70 lists it twice, Kozea/WeasyPrint#2917);
- XMP carrying the number, date, agency, subject and signer, in Dublin Core where it has a term
  (``dc:identifier``, ``dc:date``, ``dc:publisher``, ``dc:description``, ``dc:creator``) and in a
  small schema of ours (``vb:``) described by a PDF/A extension schema, as PDF/A requires for
  properties outside the predefined schemas; the Info dictionary says the same as the XMP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring
from zoneinfo import ZoneInfo

from notices import vn
from notices.errors import UserError
from notices.model import Document, Header, SignOff, Title

VARIANT = "pdf/a-3b"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RECORD_DESCRIPTION = "Hồ sơ YAML gốc của văn bản"
YAML_TYPE = "application/yaml"

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_VB = "urn:notices:van-ban:1.0#"  # our schema: facts of an administrative document (văn bản)
NS_EXT = "http://www.aiim.org/pdfa/ns/extension/"
NS_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
NS_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
for _prefix, _uri in (("rdf", NS_RDF), ("dc", NS_DC), ("vb", NS_VB), ("pdfaExtension", NS_EXT),
                      ("pdfaSchema", NS_SCHEMA), ("pdfaProperty", NS_PROPERTY)):
    register_namespace(_prefix, _uri)

# vb: properties, each with its description for the PDF/A extension schema.
PROPERTIES = (
    ("kind", "Loại văn bản (khóa trong danh mục notices.kinds: notice, official_letter, plan…)"),
    ("number", "Số và ký hiệu văn bản, ví dụ 05/TB-UBND; trống khi là dự thảo"),
    ("date", "Ngày ban hành (ISO 8601)"),
    ("agency", "Cơ quan ban hành"),
    ("subject", "Trích yếu nội dung"),
    ("signer", "Họ tên người ký"),
    ("signerTitle", "Quyền hạn và chức vụ người ký"),
    ("record", "Tên tệp hồ sơ YAML đính kèm"),
    ("recordSha256", "SHA-256 của tệp hồ sơ YAML đính kèm"),
)


@dataclass(frozen=True)
class ArchiveFacts:
    """What the archive copy says about itself (XMP and the Info dictionary)."""

    kind: str
    title: str
    number: str | None
    date: str | None
    agency: str
    subject: str
    signer: str
    signer_title: str
    record_name: str
    record_sha256: str

    def properties(self) -> dict[str, str]:
        """The ``vb:`` properties that have a value."""
        values = {"kind": self.kind, "number": self.number, "date": self.date, "agency": self.agency,
                  "subject": self.subject, "signer": self.signer, "signerTitle": self.signer_title,
                  "record": self.record_name, "recordSha256": self.record_sha256}
        return {k: v for k, v in values.items() if v}


def facts(document: Document, record_name: str, record_bytes: bytes, record: Any = None) -> ArchiveFacts:
    """The archive facts of ``document``: read from its blocks, the date and agency from ``record``."""
    header = next((b for b in document.blocks if isinstance(b, Header)), None)
    title = next((b for b in document.blocks if isinstance(b, Title)), None)
    sign_off = next((b for b in document.blocks if isinstance(b, SignOff)), None)
    shown = document.number  # values, never read back from the printed "Số: …" line
    number = vn.number_label(shown.number, shown.notation) if shown and shown.number is not None else None
    date = shown.date.isoformat() if shown and shown.date else None
    agency = record.agency.name if record is not None else None
    signers = sign_off.signers if sign_off else ()
    return ArchiveFacts(
        kind=document.kind,
        title=document.title,
        number=number,
        date=date,
        agency=agency or (header.agency if header else ""),
        subject=title.subject if title else document.title,
        signer="; ".join(s.name for s in signers),
        signer_title="; ".join(" ".join((*s.authority, s.title)) for s in signers),
        record_name=record_name,
        record_sha256=hashlib.sha256(record_bytes).hexdigest(),
    )


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as PDF/A-3b; ``options["record"]`` is the loaded record (its file
    embedded); ``options["finishers"]`` run first (render passes the signature field's)."""
    loaded = (options or {}).get("record")
    if loaded is None:
        raise UserError(f"{document.title}: bản PDF/A-3b cần hồ sơ YAML gốc để đính kèm.")
    write_archive(document, path, loaded.path, loaded.record, finishers=tuple((options or {}).get("finishers", ())))


def write_archive(document: Document, path: Path, record_path: Path, record: Any = None,
                  now: dt.datetime | None = None, finishers: tuple[Any, ...] = ()) -> None:
    """Write ``document`` to ``path`` as PDF/A-3b with the record file at ``record_path`` embedded."""
    from weasyprint import Attachment

    from notices.writers import pdf as pdf_writer

    data = record_path.read_bytes()
    archive = facts(document, record_path.name, data, record)
    now = (now or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    mimetypes.add_type(YAML_TYPE, ".yaml")  # Python 3.11 does not know YAML: the file's /Subtype needs it
    mimetypes.add_type(YAML_TYPE, ".yml")
    attachment = Attachment(string=data, name=record_path.name, description=RECORD_DESCRIPTION,
                            created=now, modified=now, relationship="Source")
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for the output intent without closing it (the file is
        # closed by its finaliser at once): not ours to fix, and harmless.
        warnings.filterwarnings("ignore", category=ResourceWarning, message=r"unclosed file .*sRGB2014\.icc")
        pdf_writer.write(document, path, {
            "pdf_variant": VARIANT,
            "attachments": [attachment],
            "finishers": (*finishers, lambda laid_out, pdf: finish(laid_out, pdf, archive, now)),
        })


def finish(laid_out: Any, pdf: Any, archive: ArchiveFacts, now: dt.datetime) -> None:
    """WeasyPrint finisher: /AF listed once, metadata in Info and XMP saying the same."""
    import pydyf

    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    metadata = laid_out.metadata
    metadata.title = archive.title
    metadata.authors = [archive.agency]
    metadata.description = archive.subject
    metadata.keywords = [k for k in (archive.number, archive.signer) if k]
    metadata.generator = "notices"
    metadata.created = metadata.modified = now.isoformat()
    info = {"Title": metadata.title, "Author": ", ".join(metadata.authors), "Subject": metadata.description,
            "Keywords": ", ".join(metadata.keywords), "Creator": metadata.generator,
            "CreationDate": pdf_date(now), "ModDate": pdf_date(now)}
    for key, value in info.items():
        if value:
            pdf.info[key] = pydyf.String(value)
    stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    stream.stream = [xmp_packet(metadata.generate_rdf_metadata("a", 3, "B"), archive)]


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string with the zone: D:20261202051357+07'00'."""
    offset = moment.strftime("%z")
    return f"D:{moment:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def xmp_packet(rdf_bytes: bytes, archive: ArchiveFacts) -> bytes:
    """WeasyPrint's RDF plus the archive facts, wrapped as one XMP packet."""
    rdf = fromstring(rdf_bytes)
    dc = _description(rdf)
    _bag(dc, f"{{{NS_DC}}}identifier", [archive.number] if archive.number else [])
    _bag(dc, f"{{{NS_DC}}}publisher", [archive.agency])
    if archive.date:
        _bag(dc, f"{{{NS_DC}}}date", [archive.date], kind="Seq")
    vb = _description(rdf)
    for name, value in archive.properties().items():
        SubElement(vb, f"{{{NS_VB}}}{name}").text = value
    _extension_schema(_description(rdf))
    return (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + tostring(rdf, encoding="utf-8").split(b"?>", 1)[-1]
            + b"</x:xmpmeta>\n" + b" " * 2000 + b'\n<?xpacket end="r"?>')


def _description(rdf: Element) -> Element:
    element = SubElement(rdf, f"{{{NS_RDF}}}Description")
    element.set(f"{{{NS_RDF}}}about", "")
    return element


def _bag(parent: Element, tag: str, values: Iterable[str], kind: str = "Bag") -> None:
    values = list(values)
    if not values:
        return
    container = SubElement(SubElement(parent, tag), f"{{{NS_RDF}}}{kind}")
    for value in values:
        SubElement(container, f"{{{NS_RDF}}}li").text = value


def _extension_schema(parent: Element) -> None:
    """PDF/A (ISO 19005-3, 6.6.2.3): properties outside the predefined schemas are described here."""
    resource = {f"{{{NS_RDF}}}parseType": "Resource"}
    bag = SubElement(SubElement(parent, f"{{{NS_EXT}}}schemas"), f"{{{NS_RDF}}}Bag")
    schema = SubElement(bag, f"{{{NS_RDF}}}li", resource)
    SubElement(schema, f"{{{NS_SCHEMA}}}schema").text = "Văn bản hành chính (notices)"
    SubElement(schema, f"{{{NS_SCHEMA}}}namespaceURI").text = NS_VB
    SubElement(schema, f"{{{NS_SCHEMA}}}prefix").text = "vb"
    seq = SubElement(SubElement(schema, f"{{{NS_SCHEMA}}}property"), f"{{{NS_RDF}}}Seq")
    for name, description in PROPERTIES:
        item = SubElement(seq, f"{{{NS_RDF}}}li", resource)
        SubElement(item, f"{{{NS_PROPERTY}}}name").text = name
        SubElement(item, f"{{{NS_PROPERTY}}}valueType").text = "Text"
        SubElement(item, f"{{{NS_PROPERTY}}}category").text = "external"
        SubElement(item, f"{{{NS_PROPERTY}}}description").text = description
