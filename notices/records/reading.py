"""Reading a record file or ``office.yaml``: its text (bounded, UTF-8) and its YAML with every problem placed.

Shared by :mod:`notices.records.load` and :mod:`notices.records.office`, which before each imported the
other (load → office for the profile, office → load for these two functions).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notices.errors import Problem, RecordError
from notices.records.yamlsource import Source, YamlSyntaxError, parse


def read_text(path: Path) -> str:
    """The text of a record file (or of ``office.yaml``), read no further than a record can be; a file
    that cannot be read, is too large or is not UTF-8 is a :class:`RecordError` at its place."""
    from notices.records.yamlsource import MAX_CHARS

    try:
        with path.open("rb") as handle:
            raw = handle.read(4 * MAX_CHARS + 4)  # never more than a record can be (UTF-8: ≤ 4 bytes a character)
    except OSError as exc:
        raise RecordError(path, (Problem(path, 1, 1, f"không đọc được tệp: {_read_reason(exc)}"),), None) from None
    if len(raw) > 4 * MAX_CHARS:
        message = f"tệp quá lớn cho một hồ sơ (hơn {4 * MAX_CHARS // 1_000_000} MB); hãy tách thành nhiều hồ sơ"
        raise RecordError(path, (Problem(path, 1, 1, message),), None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "tệp không phải UTF-8; hãy lưu lại với bảng mã Unicode (UTF-8)"
        raise RecordError(path, (Problem(path, line, 1, message),), None) from None
    return text


def _read_reason(exc: OSError) -> str:
    import errno

    return {
        errno.ENOENT: "không có tệp này",
        errno.EISDIR: "đây là một thư mục, không phải tệp",
        errno.EACCES: "không có quyền đọc",
        errno.EPERM: "không có quyền đọc",
        errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.ELOOP: "đường dẫn có liên kết vòng",
        errno.EIO: "lỗi đọc ổ đĩa",
    }.get(exc.errno or 0, f"lỗi hệ thống {exc.errno}" if exc.errno else "lỗi hệ thống")


def parsed(text: str, path: Path) -> tuple[Source, list[Problem]]:
    """``text`` (of the file at ``path``) read, and what its reader found wrong, each at its line and
    column; a text that is not YAML at all is a :class:`RecordError` at once. For records and office.yaml."""
    try:
        source = parse(text)
    except YamlSyntaxError as exc:
        raise RecordError(path, (Problem(path, exc.mark.line, exc.mark.column, exc.message),), text) from None
    return source, [Problem(path, m.line, m.column, msg) for m, msg in source.problems]


def validated(path: Path, model: Any, not_a_mapping: str) -> tuple[str, Source, Any, list[Problem]]:
    """The file at ``path`` read and checked against the pydantic ``model`` (office.yaml, a Danh mục hồ sơ):
    (its text, its source, the model or None, every problem at its line and column, in Vietnamese)."""
    from pydantic import ValidationError

    from notices.records.messages import explain

    text = read_text(path)
    source, problems = parsed(text, path)
    value = None
    if not isinstance(source.data, dict):
        problems.append(Problem(path, 1, 1, not_a_mapping))
        return text, source, value, problems
    try:
        value = model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            mark = source.mark(loc, key=error["type"] in ("missing", "extra_forbidden"))
            if error["type"] == "literal_error":
                allowed = str(error.get("ctx", {}).get("expected", "")).replace("'", "")
                message = f"“{'.'.join(map(str, loc))}” phải là một trong: {allowed.replace(' or ', ', ')}"
            else:
                message = explain(error, loc, list(model.model_fields) if len(loc) == 1 else None)
            problems.append(Problem(path, mark.line, mark.column, message))
    return text, source, value, problems
