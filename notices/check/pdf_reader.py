"""Read a PDF into an :class:`Observed` document with pdfplumber.

Characters are grouped into printed lines by baseline and split into segments at wide gaps (the two
columns of the head and the foot). The head is everything on page 1 above the first centred line
that spans no column; the foot starts at "Nơi nhận" or at the signer's authority line. Body lines
are grouped into paragraphs; alignment, first-line indent, line pitch and paragraph spacing are
measured from positions. Horizontal rules are thin rectangles, lines or flat curves.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from notices.check import observed as ob
from notices.check.elements import AUTHORITY, is_upper

MM = 72 / 25.4
LEGACY_FONT = re.compile(r"(^|\+)(\.?vn|vni[- ])", re.IGNORECASE)


@dataclass
class Seg:
    """A run of characters on one baseline, between two wide gaps."""

    page: int
    chars: list[dict[str, Any]]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    baseline: float = 0.0
    rule: ob.Rule | None = None
    line: ob.Line = field(default_factory=lambda: ob.Line(""))
    fonts: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    in_table: bool = False  # drawn inside a bordered table of the body
    cell: tuple[int, int, int, int] | None = None  # (page, table, row, column) of a table cell
    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _bold(font: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi|,b$", font, re.IGNORECASE))


def _italic(font: str) -> bool:
    return bool(re.search(r"italic|oblique|,i$|,bi$", font, re.IGNORECASE))


def _colour(char: dict[str, Any]) -> str | None:
    colour = char.get("non_stroking_color")
    if colour is None:
        return None
    values = tuple(colour) if isinstance(colour, list | tuple) else (colour,)
    if all(isinstance(v, int | float) for v in values):
        if len(values) == 4:  # CMYK: black is K=1 with or without C, M, Y
            black = values[3] >= 0.95 or all(v >= 0.95 for v in values[:3])
        else:
            black = all(v <= 0.05 for v in values)
        if black:
            return None
        return "".join(f"{round(min(max(v, 0), 1) * 255):02x}" for v in values[:3])
    return None


def _segment(page: int, chars: list[dict[str, Any]]) -> Seg:
    seg = Seg(page, chars)
    parts: list[str] = []
    prev = None
    for ch in chars:
        if prev is not None and ch["text"] != " " and prev["text"] != " ":
            if ch["x0"] - prev["x1"] > 0.2 * ch["size"]:
                parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    seg.text = "".join(parts).strip()
    visible = [c for c in chars if c["text"].strip()]
    seg.x0, seg.x1 = min(c["x0"] for c in visible), max(c["x1"] for c in visible)
    seg.top = min(c["top"] for c in visible)
    seg.baseline = statistics.median(c["baseline"] for c in visible)
    sizes = tuple(sorted({round(c["size"] * 2) / 2 for c in visible}))
    bolds = {_bold(c["fontname"]) for c in visible}
    italics = {_italic(c["fontname"]) for c in visible}
    seg.line = ob.Line(
        seg.text,
        sizes,
        bolds.pop() if len(bolds) == 1 else None,
        italics.pop() if len(italics) == 1 else None,
        False,
        seg.x1 - seg.x0,
    )
    seg.fonts = tuple(sorted({c["fontname"] for c in visible}))
    seg.colours = tuple(sorted({col for c in visible if (col := _colour(c))}))
    return seg


def _rows(
    page_no: int, chars: list[dict[str, Any]], walls: Sequence[tuple[float, float, float]] = ()
) -> list[list[Seg]]:
    """Characters grouped by baseline, each row split into segments at gaps wider than the columns'
    and at the vertical borders (``walls``: x, top, bottom) of table cells."""
    for ch in chars:
        ch["baseline"] = (ch["top"] + (ch["bottom"] - ch["top"]) * 0.78 if "matrix" in ch
                          else ch["bottom"] - 0.216 * ch["size"])
    ordered = sorted((c for c in chars if c.get("upright", True)), key=lambda c: (c["baseline"], c["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for ch in ordered:
        if rows and abs(ch["baseline"] - rows[-1][0]["baseline"]) <= 2.0:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        # A producer that writes its word spaces as characters leaves no character between two columns:
        # there a bare gap of one em already parts the columns (a one-line agency name beside the quốc hiệu).
        spaced = any(not c["text"].strip() for c in row)
        groups: list[list[dict[str, Any]]] = [[]]
        last_x1 = None
        bridged = False  # a space character since the last visible one
        for ch in row:
            if not ch["text"].strip():
                bridged = True
            elif last_x1 is not None:
                gap = ch["x0"] - last_x1
                wide = max(2.5 * ch["size"], 25)
                if gap > wide or (spaced and not bridged and gap > max(ch["size"], 8)) or _walled(
                    walls, last_x1, ch
                ):
                    groups.append([])
            groups[-1].append(ch)
            if ch["text"].strip():
                last_x1 = ch["x1"]
                bridged = False
        segs = [_segment(page_no, g) for g in groups if any(c["text"].strip() for c in g)]
        if segs:
            out.append(segs)
    return out


def _walled(walls: Sequence[tuple[float, float, float]], x1: float, ch: dict[str, Any]) -> bool:
    """A cell border stands between the character ending at ``x1`` and ``ch``."""
    mid = (ch["top"] + ch["bottom"]) / 2
    return any(x1 - 0.5 <= x <= ch["x0"] + 0.5 and top <= mid <= bottom for x, top, bottom in walls)


def _walls(page: Any) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the vertical strokes on the page: table cell borders."""
    return [
        ((o["x0"] + o["x1"]) / 2, o["top"], o["bottom"])
        for o in list(page.rects) + list(page.lines)
        if o["x1"] - o["x0"] <= 2.0 and o["bottom"] - o["top"] > 5
    ]


def _rules(page: Any) -> list[tuple[float, float, float]]:
    """(x0, x1, top) of horizontal rule lines drawn on the page."""
    found: list[tuple[float, float, float]] = []
    for obj in list(page.rects) + list(page.lines):
        if obj["x1"] - obj["x0"] > 10 and obj["bottom"] - obj["top"] <= 2.0:
            found.append((obj["x0"], obj["x1"], obj["top"]))
    found.extend(_frame_strips(page.rects))
    for curve in page.curves:
        pts = curve.get("pts") or []
        if len(pts) >= 2 and max(p[1] for p in pts) - min(p[1] for p in pts) <= 2.0:
            if curve["x1"] - curve["x0"] > 10:
                found.append((curve["x0"], curve["x1"], curve["top"]))
    unique: list[tuple[float, float, float]] = []
    for rule in sorted(found, key=lambda r: (r[2], r[0])):
        if not any(abs(rule[0] - u[0]) < 2 and abs(rule[1] - u[1]) < 2 and abs(rule[2] - u[2]) < 3 for u in unique):
            unique.append(rule)
    return unique


def _frame_strips(rects: list[dict[str, Any]]) -> list[tuple[float, float, float]]:
    """A border drawn as an outer box minus an inner box (even-odd fill): the thin strip between them."""
    out = []
    for a in rects:
        for b in rects:
            if a is b or abs(a["x0"] - b["x0"]) > 0.5 or abs(a["x1"] - b["x1"]) > 0.5 or a["x1"] - a["x0"] < 10:
                continue
            if abs(a["top"] - b["top"]) < 0.5 and 0.1 < b["bottom"] - a["bottom"] <= 2.0:
                out.append((a["x0"], a["x1"], a["bottom"]))
            if abs(a["bottom"] - b["bottom"]) < 0.5 and 0.1 < a["top"] - b["top"] <= 2.0:
                out.append((a["x0"], a["x1"], b["top"]))
    return out


def _attach_rules(rows: list[list[Seg]], rules: list[tuple[float, float, float]]) -> None:
    segs = [s for row in rows for s in row]
    for x0, x1, top in rules:
        centre = (x0 + x1) / 2
        above = [
            s
            for s in segs
            if s.baseline - 2 <= top <= s.baseline + 14 and (s.x0 - 5 <= centre <= s.x1 + 5)
        ]
        if above:
            seg = max(above, key=lambda s: s.baseline)
            seg.rule = ob.Rule(x1 - x0, centre - seg.centre, "đường kẻ PDF")


def _table_boxes(page: Any) -> list[tuple[float, float, float, float]]:
    """(x0, top, x1, bottom) of each bordered table: vertical strokes that overlap, at least two."""
    strokes = [
        (o["x0"], o["top"], o["x1"], o["bottom"])
        for o in list(page.rects) + list(page.lines)
        if o["x1"] - o["x0"] <= 2.0 and o["bottom"] - o["top"] > 5
    ]
    boxes: list[list[float]] = []
    for x0, top, x1, bottom in sorted(strokes, key=lambda r: r[1]):
        for box in boxes:
            if top <= box[3] + 1 and bottom >= box[1] - 1:
                box[:] = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom), box[4] + 1]
                break
        else:
            boxes.append([x0, top, x1, bottom, 1])
    return [(b[0], b[1], b[2], b[3]) for b in boxes if b[4] >= 2 and b[2] - b[0] > 50]


def _mark_table_cells(
    rows: list[list[Seg]], boxes: list[tuple[float, float, float, float]],
    walls: Sequence[tuple[float, float, float]] = (), rules: Sequence[tuple[float, float, float]] = (),
    page: int = 0,
) -> None:
    """Mark every segment drawn inside a bordered table and name its cell (page, table, row, column):
    the lines of one cell are one paragraph, as in the DOCX."""
    if not boxes:
        return
    for row in rows:
        for seg in row:
            mid = (seg.top + seg.baseline) / 2
            for number, (x0, top, x1, bottom) in enumerate(boxes):
                if not (x0 <= seg.centre <= x1 and top <= mid <= bottom):
                    continue
                seg.in_table = True
                column = sum(1 for x, t, b in walls if x0 - 1 <= x < seg.centre and t <= mid <= b)
                line = sum(1 for a, z, y in rules if a <= seg.centre <= z and top - 1 <= y < mid)
                seg.cell = (page, number, line, column)
                break


def read_pdf(path: str) -> ob.Observed:
    """Read ``path``; raises :class:`ValueError` when it is not a readable PDF."""
    try:
        import pdfplumber

        pdf = pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot read this file"
        raise ValueError(f"không đọc được tệp PDF: {exc}") from exc
    with pdf:
        try:
            return _read(pdf, path)
        except Exception as exc:  # noqa: BLE001 - damaged content streams
            raise ValueError(f"không đọc được nội dung tệp PDF: {exc}") from exc


def _without_repeated_headers(paras: list[ob.Para]) -> list[ob.Para]:
    """Drop a table's header row where print repeats it at the top of a continuation page.

    A DOCX holds the header row once (w:tblHeader); the PDF prints it again on every page the table
    reaches. Cells continuing a table on a new page that repeat, in order, the table's first cells
    are that repeated header.
    """
    out: list[ob.Para] = []
    table: list[ob.Para] = []  # the cells of the table being read
    index = 0
    while index < len(paras):
        para = paras[index]
        if not para.in_table:
            table = []
        elif table and para.page != table[-1].page:
            repeated = 0
            while (index + repeated < len(paras) and repeated < len(table)
                   and paras[index + repeated].in_table and paras[index + repeated].page == para.page
                   and paras[index + repeated].flat == table[repeated].flat):
                repeated += 1
            if 0 < repeated < len(table):
                index += repeated
                continue
        if para.in_table:
            table.append(para)
        out.append(para)
        index += 1
    return out


def _read(pdf: Any, path: str) -> ob.Observed:
    doc = ob.Observed("pdf", path, page_count=len(pdf.pages), page_count_exact=True)
    rows: list[list[Seg]] = []
    for number, page in enumerate(pdf.pages, 1):
        doc.pages.append(ob.Page(float(page.width) / MM, float(page.height) / MM))
        page_rows = _rows(number, page.chars, _walls(page))
        _attach_rules(page_rows, _rules(page))
        _mark_table_cells(page_rows, _table_boxes(page), _walls(page), _rules(page), number)
        rows.extend(_marks(doc, page_rows, float(page.width), float(page.height)))
    if not rows:
        raise ValueError("tệp PDF không có chữ (có thể là ảnh quét)")
    doc.pdf_text_box = _box(rows)
    _centre_marks(doc, doc.pages[0].width_mm * MM)
    _zones(doc, rows)
    doc.paras = _without_repeated_headers(doc.paras)
    doc.first_page_numbered = any(m.page == 1 for m in doc.marks)
    doc.tnr_metric_fonts = _tnr_metric(pdf)
    doc.legacy_fonts = sorted({f for p in doc.paras for f in p.fonts if LEGACY_FONT.search(f)})
    return doc


def _tnr_metric(pdf: Any) -> list[str]:
    """Fonts whose every measured advance equals Times New Roman's (within 1 %)."""
    from notices.check.metrics import text_width

    seen: dict[str, list[bool]] = {}
    for page in pdf.pages[:3]:
        for ch in page.chars:
            if not ch["text"].strip() or len(ch["text"]) != 1:
                continue
            font = ch["fontname"]
            want = text_width(ch["text"], ch["size"], _bold(font), _italic(font))
            got = ch["x1"] - ch["x0"]
            seen.setdefault(font, []).append(abs(got - want) <= max(0.01 * want, 0.05))
    return sorted(f for f, hits in seen.items() if len(hits) >= 5 and sum(hits) / len(hits) >= 0.98)


def _marks(doc: ob.Observed, rows: list[list[Seg]], width: float, height: float) -> list[list[Seg]]:
    """Take page numbers (digits alone in the top or bottom margin) out of the rows."""
    kept = []
    for row in rows:
        if len(row) == 1 and row[0].text.isdigit() and len(row[0].text) <= 3:
            seg = row[0]
            where = "top" if seg.baseline < 20 * MM else "bottom" if seg.top > height - 20 * MM else None
            if where:
                # centred or not is judged once the text box is known
                doc.marks.append(
                    ob.PageMark(seg.page, where, False, seg.line.sizes, seg.line.italic, seg.text, seg.centre)
                )
                continue
        kept.append(row)
    return kept


def _centre_marks(doc: ob.Observed, width: float) -> None:
    """A page number is centred on the page or on the text area (Word and CSS use either)."""
    if doc.pdf_text_box is None:
        return
    area = (doc.pdf_text_box[0] + doc.pdf_text_box[2]) / 2 * MM
    for mark in doc.marks:
        centre = mark.x if mark.x is not None else width / 2
        mark.centred = min(abs(centre - width / 2), abs(centre - area)) < 8


def _box(rows: list[list[Seg]]) -> tuple[float, float, float, float]:
    segs = [s for row in rows for s in row]
    return (
        min(s.x0 for s in segs) / MM,
        min(s.top for s in segs) / MM,
        max(s.x1 for s in segs) / MM,
        max(s.baseline + 0.25 * (s.line.size or 12) for s in segs) / MM,
    )


# --- zones and paragraphs -----------------------------------------------------------------------------


def _edges(rows: list[list[Seg]], page_width: float) -> tuple[float, float]:
    """Left and right edge of the text area, from where lines start and end and from its axis.

    The longest line may not reach the right margin (a Giấy mời of short lines), nor any line start at
    the left one (a Biên bản of one-line paragraphs, all indented, and no Nơi nhận). The tên loại and
    trích yếu are centred on the text area: when two or more one-segment rows share an axis near the
    middle of the page (bold, short of both edges, above the foot), the edges are widened to be symmetric
    about it (never narrowed).
    """
    segs = [s for row in rows for s in row]
    left = min(s.x0 for s in segs)
    right = max(s.x1 for s in segs)
    mid = (left + right) / 2
    # The signer's lines, centred in the right half, are bold and short too: look above the foot only.
    foot = next((i for i, row in enumerate(rows) if any(FOOT.match(s.text) or AUTHORITY.match(s.text) for s in row)),
                len(rows))
    centres = [
        row[0].centre
        for row in rows[:foot]
        # only bold lines short of both edges (tên loại, trích yếu, headings) near the page's middle,
        # far from the middle of a head or foot column
        if len(row) == 1 and row[0].line.bold and left + 1 <= row[0].x0 and row[0].x1 <= right - 1
        and 0.42 * page_width <= row[0].centre <= 0.62 * page_width
    ]
    axis = _shared_axis(centres, mid)
    if axis is None:
        return left, right
    if axis > mid:
        right = min(2 * axis - left, page_width)
    else:
        left = max(2 * axis - right, 0.0)
    return left, right


def _shared_axis(centres: list[float], near: float) -> float | None:
    """The centre shared (within 1.5 pt) by most of ``centres``, at least two; ties go to the one nearest ``near``."""
    clusters: list[list[float]] = []
    for c in centres:
        for cluster in clusters:
            if abs(statistics.median(cluster) - c) < 1.5:
                cluster.append(c)
                break
        else:
            clusters.append([c])
    shared = [c for c in clusters if len(c) >= 2]
    if not shared:
        return None
    return statistics.median(max(shared, key=lambda c: (len(c), -abs(statistics.median(c) - near))))


def _zones(doc: ob.Observed, rows: list[list[Seg]]) -> None:
    left, right = _edges(rows, doc.pages[0].width_mm * MM)
    centre = (left + right) / 2
    head_end = _head_end(rows, left, right)
    foot_start = _foot_start(rows, head_end)
    # Indents are measured from the left edge only when some line below the head starts there.
    left_seen = any(abs(s.x0 - left) < 1.5 for row in rows[head_end:] for s in row)
    head = [(seg, ob.HEAD_LEFT if seg.centre < centre else ob.HEAD_RIGHT) for row in rows[:head_end] for seg in row]
    # The lines of the head's left column (agency, số) are centred on one axis: a line on it is centred
    # even when it fills the column and so starts at the left edge.
    axis = _shared_axis([seg.centre for seg, zone in head if zone == ob.HEAD_LEFT], (left + centre) / 2)
    for seg, zone in head:
        single = _single(seg, zone, 1 if zone == ob.HEAD_LEFT else 2, left, right, centre)
        if single.align == "left" and axis is not None and abs(seg.centre - axis) < 1.5:
            single.align = "center"
        doc.paras.append(single)
    doc.paras.extend(_paragraphs(rows[head_end:foot_start], left, right, left_seen))
    for row in rows[foot_start:]:
        for seg in row:
            zone = ob.FOOT_LEFT if seg.centre < centre else ob.FOOT_RIGHT
            doc.paras.append(_single(seg, zone, 3 if zone == ob.FOOT_LEFT else 4, left, right, centre))


def _centred(seg: Seg, left: float, right: float) -> bool:
    return abs((seg.x0 - left) - (right - seg.x1)) < 3 and seg.x0 - left > 1


def _head_end(rows: list[list[Seg]], left: float, right: float) -> int:
    for i, row in enumerate(rows):
        if row[0].page != 1:
            return i
        # a công văn has no centred title to end its head: its "Kính gửi" line is already below it
        if len(row) == 1 and i > 0 and (_centred(row[0], left, right) or row[0].text.startswith("Kính gửi")):
            return i
    return 0


FOOT = re.compile(r"^(Nơi nhận|THƯ KÝ$|CHỦ TỌA$|NGƯỜI GHI BIÊN BẢN$)")


def _foot_start(rows: list[list[Seg]], head_end: int) -> int:
    for i in range(head_end + 1, len(rows)):
        if any(FOOT.match(s.text) or AUTHORITY.match(s.text) for s in rows[i]):
            return i
    return len(rows)


# Word's default left cell margin (0.19 cm). Word 2013 and later (compatibilityMode 15) put a table's edge
# at the page margin, so the text of the foot table's left cell — "Nơi nhận:" — starts this far right of it.
CELL_MARGIN = 108 / 20


def _single(seg: Seg, zone: str, block: int, left: float, right: float, centre: float) -> ob.Para:
    col_left, col_right = (left, centre) if zone in (ob.HEAD_LEFT, ob.FOOT_LEFT) else (centre, right)
    if zone in (ob.HEAD_LEFT, ob.FOOT_LEFT) and (
        abs(seg.x0 - col_left) < 3 or (zone == ob.FOOT_LEFT and abs(seg.x0 - col_left - CELL_MARGIN) < 1.5)
    ):
        align = "left"
    else:
        align = "center"  # a column's own centre is not known from a PDF: accept any placement inside it
    return ob.Para(
        [seg.line], zone, seg.page, align=align, rule=seg.rule, fonts=seg.fonts, colors=seg.colours,
        avail_width=col_right - col_left, block=block,
    )


def _paragraphs(rows: list[list[Seg]], left: float, right: float, left_seen: bool = True) -> list[ob.Para]:
    lines = _cells_in_order([seg for row in rows for seg in row])
    groups: list[list[Seg]] = []
    for seg in lines:
        if groups and not _starts_paragraph(groups[-1], seg, left, right):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    paras = [_para(group, left, right, left_seen) for group in groups]
    for para, group in zip(paras, groups, strict=True):
        para.in_table = any(seg.in_table for seg in group)
    for para, group, nxt in zip(paras, groups, groups[1:], strict=False):
        same_look = group[-1].fonts == nxt[0].fonts and group[-1].line.sizes == nxt[0].line.sizes
        if group[-1].page == nxt[0].page and para.line_value and same_look:
            para.space_after = max(0.0, nxt[0].baseline - group[-1].baseline - para.line_value)
    return paras


def _cells_in_order(lines: list[Seg]) -> list[Seg]:
    """The lines with each run of table lines reordered cell by cell (a cell's lines together, in order)."""
    out: list[Seg] = []
    run: list[Seg] = []
    for seg in [*lines, None]:
        if seg is not None and seg.in_table and seg.cell is not None:
            run.append(seg)
            continue
        out += sorted(run, key=lambda s: (s.cell, s.baseline))
        run = []
        if seg is not None:
            out.append(seg)
    return out


def _style(seg: Seg) -> tuple[object, ...]:
    return (seg.line.sizes, seg.line.bold, seg.line.italic)


def _looks_alike(prev: Seg, seg: Seg, left: float, right: float) -> bool:
    """``seg`` may continue the paragraph of ``prev`` as far as their looks go.

    The same look, or — when either line mixes looks (a lettered item's bold lead-in "a) Về kinh tế:"
    then plain text) — a shared size, no bold/italic that contradicts, and ``prev`` running to the right
    edge as a wrapped line does.
    """
    if _style(prev) == _style(seg):
        return True
    if not set(prev.line.sizes) & set(seg.line.sizes):
        return False
    for a, b in ((prev.line.bold, seg.line.bold), (prev.line.italic, seg.line.italic)):
        if a is not None and b is not None and a != b:
            return False
    return abs(prev.x1 - right) <= 0.1 * (right - left)


def _symmetric(seg: Seg, left: float, right: float) -> bool:
    return abs((seg.x0 - left) - (right - seg.x1)) < 3


def _starts_paragraph(group: list[Seg], seg: Seg, left: float, right: float) -> bool:
    """A new paragraph: another look, a wider gap than the paragraph's line pitch, or an indented start."""
    prev = group[-1]
    if prev.in_table or seg.in_table:
        return prev.cell is None or prev.cell != seg.cell  # a table cell is a paragraph of its own
    size = seg.line.size or 12
    if not _looks_alike(prev, seg, left, right) or is_upper(prev.text) != is_upper(seg.text):
        return True
    pitches = [b.baseline - a.baseline for a, b in zip(group, group[1:], strict=False) if a.page == b.page]
    limit = statistics.median(pitches) + 3 if pitches else 2.5 * size
    if prev.page == seg.page and seg.baseline - prev.baseline > limit:
        return True
    if _symmetric(prev, left, right) and _centred(seg, left, right):
        return False
    if LIST_LABEL.match(seg.text) and LIST_LABEL.match(group[0].text) and abs(seg.x0 - group[0].x0) < 1.5:
        return True  # the next item, its label under this one's (at the top of a page no gap tells it)
    if _hanging_item(group, seg, right):
        return False  # the next line of a lettered or numbered item set with a hanging indent
    return seg.x0 > left + 3


# A list item's label as Word users type it or Word numbers it: a) đ) 1. 1.2. II. - + •
LIST_LABEL = re.compile(r"^(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6})[.)]\s|^[-+•–]\s")


def _hanging_item(group: list[Seg], seg: Seg, right: float) -> bool:
    """``seg`` continues a list item whose lines after the first hang at one indent right of its label.

    Word's lettered and numbered items (a), b), 1., …) often have a hanging indent: the label at the
    first-line indent, the next lines further right. Such a line is not a new paragraph: it follows a
    labelled first line that ran to the right edge, and every continuation so far starts where it does.
    """
    first = group[0]
    if not LIST_LABEL.match(first.text) or not first.x0 < seg.x0 <= first.x0 + 20 * MM:
        return False
    if abs(first.x1 - right) > 0.1 * (right - first.x0):
        return False  # the labelled line did not wrap: ``seg`` starts something new
    return all(abs(s.x0 - seg.x0) < 1.5 for s in group[1:])


def _at_indent(seg: Seg, left: float) -> bool:
    return any(abs(seg.x0 - left - indent) < 1.5 for indent in INDENTS)


def _para(group: list[Seg], left: float, right: float, left_seen: bool = True) -> ob.Para:
    first = group[0]
    pitches = [b.baseline - a.baseline for a, b in zip(group, group[1:], strict=False) if a.page == b.page]
    para = ob.Para(
        [s.line for s in group], ob.BODY, first.page,
        align=_align(group, left, right, left_seen),
        first_indent=first.x0 - left,
        line_rule="exact" if pitches else None,
        line_value=statistics.median(pitches) if pitches else None,
        rule=group[-1].rule,
        fonts=tuple(sorted({f for s in group for f in s.fonts})),
        colors=tuple(sorted({c for s in group for c in s.colours})),
        avail_width=right - left,
    )
    if para.align == "center" or not left_seen:
        para.first_indent = None
    if len(group) > 1 and _hanging_item(group[:1], group[1], right) and _hanging_item(group[:-1], group[-1], right):
        para.numbered = True  # a list item with a hanging indent: as w:numPr in a DOCX, not a body indent
    return para


INDENTS = (10 * MM, 12.7 * MM)  # the first-line indents of Phụ lục I: 1 cm, 1,27 cm


def _align(group: list[Seg], left: float, right: float, left_seen: bool = True) -> str | None:
    """How a paragraph is aligned; None when its lines cannot tell.

    A one-line paragraph of body text (not bold) that starts at a first-line indent and happens to end
    as far from the right edge is not told from a centred line; nor is any one-line body paragraph when
    no line shows where the left edge is.
    """
    if all(_symmetric(s, left, right) for s in group) and any(_centred(s, left, right) for s in group):
        if len(group) == 1 and not group[0].line.bold and (not left_seen or _at_indent(group[0], left)):
            return None
        return "center"
    if len(group) < 2:
        return None
    inner = group[:-1]
    if all(abs(s.x1 - right) < 2.5 for s in inner):
        return "both"
    if all(abs(s.x0 - left) < 2.5 for s in group[1:]):
        return "left"
    return None
