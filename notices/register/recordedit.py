"""Write a document's number and date into its record file in place: a text edit at the YAML node positions.

Every other character of the file stays as it was: comments, blank lines, quoting, key order, line ends
and a byte-order mark. The edited text is validated as a record before it replaces the file (atomically).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from notices.errors import UserError
from notices.files import atomic_path
from notices.records import Loaded, validate_text


def set_issue(path: Path, kind: str, number: int, date: dt.date) -> Loaded:
    """Set ``documents.<kind>.number`` and ``.date`` (and ``year`` if written) in ``path``; return the new record."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    edited = edit_text(text, kind, {"number": str(number), "date": date.isoformat()},
                       only_if_present={"year": str(date.year)})
    loaded = validate_text(edited, path)
    with atomic_path(path) as tmp:
        tmp.write_bytes((b"\xef\xbb\xbf" if bom else b"") + edited.encode("utf-8"))
    return loaded


def edit_text(text: str, kind: str, values: dict[str, str], only_if_present: dict[str, str] | None = None) -> str:
    """``text`` with ``documents.<kind>.<key>`` set to each plain YAML value (added when missing)."""
    from ruamel.yaml import YAML

    root = YAML(typ="safe", pure=True).compose(text)
    mapping = _child(_child(root, "documents"), kind)
    if mapping is None or mapping.id != "mapping":
        raise UserError(f"Hồ sơ không khai báo “documents.{kind}” dưới dạng một nhóm mục; không ghi được số.")
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in text indices
    found = {key.value: (key, value) for key, value in mapping.value if key.id == "scalar"}
    missing = []
    for key, value in {**values, **{k: v for k, v in (only_if_present or {}).items() if k in found}}.items():
        if key not in found:
            missing.append((key, value))
            continue
        key_node, value_node = found[key]
        if value_node.id != "scalar":
            raise UserError(f"“documents.{kind}.{key}” phải là một giá trị đơn; không ghi được số.")
        if value_node.value == "" and value_node.style is None:  # "number:" with nothing after the colon
            colon = text.index(":", key_node.end_mark.index)
            edits.append((colon + 1, colon + 1, " " + value))
        else:
            start, end = value_node.start_mark.index, value_node.end_mark.index
            edits.append(_keep_column(text, start, end, value))
    if missing:
        edits.append(_insertion(text, mapping, missing))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _keep_column(text: str, start: int, end: int, value: str) -> tuple[int, int, str]:
    """The edit replacing text[start:end] by ``value`` so that a comment after it stays in its column."""
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)]
    if not rest.lstrip(" ").startswith("#"):
        return start, end, value
    spaces = len(rest) - len(rest.lstrip(" "))
    shift = (end - start) - len(value)
    if shift > 0:  # shorter: pad
        return start, end, value + " " * shift
    eat = min(-shift, spaces - 1)  # longer: take spaces before the comment, always leaving one
    return start, end + eat, value


def _child(node: Any, key: str) -> Any:
    if node is None or node.id != "mapping":
        return None
    for key_node, value_node in node.value:
        if key_node.id == "scalar" and key_node.value == key:
            return value_node
    return None


def _insertion(text: str, mapping: Any, pairs: list[tuple[str, str]]) -> tuple[int, int, str]:
    """Where and what to insert for keys the mapping lacks: new lines before its first key (block style)."""
    if mapping.flow_style:
        brace = mapping.start_mark.index  # "{"
        return brace + 1, brace + 1, "".join(f"{k}: {v}, " for k, v in pairs)
    first_key = mapping.value[0][0]
    line_start = text.rfind("\n", 0, first_key.start_mark.index) + 1
    indent = text[line_start:first_key.start_mark.index]
    if indent.strip():  # the first key shares its line with something else ("- notice: …"): use spaces
        indent = " " * first_key.start_mark.column
        newline = "\r\n" if "\r\n" in text else "\n"
        at = first_key.start_mark.index
        return at, at, "".join(f"{k}: {v}{newline}{indent}" for k, v in pairs)
    newline = "\r\n" if "\r\n" in text else "\n"
    return line_start, line_start, "".join(f"{indent}{k}: {v}{newline}" for k, v in pairs)
