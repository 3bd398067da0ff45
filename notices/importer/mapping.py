"""From a document's :class:`Layout` to a record: agency, kind, number, date, the body in the record's parts.

Each kind's body is read by inverting notices' own sentence templates (templates/<kind>/*.j2) where a
paragraph has their shape, and by the sentence itself where it says so ("Giao … chủ trì", "trước ngày …");
every paragraph that fits no part is kept verbatim, in order, in the document's ``body:`` list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from notices import vn
from notices.importer.kinds import KindFact
from notices.importer.layout import Layout, Signature, norm

TERMINAL = tuple(".!?…:;")
DMY = r"(\d{1,2})/(\d{1,2})/(\d{4})"


@dataclass
class Imported:
    """A record read from a document, and what could not be read (paragraph, text, why)."""

    record: dict[str, Any]
    kind: KindFact | None
    layout: Layout
    unread: list[tuple[int, str, str]] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)  # fields guessed, not read: shown for confirmation
    placed: int = 0  # body paragraphs put into the record's parts
    verbatim: int = 0  # body paragraphs kept in body:
    kept: list[tuple[int, str]] = field(default_factory=list)  # those paragraphs (paragraph, text), to place

    @property
    def document(self) -> dict[str, Any]:
        docs = self.record.get("documents", {})
        return next(iter(docs.values())) if docs else {}


class Unsupported(ValueError):
    """A kind with no record model (Quyết định, …): recognised, not importable as a record."""


# --- small inverses of the template filters -----------------------------------------------------------


def unstop(text: str) -> str:
    """Inverse of ``full_stop``: drop the '.' the template added (never one of the user's)."""
    text = text.rstrip()
    if text.endswith(".") and not text[:-1].rstrip().endswith(TERMINAL):
        return text[:-1]
    return text


def unclause(text: str, last: bool) -> str:
    """Inverse of ``clause``: ';' after a list line, '.' after the last one, unless the user wrote them."""
    text = text.rstrip()
    if last:
        return unstop(text)
    if text.endswith(";") and not text[:-1].rstrip().endswith(TERMINAL):
        return text[:-1]
    return text


def unend(text: str) -> str:
    """Inverse of ``end_text``: 'X./.' → 'X.'."""
    text = text.rstrip()
    if text.endswith("./."):
        return text[:-2]
    if text.endswith("/."):
        return text[:-2] + "."
    return text


def dash_item(text: str) -> str | None:
    """'- X;' → 'X;' (still with its punctuation); None when the line is not a dash item."""
    match = re.match(r"^[-+•]\s*(.*)$", text)
    return match[1] if match else None


def a_date(d: str, m: str, y: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def person(text: str) -> dict[str, str]:
    """'Trần Minh Tâm - Bí thư Đảng ủy' → {name, title}; a name alone → {name}."""
    text = re.sub(r"^(đồng chí|đ/c|ông|bà)\s+", "", text.strip(), flags=re.IGNORECASE)
    name, sep, title = text.partition(" - ")
    return {"name": name.strip(), "title": title.strip()} if sep and title.strip() else {"name": text.strip()}


def person_text(p: dict[str, str]) -> str:
    return f"{p['name']} - {p['title']}" if p.get("title") else p["name"]


# --- agency names from capitals ------------------------------------------------------------------------

_LEVELS = ("xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh", "thôn", "khu phố",
           "khu vực")
_KNOWN = {"ỦY BAN NHÂN DÂN": "ủy ban nhân dân", "UỶ BAN NHÂN DÂN": "uỷ ban nhân dân",
          "HỘI ĐỒNG NHÂN DÂN": "hội đồng nhân dân", "ỦY BAN": "ủy ban", "UỶ BAN": "uỷ ban",
          "MẶT TRẬN TỔ QUỐC": "Mặt trận Tổ quốc", "VIỆT NAM": "Việt Nam"}
# an office's type word: the parts of its field after it start with a capital (Sở Giáo dục và Đào tạo)
_TYPES = ("CHI CỤC", "TRUNG TÂM", "VĂN PHÒNG", "SỞ", "BỘ", "PHÒNG", "BAN", "CỤC", "HỘI", "TRƯỜNG")


def _cap(word: str) -> str:
    return word[:1] + word[1:].lower()


def cased(capitals: str, texts: list[str]) -> str:
    """The agency name as written in running text: found in the document's own sentences when it is
    there ('Ủy ban nhân dân phường Phú Tài'), else rebuilt by the naming rule (Phụ lục II): administrative
    words in lower case, an office's field capitalised part by part ('Sở Giáo dục và Đào tạo'), the place
    name after 'xã', 'huyện'… capitalised, abbreviations (UBND, HĐND) kept."""
    wanted = " ".join(vn.fold(capitals).split())
    for text in texts:
        folded = vn.fold(text)
        at = folded.find(wanted)
        if at >= 0 and len(folded) == len(text):
            found = text[at:at + len(wanted)]
            if vn.upper(found) == vn.upper(capitals) and found != vn.upper(found):
                return found[:1].upper() + found[1:]  # "tỉnh Đắk Lắk" in a sentence heads its line as "Tỉnh"
    words = capitals.split()
    out: list[str] = []
    mode = None  # "field" after a type word, "place" after a level word
    fresh = False
    i = 0
    while i < len(words):
        matched = False
        for known, written in _KNOWN.items():
            size = len(known.split())
            if vn.upper(" ".join(words[i:i + size])) == known:
                out.append(written)
                i, mode, matched = i + size, None, True
                break
        if matched:
            continue
        two = " ".join(w.lower() for w in words[i:i + 2])
        if two in _LEVELS or words[i].lower() in _LEVELS:
            size = 2 if two in _LEVELS else 1
            out.append(" ".join(w.lower() for w in words[i:i + size]))
            i, mode = i + size, "place"
            continue
        word = words[i]
        if mode == "place":
            out.append(_cap(word))
        elif re.fullmatch(r"[A-ZĐ0-9-]{2,}", word) and not vn.is_syllable(word):
            out.append(word)  # an abbreviation: UBND, HĐND, MTTQ
            fresh = False
        elif vn.fold(word) in ("va", "-", "&"):
            out.append(word.lower())
        elif mode != "field" and vn.upper(" ".join(words[i:i + 2])) in _TYPES:
            out.append(_cap(words[i]) + " " + words[i + 1].lower())
            i, mode, fresh = i + 2, "field", True
            continue
        elif mode != "field" and vn.upper(word) in _TYPES:
            out.append(_cap(word))
            mode, fresh = "field", True
        elif mode == "field" and (fresh or (out and out[-1] in ("và", "-", "&"))):
            out.append(_cap(word))
            fresh = False
        else:
            out.append(word.lower())
        i += 1
    return vn.sentence_case(" ".join(out))


def title_case(capitals: str) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch' (the record prints it in capitals again)."""
    known = {"CHỦ TỊCH": "Chủ tịch", "PHÓ CHỦ TỊCH": "Phó Chủ tịch", "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
             "PHÓ CHÁNH VĂN PHÒNG": "Phó Chánh Văn phòng", "GIÁM ĐỐC": "Giám đốc", "PHÓ GIÁM ĐỐC": "Phó Giám đốc",
             "TRƯỞNG PHÒNG": "Trưởng phòng", "PHÓ TRƯỞNG PHÒNG": "Phó Trưởng phòng", "BÍ THƯ": "Bí thư",
             "THƯ KÝ": "Thư ký", "CHỦ TỌA": "Chủ tọa", "CHỦ TOẠ": "Chủ toạ"}
    if capitals in known:
        return known[capitals]
    if capitals != vn.upper(capitals):
        return capitals
    return vn.sentence_case(capitals.lower())


# --- the record, common parts --------------------------------------------------------------------------


def build(layout: Layout) -> Imported:
    """The record of ``layout`` (raises :class:`Unsupported` for a kind without a record model)."""
    kind = layout.kind
    if kind is None:
        raise Unsupported("không nhận ra tên loại văn bản (THÔNG BÁO, GIẤY MỜI, BIÊN BẢN, BÁO CÁO…) "
                          "hay trích yếu công văn “V/v …”")
    if kind.key is None:
        raise Unsupported(f"văn bản loại “{kind.label}” ({kind.code}) chưa có mẫu hồ sơ trong notices; "
                          "có thể đưa vào kho lưu bằng “notices import THƯ_MỤC --archive”")
    _join_broken(layout)
    texts = [norm(p.text).replace("\n", " ").replace("\t", " ") for p in layout.body]
    texts = [re.sub(r"\s+", " ", t).strip() for t in texts]
    out = Imported(record={}, kind=kind, layout=layout, unread=list(layout.unread))
    agency = _agency(layout, texts, out)
    out.record["agency"] = agency
    doc: dict[str, Any] = {}
    if layout.number is not None:
        doc["number"] = layout.number
    if layout.date is not None:
        doc["date"] = layout.date.isoformat()
    elif layout.year is not None:
        doc["year"] = layout.year
    if layout.draft:
        doc["draft"] = True
    mapper = {"notice": _notice, "invitation": _invitation, "minutes": _minutes, "report": _report,
              "official_letter": _letter, "plan": _plan, "proposal": _proposal}[kind.key]
    mapper(layout, texts, doc, out)
    _foot(layout, kind, doc, out)
    if "to" in doc:
        _as_above(doc)
    out.record["documents"] = {kind.key: doc}
    return out


def _join_broken(layout: Layout) -> None:
    """A paragraph cut in two (a page break typed as Enter): the second half, starting in lower case after
    a first half that ends without punctuation, joins the first."""
    joined: list[Any] = []
    for p in layout.body:
        text = norm(p.text).strip()
        if joined and p.table is None and joined[-1].table is None and text[:1].islower() \
                and not norm(joined[-1].text).rstrip().endswith(TERMINAL + (",", ")")):
            joined[-1].text = norm(joined[-1].text).rstrip() + " " + text
            continue
        joined.append(p)
    layout.body = joined


def _agency(layout: Layout, texts: list[str], out: Imported) -> dict[str, Any]:
    agency: dict[str, Any] = {}
    if layout.agency:
        agency["name"] = cased(layout.agency, texts)
    else:
        agency["name"] = "(chưa đọc được tên cơ quan)"
        out.doubts.append("agency.name: không thấy tên cơ quan ban hành ở phần đầu văn bản")
    code, unit = None, None
    if layout.notation:
        parts = layout.notation.split("-")
        if layout.kind is not None and layout.kind.code and parts[0].upper() == layout.kind.code.upper():
            code = "-".join(parts[1:])
        elif layout.kind is not None and not layout.kind.code:  # công văn: UBND-VP
            code, unit = parts[0], "-".join(parts[1:]) or None
        else:
            code = "-".join(parts[1:])
    if not code:
        code = _guess_code(agency["name"])
        out.doubts.append(f"agency.code: không có ký hiệu văn bản, đoán là “{code}”")
    agency["code"] = code
    if layout.place:
        agency["place"] = layout.place
    else:
        words = agency["name"].split()
        agency["place"] = " ".join(words[-2:]) if len(words) >= 2 else agency["name"]
        out.doubts.append(f"agency.place: không có dòng địa danh, ngày tháng; đoán là “{agency['place']}”")
    if layout.parent:
        agency["parent"] = cased(layout.parent, texts)
    if unit:
        agency["unit"] = unit
    return agency


def _guess_code(name: str) -> str:
    folded = vn.fold(name)
    if folded.startswith("uy ban nhan dan"):
        return "UBND"
    if folded.startswith("hoi dong nhan dan"):
        return "HĐND"
    letters = "".join(w[0] for w in name.split() if w[0].isalpha()).upper()
    return letters[:8] or "CQ"


def _signer(sig: Signature | None, out: Imported, where: str) -> dict[str, Any] | None:
    if sig is None:
        return None
    signer: dict[str, Any] = {}
    if sig.authority:
        signer["authority"] = sig.authority[0] if len(sig.authority) == 1 else list(sig.authority)
    if sig.title:
        signer["title"] = title_case(sig.title)
    else:
        signer["title"] = "(chưa đọc được chức vụ)"
        out.doubts.append(f"{where}.title: không thấy chức vụ người ký")
    if sig.name:
        signer["name"] = sig.name
    else:
        signer["name"] = "(chưa đọc được họ tên)"
        out.doubts.append(f"{where}.name: không thấy họ tên người ký (bản chưa ký?)")
    return signer


def _foot(layout: Layout, kind: KindFact, doc: dict[str, Any], out: Imported) -> None:
    if kind.key != "minutes":
        sig = layout.signatures[-1] if layout.signatures else None
        signer = _signer(sig, out, f"documents.{kind.key}.signer")
        if signer is not None:
            doc["signer"] = signer
        else:
            out.doubts.append(f"documents.{kind.key}.signer: không thấy chữ ký (quyền hạn, chức vụ, họ tên)")
            doc["signer"] = {"title": "(chưa đọc được chức vụ)", "name": "(chưa đọc được họ tên)"}
    recipients = list(layout.recipients)
    if kind.key == "invitation" and recipients == ["Như thành phần mời"]:
        recipients = []
    if recipients:
        doc["recipients"] = recipients
    if layout.archive:
        doc["archive"] = list(layout.archive)
    elif layout.recipients_para is None:
        out.doubts.append(f"documents.{kind.key}.recipients: không thấy “Nơi nhận”")


def _keep(doc: dict[str, Any], out: Imported, paras: list[tuple[int, str]]) -> None:
    """Paragraphs that fit no part: verbatim, in order, in the document's ``body:``."""
    if paras:
        doc.setdefault("body", []).extend(text for _, text in paras)
        out.verbatim += len(paras)
        out.kept.extend(paras)


# --- conclusions and tasks: "1. X. Giao Y chủ trì thực hiện, hoàn thành trước ngày D." -------------------

_WOVEN_ASSIGNEE = re.compile(r"\s+Giao (?P<who>.+?) chủ trì(?:, phối hợp với (?P<partners>.+?))? thực hiện"
                             r"(?:, hoàn thành trước ngày (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?\.$")
_WOVEN_DEADLINE = re.compile(r"\s+Thời hạn hoàn thành: trước ngày " + DMY + r"\.$")
_WOVEN_RECURRING = re.compile(r"\s+Thực hiện định kỳ (?P<rec>[^.]+)\.$")


def item(text: str) -> str | dict[str, Any]:
    """One conclusion or task: its text, and assignee, deadline, frequency where the sentence says them."""
    found: dict[str, Any] = {}
    match = _WOVEN_RECURRING.search(text)
    if match:
        found["recurring"] = match["rec"]
        text = text[:match.start()]
    match = _WOVEN_ASSIGNEE.search(text)
    if match:
        found["assignee"] = match["who"]
        if match["partners"]:
            found["partners"] = match["partners"]
        if match["d"]:
            day = a_date(match["d"], match["m"], match["y"])
            if day:
                found["deadline"] = day.isoformat()
        text = text[:match.start()]
    else:
        match = _WOVEN_DEADLINE.search(text)
        if match:
            day = a_date(match[1], match[2], match[3])
            if day:
                found["deadline"] = day.isoformat()
                text = text[:match.start()]
    if "assignee" not in found:
        said = re.search(r"\bGiao (?:cho )?(?P<who>[^,.;]+?) (?:chủ trì|phối hợp|thực hiện|theo dõi|"
                         r"thường xuyên|tham mưu|triển khai)", text)
        if said:
            found["assignee"] = vn.sentence_case(said["who"].strip())
    if "deadline" not in found:
        said = re.search(r"trước ngày " + DMY, text)
        day = a_date(*said.groups()) if said else None
        if day and vn.body_date(day) in text:
            found["deadline"] = day.isoformat()
    if not found:
        return text
    return {"text": text, **found}


# --- Thông báo kết luận (templates/notice) ------------------------------------------------------------

_OPENING = re.compile(
    r"^Ngày " + DMY + r", (?:tại (?P<venue>.+?), )?(?P<org>.+?) tổ chức (?P<name>.+?)\."
    r"(?: Tham dự hội nghị gồm: (?P<who>.+)\.)?$")
_REPORTS = re.compile(
    r"^Trên cơ sở (?P<reports>.+), Hội nghị đã tiến hành thảo luận, phân tích kết quả đạt được và những nhiệm vụ "
    r"tiếp tục đẩy mạnh triển khai thực hiện\. Đồng chí (?P<chair>.+), chủ trì hội nghị kết luận và chỉ đạo một số "
    r"nội dung trọng tâm cụ thể như sau:$", re.IGNORECASE)
_HEARD = re.compile(
    r"^Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu dự hội nghị, đồng chí (?P<chair>.+), chủ trì hội "
    r"nghị kết luận và chỉ đạo một số nội dung trọng tâm cụ thể như sau:$", re.IGNORECASE)
_SHORTFALL = re.compile(r"(tồn tại|hạn chế|còn (nhiều|thấp|chậm|chưa|cao)|chưa (đạt|đảm bảo|triển khai|hiệu quả)|"
                        r"yếu kém|khó khăn|vướng mắc)", re.IGNORECASE)
_SHORTCOMINGS = re.compile(r"^Bên cạnh những kết quả đạt được, vẫn còn (?:một số )?tồn tại, hạn chế:$")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|[a-zđ]\))\s+(?P<text>.+)$")
_DEADLINE = re.compile(r"^Thời hạn hoàn thành các nhiệm vụ nêu trên: trước ngày " + DMY +
                       r"(?P<exc> \(trừ nhiệm vụ đã nêu thời hạn riêng\))?\.$")
_INTRO = ("Để tiếp tục phát huy những kết quả đã đạt được, khắc phục những tồn tại, hạn chế trong thời gian tới, "
          "đồng chí {chair} đề nghị các cơ quan, đơn vị tập trung thực hiện một số nhiệm vụ sau:")
_CLOSING = "{agency} thông báo kết luận của đồng chí {chair} để các cơ quan, đơn vị liên quan biết, thực hiện."


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ0-9\"“(])", text)
    return [p for p in parts if p]


def _attendees(who: str) -> tuple[list[dict[str, str]], list[str]]:
    """'đồng chí A - T1, đồng chí B - T2, X, Y' → guests A, B and attendees X, Y. A guest's title may hold ', '
    ('Thành uỷ viên, Bí thư Đảng uỷ'): a piece between two guests belongs to the first one's title."""
    pieces = who.split(", ")
    last_guest = max((n for n, piece in enumerate(pieces) if piece.startswith("đồng chí ")), default=-1)
    guests: list[dict[str, str]] = []
    rest: list[str] = []
    for n, piece in enumerate(pieces):
        if piece.startswith("đồng chí ") and not rest:
            guests.append(person(piece))
        elif guests and "title" in guests[-1] and n < last_guest and not rest:
            guests[-1]["title"] = f"{guests[-1].get('title', '')}, {piece}".lstrip(", ")
        else:
            rest.append(piece)
    return guests, rest


def _notice(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    rec = out.record
    meeting: dict[str, Any] = {}
    paras = list(zip([p.index for p in layout.body], texts, strict=True))
    unplaced: list[tuple[int, str]] = []
    results: list[str] = []
    shortcomings: list[str] = []
    items: list[Any] = []
    intro = closing = None
    deadline = None
    chair = None
    i = 0
    closing_at = max((k for k, (_, t) in enumerate(paras) if t.endswith("/.")), default=None)
    opened = False
    while i < len(paras):
        index, text = paras[i]
        m = _OPENING.match(text)
        if m and not opened:
            opened = True
            day = a_date(m[1], m[2], m[3])
            meeting["name"] = m["name"]
            meeting["date"] = day.isoformat() if day else None
            if m["venue"]:
                meeting["venue"] = m["venue"]
            meeting["organizer"] = m["org"]
            if m["who"]:
                guests, attendees = _attendees(m["who"])
                if guests:
                    meeting["guests"] = guests
                if attendees:
                    meeting["attendees"] = attendees
            out.placed += 1
            i += 1
            continue
        m = _REPORTS.match(text) or _HEARD.match(text)
        if m and chair is None:
            chair = person(m["chair"])
            if "reports" in m.groupdict() and m.groupdict().get("reports"):
                meeting["reports"] = m["reports"].split("; ")
            out.placed += 1
            i += 1
            # the assessment paragraph: results, sentence by sentence
            if i < len(paras) and not _SHORTCOMINGS.match(paras[i][1]) and not _is_intro(paras, i) \
                    and not _NUMBERED.match(paras[i][1]) and i != closing_at:
                results = _sentences(paras[i][1])
                out.placed += 1
                i += 1
            continue
        if chair is not None and not items and intro is None and not _is_intro(paras, i) \
                and not _NUMBERED.match(text) and i != closing_at and not _SHORTCOMINGS.match(text):
            # more of the assessment, typed as paragraphs of their own: a shortfall, else a result
            (shortcomings if _SHORTFALL.search(text) else results).append(text)
            out.placed += 1
            i += 1
            continue
        if _SHORTCOMINGS.match(text):
            out.placed += 1
            i += 1
            found, i = _dashes(paras, i)
            shortcomings += found
            out.placed += len(found)
            continue
        if _is_intro(paras, i) and not items:
            intro = text
            out.placed += 1
            i += 1
            continue
        m = _NUMBERED.match(text)
        if m and i != closing_at:
            items.append(item(m["text"]))
            out.placed += 1
            i += 1
            continue
        if intro is not None and not items and dash_item(text) is not None:  # conclusions as a dash list
            found, i = _dashes(paras, i)
            items += [item(f if f.endswith(TERMINAL) else f + ".") for f in found]
            out.placed += len(found)
            continue
        m = _DEADLINE.match(text)
        if m and items:
            day = a_date(m[1], m[2], m[3])
            deadline = day.isoformat() if day else None
            out.placed += 1
            i += 1
            continue
        if i == closing_at:
            closing = unend(text)
            out.placed += 1
            i += 1
            continue
        unplaced.append((index, text))
        i += 1
    # the chair: from the sentence that names the one who concluded, else the signer
    if chair is None:
        for _, text in paras:
            m = re.search(r"(?:kết luận|ý kiến chỉ đạo)(?:, chỉ đạo)? của (?:đồng chí|đ/c) (?P<who>.+?)"
                          r"(?: tại | để |, |$)", text)
            if m:
                chair = person(m["who"])
                break
    if chair is None and layout.signatures and layout.signatures[-1].name:
        sig = layout.signatures[-1]
        chair = {"name": sig.name, "title": title_case(sig.title) if sig.title else None}
        chair = {k: v for k, v in chair.items() if v}
        out.doubts.append("meeting.chair: không có câu nêu người chủ trì; lấy người ký văn bản")
    if chair is None:
        chair = {"name": "(chưa đọc được người chủ trì)"}
        out.doubts.append("meeting.chair: không thấy người chủ trì hội nghị")
    if "name" not in meeting:
        subject = layout.subject or ""
        m = re.search(r"\btại (.+)$", subject)
        meeting["name"] = m[1] if m else subject or "(chưa đọc được tên hội nghị)"
        out.doubts.append(f"meeting.name: không có câu mở đầu theo mẫu; lấy từ trích yếu: “{meeting['name']}”")
    if not meeting.get("date"):
        found = None
        for _, text in paras:
            m = re.search(r"\bngày " + DMY, text) or re.search(r"\bNgày " + DMY, text)
            if m:
                found = a_date(m[1], m[2], m[3])
                if found:
                    break
        found = found or layout.date
        meeting["date"] = found.isoformat() if found else f"{layout.year or dt.date.today().year}-01-01"
        out.doubts.append(f"meeting.date: không có câu mở đầu theo mẫu; đoán là {meeting['date']}")
    meeting["chair"] = chair
    chair_text = person_text(chair)
    agency_name = rec["agency"]["name"]
    if meeting.get("organizer") == agency_name:
        del meeting["organizer"]
    rec["meeting"] = _ordered(meeting, ("name", "date", "venue", "organizer", "chair", "guests", "attendees",
                                        "reports"))
    if results:
        rec["results"] = results
    if shortcomings:
        rec["shortcomings"] = shortcomings
    conclusions: dict[str, Any] = {}
    if intro is not None and intro != _INTRO.format(chair=chair_text):
        conclusions["intro"] = intro
    if not items:
        # a notice needs at least one conclusion: the paragraphs kept in body: carry the content
        items = ["(chưa tách được các kết luận; xem các đoạn trong body)"]
        out.doubts.append("conclusions.items: không thấy các kết luận đánh số 1., 2.…; nội dung giữ nguyên trong body")
    if deadline:
        conclusions["deadline"] = deadline
    conclusions["items"] = items
    rec["conclusions"] = conclusions
    doc["subject"] = layout.subject or "(chưa đọc được trích yếu)"
    if layout.subject is None:
        out.doubts.append("documents.notice.subject: không thấy trích yếu dưới tên loại")
    if closing is not None and closing != _CLOSING.format(agency=agency_name, chair=chair_text):
        doc["closing"] = closing
    _keep(doc, out, unplaced)


def _is_intro(paras: list[tuple[int, str]], i: int) -> bool:
    return paras[i][1].endswith(":") and i + 1 < len(paras) and bool(
        _NUMBERED.match(paras[i + 1][1]) or dash_item(paras[i + 1][1]) is not None)


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in order if k in data and data[k] is not None} | {
        k: v for k, v in data.items() if k not in order and v is not None}


# --- Giấy mời (templates/invitation) ------------------------------------------------------------------

_TIME = r"(\d{1,2}) giờ (\d{2})(?: phút)?"
_WHEN = re.compile(r"^Thời gian: (?:từ " + _TIME + " đến " + _TIME + ", |" + _TIME + r", )?"
                   r"(?:(?:thứ \w+|Chủ nhật), )?ngày " + DMY + r"\.$")


def _clock(h: str | None, m: str | None) -> str | None:
    return f"{int(h):02d}:{m}" if h and m else None


def _dashes(paras: list[tuple[int, str]], i: int, *, stops: bool = False) -> tuple[list[str], int]:
    """The '- X;' lines from ``i``: their texts (``clause`` undone; ``full_stop`` undone with ``stops``)."""
    found = []
    while i < len(paras) and dash_item(paras[i][1]) is not None:
        found.append(dash_item(paras[i][1]) or "")
        i += 1
    last = len(found) - 1
    return [unstop(t) if stops else unclause(t, n == last) for n, t in enumerate(found)], i


def _invitation(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    rec = out.record
    meeting: dict[str, Any] = {}
    paras = list(zip([p.index for p in layout.body], texts, strict=True))
    unplaced: list[tuple[int, str]] = []
    notes: list[str] = []
    invitees: list[str] = []
    closing_at = max((k for k, (_, t) in enumerate(paras) if t.endswith("/.")), default=None)
    after_content = False
    i = 0
    while i < len(paras):
        index, text = paras[i]
        if re.match(r"^.+ trân trọng kính mời:?$", text) and not invitees:
            invitees, i = _dashes(paras, i + 1)
            out.placed += 1 + len(invitees)
            continue
        m = re.match(r"^(?:Trân trọng )?(?:Kính mời|Thành phần(?: mời)?)\s*:\s*(.*)$", text, re.IGNORECASE)
        if m and not invitees:
            invitees = [unclause(m[1], False)] if m[1].strip() else []
            found, i = _dashes(paras, i + 1)
            invitees += found
            out.placed += 1 + len(found)
            continue
        m = re.match(r"^Tới dự (.+)$", text)
        if m and "name" not in meeting:
            meeting["name"] = unstop(m[1])
            out.placed += 1
            i += 1
            continue
        m = re.match(r"^Chủ trì: (.+)\.$", text)
        if m and "chair" not in meeting:
            meeting["chair"] = person(m[1])
            out.placed += 1
            i += 1
            continue
        m = _WHEN.match(text)
        if m:
            meeting["time"] = _clock(m[1], m[2]) or _clock(m[5], m[6])
            meeting["end"] = _clock(m[3], m[4])
            day = a_date(m[7], m[8], m[9])
            meeting["date"] = day.isoformat() if day else None
            out.placed += 1
            i += 1
            continue
        m = re.match(r"^Địa điểm: (.+)$", text)
        if m and "venue" not in meeting:
            meeting["venue"] = unstop(m[1])
            out.placed += 1
            i += 1
            continue
        if text == "Nội dung:":
            agenda, i = _dashes(paras, i + 1)
            meeting["agenda"] = agenda
            out.placed += 1 + len(agenda)
            after_content = True
            continue
        m = re.match(r"^Nội dung: (.+)$", text)
        if m:
            meeting["agenda"] = [unstop(m[1])]
            out.placed += 1
            after_content = True
            i += 1
            continue
        m = re.match(r"^Thời gian\s*:\s*(.+)$", text, re.IGNORECASE)
        if m and "date" not in meeting:  # typed in the office's own words: "14 giờ 00, ngày 20/8/2024 (thứ Ba)"
            times = re.findall(r"(\d{1,2})\s*(?:giờ|h|g)\s*(\d{2})?", m[1])
            day = re.search(DMY, m[1])
            words = re.search(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", m[1])
            found = a_date(*day.groups()) if day else a_date(*words.groups()) if words else None
            if found:
                meeting["date"] = found.isoformat()
                if times:
                    meeting["time"] = _clock(times[0][0], times[0][1] or "00")
                if len(times) > 1 and re.search(r"\bđến\b", m[1]):
                    meeting["end"] = _clock(times[1][0], times[1][1] or "00")
                out.placed += 1
                i += 1
                continue
        if i == closing_at and re.search(r"kinh moi|tham du (day du|dung)", vn.fold(text)):
            out.placed += 1  # the customary closing line: the record's own is printed
            i += 1
            continue
        if ("venue" in meeting or after_content or "date" in meeting) and i != closing_at:
            notes.append(unstop(text))
            out.placed += 1
        else:
            unplaced.append((index, text))
        i += 1
    _fill_meeting(meeting, layout, out, paras)
    rec["meeting"] = _ordered(meeting, ("name", "date", "time", "end", "venue", "chair", "agenda"))
    if layout.subject and layout.subject != f"Dự {meeting['name']}":
        doc["subject"] = layout.subject
    if invitees:
        doc["invitees"] = invitees
    if notes:
        doc["notes"] = notes
    _keep(doc, out, unplaced)


def _fill_meeting(meeting: dict[str, Any], layout: Layout, out: Imported, paras: list[tuple[int, str]]) -> None:
    if not meeting.get("name"):
        meeting["name"] = re.sub(r"^(Dự|V/v)\s+", "", layout.subject or "") or "(chưa đọc được tên cuộc họp)"
        out.doubts.append(f"meeting.name: lấy từ trích yếu: “{meeting['name']}”")
    if not meeting.get("date"):
        day = layout.date
        for _, text in paras:
            m = re.search(r"\bngày " + DMY, text)
            if m and a_date(m[1], m[2], m[3]):
                day = a_date(m[1], m[2], m[3])
                break
        meeting["date"] = day.isoformat() if day else f"{layout.year or dt.date.today().year}-01-01"
        out.doubts.append(f"meeting.date: đoán là {meeting['date']}")
    if not meeting.get("chair"):
        sig = layout.signatures[-1] if layout.signatures else None
        meeting["chair"] = {"name": sig.name} if sig and sig.name else {"name": "(chưa đọc được người chủ trì)"}
        out.doubts.append("meeting.chair: không có dòng “Chủ trì”; lấy người ký")


# --- Biên bản (templates/minutes) ----------------------------------------------------------------------

_STARTED = re.compile(r"^Thời gian bắt đầu: (?:" + _TIME + r", )?(?:(?:thứ \w+|Chủ nhật), )?ngày " + DMY + r"\.$")
_ENDED = re.compile(r"^(?:Hội nghị|Hội thảo|Cuộc họp|Buổi họp) kết thúc (?:vào )?(?:lúc )?(?:" + _TIME +
                    r"|.+?)(?: phút)? cùng ngày(?:[^/]*)\./\.$", re.IGNORECASE)
_HEADING = re.compile(r"^(\d{1,2})\. (Chương trình .+|Báo cáo tại .+|Ý kiến thảo luận|Kết luận của đồng chí chủ trì)$")


def _minutes(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    rec = out.record
    meeting: dict[str, Any] = {"name": layout.subject or "(chưa đọc được tên cuộc họp)"}
    paras = list(zip([p.index for p in layout.body], texts, strict=True))
    unplaced: list[tuple[int, str]] = []
    part = None
    results: list[str] = []
    shortcomings: list[str] = []
    discussion: list[Any] = []
    items: list[Any] = []
    intro = deadline = None
    i = 0
    while i < len(paras):
        index, text = paras[i]
        m = _STARTED.match(text)
        if m and part is None:
            meeting["time"] = _clock(m[1], m[2])
            day = a_date(m[3], m[4], m[5])
            meeting["date"] = day.isoformat() if day else None
            out.placed += 1
            i += 1
            continue
        m = re.match(r"^Thời gian(?: bắt đầu)?\s*:\s*(.+)$", text, re.IGNORECASE)
        if m and part is None and "date" not in meeting:  # in the office's own words
            times = re.findall(r"(\d{1,2})\s*(?:giờ|h|g)\s*(\d{2})?", m[1])
            day = re.search(DMY, m[1])
            words = re.search(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", m[1])
            found = a_date(*day.groups()) if day else a_date(*words.groups()) if words else None
            if found:
                meeting["date"] = found.isoformat()
                if times:
                    meeting["time"] = _clock(times[0][0], times[0][1] or "00")
                out.placed += 1
                i += 1
                continue
        m = re.match(r"^Địa điểm: (.+)$", text)
        if m and part is None:
            meeting["venue"] = unstop(m[1])
            out.placed += 1
            i += 1
            continue
        m = re.match(r"^(Thành phần(?: tham dự| dự họp)?|Vắng mặt)\s*:\s*(.*)$", text, re.IGNORECASE)
        if m and m[2].strip() and part is None and text not in ("Thành phần tham dự:", "Vắng mặt:"):
            found, i = _dashes(paras, i + 1)
            found = [unclause(m[2], not found)] + found
            out.placed += len(found)
            meeting["absentees" if m[1].lower().startswith("vắng") else "attendees"] = found
            continue
        if re.match(r"^(Thành phần(?: tham dự| dự họp)?|Vắng mặt)\s*:$", text, re.IGNORECASE) and part is None:
            text = "Vắng mặt:" if text.lower().startswith("vắng") else "Thành phần tham dự:"
        if text in ("Thành phần tham dự:", "Vắng mặt:") and part is None:
            found, i = _dashes(paras, i + 1)
            out.placed += 1 + len(found)
            if text == "Vắng mặt:":
                meeting["absentees"] = found
            else:
                guests = [person(f) for f in found if f.startswith("đồng chí ")]
                meeting["guests"] = guests
                meeting["attendees"] = [f for f in found if not f.startswith("đồng chí ")]
            continue
        m = re.match(r"^(?:Chủ trì|Chủ tọa|Chủ toạ)\s*:\s*(.+?)\.?$", text, re.IGNORECASE)
        if m and part is None:
            meeting["chair"] = person(m[1])
            out.placed += 1
            i += 1
            continue
        m = re.match(r"^Thư ký(?: \(người ghi biên bản\))?\s*:\s*(.+?)\.?$", text, re.IGNORECASE)
        if m and part is None:
            meeting["secretary"] = person(m[1])
            out.placed += 1
            i += 1
            continue
        if re.match(r"^Nội dung \(theo diễn biến .+\):$", text):
            out.placed += 1
            i += 1
            continue
        m = _HEADING.match(text)
        if m:
            part = m[2].split()[0]
            out.placed += 1
            i += 1
            continue
        m = _ENDED.match(text)
        if m:
            meeting["end"] = _clock(m[1], m[2])
            out.placed += 1
            i += 1
            continue
        if part == "Chương":
            agenda, j = _dashes(paras, i)
            if agenda:
                meeting["agenda"] = agenda
                out.placed += len(agenda)
                i = j
                continue
        if part == "Báo":
            m = re.match(r"^(?:Hội nghị|Hội thảo|Cuộc họp) nghe (.+)\.$", text)
            if m:
                meeting["reports"] = m[1].split("; ")
                out.placed += 1
                i += 1
                continue
            if text in ("Kết quả đạt được:", "Tồn tại, hạn chế:"):
                found, i = _dashes(paras, i + 1, stops=True)
                (results if text.startswith("Kết") else shortcomings).extend(found)
                out.placed += 1 + len(found)
                continue
        if part == "Ý":
            m = re.match(r"^- (.+?): (.+)$", text)
            discussion.append({"speaker": m[1], "text": unstop(m[2])} if m else unstop(text))
            out.placed += 1
            i += 1
            continue
        if part == "Kết":
            m = _NUMBERED.match(text)
            if m:
                items.append(item(m["text"]))
                out.placed += 1
                i += 1
                continue
            m = _DEADLINE.match(text)
            if m and items:
                day = a_date(m[1], m[2], m[3])
                deadline = day.isoformat() if day else None
                out.placed += 1
                i += 1
                continue
            if not items and intro is None:
                intro = text
                out.placed += 1
                i += 1
                continue
        unplaced.append((index, text))
        i += 1
    sigs = layout.signatures
    if "secretary" not in meeting and sigs:
        meeting["secretary"] = {"name": sigs[0].name or "(chưa đọc được)"}
        out.doubts.append("meeting.secretary: lấy tên ở chữ ký bên trái")
    if len(sigs) >= 2 and sigs[-1].authority:
        signer = _signer(sigs[-1], out, "documents.minutes.signer")
        if signer:
            doc["signer"] = signer
    if "chair" not in meeting:
        meeting["chair"] = {"name": (sigs[-1].name if sigs else None) or "(chưa đọc được người chủ trì)"}
        out.doubts.append("meeting.chair: lấy tên ở chữ ký bên phải")
    if "date" not in meeting:
        _fill_meeting(meeting, layout, out, paras)
    chair_text = person_text(meeting["chair"])
    word = _word(meeting["name"])
    rec["meeting"] = _ordered(meeting, ("name", "date", "time", "end", "venue", "chair", "secretary", "guests",
                                        "attendees", "absentees", "reports", "agenda"))
    for k in ("guests", "attendees"):
        if not rec["meeting"].get(k):
            rec["meeting"].pop(k, None)
    if results:
        rec["results"] = results
    if shortcomings:
        rec["shortcomings"] = shortcomings
    if discussion:
        rec["discussion"] = discussion
    if items:
        conclusions: dict[str, Any] = {}
        if intro is not None and intro != f"Đồng chí {chair_text} kết luận {word} như sau:":
            conclusions["intro"] = intro
        if deadline:
            conclusions["deadline"] = deadline
        conclusions["items"] = items
        rec["conclusions"] = conclusions
    elif intro is not None:
        unplaced.append((0, intro))
    _keep(doc, out, unplaced)


def _word(name: str) -> str:
    folded = vn.fold(name).split(",")[0]
    for word in ("hội nghị", "hội thảo"):
        if vn.fold(word) in folded:
            return word
    return "cuộc họp"


# --- Báo cáo (templates/report) ------------------------------------------------------------------------

_PART = re.compile(r"^([IVXLC]+)\. (.+)$")


def _report(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    rec = out.record
    subject = layout.subject or "(chưa đọc được trích yếu)"
    report: dict[str, Any] = {}
    unplaced: list[tuple[int, str]] = []
    results: list[Any] = []
    lists: dict[str, list[Any]] = {"shortcomings": [], "tasks": [], "recommendations": []}
    part = None
    seen_heading = False
    section: dict[str, Any] | None = None
    background: list[str] = []
    body = layout.body
    closing_at = max((k for k, t in enumerate(texts) if t.endswith("/.")), default=None)
    i = 0
    while i < len(body):
        p, text = body[i], texts[i]
        if p.table is not None and p.where == "table":  # a table of figures under its caption
            table_id = p.table
            rows: dict[int, dict[int, str]] = {}
            while i < len(body) and body[i].table == table_id:
                cell = rows.setdefault(body[i].row, {})
                cell[body[i].col] = (cell.get(body[i].col, "") + " " + texts[i]).strip()
                i += 1
            grid = [[r.get(c, "") for c in sorted({c for row in rows.values() for c in row})]
                    for _, r in sorted(rows.items())]
            if part == "results" and section is not None and section.get("items") is not None and grid:
                caption = section.pop("_caption", None)
                if caption is None and section["items"] and isinstance(section["items"][-1], str):
                    caption = section["items"].pop()
                    out.placed -= 0
                section["table"] = {"caption": caption or "Bảng số liệu", "columns": grid[0], "rows": grid[1:]}
                section = None  # a section's table closes it: what follows is a result of its own
                out.placed += 1
            else:
                unplaced.append((p.index, " | ".join(" | ".join(r) for r in grid)))
            continue
        m = _PART.match(text)
        if m and text == vn.upper(text):
            heading = m[2]
            folded = vn.fold(heading)
            section = None
            seen_heading = True
            if folded.startswith("ket qua thuc hien "):
                part = "results"
                report["period"] = heading[len("KẾT QUẢ THỰC HIỆN "):].lower()
            elif folded.startswith("ket qua") or "dat duoc" in folded:
                part = "results"
            elif "ton tai" in folded or "han che" in folded:
                part = "shortcomings"
            elif "phuong huong" in folded or "nhiem vu" in folded or "giai phap" in folded:
                part = "tasks"
            elif "kien nghi" in folded or "de xuat" in folded:
                part = "recommendations"
            else:
                part = None
                unplaced.append((p.index, text))
                i += 1
                continue
            out.placed += 1
            i += 1
            continue
        if i == closing_at:
            expected = f"Trên đây là báo cáo {_lower_start(subject)} của {rec['agency']['name']}./."
            if text != expected:
                unplaced.append((p.index, unend(text)))
            else:
                out.placed += 1
            i += 1
            continue
        if part is None:
            if seen_heading:
                unplaced.append((p.index, text))
            else:
                background.append(text)
            i += 1
            continue
        if part == "results":
            m = re.match(r"^(\d{1,2})\. (.+)$", text)
            if m:
                section = {"heading": m[2], "items": []}
                results.append(section)
                out.placed += 1
            elif section is not None:
                if p.align == "center" and i + 1 < len(body) and body[i + 1].table is not None:
                    section["_caption"] = text
                else:
                    section["items"].append(item(text))
                out.placed += 1
            else:
                results.append(item(text))
                out.placed += 1
            i += 1
            continue
        lists[part].append(item(text) if part == "tasks" else text)
        out.placed += 1
        i += 1
    if background:
        report["background"] = background[0]
        out.placed += 1
        unplaced = [(body[0].index, t) for t in background[1:]] + unplaced
    if "period" not in report:
        m = re.search(r"(6 tháng (?:đầu|cuối) năm \d{4}|quý [IV]+ năm \d{4}|năm \d{4})", subject)
        report["period"] = m[1] if m else "(chưa rõ kỳ báo cáo)"
        out.doubts.append(f"report.period: đoán từ trích yếu: “{report['period']}”")
    for s in results:
        if isinstance(s, dict) and "heading" in s:
            s.pop("_caption", None)
            if not s["items"]:
                s.pop("items")
    rec["report"] = {"period": report["period"], "subject": subject,
                     **({"background": report["background"]} if "background" in report else {})}
    if results:
        rec["results"] = results
    for name in ("shortcomings", "tasks", "recommendations"):
        if lists[name]:
            rec[name] = lists[name]
    _keep(doc, out, unplaced)


def _lower_start(text: str) -> str:
    words = text.split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return first[0].lower() + text[1:]
    return text


# --- Công văn, Kế hoạch, Tờ trình (the kind catalogue's kinds) ----------------------------------------------


def _default(name: str, **context: Any) -> list[str] | None:
    """What notices' own template ``name`` prints for ``context`` (None if it cannot say): a paragraph equal to
    it is the record's default, not a text to keep."""
    from notices.compose.templates import paragraphs

    try:
        return paragraphs(name, None, **context)
    except Exception:  # noqa: BLE001 - a comparison only: the paragraph is then kept as written
        return None


def _agency_model(out: Imported) -> Any:
    from notices.records.models import Agency

    return Agency.model_construct(**out.record["agency"])


_FOLLOWS = r"^Thực hiện (?:(?P<ref>.+?) của {agency} về kết luận|kết luận) của đồng chí (?P<chair>.+?) tại " \
           r"(?P<name>.+) ngày " + DMY + r",\s*{agency} {tail}$"


def _follows(text: str, agency: str, tail: str, rec: dict[str, Any], doc: dict[str, Any]) -> bool:
    """The opening "Thực hiện [Thông báo số … của X về] kết luận của đồng chí … tại … ngày …, X …": the meeting
    (name, date, chair) into the record, the document it follows into ``reference``."""
    m = re.match(_FOLLOWS.replace("{agency}", re.escape(agency)).replace("{tail}", tail), text)
    day = a_date(m[4], m[5], m[6]) if m else None
    if not m or day is None:
        return False
    rec["meeting"] = {"name": m["name"], "date": day.isoformat(), "chair": person(m["chair"])}
    if m["ref"]:
        doc["reference"] = m["ref"]
    return True


def _as_above(doc: dict[str, Any]) -> None:
    """Nơi nhận of a document with "Kính gửi" starts "- Như trên;": notices writes it again itself."""
    recipients = doc.get("recipients") or []
    if recipients and vn.fold(recipients[0]) == vn.fold("Như trên"):
        del recipients[0]
        if not recipients:
            doc.pop("recipients")


def _to(layout: Layout, doc: dict[str, Any], out: Imported) -> None:
    key = out.kind.key if out.kind else "?"
    if layout.addressees:
        doc["to"] = list(layout.addressees)
    else:
        doc["to"] = ["(chưa đọc được nơi nhận “Kính gửi”)"]
        out.doubts.append(f"documents.{key}.to: không thấy dòng “Kính gửi:”")


def _subject_of(layout: Layout, doc: dict[str, Any], out: Imported) -> None:
    doc["subject"] = layout.subject or "(chưa đọc được trích yếu)"
    if layout.subject is None:
        out.doubts.append(f"documents.{out.kind.key if out.kind else '?'}.subject: không thấy trích yếu")


def _closing(text: str, default: list[str] | None, doc: dict[str, Any]) -> None:
    """The closing sentence (its './.' undone): the record's ``closing`` unless it is the template's own."""
    closing = unend(text)
    if default is None or [end_of(default[-1])] != [text.rstrip()]:
        doc["closing"] = closing


def end_of(text: str) -> str:
    from notices.compose.common import end_text

    return end_text(text)


def _letter(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    """Công văn (Mẫu 1.5, records.models.OfficialLetter): "V/v" → subject, "Kính gửi" → to, the content
    paragraphs → body (a letter's content is its own part), the last sentence → closing."""
    _subject_of(layout, doc, out)
    _to(layout, doc, out)
    paras = [(p.index, t) for p, t in zip(layout.body, texts, strict=True)]
    closing_at = max((k for k, (_, t) in enumerate(paras) if t.endswith("/.")), default=None)
    if closing_at is not None:
        default = _default("official_letter/closing.j2", letter=SimpleNamespace(closing=None),
                           agency=_agency_model(out))
        _closing(paras[closing_at][1], default, doc)
        out.placed += 1
        del paras[closing_at]
    if paras and _urging(paras, out, doc):
        out.placed += len(paras)
    elif paras:
        doc["body"] = [text for _, text in paras]
        out.placed += len(paras)
    else:
        doc["body"] = ["(chưa đọc được nội dung công văn)"]
        out.doubts.append("documents.official_letter.body: không thấy nội dung công văn")
    if not out.record["agency"].get("unit"):
        doc["unit"] = "VP"
        out.doubts.append("documents.official_letter.unit: số ký hiệu không có đơn vị soạn thảo (UBND-VP); "
                          "đoán là “VP”")
    _reorder(doc, ("number", "date", "year", "draft", "subject", "to", "unit", "reference", "body", "closing"))


def _urging(paras: list[tuple[int, str]], out: Imported, doc: dict[str, Any]) -> bool:
    """A letter whose content is notices' own urging letter: the opening that follows the meeting's conclusions,
    then one numbered task per unit ("Giao … chủ trì …"): the meeting, ``reference`` and ``conclusions`` go into
    the record and the letter is composed from them again. Anything else stays word for word in ``body``."""
    rec = out.record
    meeting_before = rec.get("meeting")
    tail = r"đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện các nhiệm vụ được giao sau đây:"
    if "meeting" in rec or not _follows(paras[0][1], rec["agency"]["name"], tail, rec, doc):
        return False
    items = []
    for number, (_, text) in enumerate(paras[1:], start=1):
        m = re.match(rf"^{number}\. (?P<text>.+)$", text)
        entry = item(m["text"]) if m else None
        if not isinstance(entry, dict) or "assignee" not in entry:  # the letter prints assigned tasks only
            items = []
            break
        items.append(entry)
    if not items:
        rec.pop("meeting", None) if meeting_before is None else None
        doc.pop("reference", None)
        return False
    rec["conclusions"] = {"items": items}
    return True


def _reorder(doc: dict[str, Any], first: tuple[str, ...]) -> None:
    """Keys in the order the model declares them (the YAML reads like the examples)."""
    ordered = _ordered(doc, first)
    doc.clear()
    doc.update(ordered)


_ROMAN = re.compile(r"^([IVXLC]+)\.\s+(.+)$")


def _part(text: str, parts: dict[str, tuple[str, ...]]) -> str | None:
    """Which part a heading 'I. MỤC ĐÍCH, YÊU CẦU' opens (by its words), or None."""
    m = _ROMAN.match(text)
    if not m or m[2] != vn.upper(m[2]):
        return None
    folded = vn.fold(m[2])
    return next((name for name, words in parts.items() if any(w in folded for w in words)), "?")


def _grid(layout: Layout, texts: list[str], i: int) -> tuple[list[list[str]], list[int], int]:
    """The table starting at body paragraph ``i``: its rows of cell texts, its paragraphs, the next index."""
    body = layout.body
    table_id = body[i].table
    rows: dict[int, dict[int, str]] = {}
    indices = []
    while i < len(body) and body[i].table == table_id and body[i].table is not None:
        cell = rows.setdefault(body[i].row, {})
        cell[body[i].col] = (cell.get(body[i].col, "") + " " + texts[i]).strip()
        indices.append(body[i].index)
        i += 1
    cols = sorted({c for row in rows.values() for c in row})
    return [[r.get(c, "") for c in cols] for _, r in sorted(rows.items())], indices, i


def _tasks(grid: list[list[str]], index: int, out: Imported) -> list[Any] | None:
    """A Kế hoạch's table of tasks (nội dung, chủ trì, phối hợp, thời gian) as conclusions; None if the
    table has no "Nội dung" column."""
    head = [vn.fold(c) for c in grid[0]]
    where: dict[str, int] = {}
    for n, name in enumerate(head):
        for field_name, words in (("text", ("noi dung", "nhiem vu", "cong viec")), ("assignee", ("chu tri",)),
                                  ("partners", ("phoi hop",)), ("when", ("thoi gian", "thoi han", "tien do"))):
            if field_name not in where and any(w in name for w in words):
                where[field_name] = n
    if "text" not in where:
        return None
    items: list[Any] = []
    for row in grid[1:]:
        text = row[where["text"]].strip()
        if not text:
            continue
        entry: dict[str, Any] = {"text": text}
        for name in ("assignee", "partners"):
            if name in where and row[where[name]].strip():
                entry[name] = row[where[name]].strip()
        when = row[where["when"]].strip() if "when" in where else ""
        m = re.fullmatch(r"(?:Trước|Hoàn thành trước|Chậm nhất)(?: ngày)? " + DMY + r"\.?", when, re.IGNORECASE)
        day = a_date(m[1], m[2], m[3]) if m else None
        if day:
            entry["deadline"] = day.isoformat()
        elif re.match(r"^Định kỳ\s+\S", when):
            entry["recurring"] = when[len("Định kỳ"):].strip().rstrip(".")
        elif when and vn.fold(when) not in ("thuong xuyen", "thuong xuyen."):
            out.unread.append((index, when, "thời gian hoàn thành không theo mẫu “Trước ngày …” hay “Định kỳ …”"))
        items.append(entry if len(entry) > 1 else text)
    return items


def _plan(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    """Kế hoạch (records.models.Plan): the opening → meeting and reference, I. → purposes, the table of II. →
    conclusions (nội dung, chủ trì, phối hợp, thời gian), III. → organization; the rest verbatim in body."""
    from notices.compose.plan import CAPTION
    rec = out.record
    agency = rec["agency"]["name"]
    _subject_of(layout, doc, out)
    parts = {"purposes": ("muc dich",), "content": ("noi dung",), "organization": ("to chuc thuc hien",)}
    lists: dict[str, list[str]] = {"purposes": [], "organization": []}
    unplaced: list[tuple[int, str]] = []
    items: list[Any] = []
    part: str | None = None
    body = layout.body
    closing_at = max((k for k, t in enumerate(texts) if t.endswith("/.")), default=None)
    i = 0
    while i < len(body):
        p, text = body[i], texts[i]
        if p.table is not None:
            grid, _, i = _grid(layout, texts, i)
            found = _tasks(grid, p.index, out) if part == "content" and len(grid) >= 2 and not items else None
            if found is not None:
                items += found
                out.placed += 1
            else:
                unplaced.append((p.index, " | ".join(" | ".join(r) for r in grid)))
            continue
        if i == 0 and part is None and _follows(text, agency, r"ban hành Kế hoạch triển khai thực hiện như sau:",
                                                rec, doc):
            out.placed += 1
            i += 1
            continue
        heading = _part(text, parts)
        if heading is not None and heading != "?":
            part = heading
            out.placed += 1
            i += 1
            continue
        if part == "content" and (text == "Các nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp và thời gian hoàn "
                                  "thành như sau:" or (text == CAPTION and i + 1 < len(body)
                                                       and body[i + 1].table is not None)):
            out.placed += 1
            i += 1
            continue
        if part == "content" and not items:
            m = _NUMBERED.match(text)
            if m:  # the tasks typed as numbered paragraphs
                items.append(item(m["text"]))
                out.placed += 1
                i += 1
                continue
        if part in lists:
            lists[part].append(unend(text) if i == closing_at else text)
            out.placed += 1
        else:
            unplaced.append((p.index, unend(text) if i == closing_at else text))
        i += 1
    meeting = rec.get("meeting")
    chair = person_text(meeting["chair"]) if meeting else None
    context = {"agency": _agency_model(out), "meeting": meeting, "chair": chair}
    if lists["purposes"] and lists["purposes"] != _default("plan/purposes.j2", **context):
        doc["purposes"] = lists["purposes"]
    organization = _default("plan/organization.j2", **context)
    if lists["organization"] and (organization is None or lists["organization"] != organization):
        doc["organization"] = lists["organization"]
    if not items:
        items = ["(chưa tách được các nhiệm vụ; xem các đoạn trong body)"]
        out.doubts.append("conclusions.items: không thấy bảng nhiệm vụ (Nội dung, Đơn vị chủ trì…) hay các "
                          "nhiệm vụ đánh số; nội dung giữ nguyên trong body")
    rec["conclusions"] = {"items": items}
    if meeting is None:
        out.doubts.append("meeting: câu mở đầu không theo mẫu “Thực hiện … kết luận của đồng chí … tại … ngày …”; "
                          "câu đó giữ nguyên trong body")
    _keep(doc, out, unplaced)
    _reorder(doc, ("number", "date", "year", "draft", "subject", "reference", "purposes", "organization", "body"))


def _proposal(layout: Layout, texts: list[str], doc: dict[str, Any], out: Imported) -> None:
    """Tờ trình (records.models.Proposal): "Kính gửi" → to, the opening → meeting and reference, I. → grounds,
    II. (or the numbered paragraphs) → requests, the last sentence → closing; the rest verbatim in body."""
    rec = out.record
    agency = rec["agency"]["name"]
    _subject_of(layout, doc, out)
    _to(layout, doc, out)
    to = ", ".join(doc["to"])
    parts = {"grounds": ("su can thiet", "can cu", "ly do", "co so"), "requests": ("de nghi", "kien nghi", "de xuat")}
    grounds: list[str] = []
    requests: list[str] = []
    unplaced: list[tuple[int, str]] = []
    part: str | None = None
    paras = [(p.index, t) for p, t in zip(layout.body, texts, strict=True)]
    closing_at = max((k for k, (_, t) in enumerate(paras) if t.endswith("/.")), default=None)
    for k, (index, text) in enumerate(paras):
        if k == 0 and _follows(text, agency, re.escape(f"kính trình {to} xem xét một số nội dung sau:"), rec, doc):
            out.placed += 1
            continue
        if k == closing_at:
            default = _default("proposal/closing.j2", proposal=SimpleNamespace(closing=None), agency=_agency_model(out),
                               to=to)
            _closing(text, default, doc)
            out.placed += 1
            continue
        heading = _part(text, parts)
        if heading is not None and heading != "?":
            part = heading
            out.placed += 1
            continue
        m = _NUMBERED.match(text)
        if m and part in (None, "requests"):
            requests.append(m["text"])
            out.placed += 1
        elif part == "requests":
            requests.append(text)
            out.placed += 1
        elif part == "grounds" or (part is None and not requests and text.startswith("Căn cứ")):
            grounds.append(text)
            out.placed += 1
        else:
            unplaced.append((index, text))
    if grounds:
        doc["grounds"] = grounds
    if requests:
        doc["requests"] = requests
    else:
        doc["requests"] = ["(chưa tách được nội dung đề nghị; xem các đoạn trong body)"]
        out.doubts.append("documents.proposal.requests: không thấy nội dung đề nghị (“II. NỘI DUNG ĐỀ NGHỊ” hay "
                          "các ý đánh số); nội dung giữ nguyên trong body")
    _keep(doc, out, unplaced)
    _reorder(doc, ("number", "date", "year", "draft", "subject", "to", "reference", "grounds", "requests", "body",
                   "closing"))
