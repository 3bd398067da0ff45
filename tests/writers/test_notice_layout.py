"""Every rendered Thông báo kết luận obeys Phụ lục I, read back from its DOCX XML and its PDF."""

from __future__ import annotations

from collections import Counter

import pytest

from notices.records import load_record
from tests import layout_checks as check
from tests.conftest import EXAMPLES
from tests.support import Docx, docx_text, pdf_words_by_page, words


@pytest.fixture
def notice(rendered, notice_name):
    record = load_record(EXAMPLES / f"{notice_name}.yaml").record
    folder = rendered / notice_name
    return record, Docx.open(folder / "thong-bao.docx"), folder


def test_page_setup(notice):
    check.check_page(notice[1])


def test_times_new_roman_in_every_run(notice):
    check.check_fonts(notice[1])


def test_header(notice):
    record, doc, _ = notice
    check.check_header(doc, kind="TB", agency=record.agency.name, parent=record.agency.parent,
                       place=record.agency.place)


def test_number_and_date_follow_the_record(notice):
    record, doc, _ = notice
    (number_cell, date_cell) = check._cells(check.header_table(doc)[1])
    number = check.para_text(number_cell.find(check.q("p")))
    date = check.para_text(date_cell.find(check.q("p")))
    issued = record.documents.notice
    if issued.number is None:
        assert number == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TB-UBND"
    else:
        assert number == f"Số: {issued.number:02d}/TB-UBND"
    if issued.date is None:
        assert date == f"{record.agency.place}, ngày\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0năm {issued.year}"
    else:
        month = f"{issued.date.month:02d}" if issued.date.month < 3 else str(issued.date.month)
        assert date == f"{record.agency.place}, ngày {issued.date.day:02d} tháng {month} năm {issued.date.year}"


def test_title_and_subject(notice):
    record, doc, _ = notice
    check.check_title(doc, kind_name="THÔNG BÁO", subject=record.documents.notice.subject)


def test_body(notice):
    check.check_body(notice[1])


def test_sign_off(notice):
    record, doc, _ = notice
    signer = record.documents.notice.signer
    check.check_sign_off(doc, authority=[a.upper() for a in signer.authority], title=signer.title.upper(),
                         name=signer.name)


def test_recipients_are_the_records(notice):
    record, doc, _ = notice
    left, _ = check.sign_off_cells(doc)
    lines = [check.para_text(p) for p in left.findall(check.q("p"))][1:]
    issued = record.documents.notice
    assert lines == [f"- {r};" for r in issued.recipients] + [f"- Lưu: {', '.join(issued.archive)}."]


def test_page_numbers(notice):
    check.check_page_numbers(notice[1])


def test_no_hyphenation(notice):
    check.check_no_hyphenation(notice[2] / "thong-bao.docx")


def test_pdf_layout(notice):
    record, _, folder = notice
    first_line = "ỦY BAN NHÂN DÂN"  # every example's parent or agency starts so
    check.check_pdf(folder / "thong-bao.pdf", agency_first_line=first_line)


def test_pdf_text_equals_docx_text(notice):
    _, doc, folder = notice
    pdf_pages = pdf_words_by_page(folder / "thong-bao.pdf", skip_top_pt=20 * check.MM)
    pdf_words = Counter(w for page in pdf_pages for w in page)
    docx_words = Counter(words(docx_text(doc)))
    assert pdf_words == docx_words, (pdf_words - docx_words, docx_words - pdf_words)


def test_notice_spans_more_than_one_page(notice):
    # The page-number rules above are only proven if there is a page 2.
    assert len(pdf_words_by_page(notice[2] / "thong-bao.pdf")) >= 2


def test_pdf_recipients_level_with_the_signature(notice):
    record, _, folder = notice
    signer = record.documents.notice.signer
    first = (signer.authority[0] if signer.authority else signer.title).upper()
    check.check_pdf_sign_off(folder / "thong-bao.pdf", first_signature_line=first)


def test_every_output_text_is_nfc(notice):
    import unicodedata

    _, doc, folder = notice
    assert unicodedata.is_normalized("NFC", docx_text(doc))
    html = (folder / "thong-bao.html").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", html) and 'lang="vi"' in html and "hyphens: manual" in html
    pdf_text = " ".join(w for page in pdf_words_by_page(folder / "thong-bao.pdf") for w in page)
    assert unicodedata.is_normalized("NFC", pdf_text)


def test_capitals_are_real_letters(notice):
    """V20: upper-case lines are stored as capitals, never as Word's w:caps or CSS text-transform."""
    import zipfile

    record, _, folder = notice
    with zipfile.ZipFile(folder / "thong-bao.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert "<w:caps" not in xml and "<w:smallCaps" not in xml
    assert ">ỦY BAN NHÂN DÂN<" in xml  # V20: the agency's first line, literally
    assert "text-transform" not in (folder / "thong-bao.html").read_text(encoding="utf-8")


def test_signature_never_stands_alone_on_a_page(tmp_path):
    """The closing paragraph travels with the sign-off (this record's sign-off would start page 2)."""
    import pdfplumber

    from notices.render import render_record
    from tests.conftest import ROOT
    from tests.support import para_text, ppr_value

    record = ROOT / "tests" / "check" / "records" / "ban-qlda-krong-bong.yaml"
    render_record(load_record(record), tmp_path, only=("notice",))
    folder = tmp_path / "ban-qlda-krong-bong"
    with pdfplumber.open(folder / "thong-bao.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert len(pages) == 2
    (with_foot,) = [text for text in pages if "Nơi nhận:" in text]
    assert "./." in with_foot
    doc = Docx.open(folder / "thong-bao.docx")
    closing = next(p for p in doc.paragraphs() if para_text(p).endswith("./."))
    assert closing.find(f"{check.q('pPr')}/{check.q('keepNext')}") is not None
    assert ppr_value(closing, "keepNext", "val") in (None, "1", "true")
