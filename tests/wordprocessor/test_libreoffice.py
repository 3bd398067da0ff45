"""A real word processor agrees: LibreOffice sets our DOCX as notices sets its own PDF (issue 10).

Every DOCX that ``./dev render`` writes (every kind of every example record in data/) and every DOCX of
the varied records under tests/check/records is converted to PDF by ONE headless LibreOffice run with
its own profile, then compared with notices' own PDF of the same document (tests/wordprocessor/
agreement.py): the same number of pages and the same row at the top of every page for every document,
and at least 99.5 % of printed lines the same. The figures are printed. `notices check` must pass every
administrative PDF LibreOffice made, as it passes ours.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from notices.check import check
from notices.records import load_record
from notices.render import record_files, render_record
from tests.conftest import EXAMPLES
from tests.wordprocessor import agreement

pytestmark = pytest.mark.libreoffice

VARIETY = Path(__file__).parents[1] / "check" / "records"
LINE_AGREEMENT = 0.995
# Findings the records cause, not the layout (tests/writers/test_checker_on_output.py and
# tests/check/test_rendered_variety.py say why): the same ones are expected on LibreOffice's PDFs.
RECORD_CAUSED = {("phu-tai-cchc-2022", "NN-LUU"), ("so-noi-vu-hop-giao-ban", "NN-LUU")}


CONVERSION: dict[str, float] = {}  # how long the one LibreOffice run took, for the printed figures
THIRD_PARTY = "word-user"  # documents typed in Word, not written by notices (tests/check/builders.py)


def _lettered_notice(path: Path, writer_style: bool) -> Path:
    """A correct notice as a Word user types it, its lettered items a), b) … set with a hanging indent."""
    import re

    from docx import Document
    from docx.shared import Cm

    from tests.check.builders import build, spec

    build(spec(writer_style=writer_style), path)
    document = Document(str(path))
    for paragraph in document.paragraphs:
        if re.match(r"^[a-zđ]\) ", paragraph.text):
            paragraph.paragraph_format.left_indent = Cm(1.9)  # 'a)' at 1.27 cm, the next lines at 1.9 cm
            paragraph.paragraph_format.first_line_indent = Cm(-0.63)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path | None, Path]]:
    """name → (notices' own PDF or None for a third-party document, LibreOffice's PDF), one soffice run."""
    if agreement.soffice() is None:
        pytest.skip("LibreOffice (soffice) không có: cài gói libreoffice-writer-nogui (./dev test tự cài)")
    out = tmp_path_factory.mktemp("wordprocessor")
    for path in [*record_files([EXAMPLES]), *record_files([VARIETY])]:
        render_record(load_record(path), out / "notices")  # each kind's default formats, as ./dev render
    docx = {f"{p.parent.name}__{p.stem}": p for p in sorted((out / "notices").glob("*/*.docx"))}
    (out / THIRD_PARTY).mkdir()
    for style in (False, True):
        name = f"{THIRD_PARTY}__lettered-{'exact' if style else 'single'}"
        docx[name] = _lettered_notice(out / THIRD_PARTY / f"{name}.docx", style)
    start = time.perf_counter()
    pdfs = agreement.convert(docx, out / "libreoffice")
    CONVERSION["seconds"], CONVERSION["files"] = time.perf_counter() - start, len(docx)
    return {name: (None if name.startswith(THIRD_PARTY) else path.with_suffix(".pdf"), pdfs[name])
            for name, path in docx.items()}


def test_libreoffice_sets_the_same_pages_and_lines(converted, capsys):
    assert len(converted) >= 25
    kinds = Counter(name.split("__")[1] for name, (ours, _) in converted.items() if ours)
    assert set(kinds) == {"giay-moi", "bien-ban", "thong-bao", "bao-cao", "tin-bai", "cong-van", "ke-hoach",
                          "to-trinh"}, kinds
    results = [agreement.compare(name, ours, theirs) for name, (ours, theirs) in converted.items() if ours]
    lines = sum(r.lines for r in results)
    same = sum(r.lines_same for r in results)
    breaks = [r for r in results if not r.same_page_breaks]
    with capsys.disabled():
        print(f"\nLibreOffice converted {CONVERSION['files']:.0f} DOCX in one run: {CONVERSION['seconds']:.1f} s")
        print(f"LibreOffice vs notices PDF: {len(results)} documents, "
              f"{sum(r.pages_ours for r in results)} pages; page breaks equal in "
              f"{len(results) - len(breaks)}/{len(results)}; lines equal {same}/{lines} = {100 * same / lines:.2f} %")
        for r in results:
            if r.lines_same < r.lines:
                print(f"  {r.name}: {r.lines - r.lines_same} lines differ, e.g. ours {r.only_ours[:1]} "
                      f"theirs {r.only_theirs[:1]}")
    assert not breaks, [(r.name, r.pages_ours, r.pages_theirs) for r in breaks]
    assert same / lines >= LINE_AGREEMENT


def test_the_checker_passes_libreoffice_pdfs(converted):
    """Every administrative document, and a Word user's notice with lettered items on a hanging indent."""
    found = {}
    for name, (_, theirs) in converted.items():
        if name.endswith("__tin-bai"):
            continue  # the news post is an article, outside Decree 30
        report = check(theirs)
        assert report.kind is not None, name
        if name.startswith(THIRD_PARTY):
            items = [p for p in report.observed.paras if p.flat[:3] in ("a) ", "b) ", "c) ", "d) ")]
            assert len(items) == 4 and all(len(p.lines) >= 2 for p in items), name
        for violation in report.violations:
            found.setdefault((name.split("__")[0], violation.rule), []).append(f"{name}: {violation}")
    unexpected = {key: value for key, value in found.items() if key not in RECORD_CAUSED}
    assert not unexpected, unexpected
