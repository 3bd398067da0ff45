"""The imported record as YAML text: keys in the record's order, plain values where YAML allows,
the fields to confirm at the top and what could not be read at the end, as comments."""

from __future__ import annotations

import json
import re
from typing import Any

from notices.importer.mapping import Imported

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n#]*$")
_SPECIAL = re.compile(r"^(null|Null|NULL|~|true|True|TRUE|false|False|FALSE|yes|no|on|off|y|n)$|^[-+.0-9]")


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # a date: the model reads it as one
    if _PLAIN.match(text) and not _SPECIAL.match(text) and ": " not in text and not text.endswith(":") \
            and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict | list) and v:
                out.append(f"{pad}{k}:")
                _emit(v, indent + 1, out)
            elif isinstance(v, dict | list):
                out.append(f"{pad}{k}: {{}}" if isinstance(v, dict) else f"{pad}{k}: []")
            else:
                out.append(f"{pad}{k}: {scalar(v)}")
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict) and v:
                lines: list[str] = []
                _emit(v, indent + 1, lines)
                first = lines[0].lstrip()
                out.append(f"{pad}- {first}")
                out.extend(lines[1:])
            elif isinstance(v, list):
                out.append(f"{pad}- [{', '.join(scalar(x) for x in v)}]")
            else:
                out.append(f"{pad}- {scalar(v)}")


def record_yaml(imported: Imported, source: str) -> str:
    """The record as YAML, with comments saying where it came from and what to check."""
    lines = [f"# Hồ sơ nhập từ {source} (notices import).",
             f"# Loại văn bản: {imported.kind.label if imported.kind else '?'}; "
             f"{imported.placed} đoạn xếp vào các phần của hồ sơ, {imported.verbatim} đoạn giữ nguyên văn trong body."]
    if imported.doubts:
        lines.append("# Cần kiểm tra (đoán, không đọc được chắc chắn):")
        lines += [f"#   - {d}" for d in imported.doubts]
    lines.append("")
    _emit(imported.record, 0, lines)
    if imported.unread:
        lines += ["", "# Chưa đọc được (đoạn thứ …: nội dung — lý do):"]
        for index, text, why in imported.unread:
            shown = text.replace("\n", " ").replace("\t", " ")
            lines.append(f"#   đoạn {index}: {shown} — {why}")
    return "\n".join(lines) + "\n"
