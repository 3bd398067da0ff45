"""The DOCX side of tests/wordprocessor/test_office_pdfs.py, without LibreOffice: a signature block typed
without a table (tab stops on the "Nơi nhận" lines, or the signer's lines stacked above it) is read as its
two columns, and an indented "Nơi nhận:" is an error in a DOCX as it is in a PDF."""

from __future__ import annotations

import pytest

from notices.check import check
from notices.check.elements import find, norm

from .office_builder import RECIPIENTS, build_office, office

FEET = {
    "table": office(),
    "tabs": office(foot="tabs"),
    "tabs-deputy": office(foot="tabs", deputy=True, items="dash"),
    "stacked": office(foot="stacked"),
    "stacked-deputy-3cm": office(foot="stacked", deputy=True, signer_indent_cm=3),
}


@pytest.mark.parametrize("name", sorted(FEET))
def test_a_foot_with_or_without_a_table_passes(tmp_path, name):
    report = check(build_office(FEET[name], tmp_path / f"{name}.docx"))
    assert report.kind == "TB"
    assert [(v.rule, v.quote) for v in report.violations] == []
    el = find(report.observed)
    assert el.recipients_label is not None and norm(el.recipients_label.flat) == "Nơi nhận:"
    assert [norm(p.flat) for p in el.recipients] == list(RECIPIENTS)
    signer = [norm(p.flat) for p in el.signers[0]]
    assert signer[0] == "TM. ỦY BAN NHÂN DÂN" and signer[-1] in ("Nguyễn Văn An", "Trần Thị Bình")
    assert el.body[-1].flat.endswith("./.")


@pytest.mark.parametrize("foot", ["table", "tabs", "stacked"])
def test_an_indented_noi_nhan_is_found(tmp_path, foot):
    report = check(build_office(office(foot=foot, label_indent_cm=1.27), tmp_path / "label.docx"))
    assert [v.rule for v in report.violations] == ["NN-NHAN"]
    assert "sát lề trái" in report.violations[0].message


def test_a_tab_after_a_dash_is_not_a_column(tmp_path):
    """'-<tab>Thường trực Huyện ủy;' in a foot without a table: one recipient line, not a signer's line."""
    from docx import Document

    path = build_office(office(foot="stacked"), tmp_path / "dash-tab.docx")
    document = Document(str(path))
    line = next(p for p in document.paragraphs if p.text == RECIPIENTS[0])
    line.runs[0].text = "-\t" + RECIPIENTS[0][2:]
    document.save(str(path))
    report = check(path)
    assert report.violations == []
    assert norm(find(report.observed).recipients[0].flat) == RECIPIENTS[0]
