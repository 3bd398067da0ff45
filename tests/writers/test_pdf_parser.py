"""The PDF writer parses its page with lxml (libxml2) instead of WeasyPrint's own HTML parser, for speed:
on every example and checker record, both give the same PDF, character for character."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from notices.records import load_record
from notices.render import KINDS
from notices.writers import pdf
from tests.conftest import EXAMPLES, ROOT

RECORDS = sorted(EXAMPLES.glob("*.yaml")) + sorted((ROOT / "tests" / "check" / "records").glob("*.yaml"))


def read(data: bytes) -> tuple[list, dict]:
    """Every character (text, font, size, position) and every rule of every page, and the metadata."""
    with pdfplumber.open(io.BytesIO(data)) as document:
        pages = [
            [(c["text"], c["fontname"], round(c["size"], 3), round(c["x0"], 3), round(c["top"], 3)) for c in page.chars]
            + [(round(r["x0"], 2), round(r["top"], 2), round(r["width"], 2)) for r in page.rects + page.lines]
            for page in document.pages
        ]
        metadata = {k: v for k, v in document.metadata.items() if k not in ("CreationDate", "ModDate")}
    return pages, metadata


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_our_parser_and_weasyprints_give_the_same_pdf(path, tmp_path, monkeypatch):
    from weasyprint import HTML

    loaded = load_record(path)
    kinds = [k for k in KINDS if getattr(loaded.record.documents, k.key) is not None]
    assert kinds
    for kind in kinds:
        document = kind.compose(loaded.record, None, loaded.folder)
        pdf.write(document, tmp_path / "ours.pdf")
        with monkeypatch.context() as patch:
            page_class = pdf._page_class()

            def weasyprints_parser(self, string: str, base_url: str) -> None:
                self._source = string
                HTML.__init__(self, string=string, base_url=base_url)

            patch.setattr(page_class, "__init__", weasyprints_parser)
            pdf.write(document, tmp_path / "theirs.pdf")
        ours, theirs = read((tmp_path / "ours.pdf").read_bytes()), read((tmp_path / "theirs.pdf").read_bytes())
        assert ours[0] and any(ours[0])
        assert ours == theirs, (path.name, kind.key)
