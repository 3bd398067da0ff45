"""A structural PDF/A-3b gate (veraPDF cannot be installed here), read with pikepdf, never written.

It checks what the archive copy must keep through signing: XMP identification (part 3, B), one
sRGB output intent with its ICC profile, a trailer ID, no encryption and no JavaScript, every font
embedded with a ToUnicode map, associated files listed once with their relationship, embedded
files with a MIME subtype and a modification date, printable widgets with a normal appearance,
and the Info dictionary saying what the XMP says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INFO_TO_XMP = {  # Info key → (XMP property, how a list reads)
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}


@dataclass(frozen=True)
class Embedded:
    """A file associated with the document."""

    name: str
    data: bytes
    relationship: str
    subtype: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def problems(path: Path) -> list[str]:
    """Every PDF/A-3b requirement the file at ``path`` breaks (empty: it passes this gate)."""
    import pikepdf

    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            found.append("tệp được mã hóa (PDF/A cấm /Encrypt)")
        if "/ID" not in pdf.trailer:
            found.append("thiếu /ID trong trailer")
        xmp = _xmp(pdf, found)
        if xmp is not None:
            part = xmp.get("pdfaid:part")
            conformance = xmp.get("pdfaid:conformance")
            if str(part) != "3" or str(conformance) != "B":
                found.append(f"XMP không khai báo PDF/A-3b (part={part}, conformance={conformance})")
            _info_matches_xmp(pdf, xmp, found)
            _extension_schemas(pdf.Root.Metadata.read_bytes(), found)
        intents = root.get("/OutputIntents", [])
        if len(intents) != 1:
            found.append(f"cần đúng một /OutputIntents, có {len(intents)}")
        for intent in intents:
            if intent.get("/S") != "/GTS_PDFA1" or "/DestOutputProfile" not in intent:
                found.append("/OutputIntents không phải GTS_PDFA1 kèm hồ sơ màu ICC")
        names = root.get("/Names", {})
        if "/JavaScript" in names or "/OpenAction" in root and "/JS" in root.OpenAction:
            found.append("có JavaScript")
        _associated_files(pdf, found)
        _fonts_and_widgets(pdf, found)
    return found


def claims_pdfa(path: Path) -> bool:
    """Whether the file says it is PDF/A (an XMP ``pdfaid:part``), whatever it really is."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        if "/Metadata" not in pdf.Root:
            return False
        return "pdfaid:part" in pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


def _xmp(pdf: Any, found: list[str]) -> Any:
    if "/Metadata" not in pdf.Root:
        found.append("thiếu luồng siêu dữ liệu XMP")
        return None
    return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


# Schemas PDF/A predefines (ISO 19005-1, 6.7.2; XMP 2004); any other namespace needs an extension schema.
PREDEFINED = {
    "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/pdf/1.3/", "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/", "http://ns.adobe.com/xap/1.0/g/img/",
    "http://ns.adobe.com/tiff/1.0/", "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://www.aiim.org/pdfa/ns/id/", "http://www.aiim.org/pdfa/ns/extension/", "http://www.aiim.org/pdfa/ns/schema#",
    "http://www.aiim.org/pdfa/ns/property#", "http://www.aiim.org/pdfa/ns/type#", "http://www.aiim.org/pdfa/ns/field#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/XML/1998/namespace", "adobe:ns:meta/",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
}


def _extension_schemas(packet: bytes, found: list[str]) -> None:
    """Every property outside the predefined schemas is described by a PDF/A extension schema."""
    from xml.etree.ElementTree import ParseError, fromstring

    try:
        start, end = packet.index(b"<x:xmpmeta"), packet.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
        root = fromstring(packet[start:end])
    except (ValueError, ParseError):
        found.append("XMP không đọc được (XML hỏng)")
        return
    uri_tag = "{http://www.aiim.org/pdfa/ns/schema#}namespaceURI"
    declared = {e.text for e in root.iter(uri_tag) if e.text} | {
        e.attrib[uri_tag] for e in root.iter() if uri_tag in e.attrib}
    used = set()
    for element in root.iter():
        for name in (element.tag, *element.attrib):
            if name.startswith("{"):
                used.add(name[1:].split("}", 1)[0])
    for namespace in sorted(used - PREDEFINED - declared):
        found.append(f"XMP dùng lược đồ {namespace} mà không khai báo lược đồ mở rộng PDF/A")
    _declared_prefixes(packet[start:end], root, found)


def _declared_prefixes(packet: bytes, root: Any, found: list[str]) -> None:
    """Each extension schema's properties are written with the prefix the schema declares (pdfaSchema:prefix):
    a rewrite that names the namespace ns0 (pyHanko's XMP writer, for a namespace it does not know) breaks it."""
    import re

    schema = "{http://www.aiim.org/pdfa/ns/schema#}"
    wanted = {}
    for element in root.iter():
        uri = element.findtext(schema + "namespaceURI") or element.get(schema + "namespaceURI")
        prefix = element.findtext(schema + "prefix") or element.get(schema + "prefix")
        if uri and prefix:
            wanted[uri.strip()] = prefix.strip()
    for prefix, uri in re.findall(rb'xmlns:([\w.-]+)\s*=\s*["\']([^"\']*)["\']', packet):
        expected = wanted.get(uri.decode("utf-8", "replace"))
        if expected is not None and prefix.decode() != expected:
            found.append(f"XMP ghi lược đồ {uri.decode()} với tiền tố {prefix.decode()}, khác tiền tố "
                         f"“{expected}” mà lược đồ mở rộng PDF/A khai báo")


def _normal(value: Any) -> str:
    if isinstance(value, list | set | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _info_matches_xmp(pdf: Any, xmp: Any, found: list[str]) -> None:
    info = pdf.trailer.get("/Info")
    if info is None:
        return
    for key, prop in INFO_TO_XMP.items():
        if key not in info:
            continue
        value = str(info[key])
        if prop not in xmp:
            found.append(f"Info {key} có nhưng XMP thiếu {prop}")
            continue
        if key.endswith("Date"):
            same = _same_moment(value, str(xmp[prop]))
        else:
            same = _normal(xmp[prop]) == value
        if not same:
            found.append(f"Info {key} ({value!r}) khác XMP {prop} ({_normal(xmp[prop])!r})")


def _same_moment(pdf_date: str, xmp_date: str) -> bool:
    import pikepdf

    try:
        left = pikepdf.models.metadata.decode_pdf_date(pdf_date)
        right = dt.datetime.fromisoformat(xmp_date.replace("Z", "+00:00"))
    except ValueError:
        return False
    if (left.tzinfo is None) != (right.tzinfo is None):
        return False
    return left == right


def _associated_files(pdf: Any, found: list[str]) -> None:
    af = list(pdf.Root.get("/AF", []))
    seen = [a.objgen for a in af]
    if len(seen) != len(set(seen)):
        found.append("/AF của catalog liệt kê một tệp đính kèm nhiều lần")
    for spec in _filespecs(pdf):
        if "/AFRelationship" not in spec:
            found.append(f"tệp đính kèm {spec.get('/F')} thiếu /AFRelationship")
        if spec.objgen not in seen:
            found.append(f"tệp đính kèm {spec.get('/F')} không có trong /AF")
        stream = spec.get("/EF", {}).get("/F")
        if stream is None:
            continue
        if "/Subtype" not in stream:
            found.append(f"tệp đính kèm {spec.get('/F')} thiếu /Subtype (kiểu MIME)")
        if "/ModDate" not in stream.get("/Params", {}):
            found.append(f"tệp đính kèm {spec.get('/F')} thiếu /Params /ModDate")


def _filespecs(pdf: Any) -> list[Any]:
    import pikepdf

    specs = []
    names = pdf.Root.get("/Names", {}).get("/EmbeddedFiles")
    if names is not None:
        tree = pikepdf.NameTree(names)
        specs = [tree[key] for key in tree]
    return specs


def _fonts_and_widgets(pdf: Any, found: list[str]) -> None:
    import pikepdf

    checked: set[tuple[int, int]] = set()

    def fonts_in(resources: Any, where: str) -> None:
        if resources is None:
            return
        for font in resources.get("/Font", {}).values():
            if font.objgen in checked:
                continue
            checked.add(font.objgen)
            _font(font, where, found)
        for xobject in resources.get("/XObject", {}).values():
            if xobject.objgen in checked:
                continue
            checked.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Form":
                fonts_in(xobject.get("/Resources"), where)

    for number, page in enumerate(pdf.pages, 1):
        fonts_in(page.obj.get("/Resources"), f"trang {number}")
        for annot in page.obj.get("/Annots", []):
            subtype = annot.get("/Subtype")
            if subtype in ("/Popup", "/Link"):
                continue
            flags = int(annot.get("/F", 0))
            if not flags & 4 or flags & (1 | 2 | 32 | 256):
                found.append(f"trang {number}: chú thích {subtype} phải in được và không ẩn (/F)")
            rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
            empty = rect[0] == rect[2] or rect[1] == rect[3]
            appearance = annot.get("/AP")
            if not empty and (appearance is None or set(appearance.keys()) != {"/N"}):
                found.append(f"trang {number}: chú thích {subtype} cần /AP chỉ có /N")
            if appearance is not None and "/N" in appearance:
                normal = appearance.N
                if isinstance(normal, pikepdf.Stream):
                    fonts_in(normal.get("/Resources"), f"trang {number}, hình chữ ký")
    form = pdf.Root.get("/AcroForm")
    if form is not None and form.get("/NeedAppearances") is True:
        found.append("/AcroForm có /NeedAppearances true")


def _font(font: Any, where: str, found: list[str]) -> None:
    name = str(font.get("/BaseFont", "?"))
    if font.get("/Subtype") == "/Type3":
        return
    if "/ToUnicode" not in font:
        found.append(f"{where}: phông {name} thiếu /ToUnicode")
    descendants = font.get("/DescendantFonts")
    target = descendants[0] if descendants is not None else font
    descriptor = target.get("/FontDescriptor")
    if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        found.append(f"{where}: phông {name} không được nhúng")


def embedded_files(path: Path) -> list[Embedded]:
    """The files associated with the document (the record, in an archive copy)."""
    import pikepdf

    files = []
    with pikepdf.open(path) as pdf:
        for spec in _filespecs(pdf):
            stream = spec.EF.F
            files.append(Embedded(
                name=str(spec.get("/UF", spec.get("/F"))),
                data=stream.read_bytes(),
                relationship=str(spec.get("/AFRelationship", "/Unspecified"))[1:],
                subtype=str(stream.get("/Subtype", "")),
            ))
    return files


def archive_facts(path: Path) -> dict[str, str]:
    """The ``vb:`` facts written in the XMP of an archive copy (number, date, agency, subject, signer …)."""
    import pikepdf

    from notices.signing.pdfa import NS_VB

    with pikepdf.open(path) as pdf:
        if "/Metadata" not in pdf.Root:
            return {}
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        return {k.split("}", 1)[1]: str(v) for k, v in meta.items() if k.startswith(f"{{{NS_VB}}}")}
