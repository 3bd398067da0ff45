"""YAML text → plain Python data plus the line and column of every key and value.

ruamel.yaml's YAML 1.2 parser gives a stream of events with marks; we build the data ourselves,
without recursion, so that:

- every string passes through :func:`notices.vn.clean` (NFC, line breaks, control characters),
- dates stay text for the model to validate (so 2023-02-30 is a message, not a crash),
- plain scalars are resolved by the YAML 1.2 core schema with our own conversions (``1__0`` or
  ``.nan`` are values the model refuses, never a crash),
- duplicate keys are reported instead of silently overwritten,
- limits (file size, nesting depth, the size of the data once aliases are expanded, one value's
  length) are enforced while reading, before anything big is built.

Characters the parser itself refuses (raw control characters pasted from Excel, noncharacters)
are swapped for a stand-in before parsing and restored in the values, so they get a message naming
the field, line and column instead of stopping the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from notices.vn import ControlCharacterError, clean

Loc = tuple[str | int, ...]

# Documented limits (README, "Giới hạn"): far above any real record, low enough to refuse quickly.
MAX_CHARS = 300_000  # characters in one record file (about a hundred printed pages)
MAX_DEPTH = 32  # nesting of groups and lists (a record needs 7)
MAX_EXPANDED = 300_000  # characters once every alias (*name) is expanded
MAX_NODES = 10_000  # values (texts, numbers, groups, lists) once every alias is expanded
MAX_VALUE = 20_000  # characters in one value (about eight printed pages)
MAX_DIGITS = 18  # digits of an integer

_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    # ruamel.yaml's English problem text (prefix) → what a secretary can act on.
    ("mapping values are not allowed here", (
        "dấu hai chấm “:” không được dùng ở đây; nếu giá trị có dấu hai chấm, hãy đặt cả giá trị "
        "trong ngoặc kép")),
    ("could not find expected ':'", "thiếu dấu hai chấm “:” sau tên mục (hoặc dòng này thụt lề sai)"),
    ("found character '\\t' that cannot start any token", "không dùng phím Tab để thụt đầu dòng; hãy dùng dấu cách"),
    ("found a tab character", "không dùng phím Tab để thụt đầu dòng; hãy dùng dấu cách"),
    ("found character", "ký tự này không được mở đầu một giá trị; hãy đặt cả giá trị trong ngoặc kép"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng (hoặc ngoặc) ở cuối giá trị"),
    ("found undefined alias", "tham chiếu “*…” tới một neo “&…” không có"),
    ("expected <block end>", (
        "thụt lề không khớp: dòng này lùi vào hoặc lùi ra khác các dòng cùng nhóm; các mục cùng cấp "
        "phải thẳng cột với nhau")),
    ("but found another document", "tệp chỉ được chứa một hồ sơ; hãy bỏ dòng “---” thứ hai và phần sau nó"),
    ("expected a single document", "tệp chỉ được chứa một hồ sơ; hãy bỏ dòng “---” thứ hai và phần sau nó"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông “[ … ]” thiếu dấu phẩy hoặc dấu “]” đóng"),
    ("expected ',' or '}'", "nhóm trong ngoặc nhọn “{ … }” thiếu dấu phẩy hoặc dấu “}” đóng"),
    ("expected the node content", "thiếu giá trị ở đây (hoặc dấu “-”, “[”, “{” đặt sai chỗ)"),
    ("expected '<document start>'", "nội dung thừa sau hồ sơ; hãy xoá phần này"),
    ("found unknown escape character", (
        "dấu “\\” trong ngoặc kép phải đi với một mã hợp lệ (\\n, \\t, \\\" …); muốn in dấu “\\” hãy "
        "gõ “\\\\” hoặc dùng ngoặc đơn")),
    ("expected escape sequence", "mã “\\x…”, “\\u…” hoặc “\\U…” trong ngoặc kép thiếu chữ số hệ mười sáu"),
    ("found unexpected document separator", "dòng “---” hoặc “...” nằm giữa một giá trị trong ngoặc kép"),
    ("expected alphabetic or numeric character", "tên neo “&…” hoặc tham chiếu “*…” chỉ gồm chữ và số"),
    ("expected a comment or a line break", "sau dấu “|” hoặc “>” chỉ được xuống dòng (hoặc ghi chú “#”)"),
    ("expected chomping or indentation indicators", "sau dấu “|” hoặc “>” chỉ được dùng “+”, “-” hoặc một chữ số"),
    ("expected indentation indicator", "số thụt lề sau dấu “|” hoặc “>” phải từ 1 đến 9"),
    ("more indented follow up line", "dòng tiếp theo của đoạn văn “|”/“>” thụt lề sâu hơn dòng đầu"),
    ("mapping keys are not allowed here", "tên mục không được đặt ở đây; kiểm tra thụt lề của dòng này"),
    ("sequence entries are not allowed here", "dấu “-” đầu dòng không được đặt ở đây; kiểm tra thụt lề"),
    ("block sequence entries are not allowed here", "dấu “-” đầu dòng không được đặt ở đây; kiểm tra thụt lề"),
    ("found undefined tag handle", "thẻ kiểu “!…” không có trong hồ sơ; hãy bỏ thẻ này"),
    ("expected '!'", "thẻ kiểu “!…” viết sai; hãy bỏ thẻ này"),
    ("expected URI", "thẻ kiểu “!…” viết sai; hãy bỏ thẻ này"),
    ("found incompatible YAML document", "dòng “%YAML” ghi phiên bản không hỗ trợ; hãy xoá dòng đó"),
    ("found duplicate YAML directive", "dòng “%YAML” xuất hiện hai lần; hãy xoá một dòng"),
    ("duplicate tag handle", "dòng “%TAG” khai báo trùng; hãy xoá một dòng"),
    ("expected a digit", "dòng “%YAML” phải ghi phiên bản dạng 1.2; hãy xoá dòng đó"),
    ("expected ' ' or a line break", "dòng chỉ thị “%…” viết sai; hãy xoá dòng đó"),
    ("found non-comment content after document end", "nội dung thừa sau dấu kết thúc “...”; hãy xoá phần này"),
    ("invalid intendation or unclosed", "thụt lề sai hoặc thiếu dấu đóng “]”/“}”"),
)

_GENERIC = "YAML không đọc được ở đây; kiểm tra thụt lề, dấu hai chấm và ngoặc kép của dòng này"

# What ruamel's reader refuses (or reads as a line break it would then fold away) → swapped for a
# stand-in before parsing and given back in the values.
_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S*)", re.M)

_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"([-+]?)\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_CORE = "tag:yaml.org,2002:"


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
    reported: set[Loc] = field(default_factory=set)  # values already explained by a problem above

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """The best position for ``loc``: its key or value, else the nearest parent's."""
        table = (self.keys, self.values) if key else (self.values, self.keys)
        for depth in range(len(loc), -1, -1):
            for positions in table:
                if loc[:depth] in positions:
                    return positions[loc[:depth]]
        return Mark(1, 1)

    def already_reported(self, loc: Loc) -> bool:
        """Whether ``loc`` or a parent of it already has its own problem."""
        return any(loc[:depth] in self.reported for depth in range(len(loc) + 1))


class YamlSyntaxError(Exception):
    """The text is not YAML (or is beyond a limit); carries a Vietnamese message and the position."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def parse(text: str) -> Source:
    """Parse one YAML document into a :class:`Source`; raise :class:`YamlSyntaxError` if it is not YAML."""
    if len(text) > MAX_CHARS:
        raise YamlSyntaxError(Mark(1, 1), (
            f"tệp hồ sơ dài {_n(len(text))} ký tự, quá giới hạn {_n(MAX_CHARS)} ký tự; "
            "hãy tách thành nhiều hồ sơ"))
    _check_directives(text)
    stand_in, raws = _swap_unreadable(text)
    readable = text if stand_in is None else _UNREADABLE.sub(stand_in, text)
    if "\t" not in text:  # libyaml accepts a tab in places the pure parser refuses: those stay with it
        builder = _Builder(text, stand_in, raws)
        try:
            builder.run(readable, fast=True)
            return builder.source
        except _Refused:
            pass  # the pure parser says what is wrong, in the words our messages are written for
    builder = _Builder(text, stand_in, raws)
    builder.run(readable)
    return builder.source


class _Refused(Exception):
    """libyaml's parser refused the text, or our limits did: read it again with the pure parser."""


def _check_directives(text: str) -> None:
    for match in _YAML_DIRECTIVE.finditer(text):
        if match[1] not in ("1.1", "1.2"):
            line = text.count("\n", 0, match.start()) + 1
            raise YamlSyntaxError(Mark(line, match.start(1) - match.start() + 1), (
                f"phiên bản YAML “{match[1]}” không có; notices đọc YAML 1.2, hãy xoá dòng “%YAML”"))


def _swap_unreadable(text: str) -> tuple[str | None, list[tuple[int, str]]]:
    """A stand-in character absent from ``text`` and the (index, character) pairs it replaces."""
    raws = [(m.start(), m.group()) for m in _UNREADABLE.finditer(text)]
    if not raws:
        return None, []
    present = set(text)
    # Any code point the parser reads will do; more of them exist than a record may hold characters.
    stand_in = next(chr(c) for c in range(0x10FFFD, 0xFFFF, -1) if chr(c) not in present)
    return stand_in, raws


def _mark(text_mark: Any) -> Mark:
    return Mark(text_mark.line + 1, text_mark.column + 1)


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("kind", "loc", "value", "anchor", "cost", "nodes", "key", "key_mark", "start")

    def __init__(self, kind: str, loc: Loc | None, anchor: str | None, start: Mark) -> None:
        self.kind = kind
        self.loc = loc  # None: being read only to be thrown away (a bad or repeated key)
        self.value: Any = {} if kind == "mapping" else []
        self.anchor = anchor
        self.cost = 1
        self.nodes = 1
        self.key: Any = _EXPECT_KEY
        self.key_mark = start
        self.start = start


_EXPECT_KEY = object()  # a mapping waits for its next key
_DISCARD = object()  # the value after a bad key is read and dropped


class _Builder:
    """Builds the data of one document from ruamel's events, iteratively and within the limits."""

    def __init__(self, text: str, stand_in: str | None, raws: list[tuple[int, str]]) -> None:
        self.text = text
        self.stand_in = stand_in
        self.raws = raws
        self.source = Source(data=None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.expanded = 0
        self.nodes = 0
        self.done = False

    # -- the event loop ------------------------------------------------------------------------

    def run(self, text: str, fast: bool = False) -> None:
        """Read ``text``'s events; ``fast``: with libyaml's parser (ruamel.yaml.clib, ~9× faster),
        raising :class:`_Refused` for anything it or a limit refuses, so that the pure parser (the
        default) reads the text again and words the message."""
        from ruamel.yaml import YAML
        from ruamel.yaml.docinfo import DocInfo, version
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        yaml = YAML(typ="safe", pure=not fast)
        if fast and yaml.Parser.__name__ != "CParser":
            raise _Refused  # ruamel.yaml.clib is not installed: the pure parser it is
        yaml.doc_infos.append(DocInfo(requested_version=version(yaml.version)))  # as YAML.parse() does
        _, parser = yaml.get_constructor_parser(text)
        refusals = (YAMLError, ValueError, YamlSyntaxError) if fast else ()
        try:
            while parser.check_event():
                self.handle(parser.get_event())
        except refusals as exc:
            raise _Refused from exc
        except MarkedYAMLError as exc:
            raise _syntax_error(exc) from None
        except ValueError:
            # The one ValueError of ruamel's scanner: chr() of a "\U…" escape beyond U+10FFFF.
            mark = _mark(yaml.reader.get_mark())
            raise YamlSyntaxError(Mark(mark.line, max(mark.column - 2, 1)), (
                "mã “\\U…” trong ngoặc kép vượt quá ký tự Unicode lớn nhất \\U0010FFFF")) from None
        finally:
            parser.dispose()
        if self.source.data is None:
            self.source.data = {}

    def handle(self, event: Any) -> None:
        name = type(event).__name__
        if name == "DocumentStartEvent" and self.done:
            raise YamlSyntaxError(_mark(event.start_mark), (
                "tệp chỉ được chứa một hồ sơ; hãy bỏ dòng “---” thứ hai và phần sau nó"))
        if name == "DocumentEndEvent":
            self.done = True
        elif name == "ScalarEvent":
            self.scalar(event)
        elif name == "AliasEvent":
            self.alias(event)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            self.open(event, "mapping" if name.startswith("Mapping") else "sequence")
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            self.close()

    # -- where the next node goes ----------------------------------------------------------------

    def place(self, mark: Mark) -> tuple[str, Loc | None]:
        """('root'|'item'|'key'|'value', loc) of the node starting at ``mark``."""
        if not self.stack:
            return "root", ()
        frame = self.stack[-1]
        if frame.kind == "sequence":
            return "item", None if frame.loc is None else frame.loc + (len(frame.value),)
        if frame.key is _EXPECT_KEY:
            frame.key_mark = mark
            return "key", None
        if frame.key is _DISCARD or frame.loc is None:
            return "value", None
        return "value", frame.loc + (frame.key,)

    def attach(self, role: str, loc: Loc | None, value: Any, cost: int, nodes: int, mark: Mark) -> None:
        """Put a finished node where it belongs; count what it costs once expanded."""
        self.expanded += cost
        self.nodes += nodes
        if self.expanded > MAX_EXPANDED or self.nodes > MAX_NODES:
            raise YamlSyntaxError(mark, (
                f"hồ sơ quá lớn (quá {_n(MAX_EXPANDED)} ký tự hoặc {_n(MAX_NODES)} giá trị, tính cả các tham "
                "chiếu “*…” đã mở); hãy tách thành nhiều hồ sơ hoặc viết thẳng giá trị thay cho tham chiếu"))
        if role == "root":
            self.source.data = value
            return
        frame = self.stack[-1]
        frame.cost += cost
        frame.nodes += nodes
        if role == "item":
            frame.value.append(value)
        elif role == "key":
            self.take_key(frame, value, mark)
        else:
            if loc is not None:
                frame.value[frame.key] = value
            frame.key = _EXPECT_KEY

    def take_key(self, frame: _Frame, key: Any, mark: Mark) -> None:
        problems = self.source.problems
        if not isinstance(key, str):
            if frame.loc is not None:
                problems.append((mark, "tên mục phải là một từ, không phải danh sách hay nhóm"))
            frame.key = _DISCARD
            return
        if frame.loc is not None and key in frame.value:
            first = self.source.keys[frame.loc + (key,)]
            problems.append((mark, f"mục “{key}” xuất hiện hai lần (lần đầu ở dòng {first.line})"))
            frame.key = _DISCARD
            return
        frame.key = key
        if frame.loc is not None:
            self.source.keys[frame.loc + (key,)] = mark

    # -- nodes -----------------------------------------------------------------------------------

    def open(self, event: Any, kind: str) -> None:
        mark = _mark(event.start_mark)
        role, loc = self.place(mark)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlSyntaxError(mark, (
                f"hồ sơ lồng quá sâu (hơn {MAX_DEPTH} cấp nhóm và danh sách); hồ sơ thật chỉ cần vài cấp"))
        self.check_tag(event, mark, loc, collection=True)
        if role == "key":
            loc = None  # read, then refused as a key
        if loc is not None:
            self.source.values[loc] = mark
        frame = _Frame(kind, loc, event.anchor, mark)
        frame.key = _EXPECT_KEY
        self.stack.append(frame)

    def close(self) -> None:
        frame = self.stack.pop()
        role = self.role_of(frame)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, frame.cost, frame.nodes)
        # The frame's children were counted one by one as it grew; add only the frame itself.
        self.expanded -= frame.cost - 1
        self.nodes -= frame.nodes - 1
        self.attach(role, frame.loc, frame.value, frame.cost, frame.nodes, frame.start)

    def role_of(self, frame: _Frame) -> str:
        if not self.stack:
            return "root"
        parent = self.stack[-1]
        if parent.kind == "sequence":
            return "item"
        return "key" if parent.key is _EXPECT_KEY else "value"

    def alias(self, event: Any) -> None:
        mark = _mark(event.start_mark)
        role, loc = self.place(mark)
        name = event.anchor
        if any(frame.anchor == name for frame in self.stack):
            raise YamlSyntaxError(mark, f"tham chiếu “*{name}” nằm bên trong chính neo “&{name}” (vòng lặp vô tận)")
        if name not in self.anchors:
            raise YamlSyntaxError(mark, f"tham chiếu “*{name}” tới một neo “&{name}” không có ở phía trên")
        value, cost, nodes = self.anchors[name]
        if loc is not None:
            self.source.values[loc] = mark
        self.attach(role, loc, value, cost, nodes, mark)

    def scalar(self, event: Any) -> None:
        mark = _mark(event.start_mark)
        role, loc = self.place(mark)
        raw = event.value
        if len(raw) > MAX_VALUE:
            raise YamlSyntaxError(mark, (
                f"giá trị dài {_n(len(raw))} ký tự, quá giới hạn {_n(MAX_VALUE)} ký tự của một mục"))
        if loc is not None:
            self.source.values[loc] = mark
        if role == "key":
            value: Any = self.key_text(raw, event, mark)
        else:
            value = self.resolve(event, loc, mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1 + len(raw), 1)
        self.attach(role, loc, value, 1 + len(raw), 1, mark)

    def key_text(self, raw: str, event: Any, mark: Mark) -> str:
        if self.stand_in and self.stand_in in raw:
            position = self.raw_mark(event, raw.index(self.stand_in))
            chars = self.raw_chars(event)
            char = chars[0] if chars else self.stand_in
            self.source.problems.append((position, (
                f"tên mục có ký tự điều khiển U+{ord(char):04X} không in được (thường do dán từ phần mềm "
                "khác); hãy xoá ký tự đó")))
            return raw.replace(self.stand_in, "?")
        return raw

    def resolve(self, event: Any, loc: Loc | None, mark: Mark) -> Any:
        """The value of a scalar: YAML 1.2 core schema for plain ones, text otherwise."""
        tag, value = event.tag, event.value
        plain = event.style in (None, "")
        if tag is None and plain and event.implicit[0]:
            kind = ("null" if _NULL.fullmatch(value) else "bool" if _BOOL.fullmatch(value)
                    else "int" if _INT.fullmatch(value) else "float" if _FLOAT.fullmatch(value)
                    or _SPECIAL_FLOAT.fullmatch(value) else "str")
        elif tag is None or tag in ("!", _CORE + "str"):
            kind = "str"
        elif tag.startswith(_CORE) and tag[len(_CORE):] in ("null", "bool", "int", "float"):
            kind = tag[len(_CORE):]
        else:
            self.refuse(loc, mark, f"thẻ kiểu “{tag}” không dùng trong hồ sơ; hãy bỏ thẻ này")
            return value
        if kind == "str":
            return self.text_value(event, loc, mark)
        converted = _convert(kind, value)
        if converted is _BAD:
            names = {"null": "rỗng (null)", "bool": "true hoặc false", "int": "số nguyên", "float": "số"}
            self.refuse(loc, mark, f"{_field(loc)}: “{_short(value)}” không phải {names[kind]}")
            return value
        if converted is _TOO_BIG:
            self.refuse(loc, mark, f"{_field(loc)}: số “{_short(value)}” quá lớn (quá {MAX_DIGITS} chữ số)")
            return None
        return converted

    def refuse(self, loc: Loc | None, mark: Mark, message: str) -> None:
        if loc is not None:
            self.source.problems.append((mark, message))
            self.source.reported.add(loc)

    def text_value(self, event: Any, loc: Loc | None, mark: Mark) -> str:
        value = event.value
        restored = value
        if self.stand_in and self.stand_in in value:
            chars = iter(self.raw_chars(event))
            restored = "".join(next(chars, "?") if c == self.stand_in else c for c in value)
        try:
            return clean(restored)
        except ControlCharacterError as exc:
            where = mark
            if self.stand_in and value[exc.offset] == self.stand_in:
                where = self.raw_mark(event, value.count(self.stand_in, 0, exc.offset))
            if loc is not None:
                self.source.problems.append((where, _control_message(loc, exc)))
                self.source.reported.add(loc)
            return restored

    def raw_chars(self, event: Any) -> list[str]:
        start, end = event.start_mark.index, event.end_mark.index
        return [char for index, char in self.raws if start <= index < end]

    def raw_mark(self, event: Any, ordinal: int) -> Mark:
        """Where the ``ordinal``-th swapped character inside this scalar sits in the file."""
        start, end = event.start_mark.index, event.end_mark.index
        inside = [index for index, _ in self.raws if start <= index < end]
        index = inside[min(ordinal, len(inside) - 1)] if inside else start
        line_start = self.text.rfind("\n", 0, index) + 1
        return Mark(self.text.count("\n", 0, index) + 1, index - line_start + 1)

    def check_tag(self, event: Any, mark: Mark, loc: Loc | None, *, collection: bool) -> None:
        tag = event.tag
        if tag not in (None, "!", _CORE + "map", _CORE + "seq"):
            self.refuse(loc, mark, f"thẻ kiểu “{tag}” không dùng trong hồ sơ; hãy bỏ thẻ này")


_BAD = object()
_TOO_BIG = object()


def _convert(kind: str, value: str) -> Any:
    """A core-schema scalar's value, ``_BAD`` if ``value`` is not of ``kind``, ``_TOO_BIG`` for huge ints."""
    if kind == "null":
        return None if _NULL.fullmatch(value) else _BAD
    if kind == "bool":
        return value.lower() == "true" if _BOOL.fullmatch(value) else _BAD
    if kind == "int":
        if not _INT.fullmatch(value):
            return _BAD
        digits = value.lstrip("+-")
        if len(digits) > MAX_DIGITS + 2:
            return _TOO_BIG
        return int(value, 0) if digits[:2] in ("0x", "0o") else int(value, 10)
    special = _SPECIAL_FLOAT.fullmatch(value)
    if special:
        return float("nan") if special[3] else float(special[1] + "inf")
    if not _FLOAT.fullmatch(value) or len(value) > 64:
        return _BAD
    return float(value)


def _n(number: int) -> str:
    """300.000: thousands parted by dots, as Vietnamese writes them."""
    return f"{number:_}".replace("_", ".")


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _field(loc: Loc | None) -> str:
    from notices.records.messages import field_name

    return field_name(loc or ())


def _syntax_error(exc: Any) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    problem = str(exc.problem or exc.context or "").strip()
    message = next((vi for en, vi in _TRANSLATIONS if problem.startswith(en) or en in problem), _GENERIC)
    where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
    return YamlSyntaxError(where, message)


def _control_message(loc: Loc, exc: ControlCharacterError) -> str:
    from notices.records.messages import field_name

    return f"{field_name(loc)}: {exc.describe()} ở vị trí {exc.offset + 1} của giá trị; hãy xoá ký tự đó"
