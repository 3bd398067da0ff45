"""Export of one hồ sơ per Phụ lục VI (III.4.g): a ZIP holding, in this order,

- ``hoso.xml``: the hồ sơ's 11 fields and each document's 16 văn bản đi fields under their Phụ lục VI
  names, types and maximum lengths enforced (the XML is checked against the XSD before it is written);
- ``hoso.xsd``: the schema notices writes for that XML (no national schema exists);
- ``muc-luc.pdf``: the Mục lục văn bản made when the hồ sơ was closed;
- ``001_05-GM-UBND.pdf`` …: each document's archived PDF/A, byte for byte, in DocOrdinal order;
- ``tai-lieu/…``: the meeting records and photos;
- ``SHA256SUMS``: the SHA-256 of every other member.

The ZIP is written deterministically (stored, fixed times and attributes), so :func:`verify` can check
a package on its own, anywhere: it rebuilds the container from the members it read and compares the
bytes, checks the manifest (every member, nothing more, lower-case hex), the XML against the package's
XSD, and the XML against the files (names, SHA-256, order, counts, pages). One flipped byte anywhere
fails one of these.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices import vn
from notices.errors import UserError
from notices.register.registry import Entry

XSD_PATH = Path(__file__).with_name("hoso.xsd")
MANIFEST = "SHA256SUMS"
XML_NAME, XSD_NAME, INDEX_NAME = "hoso.xml", "hoso.xsd", "muc-luc.pdf"
LANGUAGE = "Tiếng Việt"
PRIORITY_NORMAL = 0  # độ khẩn/độ mật: thường (the code list is not in NĐ 30: UNCONFIRMED)
_LINE = re.compile(r"([0-9a-f]{64})  ([A-Za-z0-9._/\-]+)")


def _safe(text: str) -> str:
    """A package member name in ASCII: marks removed, đ → d, anything else → '-' (case kept)."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-") or "tep"


def document_name(ordinal: int, entry: Entry) -> str:
    """'001_05-GM-UBND.pdf': the DocOrdinal, then the number and ký hiệu."""
    return f"{ordinal:03d}_{vn.document_number(entry.number)}-{_safe(entry.notation)}.pdf"


def xml_bytes(found: Any, members: dict[str, str]) -> bytes:
    """``hoso.xml`` of a closed hồ sơ (``members``: package name → SHA-256 of what it refers to)."""
    from lxml import etree

    hoso = found.hoso
    root = etree.Element("HoSo", version="1")

    def code(parent: Any) -> None:
        fc = etree.SubElement(parent, "FileCode")
        for name, value in (("OrganId", hoso.organ_id), ("FileCatalog", str(hoso.year)),
                            ("FileNotation", hoso.notation)):
            etree.SubElement(fc, name).text = value

    def put(parent: Any, name: str, value: object) -> Any:
        element = etree.SubElement(parent, name)
        element.text = "" if value is None else str(value)
        return element

    code(root)
    for name, value in (("Title", hoso.title), ("Maintenance", hoso.maintenance), ("Rights", hoso.rights),
                        ("Creator", hoso.creator), ("Language", hoso.language),
                        ("StartDate", hoso.start_date.isoformat()), ("EndDate", hoso.end_date.isoformat()),
                        ("DocTotal", hoso.doc_total), ("PageTotal", hoso.page_total),
                        ("Description", hoso.description)):
        put(root, name, value)
    docs = etree.SubElement(root, "Documents")
    for item in found.items:
        e = item.entry
        name = document_name(item.ordinal, e)
        doc = etree.SubElement(docs, "Document", file=name, sha256=members[name])
        code(doc)
        put(doc, "DocOrdinal", item.ordinal)
        put(doc, "TypeName", e.kind_label)
        put(doc, "CodeNumber", vn.document_number(e.number))
        put(doc, "CodeNotation", e.notation)
        put(doc, "IssuedDate", e.issued_on.isoformat())
        put(doc, "OrganName", hoso.agency_name)
        put(doc, "Subject", e.subject)
        put(doc, "Language", LANGUAGE)
        put(doc, "PageAmount", item.pages)
        put(doc, "Description", "")
        signer = etree.SubElement(doc, "SignerInfo")
        put(signer, "Position", e.signer_title or "")
        put(signer, "FullName", e.signer_name or "")
        for recipient in e.recipients or ("",):
            to = etree.SubElement(doc, "To")
            put(to, "OrganId", "")
            put(to, "OrganName", recipient)
        put(doc, "Priority", PRIORITY_NORMAL)
        # Số bản phát hành: one for each recipient and each "Lưu" copy (inferred; the register has no count)
        archive = [a for a in e.archive.split(",") if a.strip()]
        put(doc, "IssuedAmount", min(999, len(e.recipients) + len(archive)))
        put(doc, "DueDate", "")  # hạn trả lời: the register keeps none for these documents
    extra = etree.SubElement(root, "Attachments")
    for name, (role, sha) in sorted(_attachment_members(found).items()):
        etree.SubElement(extra, "Attachment", role=role, file=name, sha256=sha)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _attachment_members(found: Any) -> dict[str, tuple[str, str]]:
    out = {}
    for a in found.attachments:
        if a.role == "index":
            if a.name.endswith(".pdf"):
                out[INDEX_NAME] = ("index", a.sha256)
            continue
        out["tai-lieu/" + "/".join(_safe(p) for p in a.name.split("/"))] = (a.role, a.sha256)
    return out


def schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def validate_xml(data: bytes, xsd: bytes | None = None) -> list[str]:
    """The XSD's complaints about ``data`` (empty when valid)."""
    from lxml import etree

    checker = etree.XMLSchema(etree.fromstring(xsd)) if xsd is not None else schema()
    try:
        document = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [f"hoso.xml không đọc được: {exc}"]
    if checker.validate(document):
        return []
    return [f"hoso.xml dòng {err.line}: {err.message}" for err in checker.error_log]


# ---------------------------------------------------------------- the ZIP


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``members`` in this order, written byte by byte here (not by a library whose output may
    change between versions): stored, UTF-8 names, 1980-01-01 00:00, Unix mode 0644, no extra fields, no
    comment. The same members always give the same bytes, on any machine: :func:`verify` relies on it."""
    import struct
    import zlib

    dos_time, dos_date = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00
    body, directory = bytearray(), bytearray()
    for name, data in members:
        encoded = name.encode("utf-8")
        if len(data) >= 0xFFFFFFFF or len(body) >= 0xFFFFFFFF:
            raise UserError("Gói hồ sơ vượt 4 GB, quá cỡ một tệp ZIP thường.")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, 0, dos_time, dos_date, crc, len(data), len(data),
                            len(encoded), 0) + encoded + data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0x0800, 0, dos_time, dos_date,
                                 crc, len(data), len(data), len(encoded), 0, 0, 0, 0, 0o100644 << 16, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    return bytes(body + directory + end)


def manifest(members: list[tuple[str, bytes]]) -> bytes:
    return "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in members).encode("ascii")


def export(db: Any, agency: Any, year: int, notation: str, out: Path) -> tuple[Path, int]:
    """Write the package of a closed hồ sơ to ``out`` (atomically); returns (path, members)."""
    from notices.files import atomic_path
    from notices.hoso.library import attachment_bytes, contents, file_bytes, metadata_problems

    found = contents(db, agency, year, notation)
    hoso = found.hoso
    if hoso.state == "open":
        raise UserError(f"Hồ sơ {notation} năm {year} chưa kết thúc; hãy chạy notices hoso close {notation} trước.")
    problems = [f"{i.entry.label}: {p}" for i in found.items for p in metadata_problems(i.entry, hoso.agency_name)]
    if problems:
        raise UserError("Dữ liệu đặc tả vượt độ dài của Phụ lục VI: " + "; ".join(problems))
    members: list[tuple[str, bytes]] = []
    index = [a for a in found.attachments if a.role == "index" and a.name.endswith(".pdf")]
    if index:
        members.append((INDEX_NAME, attachment_bytes(db, agency, hoso, index[0].name)))
    for item in found.items:  # DocOrdinal order
        members.append((document_name(item.ordinal, item.entry), file_bytes(db, agency, item)))
    by_sha = {a.sha256: a for a in found.attachments}
    for name, (_role, sha) in sorted(_attachment_members(found).items()):
        if name != INDEX_NAME:
            members.append((name, attachment_bytes(db, agency, hoso, by_sha[sha].name)))
    hashes = {n: hashlib.sha256(d).hexdigest() for n, d in members}
    xml = xml_bytes(found, hashes)
    complaints = validate_xml(xml)
    if complaints:
        raise UserError("hoso.xml không khớp lược đồ XSD: " + "; ".join(complaints))
    ordered = [(XML_NAME, xml), (XSD_NAME, XSD_PATH.read_bytes()), *members]
    ordered.append((MANIFEST, manifest(ordered)))
    with atomic_path(out) as tmp:
        tmp.write_bytes(zip_bytes(ordered))
    return out, len(ordered)


@dataclass
class Verdict:
    ok: bool
    problems: list[str]
    documents: int = 0
    members: int = 0
    notation: str = ""


def verify(path: Path) -> Verdict:
    """Check a package on its own: container, manifest, hashes, XSD, and the XML against the files."""
    problems: list[str] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Verdict(False, [f"Không đọc được {path}: {exc.strerror}"])
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = [i.filename for i in archive.infolist()]
            members = [(n, archive.read(n)) for n in names]
    except Exception as exc:  # BadZipFile, a CRC error, zlib.error, an unknown method…: all a broken package
        return Verdict(False, [f"{path} không phải gói ZIP nguyên vẹn: {exc}"])
    if len(set(names)) != len(names):
        problems.append("gói có hai tệp trùng tên")
    if zip_bytes(members) != raw:
        problems.append("vỏ ZIP đã bị thay đổi (tiêu đề, thư mục hoặc phần thừa không đúng như khi xuất)")
    content = dict(members)
    if not names or names[-1] != MANIFEST:
        problems.append(f"thiếu {MANIFEST} ở cuối gói")
        return Verdict(False, problems, members=len(members))
    listed: dict[str, str] = {}
    for n, line in enumerate(content[MANIFEST].decode("ascii", "replace").split("\n"), start=1):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if not match:
            problems.append(f"{MANIFEST} dòng {n} sai dạng: {line!r}")
            continue
        listed[match[2]] = match[1]
    if not content[MANIFEST].endswith(b"\n"):
        problems.append(f"{MANIFEST} không kết thúc bằng dòng mới")
    if content[MANIFEST] != manifest([m for m in members if m[0] != MANIFEST]):
        problems.append(f"{MANIFEST} không đúng với các tệp trong gói (thứ tự, tên hoặc mã)")
    for name, data in members[:-1]:
        expected = listed.get(name)
        if expected is None:
            problems.append(f"{name}: không có trong {MANIFEST}")
        elif hashlib.sha256(data).hexdigest() != expected:
            problems.append(f"{name}: SHA-256 không khớp {MANIFEST}")
    for name in listed:
        if name not in content:
            problems.append(f"{MANIFEST} ghi {name} nhưng gói không có tệp này")
    if XML_NAME not in content or XSD_NAME not in content:
        problems.append("gói thiếu hoso.xml hoặc hoso.xsd")
        return Verdict(False, problems, members=len(members))
    try:
        complaints = validate_xml(content[XML_NAME], content[XSD_NAME])
    except Exception as exc:  # a broken XSD is a broken package
        complaints = [f"hoso.xsd không dùng được: {exc}"]
    problems += complaints
    documents, notation = 0, ""
    if not complaints:
        documents, notation = _cross_check(content, names, problems)
    return Verdict(not problems, problems, documents, len(members), notation)


def _cross_check(content: dict[str, bytes], names: list[str], problems: list[str]) -> tuple[int, str]:
    """The XML's documents and attachments against the package's files, order, counts and pages."""
    from lxml import etree

    from notices.hoso.library import page_count

    root = etree.fromstring(content[XML_NAME])
    docs = root.findall("Documents/Document")
    ordinals = [int(d.findtext("DocOrdinal")) for d in docs]
    if ordinals != list(range(1, len(docs) + 1)):
        problems.append(f"DocOrdinal không liên tục từ 1: {ordinals}")
    keys = [(d.findtext("IssuedDate"), int(d.findtext("CodeNumber"))) for d in docs]
    if keys != sorted(keys):
        problems.append("văn bản không theo thứ tự thời gian (ngày ban hành, rồi số)")
    if int(root.findtext("DocTotal")) != len(docs):
        problems.append(f"DocTotal {root.findtext('DocTotal')} khác số văn bản trong hoso.xml ({len(docs)})")
    pages = 0
    doc_files = [n for n in names if re.fullmatch(r"\d{3}_.+\.pdf", n)]
    if [d.get("file") for d in docs] != doc_files:
        problems.append("thứ tự các tệp văn bản trong gói khác thứ tự DocOrdinal của hoso.xml")
    for d in docs:
        name, sha = d.get("file"), d.get("sha256")
        data = content.get(name)
        if data is None:
            problems.append(f"hoso.xml ghi {name} nhưng gói không có tệp này")
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            problems.append(f"{name}: SHA-256 khác với hoso.xml")
        try:
            amount = page_count(data)
        except Exception:
            problems.append(f"{name}: không đọc được PDF")
            continue
        pages += amount
        if amount != int(d.findtext("PageAmount")):
            problems.append(f"{name}: {amount} trang, hoso.xml ghi PageAmount {d.findtext('PageAmount')}")
    if pages != int(root.findtext("PageTotal")):
        problems.append(f"PageTotal {root.findtext('PageTotal')} khác tổng số trang các văn bản ({pages})")
    for a in root.findall("Attachments/Attachment"):
        data = content.get(a.get("file"))
        if data is None or hashlib.sha256(data).hexdigest() != a.get("sha256"):
            problems.append(f"tài liệu {a.get('file')} thiếu hoặc khác SHA-256 trong hoso.xml")
    expected = {XML_NAME, XSD_NAME, MANIFEST, *(d.get("file") for d in docs),
                *(a.get("file") for a in root.findall("Attachments/Attachment"))}
    for name in names:
        if name not in expected:
            problems.append(f"{name}: tệp thừa, hoso.xml không nhắc đến")
    notation = f"{root.findtext('FileCode/FileNotation')} năm {root.findtext('FileCode/FileCatalog')}"
    return len(docs), notation
