"""What the web form asks of notices, as plain functions (the app only moves requests and responses).

The page sends the record as JSON data in the shape of the YAML file. Every check goes through the
YAML text built from it and :func:`notices.records.load.validate_text`, so the messages are those of
``notices validate``; each is mapped back to the field it concerns (``documents.notice.subject``).
Photos are read only from the upload folder (:func:`notices.photos.confined_to`).
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notices import vn
from notices.errors import Problem, RecordError, UserError
from notices.records.messages import field_name
from notices.records.yamlsource import Loc, Source, YamlSyntaxError, parse

RECORD_NAME = "hoso.yaml"  # the name the record is given inside its upload folder (messages never show it)
FIELD_IN_MESSAGE = re.compile(r"(?:^|“)((?:agency|meeting|report|results|shortcomings|discussion|conclusions|tasks|"
                              r"recommendations|documents)(?:\.[a-z_]+|\[\d+\])*)")


# -- data ↔ YAML -----------------------------------------------------------------------------------------

ORIGINAL_NAME = ".opened.yaml"  # inside an upload folder: the record file as it was opened, kept for saving


def to_yaml(data: dict[str, Any], original: str | None = None) -> str:
    """The YAML text of ``data`` (keys in the order given; a text with line breaks as a literal block).

    With ``original``, the text of the file the record was opened from, the file is kept as she wrote
    it: comments, quotes, blank lines, line endings and the order of keys stay; only the values the
    form changed are written anew, new keys go after the old ones of their group, removed ones go.
    Whatever the merge gives is read back and compared with ``data``: if it would say anything else
    (an alias shared by two fields, a value the form changed only in type), the plain text is returned.
    """
    fresh = _dump(_prepare(data))
    if original is None:
        return fresh
    try:
        kept = _merged(data, original)
    except Exception:  # noqa: BLE001  (ruamel's own errors on a file it round-trips badly: the plain text)
        return fresh
    if kept is None or without_nulls(_data_of(kept)) != without_nulls(_data_of(fresh)):
        return fresh
    return kept


def without_nulls(value: Any) -> Any:
    """``value`` with every empty (null) entry of its groups left out: to a record they mean the same."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def keep_opened(folder: Path, text: str) -> None:
    """Keep the text of the record file opened into ``folder`` (its upload folder), for saving."""
    with (folder / ORIGINAL_NAME).open("w", encoding="utf-8", newline="") as file:  # CRLF kept as it came
        file.write(text)


def opened_text(folder: Path) -> str | None:
    """The text of the record file opened into ``folder``, or None (a new record, photos only)."""
    try:
        with (folder / ORIGINAL_NAME).open(encoding="utf-8", newline="") as file:
            return file.read()
    except FileNotFoundError:
        return None


def _prepare(value: Any) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return {str(k): _prepare(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_prepare(v) for v in value]
    if isinstance(value, str) and "\n" in value and not value.endswith((" ", "\n")):
        return LiteralScalarString(value)
    return value


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_unicode = True
    yaml.width = 100_000  # one value per line: never folded
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(value: Any, yaml: Any = None) -> str:
    buffer = io.StringIO()
    (yaml or _yaml()).dump(value, buffer)
    return buffer.getvalue()


def _data_of(text: str) -> Any:
    try:
        return parse(text).data
    except YamlSyntaxError:
        return None


def _merged(data: dict[str, Any], original: str) -> str | None:
    """``original`` with ``data``'s values put in its place, or None when it is not a mapping."""
    from ruamel.yaml.util import load_yaml_guess_indent

    body = original.removeprefix("\ufeff")
    crlf = "\r\n" in body
    body = body.replace("\r\n", "\n")
    _, sequence, offset = load_yaml_guess_indent(body)  # her indentation of lists, to write them alike
    yaml = _yaml(2, sequence or 4, offset if offset is not None else 2)
    yaml.preserve_quotes = True
    tree = yaml.load(body)
    if not isinstance(tree, dict):
        return None
    yaml.representer.add_representer(  # an empty value as most records write it: "null"
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))
    text = _dump(_put(tree, data), yaml)
    if crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if original.startswith("\ufeff") else "") + text


def _put(node: Any, value: Any) -> Any:
    """``node`` (as ruamel read it, comments attached) changed into ``value``, keeping what is equal."""
    if isinstance(value, dict) and isinstance(node, dict):
        # the form leaves empty values out: an empty value she wrote ("number: null  # draft") stays
        for key in [k for k in node if k not in value and node[k] is not None]:
            del node[key]
        for key, item in value.items():
            node[key] = _put(node[key], item) if key in node else _prepare(item)
        return node
    if isinstance(value, list) and isinstance(node, list):
        for index, item in enumerate(value):
            if index < len(node):
                node[index] = _put(node[index], item)
            else:
                node.append(_prepare(item))
        del node[len(value):]
        return node
    if not isinstance(value, dict | list) and not isinstance(node, dict | list) and _same(node, value):
        return node  # as she wrote it: its quotes, its date or number form
    return _prepare(value)


def _same(node: Any, value: Any) -> bool:
    if node is None or value is None or isinstance(node, bool) or isinstance(value, bool):
        return node is value or node == value and type(node) is type(value)
    return str(node) == str(value)


@dataclass
class Opened:
    """A record file read for the form: its data, and what the form cannot show or the file gets wrong."""

    data: dict[str, Any]
    problems: list[dict[str, Any]] = field(default_factory=list)


def open_yaml(text: str, folder: Path) -> Opened:
    """The data of a record file for the form, with every problem ``notices validate`` finds in it.

    A file that is not YAML gives no data and its one syntax error (with line and column).
    """
    try:
        source = parse(text)
    except YamlSyntaxError as exc:
        return Opened({}, [_message(f"dòng {exc.mark.line}, cột {exc.mark.column}: {exc.message}", None)])
    data = source.data if isinstance(source.data, dict) else {}
    problems = check_text(text, folder, source)[1]
    return Opened(data, problems)


# -- checking ---------------------------------------------------------------------------------------------

def check(data: dict[str, Any], folder: Path) -> tuple[Any, list[dict[str, Any]], str]:
    """Validate the form's ``data`` as ``notices validate`` would: (Loaded or None, problems, YAML text)."""
    text = to_yaml(data)
    loaded, problems = check_text(text, folder)
    return loaded, problems, text


def check_text(text: str, folder: Path, source: Source | None = None) -> tuple[Any, list[dict[str, Any]]]:
    """Validate ``text``; its positions (``source``, parsed again only when there is a problem to place)."""
    from notices.photos import confined_to
    from notices.records.load import validate_text

    with confined_to(folder):
        try:
            loaded = validate_text(text, folder / RECORD_NAME)
            found = loaded.warnings
        except RecordError as error:
            loaded, found = None, error.problems
    if found and source is None:
        source = parse(text)
    return loaded, [_problem(p, source) for p in found]


def _problem(problem: Problem, source: Source | None) -> dict[str, Any]:
    """A problem for the page: its message, and the fields it may concern, most precise first."""
    fields = []
    named = FIELD_IN_MESSAGE.search(problem.message)
    if named:
        fields.append(named.group(1))
    at = _loc_at(source, problem.line, problem.column) if source is not None else None
    if at is not None:
        fields.append(field_name(at))
    return {"message": problem.message, "severity": problem.severity, "fields": fields}


def _message(text: str, where: str | None) -> dict[str, Any]:
    return {"message": text, "severity": "error", "fields": [where] if where else []}


def _loc_at(source: Source, line: int, column: int) -> Loc | None:
    """The field whose key (else value) starts at ``line:column`` of the YAML built from the form."""
    for table in (source.keys, source.values):
        found = [loc for loc, mark in table.items() if (mark.line, mark.column) == (line, column)]
        if found:
            return max(found, key=len)
    return None


# -- documents --------------------------------------------------------------------------------------------

def kinds() -> list[dict[str, str]]:
    """The form's "Văn bản" list: every kind of the catalogue."""
    from notices import kinds as catalogue

    return [{"key": k.key, "label": k.label} for k in catalogue.kinds()]


def compose(loaded: Any, kind_key: str, folder: Path) -> Any:
    """The document of ``kind_key`` for a valid record; a kind it does not declare is a Vietnamese error."""
    from notices import kinds as catalogue
    from notices.photos import confined_to

    kind = next((k for k in catalogue.kinds() if k.key == kind_key), None)
    if kind is None:
        raise UserError(f"không có loại văn bản “{kind_key}”")
    if getattr(loaded.record.documents, kind.key) is None and not kind.on_request:
        raise UserError(f"Hồ sơ chưa có {kind.label.lower()}: hãy đánh dấu “Tạo {kind.label.lower()}” ở mục Văn bản.")
    with confined_to(folder):
        return kind.compose(loaded.record, None, folder)


def preview_html(document: Any, font_url: str) -> str:
    """The page the PDF writer renders, with its font family served by this app (``font_url``/<face>)."""
    from notices import fonts
    from notices.writers import html as html_writer

    family = fonts.family().name
    page = html_writer.render(document, font_family=f'"{family}"')
    faces = "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{font_url}/{face}"); '
        f"font-weight: {700 if bold else 400}; font-style: {'italic' if italic else 'normal'}; }}"
        for face, (bold, italic) in FONT_FACES.items()
    )
    return page.replace("<head>\n", f"<head>\n<style>\n{faces}\n</style>\n", 1)


FONT_FACES = {"regular": (False, False), "italic": (False, True), "bold": (True, False), "bold-italic": (True, True)}


def font_file(face: str) -> Path | None:
    from notices import fonts

    if face not in FONT_FACES:
        return None
    return fonts.prepared(*FONT_FACES[face])


def missing_glyphs(document: Any) -> str | None:
    """The PDF writer's message for characters its one font family cannot draw, or None."""
    from notices.writers import pdf

    try:
        pdf.refuse_missing_glyphs(document)
    except UserError as error:
        return error.message
    return None


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def write(document: Any, fmt: str, name: str) -> bytes:
    """``document`` written in ``fmt`` by the same writer ``notices render`` uses; its bytes."""
    from notices.render import write_document

    with tempfile.TemporaryDirectory(prefix="notices-web-") as tmp:
        target = Path(tmp) / f"{name}.{fmt}"
        write_document(document, fmt, target)
        return target.read_bytes()


def file_name(loaded: Any, document: Any, kind_key: str) -> str:
    """A readable file name: 'thong-bao-05-TB-UBND', 'giay-moi-du-thao', 'tin-bai'."""
    shown = document.number
    if shown is None:
        return document.name
    if shown.number is None:
        return f"{document.name}-du-thao"
    return f"{document.name}-{vn.number_label(shown.number, shown.notation).replace('/', '-')}"


def yaml_name(data: dict[str, Any]) -> str:
    """'ho-so-<meeting or report>.yaml', readable and safe on every system."""
    meeting, report = data.get("meeting"), data.get("report")
    title = (meeting or {}).get("name") if isinstance(meeting, dict) else None
    if not title and isinstance(report, dict):
        title = report.get("subject")
    stem = vn.slug(str(title))[:60].strip("-") if title else ""
    return f"ho-so-{stem}.yaml" if stem else "ho-so.yaml"


def office_defaults(path: Path | None) -> tuple[dict[str, Any], Any]:
    """The office profile's defaults for the form ({agency, documents: {kind: defaults}}), and the profile.

    ``path`` None: the ``office.yaml`` of the current folder or a folder above it, as for a record there.
    """
    try:
        from notices.records.office import find_office, load_office
    except ImportError:  # the register's office profile is not in this copy: read the same keys plainly
        return (load_profile(path), None) if path is not None else ({}, None)
    if path is None:
        path = find_office(Path.cwd())
        if path is None:
            return {}, None
    office = load_office(path)
    data = office.data
    return {"agency": data.get("agency"), "documents": data.get("documents") or {}}, office


def load_profile(path: Path) -> dict[str, Any]:
    """An office profile read without the register's model (agency, documents.<kind>.signer/recipients/archive)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"{path}: không đọc được hồ sơ cơ quan ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: tệp không phải UTF-8; hãy lưu lại với bảng mã Unicode (UTF-8).") from None
    try:
        source = parse(text)
    except YamlSyntaxError as exc:
        raise UserError(f"{path}:{exc.mark.line}:{exc.mark.column}: lỗi: {exc.message}") from None
    if not isinstance(source.data, dict):
        raise UserError(f"{path}: hồ sơ cơ quan phải là một nhóm mục (agency:, documents: …).")
    unknown = sorted(set(source.data) - {"agency", "documents", "numbering", "database"})
    if unknown:
        raise UserError(f"{path}: hồ sơ cơ quan chỉ có các mục agency, documents, numbering, database; "
                        f"không có “{', '.join(unknown)}”.")
    return {"agency": source.data.get("agency"), "documents": source.data.get("documents") or {}}
