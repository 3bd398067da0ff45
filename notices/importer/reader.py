"""Read a DOCX as Word shows it: paragraphs in reading order with where they sit.

Formatting comes from the checker's reader (``notices.check.docx_reader``: defaults → style chains →
direct formatting); this module adds what an importer needs besides: the text of text boxes (one branch
of ``mc:AlternateContent`` only), the page header part, table cells by row and column, automatic
numbering turned into its printed label ("1.", "a)"), Word fields by their shown result, tracked
changes as accepted, and legacy-font runs (.VnTime, .VnTimeH, VNI-Times) converted to Unicode by their
font with the project's tables (a soft hyphen inside a .Vn* run is the TCVN3 "ư").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from notices.check.docx_reader import Styles, _read_styles, para_style, q, run_style


@dataclass
class Para:
    """One paragraph as read: its text (``\\n`` = manual line break, ``\\t`` = tab) and its place."""

    text: str
    index: int  # 1-based position in reading order (the number shown in messages)
    where: str = "body"  # body, table, textbox, header
    table: int | None = None  # which table (in reading order) holds it
    row: int = 0
    col: int = 0
    cols: int = 1  # cells in its row
    align: str = "left"
    bold: bool | None = None  # all visible text bold (None: mixed)
    italic: bool | None = None
    line_bold: list[bool | None] = field(default_factory=list)  # per manual line
    indent: float = 0.0  # left indent, twips
    numbered: bool = False  # its label came from automatic numbering
    legacy: set[str] = field(default_factory=set)  # legacy encodings converted in it

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class DocxText:
    """Every paragraph of the document body, then those of the page header parts."""

    paras: list[Para]
    header: list[Para]
    legacy: set[str] = field(default_factory=set)
    images: int = 0  # pictures in the body (a scan pasted as images has them and no text)


# --- automatic numbering ---------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    n = max(n, 1) - 1
    return _LETTERS[n % 26] * (n // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """The labels Word prints for ``w:numPr`` paragraphs, counted in document order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, dict[str, Any]]] = {}  # abstractNumId → ilvl → facts
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, list[int]] = {}
        self.seen: set[tuple[str, str]] = set()
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part
            return
        for abstract in root.findall(q("w:abstractNum")):
            aid = abstract.get(q("w:abstractNumId"))
            levels = {}
            for lvl in abstract.findall(q("w:lvl")):
                def val(tag: str, default: str, lvl: Any = lvl) -> str:
                    el = lvl.find(q(tag))
                    return el.get(q("w:val"), default) if el is not None else default
                levels[int(lvl.get(q("w:ilvl"), "0"))] = {
                    "start": int(val("w:start", "1")), "fmt": val("w:numFmt", "decimal"),
                    "text": val("w:lvlText", "%1."),
                }
            self.levels[aid] = levels
        for num in root.findall(q("w:num")):
            nid = num.get(q("w:numId"))
            ref = num.find(q("w:abstractNumId"))
            starts = {}
            for override in num.findall(q("w:lvlOverride")):
                start = override.find(q("w:startOverride"))
                if start is not None:
                    starts[int(override.get(q("w:ilvl"), "0"))] = int(start.get(q("w:val"), "1"))
            if ref is not None:
                self.nums[nid] = (ref.get(q("w:val")), starts)

    def label(self, num_id: str, ilvl: int) -> str | None:
        if num_id not in self.nums:
            return None
        aid, starts = self.nums[num_id]
        levels = self.levels.get(aid, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        key = aid
        counts = self.counters.setdefault(key, [0] * 9)
        if starts and (num_id, aid) not in self.seen:  # a restarted list (lvlOverride/startOverride)
            self.seen.add((num_id, aid))
            for level, start in starts.items():
                if level < 9:
                    counts[level] = start - 1
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl]["start"]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if lvl["fmt"] == "bullet":
            return "-"

        def number(match: re.Match[str]) -> str:
            level = int(match[1]) - 1
            facts = levels.get(level, lvl)
            return _format(counts[level] or facts["start"], facts["fmt"])

        return re.sub(r"%(\d)", number, lvl["text"])


def _num_pr(p: Any, styles: Styles) -> tuple[str, int] | None:
    ppr = p.find(q("w:pPr"))
    numpr = ppr.find(q("w:numPr")) if ppr is not None else None
    if numpr is None:  # numbering from the paragraph style
        sid_el = ppr.find(q("w:pStyle")) if ppr is not None else None
        sid = sid_el.get(q("w:val")) if sid_el is not None else styles.default_para
        for style in reversed(styles.chain(sid)):
            numpr = style.find(f"{q('w:pPr')}/{q('w:numPr')}")
            if numpr is not None:
                break
    if numpr is None:
        return None
    num = numpr.find(q("w:numId"))
    if num is None or num.get(q("w:val")) in (None, "0"):
        return None
    ilvl = numpr.find(q("w:ilvl"))
    return num.get(q("w:val")), int(ilvl.get(q("w:val"), "0")) if ilvl is not None else 0


# --- runs ------------------------------------------------------------------------------------------

_SKIP = {q("w:del"), q("w:moveFrom"), q("w:txbxContent"), q("mc:Fallback")}


def _runs(p: Any) -> list[Any]:
    """Runs of ``p`` in order: deleted text, text boxes and VML fallbacks left out."""
    out = []
    for r in p.iter(q("w:r")):
        anc = r.getparent()
        skip = False
        while anc is not None and anc is not p:
            if anc.tag in _SKIP:
                skip = True
                break
            anc = anc.getparent()
        if not skip:
            out.append(r)
    return out


def _run_text(r: Any, legacy: str | None) -> str:
    parts: list[str] = []
    for child in r:
        tag = child.tag
        if tag == q("w:t"):
            parts.append(child.text or "")
        elif tag == q("w:tab") or tag == q("w:ptab"):
            parts.append("\t")
        elif tag in (q("w:br"), q("w:cr")):
            kind = child.get(q("w:type"))
            parts.append("\n" if kind in (None, "textWrapping") else "\n")
        elif tag == q("w:noBreakHyphen"):
            parts.append("-")
        elif tag == q("w:softHyphen"):
            if legacy == "tcvn3":  # LibreOffice re-saves the TCVN3 "ư" (0xAD) as an optional hyphen
                parts.append("\u00ad")
        elif tag == q("w:sym"):
            parts.append(chr(int(child.get(q("w:char"), "20"), 16) & 0xFFFF))
    return "".join(parts)


def _legacy_font(rs: Any) -> tuple[str | None, bool]:
    from notices.vn.legacy import font_encoding

    for slot in ("hAnsi", "ascii"):
        name = rs.fonts.get(slot)
        if name:
            return font_encoding(name)
    return None, False


def read_paragraph(p: Any, styles: Styles, numbering: Numbering, index: int, **where: Any) -> Para:
    """One ``w:p`` as a :class:`Para`."""
    from notices.vn.legacy import has_vietnamese_letters, to_unicode
    from notices.vn.text import upper

    ps, base = para_style(p, styles)
    pieces: list[tuple[str, Any]] = []
    used: set[str] = set()
    for r in _runs(p):
        rs = run_style(r, base, styles)
        if rs.hidden:
            continue
        encoding, capitals = _legacy_font(rs)
        text = _run_text(r, encoding)
        if encoding and text and not has_vietnamese_letters(text):
            converted = to_unicode(text, encoding)
            if converted != text:
                used.add(encoding)
            text = upper(converted) if capitals else converted
        elif rs.caps:
            text = upper(text)
        pieces.append((text, rs))
    text = "".join(t for t, _ in pieces).replace("\u00ad", "")  # a Unicode soft hyphen is only a break hint
    label = None
    pr = _num_pr(p, styles)
    if pr is not None:
        label = numbering.label(*pr)
    if label:
        text = f"{label} {text.lstrip()}" if label != "-" else f"- {text.lstrip()}"
    text = unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\r", ""))
    visible = [(t, rs) for t, rs in pieces if t.strip()]

    def agree(attr: str, group: list[tuple[str, Any]]) -> bool | None:
        values = {getattr(rs, attr) for _, rs in group}
        return values.pop() if len(values) == 1 else None

    line_bold: list[bool | None] = []
    current: list[tuple[str, Any]] = []
    for t, rs in pieces:
        chunks = t.split("\n")
        for i, chunk in enumerate(chunks):
            if i:
                line_bold.append(agree("bold", [c for c in current if c[0].strip()]))
                current = []
            current.append((chunk, rs))
    line_bold.append(agree("bold", [c for c in current if c[0].strip()]))
    return Para(text=text, index=index, align=ps.align, bold=agree("bold", visible),
                italic=agree("italic", visible), line_bold=line_bold, indent=ps.left + max(ps.first, 0),
                numbered=label is not None, legacy=used, **where)


# --- the walk --------------------------------------------------------------------------------------


@dataclass
class _Walk:
    styles: Styles
    numbering: Numbering
    out: list[Para] = field(default_factory=list)
    tables: int = 0

    def blocks(self, parent: Any, where: dict[str, Any]) -> None:
        for child in parent:
            tag = child.tag
            if tag == q("w:p"):
                self.paragraph(child, where)
            elif tag == q("w:tbl"):
                self.table(child, where)
            elif tag in (q("w:sdt"), q("w:customXml"), q("w:ins"), q("w:moveTo")):
                content = child.find(q("w:sdtContent"))
                self.blocks(content if content is not None else child, where)

    def paragraph(self, p: Any, where: dict[str, Any]) -> None:
        # text boxes anchored in this paragraph come first (a stamp, or a header typed in boxes)
        for box in p.iter(q("w:txbxContent")):
            if any(a.tag == q("mc:Fallback") for a in box.iterancestors()):
                continue
            if any(a.tag == q("w:txbxContent") for a in box.iterancestors()):
                continue  # a box inside a box is read with its outer box
            self.blocks(box, {**where, "where": "textbox"})
        self.out.append(read_paragraph(p, self.styles, self.numbering, len(self.out) + 1, **where))

    def table(self, tbl: Any, where: dict[str, Any]) -> None:
        self.tables += 1
        number = self.tables
        for r, row in enumerate(tbl.findall(q("w:tr"))):
            cells = [c for c in row if c.tag == q("w:tc")]
            for sdt in row.findall(q("w:sdt")):  # content controls wrapping cells
                content = sdt.find(q("w:sdtContent"))
                cells += content.findall(q("w:tc")) if content is not None else []
            col = 0
            for cell in cells:
                span_el = cell.find(f"{q('w:tcPr')}/{q('w:gridSpan')}")
                span = int(span_el.get(q("w:val"), "1")) if span_el is not None else 1
                merge = cell.find(f"{q('w:tcPr')}/{q('w:vMerge')}")
                if merge is not None and merge.get(q("w:val"), "continue") == "continue":
                    col += span
                    continue  # the cell above holds the text of a vertical merge
                inner = {"where": "table", "table": number, "row": r, "col": col, "cols": len(cells)}
                if where.get("where") in ("textbox", "header"):
                    inner["where"] = where["where"]
                self.blocks(cell, inner)
                col += span


def read(path: str) -> DocxText:
    """Read the DOCX at ``path``; :class:`ValueError` in Vietnamese when it is not a readable DOCX."""
    try:
        import docx

        document = docx.Document(path)
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot read this file"
        raise ValueError(f"không đọc được tệp DOCX: {exc}") from exc
    styles = _read_styles(document)
    numbering = Numbering(document)
    walk = _Walk(styles, numbering)
    walk.blocks(document.element.body, {"where": "body"})
    paras = walk.out
    header_walk = _Walk(styles, Numbering(document))
    seen: set[str] = set()
    for sect in document.element.body.iter(q("w:sectPr")):
        refs = sorted(sect.findall(q("w:headerReference")), key=lambda ref: ref.get(q("w:type")) != "first")
        for ref in refs:
            rid = ref.get(q("r:id"))
            try:
                part = document.part.related_parts[rid]
            except KeyError:
                continue
            if str(part.partname) in seen:
                continue
            seen.add(str(part.partname))
            header_walk.blocks(part.element, {"where": "header"})
        break  # the first section's header is page 1's
    legacy = {e for p in paras + header_walk.out for e in p.legacy}
    images = sum(1 for _ in document.element.body.iter(q("w:drawing"), q("w:pict")))
    return DocxText(paras=paras, header=header_walk.out, legacy=legacy, images=images)
