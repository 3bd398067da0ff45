"""The checker on our own output for records unlike the four examples (``records/*.yaml``).

Each record is rendered in every kind it declares, as DOCX and PDF, and every file must pass
`notices check` with zero violations: no rule is switched off. The records vary what moves a
layout: an agency with and without a parent, names that take 1, 2 or 3 header lines, numbers 1, 9,
10 and 112, drafts (blank number and date), dates in January, February, March and December with days
1–9, zero, one or two authority lines, one-line and three-line subjects, one to eleven recipients,
one-page and multi-page bodies, a Biên bản with and without an end time, a Giấy mời with and without a
venue, a Báo cáo with and without a table.

A finding that the record itself causes is listed in :data:`TRUE_FINDINGS` with its reason; the test
proves it is still reported, so the list cannot go stale.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from notices.check import check, read
from notices.check.elements import find, norm
from notices.check.pair import compare
from notices.records import load_record
from notices.render import render_record

RECORDS = Path(__file__).parent / "records"
NAMES = sorted(p.stem for p in RECORDS.glob("*.yaml"))
KIND_OF_FILE = {"giay-moi": "GM", "bien-ban": "BB", "thong-bao": "TB", "bao-cao": "BC"}

# (record, file, rule) → why the record, not our layout, causes it.
TRUE_FINDINGS = {
    ("so-noi-vu-hop-giao-ban", "giay-moi", "NN-LUU"): (
        "the record gives no agency.unit and no archive for the invitation, so Nơi nhận ends "
        "“- Lưu: VT.” without the drafting unit Phụ lục I, II.9.b asks for after VT"
    ),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("variety")
    for name in NAMES:
        render_record(load_record(RECORDS / f"{name}.yaml"), folder, formats=("docx", "pdf"))
    return folder


def documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.*") if p.suffix in (".docx", ".pdf"))


def test_the_records_cover_the_variety():
    assert 6 <= len(NAMES) <= 12


def test_every_kind_is_rendered_in_both_formats(out):
    seen = Counter((p.stem, p.suffix) for name in NAMES for p in documents(out / name))
    for stem in KIND_OF_FILE:
        assert seen[(stem, ".docx")] == seen[(stem, ".pdf")] >= 3, (stem, seen)


@pytest.mark.parametrize("name", NAMES)
def test_rendered_documents_pass_the_checker(out, name):
    files = documents(out / name)
    assert files
    found: dict[tuple[str, str, str], list[str]] = {}
    for path in files:
        report = check(path)
        assert report.kind == KIND_OF_FILE[path.stem], (path.name, report.kind)
        for v in report.violations:
            found.setdefault((name, path.stem, v.rule), []).append(f"{path.name}: {v.message} «{v.quote}»")
    expected = {key for key in TRUE_FINDINGS if key[0] == name}
    unexpected = {key: value for key, value in found.items() if key not in expected}
    assert not unexpected, unexpected
    assert set(found) == expected, f"a listed true finding is no longer reported: {expected - set(found)}"


@pytest.mark.parametrize("name", NAMES)
def test_docx_and_pdf_agree(out, name):
    """`--pair` finds the same text; both readers find the same thể thức elements."""
    for docx in sorted((out / name).glob("*.docx")):
        pdf = docx.with_suffix(".pdf")
        result = compare(str(docx), str(pdf))
        assert result.same_text, (docx.name, result.missing_in_pdf, result.extra_in_pdf)
        assert result.same_pages is not False, (docx.name, result.docx_pages, result.pdf_pages)
        assert elements(docx) == elements(pdf), docx.name


def elements(path: Path) -> dict[str, object]:
    el = find(read(path))
    return {
        "kind": el.kind,
        "parent": [norm(p.flat) for p in el.parent],
        "agency": [norm(p.flat) for p in el.agency],
        "number": norm(el.number.flat) if el.number else None,
        "place_date": norm(el.place_date.flat) if el.place_date else None,
        "subject": " ".join(norm(p.flat) for p in el.subject),
        "signers": [[norm(p.flat) for p in block] for block in el.signers],
        "recipients": " ".join(norm(p.flat) for p in el.recipients),
        "table_cells": [norm(p.flat) for p in el.body if p.in_table],
        "last_words": norm(el.body[-1].flat)[-40:] if el.body else None,
    }


def test_true_findings_are_explained():
    for key, reason in TRUE_FINDINGS.items():
        assert key[0] in NAMES and key[1] in KIND_OF_FILE and len(reason) > 40, key
