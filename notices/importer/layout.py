"""Where each part of a Decree 30 document sits: header, tên loại and trích yếu, body, Nơi nhận, signature.

Works on the paragraphs of :mod:`notices.importer.reader`, by content first (Quốc hiệu, "Số:", the date
line, "Nơi nhận", "TM."/"KT."…), by position second (table column, tab stops), so a header typed as a
borderless table, with tab stops, in text boxes or in the page header part all read the same.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from notices.importer.kinds import OFFICIAL_LETTER, KindFact, by_code, by_title
from notices.importer.reader import DocxText, Para

NUMBER = re.compile(
    r"^Số\s*(?:[:.]\s*)?(\d{1,4})?\s*/\s*(?:(\d{4})\s*/\s*)?([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)\s*$")
DATE = re.compile(
    r"^(?P<place>[^,\n]+?)\s*,\s*ngày\s*(?:(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>\d{4})\b"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))")
AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*\S")
RULE = re.compile(r"^[\s_\-–—=.*~]*$")
SIGNED = re.compile(r"^\s*([\(\[].{0,40}(ký|dấu|daky).{0,40}[\)\]]|đã ký( và đóng dấu)?|daky)\s*$", re.IGNORECASE)
STAMP = re.compile(r"^(HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|KHẨN|TỐI MẬT|TUYỆT MẬT|MẬT)$")
DRAFT = re.compile(r"^DỰ THẢO( LẦN \d+| \d+)?$", re.IGNORECASE)
SIGN_TITLES = re.compile(r"^(THƯ KÝ|CHỦ TỌA|CHỦ TOẠ|NGƯỜI GHI BIÊN BẢN|CHỦ TRÌ)$")


def norm(text: str) -> str:
    """NFC, no-break spaces as spaces, no doubled spaces (line breaks and tabs kept); dashes as typed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"[ \u2002\u2003\u2009]+", " ", text)
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def key(text: str) -> str:
    """Comparison key: folded, single spaces."""
    from notices.vn import fold

    return " ".join(fold(text.replace("–", "-").replace("—", "-")).split())


QUOC_HIEU = key("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
MOTTO = key("Độc lập - Tự do - Hạnh phúc")


def _is_quoc_hieu(text: str) -> bool:
    return key(text).replace("hoa", "hoa") == QUOC_HIEU or key(text).startswith(QUOC_HIEU)


def _is_motto(text: str) -> bool:
    return key(text.replace("-", " - ")).replace(" - ", " ") .startswith(MOTTO.replace(" - ", " "))


@dataclass
class Line:
    """One line of the header or the foot, with the paragraph it came from."""

    text: str
    para: Para
    bold: bool | None


@dataclass
class Signature:
    authority: list[str] = field(default_factory=list)
    title: str | None = None
    name: str | None = None
    para: int | None = None


@dataclass
class Layout:
    """The parts of one document, each with the paragraph number it came from."""

    kind: KindFact | None = None
    kind_para: int | None = None
    parent: str | None = None
    agency: str | None = None  # as printed (capitals)
    agency_para: int | None = None
    number: int | None = None
    year_in_number: int | None = None
    notation: str | None = None
    number_para: int | None = None
    place: str | None = None
    date: dt.date | None = None
    year: int | None = None
    date_para: int | None = None
    draft: bool = False
    subject: str | None = None
    subject_para: int | None = None
    addressees: list[str] = field(default_factory=list)  # Kính gửi (công văn)
    body: list[Para] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    archive: list[str] = field(default_factory=list)
    recipients_para: int | None = None
    signatures: list[Signature] = field(default_factory=list)
    unread: list[tuple[int, str, str]] = field(default_factory=list)  # (paragraph, text, why)
    notes: list[str] = field(default_factory=list)

    @property
    def kind_code(self) -> str | None:
        return self.notation.split("-")[0] if self.notation else None


class NotDecree30(ValueError):
    """A file with no Quốc hiệu: not a Decree 30 document."""


def _order(doc: DocxText) -> list[Para]:
    """Body paragraphs; the page header's first when the body has no Quốc hiệu (a template's header part)."""
    body = doc.paras
    if any(_is_quoc_hieu(seg) for p in body[:60] for seg in re.split(r"[\t\n]", norm(p.text))):
        return body
    if any(_is_quoc_hieu(seg) for p in doc.header for seg in re.split(r"[\t\n]", norm(p.text))):
        return doc.header + body
    if doc.images and sum(len(p.text.strip()) for p in body) < 40:
        raise NotDecree30("tệp chỉ có ảnh (bản quét dán vào Word), không có chữ: notices không nhận dạng chữ "
                          "trong ảnh; hãy dùng bản Word gốc")
    raise NotDecree30("không thấy Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”: "
                      "tệp không phải văn bản hành chính theo Nghị định 30")


def analyse(doc: DocxText) -> Layout:
    """The :class:`Layout` of a read document."""
    paras = _order(doc)
    out = Layout()
    qh = next(i for i, p in enumerate(paras) if any(_is_quoc_hieu(s) for s in re.split(r"[\t\n]", norm(p.text))))
    title = _find_title(paras, qh)
    if title is not None:
        out.kind, out.kind_para = by_title(norm(paras[title].text).strip().split("\n")[0]), paras[title].index
        head_end = title
        if title > 0 and key(paras[title - 1].text) in ("du thao", "du thao lan"):
            out.draft = True
            head_end = title - 1
    else:
        head_end = _head_end(paras, qh)
    _header(paras[:head_end], out)
    if title is not None:
        rest = norm(paras[title].text).strip().split("\n")[1:]  # the trích yếu typed under a line break
        start = _subject(paras, title + 1, out, [ln.strip() for ln in rest if ln.strip()])
    else:
        start = head_end
        kinh_gui = any(key(p.text).startswith("kinh gui") for p in paras[start:start + 3])
        if out.subject is not None or kinh_gui:  # V/v in the header, Kính gửi under it: a công văn
            out.kind = OFFICIAL_LETTER
    if out.kind is None and out.kind_code:
        out.kind = by_code(out.kind_code)
    foot = _foot_start(paras, start)
    ends = [i for i in range(start, foot) if norm(paras[i].text).rstrip().endswith("/.")]
    if ends and foot - ends[-1] - 1 <= 6 and all(_short(p) for p in paras[ends[-1] + 1:foot]):
        foot = ends[-1] + 1  # a signature typed as paragraphs above "Nơi nhận"
    body = paras[start:foot]
    body = _addressees(body, out)
    out.body = [p for p in body if norm(p.text).strip() and not RULE.match(p.text)]
    _foot(paras[foot:], out)
    return out


def _find_title(paras: list[Para], qh: int) -> int | None:
    for i in range(qh + 1, min(len(paras), qh + 40)):
        text = norm(paras[i].text).strip()
        first = text.split("\n")[0].strip()
        if first and "\t" not in first and by_title(first):
            return i
    return None


def _head_end(paras: list[Para], qh: int) -> int:
    """Without a tên loại (a công văn): the header ends at "Kính gửi", else after the date line's table or line."""
    for i in range(qh, min(len(paras), qh + 40)):
        if key(paras[i].text).startswith("kinh gui"):
            return i
    for i in range(qh, min(len(paras), qh + 40)):
        if any(DATE.match(seg.strip()) for seg in re.split(r"[\t\n]", norm(paras[i].text))):
            table = paras[i].table
            j = i + 1
            while j < len(paras) and table is not None and paras[j].table == table:
                j += 1
            return j
    return qh + 1


def _sides(paras: list[Para]) -> tuple[list[Line], list[Line]]:
    """The header's lines, left (agency, Số, V/v) and right (Quốc hiệu, Tiêu ngữ, date)."""
    left: list[Line] = []
    right: list[Line] = []
    # a table's right side starts at the column holding the Quốc hiệu (a spacer column may come first)
    qh_col: dict[int, int] = {}
    for p in paras:
        if p.table is not None and p.table not in qh_col and any(
                _is_quoc_hieu(x) or _is_motto(x) or DATE.match(x.strip()) for x in norm(p.text).split("\n")):
            qh_col[p.table] = p.col
    for p in paras:
        text = norm(p.text)
        for n, line in enumerate(text.split("\n")):
            bold = p.line_bold[n] if n < len(p.line_bold) else p.bold
            chunks = [c.strip() for c in line.split("\t")]
            filled = [c for c in chunks if c]
            if not filled:
                continue
            if p.table is not None and p.cols >= 2 and len(filled) == 1:
                is_left = p.col < qh_col[p.table] if qh_col.get(p.table) else p.col == 0
                (left if is_left else right).append(Line(filled[0], p, bold))
            elif len(filled) >= 2:
                left.append(Line(filled[0], p, bold))
                right.append(Line(filled[-1], p, bold))
            else:
                chunk = filled[0]
                is_right = _is_quoc_hieu(chunk) or _is_motto(chunk) or DATE.match(chunk)
                (right if is_right else left).append(Line(chunk, p, bold))
    return left, right


def _header(paras: list[Para], out: Layout) -> None:
    left, right = _sides(paras)
    for side in (left, right):
        for ln in list(side):
            if DRAFT.match(ln.text):
                out.draft = True
                side.remove(ln)
            elif STAMP.match(ln.text):
                out.unread.append((ln.para.index, ln.text, "dấu độ khẩn, độ mật: hồ sơ chưa có trường này"))
                side.remove(ln)
    number_at = next((i for i, ln in enumerate(left) if NUMBER.match(ln.text) or re.match(r"^Số\s*[:.]", ln.text)),
                     None)
    agency_lines = left[:number_at] if number_at is not None else [ln for ln in left if ln.text.isupper()]
    agency_lines = [ln for ln in agency_lines if not RULE.match(ln.text)]
    if number_at is not None:
        match = NUMBER.match(left[number_at].text)
        out.number_para = left[number_at].para.index
        if match:
            out.number = int(match[1]) if match[1] else None
            out.year_in_number = int(match[2]) if match[2] else None
            out.notation = match[3]
        else:
            out.unread.append((left[number_at].para.index, left[number_at].text, "không đọc được số, ký hiệu"))
        rest = [ln for ln in left[number_at + 1:] if not RULE.match(ln.text)]
        vv = next((i for i, ln in enumerate(rest) if re.match(r"^V/v\b", ln.text, re.IGNORECASE)), None)
        if vv is not None:
            subject = " ".join(ln.text for ln in rest[vv:])
            out.subject = re.sub(r"^V/v[:.]?\s*", "", subject, flags=re.IGNORECASE).strip()
            out.subject_para = rest[vv].para.index
    _agency(agency_lines, out)
    for ln in right:
        match = DATE.match(ln.text)
        if match:
            day, month, year = match["d"] or match["d2"], match["m"] or match["m2"], match["y"] or match["y2"]
            out.place = match["place"].strip()
            out.year = int(year)
            out.date_para = ln.para.index
            if day and month:
                try:
                    out.date = dt.date(int(year), int(month), int(day))
                except ValueError:
                    out.unread.append((ln.para.index, ln.text, "ngày tháng không có thật"))
            break
    else:
        for ln in right:
            if not (_is_quoc_hieu(ln.text) or _is_motto(ln.text) or RULE.match(ln.text)):
                out.unread.append((ln.para.index, ln.text, "dòng ở bên phải phần đầu không nhận ra"))


def _agency(lines: list[Line], out: Layout) -> None:
    """Cơ quan chủ quản (not bold, above) and cơ quan ban hành (bold, the last block)."""
    if not lines:
        return
    paras: list[list[Line]] = []
    for ln in lines:
        if paras and paras[-1][-1].para is ln.para:
            paras[-1].append(ln)
        else:
            paras.append([ln])
    if len(paras) == 1 and len(lines) > 1:  # one paragraph: split by bold, else by line
        bolds = [ln.bold for ln in lines]
        if True in bolds and False in bolds:
            first_bold = max(i for i, b in enumerate(bolds) if not b) + 1
            paras = [lines[:first_bold], lines[first_bold:]] if first_bold < len(lines) else [lines]
    if len(paras) >= 2:
        bold = [i for i, group in enumerate(paras) if all(ln.bold for ln in group)]
        last = bold[-1] if bold else len(paras) - 1
        while bold and last - 1 in bold:  # the bold block, however many paragraphs it was typed in
            last -= 1
        agency = [ln for group in paras[last:] for ln in group]
        parent = [ln for group in paras[:last] for ln in group]
    else:
        agency, parent = paras[0], []
    out.agency = " ".join(ln.text for ln in agency)
    out.agency_para = agency[0].para.index
    out.parent = " ".join(ln.text for ln in parent) or None


def _subject(paras: list[Para], start: int, out: Layout, taken: list[str]) -> int:
    """Trích yếu: the centred (or bold) lines under the tên loại, up to the rule or the first body paragraph."""
    i = start
    if taken:
        out.subject_para = paras[start - 1].index
    while i < len(paras) and len(taken) < 6:
        p = paras[i]
        text = norm(p.text).strip()
        if not text:
            if taken:
                i += 1
                break
            i += 1
            continue
        if RULE.match(text):
            i += 1
            if taken:
                break
            continue
        centred = p.align == "center" or (p.bold and p.align != "both")
        if not centred or re.match(r"^(Căn cứ|Kính gửi)", text):
            break
        taken.append(text.replace("\n", " "))
        if out.subject_para is None:
            out.subject_para = p.index
        i += 1
    if taken:
        out.subject = re.sub(r"\s+", " ", " ".join(taken)).strip()
    return i


def _addressees(body: list[Para], out: Layout) -> list[Para]:
    """'Kính gửi: X' or 'Kính gửi:' and '- X;' lines at the top of the body (a công văn, a tờ trình)."""
    for i, p in enumerate(body[:3]):
        text = norm(p.text).strip()
        if not key(text).startswith("kinh gui"):
            continue
        after = re.sub(r"^Kính\s+gửi\s*:?\s*", "", text, flags=re.IGNORECASE)
        lines = [ln for ln in re.split(r"[\n\t]", after) if ln.strip()]
        j = i + 1
        while j < len(body) and norm(body[j].text).strip().startswith(("-", "+")) and not lines[-1:] == ["."]:
            lines.append(norm(body[j].text).strip())
            j += 1
            if lines[-1].rstrip().endswith("."):
                break
        from notices.vn import bare_recipient

        out.addressees = [bare_recipient(ln).rstrip(".").strip() for ln in lines if ln.strip()]
        return body[:i] + body[j:]
    return body


def _short(p: Para) -> bool:
    text = norm(p.text).strip()
    return len(text) <= 80 and not text.endswith((".", ";", ":")) or SIGNED.match(text) is not None


def _is_foot(p: Para) -> bool:
    text = norm(p.text)
    first = text.strip().split("\n")[0].split("\t")[0].strip()
    return bool(re.match(r"^Nơi\s+nhận", first, re.IGNORECASE) or AUTHORITY.match(first)
                or (p.table is not None and SIGN_TITLES.match(first)))


def _foot_start(paras: list[Para], start: int) -> int:
    for i in range(start, len(paras)):
        p = paras[i]
        if _is_foot(p):
            if p.table is not None:  # the whole foot table
                while i > start and paras[i - 1].table == p.table:
                    i -= 1
            return i
    return len(paras)


def _foot(paras: list[Para], out: Layout) -> None:
    """Nơi nhận (items and Lưu) and the signature blocks (one per column)."""
    from notices.vn import bare_recipient

    columns: dict[int, list[Line]] = {}
    recipients: list[Line] = []
    in_list = False
    for p in paras:
        text = norm(p.text)
        for n, line in enumerate(text.split("\n")):
            bold = p.line_bold[n] if n < len(p.line_bold) else p.bold
            chunks = [c.strip() for c in line.split("\t")]
            filled = [(k, c) for k, c in enumerate(chunks) if c]
            for k, chunk in filled:
                col = p.col if p.table is not None else (k if len(filled) > 1 else 0)
                if re.match(r"^Nơi\s+nhận", chunk, re.IGNORECASE):
                    in_list = True
                    rest = re.sub(r"^Nơi\s+nhận\s*:?\s*", "", chunk, flags=re.IGNORECASE)
                    out.recipients_para = p.index
                    if rest:
                        recipients.append(Line(rest, p, bold))
                    continue
                same_cell = recipients and p.table is not None and recipients[-1].para.table == p.table \
                    and recipients[-1].para.col == p.col
                listed = chunk.startswith(("-", "+", "•")) or chunk.startswith("Lưu")
                if in_list and (listed or same_cell) and (p.table is None or col == 0 or same_cell):
                    recipients.append(Line(chunk, p, bold))
                    continue
                if p.table is None and len(filled) == 1:
                    col = 1 if in_list or p.align in ("center", "right") or p.indent > 2000 else 1
                columns.setdefault(col, []).append(Line(chunk, p, bold))
    for ln in recipients:
        item = bare_recipient(re.sub(r"^\s*[-–+•*]\s*", "", ln.text)).strip()
        lưu = re.match(r"^Lưu\s*:?\s*(.*)$", item)
        if lưu:
            out.archive = [a.strip() for a in lưu[1].rstrip(" .").split(",") if a.strip()]
        elif item:
            out.recipients.append(item)
    for col in sorted(columns):
        sig = _signature(columns[col])
        if sig is not None:
            out.signatures.append(sig)


def _signature(lines: list[Line]) -> Signature | None:
    lines = [ln for ln in lines if not SIGNED.match(ln.text) and not RULE.match(ln.text)]
    if not lines:
        return None
    sig = Signature(para=lines[0].para.index)
    i = 0
    while i < len(lines) and AUTHORITY.match(lines[i].text) and len(sig.authority) < 2:
        sig.authority.append(re.sub(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*", r"\1. ", lines[i].text))
        i += 1
    rest = lines[i:]
    if not rest:
        return sig
    upper = [ln for ln in rest if ln.text == ln.text.upper() and any(c.isalpha() for c in ln.text)]
    name_line = rest[-1] if rest[-1] not in upper or len(rest) == 1 else None
    if name_line is None and len(rest) >= 2:
        name_line = rest[-1]
    title_lines = [ln for ln in rest if ln is not name_line]
    sig.title = " ".join(ln.text for ln in title_lines) or None
    sig.name = name_line.text if name_line is not None else None
    return sig
