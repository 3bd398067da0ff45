"""`notices check`: read any DOCX or PDF and list every departure from Phụ lục I of Decree 30.

One reader per format fills :class:`~notices.check.observed.Observed`; :mod:`~notices.check.elements`
finds the thể thức elements in it; :mod:`~notices.check.rules` holds the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notices.check.observed import Observed


class Unreadable(Exception):
    """The file is not a DOCX or PDF this checker can read."""


@dataclass
class Report:
    path: str
    kind: str | None
    violations: list = field(default_factory=list)  # list[rules.Violation]
    observed: Observed | None = None


def read(path: str | Path) -> Observed:
    """Read a DOCX or PDF into the observed document; :class:`Unreadable` when it cannot."""
    path = str(path)
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".docx":
            from notices.check.docx_reader import read_docx

            return read_docx(path)
        if suffix == ".pdf":
            from notices.check.pdf_reader import read_pdf

            return read_pdf(path)
    except ValueError as exc:
        raise Unreadable(str(exc)) from exc
    raise Unreadable(f"chỉ kiểm tra được tệp .docx hoặc .pdf: {path}")


def check(path: str | Path) -> Report:
    """Check one file against every rule that applies to its format."""
    from notices.check.elements import find
    from notices.check.rules import run_rules

    doc = read(path)
    elements = find(doc)
    return Report(str(path), elements.kind, run_rules(doc, elements), doc)


__all__ = ["Report", "Unreadable", "check", "read"]
