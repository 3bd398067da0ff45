"""The Phụ lục V documents as DOCX and PDF: Danh mục hồ sơ, Mục lục văn bản, tài liệu (trong hồ sơ),
Mục lục hồ sơ, tài liệu nộp lưu, and the Biên bản giao nhận hồ sơ, tài liệu.

One small description of a page (:class:`Sheet`: heading lines, a numbered-column table, closing lines,
signature columns) is written twice: as WordprocessingML by python-docx and as HTML rendered by
WeasyPrint with the project's prepared fonts (as the register's Phụ lục IV export does). Times New Roman,
Decree 30 margins (:mod:`notices.layout`); tables on A4 landscape when they have seven columns.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notices import layout, vn

if TYPE_CHECKING:  # the library hands these results in; it imports this module, never the reverse
    from notices.hoso.library import Contents, Handover, PlanView

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class Row:
    cells: tuple[str, ...]
    section: bool = False  # a heading row (đề mục): one cell across the table, bold


@dataclass
class Sheet:
    """One Phụ lục V page: what both writers draw."""

    file_stem: str
    agency: tuple[str, str]  # parent (upper), agency (upper)
    title: list[str]  # first line bold and large, the rest regular (bold=False) lines under it
    columns: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()  # % of the text width
    rows: list[Row] = field(default_factory=list)
    before: list[str] = field(default_factory=list)  # paragraphs before the table
    after: list[str] = field(default_factory=list)  # paragraphs after the table
    place_date: str = ""
    signatures: list[tuple[str, str]] = field(default_factory=list)  # (HEADING, "(Ký, ghi rõ họ tên)")
    landscape: bool = False
    national: bool = False


def _date_line(place: str | None, day: dt.date) -> str:
    return f"{place + ', ' if place else ''}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _agency(view_agency) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return (vn.upper(view_agency.parent) if view_agency.parent else "", vn.upper(view_agency.name))


# ---------------------------------------------------------------- the four documents

DANH_MUC_COLUMNS = ("Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản",
                    "Người lập hồ sơ", "Ghi chú")
MUC_LUC_VB_COLUMNS = ("STT", "Số, ký hiệu văn bản", "Ngày tháng năm văn bản",
                      "Tên loại và trích yếu nội dung văn bản", "Tác giả văn bản", "Tờ số/Trang số", "Ghi chú")
MUC_LUC_NL_COLUMNS = ("Số TT", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian tài liệu", "Thời hạn bảo quản",
                      "Số tờ/Số trang", "Ghi chú")
ROLES = {"record": "Tệp dữ liệu cuộc họp (YAML)", "photo": "Ảnh", "index": "Mục lục văn bản"}


def danh_muc_sheet(view: PlanView, day: dt.date) -> Sheet:
    rows: list[Row] = []
    for numeral, title, subs, own in view.sections:
        rows.append(Row((f"{numeral}. {vn.upper(title)}",), section=True))
        rows += [_plan_row(f) for f in own]
        for sub_title, sub_files in subs:
            rows.append(Row((sub_title,), section=True))
            rows += [_plan_row(f) for f in sub_files]
    every = view.all_files
    permanent = sum(1 for f in every if f.years is None)
    title = ["DANH MỤC HỒ SƠ", f"Năm {view.year}"]
    if view.approved_by:
        title.append(f"(Kèm theo {view.approved_by})")
    return Sheet(
        file_stem=f"danh-muc-ho-so-{view.year}", agency=_agency(view.agency), title=title,
        columns=DANH_MUC_COLUMNS, widths=(14, 46, 13, 15, 12), rows=rows,
        after=[f"Danh mục hồ sơ này có {len(every)} ({vn.number_to_words(len(every))}) hồ sơ, bao gồm: "
               f"{permanent} hồ sơ bảo quản vĩnh viễn; {len(every) - permanent} hồ sơ bảo quản có thời hạn."],
        place_date=_date_line(view.place, day),
        signatures=[("NGƯỜI ĐỨNG ĐẦU CƠ QUAN, TỔ CHỨC", "(Ký, ghi rõ họ tên, đóng dấu)")],
    )


def _plan_row(f) -> Row:  # type: ignore[no-untyped-def]
    return Row((f.notation, f.title, f.maintenance, f.creator, f.description))


def muc_luc_van_ban_sheet(found: Contents, day: dt.date, place: str | None) -> Sheet:
    from notices.register.export import note  # the register's Ghi chú: a voided or recalled number says so

    hoso = found.hoso
    rows = []
    for item in found.items:
        e = item.entry
        last = item.first_page + item.pages - 1
        pages = str(item.first_page) if item.pages == 1 else f"{item.first_page}-{last}"
        rows.append(Row((str(item.ordinal), e.label, e.date_text, f"{e.kind_label}: {e.subject}", hoso.agency_name,
                         pages, note(e))))
    n = len(found.items)
    for a in (x for x in found.attachments if x.role != "index"):
        n += 1
        rows.append(Row((str(n), "", "", f"{ROLES.get(a.role, a.role)}: {a.name}", hoso.agency_name, "",
                         "Tài liệu điện tử")))
    return Sheet(
        file_stem=f"muc-luc-van-ban-{_safe(hoso.notation)}-{hoso.year}", agency=_agency(_Agency(hoso)),
        title=["MỤC LỤC VĂN BẢN, TÀI LIỆU", f"Số, ký hiệu hồ sơ: {hoso.notation}", f"Tiêu đề: {hoso.title}",
               f"Năm {hoso.year}"],
        columns=MUC_LUC_VB_COLUMNS, widths=(5, 13, 11, 38, 17, 8, 8), rows=rows, landscape=True,
        after=[f"Mục lục này gồm {n} ({vn.number_to_words(n)}) văn bản, tài liệu; "
               f"{hoso.page_total or 0} ({vn.number_to_words(hoso.page_total or 0)}) trang."],
        place_date=_date_line(place, day),
        signatures=[("NGƯỜI LẬP HỒ SƠ", f"(Ký và ghi rõ họ và tên)\n\n\n\n{hoso.creator}")],
    )


class _Agency:
    def __init__(self, hoso) -> None:  # type: ignore[no-untyped-def]
        self.parent = None
        self.name = hoso.agency_name


def muc_luc_nop_luu_sheet(result: Handover, day: dt.date, place: str | None) -> Sheet:
    rows = []
    for n, found in enumerate(result.hoso, start=1):
        h = found.hoso
        rows.append(Row((str(n), h.notation, h.title, h.period, h.maintenance, str(h.page_total or 0),
                         f"{len(found.items)} văn bản; {found.file_count} tệp")))
    count = len(result.hoso)
    return Sheet(
        file_stem=f"muc-luc-ho-so-nop-luu-{result.year}", agency=_agency(result.agency),
        title=["MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", result.agency.name, f"Năm {result.year}"],
        columns=MUC_LUC_NL_COLUMNS, widths=(6, 12, 38, 17, 10, 8, 9), rows=rows, landscape=True,
        after=[f"Mục lục này gồm: {count} hồ sơ (đơn vị bảo quản). Viết bằng chữ: {vn.number_to_words(count)} "
               "hồ sơ (đơn vị bảo quản).",
               f"Tổng số trang: {result.pages_total}. Viết bằng chữ: {vn.number_to_words(result.pages_total)} trang."],
        place_date=_date_line(place, day),
        signatures=[("NGƯỜI LẬP", "(Ký và ghi rõ họ và tên, chức vụ)")],
    )


def bien_ban_sheet(result: Handover, day: dt.date, place: str | None, giver: str, receiver: str,
                   approved: str | None) -> Sheet:
    dates = [d for c in result.hoso for d in (c.hoso.start_date, c.hoso.end_date) if d]
    span = f"{min(dates):%d/%m/%Y} đến {max(dates):%d/%m/%Y}" if dates else "…"
    count = len(result.hoso)
    basis = f"Danh mục hồ sơ năm {result.year}" + (f" ({approved})" if approved else "")
    return Sheet(
        file_stem=f"bien-ban-giao-nhan-{result.year}", agency=_agency(result.agency), national=True,
        title=["BIÊN BẢN", "Về việc giao nhận hồ sơ, tài liệu"],
        before=[
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
            f"Căn cứ {basis};",
            f"Hôm nay, {_date_line(None, day)}, tại {result.agency.name}, chúng tôi gồm:",
            f"BÊN GIAO: {result.agency.name}",
            f"Ông (bà): {giver or '…'}",
            f"BÊN NHẬN: {result.to}",
            f"Ông (bà): {receiver or '…'}",
            "Thống nhất lập biên bản giao nhận tài liệu với những nội dung cụ thể như sau:",
            f"1. Tên khối tài liệu giao nộp: hồ sơ, tài liệu điện tử của {result.agency.name} năm {result.year}.",
            f"2. Thời gian của hồ sơ, tài liệu: từ {span}.",
            f"3. Số lượng tài liệu (tài liệu điện tử): tổng số hồ sơ: {count} ({vn.number_to_words(count)}); "
            f"tổng số tệp tin trong hồ sơ: {result.files_total} ({vn.number_to_words(result.files_total)}).",
            "4. Tình trạng tài liệu giao nộp: đầy đủ, nguyên vẹn (mã SHA-256 của từng tệp đã được kiểm tra).",
            f"5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo ({count} hồ sơ).",
            "Biên bản này được lập thành hai bản; bên giao (đơn vị, cá nhân) giữ một bản; "
            "bên nhận (Lưu trữ cơ quan) giữ một bản.",
        ],
        signatures=[("ĐẠI DIỆN BÊN GIAO", f"(Ký, ghi rõ họ tên và chức vụ)\n\n\n\n{giver}"),
                    ("ĐẠI DIỆN BÊN NHẬN", f"(Ký, ghi rõ họ tên và chức vụ)\n\n\n\n{receiver}")],
        place_date=_date_line(place, day),
    )


def _safe(notation: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in notation)


# ---------------------------------------------------------------- entry points: (name, bytes) pairs


def render(sheet: Sheet) -> list[tuple[str, bytes]]:
    """The sheet as DOCX and PDF."""
    return [(f"{sheet.file_stem}.docx", docx_bytes(sheet)), (f"{sheet.file_stem}.pdf", pdf_bytes(sheet))]


def danh_muc(view: PlanView, day: dt.date) -> list[tuple[str, bytes]]:
    return render(danh_muc_sheet(view, day))


def muc_luc_van_ban(found: Contents, day: dt.date, place: str | None) -> list[tuple[str, bytes]]:
    return render(muc_luc_van_ban_sheet(found, day, place))


def handover_documents(result: Handover, day: dt.date, place: str | None, giver: str, receiver: str,
                       approved: str | None) -> list[tuple[str, bytes]]:
    return (render(muc_luc_nop_luu_sheet(result, day, place))
            + render(bien_ban_sheet(result, day, place, giver, receiver, approved)))


# ---------------------------------------------------------------- DOCX


def docx_bytes(sheet: Sheet) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    width, height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    if sheet.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(layout.MARGIN_TOP_MM), Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(layout.MARGIN_LEFT_MM), Mm(layout.MARGIN_RIGHT_MM)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(0)
    text_width = width - section.left_margin - section.right_margin

    def para(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
             center: bool = False, cell=None, space: float = 0):  # type: ignore[no-untyped-def]
        target = cell if cell is not None else doc
        p = target.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(space)
        for n, line in enumerate(text.split("\n")):
            run = p.add_run(line)
            if n < len(text.split("\n")) - 1:
                run.add_break()
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return p

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left._element.remove(left.paragraphs[0]._element)
    right._element.remove(right.paragraphs[0]._element)
    if sheet.agency[0]:
        para(sheet.agency[0], size=12, center=True, cell=left)
    para(sheet.agency[1], bold=True, size=12, center=True, cell=left)
    if sheet.national:
        para(NATIONAL[0], bold=True, size=12, center=True, cell=right)
        para(NATIONAL[1], bold=True, size=13, center=True, cell=right)
    else:
        para("", cell=right)
    para("")
    para(sheet.title[0], bold=True, size=14, center=True)
    for line in sheet.title[1:]:
        para(line, bold=line.startswith("Năm") is False and sheet.national, size=13, center=True)
    para("")
    for line in sheet.before:
        para(line, size=13, space=6, bold=line.startswith(("BÊN GIAO", "BÊN NHẬN")))
    if sheet.columns:
        table = doc.add_table(rows=2, cols=len(sheet.columns))
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, name in enumerate(sheet.columns):
            table.rows[0].cells[i].text = ""
            para_cell = table.rows[0].cells[i].paragraphs[0]
            run = para_cell.add_run(name)
            run.bold = True
            para_cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
            number = table.rows[1].cells[i].paragraphs[0]
            number.add_run(f"({i + 1})").bold = True
            number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in (0, 1):  # the heads repeat on every page
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            header = tr_pr.makeelement(qn("w:tblHeader"), {})
            tr_pr.append(header)
        for row in sheet.rows:
            cells = table.add_row().cells
            if row.section:
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0].add_run(row.cells[0]).bold = True
                continue
            for i, value in enumerate(row.cells):
                lines = value.split("\n")
                p = cells[i].paragraphs[0]
                for n, line in enumerate(lines):
                    run = p.add_run(line)
                    if n < len(lines) - 1:
                        run.add_break()
        for i, share in enumerate(sheet.widths):
            for cell in table.columns[i].cells:
                cell.width = int(text_width * share / 100)
    para("")
    for line in sheet.after:
        para(line, size=13, space=6)
    if sheet.place_date:
        p = para(sheet.place_date, italic=True, size=13)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if sheet.signatures:
        sign = doc.add_table(rows=1, cols=max(2, len(sheet.signatures)))
        cells = sign.rows[0].cells
        for cell in cells:
            cell._element.remove(cell.paragraphs[0]._element)
        place = cells[-len(sheet.signatures):] if len(sheet.signatures) == 1 else cells
        for (heading, note), cell in zip(sheet.signatures, place, strict=False):
            para(heading, bold=True, size=13, center=True, cell=cell)
            para(note, italic=True, size=13, center=True, cell=cell)
        for cell in cells:
            if not cell.paragraphs:
                para("", cell=cell)
    buffer = io.BytesIO()
    doc.core_properties.title = sheet.title[0]
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- PDF


def pdf_bytes(sheet: Sheet) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from notices import fonts
    from notices.writers.pdf import font_faces

    e = html.escape
    family = fonts.family().name

    def lines(text: str) -> str:
        return e(text).replace("\n", "<br>")

    national = "".join(f"<div class='b'>{e(x)}</div>" for x in NATIONAL) if sheet.national else ""
    parent = f"<div>{e(sheet.agency[0])}</div>" if sheet.agency[0] else ""
    title = f"<h1>{e(sheet.title[0])}</h1>" + "".join(f"<p class='c'>{e(x)}</p>" for x in sheet.title[1:])
    before = "".join(f"<p>{e(x)}</p>" for x in sheet.before)
    table = ""
    if sheet.columns:
        cols = "".join(f'<col style="width:{w}%">' for w in sheet.widths)
        heads = "".join(f"<th>{e(c)}</th>" for c in sheet.columns)
        numbers = "".join(f"<th>({i})</th>" for i in range(1, len(sheet.columns) + 1))
        body = "".join(
            f"<tr class='s'><td colspan='{len(sheet.columns)}'>{e(r.cells[0])}</td></tr>" if r.section
            else "<tr>" + "".join(f"<td>{lines(c)}</td>" for c in r.cells) + "</tr>"
            for r in sheet.rows)
        table = f"<table><colgroup>{cols}</colgroup><thead><tr>{heads}</tr><tr>{numbers}</tr></thead>" \
                f"<tbody>{body}</tbody></table>"
    after = "".join(f"<p>{e(x)}</p>" for x in sheet.after)
    place = f"<p class='date'>{e(sheet.place_date)}</p>" if sheet.place_date else ""
    signs = "".join(f"<td><div class='b'>{e(h)}</div><div class='i'>{lines(n)}</div></td>" for h, n in sheet.signatures)
    if len(sheet.signatures) == 1:
        signs = "<td></td>" + signs
    size = "A4 landscape" if sheet.landscape else "A4"
    page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{e(sheet.title[0])}</title><style>
@page {{ size: {size}; margin: {layout.MARGIN_TOP_MM}mm {layout.MARGIN_RIGHT_MM}mm {layout.MARGIN_BOTTOM_MM}mm
  {layout.MARGIN_LEFT_MM}mm; @bottom-center {{ content: counter(page); font: 11pt "{family}"; }} }}
body {{ font-family: "{family}"; font-size: 13pt; }}
.head {{ width: 100%; border-collapse: collapse; }} .head td {{ border: none; text-align: center; vertical-align: top;
  font-size: 12pt; width: 42%; }} .head td + td {{ width: 58%; white-space: nowrap; }}
.b {{ font-weight: bold; }} .i {{ font-style: italic; white-space: pre-line; }}
h1 {{ font-size: 14pt; text-align: center; margin: 8mm 0 1mm; }} .c {{ text-align: center; margin: 1mm 0; }}
p {{ margin: 2mm 0; }} .date {{ text-align: right; font-style: italic; }}
table.t {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin-top: 4mm; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
thead {{ display: table-header-group; }} tr {{ break-inside: avoid; }}
table:not(.head):not(.sign) th, table:not(.head):not(.sign) td {{ border: 0.5pt solid black; padding: 1.2mm;
  vertical-align: top; font-size: 12pt; }}
th {{ text-align: center; }} tr.s td {{ font-weight: bold; }}
.sign td {{ border: none; text-align: center; vertical-align: top; width: 50%; }}
</style></head><body>
<table class="head"><tr><td>{parent}<div class="b">{e(sheet.agency[1])}</div></td><td>{national}</td></tr></table>
{title}{before}{table}{after}{place}<table class="sign"><tr>{signs}</tr></table>
</body></html>"""
    config = FontConfiguration()
    return HTML(string=page).write_pdf(stylesheets=[CSS(string=font_faces(), font_config=config)],
                                       font_config=config)
