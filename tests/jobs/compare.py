"""Two output folders hold the same documents: the same files; HTML, Markdown, PDF, images byte for byte;
DOCX by their document XML (the package's timestamps differ run to run); PDF/A by their text."""

from __future__ import annotations

import zipfile
from pathlib import Path


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def same_outputs(a: Path, b: Path) -> None:
    assert files(a) == files(b)
    assert files(a), "nothing was written"
    for name in files(a):
        left, right = a / name, b / name
        if name.endswith(".docx"):
            with zipfile.ZipFile(left) as x, zipfile.ZipFile(right) as y:
                assert x.read("word/document.xml") == y.read("word/document.xml"), name
        elif name.endswith(".pdfa.pdf"):
            import pdfplumber

            with pdfplumber.open(left) as x, pdfplumber.open(right) as y:
                assert [p.extract_text() for p in x.pages] == [p.extract_text() for p in y.pages], name
        else:
            assert left.read_bytes() == right.read_bytes(), name
