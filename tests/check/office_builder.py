"""A correct notice as an office types it in a word processor, to be exported to PDF by LibreOffice.

Built on :mod:`tests.check.builders` (the head, title and page number as a Word user makes them) with
what real offices add: list items — lettered "a)"…"g)", numbered "1.", or "-" dashes — often with a bold
lead-in ("a) Về tài chính:") and set with a plain first-line indent (the next lines back at the margin)
or a hanging one; a page break that falls after an item or inside one; a head table wider than the text area; and a
signature block with or without a table: a borderless table, tab stops on the "Nơi nhận" lines, or the
signer's lines centred on an indent above "Nơi nhận". Every knob of :class:`Office` keeps the document
correct except ``wrong_indent_cm``, which gives one body paragraph a first-line indent the decree forbids,
and ``label_indent_cm``, which moves "Nơi nhận:" off the left margin.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from tests.check import builders as wb

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEAD = (
    ("Về tài chính:", "Phòng Tài chính - Kế hoạch chủ trì, phối hợp với các đơn vị liên quan tham mưu giao dự "
     "toán ngân sách năm 2024 bảo đảm đúng quy định; theo dõi, đôn đốc giải ngân vốn đầu tư công."),
    ("Về đất đai:", "Phòng Tài nguyên và Môi trường đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng "
     "điểm; tăng cường kiểm tra, xử lý vi phạm trong lĩnh vực đất đai, khoáng sản và môi trường."),
    ("Về giáo dục:", "Phòng Giáo dục và Đào tạo chỉ đạo các trường tổ chức tốt học kỳ II năm học 2023 - 2024; "
     "rà soát cơ sở vật chất, đội ngũ giáo viên, bảo đảm chất lượng dạy và học."),
    ("Về an sinh xã hội:", "Phòng Lao động - Thương binh và Xã hội tổ chức thăm hỏi, tặng quà các gia đình "
     "chính sách, hộ nghèo nhân dịp Tết Nguyên đán Giáp Thìn năm 2024."),
    ("Về văn hóa:", "Phòng Văn hóa và Thông tin tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao "
     "mừng Đảng, mừng Xuân; tuyên truyền các ngày lễ lớn của đất nước."),
    ("Về hạ tầng:", "Phòng Kinh tế - Hạ tầng kiểm tra, bảo đảm an toàn giao thông, trật tự đô thị; phối hợp "
     "xử lý các điểm đen về tai nạn giao thông trên địa bàn huyện."),
    ("Về tổ chức:", "Phòng Nội vụ tham mưu kiện toàn tổ chức bộ máy, sắp xếp đơn vị hành chính cấp xã theo "
     "kế hoạch; đánh giá, xếp loại cán bộ, công chức, viên chức năm 2023."),
)
LABELS = {
    "lettered": ("a)", "b)", "c)", "d)", "đ)", "e)", "g)"),
    "numbered": ("1.", "2.", "3.", "4.", "5.", "6.", "7."),
    "dash": ("-",) * 7,
}
OPENING = wb.BODY[:2]
CLOSING = wb.BODY[-3:]
MORE = (  # long paragraphs that move the page break
    "Các phòng, ban, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch cụ thể, phân công "
    "rõ người, rõ việc, rõ thời gian hoàn thành; định kỳ hằng tháng báo cáo kết quả thực hiện về Văn phòng "
    "HĐND và UBND huyện để tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân huyện theo dõi, chỉ đạo.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc vượt thẩm quyền, các đơn vị kịp thời báo cáo, đề "
    "xuất Ủy ban nhân dân huyện xem xét, giải quyết; không để tồn đọng, kéo dài, ảnh hưởng đến tiến độ "
    "chung của huyện và quyền lợi hợp pháp của người dân, doanh nghiệp trên địa bàn.",
)
LONG_TAIL = (
    "Đồng thời chỉ đạo các trường mầm non, tiểu học và trung học cơ sở trên địa bàn huyện rà soát, bổ sung "
    "kế hoạch dạy học, bảo đảm đủ phòng học, bàn ghế, thiết bị; chuẩn bị tốt các điều kiện cho kỳ thi tuyển "
    "sinh vào lớp 10 năm học 2024 - 2025; báo cáo kết quả về Ủy ban nhân dân huyện trước ngày 30 tháng 4."
)
SIGNER = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "", "Nguyễn Văn An")
DEPUTY = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Trần Thị Bình")
RECIPIENTS = (
    "- Thường trực Huyện ủy (b/c);",
    "- Chủ tịch, các PCT UBND huyện;",
    "- Các phòng, ban, đơn vị thuộc huyện;",
    "- Lưu: VT, VP.",
)


@dataclass(frozen=True)
class Office:
    items: str = "lettered"  # "lettered", "numbered" or "dash"
    lead_in: bool = True  # each item opens with a bold phrase
    auto_numbers: bool = False  # Word's "List Number" style: numbers 1., 2., … generated (w:numPr), each at
    # the margin with the item's lines hanging 0.635 cm right of it
    hanging: bool = False  # the item's next lines hang right of its label (else back at the margin)
    more: int = 0  # long paragraphs (0–2) before the items: the page breaks elsewhere
    long_item: bool = False  # item c) runs to six lines: it can cross the page break
    foot: str = "table"  # "table", "tabs" (tab stops on the Nơi nhận lines) or "stacked" (signer above Nơi nhận)
    signer_indent_cm: float = 8.0  # "stacked": the signer's lines centred right of this indent
    wide_head: bool = False  # the head table 1 cm wider than the text area, 0.5 cm into each margin
    line: str = "1.5"  # body line spacing: "1.5", "single" or "exact" (17.5 pt)
    deputy: bool = False  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": four bold lines in the signer's block
    tab_cm: float = 11.75  # "tabs": where the centred tab stop for the signer's lines is
    compat15: bool = False  # saved by Word 2013 or later (compatibilityMode 15): a table's edge, not its
    # cells' text, at the margin, so the text of a table cell stands one cell margin (1.9 mm) right of it
    wrong_indent_cm: float | None = None
    label_indent_cm: float = 0.0  # "Nơi nhận:" moved off the left margin: a real error when not 0  # the first item's first-line indent: a real error


def office(**changes: object) -> Office:
    return replace(Office(), **changes)  # type: ignore[arg-type]


def build_office(o: Office, path: Path) -> Path:
    """Write the DOCX: builders.build for the head, title and page number; body and foot as set here."""
    from docx import Document

    wb.build(wb.spec(body=(), writer_style=False), path)
    doc = Document(str(path))
    body = doc.element.body
    tables = body.findall(f"{{{body.nsmap['w']}}}tbl")
    foot_table = tables[-1]
    for el in list(body)[list(body).index(foot_table) - 1:]:  # the empty paragraph and the foot table
        if el.tag.endswith("}p") or el is foot_table:
            body.remove(el)
    if o.wide_head:
        head = doc.tables[0]
        head.alignment = None
        head._tbl.tblPr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="-284" w:type="dxa"/>'))
        for cell, column, width in zip(head.rows[0].cells, head.columns, (Cm(7), Cm(10.5)), strict=True):
            cell.width = column.width = width
    texts: list[tuple[str, str | None, bool]] = [(t, None, False) for t in (*OPENING, *MORE[: o.more])]
    for i, (label, (lead, rest)) in enumerate(zip(LABELS[o.items], LEAD, strict=True)):
        if o.long_item and i == 2:
            rest += " " + LONG_TAIL
        texts.append((f"{label} {lead} " if o.lead_in else f"{label} ", rest, True))
    texts += [(t, None, False) for t in CLOSING]
    first_item = True
    for head_text, rest, item in texts:
        p = doc.add_paragraph()
        p.alignment = wb.JUSTIFY
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        if o.line == "exact":
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(17.5)
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE if o.line == "1.5" else WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Cm(1.27)
        if item and o.hanging:
            fmt.left_indent, fmt.first_line_indent = Cm(1.9), Cm(-0.63)
        if item and first_item and o.wrong_indent_cm is not None:
            fmt.left_indent, fmt.first_line_indent = Cm(0), Cm(o.wrong_indent_cm)
        first_item = first_item and not item
        if item and o.auto_numbers:
            p.style = doc.styles["List Number"]
            fmt.first_line_indent = None
            head_text = "- " + head_text.partition(" ")[2]  # the label is Word's: no typed one
        if rest is None:
            wb._run(p, head_text, 14)
        else:
            label, _, lead = head_text.partition(" ")
            if not o.auto_numbers:
                wb._run(p, label + " ", 14)
            if lead:
                wb._run(p, lead, 14, bold=True)
            wb._run(p, rest, 14)
    _foot(doc, o)
    if o.compat15:
        for setting in doc.settings.element.iter(f"{{{W}}}compatSetting"):
            if setting.get(f"{{{W}}}name") == "compatibilityMode":
                setting.set(f"{{{W}}}val", "15")
    doc.save(str(path))
    return path


def _foot(doc, o: Office) -> None:
    signer_lines = DEPUTY if o.deputy else SIGNER
    wb._para(doc)
    if o.foot == "table":
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        wb._no_borders(table)
        cells = table.rows[0].cells
        for cell, column, width in zip(cells, table.columns, (Cm(7.5), Cm(9)), strict=True):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            cell.width = column.width = width
        label = wb._para(cells[0], "Nơi nhận:", 12, bold=True, italic=True, align=wb.LEFT)
        for line in RECIPIENTS:
            wb._para(cells[0], line, 11, align=wb.LEFT)
        for line in signer_lines:
            wb._para(cells[1], line, 14, bold=bool(line))
    elif o.foot == "tabs":  # "Nơi nhận:<tab>TM. ỦY BAN NHÂN DÂN", a centred tab stop at 11.75 cm
        left = ("Nơi nhận:", *RECIPIENTS) + ("",) * (len(signer_lines) - len(RECIPIENTS) - 1)
        for i, (text, signer) in enumerate(zip(left, signer_lines, strict=True)):
            p = wb._para(doc, align=wb.LEFT)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(o.tab_cm), WD_TAB_ALIGNMENT.CENTER)
            if i == 0:
                label = p
            if text:
                wb._run(p, text, 12 if i == 0 else 11, bold=i == 0, italic=i == 0)
            if signer:
                wb._run(p, "\t" + signer, 14, bold=True)
    else:  # "stacked": the signer's lines centred right of an indent, then Nơi nhận at the margin
        for line in signer_lines:
            p = wb._para(doc, line, 14, bold=bool(line))
            p.paragraph_format.left_indent = Cm(o.signer_indent_cm)
        label = wb._para(doc, "Nơi nhận:", 12, bold=True, italic=True, align=wb.LEFT)
        for line in RECIPIENTS:
            wb._para(doc, line, 11, align=wb.LEFT)
    if o.label_indent_cm:
        label.paragraph_format.first_line_indent = Cm(o.label_indent_cm)
