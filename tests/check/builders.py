"""A correct notice typed 'the way Word users type it', built with python-docx and explicit formatting.

Not built with notices' own writer: two paragraphs for a two-line agency name, drawn line shapes
(DrawingML with a VML fallback, and plain VML) for rule lines, auto line spacing 'single'/'1.5',
a complex PAGE field in a 'Different First Page' header, Normal style set to Times New Roman.
Every knob of :class:`Spec` can be changed to break exactly one thing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Mm, Pt, RGBColor

CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

BODY = [
    "Ngày 28 tháng 12 năm 2023, Chủ tịch Ủy ban nhân dân huyện chủ trì cuộc họp nghe báo cáo tình hình "
    "thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2023 và phương hướng, nhiệm vụ năm 2024. "
    "Tham dự cuộc họp có các Phó Chủ tịch Ủy ban nhân dân huyện, lãnh đạo các phòng, ban, đơn vị.",
    "Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, Chủ tịch Ủy ban nhân dân huyện kết luận "
    "như sau:",
    "1. Năm 2023, trong bối cảnh còn nhiều khó khăn, các phòng, ban, đơn vị đã nỗ lực triển khai thực "
    "hiện nhiệm vụ; nhiều chỉ tiêu chủ yếu đạt và vượt kế hoạch; quốc phòng, an ninh được giữ vững.",
    "2. Để hoàn thành thắng lợi nhiệm vụ năm 2024, yêu cầu các phòng, ban, đơn vị tập trung thực hiện "
    "tốt các nhiệm vụ trọng tâm sau đây, bảo đảm đúng tiến độ và chất lượng đã đề ra trong kế hoạch.",
    "a) Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các đơn vị liên quan tham mưu giao dự toán "
    "ngân sách năm 2024 bảo đảm đúng quy định; theo dõi, đôn đốc giải ngân vốn đầu tư công.",
    "b) Phòng Tài nguyên và Môi trường đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm; "
    "tăng cường kiểm tra, xử lý vi phạm trong lĩnh vực đất đai, khoáng sản và môi trường.",
    "c) Phòng Giáo dục và Đào tạo chỉ đạo các trường tổ chức tốt học kỳ II năm học 2023 - 2024; "
    "rà soát cơ sở vật chất, đội ngũ giáo viên, bảo đảm chất lượng dạy và học.",
    "d) Phòng Lao động - Thương binh và Xã hội tổ chức thăm hỏi, tặng quà các gia đình chính sách, "
    "hộ nghèo nhân dịp Tết Nguyên đán Giáp Thìn năm 2024, bảo đảm mọi người dân đều được đón Tết.",
    "3. Công an huyện, Ban Chỉ huy Quân sự huyện tăng cường công tác bảo đảm an ninh chính trị, trật "
    "tự an toàn xã hội trước, trong và sau Tết; xây dựng kế hoạch giao quân năm 2024 đạt chỉ tiêu.",
    "4. Văn phòng HĐND và UBND huyện theo dõi, đôn đốc các đơn vị thực hiện kết luận này; tổng hợp, "
    "báo cáo kết quả thực hiện về Ủy ban nhân dân huyện trước ngày 15 tháng 3 năm 2024.",
    "Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.",
]


@dataclass
class Spec:
    """Every text and every format choice of the document; the defaults are all correct."""

    page: tuple[float, float] = (210, 297)  # mm
    margins: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    font: str = "Times New Roman"
    parent: str | None = None
    agency: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "HUYỆN ĐẮK SONG")
    agency_bold: bool = True
    agency_rule_mm: float = 16  # ≈ 0.4 of "ỦY BAN NHÂN DÂN" at 12 pt bold
    national: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    national_size: float = 12
    motto: str = "Độc lập - Tự do - Hạnh phúc"
    motto_italic: bool = False
    motto_rule_mm: float = 56  # the motto at 13 pt bold is ≈ 56 mm
    number: str = "Số: 05/TB-VP"
    number_size: float = 13
    vv: tuple[str, ...] = ()
    place_date: str = "Đắk Song, ngày 05 tháng 01 năm 2024"
    date_italic: bool = True
    kind: str | None = "THÔNG BÁO"
    kind_bold: bool = True
    subject: tuple[str, ...] = (
        "Kết luận của Chủ tịch Ủy ban nhân dân huyện",
        "tại cuộc họp giao ban tháng 12 năm 2023",
    )
    subject_size: float = 14
    subject_rule_mm: float | None = 40
    greeting: tuple[str, ...] = ()
    body: tuple[str, ...] = tuple(BODY)
    body_size: float = 14
    body_align: WD_ALIGN_PARAGRAPH = JUSTIFY
    body_indent_cm: float = 1.27
    body_after_pt: float = 6
    body_line: WD_LINE_SPACING | float = WD_LINE_SPACING.ONE_POINT_FIVE
    run_colour: RGBColor | None = None
    body_font: str | None = None  # one body paragraph in another font
    signers: tuple[tuple[str, ...], ...] = (("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "", "", "Nguyễn Văn An"),)
    title_bold: bool = True
    name_upper: bool = False
    label: str = "Nơi nhận:"
    label_italic: bool = True
    recipients: tuple[str, ...] = (
        "- Thường trực Huyện ủy (b/c);",
        "- Thường trực HĐND huyện (b/c);",
        "- Chủ tịch, các PCT UBND huyện;",
        "- Các phòng, ban, đơn vị thuộc huyện;",
        "- Lưu: VT, VP.",
    )
    recipients_size: float = 11
    recipients_below: bool = False  # Nơi nhận under the signatures (biên bản)
    page_field: bool = True
    page_field_where: str = "header"
    page_field_size: float = 14
    title_page: bool = True
    # the notices writer's way instead of the Word user's: border rule lines, one agency paragraph with
    # a line break, exact line spacing, a fldSimple PAGE field, cell margins 0
    writer_style: bool = False


def spec(**changes: object) -> Spec:
    return replace(Spec(), **changes)  # type: ignore[arg-type]


def _run(paragraph, text: str, size: float, bold=False, italic=False, font="Times New Roman"):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.name = font  # python-docx sets w:rFonts ascii and hAnsi, as Word's font box does
    return run


def _para(container, text="", size=14.0, bold=False, italic=False, align=CENTER, font="Times New Roman"):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if text:
        _run(p, text, size, bold, italic, font)
    return p


def _drawingml_line(paragraph, length_mm: float, offset_mm: float, shape_id: int) -> None:
    """A line shape as Word 2010+ saves it: DrawingML in mc:Choice, VML in mc:Fallback."""
    cx = int(length_mm * 36000)
    xml = f"""
<mc:AlternateContent {nsdecls('w')} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
 <mc:Choice Requires="wps"><w:drawing>
  <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264"
   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
   <wp:simplePos x="0" y="0"/>
   <wp:positionH relativeFrom="column"><wp:posOffset>{int(offset_mm * 36000)}</wp:posOffset></wp:positionH>
   <wp:positionV relativeFrom="paragraph"><wp:posOffset>12700</wp:posOffset></wp:positionV>
   <wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
   <wp:docPr id="{shape_id}" name="Straight Connector {shape_id}"/><wp:cNvGraphicFramePr/>
   <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>
     <a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/>
     </a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>
   </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
 <mc:Fallback><w:pict><v:line id="Line {shape_id}" style="position:absolute;z-index:1"
   from="{offset_mm * 72 / 25.4:.2f}pt,1pt" to="{(offset_mm + length_mm) * 72 / 25.4:.2f}pt,1pt"/></w:pict>
 </mc:Fallback></mc:AlternateContent>"""
    run = paragraph.add_run()
    run._r.append(parse_xml(xml))


def _vml_line(paragraph, length_mm: float, offset_mm: float) -> None:
    """A line as older Word (2003/2007) saves it: plain VML v:line."""
    xml = f"""<w:pict {nsdecls('w')} xmlns:v="urn:schemas-microsoft-com:vml">
 <v:line id="motto" style="position:absolute;z-index:2" from="{offset_mm * 72 / 25.4:.2f}pt,1.5pt"
  to="{(offset_mm + length_mm) * 72 / 25.4:.2f}pt,1.5pt" strokeweight=".5pt"/></w:pict>"""
    run = paragraph.add_run()
    run._r.append(parse_xml(xml))


def _border_rule(paragraph, indent_mm: float) -> None:
    """The writer's rule line: an empty paragraph with a top border, its length set by indents."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" '
                         'w:color="000000"/></w:pBdr>'))


def _rule(paragraph, s: Spec, length_mm: float, width_mm: float, shape_id: int, vml=False) -> None:
    if s.writer_style:
        _border_rule(paragraph, (width_mm - length_mm) / 2)
    elif vml:
        _vml_line(paragraph, length_mm, (width_mm - length_mm) / 2)
    else:
        _drawingml_line(paragraph, length_mm, (width_mm - length_mm) / 2, shape_id)


def _page_field(paragraph, size: float, simple: bool = False) -> None:
    if simple:
        field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:rFonts '
                          'w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
                          f'<w:sz w:val="{int(size * 2)}"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>')
        paragraph._p.append(field)
        return
    for kind, text in (("begin", None), ("instr", " PAGE   \\* MERGEFORMAT "), ("separate", None),
                       ("text", "2"), ("end", None)):
        run = _run(paragraph, "", size)
        if kind == "instr":
            el = parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve">{text}</w:instrText>')
        elif kind == "text":
            el = parse_xml(f"<w:t {nsdecls('w')}>{text}</w:t>")
        else:
            el = parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{kind}"/>')
        run._r.append(el)


def _no_borders(table) -> None:
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    )
    table._tbl.tblPr.append(borders)


def _no_cell_margins(table) -> None:
    table._tbl.tblPr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        "</w:tblCellMar>"))


def build(s: Spec, path: Path) -> Path:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = s.font
    normal.font.size = Pt(14)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(s.page[0]), Mm(s.page[1])
    top, bottom, left, right = s.margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)
    _head(doc, s)
    _title(doc, s)
    _body(doc, s)
    _foot(doc, s)
    _header(doc, s)
    doc.save(path)
    return path


def _head(doc, s: Spec) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    widths = (Cm(6.5), Cm(10))
    for cell, column, width in zip(table.rows[0].cells, table.columns, widths, strict=True):
        cell.width = column.width = width  # tcW for Word, gridCol for LibreOffice: Word writes both
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if s.writer_style:
        _no_cell_margins(table)
    cell_mm = 65 if s.writer_style else 65 - 1.9 * 2
    if s.parent:
        _para(left, s.parent, 12)
    if s.writer_style:
        p = _para(left)
        for i, line in enumerate(s.agency):
            run = _run(p, line, 12, bold=s.agency_bold)
            if i < len(s.agency) - 1:
                run.add_break()
    else:
        for line in s.agency:
            _para(left, line, 12, bold=s.agency_bold)
    rule_p = _para(left)
    if s.agency_rule_mm:
        _rule(rule_p, s, s.agency_rule_mm, cell_mm, 1)
    number = _para(left)
    number.paragraph_format.space_before = Pt(6)
    _run(number, s.number, s.number_size)
    for line in s.vv:
        _para(left, line, 12)
    _para(right, s.national, s.national_size, bold=True)
    _para(right, s.motto, 13, bold=True, italic=s.motto_italic)
    rule_p = _para(right)
    if s.motto_rule_mm:
        _rule(rule_p, s, s.motto_rule_mm, 100 if s.writer_style else 100 - 3.8, 2, vml=True)
    date = _para(right, "", 14)
    date.paragraph_format.space_before = Pt(6)
    _run(date, s.place_date, 14, italic=s.date_italic)


def _title(doc, s: Spec) -> None:
    if s.kind:
        p = _para(doc, s.kind, 14, bold=s.kind_bold)
        p.paragraph_format.space_before = Pt(18)
    for line in s.subject:
        _para(doc, line, s.subject_size, bold=True)
    rule_p = _para(doc)
    if s.subject_rule_mm:
        _rule(rule_p, s, s.subject_rule_mm, 165, 3)
    for line in s.greeting:
        _para(doc, line, 14)


def _body(doc, s: Spec) -> None:
    for i, text in enumerate(s.body):
        p = doc.add_paragraph()
        p.alignment = s.body_align
        fmt = p.paragraph_format
        fmt.first_line_indent = Cm(s.body_indent_cm)
        fmt.space_after = Pt(s.body_after_pt)
        fmt.space_before = Pt(0)
        if s.writer_style:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(s.body_size * 1.25)
        elif isinstance(s.body_line, float):
            fmt.line_spacing = s.body_line
        else:
            fmt.line_spacing_rule = s.body_line if i % 2 == 0 else WD_LINE_SPACING.SINGLE
        font = s.body_font if (s.body_font and i == 3) else s.font
        run = _run(p, text, s.body_size, font=font)
        if s.run_colour is not None and i == 2:
            run.font.color.rgb = s.run_colour


def _signer_cell(cell, lines: tuple[str, ...], s: Spec) -> None:
    for i, line in enumerate(lines):
        is_name = i == len(lines) - 1
        text = line.upper() if (is_name and s.name_upper) else line
        bold = True if is_name else s.title_bold
        _para(cell, text, 14, bold=bold if line else False)


def _recipients_cell(cell, s: Spec) -> None:
    _para(cell, s.label, 12, bold=True, italic=s.label_italic, align=LEFT)
    for line in s.recipients:
        _para(cell, line, s.recipients_size, align=LEFT)


def _foot(doc, s: Spec) -> None:
    _para(doc)
    cols = len(s.signers) if s.recipients_below else 2
    table = doc.add_table(rows=1, cols=cols)
    _no_borders(table)
    cells = table.rows[0].cells
    for cell in cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    if s.recipients_below:
        for cell, lines in zip(cells, s.signers, strict=True):
            _signer_cell(cell, lines, s)
        _para(doc)
        table2 = doc.add_table(rows=1, cols=2)
        _no_borders(table2)
        cell = table2.rows[0].cells[0]
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        _recipients_cell(cell, s)
        return
    cells[0].width, cells[1].width = Cm(7.5), Cm(9)
    table.columns[0].width, table.columns[1].width = Cm(7.5), Cm(9)
    _recipients_cell(cells[0], s)
    for lines in s.signers:
        _signer_cell(cells[1], lines, s)


def _header(doc, s: Spec) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = s.title_page
    if not s.page_field:
        return
    part = section.header if s.page_field_where == "header" else section.footer
    p = part.paragraphs[0]
    p.alignment = CENTER
    _page_field(p, s.page_field_size, simple=s.writer_style)
    if s.title_page:
        section.first_page_header.paragraphs[0].text = ""
