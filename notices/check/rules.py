"""The Decree 30 rules: each has an id, the element it belongs to, a Vietnamese explanation and its
reference in Phụ lục I. A rule reads the observed document and its elements and returns violations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from notices.check import observed as ob
from notices.check.elements import (
    AUTHORITY,
    AUTHORITY_LIKE,
    CONG_VAN,
    KINDS,
    PLACEHOLDER,
    Elements,
    is_upper,
    kind_from_number,
    norm,
)
from notices.model import MOTTO, NATIONAL_NAME

MM = 72 / 25.4
SIZE_TOL = 0.26


@dataclass(frozen=True)
class Violation:
    rule: str
    element: str
    message: str
    quote: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    element: str
    title: str  # what the decree asks, in Vietnamese
    ref: str  # where Phụ lục I says it
    check: Callable[[ob.Observed, Elements], Iterable[tuple[str, str]]]
    formats: tuple[str, ...] = ("docx", "pdf")


RULES: list[Rule] = []


def rule(
    rid: str, element: str, title: str, ref: str, formats: tuple[str, ...] = ("docx", "pdf")
) -> Callable[[Callable[..., Iterable[tuple[str, str]]]], Callable[..., Iterable[tuple[str, str]]]]:
    """Register a check; it yields (message, quoted text) pairs."""

    def wrap(fn: Callable[..., Iterable[tuple[str, str]]]) -> Callable[..., Iterable[tuple[str, str]]]:
        RULES.append(Rule(rid, element, title, ref, fn, formats))
        return fn

    return wrap


def run_rules(doc: ob.Observed, el: Elements) -> list[Violation]:
    out: list[Violation] = []
    for r in RULES:
        if doc.source not in r.formats:
            continue
        for message, quote in r.check(doc, el):
            out.append(Violation(r.id, r.element, message, quote))
    return out


# --- helpers -------------------------------------------------------------------------------------------


def in_range(size: float | None, low: float, high: float) -> bool:
    return size is not None and low - SIZE_TOL <= size <= high + SIZE_TOL


def fmt_size(para: ob.Para) -> str:
    sizes = para.sizes
    return "/".join(f"{s:g}" for s in sizes) + " pt" if sizes else "không rõ cỡ chữ"


def style_problems(
    para: ob.Para, low: float, high: float, bold: bool | None, italic: bool, upper: bool | None = None
) -> list[str]:
    """What differs from the wanted size range, weight, slant and case (empty list: all fine)."""
    wrong = []
    sizes = para.sizes
    if not sizes or not all(in_range(s, low, high) for s in sizes):
        want = f"{low:g}" if low == high else f"{low:g}–{high:g}"
        wrong.append(f"cỡ chữ {fmt_size(para)} (phải {want})")
    if bold is True and para.bold is not True:
        wrong.append("chưa in đậm")
    if bold is False and para.bold is not False:
        wrong.append("không được in đậm")
    if italic and para.italic is not True:
        wrong.append("chưa in nghiêng")
    if not italic and para.italic is not False:
        wrong.append("không được in nghiêng (kiểu chữ đứng)")
    if upper is True and not is_upper(para.flat):
        wrong.append("chưa viết in hoa")
    if upper is False and is_upper(para.flat) and len(para.flat) > 3:
        wrong.append("không được viết in hoa toàn bộ")
    return wrong


def style_check(para: ob.Para | None, what: str, *args: object, **kw: object) -> list[tuple[str, str]]:
    if para is None:
        return []
    wrong = style_problems(para, *args, **kw)  # type: ignore[arg-type]
    return [(f"{what}: {', '.join(wrong)}.", para.flat)] if wrong else []


def text_len(paras: list[ob.Para]) -> float:
    return max((line.width for p in paras for line in p.lines if line.text.strip()), default=0.0)


def rule_of(paras: list[ob.Para]) -> ob.Rule | None:
    return next((p.rule for p in reversed(paras) if p.rule is not None), None)


def rule_fraction(paras: list[ob.Para], what: str, low: float, high: float) -> list[tuple[str, str]]:
    """The rule under ``paras`` exists, measures low–high of the text and sits centred under it."""
    if not paras:
        return []
    quote = " / ".join(p.flat for p in paras)
    found = rule_of(paras)
    if found is None:
        return [(f"Thiếu đường kẻ ngang nét liền dưới {what}.", quote)]
    width = text_len(paras)
    avail = max((p.avail_width or 0) for p in paras) or width
    width = min(width, avail) if avail else width
    if width <= 0:
        return []
    ratio = found.length / width
    out = []
    if not low <= ratio <= high:
        out.append(
            (
                f"Đường kẻ dưới {what} dài {found.length / MM:.0f} mm = {ratio:.2f} độ dài dòng chữ "
                f"({width / MM:.0f} mm); phải từ {_frac(low)} đến {_frac(high)}.",
                quote,
            )
        )
    if found.offset is not None and abs(found.offset) > max(0.1 * width, 6):
        out.append((f"Đường kẻ dưới {what} không đặt cân đối (lệch {found.offset / MM:.0f} mm).", quote))
    return out


def _frac(x: float) -> str:
    return {0.3: "1/3", 0.55: "1/2", 0.85: "bằng", 1.15: "bằng"}.get(x, f"{x:.2f}")


def centred(para: ob.Para | None, what: str) -> list[tuple[str, str]]:
    if para is None or para.align in (None, "center"):
        return []
    return [(f"{what} phải được canh giữa (đang canh {ALIGN.get(para.align, para.align)}).", para.flat)]


ALIGN = {"left": "trái", "right": "phải", "both": "đều hai lề", "center": "giữa"}


def missing(what: str) -> list[tuple[str, str]]:
    return [(f"Không tìm thấy {what}.", "")]


# --- page ----------------------------------------------------------------------------------------------


@rule("TRANG-KHO", "Trang", "Khổ A4 (210 × 297 mm), trình bày theo chiều dài", "PL I, Phần I, I.1")
def page_size(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    seen = set()
    for i, page in enumerate(doc.pages, 1):
        w, h = round(page.width_mm), round(page.height_mm)
        if (w, h) in seen:
            continue
        seen.add((w, h))
        a4 = abs(page.width_mm - 210) <= 1.5 and abs(page.height_mm - 297) <= 1.5
        landscape = abs(page.width_mm - 297) <= 1.5 and abs(page.height_mm - 210) <= 1.5
        where = "trang" if doc.source == "pdf" else "phần (section)"
        if not a4 and not (landscape and i > 1):
            yield f"Khổ giấy {where} {i} là {page.width_mm:.0f} × {page.height_mm:.0f} mm, phải là A4 dọc.", ""


_MARGINS = (("top_mm", "trên", 20, 25), ("bottom_mm", "dưới", 20, 25), ("left_mm", "trái", 30, 35),
            ("right_mm", "phải", 15, 20))


@rule("TRANG-LE", "Trang", "Lề trên, dưới 20–25 mm; lề trái 30–35 mm; lề phải 15–20 mm", "PL I, Phần I, I.1")
def margins(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if doc.source == "pdf":
        yield from _pdf_margins(doc)
        return
    reported = set()
    for page in doc.pages:
        for attr, name, low, high in _MARGINS:
            value = getattr(page, attr)
            if value is not None and not low - 0.3 <= value <= high + 0.3 and attr not in reported:
                reported.add(attr)
                yield f"Lề {name} {value:.1f} mm, phải từ {low} đến {high} mm.", ""


def _pdf_margins(doc: ob.Observed) -> Iterable[tuple[str, str]]:
    if doc.pdf_text_box is None or not doc.pages:
        return
    x0, top, x1, bottom = doc.pdf_text_box
    page = doc.pages[0]
    if x0 < 30 - 0.5 or x0 > 35 + 0.5:
        yield f"Chữ bắt đầu cách mép trái {x0:.1f} mm, lề trái phải từ 30 đến 35 mm.", ""
    if page.width_mm - x1 < 15 - 0.5:
        yield f"Chữ chạy tới cách mép phải {page.width_mm - x1:.1f} mm, lề phải tối thiểu 15 mm.", ""
    if top < 20 - 0.5:
        yield f"Chữ bắt đầu cách mép trên {top:.1f} mm, lề trên tối thiểu 20 mm.", ""
    if page.height_mm - bottom < 20 - 0.5:
        yield f"Chữ xuống tới cách mép dưới {page.height_mm - bottom:.1f} mm, lề dưới tối thiểu 20 mm.", ""


# --- fonts ---------------------------------------------------------------------------------------------

PDF_FAMILIES = {"timesnewroman": "Times New Roman", "timesnewromanpsmt": "Times New Roman",
                "liberationserif": "Liberation Serif", "tinos": "Tinos"}


def pdf_family(fontname: str) -> str:
    """'ABCDEF+LiberationSerif-Bold' → 'liberationserif'."""
    name = fontname.split("+", 1)[-1]
    name = re.sub(r"MT$", "", name)
    previous = None
    while previous != name:
        previous = name
        name = re.sub(r"[\s,-]*(Bold|Italic|Oblique|Regular|Book|Normal)$", "", name, flags=re.I)
    name = re.sub(r"PS$", "", re.sub(r"[\s,-]", "", name))
    return name.lower()


@rule("PHONG-CHU", "Phông chữ", "Phông Times New Roman (PDF: một họ phông, Times New Roman hoặc tương "
      "đương metric Liberation Serif/Tinos)", "PL I, Phần I, I.1")
def fonts(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    bad: dict[str, str] = {}
    families: set[str] = set()
    for para in doc.paras:
        for font in para.fonts:
            if doc.source == "docx":
                if norm(font).lower() != "times new roman":
                    bad.setdefault(font, para.flat)
            else:
                fam = pdf_family(font)
                families.add(fam)
                if not fam.startswith(tuple(PDF_FAMILIES)) and font not in doc.tnr_metric_fonts:
                    bad.setdefault(font, para.flat)
    for font, quote in bad.items():
        yield f"Phông chữ “{font}” không phải Times New Roman.", quote[:80]
    if doc.source == "pdf" and len(families) > 1:
        yield f"Tệp PDF dùng {len(families)} họ phông: {', '.join(sorted(families))}; chỉ được một.", ""


@rule("MAU-CHU", "Phông chữ", "Chữ màu đen", "PL I, Phần I, I.1")
def colours(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in doc.paras:
        if para.colors:
            yield f"Chữ có màu {', '.join(para.colors)}, phải là màu đen.", para.flat[:80]


# --- quốc hiệu, tiêu ngữ --------------------------------------------------------------------------------


@rule("QH-CHU", "Quốc hiệu và Tiêu ngữ", f"Quốc hiệu là “{NATIONAL_NAME}”, ở trên cùng bên phải trang đầu",
      "PL I, Phần I, II.1.a")
def national_text(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.national is None:
        yield from missing("Quốc hiệu ở cột phải phần đầu trang 1")
        return
    text = norm(el.national.flat).upper().replace("HOÀ", "HÒA")
    if text != NATIONAL_NAME:
        yield f"Quốc hiệu phải là “{NATIONAL_NAME}”.", el.national.flat


@rule("QH-KIEU", "Quốc hiệu và Tiêu ngữ", "Quốc hiệu: chữ in hoa, cỡ 12–13, đứng, đậm", "PL I, Phần I, II.1.a")
def national_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    yield from style_check(el.national, "Quốc hiệu", 12, 13, True, False, upper=True)


@rule("TN-CHU", "Quốc hiệu và Tiêu ngữ", f"Tiêu ngữ là “{MOTTO}” (gạch nối “-” có cách chữ)",
      "PL I, Phần I, II.1.b")
def motto_text(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.motto is None:
        yield from missing("Tiêu ngữ dưới Quốc hiệu")
        return
    if norm(el.motto.flat) != MOTTO:
        yield f"Tiêu ngữ phải đúng là “{MOTTO}” (chữ cái đầu cụm từ viết hoa, gạch nối “-”).", el.motto.flat


@rule("TN-KIEU", "Quốc hiệu và Tiêu ngữ", "Tiêu ngữ: cỡ 13–14, đứng, đậm, canh giữa dưới Quốc hiệu",
      "PL I, Phần I, II.1.b")
def motto_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    yield from style_check(el.motto, "Tiêu ngữ", 13, 14, True, False)
    yield from centred(el.motto, "Tiêu ngữ")
    yield from centred(el.national, "Quốc hiệu")


@rule("TN-KE", "Quốc hiệu và Tiêu ngữ", "Dưới Tiêu ngữ có đường kẻ ngang nét liền dài bằng dòng chữ",
      "PL I, Phần I, II.1.b")
def motto_rule(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.motto is not None:
        yield from rule_fraction([el.motto], "Tiêu ngữ", 0.85, 1.15)


# --- agency ------------------------------------------------------------------------------------------


@rule("CQ-KIEU", "Tên cơ quan", "Cơ quan chủ quản: in hoa, cỡ 12–13, đứng; cơ quan ban hành: in hoa, cỡ "
      "12–13, đứng, đậm", "PL I, Phần I, II.2")
def agency_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.has_head and not el.agency:
        yield from missing("tên cơ quan ban hành ở cột trái phần đầu trang 1")
    for para in el.parent:
        yield from style_check(para, "Tên cơ quan chủ quản", 12, 13, False, False, upper=True)
    for para in el.agency:
        yield from style_check(para, "Tên cơ quan ban hành", 12, 13, True, False, upper=True)
    for para in el.parent + el.agency:
        yield from centred(para, "Tên cơ quan")


@rule("CQ-KE", "Tên cơ quan", "Dưới tên cơ quan ban hành có đường kẻ nét liền dài 1/3–1/2 dòng chữ, "
      "cân đối", "PL I, Phần I, II.2.b")
def agency_rule(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    yield from rule_fraction(el.agency, "tên cơ quan ban hành", 0.3, 0.55)


# --- số, ký hiệu ------------------------------------------------------------------------------------------

NUMBER = re.compile(r"^Số:[ \t\u00a0]*(?P<n>\d+|[\s\u00a0._…]*)/(?P<sym>[^\s/]+)$")
SYMBOL = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$")


@rule("SO-DANG", "Số, ký hiệu", "“Số:” rồi số, “/”, ký hiệu in hoa; các nhóm ký hiệu nối bằng “-”, không "
      "cách chữ", "PL I, Phần I, II.3")
def number_format(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.number is None:
        if el.has_head:
            yield from missing("dòng “Số: …/…” dưới tên cơ quan")
        return
    text = nfc(el.number.flat).strip()
    match = NUMBER.match(text)
    if not match:
        yield "Số, ký hiệu phải có dạng “Số: 05/TB-UBND” (“Số” rồi dấu hai chấm, không cách quanh “/”).", text
    elif not SYMBOL.match(match.group("sym")):
        yield "Ký hiệu văn bản phải là các nhóm chữ viết tắt in hoa nối bằng “-”, không cách chữ.", text


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@rule("SO-KHONG", "Số, ký hiệu", "Số nhỏ hơn 10 phải có số 0 phía trước", "PL I, Phần I, II.3.c")
def number_zero(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.number is None:
        return
    match = NUMBER.match(nfc(el.number.flat).strip())
    if match and match.group("n").isdigit() and int(match.group("n")) < 10 and len(match.group("n")) < 2:
        yield "Số văn bản nhỏ hơn 10 phải ghi thêm số 0 phía trước (ví dụ “05”).", el.number.flat


@rule("SO-LOAI", "Số, ký hiệu", "Ký hiệu có chữ viết tắt đúng tên loại văn bản (Phụ lục III)",
      "PL I, Phần I, II.3.b; PL III")
def number_kind(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.number is None or el.kind is None:
        return
    found = kind_from_number(el.number.flat)
    if el.kind == CONG_VAN:
        if found is not None:
            yield f"Ký hiệu công văn không có chữ viết tắt tên loại (“{found}”).", el.number.flat
    elif found != el.kind:
        name = next(k for k, v in KINDS.items() if v == el.kind)
        yield f"Văn bản là {name.lower()}: ký hiệu phải có “/{el.kind}-”.", el.number.flat


@rule("SO-KIEU", "Số, ký hiệu", "Số, ký hiệu: cỡ 13, đứng, canh giữa dưới tên cơ quan", "PL I, Phần I, II.3.c")
def number_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    yield from style_check(el.number, "Số, ký hiệu", 13, 13, False, False)
    yield from centred(el.number, "Số, ký hiệu")


# --- place and date ---------------------------------------------------------------------------------

BLANK = r"[\s\u00a0._…]+"
DATE = re.compile(
    rf"^(?P<place>[^,]+), ngày(?: (?P<d>\d+) |{BLANK})tháng(?: (?P<m>\d+) |{BLANK})năm (?P<y>\d{{4}})$"
)


def _date_text(para: ob.Para) -> str:
    """Tabs and runs of spaces typed between words count as one space; NBSP blanks of a draft stay."""
    return re.sub(r"[ \t]+", " ", nfc(para.flat)).strip()


@rule("NT-DANG", "Địa danh và thời gian", "“Địa danh, ngày … tháng … năm …”: địa danh viết hoa chữ đầu, "
      "có dấu phẩy, ngày tháng năm viết đầy đủ bằng số Ả Rập", "PL I, Phần I, II.4")
def date_format(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.place_date is None:
        if el.has_head and el.kind != "BB":
            yield from missing("địa danh và thời gian ban hành dưới Tiêu ngữ")
        return
    text = _date_text(el.place_date)
    match = DATE.match(text)
    if not match:
        yield "Địa danh và thời gian phải có dạng “Hà Nội, ngày 05 tháng 01 năm 2024”.", text
        return
    words = match.group("place").split()
    if not all(w[0].isupper() or w[0].isdigit() for w in words):
        yield "Các chữ cái đầu của địa danh phải viết hoa.", text
    d, m = match.group("d"), match.group("m")
    if d and not 1 <= int(d) <= 31 or m and not 1 <= int(m) <= 12:
        yield "Ngày hoặc tháng không có thật.", text


@rule("NT-KHONG", "Địa danh và thời gian", "Ngày nhỏ hơn 10 và tháng 1, 2 có số 0 phía trước (tháng 3–12 "
      "thì không)", "PL I, Phần I, II.4.b")
def date_zero(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.place_date is None:
        return
    match = DATE.match(_date_text(el.place_date))
    if not match:
        return
    d, m = match.group("d"), match.group("m")
    if d and int(d) < 10 and len(d) < 2:
        yield f"Ngày {d} phải viết “0{d}”.", el.place_date.flat
    if m and int(m) <= 2 and len(m) < 2:
        yield f"Tháng {m} phải viết “0{m}”.", el.place_date.flat
    if m and int(m) >= 3 and m.startswith("0"):
        yield f"Tháng {int(m)} không viết số 0 phía trước (“{m}”).", el.place_date.flat


@rule("NT-KIEU", "Địa danh và thời gian", "Cỡ 13–14, chữ nghiêng, canh giữa dưới Quốc hiệu và Tiêu ngữ",
      "PL I, Phần I, II.4.c")
def date_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    yield from style_check(el.place_date, "Địa danh và thời gian", 13, 14, None, True)
    yield from centred(el.place_date, "Địa danh và thời gian")


# --- title ------------------------------------------------------------------------------------------------


@rule("TL-TEN", "Tên loại và trích yếu", "Tên loại: in hoa, cỡ 13–14, đứng, đậm, canh giữa",
      "PL I, Phần I, II.5.a")
def kind_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.kind_para is None:
        if el.has_head and el.kind != CONG_VAN:
            yield from missing("tên loại văn bản (ví dụ “THÔNG BÁO”) dưới phần đầu")
        return
    yield from style_check(el.kind_para, "Tên loại văn bản", 13, 14, True, False, upper=True)
    yield from centred(el.kind_para, "Tên loại văn bản")


@rule("TL-TRICH-YEU", "Tên loại và trích yếu", "Trích yếu: chữ thường, cỡ 13–14, đứng, đậm, ngay dưới tên "
      "loại, canh giữa", "PL I, Phần I, II.5.a")
def subject_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.kind_para is not None and not el.subject and el.kind not in ("GM",):
        yield from missing("trích yếu nội dung ngay dưới tên loại văn bản (canh giữa)")
    for para in el.subject:
        yield from style_check(para, "Trích yếu", 13, 14, True, False, upper=False)


@rule("TL-KE", "Tên loại và trích yếu", "Dưới trích yếu có đường kẻ nét liền dài 1/3–1/2 dòng chữ, cân đối",
      "PL I, Phần I, II.5.a")
def subject_rule(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    yield from rule_fraction(el.subject, "trích yếu", 0.3, 0.55)


# --- công văn and biên bản -------------------------------------------------------------------------------

VV = re.compile(r"^V/v \S")


@rule("CV-VV", "Trích yếu công văn", "Công văn: trích yếu “V/v …” chữ thường, cỡ 12–13, đứng, canh giữa "
      "dưới số và ký hiệu", "PL I, Phần I, II.5.b")
def vv(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.kind != CONG_VAN:
        return
    if not el.vv:
        yield from missing("trích yếu “V/v …” dưới số, ký hiệu của công văn")
        return
    if not VV.match(norm(el.vv[0].flat)):
        yield "Trích yếu công văn phải bắt đầu bằng “V/v ”.", el.vv[0].flat
    for para in el.vv:
        yield from style_check(para, "Trích yếu công văn", 12, 13, False, False)
        yield from centred(para, "Trích yếu công văn")


# Kinds that carry "Kính gửi:" (PL I, II.9: Công văn; Tờ trình sent to a higher body).
GREETED = (CONG_VAN, "TTr")


@rule("KG-CO", "Kính gửi", "Công văn và tờ trình có “Kính gửi:” và nơi nhận văn bản", "PL I, Phần I, II.9.a")
def greeting_present(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.kind in GREETED and not el.greeting:
        yield from missing("“Kính gửi:” và nơi nhận (công văn, tờ trình gửi cấp trên)")


@rule("KG-KIEU", "Kính gửi", "“Kính gửi:” chữ thường, cỡ 13–14, đứng; một nơi nhận trên cùng dòng, nhiều nơi "
      "nhận mỗi nơi một dòng “- …;”, dòng cuối “.”, các gạch đầu dòng thẳng hàng dưới dấu hai chấm",
      "PL I, Phần I, II.9.a")
def greeting_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if not el.greeting:
        return
    for para in el.greeting:
        yield from style_check(para, "Kính gửi", 13, 14, False, False)
    first = norm(el.greeting[0].flat)
    if not first.startswith("Kính gửi:"):
        yield "Sau “Kính gửi” phải có dấu hai chấm (:).", first
        return
    items = _items(el.greeting[1:])
    if not items:  # one recipient, on the same line
        if first == "Kính gửi:":
            yield "Sau “Kính gửi:” không có nơi nhận.", first
        elif not first.endswith("."):
            yield "Một nơi nhận ghi cùng dòng “Kính gửi:” và kết thúc bằng dấu chấm (.).", first
        return
    if first != "Kính gửi:":
        yield "Nhiều nơi nhận: “Kính gửi:” đứng riêng một dòng, mỗi nơi nhận một dòng bên dưới.", first
    for index, text in enumerate(items):
        end = "." if index == len(items) - 1 else ";"
        if not text.startswith("- ") or not text.endswith(end):
            yield f"Mỗi nơi nhận sau “Kính gửi:” bắt đầu bằng “- ” và kết thúc bằng “{end}”.", text
    starts = [p.first_indent for p in el.greeting[1:] if norm(p.flat).startswith("-")]
    label = el.greeting[0].first_indent
    if None not in starts and starts and max(starts) - min(starts) > 2:  # type: ignore[operator]
        yield "Các gạch đầu dòng sau “Kính gửi:” phải thẳng hàng với nhau.", items[0]
    elif None not in starts and starts and label is not None and min(starts) <= label + 1:  # type: ignore[operator]
        yield "Các gạch đầu dòng phải thẳng hàng dưới dấu hai chấm của “Kính gửi:”.", items[0]


@rule("NN-NHU-TREN", "Nơi nhận", "Văn bản có “Kính gửi:”: nơi nhận đầu tiên là “- Như trên;”",
      "PL I, Phần I, II.9")
def as_above_first(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if not el.greeting or el.recipients_label is None:
        return
    items = _items(el.recipients)
    if items and not norm(items[0]).startswith("- Như trên"):
        yield "Văn bản có “Kính gửi:”: dòng đầu của nơi nhận phải là “- Như trên;”.", items[0]


ROMAN_HEADING = re.compile(r"^[IVXL]+\.\s")


@rule("ND-MUC", "Nội dung", "Kế hoạch, tờ trình, báo cáo chia phần, mục: số La Mã và tiêu đề mục in hoa, đậm "
      "(“I. MỤC ĐÍCH, YÊU CẦU”)", "PL I, Phần I, II.6")
def part_headings(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.kind not in ("KH", "TTr", "BC"):
        return
    for para in el.body:
        text = norm(para.flat)
        if para.in_table or not ROMAN_HEADING.match(text) or len(para.lines) > 2:
            continue
        wrong = []
        if not is_upper(text):
            wrong.append("tiêu đề mục chưa viết in hoa")
        if para.bold is not True:
            wrong.append("chưa in đậm")
        if wrong:
            yield f"Tiêu đề mục: {', '.join(wrong)}.", text


@rule("BB-CHU-KY", "Chữ ký", "Biên bản có hai chữ ký: thư ký (trái) và chủ tọa (phải)", "PL III, Mẫu 1.9")
def minutes_signatures(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.kind == "BB" and len(el.signers) < 2:
        yield f"Biên bản phải có hai chữ ký (thư ký và chủ tọa), tìm thấy {len(el.signers)}.", ""


# --- body ---------------------------------------------------------------------------------------------------


def body_paras(el: Elements) -> list[ob.Para]:
    """Body paragraphs that carry running text (not headings, not tables)."""
    out = []
    for para in el.body:
        if para.in_table or not para.flat:
            continue
        if para.align in ("center", "right") and (para.bold or is_upper(para.flat)):
            continue  # a centred heading ("Phần I", "Chương II", …)
        out.append(para)
    return out


@rule("ND-CO-CHU", "Nội dung", "Nội dung: cỡ chữ 13–14", "PL I, Phần I, II.6.c")
def body_size(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in el.body:
        if not para.in_table and para.sizes and not all(in_range(s, 13, 14) for s in para.sizes):
            yield f"Cỡ chữ nội dung {fmt_size(para)}, phải 13–14.", para.flat[:80]


@rule("ND-CANH-DEU", "Nội dung", "Nội dung canh đều hai lề", "PL I, Phần I, II.6.c")
def body_justified(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in body_paras(el):
        if para.align not in (None, "both"):
            yield f"Đoạn văn canh {ALIGN.get(para.align, para.align)}, phải canh đều hai lề.", para.flat[:80]


@rule("ND-THUT-DONG", "Nội dung", "Chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm", "PL I, Phần I, II.6.c")
def body_indent(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in body_paras(el):
        if para.first_indent is None or para.numbered:
            continue
        mm = para.first_indent / MM
        if not (9.5 <= mm <= 10.5 or 12.2 <= mm <= 13.2):
            yield f"Đầu dòng lùi {mm / 10:.2f} cm, phải 1 cm hoặc 1,27 cm.", para.flat[:80]


@rule("ND-GIAN-DOAN", "Nội dung", "Khoảng cách giữa các đoạn văn tối thiểu 6 pt", "PL I, Phần I, II.6.c")
def body_paragraph_spacing(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    paras = [p for p in el.body if not p.in_table]
    for para, nxt in zip(paras, paras[1:], strict=False):
        after, before = para.space_after, nxt.space_before
        if after is None and before is None:
            continue
        gap = max(after or 0.0, before or 0.0)
        if gap < 6 - 0.3:
            yield f"Khoảng cách sau đoạn chỉ {gap:g} pt, tối thiểu 6 pt.", para.flat[:80]


@rule("ND-GIAN-DONG", "Nội dung", "Khoảng cách giữa các dòng từ dòng đơn đến 1,5 lines",
      "PL I, Phần I, II.6.c")
def body_line_spacing(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in body_paras(el):
        size = max(para.sizes or (14.0,))
        if para.line_rule is None or para.line_value is None:
            continue
        if para.line_rule == "auto":
            ok = 0.99 <= para.line_value <= 1.51
            shown = f"{para.line_value:g} lines"
        else:  # exact or at least: compare with single (≈1.15 × cỡ chữ) and 1,5 lines
            ok = para.line_value >= size * 1.1 - 0.3 and (
                para.line_rule == "atLeast" or para.line_value <= size * 1.75 + 0.3
            )
            shown = f"{para.line_value:g} pt với chữ {size:g} pt"
        if not ok:
            yield f"Giãn dòng {shown}: phải từ dòng đơn đến 1,5 lines.", para.flat[:80]


@rule("ND-KET-THUC", "Nội dung", "Nội dung kết thúc bằng “./.”", "PL III, Mẫu 1.4–1.9")
def body_end(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    paras = [p for p in el.body if p.flat and not p.in_table]
    if not paras:
        if el.has_head:
            yield from missing("phần nội dung văn bản")
        return
    if not norm(paras[-1].flat).endswith("./."):
        yield "Đoạn cuối của nội dung phải kết thúc bằng “./.”.", paras[-1].flat[-80:]


# --- signature ----------------------------------------------------------------------------------------------


def _signer_parts(block: list[ob.Para]) -> tuple[list[ob.Para], ob.Para | None]:
    """(upper-case lines above the signature: authority and titles, the name under it)."""
    lines = [p for p in block if p.flat and not PLACEHOLDER.match(p.flat)]
    if not lines:
        return [], None
    name = lines[-1] if not is_upper(lines[-1].flat) or len(lines) == 1 else None
    top = lines[:-1] if name is not None else lines
    return [p for p in top if is_upper(p.flat) or AUTHORITY_LIKE.match(p.flat)], name


@rule("CK-THAM-QUYEN", "Chữ ký", "Quyền hạn ký viết “TM.”, “Q.”, “KT.”, “TL.”, “TUQ.” trước chức vụ hoặc "
      "tên tập thể", "PL I, Phần I, II.7.b")
def authority(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.has_head and not el.signers:
        yield from missing("khối chữ ký (quyền hạn, chức vụ, họ tên người ký)")
    for block in el.signers:
        for para in _signer_parts(block)[0]:
            text = norm(para.flat)
            if AUTHORITY_LIKE.match(text) and not AUTHORITY.match(text) and not text.startswith("TRƯỞNG"):
                if re.match(r"^(TM|KT|TL|TUQ|Q)\.?\s", text, re.IGNORECASE) or "/" in text.split()[0]:
                    yield "Quyền hạn ký phải viết đúng “TM.”, “KT.”, “TL.”, “TUQ.” hoặc “Q.”.", text


@rule("CK-CHUC-VU", "Chữ ký", "Quyền hạn và chức vụ người ký: in hoa, cỡ 13–14, đứng, đậm",
      "PL I, Phần I, II.7.đ")
def signer_title(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for block in el.signers:
        top, _ = _signer_parts(block)
        for para in top:
            yield from style_check(para, "Quyền hạn, chức vụ người ký", 13, 14, True, False, upper=True)


@rule("CK-HO-TEN", "Chữ ký", "Họ tên người ký: chữ thường (viết hoa chữ đầu), cỡ 13–14, đứng, đậm",
      "PL I, Phần I, II.7.đ")
def signer_name(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for block in el.signers:
        top, name = _signer_parts(block)
        if name is None:
            if top:
                yield "Không tìm thấy họ tên người ký (chữ thường) dưới chức vụ.", top[-1].flat
            continue
        yield from style_check(name, "Họ tên người ký", 13, 14, True, False, upper=False)


# --- nơi nhận -------------------------------------------------------------------------------------------------


@rule("NN-NHAN", "Nơi nhận", "“Nơi nhận:” cỡ 12, nghiêng, đậm, sát lề trái", "PL I, Phần I, II.9.b")
def recipients_label(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    label = el.recipients_label
    if label is None:
        if el.has_head:  # every kind, the Biên bản too (Mẫu 1.9 ends "Nơi nhận: …; - Lưu: VT, Hồ sơ.")
            yield from missing("“Nơi nhận:”")
        return
    wrong = style_problems(label, 12, 12, True, True)
    if norm(label.flat) != "Nơi nhận:":
        wrong.append("phải đúng “Nơi nhận:” (có dấu hai chấm)")
    indented = label.first_indent is not None and abs(label.first_indent) > 3  # a DOCX indent (a PDF: align)
    if indented or (label.align in ("center", "right") and len(label.flat) < 20):
        wrong.append("phải sát lề trái")
    if wrong:
        yield f"“Nơi nhận”: {', '.join(wrong)}.", label.flat


@rule("NN-CO-CHU", "Nơi nhận", "Các dòng nơi nhận: chữ thường, cỡ 11, đứng", "PL I, Phần I, II.9.b")
def recipients_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in el.recipients:
        yield from style_check(para, "Dòng nơi nhận", 11, 11, False, False)


@rule("NN-DAU", "Nơi nhận", "Mỗi nơi nhận một dòng: gạch đầu dòng “-” và dấu “;” cuối dòng",
      "PL I, Phần I, II.9.b")
def recipients_punctuation(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    items = _items(el.recipients)
    for text in items[:-1]:
        if not text.startswith("- ") or not text.endswith(";"):
            yield "Dòng nơi nhận phải bắt đầu bằng “- ” và kết thúc bằng “;”.", text


def _items(paras: list[ob.Para]) -> list[str]:
    """Recipient items; a line that does not start with '-' continues the item above (wrapped)."""
    items: list[str] = []
    for para in paras:
        text = norm(para.flat)
        if items and not text.startswith(("-", "+")) and not items[-1].endswith((";", ".")):
            items[-1] += " " + text
        else:
            items.append(text)
    return items


LUU = re.compile(r"^- Lưu: VT, \S.*\.$")


@rule("NN-LUU", "Nơi nhận", "Dòng cuối “- Lưu: VT, [đơn vị soạn thảo][số bản].”", "PL I, Phần I, II.9.b")
def recipients_archive(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if el.recipients_label is None:
        return
    items = _items(el.recipients)
    if not items:
        yield "Dưới “Nơi nhận:” không có dòng nào.", el.recipients_label.flat
        return
    if not LUU.match(items[-1]):
        yield ("Dòng cuối nơi nhận phải là “- Lưu: VT, …” (chữ viết tắt đơn vị soạn thảo) "
               "và kết thúc bằng “.”."), items[-1]


# --- page numbers ---------------------------------------------------------------------------------------------


@rule("TR-SO-TRANG", "Số trang", "Văn bản nhiều trang được đánh số trang bằng số Ả Rập",
      "PL I, Phần I, I.7")
def page_numbers_present(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if doc.marks or (doc.page_count or 1) <= 1:
        return
    est = "" if doc.page_count_exact or doc.source == "pdf" else " (ước tính)"
    yield f"Văn bản có {doc.page_count} trang{est} nhưng không có số trang.", ""


@rule("TR-VI-TRI", "Số trang", "Số trang cỡ 13–14, đứng, canh giữa trong phần lề trên", "PL I, Phần I, I.7")
def page_number_style(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    problems: list[str] = []
    for mark in doc.marks:
        if mark.where != "top":
            problems.append("nằm ở lề dưới (phải ở lề trên)")
        if not mark.centred:
            problems.append("không canh giữa")
        if not mark.sizes or not all(in_range(s, 13, 14) for s in mark.sizes):
            problems.append(f"cỡ chữ {'/'.join(f'{s:g}' for s in mark.sizes)} pt (phải 13–14)")
        if mark.italic:
            problems.append("in nghiêng")
    for problem in dict.fromkeys(problems):
        yield f"Số trang {problem}.", ""


@rule("TR-TRANG-DAU", "Số trang", "Không hiển thị số trang thứ nhất", "PL I, Phần I, I.7")
def first_page_number(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    if doc.first_page_numbered:
        how = "" if doc.source == "pdf" else " (bật “Different First Page” và để trống đầu trang thứ nhất)"
        yield f"Trang thứ nhất không được hiển thị số trang{how}.", ""


# --- text hygiene ---------------------------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ufeff]")
# Letters of TCVN3 (ABC) and VNI text read as Unicode: none of them is a Vietnamese letter.
LEGACY = re.compile(r"[¸µ¶·¹¨»¾¼½Æ©ÇËÌÎÏÑ®ª¬ÖØÜÞßåæçëîïñöøûüþäÄÅÐ¤¢]")


def _all_text(doc: ob.Observed) -> Iterable[ob.Para]:
    return (p for p in doc.paras if p.flat)


@rule("VB-NFC", "Văn bản", "Chữ Việt Unicode dựng sẵn (NFC, TCVN 6909:2001)", "PL I, Phần I, I.1")
def text_nfc(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in _all_text(doc):
        if unicodedata.normalize("NFC", para.text) != para.text:
            yield "Chữ Việt viết bằng dấu tổ hợp (không phải Unicode dựng sẵn NFC).", para.flat[:80]


@rule("VB-KY-TU", "Văn bản", "Không có ký tự điều khiển hoặc ký tự hỏng", "PL I, Phần I, I.1")
def text_control(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for para in _all_text(doc):
        bad = CONTROL.search(para.text)
        if bad:
            yield f"Có ký tự điều khiển U+{ord(bad.group()):04X}.", para.flat[:80].replace(bad.group(), "�")


@rule("VB-MA-CU", "Văn bản", "Không dùng bảng mã cũ TCVN3 (ABC) hay VNI", "PL I, Phần I, I.1")
def text_legacy(doc: ob.Observed, el: Elements) -> Iterable[tuple[str, str]]:
    for font in doc.legacy_fonts:
        yield f"Phông “{font}” là phông bảng mã cũ (TCVN3/VNI).", ""
    for para in _all_text(doc):
        hits = LEGACY.findall(para.text)
        if len(hits) >= 2:
            yield "Chữ gõ bằng bảng mã cũ TCVN3/VNI (hiển thị sai trong Unicode).", para.flat[:80]
