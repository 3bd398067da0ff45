"""`notices check` reads a LibreOffice PDF of an office's notice as it reads the DOCX it came from (issue 21).

Each notice is built the way an office types it (tests/check/office_builder.py: lettered, numbered or
dashed items with a bold lead-in, long paragraphs, a page break after an item or inside one, a signature
block in a table, on tab stops or stacked above "Nơi nhận"; saved as Word 2013+ saves), converted to PDF by ONE headless LibreOffice
run, and checked in both formats. A correct notice gives no finding in either; a notice with one real
error (a first-line indent of 0 or 0.5 cm, an indented "Nơi nhận:") gives exactly that finding in both.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from notices.check import check
from tests.check.office_builder import LABELS, LEAD, Office, build_office, office
from tests.wordprocessor import agreement

pytestmark = pytest.mark.libreoffice

CORRECT = {
    "lettered-foot-table": office(),
    "lettered-foot-tabs": office(foot="tabs"),
    "lettered-foot-stacked": office(foot="stacked"),
    "deputy-stacked-3cm": office(foot="stacked", signer_indent_cm=3, deputy=True),
    "deputy-foot-tabs": office(foot="tabs", deputy=True),
    "numbered": office(items="numbered"),
    # Word's own numbering, the labels at the margin; item 7 begins page 2 right after item 6 ends page 1
    "numbered-automatic": office(items="numbered", auto_numbers=True),
    "numbered-automatic-stacked": office(items="numbered", auto_numbers=True, foot="stacked", compat15=True),
    "dash-foot-tabs": office(items="dash", foot="tabs"),
    "plain-items": office(lead_in=False, foot="stacked"),
    "hanging": office(hanging=True),
    "single-spacing-stacked": office(line="single", foot="stacked"),
    "exact-spacing": office(line="exact"),
    "wide-head-tabs": office(wide_head=True, foot="tabs"),
    "item-across-pages": office(more=2, long_item=True),
    # saved by Word 2013+: the foot table's edge at the margin, "Nơi nhận:" one cell margin inside it
    "word2013-foot-table": office(compat15=True),
    "word2013-wide-head": office(compat15=True, wide_head=True),
}
WRONG = {  # name → (document, the one rule it breaks)
    "indent-0": (office(wrong_indent_cm=0), "ND-THUT-DONG"),
    "indent-0.5-tabs": (office(wrong_indent_cm=0.5, foot="tabs"), "ND-THUT-DONG"),
    "indent-0-stacked": (office(wrong_indent_cm=0, foot="stacked"), "ND-THUT-DONG"),
    "label-indented-table": (office(label_indent_cm=1.27), "NN-NHAN"),
    "label-indented-stacked": (office(label_indent_cm=1.27, foot="stacked"), "NN-NHAN"),
    "word2013-label-indented-0.5": (office(compat15=True, label_indent_cm=0.5), "NN-NHAN"),
}


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """name → (DOCX, LibreOffice's PDF of it), all converted in one soffice run."""
    if agreement.soffice() is None:
        pytest.skip("LibreOffice (soffice) không có: cài gói libreoffice-writer-nogui (./dev test tự cài)")
    out = tmp_path_factory.mktemp("office")
    documents: dict[str, Office] = {**CORRECT, **{name: doc for name, (doc, _) in WRONG.items()}}
    docx = {name: build_office(doc, out / f"{name}.docx") for name, doc in documents.items()}
    pdfs = agreement.convert(docx, out / "libreoffice")
    return {name: (docx[name], pdfs[name]) for name in docx}


def _findings(path: Path) -> list[tuple[str, str]]:
    report = check(path)
    assert report.kind == "TB", (path.name, report.kind)
    return sorted((v.rule, v.quote[:30]) for v in report.violations)


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_a_correct_notice_passes_as_docx_and_as_libreoffice_pdf(pairs, name):
    docx, pdf = pairs[name]
    assert _findings(docx) == [], name
    assert _findings(pdf) == [], name


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_the_pdf_has_the_paragraphs_of_the_docx(pairs, name):
    """Body paragraphs and the foot read from the PDF are the DOCX's: each item one paragraph however it
    wraps or breaks across pages, "Nơi nhận:" at the left margin, the signer's block apart from it."""
    from notices.check import read
    from notices.check.elements import find, norm

    found = [find(read(path)) for path in pairs[name]]
    texts = [[norm(p.flat) for p in el.body] for el in found]
    if CORRECT[name].auto_numbers:  # Word prints the numbers the DOCX does not hold as text
        texts[1] = [re.sub(r"^\d\. (?=Về )", "", text) for text in texts[1]]
    assert texts[0] == texts[1], name
    items = [p for p in found[1].body if p.flat.startswith(LABELS[CORRECT[name].items])
             and any(rest[:30] in norm(p.flat) for _, rest in LEAD)]
    assert len(items) == 7 and all(len(p.lines) >= 2 for p in items), [p.flat[:20] for p in items]
    for el in found:
        assert el.recipients_label is not None and el.recipients_label.align == "left", name
        assert [norm(p.flat) for p in el.recipients][-1] == "- Lưu: VT, VP."
    assert [[norm(p.flat) for p in block] for block in found[0].signers] == \
        [[norm(p.flat) for p in block] for block in found[1].signers], name


def test_the_page_breaks_fall_after_an_item_and_inside_one(pairs):
    """The page-break cases are really there: page 2 begins with item e), with the next lines of item c),
    and with Word's number "7." at the margin (LibreOffice's layout, read from its PDF)."""
    import pdfplumber

    def page_two(name: str) -> str:
        with pdfplumber.open(pairs[name][1]) as pdf:
            lines = [line for line in pdf.pages[1].extract_text().splitlines() if not line.strip().isdigit()]
        return lines[0]

    assert page_two("lettered-foot-table").startswith("e) Về hạ tầng")
    assert page_two("item-across-pages").startswith("chất lượng dạy và học")
    assert page_two("numbered-automatic").startswith("7. Về tổ chức")  # Word's number at the margin


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_real_error_is_found_in_both(pairs, name):
    docx, pdf = pairs[name]
    rule = WRONG[name][1]
    found = [_findings(path) for path in (docx, pdf)]
    assert Counter(r for r, _ in found[0]) == Counter(r for r, _ in found[1]) == {rule: 1}, (name, found)
    assert found[0] == found[1], name
