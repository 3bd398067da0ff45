"""Find the thể thức elements (ô 1–9 of the layout diagram) in an observed document.

Elements are found by their place (zone, order) and by what they say, never by their formatting,
so a badly formatted element is still found and its formatting reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from notices.check import observed as ob

# Tên loại → chữ viết tắt (Phụ lục III, Mục I).
KINDS = {
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}
CONG_VAN = "CV"
AUTHORITY = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\.\s")
AUTHORITY_LIKE = re.compile(r"^\s*(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|TUQ|TM|KT|TL|Q)\b\.?", re.IGNORECASE)
NUMBER_LINE = re.compile(r"^\s*S[ốô]\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"^\s*\(.*\)\s*$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def norm(text: str) -> str:
    """NFC, NBSP and runs of white space as one space, trimmed."""
    return re.sub(r"[\s\u00a0]+", " ", nfc(text)).strip()


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@dataclass
class Elements:
    kind: str | None = None  # abbreviation: "TB", "BC", "BB", "GM", "CV", … (None: not recognised)
    kind_para: ob.Para | None = None
    national: ob.Para | None = None
    motto: ob.Para | None = None
    parent: list[ob.Para] = field(default_factory=list)
    agency: list[ob.Para] = field(default_factory=list)
    number: ob.Para | None = None
    vv: list[ob.Para] = field(default_factory=list)
    place_date: ob.Para | None = None
    subject: list[ob.Para] = field(default_factory=list)
    greeting: list[ob.Para] = field(default_factory=list)  # "Kính gửi:" block of a công văn
    body: list[ob.Para] = field(default_factory=list)
    signers: list[list[ob.Para]] = field(default_factory=list)
    recipients_label: ob.Para | None = None
    recipients: list[ob.Para] = field(default_factory=list)
    has_head: bool = False


def explode(paras: list[ob.Para]) -> list[ob.Para]:
    """One Para per non-empty printed line; a paragraph's rule goes to its last line."""
    out = []
    for para in paras:
        lines = [line for line in para.lines if line.text.strip()]
        for i, line in enumerate(lines):
            out.append(replace(para, lines=[line], rule=para.rule if i == len(lines) - 1 else None))
    return out


def find(doc: ob.Observed) -> Elements:
    el = Elements()
    left = explode(doc.zone(ob.HEAD_LEFT))
    right = explode(doc.zone(ob.HEAD_RIGHT))
    el.has_head = bool(left or right)
    _head_left(el, left)
    _head_right(el, right)
    _title_and_body(el, [p for p in doc.zone(ob.BODY) if p.flat])
    _foot(el, [p for p in doc.paras if p.zone in (ob.FOOT_LEFT, ob.FOOT_RIGHT)])
    el.kind = _kind(el)
    return el


def _head_left(el: Elements, lines: list[ob.Para]) -> None:
    idx = next((i for i, p in enumerate(lines) if NUMBER_LINE.match(p.flat)), len(lines))
    names = lines[:idx]
    if idx < len(lines):
        el.number = lines[idx]
        el.vv = lines[idx + 1 :]
    ruled = next((i for i, p in enumerate(names) if p.rule is not None), len(names) - 1)
    names = names[: ruled + 1]
    start = len(names)
    while start > 0 and names[start - 1].bold:
        start -= 1
    if start == len(names):  # nothing bold: every line is the issuing agency
        start = 0
    el.parent, el.agency = names[:start], names[start:]


def _head_right(el: Elements, lines: list[ob.Para]) -> None:
    if lines:
        el.national = lines[0]
    if len(lines) > 1:
        el.motto = lines[1]
    for para in lines[2:]:
        if "ngày" in para.flat or "," in para.flat:
            el.place_date = para
            break


def _title_and_body(el: Elements, paras: list[ob.Para]) -> None:
    paras = [p for p in paras if norm(p.flat) not in ("DỰ THẢO", "DỰ THẢO LẦN 1")]
    i = 0
    if paras and is_upper(paras[0].flat) and not paras[0].in_table:
        el.kind_para = paras[0]
        i = 1
        j = i
        while j < len(paras) and j < i + 4 and paras[j].align == "center" and not paras[j].in_table:
            j += 1
            if paras[j - 1].rule is not None:
                break
        el.subject = paras[i:j]
        i = j
    if i < len(paras) and norm(paras[i].flat).startswith("Kính gửi"):
        el.greeting.append(paras[i])
        i += 1
        while i < len(paras) and norm(paras[i].flat).startswith(("-", "+")):
            el.greeting.append(paras[i])
            i += 1
    el.body = paras[i:]


def _foot(el: Elements, paras: list[ob.Para]) -> None:
    blocks: dict[int, list[ob.Para]] = {}
    for para in paras:
        blocks.setdefault(para.block, []).append(para)
    for block in blocks.values():
        lines = explode(block)
        if not lines:
            continue
        label = next((i for i, p in enumerate(lines) if norm(p.flat).startswith("Nơi nhận")), None)
        if label is None:
            el.signers.append(lines)
            continue
        if label > 0:
            el.signers.append(lines[:label])
        el.recipients_label = lines[label]
        el.recipients = lines[label + 1 :]


def _kind(el: Elements) -> str | None:
    if el.kind_para is not None:
        name = norm(el.kind_para.flat)
        return KINDS.get(name, KINDS.get(name.replace("HOÀ", "HÒA")))
    if el.vv or el.greeting:
        return CONG_VAN
    return None


def kind_from_number(number: str) -> str | None:
    """The type abbreviation in a số, ký hiệu ("05/TB-UBND" → "TB"), None when absent."""
    match = re.search(r"/\s*([^\s\-/]+)", number)
    if match and match.group(1) in KINDS.values():
        return match.group(1)
    return None
