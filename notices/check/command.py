"""The body of `notices check`: check files, print reports, return the exit code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_UNREADABLE = 0, 1, 2


def run(paths: list[str], pair: tuple[str, str] | None, as_json: bool, echo: Callable[..., Any]) -> int:
    """Check every path (and the pair); 0 all clean, 1 violations or differences, 2 a file unreadable."""
    from notices.check import Unreadable, check
    from notices.check import report as rep

    code = EXIT_CLEAN
    items: list[dict[str, Any]] = []
    for path in paths:
        try:
            result = check(path)
        except Unreadable as exc:
            code = EXIT_UNREADABLE
            items.append({"path": path, "error": str(exc)})
            if not as_json:
                echo(f"{path}: {exc}", err=True)
            continue
        if result.violations and code == EXIT_CLEAN:
            code = EXIT_VIOLATIONS
        items.append(rep.as_dict(result))
        if not as_json:
            echo(rep.text(result))
    if pair is not None:
        code = _pair(pair, as_json, echo, items, code)
    if as_json:
        echo(rep.dumps(items))
    return code


def _pair(pair: tuple[str, str], as_json: bool, echo: Callable[..., Any], items: list, code: int) -> int:
    from notices.check import Unreadable
    from notices.check.pair import compare

    docx_path, pdf_path = pair
    if not docx_path.lower().endswith(".docx") and pdf_path.lower().endswith(".docx"):
        docx_path, pdf_path = pdf_path, docx_path
    try:
        result = compare(docx_path, pdf_path)
    except Unreadable as exc:
        items.append({"pair": [docx_path, pdf_path], "error": str(exc)})
        if not as_json:
            echo(f"{docx_path} ↔ {pdf_path}: {exc}", err=True)
        return EXIT_UNREADABLE
    items.append({"pair": result.as_dict()})
    if not as_json:
        echo(result.text())
    if not result.ok and code == EXIT_CLEAN:
        return EXIT_VIOLATIONS
    return code
