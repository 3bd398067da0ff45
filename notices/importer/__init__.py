"""Bring an office's Word documents in: DOCX/DOC → record (``notices import``), the register's past
(``notices register import``), issued files into the archive.

``read_document`` is the library entry point (the web form's "Mở hồ sơ…" can call it with an uploaded
file); python-docx and lxml are imported only when a document is read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from notices.errors import UserError
from notices.importer.mapping import Imported


@dataclass
class Result:
    """One imported document: the record (as data and as YAML text), what to check, how long it took."""

    imported: Imported
    yaml: str
    seconds: float
    converted_from: str | None = None  # "doc", "rtf"… when LibreOffice converted it first


def read_document(path: Path, *, source_name: str | None = None) -> Result:
    """Read the Word file at ``path`` (DOCX, or DOC/RTF/ODT through LibreOffice) into a record.

    Raises :class:`UserError` (in Vietnamese, naming the file) when it cannot be read or is not a Decree 30
    document of a kind notices has a record for.
    """
    from notices.importer.layout import NotDecree30, analyse
    from notices.importer.mapping import Unsupported, build
    from notices.importer.office import as_docx
    from notices.importer.reader import read
    from notices.importer.yamltext import record_yaml

    started = time.perf_counter()
    name = source_name or path.name
    try:
        with as_docx(path) as (docx_path, converted):
            try:
                text = read(str(docx_path))
            except ValueError as exc:
                raise UserError(f"{name}: {exc}") from None
    except UserError as exc:  # named by the file she chose, not by the temporary copy of an upload
        if source_name is None or not exc.message.startswith(f"{path}: "):
            raise
        raise UserError(f"{name}: {exc.message[len(str(path)) + 2:]}") from None
    try:
        imported = build(analyse(text))
    except (NotDecree30, Unsupported) as exc:
        raise UserError(f"{name}: {exc}") from None
    yaml = record_yaml(imported, name)
    return Result(imported, yaml, time.perf_counter() - started, converted)


def read_upload(data: bytes, filename: str) -> Result:
    """An uploaded Word file (the web form's "Mở hồ sơ…" with a .docx/.doc) read into a record.

    The form fills itself from ``result.yaml`` as from an opened record; ``result.imported.unread`` (paragraph,
    text, why) and the document's ``body:`` list are the paragraphs to show her for placing.
    """
    import tempfile

    suffix = Path(filename).suffix.lower() if Path(filename).suffix.lower() in (".docx", ".doc", ".rtf", ".odt") \
        else ".docx"
    with tempfile.TemporaryDirectory(prefix="notices-upload-") as tmp:
        path = Path(tmp) / f"tai-len{suffix}"
        path.write_bytes(data)
        return read_document(path, source_name=Path(filename).name or "tai-len.docx")
