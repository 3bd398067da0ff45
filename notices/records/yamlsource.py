"""YAML text → plain Python data plus the line and column of every key and value.

The YAML 1.2 composer of ruamel.yaml gives nodes with marks; we build the data ourselves so that
every string passes through :func:`notices.vn.clean` (NFC, line breaks, control characters), dates
stay text for the model to validate (so 2023-02-30 is a message, not a crash), and duplicate keys
are reported instead of silently overwritten.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from notices.vn import ControlCharacterError, clean

Loc = tuple[str | int, ...]

_YAML_PROBLEMS = {
    # ruamel.yaml's English problem text → what a secretary can act on.
    "mapping values are not allowed here": (
        "dấu hai chấm “:” không được dùng ở đây; nếu giá trị có dấu hai chấm, hãy đặt cả giá trị "
        "trong ngoặc kép"
    ),
    "could not find expected ':'": "thiếu dấu hai chấm “:” sau tên mục",
    "found character '\\t' that cannot start any token": (
        "không dùng phím Tab để thụt đầu dòng; hãy dùng dấu cách"
    ),
    "found a tab character that violates indentation": (
        "không dùng phím Tab để thụt đầu dòng; hãy dùng dấu cách"
    ),
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng (hoặc ngoặc) ở cuối giá trị",
    "found undefined alias": "tham chiếu “*…” tới một neo “&…” không có",
}


@dataclass(frozen=True)
class Mark:
    """A 1-based position in the source text."""

    line: int
    column: int


@dataclass
class Source:
    """The data of one YAML document and where each piece of it came from."""

    data: Any
    values: dict[Loc, Mark] = field(default_factory=dict)  # where each value starts
    keys: dict[Loc, Mark] = field(default_factory=dict)  # where each mapping key starts
    problems: list[tuple[Mark, str]] = field(default_factory=list)

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """The best position for ``loc``: its key or value, else the nearest parent's."""
        table = (self.keys, self.values) if key else (self.values, self.keys)
        for depth in range(len(loc), -1, -1):
            for positions in table:
                if loc[:depth] in positions:
                    return positions[loc[:depth]]
        return Mark(1, 1)


class YamlSyntaxError(Exception):
    """The text is not YAML; carries a Vietnamese message and the position."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def parse(text: str) -> Source:
    """Parse one YAML document into a :class:`Source`; raise :class:`YamlSyntaxError` if it is not YAML."""
    from ruamel.yaml.error import MarkedYAMLError

    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    source = Source(data=None)
    source.data = {} if node is None else _build(node, (), source)
    return source


_PARSERS = threading.local()  # one YAML loader of each kind per thread (a loader is not thread-safe)


def _loader(pure: bool) -> Any:
    from ruamel.yaml import YAML

    name = "pure" if pure else "fast"
    if getattr(_PARSERS, name, None) is None:
        setattr(_PARSERS, name, YAML(typ="safe", pure=pure))
    return getattr(_PARSERS, name)


def _compose(text: str) -> Any:
    """The node tree of ``text``: libyaml's parser (ruamel.yaml.clib, ~9× faster) for a text it accepts;
    the pure-Python parser for the messages of a text it refuses, and for any text with a tab (the
    only place the two were seen to differ: libyaml accepts a tab inside a plain value)."""
    from ruamel.yaml.error import YAMLError

    if "\t" not in text:
        try:
            return _loader(pure=False).compose(text)
        except YAMLError:
            _PARSERS.fast = None  # never reuse a loader an error left half-way
    try:
        return _loader(pure=True).compose(text)
    except YAMLError:
        _PARSERS.pure = None
        raise


def _syntax_error(exc: Any) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    problem = str(exc.problem or exc.context or "").strip()
    message = next((vi for en, vi in _YAML_PROBLEMS.items() if problem.startswith(en)), None)
    if message is None:
        message = f"lỗi cú pháp YAML ({problem})"
    where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
    return YamlSyntaxError(where, message)


def _build(node: Any, loc: Loc, source: Source) -> Any:
    source.values[loc] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    kind = node.id
    if kind == "mapping":
        return _build_mapping(node, loc, source)
    if kind == "sequence":
        return [_build(item, loc + (i,), source) for i, item in enumerate(node.value)]
    return _scalar(node, loc, source)


def _build_mapping(node: Any, loc: Loc, source: Source) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_mark = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        key = str(key_node.value) if key_node.id == "scalar" else None
        if key is None:
            source.problems.append((key_mark, "tên mục phải là một từ, không phải danh sách hay nhóm"))
            continue
        if key in result:
            first = source.keys[loc + (key,)]
            source.problems.append(
                (key_mark, f"mục “{key}” xuất hiện hai lần (lần đầu ở dòng {first.line})")
            )
            continue
        source.keys[loc + (key,)] = key_mark
        result[key] = _build(value_node, loc + (key,), source)
    return result


def _scalar(node: Any, loc: Loc, source: Source) -> Any:
    tag, value = node.tag, node.value
    quoted = node.style in ("'", '"', "|", ">")
    if not quoted:
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return value.lower() == "true"
        if tag.endswith(":int"):
            return int(value.replace("_", ""), 0) if value[:2].lower() in ("0x", "0o") else int(value)
        if tag.endswith(":float"):
            return float(value)
    return _text(value, loc, source)


def _text(value: str, loc: Loc, source: Source) -> str:
    try:
        return clean(value)
    except ControlCharacterError as exc:
        source.problems.append((source.values[loc], _control_message(loc, exc)))
        return value


def _control_message(loc: Loc, exc: ControlCharacterError) -> str:
    from notices.records.messages import field_name

    return (
        f"{field_name(loc)}: ký tự điều khiển U+{ord(exc.char):04X} ở vị trí {exc.offset + 1} "
        "của giá trị không in được "
        "trong văn bản (thường do dán từ Excel hoặc phần mềm khác); hãy xoá ký tự đó"
    )
