"""The rest of the meeting pack — Giấy mời, Biên bản, Báo cáo — obeys Phụ lục I, read back from DOCX
XML and PDF by the same checks as the notice (tests/layout_checks.py), plus each kind's own."""

from __future__ import annotations

from collections import Counter

import pytest

from notices.records import load_record
from tests import layout_checks as check
from tests.conftest import EXAMPLES
from tests.support import Docx, docx_text, para_text, pdf_words_by_page, words

# (record, kind key, file stem, kind code, tên loại)
PACK = [
    ("phu-tai-cchc-2022", "invitation", "giay-moi", "GM", "GIẤY MỜI"),
    ("phu-tai-cchc-2022", "minutes", "bien-ban", "BB", "BIÊN BẢN"),
    ("mo-duc-bao-cao-cchc-2022", "report", "bao-cao", "BC", "BÁO CÁO"),
]


@pytest.fixture(params=PACK, ids=[p[2] for p in PACK])
def pack(request, rendered):
    name, key, stem, code, kind_name = request.param
    record = load_record(EXAMPLES / f"{name}.yaml").record
    folder = rendered / name
    return record, key, stem, code, kind_name, Docx.open(folder / f"{stem}.docx"), folder


def headings_of(doc: Docx) -> tuple[str, ...]:
    """Texts of the bold body paragraphs (headings, captions), checked by their own checks."""
    return tuple(
        para_text(p) for p in check.body_paragraphs(doc)
        if check._style_of(p) and all(b for _, b, _ in check._style_of(p))
    )


def test_page_fonts_header_numbers(pack):
    record, key, stem, code, *_ = pack
    doc = pack[5]
    check.check_page(doc)
    check.check_fonts(doc)
    check.check_header(doc, kind=code, agency=record.agency.name, parent=record.agency.parent,
                       place=record.agency.place)
    check.check_page_numbers(doc)
    check.check_no_hyphenation(pack[6] / f"{stem}.docx")


def test_title(pack):
    record, key, stem, code, kind_name, doc, _ = pack
    top = [para_text(p) for p in doc.body if p.tag == check.q("p")]
    subject = top[top.index(kind_name) + 1].replace("\n", " ")  # the writer sets it in balanced lines
    check.check_title(doc, kind_name=kind_name, subject=subject)
    if key == "report":
        assert subject == record.report.subject
    if key == "minutes":
        assert subject.lower() == record.meeting.name.lower()


def test_body(pack):
    doc = pack[5]
    check.check_body(doc, headings=headings_of(doc))


def test_sign_off(pack):
    record, key, *_rest = pack
    doc = pack[5]
    if key == "minutes":
        meeting = record.meeting
        check.check_two_signatures(doc, left=("THƯ KÝ", meeting.secretary.name),
                                   right=("CHỦ TỌA", meeting.chair.name))
        return
    issued = getattr(record.documents, key)
    signer = issued.signer
    check.check_sign_off(doc, authority=[a.upper() for a in signer.authority], title=signer.title.upper(),
                         name=signer.name)
    left, _ = check.sign_off_cells(doc)
    lines = [para_text(p) for p in left.findall(check.q("p"))][1:]
    items = issued.recipients or ["Như thành phần mời"]
    assert lines == [f"- {r};" for r in items] + [f"- Lưu: {', '.join(issued.archive)}."]


def test_pdf_layout(pack):
    record, key, stem, *_ = pack
    folder = pack[6]
    check.check_pdf(folder / f"{stem}.pdf", agency_first_line="ỦY BAN NHÂN DÂN")
    if key == "minutes":
        check.check_pdf_two_signatures(folder / f"{stem}.pdf", left=("THƯ KÝ", record.meeting.secretary.name),
                                       right=("CHỦ TỌA", record.meeting.chair.name))
    else:
        signer = getattr(record.documents, key).signer
        first = (signer.authority[0] if signer.authority else signer.title).upper()
        check.check_pdf_sign_off(folder / f"{stem}.pdf", first_signature_line=first)


def test_pdf_text_equals_docx_text(pack):
    stem, doc, folder = pack[2], pack[5], pack[6]
    pdf_pages = pdf_words_by_page(folder / f"{stem}.pdf", skip_top_pt=20 * check.MM)
    pdf_words = Counter(w for page in pdf_pages for w in page)
    docx_words = Counter(words(docx_text(doc)))
    assert pdf_words == docx_words, (pdf_words - docx_words, docx_words - pdf_words)


def test_html_has_the_same_blocks(pack):
    stem, folder = pack[2], pack[6]
    html = (folder / f"{stem}.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in html and "font-kerning: none" in html


# -- each kind's own -------------------------------------------------------------------------


def test_report_parts_sections_and_table(rendered):
    record = load_record(EXAMPLES / "mo-duc-bao-cao-cchc-2022.yaml").record
    doc = Docx.open(rendered / "mo-duc-bao-cao-cchc-2022" / "bao-cao.docx")
    parts = ["I. KẾT QUẢ THỰC HIỆN NĂM 2022", "II. TỒN TẠI, HẠN CHẾ",
             "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"]
    sections = [f"{n}. {s.heading}" for n, s in enumerate(record.results, start=1)]
    check.check_headings(doc, parts=parts, sections=sections)
    (table,) = check.body_tables(doc)
    source = record.results[1].table
    check.check_table(doc, table, caption=source.caption, columns=source.columns, rows=[
        ["Bộ phận một cửa cấp huyện", "trên 16.000", "hơn 15.500", "đa phần"],
        ["Bộ phận một cửa cấp xã", "57.570", "", "56.910"],
    ])


def test_report_table_in_html_has_a_repeating_head(rendered):
    html = (rendered / "mo-duc-bao-cao-cchc-2022" / "bao-cao.html").read_text(encoding="utf-8")
    assert "<thead><tr><th>Cấp</th><th>Hồ sơ tiếp nhận</th>" in html
    assert "<td>Bộ phận một cửa cấp xã</td>" in html  # text column
    assert '<td class="figure">trên 16.000</td>' in html and '<td class="figure">57.570</td>' in html


def test_long_table_repeats_its_header_on_every_page(tmp_path):
    """A table longer than a page: DOCX marks the header row, the PDF prints it again on page 2+."""
    text = (EXAMPLES / "mo-duc-bao-cao-cchc-2022.yaml").read_text(encoding="utf-8")
    rows = "".join(f"        - [Xã số {n}, {1000 + n * 37}, {900 + n}, {n * 1.5}]\n" for n in range(1, 61))
    text = text.replace(
        "        - [Bộ phận một cửa cấp huyện, trên 16.000, hơn 15.500, đa phần]\n"
        "        - [Bộ phận một cửa cấp xã, 57570, \"\", 56910]\n",
        rows,
    )
    assert rows in text
    path = tmp_path / "dai.yaml"
    path.write_text(text, encoding="utf-8")
    from notices.render import render_record

    render_record(load_record(path), tmp_path / "out", only=("report",))
    folder = tmp_path / "out" / "dai"
    doc = Docx.open(folder / "bao-cao.docx")
    (table,) = check.body_tables(doc)
    expected = [[f"Xã số {n}", f"{1000 + n * 37:,}".replace(",", "."), str(900 + n),
                 f"{n * 1.5:g}".replace(".", ",")] for n in range(1, 61)]
    check.check_table(doc, table, caption="Kết quả tiếp nhận, giải quyết hồ sơ TTHC năm 2022",
                      columns=["Cấp", "Hồ sơ tiếp nhận", "Hồ sơ đã giải quyết", "Giải quyết đúng hạn"],
                      rows=expected)
    assert "1.037" in docx_text(doc) and "1.000" not in docx_text(doc)
    check.check_pdf_table_header_repeats(folder / "bao-cao.pdf", columns=["Cấp", "Hồ sơ tiếp nhận",
                                         "Hồ sơ đã giải quyết", "Giải quyết đúng hạn"],
                                         first_cell_of_rows=["Xã số "])
    check.check_pdf(folder / "bao-cao.pdf", agency_first_line="ỦY BAN NHÂN DÂN")
    from notices.check import check as decree_check

    for name in ("bao-cao.docx", "bao-cao.pdf"):
        report = decree_check(folder / name)
        assert not report.violations, [str(v) for v in report.violations]
