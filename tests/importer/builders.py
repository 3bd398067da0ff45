"""Word documents built the ways offices build them, as raw WordprocessingML (and python-docx for one).

Every builder writes the same Thông báo (the ``EXPECTED`` fields) in another layout: header as a
borderless table, with tab stops, in text boxes (DrawingML with its VML fallback), in the page header
part; runs split inside words; manual line breaks; automatic numbering; the signature as a table or as
indented paragraphs; Nơi nhận in the foot table or as a list; TCVN3 and VNI fonts.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"')

AGENCY_PARENT = "ỦY BAN NHÂN DÂN HUYỆN TUY PHƯỚC"
AGENCY = "ỦY BAN NHÂN DÂN XÃ PHƯỚC HƯNG"
NUMBER = "Số: 112/TB-UBND"
DATE = "Phước Hưng, ngày 15 tháng 7 năm 2024"
SUBJECT = ["Kết luận của Chủ tịch UBND xã tại Hội nghị sơ kết", "công tác cải cách hành chính 6 tháng đầu năm 2024"]
OPENING = ("Ngày 11/7/2024, tại Hội trường VHTT xã, Ủy ban nhân dân xã Phước Hưng tổ chức Hội nghị sơ kết "
           "công tác cải cách hành chính 6 tháng đầu năm 2024.")
HEARD = ("Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu dự hội nghị, đồng chí Lê Quốc Dũng - Chủ tịch "
         "UBND xã, chủ trì hội nghị kết luận và chỉ đạo một số nội dung trọng tâm cụ thể như sau:")
RESULTS = "Đến nay xã hoàn thành 17/25 nhiệm vụ, đạt 68% kế hoạch đề ra."
INTRO = "Để thực hiện tốt nhiệm vụ 6 tháng cuối năm, Chủ tịch UBND xã yêu cầu:"
ITEMS = [
    "Đẩy mạnh công tác tuyên truyền cải cách hành chính. Giao Văn phòng - Thống kê xã chủ trì thực hiện, "
    "hoàn thành trước ngày 30/9/2024.",
    "Giao Công an xã chủ trì, phối hợp với các thôn rà soát hồ sơ cư trú trước ngày 15/8/2024.",
    "Tăng cường vận động người dân sử dụng dịch vụ công trực tuyến.",
]
EXTRA = "Các đơn vị báo cáo kết quả thực hiện về Văn phòng UBND xã để tổng hợp."
CLOSING = "Ủy ban nhân dân xã Phước Hưng thông báo để các cơ quan, đơn vị biết, thực hiện./."
RECIPIENTS = ["Thường trực Đảng ủy xã", "Thường trực HĐND xã", "Các thôn"]
ARCHIVE_LINE = "- Lưu: VT, VP-TK."
AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
TITLE = "CHỦ TỊCH"
NAME = "Lê Quốc Dũng"

EXPECTED = {
    "agency.name": "Ủy ban nhân dân xã Phước Hưng",
    "agency.parent": "Ủy ban nhân dân huyện Tuy Phước",
    "agency.code": "UBND",
    "agency.place": "Phước Hưng",
    "kind": "notice",
    "number": 112,
    "date": "2024-07-15",
    "subject": " ".join(SUBJECT),
    "meeting.name": "Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm 2024",
    "meeting.date": "2024-07-11",
    "meeting.venue": "Hội trường VHTT xã",
    "meeting.chair": "Lê Quốc Dũng - Chủ tịch UBND xã",
    "results": [RESULTS],
    "conclusions.intro": INTRO,
    "conclusions.items": [
        ("Đẩy mạnh công tác tuyên truyền cải cách hành chính.", "Văn phòng - Thống kê xã", "2024-09-30"),
        ("Giao Công an xã chủ trì, phối hợp với các thôn rà soát hồ sơ cư trú trước ngày 15/8/2024.",
         "Công an xã", "2024-08-15"),
        ("Tăng cường vận động người dân sử dụng dịch vụ công trực tuyến.", None, None),
    ],
    "body": [EXTRA],
    "closing": "Ủy ban nhân dân xã Phước Hưng thông báo để các cơ quan, đơn vị biết, thực hiện.",
    "signer.authority": AUTHORITY,
    "signer.title": "CHỦ TỊCH",
    "signer.name": NAME,
    "recipients": RECIPIENTS,
    "archive": ["VT", "VP-TK"],
}


# --- WordprocessingML pieces ---------------------------------------------------------------------------


def run(text: str, *, bold: bool = False, italic: bool = False, font: str | None = None, split: int = 0) -> str:
    """A run (or several, cut every ``split`` characters, inside words, as Word does after edits)."""
    if split and len(text) > split:
        return "".join(run(text[i:i + split], bold=bold, italic=italic, font=font)
                       for i in range(0, len(text), split))
    props = ""
    if font:
        props += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    props += "<w:b/>" if bold else ""
    props += "<w:i/>" if italic else ""
    parts = []
    for n, line in enumerate(text.split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r><w:rPr>{props}</w:rPr>{''.join(parts)}</w:r>"


def para(*runs: str, align: str | None = None, num: tuple[int, int] | None = None, indent: int = 0,
         tabs: tuple[int, ...] = ()) -> str:
    ppr = ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if tabs:
        ppr += "<w:tabs>" + "".join(f'<w:tab w:val="center" w:pos="{t}"/>' for t in tabs) + "</w:tabs>"
    if indent:
        ppr += f'<w:ind w:left="{indent}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def text_para(text: str, **kw: object) -> str:
    run_kw = {k: kw.pop(k) for k in ("bold", "italic", "font", "split") if k in kw}
    return para(run(text, **run_kw), **kw)  # type: ignore[arg-type]


def table(rows: list[list[list[str]]], widths: tuple[int, ...] = (4000, 5600)) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = ""
    for row in rows:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{widths[i]}" w:type="dxa"/></w:tcPr>{"".join(c) or "<w:p/>"}</w:tc>'
            for i, c in enumerate(row))
        body += f"<w:tr>{cells}</w:tr>"
    borders = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")


def textbox(paragraphs: list[str], x: int = 0) -> str:
    """A text box as Word 2010+ writes it: DrawingML (Choice) and the same text again in VML (Fallback)."""
    inner = "".join(paragraphs)
    choice = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2743200" cy="914400"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    fallback = (f'<w:pict><v:shape style="width:216pt;height:72pt"><v:textbox><w:txbxContent>{inner}'
                '</w:txbxContent></v:textbox></v:shape></w:pict>')
    return f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">{choice}</mc:Choice>" \
           f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>"


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W_NS}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
<w:lvlText w:val="-"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>
<w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"""


def write_docx(path: Path, body: str, *, header: str | None = None) -> Path:
    """A DOCX package holding ``body`` (and a first-page header part with ``header``)."""
    sect = '<w:sectPr>'
    if header is not None:
        sect += '<w:headerReference w:type="first" r:id="rIdH"/>'
    sect += '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701"/>'
    sect += "<w:titlePg/>" if header is not None else ""
    sect += "</w:sectPr>"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}><w:body>{body}'
                f"{sect}</w:body></w:document>")
    rels = ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/>'
            '<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
            'Target="numbering.xml"/>')
    if header is not None:
        rels += ('<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'header" Target="header1.xml"/>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.styles+xml"/>'
             '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.numbering+xml"/>'
             + ('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'wordprocessingml.header+xml"/>' if header is not None else "")
             + "</Types>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                    'Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", document)
        zf.writestr("word/styles.xml", STYLES)
        zf.writestr("word/numbering.xml", NUMBERING)
        zf.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f"{rels}</Relationships>")
        if header is not None:
            zf.writestr("word/header1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        f"<w:hdr {W_NS}>{header}</w:hdr>")
    return path


# --- the same notice, many ways -------------------------------------------------------------------------


def _title_and_body(split: int = 5, numbering: bool = True) -> str:
    """Tên loại, trích yếu (lines broken by hand), rule, then the body (runs cut inside words)."""
    out = text_para("THÔNG BÁO", bold=True, align="center")
    out += para(run(SUBJECT[0] + "\n" + SUBJECT[1], bold=True), align="center")
    out += text_para("________", align="center")
    for text in (OPENING, HEARD, RESULTS, INTRO):
        out += text_para(text, split=split, align="both")
    for n, item in enumerate(ITEMS, start=1):
        if numbering:
            out += text_para(item, split=split, align="both", num=(1, 0))
        else:
            out += text_para(f"{n}. {item}", split=split, align="both")
    out += text_para(EXTRA, align="both")
    out += text_para(CLOSING, align="both")
    return out


def _header_cells() -> tuple[list[str], list[str]]:
    left = [text_para(AGENCY_PARENT, align="center"),
            para(run("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC HƯNG", bold=True), align="center"),
            text_para("-------", align="center"),
            text_para(NUMBER, align="center")]
    right = [text_para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center"),
             text_para("Độc lập - Tự do - Hạnh phúc", bold=True, align="center"),
             text_para("_______________", align="center"),
             text_para(DATE, italic=True, align="center")]
    return left, right


def _foot_table() -> str:
    left = [para(run("Nơi nhận:", bold=True, italic=True))]
    left += [text_para(f"- {r};") for r in RECIPIENTS] + [text_para(ARCHIVE_LINE)]
    right = [text_para(AUTHORITY, bold=True, align="center"), text_para(TITLE, bold=True, align="center"),
             text_para("(Đã ký)", italic=True, align="center"), para(), text_para(NAME, bold=True, align="center")]
    return table([[left, right]]) + para()  # Word always ends the body with a paragraph


def table_layout(path: Path) -> Path:
    """Header and foot as borderless tables; automatic numbering; runs split inside words."""
    left, right = _header_cells()
    return write_docx(path, table([[left, right]]) + _title_and_body() + _foot_table())


def tab_layout(path: Path) -> Path:
    """Header typed with tab stops; signature as indented paragraphs; Nơi nhận as a list after it."""
    tabs = (2000, 7000)
    head = para(run(f"{AGENCY_PARENT}\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), tabs=tabs)
    head += para(run("ỦY BAN NHÂN DÂN", bold=True), run("\t"), run("Độc lập - Tự do - Hạnh phúc", bold=True),
                 tabs=tabs)
    head += para(run("XÃ PHƯỚC HƯNG", bold=True), tabs=tabs)
    head += para(run(f"{NUMBER}\t"), run(DATE, italic=True), tabs=tabs)
    foot = para()
    foot += text_para(AUTHORITY, bold=True, indent=5000, align="center")
    foot += text_para(TITLE, bold=True, indent=5000, align="center")
    foot += para() + para()
    foot += text_para(NAME, bold=True, indent=5000, align="center")
    foot += para(run("Nơi nhận:", bold=True, italic=True))
    foot += "".join(text_para(f"{r};", num=(2, 0)) for r in RECIPIENTS)
    foot += text_para("Lưu: VT, VP-TK.", num=(2, 0))
    return write_docx(path, head + _title_and_body(numbering=False) + foot)


def textbox_layout(path: Path) -> Path:
    """Header typed in two text boxes (DrawingML with the VML fallback Word also writes)."""
    left, right = _header_cells()
    anchor = para(textbox(left), textbox(right, x=3000000))
    return write_docx(path, anchor + _title_and_body(split=3) + _foot_table())


def header_part_layout(path: Path) -> Path:
    """The header table in the first page's header part (word/header1.xml, w:titlePg)."""
    left, right = _header_cells()
    return write_docx(path, _title_and_body() + _foot_table(), header=table([[left, right]]))


def legacy_layout(path: Path, encoding: str = "tcvn3") -> Path:
    """Header and foot typed in .VnTime/.VnTimeH (TCVN3) or VNI-Times: the text stored in the old code."""
    from tests.importer.legacy_text import encode

    def lp(text: str, *, caps: bool = False, **kw: object) -> str:
        font = (".VnTimeH" if caps else ".VnTime") if encoding == "tcvn3" else "VNI-Times"
        return text_para(encode(text.lower() if caps and encoding == "tcvn3" else text, encoding), font=font, **kw)

    left = [lp(AGENCY_PARENT, caps=True, align="center"),
            lp("ỦY BAN NHÂN DÂN XÃ PHƯỚC HƯNG", caps=True, bold=True, align="center"),
            lp(NUMBER, align="center")]
    right = [lp("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", caps=True, bold=True, align="center"),
             lp("Độc lập - Tự do - Hạnh phúc", bold=True, align="center"),
             lp(DATE, italic=True, align="center")]
    foot_left = [lp("Nơi nhận:", bold=True)] + [lp(f"- {r};") for r in RECIPIENTS] + [lp(ARCHIVE_LINE)]
    foot_right = [lp(AUTHORITY, caps=True, bold=True, align="center"), lp(TITLE, caps=True, bold=True,
                                                                          align="center"),
                  lp(NAME, bold=True, align="center")]
    body = _title_and_body()
    return write_docx(path, table([[left, right]]) + body + table([[foot_left, foot_right]]) + para())


def python_docx_layout(path: Path) -> Path:
    """The same notice typed with python-docx's own API (tables, bold runs, a page break-free layout)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].add_run(AGENCY_PARENT)
    agency = left.add_paragraph()
    agency.add_run("ỦY BAN NHÂN DÂN").bold = True
    agency.add_run().add_break()
    agency.add_run("XÃ PHƯỚC HƯNG").bold = True
    left.add_paragraph(NUMBER)
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    right.add_paragraph().add_run(DATE).italic = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.add_run("THÔNG BÁO").bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject = document.add_paragraph()
    subject.add_run(" ".join(SUBJECT)).bold = True
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph()
    for text in (OPENING, HEARD, RESULTS, INTRO):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for n, item in enumerate(ITEMS, start=1):
        document.add_paragraph(f"{n}. {item}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.add_paragraph(EXTRA)
    document.add_paragraph(CLOSING)
    foot = document.add_table(rows=1, cols=2)
    fl, fr = foot.rows[0].cells
    fl.paragraphs[0].add_run("Nơi nhận:").bold = True
    for r in RECIPIENTS:
        fl.add_paragraph(f"- {r};")
    fl.add_paragraph(ARCHIVE_LINE)
    fr.paragraphs[0].add_run(AUTHORITY).bold = True
    fr.add_paragraph().add_run(TITLE).bold = True
    fr.add_paragraph("(Đã ký)")
    fr.add_paragraph().add_run(NAME).bold = True
    for p in fr.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph()  # Word always ends the body with a paragraph
    document.save(str(path))
    return path


LAYOUTS = {
    "bang": table_layout,
    "tab": tab_layout,
    "hop-van-ban": textbox_layout,
    "dau-trang": header_part_layout,
    "tcvn3": lambda p: legacy_layout(p, "tcvn3"),
    "vni": lambda p: legacy_layout(p, "vni"),
    "python-docx": python_docx_layout,
}


def fields_and_changes_layout(path: Path) -> Path:
    """The date typed as Word fields (w:fldSimple, a complex field), tracked changes (w:del, w:ins)."""
    left, right = _header_cells()
    right[-1] = para(run("Phước Hưng, ngày ", italic=True),
                     '<w:fldSimple w:instr=" DATE \\@ &quot;dd&quot; "><w:r><w:rPr><w:i/></w:rPr><w:t>15</w:t>'
                     "</w:r></w:fldSimple>",
                     run(" tháng ", italic=True),
                     '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "M" </w:instrText>'
                     '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("7", italic=True) +
                     '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                     run(" năm 2024", italic=True), align="center")
    left[-1] = para(run("Số: "), '<w:del w:id="1" w:author="A"><w:r><w:delText>111</w:delText></w:r></w:del>',
                    '<w:ins w:id="2" w:author="A">' + run("112") + "</w:ins>", run("/TB-UBND"), align="center")
    return write_docx(path, table([[left, right]]) + _title_and_body() + _foot_table())


LAYOUTS["truong-va-sua-doi"] = fields_and_changes_layout

LETTER_SUBJECT = "Báo cáo kết quả rà soát thủ tục hành chính năm 2024"
LETTER_BODY = [
    "Thực hiện Công văn số 125/UBND-VP ngày 02/3/2024 của UBND huyện, UBND xã Phước Hưng đề nghị các thôn "
    "rà soát thủ tục hành chính thuộc thẩm quyền.",
    "Kết quả gửi về Văn phòng - Thống kê xã trước ngày 20/3/2024 để tổng hợp./.",
]


def letter_layout(path: Path) -> Path:
    """A Công văn: no tên loại; "V/v …" under the number; "Kính gửi:" and a list of addressees."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 45/UBND-VP", align="center")
    left.append(para(run("V/v báo cáo kết quả rà soát thủ tục\nhành chính năm 2024"), align="center"))
    body = text_para("Kính gửi:", align="center")
    body += text_para("- Trưởng các thôn;", indent=2000)
    body += text_para("- Văn phòng - Thống kê xã.", indent=2000)
    body += "".join(text_para(t, align="both") for t in LETTER_BODY)
    return write_docx(path, table([[left, right]]) + body + _foot_table())


LETTER_TAB_BODY = [
    "Thực hiện chỉ đạo của UBND huyện về cải cách hành chính, UBND xã Phước Hưng báo cáo kết quả rà soát "
    "thủ tục hành chính năm 2024 như sau:",
    "1. Tổng số thủ tục hành chính đã rà soát: 112 thủ tục.",
    "2. Số thủ tục đề nghị đơn giản hóa: 7 thủ tục (có danh mục kèm theo).",
    "UBND xã Phước Hưng kính báo cáo UBND huyện xem xét./.",
]


def letter_tab_layout(path: Path) -> Path:
    """A Công văn typed with tab stops: "V/v …" in the left column under "Số:", "Kính gửi: X." on one line,
    the signature as indented paragraphs, Nơi nhận starting "- Như trên;" as a list after it."""
    tabs = (2000, 7000)
    head = para(run(f"{AGENCY_PARENT}\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), tabs=tabs)
    head += para(run("ỦY BAN NHÂN DÂN", bold=True), run("\t"), run("Độc lập - Tự do - Hạnh phúc", bold=True),
                 tabs=tabs)
    head += para(run("XÃ PHƯỚC HƯNG", bold=True), tabs=tabs)
    head += para(run("Số: 52/UBND-VPTK\t"), run(DATE, italic=True), tabs=tabs)
    head += para(run("V/v báo cáo kết quả rà soát"), tabs=tabs)
    head += para(run("thủ tục hành chính năm 2024"), tabs=tabs) + para()
    body = text_para("Kính gửi: Ủy ban nhân dân huyện Tuy Phước.", align="center") + para()
    body += "".join(text_para(t, align="both") for t in LETTER_TAB_BODY)
    foot = para()
    foot += text_para("KT. CHỦ TỊCH", bold=True, indent=5000, align="center")
    foot += text_para("PHÓ CHỦ TỊCH", bold=True, indent=5000, align="center")
    foot += para() + para()
    foot += text_para("Trần Văn Minh", bold=True, indent=5000, align="center")
    foot += para(run("Nơi nhận:", bold=True, italic=True))
    foot += text_para("- Như trên;") + text_para("- TT Đảng ủy xã;") + text_para("- Lưu: VT, VPTK.")
    return write_docx(path, head + body + foot)


def compact_layout(path: Path) -> Path:
    """Typed in a hurry: parent and agency in one paragraph (only the agency bold), title and trích yếu in one
    paragraph, the date as 15/7/2024, conclusions as a dash list, "KT. CHỦ TỊCH" and the title in one
    paragraph, Nơi nhận with "+" bullets."""
    left = [para(run(AGENCY_PARENT + "\n"), run("ỦY BAN NHÂN DÂN XÃ PHƯỚC HƯNG", bold=True), align="center"),
            text_para("Số: 112/TB-UBND", align="center")]
    right = [text_para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", bold=True,
                       align="center"),
             text_para("Phước Hưng, ngày 15/7/2024", italic=True, align="center")]
    body = para(run("THÔNG BÁO\n" + " ".join(SUBJECT), bold=True), align="center")
    for text in (OPENING, HEARD, RESULTS, INTRO):
        body += text_para(text, align="both")
    body += "".join(text_para(f"- {item}", align="both") for item in ITEMS)
    body += text_para(EXTRA, align="both") + text_para(CLOSING, align="both")
    foot_left = [text_para("Nơi nhận:", bold=True)] + [text_para(f"+ {r};") for r in RECIPIENTS]
    foot_left.append(text_para("+ Lưu: VT, VP-TK."))
    foot_right = [text_para("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", bold=True, align="center"),
                  text_para("Nguyễn Văn Hùng", bold=True, align="center")]
    return write_docx(path, table([[left, right]]) + body + table([[foot_left, foot_right]]) + para())


def plan_layout(path: Path, title: str = "KẾ HOẠCH") -> Path:
    """A Kế hoạch (or another tên loại): header table, tên loại, trích yếu, free body, foot table."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 30/KH-UBND" if title == "KẾ HOẠCH" else "Số: 31/QĐ-UBND", align="center")
    body = text_para(title, bold=True, align="center")
    body += text_para("Triển khai chuyển đổi số năm 2024", bold=True, align="center") + para()
    body += text_para("I. MỤC ĐÍCH, YÊU CẦU", bold=True, align="both")
    body += text_para("Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình./.", align="both")
    return write_docx(path, table([[left, right]]) + body + _foot_table())


def seed_layout(seed: Path, path: Path) -> Path:
    """The real Thông báo of seeds/001 (its text as published), typed as an office types it: header table,
    a paragraph cut in two by a hand-made page break, Nơi nhận and TL. signature in the foot table."""
    lines = [x for x in seed.read_text(encoding="utf-8").split("\n") if x.strip()]
    i = lines.index("THÔNG BÁO")
    j = lines.index("Nơi nhận:")
    left = [text_para("ỦY BAN NHÂN DÂN", align="center"),
            para(run("VĂN PHÒNG HĐND VÀ UBND\nHUYỆN ĐẮK SONG", bold=True), align="center"),
            text_para("Số:      /TB-UBND", align="center")]
    right = [text_para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center"),
             text_para("Độc lập - Tự do - Hạnh phúc", bold=True, align="center"),
             text_para("Đắk Song, ngày      tháng      năm 2023", italic=True, align="center")]
    body = text_para("THÔNG BÁO", bold=True, align="center") + text_para(lines[i + 1], bold=True, align="center")
    body += para() + "".join(text_para(t, align="both") for t in lines[i + 2:j])
    foot = lines[j + 1:]
    foot_left = [text_para("Nơi nhận:", bold=True, italic=True)] + [text_para(t) for t in foot[:-2]]
    foot_right = [text_para("TL. CHỦ TỊCH", bold=True, align="center")]
    foot_right += [text_para(t, bold=True, align="center") for t in foot[-2:]]
    return write_docx(path, table([[left, right]]) + body + table([[foot_left, foot_right]]) + para())


def invitation_layout(path: Path) -> Path:
    """A Giấy mời typed in the office's own words (not notices' sentences)."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 47/GM-UBND", align="center")
    body = text_para("GIẤY MỜI", bold=True, align="center")
    body += text_para("Dự họp giao ban tháng 8 năm 2024", bold=True, align="center") + para()
    body += text_para("Kính mời: Đồng chí Trưởng các thôn;", align="both")
    body += text_para("- Công chức Văn phòng - Thống kê xã.", align="both")
    body += text_para("Thời gian: 14 giờ 00 phút, ngày 20/8/2024 (thứ Ba).", align="both")
    body += text_para("Địa điểm: Hội trường UBND xã.", align="both")
    body += text_para("Chủ trì: Đồng chí Lê Quốc Dũng - Chủ tịch UBND xã.", align="both")
    body += text_para("Nội dung: Đánh giá tình hình tháng 8, triển khai nhiệm vụ tháng 9.", align="both")
    body += text_para("Đề nghị các đồng chí tham dự đúng giờ./.", align="both")
    return write_docx(path, table([[left, right]]) + body + _foot_table())


def report_layout(path: Path) -> Path:
    """A Báo cáo with the office's own part titles."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 09/BC-UBND", align="center")
    body = text_para("BÁO CÁO", bold=True, align="center")
    body += text_para("Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024", bold=True, align="center")
    body += para() + text_para("Thực hiện Kế hoạch số 12/KH-UBND, UBND xã báo cáo như sau:", align="both")
    body += text_para("I. KẾT QUẢ ĐẠT ĐƯỢC", bold=True, align="both")
    body += text_para("1. Công tác chỉ đạo, điều hành", bold=True, align="both")
    body += text_para("Ban hành Kế hoạch CCHC năm 2024 đúng thời hạn.", align="both")
    body += text_para("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", bold=True, align="both")
    body += text_para("Tỷ lệ hồ sơ trực tuyến còn thấp.", align="both")
    body += text_para("III. NHIỆM VỤ 6 THÁNG CUỐI NĂM", bold=True, align="both")
    body += text_para("Đẩy mạnh dịch vụ công trực tuyến. Giao Văn phòng - Thống kê xã chủ trì thực hiện.",
                      align="both")
    body += text_para("Trên đây là báo cáo của UBND xã./.", align="both")
    return write_docx(path, table([[left, right]]) + body + _foot_table())


def minutes_layout(path: Path) -> Path:
    """A Biên bản typed in the office's own words; THƯ KÝ and CHỦ TỌA side by side with tab stops."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 15/BB-UBND", align="center")
    right[-1] = text_para("Phước Hưng, ngày 20 tháng 8 năm 2024", italic=True, align="center")
    body = text_para("BIÊN BẢN", bold=True, align="center")
    body += text_para("Cuộc họp giao ban tháng 8 năm 2024", bold=True, align="center") + para()
    body += text_para("Thời gian: 14 giờ 00, ngày 20/8/2024.", align="both")
    body += text_para("Địa điểm: Hội trường UBND xã.", align="both")
    body += text_para("Thành phần: các đồng chí trưởng thôn;", align="both")
    body += text_para("- công chức chuyên môn xã.", align="both")
    body += text_para("Chủ tọa: đồng chí Lê Quốc Dũng - Chủ tịch UBND xã.", align="both")
    body += text_para("Thư ký: Nguyễn Thị Hoa - Công chức Văn phòng - Thống kê.", align="both")
    body += text_para("Các thôn báo cáo tình hình an ninh trật tự tháng 8.", align="both")
    body += text_para("Cuộc họp kết thúc lúc 16 giờ 30 phút cùng ngày./.", align="both")
    foot = para(run("THƯ KÝ\tCHỦ TỌA", bold=True), tabs=(2000, 7000))
    foot += para() + para(run("Nguyễn Thị Hoa\tLê Quốc Dũng", bold=True), tabs=(2000, 7000))
    return write_docx(path, table([[left, right]]) + body + foot)


PLAN_OPENING = "Căn cứ Kế hoạch số 15/KH-UBND ngày 10/01/2024 của UBND huyện Tuy Phước về chuyển đổi số năm 2024."
PLAN_PURPOSES = ["Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình.", "Phân công rõ người, rõ việc, rõ thời hạn."]
PLAN_TASKS = [
    ["1", "Rà soát, cập nhật danh mục thủ tục hành chính trực tuyến", "Văn phòng - Thống kê xã", "Các thôn",
     "Trước ngày 30/8/2024"],
    ["2", "Tuyên truyền người dân sử dụng dịch vụ công", "Đoàn Thanh niên xã", "", "Định kỳ hàng tháng"],
    ["3", "Tổng hợp, báo cáo kết quả", "Văn phòng - Thống kê xã", "", "Thường xuyên"],
]
PLAN_ORGANIZATION = "Các đơn vị, thôn triển khai thực hiện nghiêm túc Kế hoạch này./."


def plan_table_layout(path: Path) -> Path:
    """A Kế hoạch typed by the office: its own opening ("Căn cứ …"), parts I.–III., the tasks as a table
    with its own column names (STT, Nội dung công việc, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian thực hiện)."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 33/KH-UBND", align="center")
    body = text_para("KẾ HOẠCH", bold=True, align="center")
    body += text_para("Thực hiện chuyển đổi số năm 2024", bold=True, align="center") + para()
    body += text_para(PLAN_OPENING, align="both")
    body += text_para("I. MỤC ĐÍCH, YÊU CẦU", bold=True, align="both")
    body += "".join(text_para(t, align="both") for t in PLAN_PURPOSES)
    body += text_para("II. NỘI DUNG", bold=True, align="both")
    head = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
    rows = [[[text_para(c, bold=True, align="center")] for c in head]]
    rows += [[[text_para(c)] if c else [] for c in row] for row in PLAN_TASKS]
    body += table(rows, widths=(700, 3500, 2000, 1800, 1600)) + para()
    body += text_para("III. TỔ CHỨC THỰC HIỆN", bold=True, align="both")
    body += text_para(PLAN_ORGANIZATION, align="both")
    return write_docx(path, table([[left, right]]) + body + _foot_table())


PROPOSAL_GROUNDS = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
                    "Căn cứ tình hình thực tế tại địa phương."]
PROPOSAL_REQUESTS = ["Hỗ trợ kinh phí sửa chữa nhà văn hóa thôn Vinh Thạnh: 350 triệu đồng.",
                     "Bổ sung 01 biên chế công chức Văn phòng - Thống kê."]


def proposal_layout(path: Path) -> Path:
    """A Tờ trình typed by the office: "Kính gửi:" on one line, "Căn cứ …" grounds, numbered requests typed by
    hand, its own closing, "Như trên" first in Nơi nhận."""
    left, right = _header_cells()
    left[-1] = text_para("Số: 08/TTr-UBND", align="center")
    body = text_para("TỜ TRÌNH", bold=True, align="center")
    body += text_para("Về việc đề nghị hỗ trợ kinh phí và biên chế năm 2024", bold=True, align="center") + para()
    body += text_para("Kính gửi: Ủy ban nhân dân huyện Tuy Phước.", align="center")
    body += "".join(text_para(t, align="both") for t in PROPOSAL_GROUNDS)
    body += "".join(text_para(f"{n}. {t}", align="both") for n, t in enumerate(PROPOSAL_REQUESTS, start=1))
    body += text_para("Kính trình UBND huyện xem xét, giải quyết./.", align="both")
    foot_left = [para(run("Nơi nhận:", bold=True, italic=True)), text_para("- Như trên;"),
                 text_para("- TT Đảng ủy xã;"), text_para("- Lưu: VT.")]
    foot_right = [text_para("TM. ỦY BAN NHÂN DÂN", bold=True, align="center"),
                  text_para("CHỦ TỊCH", bold=True, align="center"), para(),
                  text_para(NAME, bold=True, align="center")]
    return write_docx(path, table([[left, right]]) + body + table([[foot_left, foot_right]]) + para())
