"""The Sổ đăng ký văn bản đi (Phụ lục IV, Nghị định 30/2020/NĐ-CP) as XLSX, CSV or PDF.

Ten columns in the decree's order. A voided number stays in its row, with who, when and why in Ghi chú.
The PDF opens with the Phụ lục IV cover so the printed register can be bound (Điều 16.2.b).
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notices import vn
from notices.errors import UserError
from notices.files import atomic_path
from notices.register.registry import RECALLED, AgencyKey, Entry  # RECALLED: a recall's reason (review imports it here)

COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
WIDTHS = (14, 11, 44, 18, 30, 14, 8, 10, 10, 24)  # XLSX column widths (characters), fitting A4 landscape
PDF_WIDTHS = (10, 8, 26, 11, 15, 8, 5, 6, 5, 10)  # PDF column widths (% of the landscape page)
FORMATS = ("xlsx", "csv", "pdf")


def _date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


def note(entry: Entry) -> str:
    """Ghi chú: a voided number says so, with when, who and why; a recalled document too (its row stays
    issued, its files kept); an unfinished issue too."""
    if entry.status == "void":
        return f"Đã hủy số ngày {_date(entry.voided_at)} ({entry.voided_by}): {entry.void_reason}"
    if entry.status == "pending":
        return "Đã cấp số, chưa lưu đủ văn bản"
    if entry.void_reason and entry.void_reason.startswith(RECALLED):  # notices.server.review: kept, recalled
        return f"Đã thu hồi ngày {_date(entry.voided_at)} ({entry.voided_by}): {entry.void_reason[len(RECALLED):]}"
    return ""


def row(entry: Entry) -> tuple[str, ...]:
    """The ten cells of one register row."""
    signer = entry.signer_name or ""
    if signer and entry.signer_title:
        signer = f"{entry.signer_title} {signer}"
    return (
        entry.label,
        entry.date_text,
        f"{entry.kind_label}: {entry.subject}",
        signer,
        "\n".join(entry.recipients),
        entry.archive,
        "",  # Số lượng bản: filled by the văn thư when copies are made
        "",  # Ngày chuyển
        "",  # Ký nhận
        note(entry),
    )


@dataclass(frozen=True)
class Cover:
    """The Phụ lục IV cover: agency, year, first and last date and number."""

    parent: str
    agency: str
    year: int
    first_date: str
    last_date: str
    numbers: str

    @classmethod
    def of(cls, agency: AgencyKey | None, year: int, rows: Sequence[Entry]) -> Cover:
        if agency is None and rows:
            agency = AgencyKey(rows[0].agency_code, rows[0].agency_name)
        dates = sorted(e.issued_on for e in rows)
        series: dict[str, list[int]] = {}
        for e in rows:
            series.setdefault(e.notation, []).append(e.number)
        numbers = "; ".join(
            f"{vn.document_number(min(n))}/{s} đến số {vn.document_number(max(n))}/{s}" for s, n in series.items())
        return cls(
            parent=vn.upper(agency.parent) if agency and agency.parent else "",
            agency=vn.upper(agency.name) if agency else "",
            year=year,
            first_date=dates[0].strftime("%d/%m/%Y") if dates else "",
            last_date=dates[-1].strftime("%d/%m/%Y") if dates else "",
            numbers=numbers,
        )


def export(rows: Sequence[Entry], fmt: str, out: Path, *, agency: AgencyKey | None, year: int) -> Path:
    """Write the register of ``year`` in ``fmt`` (xlsx, csv, pdf) to ``out``, atomically."""
    if fmt not in FORMATS:
        raise UserError(f"Định dạng “{fmt}” không có; chọn trong: {', '.join(FORMATS)}.")
    cover = Cover.of(agency, year, rows)
    body = [row(e) for e in rows]
    with atomic_path(out) as tmp:
        if fmt == "csv":
            _csv(body, tmp)
        elif fmt == "xlsx":
            _xlsx(body, cover, tmp)
        else:
            _pdf(body, cover, tmp)
    return out


def _csv(body: list[tuple[str, ...]], path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(body)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # the BOM tells Excel the file is UTF-8


def _xlsx(body: list[tuple[str, ...]], cover: Cover, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(f"Sổ đi {cover.year}")
    font = {"font_name": "Times New Roman", "font_size": 11, "text_wrap": True, "valign": "top", "border": 1}
    head = book.add_format({**font, "bold": True, "align": "center", "valign": "vcenter"})
    cell = book.add_format(font)
    title = book.add_format({"font_name": "Times New Roman", "font_size": 14, "bold": True, "align": "center"})
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, f"SỔ ĐĂNG KÝ VĂN BẢN ĐI - NĂM {cover.year}", title)
    sheet.merge_range(1, 0, 1, len(COLUMNS) - 1, cover.agency,
                      book.add_format({"font_name": "Times New Roman", "font_size": 12, "align": "center"}))
    header_row = 2
    sheet.write_row(header_row, 0, COLUMNS, head)
    sheet.write_row(header_row + 1, 0, [f"({i})" for i in range(1, len(COLUMNS) + 1)], head)
    for r, values in enumerate(body, start=header_row + 2):
        sheet.write_row(r, 0, values, cell)
    for c, width in enumerate(WIDTHS):
        sheet.set_column(c, c, width)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(header_row, header_row + 1)  # the column heads on every printed page
    sheet.fit_to_pages(1, 0)  # all ten columns across one page width
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&CTrang &P/&N")
    book.close()


def _pdf(body: list[tuple[str, ...]], cover: Cover, path: Path) -> None:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from notices import fonts
    from notices.writers.pdf import font_faces

    e = html.escape
    family = fonts.family().name

    def cells(values: Sequence[str], tag: str) -> str:
        return "".join(f"<{tag}>{e(v).replace(chr(10), '<br>')}</{tag}>" for v in values)

    rows = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in body)
    colgroup = "".join(f'<col style="width:{w}%">' for w in PDF_WIDTHS)
    numbers = [f"({i})" for i in range(1, len(COLUMNS) + 1)]
    page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Sổ đăng ký văn bản đi {cover.year}</title>
<style>
@page {{ size: A4 landscape; margin: 15mm 15mm 15mm 20mm;
  @bottom-center {{ content: counter(page); font: 11pt "{family}"; }} }}
@page cover {{ size: A4 portrait; margin: 20mm 15mm 20mm 30mm; @bottom-center {{ content: none; }} }}
body {{ font-family: "{family}"; font-size: 11pt; }}
.cover {{ page: cover; text-align: center; break-after: page; }}
.cover .parent {{ font-size: 13pt; margin-top: 10mm; }}
.cover .agency {{ font-size: 13pt; font-weight: bold; }}
.cover h1 {{ font-size: 24pt; margin-top: 60mm; }}
.cover p {{ font-size: 14pt; margin: 4mm 0; }}
table {{ border-collapse: collapse; width: 100%; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.5pt solid black; padding: 1.5mm; vertical-align: top; }}
th {{ font-weight: bold; text-align: center; }}
tr {{ break-inside: avoid; }}
td:nth-child(1), td:nth-child(2) {{ white-space: nowrap; }}
table {{ table-layout: fixed; }}
</style></head><body>
<section class="cover">
<div class="parent">{e(cover.parent)}</div>
<div class="agency">{e(cover.agency)}</div>
<h1>SỔ ĐĂNG KÝ VĂN BẢN ĐI</h1>
<p>Năm: {cover.year}</p>
<p>Từ ngày {e(cover.first_date) or '…'} đến ngày {e(cover.last_date) or '…'}</p>
<p>Từ số {e(cover.numbers) or '… đến số …'}</p>
<p>Quyển số: …</p>
</section>
<table><colgroup>{colgroup}</colgroup>
<thead><tr>{cells(COLUMNS, 'th')}</tr><tr>{cells(numbers, 'th')}</tr></thead>
<tbody>{rows}</tbody></table>
</body></html>"""
    config = FontConfiguration()
    HTML(string=page).write_pdf(str(path), stylesheets=[CSS(string=font_faces(), font_config=config)],
                                font_config=config)
