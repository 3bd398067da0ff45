"""Decree 30 layout rules (Phụ lục I), checked on a rendered DOCX (its XML) and PDF (pdfplumber).

One function per element of the page, shared by every test of every document kind, so that a new
kind is checked by the same code, not by a copy of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from notices.fonts import text_width
from tests.support import (
    Docx,
    alignment,
    base_font,
    line_spacing,
    para_text,
    ppr_value,
    q,
    run_flag,
    run_size,
    runs,
)

MM_PER_TWIP = 25.4 / 1440
PT = 1 / 20  # points per twip
FONT = "Times New Roman"
PDF_FAMILIES = {"TimesNewRomanPSMT", "TimesNewRoman", "LiberationSerif", "Tinos"}
A4_PT = (595.28, 841.89)
MM = 72 / 25.4


# -- DOCX ------------------------------------------------------------------------------------


def check_page(doc: Docx) -> None:
    """A4 portrait; margins top/bottom 20–25, left 30–35, right 15–20 mm."""
    sect = doc.sect()
    size = sect.find(q("pgSz"))
    width, height = int(size.get(q("w"))), int(size.get(q("h")))
    assert abs(width * MM_PER_TWIP - 210) < 0.1 and abs(height * MM_PER_TWIP - 297) < 0.1
    assert size.get(q("orient")) in (None, "portrait")
    margin = sect.find(q("pgMar"))
    mm = {side: int(margin.get(q(side))) * MM_PER_TWIP for side in ("top", "bottom", "left", "right")}
    # No tolerance: a margin of 850 twips reads as 14.99 mm and is outside the decree's range.
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25, mm
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20, mm


def check_fonts(doc: Docx) -> None:
    """Times New Roman in all four slots of every run (body and headers), in the defaults, no theme font."""
    roots = [doc.document, *doc.headers.values()]
    count = 0
    for root in roots:
        for run in root.iter(q("r")):
            fonts = run.find(f"{q('rPr')}/{q('rFonts')}")
            assert fonts is not None, "a run without its font"
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                assert fonts.get(q(slot)) == FONT, (slot, fonts.attrib)
            assert not [a for a in fonts.attrib if a.lower().endswith("theme")]
            count += 1
    assert count > 20
    defaults = doc.styles.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}/{q('rFonts')}")
    assert {defaults.get(q(s)) for s in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}
    assert not [a for a in defaults.attrib if a.lower().endswith("theme")]
    names = set(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', _xml(doc.document)))
    assert names == {FONT}


def _xml(root) -> str:
    from lxml import etree

    return etree.tostring(root, encoding="unicode").replace(f"{{{q('')[1:-1]}}}", "w:")


def _style_of(p) -> set[tuple[float, bool, bool]]:
    return {(run_size(r), run_flag(r, "b"), run_flag(r, "i")) for r in runs(p)}


def _cells(row) -> list:
    return row.findall(q("tc"))


def _cell_width(cell) -> float:
    return int(cell.find(f"{q('tcPr')}/{q('tcW')}").get(q("w"))) * PT


def _rule_length(p, cell_width: float) -> float | None:
    """Length in points of a paragraph-border rule, or None if ``p`` is not a rule."""
    borders = p.find(f"{q('pPr')}/{q('pBdr')}")
    top = None if borders is None else next(iter(borders), None)  # an empty paragraph's top or bottom edge
    if top is None or para_text(p):
        return None
    assert top.get(q("val")) == "single", "a solid line"
    left = int(ppr_value(p, "ind", "left") or 0) * PT
    right = int(ppr_value(p, "ind", "right") or 0) * PT
    return cell_width - left - right


def header_table(doc: Docx):
    first = doc.body[0]
    assert first.tag == q("tbl"), "page 1 opens with the two-column header"
    rows = first.findall(q("tr"))
    assert len(rows) == 2 and all(len(_cells(r)) == 2 for r in rows)
    return rows


def check_header(doc: Docx, *, kind: str, agency: str, parent: str | None, place: str) -> None:
    """Ô 1–4: agency (and parent) left with a 1/3–1/2 rule, quốc hiệu and tiêu ngữ right with a full
    rule, 'Số: 05/TB-UBND' (13) and the italic place and date on one row."""
    (agency_cell, national_cell), (number_cell, date_cell) = (_cells(r) for r in header_table(doc))
    paragraphs = agency_cell.findall(q("p"))
    if parent:
        parent_p = paragraphs.pop(0)
        assert para_text(parent_p).replace("\n", " ") == parent.upper()
        assert all(12 <= s <= 13 and not b and not i for s, b, i in _style_of(parent_p))
        assert alignment(parent_p) == "center"
    agency_p, rule_p = paragraphs
    lines = para_text(agency_p).split("\n")
    assert " ".join(lines) == agency.upper()
    ((size, bold, italic),) = _style_of(agency_p)
    assert 12 <= size <= 13 and bold and not italic
    assert alignment(agency_p) == "center"
    widest = max(text_width(line, size, bold=True) for line in lines)
    rule = _rule_length(rule_p, _cell_width(agency_cell))
    assert rule is not None and widest / 3 - 0.5 <= rule <= widest / 2 + 0.5, (rule, widest)

    national, motto, motto_rule = national_cell.findall(q("p"))
    assert para_text(national) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ((size, bold, _),) = _style_of(national)
    assert 12 <= size <= 13 and bold
    assert para_text(motto) == "Độc lập - Tự do - Hạnh phúc"
    ((motto_size, bold, _),) = _style_of(motto)
    assert 13 <= motto_size <= 14 and bold
    assert alignment(national) == alignment(motto) == "center"
    rule = _rule_length(motto_rule, _cell_width(national_cell))
    assert rule is not None and abs(rule - text_width("Độc lập - Tự do - Hạnh phúc", motto_size, True)) < 1

    (number_p,) = number_cell.findall(q("p"))
    number = para_text(number_p)
    assert re.fullmatch(rf"Số: (0[1-9]|[1-9]\d+|\u00a0+)/{kind}-[A-ZĐ0-9-]+", number), number
    assert _style_of(number_p) == {(13, False, False)}
    (date_p,) = date_cell.findall(q("p"))
    date = para_text(date_p)
    issued = rf"{place}, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{{4}}"
    draft = rf"{place}, ngày\u00a0+tháng\u00a0+năm \d{{4}}"
    assert re.fullmatch(issued, date) or re.fullmatch(draft, date), date
    ((size, bold, italic),) = _style_of(date_p)
    assert 13 <= size <= 14 and italic and not bold


def body_paragraphs(doc: Docx) -> list:
    """Paragraphs between the title block's rule and the sign-off table (top level only): not the
    Nơi nhận a Biên bản prints under its two signatures."""
    children = list(doc.body)
    last_table = max(i for i, el in enumerate(children) if el.tag == q("tbl"))
    top = [el for el in children[:last_table] if el.tag == q("p")]
    rule_index = next(i for i, p in enumerate(top) if _rule_length(p, 1000) is not None)
    return [p for p in top[rule_index + 1 :] if para_text(p)]


def check_title(doc: Docx, *, kind_name: str, subject: str) -> None:
    """Ô 5a: the kind in capitals and the subject, bold 13–14, centred, a 1/3–1/2 rule under them."""
    top = [el for el in doc.body if el.tag == q("p")]
    texts = [para_text(p) for p in top]
    index = texts.index(kind_name)
    kind_p, subject_p, rule_p = top[index : index + 3]
    for p in (kind_p, subject_p):
        ((size, bold, italic),) = _style_of(p)
        assert 13 <= size <= 14 and bold and not italic
        assert alignment(p) == "center"
    lines = para_text(subject_p).split("\n")  # set in balanced lines by the writer, not by the word processor
    assert " ".join(lines) == subject
    size = _style_of(subject_p).pop()[0]
    text_area = (210 - 30 - 15) * MM
    line = max(text_width(text, size, True) for text in lines)
    assert line <= text_area
    rule = _rule_length(rule_p, text_area)
    assert rule is not None and line / 3 - 0.5 <= rule <= line / 2 + 0.5


def check_body(doc: Docx, *, headings: tuple[str, ...] = ()) -> None:
    """13–14, justified, first line 1–1.27 cm, ≥ 6 pt after, line spacing single to 1.5; ends './.'.

    ``headings``: the texts of the document's headings and table captions, which
    :func:`check_headings` and :func:`check_table` check instead (a report's, the minutes').
    """
    paragraphs = [p for p in body_paragraphs(doc) if para_text(p) not in headings]
    assert len(paragraphs) >= 3
    for p in paragraphs:
        ((size, bold, italic),) = _style_of(p)
        assert 13 <= size <= 14 and not bold and not italic, para_text(p)[:40]
        assert alignment(p) == "both"
        first = int(ppr_value(p, "ind", "firstLine")) / 1440 * 2.54
        assert 1.0 - 0.01 <= first <= 1.27 + 0.01
        assert int(ppr_value(p, "spacing", "after")) * PT >= 6
        height, rule = line_spacing(p)
        if rule in ("exact", "atLeast"):
            assert size * 1.15 - 0.01 <= height <= size * 1.15 * 1.5, (height, size)
        else:
            assert 12 <= height <= 18  # 'auto': in 240ths of a line → 240..360
    assert para_text(paragraphs[-1]).endswith("./.")


def sign_off_cells(doc: Docx):
    last = [el for el in doc.body if el.tag == q("tbl")][-1]
    (row,) = last.findall(q("tr"))
    return _cells(row)


def check_sign_off(doc: Docx, *, authority: list[str], title: str, name: str) -> None:
    """Nơi nhận left (label 12 bold italic level with the authority line, items 11 '- …;', last
    '- Lưu: VT, ….'); the signature right: prefixes and title in bold capitals 13–14, then the name."""
    left, right = sign_off_cells(doc)
    recipients = left.findall(q("p"))
    label = recipients[0]
    assert para_text(label) == "Nơi nhận:"
    assert _style_of(label) == {(12, True, True)}
    items = [para_text(p) for p in recipients[1:]]
    assert all(_style_of(p) == {(11, False, False)} for p in recipients[1:])
    assert all(re.fullmatch(r"- \S.*;", line) for line in items[:-1]), items
    assert re.fullmatch(r"- Lưu: VT(, [^,]+)*\.", items[-1]), items[-1]
    assert all(alignment(p) == "left" for p in recipients)

    signature = check_signature_cell(right, authority=authority, title=title, name=name)
    # Level: both columns start at the top of the same row with no space before their first line.
    assert int(ppr_value(label, "spacing", "before")) == int(ppr_value(signature[0], "spacing", "before")) == 0


def check_signature_cell(cell, *, authority: list[str], title: str, name: str) -> list:
    """One signature block (ô 7a–7c): prefixes and title in bold capitals 13–14, room to sign, the
    name in bold, all centred. Returns its paragraphs."""
    signature = cell.findall(q("p"))
    texts = [para_text(p) for p in signature]
    assert texts == [*authority, title, name]
    for p in signature:
        ((size, bold, italic),) = _style_of(p)
        assert 13 <= size <= 14 and bold and not italic
        assert alignment(p) == "center"
    for line in authority:
        assert re.match(r"(TM|KT|TL|TUQ|Q)\. [A-ZÀ-Ỹ]", line) and line == line.upper()
    assert title == title.upper()
    assert int(ppr_value(signature[-1], "spacing", "before")) * PT >= 36, "room for signature and seal"
    return signature


def check_page_numbers(doc: Docx) -> None:
    """A PAGE field centred in the top margin (13–14) from page 2; the first page's header is empty."""
    assert doc.sect().find(q("titlePg")) is not None
    default = doc.header_part("default")
    instr = "".join(t.text or "" for t in default.iter(q("instrText")))
    simple = [f.get(q("instr")) for f in default.iter(q("fldSimple"))]
    assert instr.strip() == "PAGE" or any(s.strip() == "PAGE" for s in simple)
    (p,) = default.findall(q("p"))
    assert alignment(p) == "center"
    sizes = {run_size(r) for r in p.iter(q("r"))}
    assert sizes and all(13 <= s <= 14 for s in sizes)
    first = doc.header_part("first")
    assert not "".join(t.text or "" for t in first.iter(q("t"))) and not list(first.iter(q("instrText")))


def check_no_hyphenation(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path) as z:
        assert b"autoHyphenation" not in z.read("word/settings.xml")
        assert "\u00ad" not in z.read("word/document.xml").decode()


# -- PDF -------------------------------------------------------------------------------------


def pdf_chars(path: Path) -> list[list[dict]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [list(page.chars) for page in pdf.pages], [(p.width, p.height) for p in pdf.pages]


def check_pdf(path: Path, *, agency_first_line: str) -> None:
    """A4 pages; one font family; quốc hiệu top right, agency top left; page numbers from page 2."""
    pages, sizes = pdf_chars(path)
    for width, height in sizes:
        assert abs(width - A4_PT[0]) < 1 and abs(height - A4_PT[1]) < 1
    families = {base_font(c["fontname"]) for page in pages for c in page}
    assert len(families) == 1 and families <= PDF_FAMILIES, families

    first = pages[0]
    national = _line_chars(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    agency = _line_chars(first, agency_first_line)
    page_width = A4_PT[0]
    assert min(c["x0"] for c in national) > page_width * 0.4, "quốc hiệu in the right column"
    assert max(c["x1"] for c in agency) < page_width * 0.5, "agency in the left column"
    assert min(c["x0"] for c in agency) >= 30 * MM - 1
    assert max(c["x1"] for c in national) <= page_width - 15 * MM + 1
    assert min(c["top"] for c in national) < 30 * MM
    assert all("Bold" in c["fontname"] for c in national)
    assert {round(c["size"]) for c in national} <= {12, 13}

    top_margin = 20 * MM
    assert not [c for c in first if c["top"] < top_margin], "no page number on page 1"
    centre = (30 + (210 - 30 - 15) / 2) * MM
    for number, page in enumerate(pages[1:], start=2):
        head = [c for c in page if c["top"] < top_margin]
        assert "".join(c["text"] for c in head) == str(number)
        mid = (min(c["x0"] for c in head) + max(c["x1"] for c in head)) / 2
        assert abs(mid - centre) < 3, (mid, centre)
        assert all(13 <= round(c["size"]) <= 14 for c in head)


def _line_chars(chars: list[dict], text: str) -> list[dict]:
    """The chars of the first line whose text (spaces removed) contains ``text``."""
    lines: dict[float, list[dict]] = {}
    for c in chars:
        lines.setdefault(round(c["top"]), []).append(c)
    wanted = text.replace(" ", "")
    for top in sorted(lines):
        line = sorted(lines[top], key=lambda c: c["x0"])
        joined = "".join(c["text"] for c in line).replace(" ", "")
        start = joined.find(wanted)
        if start >= 0:
            visible = [c for c in line if c["text"] != " "]
            return visible[start : start + len(wanted)]
    raise AssertionError(f"no line contains {text!r}")


def check_pdf_sign_off(path: Path, *, first_signature_line: str) -> None:
    """In the PDF, 'Nơi nhận:' sits on the left, level with the first line of the signature block."""
    pages, _ = pdf_chars(path)
    for chars in pages:
        try:
            label = _line_chars(chars, "Nơi nhận:")
        except AssertionError:
            continue
        authority = _line_chars(chars, first_signature_line)
        assert max(c["x1"] for c in label) < min(c["x0"] for c in authority)
        assert min(c["x0"] for c in label) <= 30 * MM + 1, "flush with the left margin"
        bottom = lambda cs: max(c["bottom"] for c in cs)  # noqa: E731
        assert abs(bottom(label) - bottom(authority)) < 4, (bottom(label), bottom(authority))
        assert all("Bold" in c["fontname"] and "Italic" in c["fontname"] for c in label)
        assert {round(c["size"]) for c in label} == {12}
        return
    raise AssertionError("no 'Nơi nhận:' in the PDF")


# -- the meeting pack: minutes' two signatures, a report's headings and tables ----------------


def check_two_signatures(doc: Docx, *, left: tuple[str, str], right: tuple[str, str]) -> None:
    """Biên bản (Mẫu 1.9): two signature columns of equal width, each (title, name) — THƯ KÝ on the
    left, CHỦ TỌA on the right — level with each other; no Nơi nhận beside them."""
    cells = sign_off_cells(doc)
    assert len(cells) == 2
    first = []
    for cell, (title, name) in zip(cells, (left, right), strict=True):
        first.append(check_signature_cell(cell, authority=[], title=title, name=name)[0])
    assert abs(_cell_width(cells[0]) - _cell_width(cells[1])) < 1
    assert int(ppr_value(first[0], "spacing", "before")) == int(ppr_value(first[1], "spacing", "before")) == 0
    assert "Nơi nhận:" not in [para_text(p) for cell in cells for p in cell.findall(q("p"))]


def check_headings(doc: Docx, *, parts: list[str], sections: list[str]) -> None:
    """A report's headings (Phụ lục I, II.6): parts 'I. …' in capitals, sections '1. …'; both bold,
    13–14, upright, at the body's first-line indent, in order; parts numbered I, II, III… in turn."""
    top = [para_text(p) for p in doc.body if p.tag == q("p")]
    order = [top.index(text) for text in [*parts, *sections]]
    assert [top.index(t) for t in parts] == sorted(top.index(t) for t in parts)
    romans = ["I", "II", "III", "IV", "V", "VI"]
    for number, text in enumerate(parts):
        assert text.startswith(f"{romans[number]}. "), text
        assert text == text.upper(), text
    for text in sections:
        assert re.match(r"\d+\. \S", text), text
    paragraphs = [p for p in doc.body if p.tag == q("p")]
    for index in order:
        p = paragraphs[index]
        ((size, bold, italic),) = _style_of(p)
        assert 13 <= size <= 14 and bold and not italic, top[index]
        first = int(ppr_value(p, "ind", "firstLine")) / 1440 * 2.54
        assert 1.0 - 0.01 <= first <= 1.27 + 0.01


def body_tables(doc: Docx) -> list:
    """The tables of figures: every top-level table but the header (first) and the sign-off (last)."""
    tables = [el for el in doc.body if el.tag == q("tbl")]
    return tables[1:-1]


def check_table(doc: Docx, table, *, caption: str, columns: list[str], rows: list[list[str]]) -> None:
    """A table of figures: its caption (bold, centred) just above it; single borders all round and
    inside; the header row (bold) marked to repeat on every page (w:tblHeader); rows that do not
    split across pages; cell texts exactly ``rows``; the table inside the text width."""
    children = list(doc.body)
    caption_p = children[children.index(table) - 1]
    assert para_text(caption_p) == caption
    ((size, bold, _),) = _style_of(caption_p)
    assert 13 <= size <= 14 and bold and alignment(caption_p) == "center"
    borders = table.find(f"{q('tblPr')}/{q('tblBorders')}")
    assert borders is not None
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert borders.find(q(side)).get(q("val")) == "single", side
    trs = table.findall(q("tr"))
    head, body = trs[0], trs[1:]
    assert head.find(f"{q('trPr')}/{q('tblHeader')}") is not None, "the header row repeats on every page"
    assert all(tr.find(f"{q('trPr')}/{q('tblHeader')}") is None for tr in body)
    assert all(tr.find(f"{q('trPr')}/{q('cantSplit')}") is not None for tr in trs)
    assert [para_text(c.find(q("p"))) for c in _cells(head)] == columns
    for c in _cells(head):
        assert all(b for _, b, _ in _style_of(c.find(q("p"))))
    assert [[para_text(c.find(q("p"))) for c in _cells(tr)] for tr in body] == rows
    width = sum(_cell_width(c) for c in _cells(head))
    assert width <= (210 - 30 - 15) * MM + 0.5, width


def check_pdf_two_signatures(path: Path, *, left: tuple[str, str], right: tuple[str, str]) -> None:
    """In the PDF, the left title and name sit in the left half of the text area, the right ones in
    the right half; both titles on one line, both names on one line, names below their titles."""
    pages, sizes = pdf_chars(path)
    chars = pages[-1]
    middle = (30 + (210 - 30 - 15) / 2) * MM
    found = {key: _line_chars(chars, text) for key, text in
             (("lt", left[0]), ("ln", left[1]), ("rt", right[0]), ("rn", right[1]))}
    for key in ("lt", "ln"):
        assert max(c["x1"] for c in found[key]) < middle, key
    for key in ("rt", "rn"):
        assert min(c["x0"] for c in found[key]) > middle, key
    bottom = lambda cs: max(c["bottom"] for c in cs)  # noqa: E731
    assert abs(bottom(found["lt"]) - bottom(found["rt"])) < 1
    assert abs(bottom(found["ln"]) - bottom(found["rn"])) < 1
    assert bottom(found["ln"]) - bottom(found["lt"]) >= 36, "room to sign"
    for cs in found.values():
        assert all("Bold" in c["fontname"] for c in cs)


def pdf_text(path: Path) -> str:
    """All the text of a PDF with no whitespace at all (line breaks fall anywhere in running text)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_pdf_table_header_repeats(path: Path, *, columns: list[str], first_cell_of_rows: list[str]) -> None:
    """Every PDF page that shows a row of the table also shows the header row above its rows."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages_with_rows = 0
        for page in pdf.pages:
            lines = (page.extract_text() or "").splitlines()
            starts = tuple(first_cell_of_rows)
            row_lines = [i for i, line in enumerate(lines) if line.startswith(starts)]
            if not row_lines:
                continue
            pages_with_rows += 1
            head = " ".join(lines[: row_lines[0]]).split()  # header cells wrap: compare word by word
            assert all(word in head for c in columns for word in c.split()), (page.page_number, columns)
            tail = " ".join(lines[max(row_lines[0] - 3, 0) : row_lines[0]]).split()
            assert any(word in tail for word in columns[-1].split()), "the header row right above the rows"
    assert pages_with_rows >= 2, "the table must span two pages to prove its header repeats"
