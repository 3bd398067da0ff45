"""Read documents back for the web tests: DOCX paragraphs through its XML, PDF text through pdfplumber."""

from __future__ import annotations

import io
from pathlib import Path

from tests.support import Docx, para_text


def docx_lines(source: bytes | Path) -> list[str]:
    path = source if isinstance(source, Path) else None
    if path is None:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as tmp:
            tmp.write(source)  # type: ignore[arg-type]
        path = Path(tmp.name)
        try:
            return [para_text(p) for p in Docx.open(path).paragraphs()]
        finally:
            path.unlink()
    return [para_text(p) for p in Docx.open(path).paragraphs()]


def pdf_pages(source: bytes | Path) -> list[str]:
    import pdfplumber

    data = source.read_bytes() if isinstance(source, Path) else source
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]
