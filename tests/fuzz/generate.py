"""Hypothesis strategies for the fuzz suite: records built from the model, written as YAML in varied
styles, then mutated at the text level (structure, types, control and invisible characters, markup,
template syntax, huge values, encodings, BOM/CRLF, duplicate keys, aliases)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

WORDS = (
    "Ủy ban nhân dân xã Phước Hưng huyện Tuy Phước Lê Quốc Dũng Nguyễn Thị Lệ Đắk Song hội nghị sơ kết "
    "công tác cải cách hành chính đạt 68% kế hoạch đề ra 17/25 nhiệm vụ CCHC TTHC UBMTTQVN Trưởng thôn "
    "Hưng Nghĩa đồng chí đẩy mạnh tuyên truyền thủ tục trực tuyến năm 2024 tháng 7 ngày 11"
).split()

# Fragments a secretary can paste: markup, template syntax, punctuation YAML cares about, Unicode.
TRICKY = [
    "<script>alert(1)</script>", "<b>đậm</b>", "&amp;", "&", "**đậm**", "_nghiêng_", "[liên kết](http://x.vn)",
    "# ", "- ", "1. ", "> ", "{{ agency.name }}", "{% if x %}", "{# ghi chú #}", "\\", '"', "'", ": ", " #",
    "@", "`", "|", "%", "!", "*", "~", "=", "+", "?", "[", "]", "{", "}", ",",
    "Nguye\u0303\u0302n",  # decomposed: NFC at the boundary
    "\u00a0", "\u00ad", "\u200b", "\u2028", "\x0b", "\t", "\n", "\n\n", "  ", "–", "—", "“", "”", "…", "№", "₫",
]
# Characters that must be refused with a position (never a crash, never silently dropped).
BAD = ["\x07", "\x00", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\ufdd0", "\ue000", "\ue001", "\U0010ffff",
       "\U000f0001", "😀", "漢", "\u3000", "\u0378", "\ufeff"]


def texts() -> st.SearchStrategy[str]:
    """A text value: mostly Vietnamese words, sometimes tricky fragments, rarely a bad character."""
    piece = st.one_of(
        st.sampled_from(WORDS).map(lambda w: w + " "),
        st.sampled_from(WORDS),
        st.sampled_from(TRICKY),
        st.sampled_from(WORDS).map(lambda w: w + " "),
        st.sampled_from(TRICKY),
        st.sampled_from(WORDS),
    )
    weighted = st.lists(piece, min_size=1, max_size=8).map("".join)
    return st.one_of(
        st.lists(st.sampled_from(WORDS), min_size=40, max_size=120).map(" ".join),  # a subject copied whole
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join),  # clean, most of the time
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join),
        weighted,
    )


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
dates = st.dates().map(lambda d: d.isoformat())


def signer() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"title": st.sampled_from(["Chủ tịch", "Phó Chủ tịch"]), "name": texts()},
        optional={"authority": st.sampled_from(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN",
                                                                                       "KT. CHỦ TỊCH"]])},
    )


def item() -> st.SearchStrategy[Any]:
    return st.one_of(
        texts(),
        st.fixed_dictionaries({"text": texts()}, optional={
            "assignee": texts(), "deadline": dates,
            "metric": st.fixed_dictionaries({"label": texts()}, optional={
                "done": st.integers(0, 10**6), "total": st.integers(0, 10**6), "count": st.integers(0, 10**6),
                "percent": st.floats(0, 100, allow_nan=False).map(lambda f: round(f, 1))}),
        }),
    )


def issued(extra: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(extra, optional={
        "number": st.integers(1, 999), "date": st.dates(min_value=__import__("datetime").date(2000, 1, 1)).map(
            lambda d: d.isoformat()), "recipients": st.lists(texts(), max_size=4), "archive": st.just(["VT", "VP"]),
    })


def records() -> st.SearchStrategy[dict[str, Any]]:
    """A record shaped like the model: usually valid, with texts from :func:`texts`."""
    meeting = st.fixed_dictionaries(
        {"name": texts(), "date": dates, "chair": st.fixed_dictionaries({"name": texts()},
                                                                      optional={"title": texts()})},
        optional={
            "time": st.sampled_from(["07:30", "14:00", "7h30"]), "venue": texts(),
            "secretary": st.fixed_dictionaries({"name": texts()}),
            "attendees": st.lists(texts(), max_size=3), "reports": st.lists(texts(), max_size=2),
            "agenda": st.lists(texts(), max_size=2),
        },
    )
    documents = st.fixed_dictionaries({}, optional={
        "notice": issued({"subject": texts(), "signer": signer()}),
        "invitation": issued({"signer": signer()}),
        "minutes": issued({}).map(lambda doc: {**doc, "secretary_needed": True}),
        "news": st.fixed_dictionaries({}, optional={"title": texts(), "author": texts()}),
    }).filter(bool)
    return st.fixed_dictionaries(
        {
            "agency": st.fixed_dictionaries({"name": names, "code": st.sampled_from(["UBND", "HĐND", "VP-TK"]),
                                             "place": names}, optional={"parent": names}),
            "meeting": meeting,
            "conclusions": st.fixed_dictionaries({"items": st.lists(item(), min_size=1, max_size=4)},
                                                 optional={"intro": texts(), "deadline": dates}),
            "documents": documents,
        },
        optional={
            "results": st.lists(item(), max_size=4), "shortcomings": st.lists(texts(), max_size=3),
            "discussion": st.lists(texts(), max_size=2), "tasks": st.lists(item(), max_size=2),
        },
    ).map(_minutes_need_a_secretary)


def _minutes_need_a_secretary(record: dict[str, Any]) -> dict[str, Any]:
    minutes = record["documents"].get("minutes")
    if minutes is not None:
        minutes.pop("secretary_needed", None)
        record["meeting"].setdefault("secretary", {"name": "Nguyễn Văn Thư"})
    return record


# -- writing YAML in varied styles ---------------------------------------------------------------

def _double(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF, 0x2028,
                                                                                         0x2029, 0xFEFF):
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def scalar(value: Any, style: int) -> str:
    """``value`` as a YAML scalar; ``style`` picks among the forms that keep it exact."""
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    text = str(value)
    if style % 3 == 1 and "\n" not in text and text.isprintable() and "\t" not in text:
        return "'" + text.replace("'", "''") + "'"
    if style % 3 == 2 and _plain_ok(text):
        return text
    return _double(text)


def _plain_ok(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-zÀ-ỹĐđ][\w .,/()%À-ỹ-]*[\w.)%À-ỹ]|[A-Za-zÀ-ỹĐđ]", text)) and not any(
        w in text for w in (": ", " #")) and text.isprintable()


def dump(value: Any, styles: list[int], indent: int = 0) -> str:
    """Block-style YAML of ``value``; ``styles`` is consumed to vary scalar and flow styles."""
    pad = " " * indent
    style = styles.pop() if styles else 0
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            inner = dump(item, styles, indent + 2)
            if isinstance(item, dict | list) and item and not inner.startswith("["):
                lines.append(f"{pad}{key}:\n{inner}")
            else:
                lines.append(f"{pad}{key}: {inner}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        if style % 4 == 3 and all(not isinstance(v, dict | list) for v in value):
            return "[" + ", ".join(scalar(v, 0) for v in value) + "]"  # flow style, double quotes
        lines = []
        for item in value:
            if isinstance(item, dict) and item:
                inner = dump(item, styles, indent + 2).lstrip(" ")
                lines.append(f"{pad}- {inner}")
            else:
                lines.append(f"{pad}- {dump(item, styles, indent + 2)}")
        return "\n".join(lines)
    return scalar(value, style)


# -- mutations at the text level -----------------------------------------------------------------

MUTATIONS = (
    "none", "insert_char", "delete_char", "dedent_line", "indent_line", "tab_indent", "duplicate_line",
    "swap_lines", "bom", "crlf", "cr", "raw_control", "yaml_version", "second_document", "self_alias",
    "laughs", "deep", "huge_int", "special_float", "underscore_int", "time_int", "huge_value", "unicode_escape",
    "latin1", "utf16", "duplicate_key", "truncate", "colon_value", "merge_key", "tag", "empty", "bad_char",
    "bad_escape",
)


def mutations() -> st.SearchStrategy[tuple[str, int, int]]:
    """A mutation; about a third of the records stay as written, to be rendered."""
    kind = st.sampled_from(("none",) * 16 + MUTATIONS[1:])
    return st.tuples(kind, st.integers(0, 10**9), st.integers(0, 10**9))


# Pieces of an office template: valid Jinja, broken Jinja, sandbox escapes, loops, includes, bad characters.
TEMPLATE_PIECES = [
    "Xin cảm ơn ", "{{ agency.name }}", "{{ nobody }}", "{{ notice.closing.__class__ }}", "{{ chair }}",
    "{% if notice.closing %}", "{% endif %}", "{% for i in range(", "99999999", "3", ") %}", "{% endfor %}",
    "{{ ", " }}", "{% ", " %}", "{#", "#}", "{{ 1/0 }}", '{% include "notice/closing.j2" %}',
    '{% include "/etc/passwd" %}', '{% include "../../x.j2" %}', "{{ 'x' * 99999999 }}", "{{ x|nosuch }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "\n\n", "\ufdd0", "\ue000", "{{ 2 ** 99999 }}",
    "{{ agency.name|upper }}", "{{ '%99999999d' % 1 }}", "{% set x = [] %}", "{{ x.append }}", "😀",
    "{{ agency.name[0] }}", "{{ agency.name|int }}", "{{ meeting.date|weekday }}", "{{ none.x }}",
]
# Every packaged template an office can override (the kinds the generated records declare).
TEMPLATE_NAMES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.j2")
                        if p.parts[-2] in ("notice", "invitation", "minutes", "news"))
OUTPUT_CASES = ["out_is_file", "record_folder_is_file", "document_is_folder", "name_too_long", "parent_is_file"]


def prepare_output(case: str, work: Path, stem: str) -> Path:
    """An output folder that cannot take a record's documents, made as ``case`` says; the --out path."""
    out = work / "out"
    if case == "out_is_file":
        out.write_text("tệp")
    elif case == "record_folder_is_file":
        out.mkdir()
        (out / stem).write_text("tệp")
    elif case == "document_is_folder":
        for name in ("thong-bao", "giay-moi", "bien-ban", "tin-bai"):
            for fmt in ("docx", "html", "md"):
                (out / stem / f"{name}.{fmt}").mkdir(parents=True)
    elif case == "name_too_long":
        out = work / ("a" * 300)
    elif case == "parent_is_file":
        (work / "f").write_text("tệp")
        out = work / "f" / "out"
    return out


def mutate(text: str, kind: str, a: int, b: int) -> bytes:
    """``text`` changed by mutation ``kind`` (``a``/``b`` pick where and what); the bytes of the file."""
    lines = text.split("\n")
    spot = a % max(len(text), 1)
    line = a % len(lines)
    chars = "\x07\x0b\x00\x1b\x85\ufffe\ue000:#-[]{}&*!|>'\"%@`\\\t ,?"
    if kind == "insert_char":
        text = text[:spot] + chars[b % len(chars)] + text[spot:]
    elif kind == "delete_char":
        text = text[:spot] + text[spot + 1:]
    elif kind == "dedent_line":
        lines[line] = lines[line][1:] if lines[line].startswith(" ") else lines[line]
        text = "\n".join(lines)
    elif kind == "indent_line":
        lines[line] = " " * (1 + b % 3) + lines[line]
        text = "\n".join(lines)
    elif kind == "tab_indent":
        lines[line] = "\t" + lines[line].lstrip(" ")
        text = "\n".join(lines)
    elif kind == "duplicate_line":
        lines.insert(line, lines[line])
        text = "\n".join(lines)
    elif kind == "swap_lines":
        other = b % len(lines)
        lines[line], lines[other] = lines[other], lines[line]
        text = "\n".join(lines)
    elif kind == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    elif kind == "crlf":
        text = text.replace("\n", "\r\n")
    elif kind == "cr":
        text = text.replace("\n", "\r")
    elif kind == "raw_control":
        text = text[:spot] + "\x0b\x07\x01\x9f\ufffe\u2028"[b % 6] + text[spot:]
    elif kind == "yaml_version":
        text = f"%YAML {['1.3', '2.0', '1.1', '1.2', '9'][b % 5]}\n---\n" + text
    elif kind == "second_document":
        text = text + "\n---\nagency: {}\n"
    elif kind == "self_alias":
        text = text + "\nx: &a [*a]\n"
    elif kind == "laughs":
        rows = ['a0: &a0 ["' + "x" * 50 + '"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in
                                                  range(1, 10)]
        text = "\n".join(rows) + "\n" + text
    elif kind == "deep":
        depth = 50 + b % 2000
        text = text + "\nx: " + "[" * depth + "]" * depth + "\n"
    elif kind == "huge_int":
        text = text.replace("number: ", "number: " + "9" * (20 + b % 5000) + " #", 1)
    elif kind == "special_float":
        text = text.replace("percent: ", f"percent: {['.nan', '.inf', '-.inf', '5.0e-324', '1e999'][b % 5]} #", 1)
        text = text.replace("number: ", f"number: {['.nan', '.inf', '1e3', '0x_', '0o9'][b % 5]} #", 1)
    elif kind == "underscore_int":
        text = text.replace("number: ", f"number: {['1__0', '1_0', '0x_', '+', '0b1'][b % 5]} #", 1)
    elif kind == "time_int":
        text = text.replace("  date:", f"  time: {['730', '7.5', '25:00', 'true', '07:30:00'][b % 5]}\n  date:", 1)
        if b % 2:
            text = text.replace("  date:", '  end: "11:00"\n  date:', 1)
    elif kind == "huge_value":
        size = [30_000, 1_100_000][b % 2]
        text = text.replace("name: ", "name: " + "ạ" * size + " #", 1)
    elif kind == "unicode_escape":
        text = text + '\nx: "' + ["\\U00110000", "\\uD800", "\\uFFFE", "\\x07", "\\U0010FFFF"][b % 5] + '"\n'
    elif kind == "latin1":
        return text.encode("latin-1", "replace")
    elif kind == "utf16":
        return text.encode("utf-16")
    elif kind == "duplicate_key":
        text = text + "\nagency: {name: X, code: UBND, place: Y}\n"
    elif kind == "truncate":
        text = text[: spot]
    elif kind == "colon_value":
        text = text.replace("venue: ", "venue: Hội trường: tầng 2 #", 1)
    elif kind == "merge_key":
        text = text.replace("meeting:\n", "meeting:\n  <<: {venue: X}\n", 1)
    elif kind == "tag":
        text = text.replace("number: ", f"number: {['!!str', '!!int', '!!binary', '!foo', '!!float'][b % 5]} ", 1)
    elif kind == "bad_char":  # raw, as pasted
        text = text[:spot] + BAD[b % len(BAD)] + text[spot:]
    elif kind == "bad_escape":  # written as an escape inside a double-quoted value
        code = ord(BAD[b % len(BAD)])
        escape = f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
        text = text.replace(': "', ': "' + escape, 1) if ': "' in text else text + f'\nx: "{escape}"\n'
    elif kind == "empty":
        text = ["", "---\n", "# chỉ có ghi chú\n", "[]", "null"][b % 5]
    return text.encode("utf-8", "surrogatepass")
