"""PDF/A-3b writer: the PDF writer's page as an archive copy, its record embedded (notices.signing.pdfa)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notices.errors import UserError
from notices.model import Document


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as PDF/A-3b; ``options["record"]`` is the loaded record (its file embedded)."""
    from notices.signing import pdfa

    loaded = (options or {}).get("record")
    if loaded is None:
        raise UserError(f"{document.title}: bản PDF/A-3b cần hồ sơ YAML gốc để đính kèm.")
    pdfa.write(document, path, loaded.path, loaded.record)
