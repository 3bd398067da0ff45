"""Read a DOCX into an :class:`Observed` document.

Formatting is resolved the way Word resolves it: document defaults, then the paragraph style chain,
then the character style chain, then direct formatting. Rule lines are found as paragraph borders,
drawn lines (DrawingML and VML) and underlined text.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any

from notices.check import observed as ob
from notices.check.elements import AUTHORITY
from notices.check.metrics import text_width

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
TWIP = 1 / 20  # points per twip
EMU = 1 / 12700  # points per EMU
DEFAULT_CELL_MARGIN = 108  # twips: Word's "Normal Table" left/right cell margin
LEGACY_FONT = re.compile(r"^(\.vn|vni[- ]|vn[a-z]*h$)", re.IGNORECASE)


def q(tag: str) -> str:
    """Clark name of a prefixed tag: 'w:p' → '{…main}p'."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _on(el: Any) -> bool:
    """A toggle property (w:b, w:i, …) is on unless its val says false."""
    return el.get(q("w:val"), "true").lower() not in ("0", "false", "off", "none")


def _twips(el: Any, attr: str) -> float | None:
    if el is None:
        return None
    value = el.get(q(f"w:{attr}"))
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


# --- style resolution -------------------------------------------------------------------------------


@dataclass
class Styles:
    """Paragraph, character and table styles with their basedOn chains, and the document defaults."""

    by_id: dict[str, Any] = field(default_factory=dict)
    default_para: str | None = None
    default_table: str | None = None
    rpr_default: Any = None
    ppr_default: Any = None
    theme: dict[str, str] = field(default_factory=dict)

    def chain(self, style_id: str | None) -> list[Any]:
        """Style elements from the root ancestor down to ``style_id``."""
        out: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(q("w:basedOn"))
            style_id = based.get(q("w:val")) if based is not None else None
        return list(reversed(out))


def _read_styles(document: Any) -> Styles:
    styles = Styles()
    try:
        root = document.styles.element
    except Exception:  # noqa: BLE001 - a DOCX without styles part
        return styles
    for style in root.findall(q("w:style")):
        sid = style.get(q("w:styleId"))
        styles.by_id[sid] = style
        if style.get(q("w:default")) in ("1", "true"):
            kind = style.get(q("w:type"))
            if kind == "paragraph":
                styles.default_para = sid
            elif kind == "table":
                styles.default_table = sid
    defaults = root.find(q("w:docDefaults"))
    if defaults is not None:
        styles.rpr_default = defaults.find(f"{q('w:rPrDefault')}/{q('w:rPr')}")
        styles.ppr_default = defaults.find(f"{q('w:pPrDefault')}/{q('w:pPr')}")
    styles.theme = _theme_fonts(document)
    return styles


def _theme_fonts(document: Any) -> dict[str, str]:
    """minor/major Latin typefaces of the theme, for rFonts asciiTheme='minorHAnsi' and friends."""
    from lxml import etree

    fonts: dict[str, str] = {}
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/theme"):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except Exception:  # noqa: BLE001
            continue
        for kind in ("major", "minor"):
            latin = root.find(f".//{q('a:' + kind + 'Font')}/{q('a:latin')}")
            if latin is not None:
                fonts[kind] = latin.get("typeface", "")
    return fonts


@dataclass
class RunStyle:
    size: float = 10.0
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    hidden: bool = False
    fonts: dict[str, str] = field(default_factory=dict)
    color: str | None = None
    hint: str | None = None

    def apply(self, rpr: Any, styles: Styles) -> None:
        if rpr is None:
            return
        for child in rpr:
            tag = child.tag.split("}")[1]
            if tag == "sz":
                val = _twips(child, "val")
                if val:
                    self.size = val / 2
            elif tag in ("b", "i", "caps", "vanish"):
                attr = {"b": "bold", "i": "italic", "caps": "caps", "vanish": "hidden"}[tag]
                setattr(self, attr, _on(child))
            elif tag == "u":
                self.underline = child.get(q("w:val"), "single") != "none"
            elif tag == "rFonts":
                self._fonts(child, styles)
            elif tag == "color":
                self.color = _colour(child)

    def _fonts(self, el: Any, styles: Styles) -> None:
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            theme = el.get(q(f"w:{slot}Theme"))
            if theme:
                self.fonts[slot] = styles.theme.get("major" if theme.startswith("major") else "minor", theme)
            elif el.get(q(f"w:{slot}")):
                self.fonts[slot] = el.get(q(f"w:{slot}"))
        if el.get(q("w:hint")):
            self.hint = el.get(q("w:hint"))

    def copy(self) -> RunStyle:
        return RunStyle(**{**self.__dict__, "fonts": dict(self.fonts)})


def _colour(el: Any) -> str | None:
    theme = el.get(q("w:themeColor"))
    if theme:
        return None if theme in ("text1", "dark1") else theme
    val = (el.get(q("w:val")) or "auto").lower()
    return None if val in ("auto", "000000") else val


@dataclass
class ParaStyle:
    align: str = "left"
    left: float = 0.0  # twips
    right: float = 0.0
    first: float = 0.0  # firstLine minus hanging
    before: float = 0.0
    after: float = 0.0
    line: float = 240.0
    line_rule: str = "auto"
    contextual: bool = False
    numbered: bool = False
    borders: dict[str, str] = field(default_factory=dict)

    def apply(self, ppr: Any) -> None:
        if ppr is None:
            return
        for child in ppr:
            tag = child.tag.split("}")[1]
            handler = getattr(self, f"_{tag}", None)
            if handler:
                handler(child)

    def _jc(self, el: Any) -> None:
        val = el.get(q("w:val"), "left")
        self.align = {"start": "left", "end": "right", "distribute": "both", "both": "both"}.get(val, val)

    def _ind(self, el: Any) -> None:
        for attr, name in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
            val = _twips(el, attr)
            if val is not None:
                setattr(self, name, val)
        first, hanging = _twips(el, "firstLine"), _twips(el, "hanging")
        if hanging is not None:
            self.first = -hanging
        elif first is not None:
            self.first = first

    def _spacing(self, el: Any) -> None:
        for attr in ("before", "after", "line"):
            val = _twips(el, attr)
            if val is not None:
                setattr(self, attr, val)
        if el.get(q("w:lineRule")):
            self.line_rule = el.get(q("w:lineRule"))
        elif el.get(q("w:line")) is not None:
            self.line_rule = "auto"

    def _contextualSpacing(self, el: Any) -> None:  # noqa: N802 - WordprocessingML name
        self.contextual = _on(el)

    def _numPr(self, el: Any) -> None:  # noqa: N802
        num = el.find(q("w:numId"))
        self.numbered = num is not None and num.get(q("w:val")) not in (None, "0")

    def _pBdr(self, el: Any) -> None:  # noqa: N802
        for side in ("top", "bottom"):
            border = el.find(q(f"w:{side}"))
            if border is not None:
                self.borders[side] = border.get(q("w:val"), "none")


def para_style(p: Any, styles: Styles) -> tuple[ParaStyle, RunStyle]:
    """Effective paragraph properties and the base run properties of paragraph ``p``."""
    ps, rs = ParaStyle(), RunStyle(fonts={"ascii": "Times New Roman", "hAnsi": "Times New Roman"})
    ps.apply(styles.ppr_default)
    rs.apply(styles.rpr_default, styles)
    ppr = p.find(q("w:pPr"))
    sid_el = ppr.find(q("w:pStyle")) if ppr is not None else None
    sid = sid_el.get(q("w:val")) if sid_el is not None else styles.default_para
    for style in styles.chain(sid):
        ps.apply(style.find(q("w:pPr")))
        rs.apply(style.find(q("w:rPr")), styles)
    ps.apply(ppr)
    return ps, rs


def run_style(r: Any, base: RunStyle, styles: Styles) -> RunStyle:
    rs = base.copy()
    rpr = r.find(q("w:rPr"))
    sid_el = rpr.find(q("w:rStyle")) if rpr is not None else None
    if sid_el is not None:
        for style in styles.chain(sid_el.get(q("w:val"))):
            rs.apply(style.find(q("w:rPr")), styles)
    rs.apply(rpr, styles)
    return rs


# --- paragraphs ----------------------------------------------------------------------------------


@dataclass
class _Piece:
    text: str
    style: RunStyle


def _runs(p: Any) -> list[Any]:
    """The runs of a paragraph in order, skipping deleted text and text boxes."""
    out = []
    for r in p.iter(q("w:r")):
        anc = r.getparent()
        skip = False
        while anc is not None and anc is not p:
            if anc.tag in (q("w:del"), q("w:txbxContent"), q("w:moveFrom")):
                skip = True
                break
            anc = anc.getparent()
        if not skip:
            out.append(r)
    return out


def _pieces(p: Any, base: RunStyle, styles: Styles) -> list[_Piece | None]:
    """Text pieces with their run style; None marks a line break."""
    out: list[_Piece | None] = []
    for r in _runs(p):
        rs = run_style(r, base, styles)
        if rs.hidden:
            continue
        for child in r:
            tag = child.tag
            if tag == q("w:t"):
                text = child.text or ""
                out.append(_Piece(text.upper() if rs.caps else text, rs))
            elif tag == q("w:tab"):
                out.append(_Piece("\t", rs))
            elif tag in (q("w:br"), q("w:cr")):
                out.append(None)
            elif tag == q("w:noBreakHyphen"):
                out.append(_Piece("-", rs))
            elif tag == q("w:sym"):
                out.append(_Piece(chr(int(child.get(q("w:char"), "20"), 16) & 0xFFFF), rs))
    return out


def _line(pieces: list[_Piece]) -> ob.Line:
    text = "".join(p.text for p in pieces)
    visible = [p for p in pieces if p.text.strip()]
    sizes = tuple(sorted({p.style.size for p in visible}))

    def agree(attr: str) -> bool | None:
        values = {getattr(p.style, attr) for p in visible}
        return values.pop() if len(values) == 1 else None

    width = sum(text_width(p.text, p.style.size, p.style.bold, p.style.italic) for p in pieces)
    underline = bool(visible) and all(p.style.underline for p in visible)
    return ob.Line(text, sizes, agree("bold"), agree("italic"), underline, width)


def _split_lines(pieces: list[_Piece | None]) -> list[ob.Line]:
    lines: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece is None:
            lines.append([])
        else:
            lines[-1].append(piece)
    return [_line(group) for group in lines]


def _fonts(pieces: list[_Piece | None]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    fonts: set[str] = set()
    colours: set[str] = set()
    for piece in pieces:
        if piece is None or not piece.text.strip():
            continue
        slots = ["ascii", "hAnsi"] + (["eastAsia"] if piece.style.hint == "eastAsia" else [])
        fonts.update(piece.style.fonts.get(slot, "Times New Roman") for slot in slots)
        if piece.style.color:
            colours.add(piece.style.color)
    return tuple(sorted(fonts)), tuple(sorted(colours))


def _line_spacing(ps: ParaStyle) -> tuple[str, float]:
    if ps.line_rule == "auto":
        return "auto", ps.line / 240
    return ps.line_rule, ps.line * TWIP


def read_para(p: Any, styles: Styles, avail: float, zone: str) -> tuple[ob.Para, ParaStyle]:
    """One w:p as a :class:`Para` (avail: width in points of the column it sits in)."""
    ps, base = para_style(p, styles)
    pieces = _pieces(p, base, styles)
    lines = _split_lines(pieces)
    fonts, colours = _fonts(pieces)
    rule, value = _line_spacing(ps)
    para = ob.Para(
        lines=lines,
        zone=zone,
        align=ps.align,
        first_indent=(ps.left + ps.first) * TWIP,
        space_before=ps.before * TWIP,
        space_after=ps.after * TWIP,
        line_rule=rule,
        line_value=value,
        fonts=fonts,
        colors=colours,
        avail_width=avail,
        numbered=ps.numbered,
    )
    return para, ps


# --- rule lines ----------------------------------------------------------------------------------


def _border_rule(para: ob.Para, ps: ParaStyle, side: str, text_para: ob.Para | None) -> ob.Rule | None:
    if ps.borders.get(side, "none") in ("none", "nil"):
        return None
    avail = para.avail_width or 0.0
    length = avail - (ps.left + ps.right) * TWIP
    rule_centre = (ps.left - ps.right) * TWIP / 2
    offset = None
    if text_para is not None and text_para.align == "center":
        offset = rule_centre - (text_para.first_indent or 0.0) / 2
    return ob.Rule(length, offset, "viền đoạn")


_UNIT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "emu": EMU, "": 0.75}


def _vml_len(value: str) -> float | None:
    match = re.match(r"^\s*(-?[\d.]+)\s*([a-z]*)\s*$", value or "")
    if not match:
        return None
    return float(match.group(1)) * _UNIT.get(match.group(2), 0.75)


def _drawn_lines(p: Any) -> list[float]:
    """Lengths of horizontal lines drawn in paragraph ``p`` (DrawingML preferred over its VML fallback)."""
    lengths: list[float] = []
    for drawing in p.iter(q("w:drawing")):
        geom = drawing.find(f".//{q('a:prstGeom')}")
        if geom is None or not geom.get("prst", "").startswith(("line", "straightConnector")):
            continue
        extent = drawing.find(f".//{q('wp:extent')}")
        if extent is not None and int(extent.get("cx", "0")) > 0:
            height = int(extent.get("cy", "0"))
            if height * EMU < 3:
                lengths.append(int(extent.get("cx")) * EMU)
    for pict in p.iter(q("w:pict")):
        if any(a.tag == q("mc:Fallback") for a in pict.iterancestors()):
            continue
        lengths.extend(_vml_lines(pict))
    return lengths


def _vml_lines(pict: Any) -> list[float]:
    out: list[float] = []
    for line in pict.iter(q("v:line")):
        a = [_vml_len(x) for x in (line.get("from", "0,0") + ",0").split(",")[:2]]
        b = [_vml_len(x) for x in (line.get("to", "0,0") + ",0").split(",")[:2]]
        if None not in a + b and abs(b[1] - a[1]) < 3:
            out.append(abs(b[0] - a[0]))
    for shape in pict.iter(q("v:shape")):
        style = dict(
            item.split(":", 1) for item in (shape.get("style") or "").split(";") if ":" in item
        )
        width, height = _vml_len(style.get("width", "")), _vml_len(style.get("height", "0"))
        connector = "_x0000_t32" in (shape.get("type") or "") or shape.get("o:connectortype")
        if width and (height or 0) < 3 and (connector or (shape.get("path") or "").startswith("m")):
            out.append(width)
    return out


def attach_rules(items: list[tuple[ob.Para, ParaStyle, Any]]) -> None:
    """Give each text paragraph the rule line drawn under it (by itself or by the empty paragraph after)."""
    last_text: ob.Para | None = None
    for para, ps, element in items:
        has_text = bool(para.flat)
        drawn = _drawn_lines(element)
        if has_text:
            rule = _border_rule(para, ps, "bottom", para)
            if rule is None and drawn:
                rule = ob.Rule(drawn[0], None, "đường vẽ")
            if rule is None and para.lines and para.lines[-1].underline:
                rule = ob.Rule(para.lines[-1].width, 0.0, "gạch chân")
            para.rule = para.rule or rule
            last_text = para
            continue
        if last_text is None or last_text.rule is not None:
            continue
        rule = _border_rule(para, ps, "top", last_text) or _border_rule(para, ps, "bottom", last_text)
        if rule is None and drawn:
            rule = ob.Rule(drawn[0], None, "đường vẽ")
        last_text.rule = rule


# --- the document --------------------------------------------------------------------------------

HEAD_MARK = re.compile(r"CỘNG H[OÒ][AÀ]|Độc lập|^\s*Số\s*:", re.IGNORECASE | re.MULTILINE)
FOOT_MARK = re.compile(
    r"Nơi nhận|^\s*(TM|KT|TL|TUQ|Q)\.\s|^\s*(THƯ KÝ|CHỦ TỌA|CHỦ TỊCH|NGƯỜI GHI BIÊN BẢN)\s*$",
    re.MULTILINE,
)


def _text(el: Any) -> str:
    parts = []
    for node in el.iter(q("w:t"), q("w:br"), q("w:p")):
        if node.tag == q("w:t"):
            parts.append(node.text or "")
        else:
            parts.append("\n")
    return "".join(parts)


def _blocks(body: Any) -> list[Any]:
    out = []
    for child in body:
        if child.tag in (q("w:p"), q("w:tbl")):
            out.append(child)
        elif child.tag == q("w:sdt"):
            content = child.find(q("w:sdtContent"))
            if content is not None:
                out.extend(_blocks(content))
    return out


def _sections(body: Any) -> list[Any]:
    found = [s for s in body.iter(q("w:sectPr")) if s.getparent().tag in (q("w:pPr"), q("w:body"))]
    return found


def _page(sect: Any) -> ob.Page:
    size, mar = sect.find(q("w:pgSz")), sect.find(q("w:pgMar"))

    def mm(el: Any, attr: str, default: float | None) -> float | None:
        val = _twips(el, attr)
        return val * TWIP * 25.4 / 72 if val is not None else default

    return ob.Page(
        width_mm=mm(size, "w", 215.9) or 215.9,
        height_mm=mm(size, "h", 279.4) or 279.4,
        top_mm=abs(mm(mar, "top", 25.4) or 0),
        bottom_mm=abs(mm(mar, "bottom", 25.4) or 0),
        left_mm=mm(mar, "left", 31.75),
        right_mm=mm(mar, "right", 31.75),
    )


@dataclass
class _Walk:
    styles: Styles
    text_width: float
    paras: list[ob.Para] = field(default_factory=list)
    block: int = 0

    def para_group(
        self, elements: list[Any], avail: float, zone: str, in_table: bool = False, cell: bool = False
    ) -> None:
        items = []
        for el in elements:
            para, ps = read_para(el, self.styles, avail, zone)
            para.block, para.in_table = self.block, in_table
            items.append((para, ps, el))
        attach_rules(items)
        for para, _, el in items:
            sides = _tab_sides(el, para, self.styles) if zone == ob.FOOT_LEFT and not cell else None
            self.paras.extend(sides or [para])

    def table(self, tbl: Any, zones: tuple[str, str] | None) -> None:
        grid = [(_twips(g, "w") or 0) * TWIP for g in tbl.findall(f"{q('w:tblGrid')}/{q('w:gridCol')}")]
        margins = _table_margins(tbl, self.styles)
        for row in tbl.findall(q("w:tr")):
            col = 0
            for cell in row.findall(q("w:tc")):
                span_el = cell.find(f"{q('w:tcPr')}/{q('w:gridSpan')}")
                span = int(_twips(span_el, "val") or 1)
                width = _cell_width(cell) or sum(grid[col : col + span]) or self.text_width / max(len(grid), 1)
                cm = _cell_margins(cell, margins)
                left_side = col < max(len(grid), 1) / 2
                zone = ob.BODY if zones is None else (zones[0] if left_side else zones[1])
                self.block += 1
                paras = [el for el in cell.iter(q("w:p")) if not _inside_textbox(el, cell)]
                self.para_group(paras, width - cm, zone, in_table=zones is None, cell=True)
                col += span


BULLETS = ("-", "+", "•", "–")


def _tab_sides(p: Any, para: ob.Para, styles: Styles) -> list[ob.Para] | None:
    """A foot paragraph typed without a table, "Nơi nhận:<tab>TM. ỦY BAN NHÂN DÂN": what stands before
    the first tab of each line is the left column (Nơi nhận), what follows it the signer's column, as a
    table's two cells would hold them. None when no line has text after a tab."""
    _, base = para_style(p, styles)
    left: list[_Piece | None] = []
    right: list[_Piece | None] = []
    side = left
    line: list[str] = []  # the left column's text on this line so far
    for piece in _pieces(p, base, styles):
        if piece is None:
            left.append(None)
            right.append(None)
            side, line = left, []
        elif piece.text == "\t" and side is left and "".join(line).strip() not in BULLETS:
            side = right
        elif side is left:
            left.append(piece if piece.text != "\t" else _Piece(" ", piece.style))  # "-<tab>Sở Nội vụ;"
            line.append(piece.text)
        else:
            right.append(piece)
    if not any(piece is not None and piece.text.strip() for piece in right):
        return None
    stops = p.findall(f"{q('w:pPr')}/{q('w:tabs')}/{q('w:tab')}")
    centred = any(stop.get(q("w:val")) == "center" for stop in stops)
    half = (para.avail_width or 0.0) / 2
    out = []
    signer_align = "center" if centred else None
    for pieces, zone, align in ((left, ob.FOOT_LEFT, para.align), (right, ob.FOOT_RIGHT, signer_align)):
        fonts, colours = _fonts(pieces)
        out.append(replace(para, lines=_split_lines(pieces), zone=zone, align=align, fonts=fonts, colors=colours,
                           avail_width=half, first_indent=para.first_indent if zone == ob.FOOT_LEFT else None))
    out[1].block = -para.block  # the signer's column is a block of its own, as a table cell is
    return out


def _cell_width(cell: Any) -> float | None:
    """tcW in points when given in twips (Word keeps it in step with what it shows)."""
    tcw = cell.find(f"{q('w:tcPr')}/{q('w:tcW')}")
    if tcw is None or tcw.get(q("w:type"), "dxa") != "dxa":
        return None
    value = _twips(tcw, "w")
    return value * TWIP if value else None


def _inside_textbox(p: Any, stop: Any) -> bool:
    return any(a.tag == q("w:txbxContent") for a in p.iterancestors() if a is not stop)


def _table_margins(tbl: Any, styles: Styles) -> float:
    """Left + right default cell margin of a table, in points."""
    candidates = [tbl.find(q("w:tblPr"))]
    style = tbl.find(f"{q('w:tblPr')}/{q('w:tblStyle')}")
    sid = style.get(q("w:val")) if style is not None else styles.default_table
    candidates += [s.find(q("w:tblPr")) for s in reversed(styles.chain(sid))]
    for tblpr in candidates:
        mar = tblpr.find(q("w:tblCellMar")) if tblpr is not None else None
        if mar is not None:
            return _side_sum(mar, DEFAULT_CELL_MARGIN)
    return 2 * DEFAULT_CELL_MARGIN * TWIP


def _side_sum(mar: Any, default: float) -> float:
    total = 0.0
    for a, b in (("left", "start"), ("right", "end")):
        el = mar.find(q(f"w:{a}"))
        el = el if el is not None else mar.find(q(f"w:{b}"))
        total += (_twips(el, "w") if el is not None else default) or 0.0
    return total * TWIP


def _cell_margins(cell: Any, table_default: float) -> float:
    mar = cell.find(f"{q('w:tcPr')}/{q('w:tcMar')}")
    if mar is None:
        return table_default
    return _side_sum(mar, table_default / 2 / TWIP)


def read_docx(path: str) -> ob.Observed:
    """Read ``path``; raises :class:`ValueError` when it is not a readable DOCX."""
    try:
        import docx

        document = docx.Document(path)
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot read this file"
        raise ValueError(f"không đọc được tệp DOCX: {exc}") from exc
    styles = _read_styles(document)
    body = document.element.body
    sections = _sections(body)
    pages = [_page(s) for s in sections] or [ob.Page(215.9, 279.4)]
    first = pages[0]
    text_width_pt = (first.width_mm - (first.left_mm or 0) - (first.right_mm or 0)) * 72 / 25.4
    walk = _Walk(styles, text_width_pt)
    _walk_body(walk, _blocks(body))
    doc = ob.Observed("docx", path, pages=pages, paras=walk.paras)
    if sections:
        _page_numbers(doc, document, sections[0], styles)
    _legacy(doc)
    recorded = _page_count(path)
    doc.page_count = recorded or _estimate_pages(walk.paras, first)
    doc.page_count_exact = recorded is not None
    return doc


def _walk_body(walk: _Walk, blocks: list[Any]) -> None:
    head = next(
        (i for i, b in enumerate(blocks[:8]) if b.tag == q("w:tbl") and HEAD_MARK.search(_text(b))), None
    )
    foot = None
    start = 0 if head is None else head + 1
    for i in range(start, len(blocks)):
        text = _text(blocks[i])
        # without a table the foot starts at "Nơi nhận" or at the signer's authority line (TM., KT., …)
        if FOOT_MARK.search(text) and (blocks[i].tag == q("w:tbl") or "Nơi nhận" in text
                                       or (AUTHORITY.match(text) and len(text) < 80)):
            foot = i
            break
    pending: list[Any] = []
    pending_zone = ob.BODY

    def flush() -> None:
        if pending:
            walk.block += 1
            walk.para_group(list(pending), walk.text_width, pending_zone)
            pending.clear()

    for i, block in enumerate(blocks):
        in_foot = foot is not None and i >= foot
        before_head = head is not None and i < head
        zone = ob.FOOT_LEFT if in_foot else (ob.TOP if before_head else ob.BODY)
        if block.tag == q("w:p") and (zone == pending_zone or not pending):
            pending.append(block)
            pending_zone = zone
            continue
        flush()
        if block.tag == q("w:p"):
            pending.append(block)
            pending_zone = zone
            continue
        if i == head:
            walk.table(block, (ob.HEAD_LEFT, ob.HEAD_RIGHT))
        elif in_foot:
            walk.table(block, (ob.FOOT_LEFT, ob.FOOT_RIGHT))
        else:
            walk.table(block, None)
    flush()
    _fix_foot_paragraphs(walk.paras)


def _fix_foot_paragraphs(paras: list[ob.Para]) -> None:
    """Centred foot paragraphs typed outside a table belong to the signature (right) side, a block of
    their own (as the signer's cell of a table is), apart from Nơi nhận."""
    for para in paras:
        if para.zone == ob.FOOT_LEFT and not para.in_table and para.align in ("center", "right"):
            para.zone = ob.FOOT_RIGHT
            para.block = -abs(para.block)


# --- page numbers and page count -------------------------------------------------------------------

PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.IGNORECASE)


def _field_paras(root: Any) -> list[Any]:
    hits = []
    for p in root.iter(q("w:p")):
        simple = any(PAGE_FIELD.match(f.get(q("w:instr"), "")) for f in p.iter(q("w:fldSimple")))
        instr = "".join(t.text or "" for t in p.iter(q("w:instrText")))
        if simple or PAGE_FIELD.match(instr):
            hits.append(p)
    return hits


def _field_mark(p: Any, styles: Styles, where: str) -> ob.PageMark:
    ps, base = para_style(p, styles)
    sizes, italics = set(), set()
    for r in _runs(p):
        rs = run_style(r, base, styles)
        sizes.add(rs.size)
        italics.add(rs.italic)
    if not sizes:
        sizes.add(base.size)
        italics.add(base.italic)
    italic = italics.pop() if len(italics) == 1 else None
    return ob.PageMark(None, where, ps.align == "center", tuple(sorted(sizes)), italic, "PAGE")


def _part(document: Any, ref: Any) -> Any:
    rid = ref.get(q("r:id"))
    try:
        return document.part.related_parts[rid].element
    except (KeyError, AttributeError):
        return None


def _page_numbers(doc: ob.Observed, document: Any, sect: Any, styles: Styles) -> None:
    title_el = sect.find(q("w:titlePg"))
    title_pg = title_el is not None and _on(title_el)
    first_numbered = False
    default_kinds = {"header": False, "footer": False}
    for tag, where in (("w:headerReference", "top"), ("w:footerReference", "bottom")):
        for ref in sect.findall(q(tag)):
            root = _part(document, ref)
            if root is None:
                continue
            kind = ref.get(q("w:type"), "default")
            fields = _field_paras(root)
            if kind == "first" and fields:
                first_numbered = True
            if kind == "default" and fields:
                default_kinds["header" if where == "top" else "footer"] = True
                doc.marks.extend(_field_mark(p, styles, where) for p in fields)
    doc.first_page_numbered = first_numbered or (not title_pg and any(default_kinds.values()))


def _page_count(path: str) -> int | None:
    """Pages recorded by Word in docProps/app.xml (only when Word wrote the file)."""
    try:
        with zipfile.ZipFile(path) as zf:
            app = zf.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    words = re.search(r"<Words>(\d+)</Words>", app)
    if "Microsoft" not in app or not words or int(words.group(1)) == 0:  # a template's stale numbers
        return None
    match = re.search(r"<Pages>(\d+)</Pages>", app)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _height(para: ob.Para) -> float:
    size = max(para.sizes or (12.0,))
    if para.line_rule == "exact":
        pitch = para.line_value or size
    elif para.line_rule == "atLeast":
        pitch = max(para.line_value or 0, size * 1.15)
    else:
        pitch = size * 1.15 * (para.line_value or 1.0)
    avail = max(para.avail_width or 400.0, 50.0)
    count = sum(max(1, math.ceil(line.width / avail)) for line in para.lines)
    return count * pitch + (para.space_before or 0) + (para.space_after or 0)


def _estimate_pages(paras: list[ob.Para], page: ob.Page) -> int:
    usable = (page.height_mm - (page.top_mm or 25) - (page.bottom_mm or 25)) * 72 / 25.4
    total = 0.0
    blocks: dict[int, float] = {}
    for para in paras:
        if para.zone in (ob.BODY, ob.TOP) and not para.in_table:
            total += _height(para)
        else:
            blocks[para.block] = blocks.get(para.block, 0.0) + _height(para)
    # cells of one table row stand side by side: count the taller half of the head and foot
    total += sum(blocks.values()) / 2
    return max(1, math.ceil(total / max(usable, 100.0)))


def _legacy(doc: ob.Observed) -> None:
    names = {f for para in doc.paras for f in para.fonts if LEGACY_FONT.match(f)}
    doc.legacy_fonts = sorted(names)
