"""A small notice PDF made with WeasyPrint from hand-written HTML (not notices' writer).

Every knob breaks one thing; the defaults are a correct Decree 30 notice.
"""

from __future__ import annotations

import re
from pathlib import Path

from .builders import BODY

CSS = """
@page {{ size: A4; margin: 20mm 15mm 20mm {left}mm;
  @top-center {{ content: counter(page); font: 14pt "{font}"; vertical-align: middle; }} }}
@page :first {{ @top-center {{ content: {first}; }} }}
body {{ font-family: "{font}"; font-size: 14pt; margin: 0; }}
table {{ width: 100%; border-collapse: collapse; }}
td {{ vertical-align: top; text-align: center; padding: 0; }}
p {{ margin: 0; line-height: 1.15; }}
.b {{ font-weight: bold; }} .i {{ font-style: italic; }}
.rule {{ border-top: 0.75pt solid black; margin: 1pt auto 0; height: 0; }}
.motto {{ display: inline-block; border-bottom: {motto_rule}; padding-bottom: 2pt; }}
p.body {{ text-align: {align}; text-indent: {indent}mm; margin: 0 0 6pt; line-height: {line}pt; }}
.odd {{ font-family: "{odd_font}"; }}
"""

HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{css}</style></head><body>
<table><tr>
 <td style="width: {agency_width}mm">
  <p class="b" style="font-size:12pt">{agency}</p>
  <div class="rule" style="width: {agency_rule}mm"></div>
  <p style="font-size:13pt; margin-top:6pt">Số: 05/TB-UBND</p>
 </td>
 <td>
  <p class="b" style="font-size:12pt">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
  <p class="b" style="font-size:13pt"><span class="motto">Độc lập - Tự do - Hạnh phúc</span></p>
  <p class="i" style="font-size:14pt; margin-top:8pt">Đắk Song, ngày 05 tháng 01 năm 2024</p>
 </td></tr></table>
<p class="b" style="text-align:center; margin-top:18pt">THÔNG BÁO</p>
<p class="b" style="text-align:center">Kết luận của Chủ tịch Ủy ban nhân dân huyện<br>tại cuộc họp giao ban tháng 12 năm 2023</p>
<div class="rule" style="width: 45mm; margin-bottom: 12pt"></div>
{body}
<table style="margin-top:6pt"><tr>
 <td style="width: 75mm; text-align:left">
  <p class="b i" style="font-size:12pt">Nơi nhận:</p>
  <p style="font-size:11pt">- Thường trực Huyện ủy (b/c);</p>
  <p style="font-size:11pt">- Các phòng, ban, đơn vị thuộc huyện;</p>
  <p style="font-size:11pt">- Lưu: VT, VP.</p>
 </td>
 <td>
  <p class="b">TL. CHỦ TỊCH</p><p class="b">CHÁNH VĂN PHÒNG</p>
  <p style="height: 60pt"></p>
  <p class="b">Nguyễn Văn An</p>
 </td></tr></table>
</body></html>"""


def make_pdf(
    path: Path,
    *,
    font: str = "Liberation Serif",
    odd_font: str | None = None,
    left: float = 30,
    first_number: bool = False,
    page_numbers: bool = True,
    align: str = "justify",
    indent: float = 12.7,
    line: float = 17.5,
    motto_rule: bool = True,
    faces: tuple[tuple[str, str, str, str], ...] = (),
    body: tuple[str, ...] = tuple(BODY),
    agency: str = "ỦY BAN NHÂN DÂN<br>HUYỆN ĐẮK SONG",
    agency_width: float = 70,
    agency_rule: float = 18,
    hanging: float | None = None,
) -> Path:
    """Write the PDF; ``faces`` = (css family, font file, weight, style) declare @font-face aliases."""
    from weasyprint import HTML as WeasyHTML

    def hang(text: str) -> str:  # lettered items as Word sets them with a hanging indent: 'a)' at the indent
        if hanging is None or not re.match(r"^(?:[a-zđ]\)|—) ", text):
            return ""
        return f' style="margin-left:{hanging}mm; text-indent:{indent - hanging}mm"'

    paragraphs = "\n".join(
        f'<p class="body{" odd" if odd_font and i == 2 else ""}"{hang(text)}>{text}</p>' for i, text in enumerate(body)
    )
    css = CSS.format(
        left=left,
        font=font,
        first="counter(page)" if first_number else "none",
        align=align,
        indent=indent,
        line=line,
        motto_rule="0.75pt solid black" if motto_rule else "none",
        odd_font=odd_font or font,
    )
    if not page_numbers:
        css = css.replace("content: counter(page);", "content: none;")
    for family, file, weight, style in faces:
        css = (f'@font-face {{ font-family: "{family}"; src: url("file://{file}"); font-weight: {weight}; '
               f"font-style: {style}; }}\n") + css
    html = HTML.format(css=css, body=paragraphs, agency=agency, agency_width=agency_width,
                       agency_rule=agency_rule)
    WeasyHTML(string=html).write_pdf(path)
    return path
