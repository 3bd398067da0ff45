"""What the web form asks of notices, as plain functions (the app only moves requests and responses).

The page sends the record as JSON data in the shape of the YAML file. Every check goes through the
YAML text built from it and :func:`notices.records.load.validate_text`, so the messages are those of
``notices validate``; each is mapped back to the field it concerns (``documents.notice.subject``).
Photos are read only from the upload folder (:func:`notices.photos.confined_to`).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from notices import vn
from notices.errors import Problem, RecordError, UserError
from notices.records.messages import field_name
from notices.records.yamlsource import Loc, Source, YamlSyntaxError, parse

RECORD_NAME = "hoso.yaml"  # the name the record is given inside its upload folder (messages never show it)


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
    data = nfc(data)
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
    """A record file read for the form: its data, and what the form cannot show or the file gets wrong.

    ``broken``: the file is not YAML at all; ``data`` is then empty and the page keeps what it holds.
    """

    data: dict[str, Any]
    problems: list[dict[str, Any]] = field(default_factory=list)
    broken: bool = False


WORD_SUFFIXES = (".docx", ".doc")  # "Mở hồ sơ…" also brings a Word document in (notices.importer)
MAX_WORD = 20 * 1024 * 1024  # one Word document brought in through "Mở hồ sơ…"
KEPT = "chưa xếp được vào mục nào của hồ sơ; đang giữ nguyên văn ở “Đoạn giữ nguyên văn”"


def open_word(data: bytes, filename: str, folder: Path) -> dict[str, Any]:
    """A Word document (.docx, .doc) read into a record for the form: the record's data and problems as an
    opened YAML file gives them, and what the importer could not place, for her to place by hand.

    The record's YAML text (its comments list the unread paragraphs) is kept as the opened file, so
    "Tải YAML" saves it with them. A file that is not a Decree 30 document is a :class:`UserError`.
    """
    from notices.importer import read_upload

    result = read_upload(data, filename)
    keep_opened(folder, result.yaml)
    opened = open_yaml(result.yaml, folder)
    imported = result.imported
    stem = PurePath(filename).stem or "van-ban"
    return {
        "data": opened.data, "problems": opened.problems, "photos": [], "name": f"{stem}.yaml",
        "broken": opened.broken,
        "imported": {
            "source": filename,
            "kind": imported.kind.label if imported.kind else None,
            "unread": sorted(
                [{"paragraph": index, "text": text, "why": why} for index, text, why in imported.unread]
                + [{"paragraph": index, "text": text, "why": KEPT} for index, text in imported.kept],
                key=lambda entry: entry["paragraph"]),
            "doubts": list(imported.doubts),
            "verbatim": imported.verbatim,
            "seconds": round(result.seconds, 3),
        },
    }


def open_yaml(text: str, folder: Path) -> Opened:
    """The data of a record file for the form, with every problem ``notices validate`` finds in it.

    A file that is not YAML gives no data and its one syntax error (with line and column).
    """
    try:
        source = parse(text)
    except YamlSyntaxError as exc:
        return Opened({}, [_message(f"Tệp không đọc được ở dòng {exc.mark.line}, cột {exc.mark.column}: "
                                    f"{exc.message}. Biểu mẫu vẫn giữ hồ sơ đang soạn.", None)], broken=True)
    data = source.data if isinstance(source.data, dict) else {}
    problems = check_text(text, folder, source)[1]
    return Opened(data, problems)


# -- checking ---------------------------------------------------------------------------------------------

def for_kind(data: dict[str, Any], kind: str | None) -> dict[str, Any]:
    """What of the form's ``data`` the document ``kind`` reads: its sections and its own entry under
    ``documents`` (another document's problem never blocks this one). ``kind`` None: all of it."""
    if not kind:
        return data
    from notices import kinds
    from notices.records.models import Record
    from notices.web.form import sections

    keep = set(sections(kind))
    result = {k: v for k, v in data.items() if k in keep or k not in Record.model_fields}
    documents = data.get("documents") if isinstance(data.get("documents"), dict) else {}
    cited = kinds.kind(kind).cites if kind in kinds.keys() else ()
    # its own entry, and the documents whose number and date it quotes (a Công văn cites the notice)
    result["documents"] = {k: documents[k] for k in (kind, *cited) if documents.get(k) is not None}
    return result


def check(data: dict[str, Any], folder: Path, kind: str | None = None) -> tuple[Any, list[dict[str, Any]], str]:
    """Validate the form's ``data`` (only what ``kind`` reads, when given) as ``notices validate`` would:
    (Loaded or None, problems in the form's words, YAML text)."""
    text = to_yaml(for_kind(data, kind))
    loaded, problems = check_text(text, folder)
    return loaded, problems, text


def check_text(text: str, folder: Path, source: Source | None = None) -> tuple[Any, list[dict[str, Any]]]:
    """Validate ``text``; its positions (``source``, parsed again only when there is a problem to place).
    The messages name fields by the form's labels (:func:`notices.records.messages.form_words`)."""
    from notices.photos import confined_to
    from notices.records.load import validate_text
    from notices.records.messages import form_words
    from notices.web.form import label_path

    with confined_to(folder), form_words(label_path) as places:
        try:
            loaded = validate_text(text, folder / RECORD_NAME)
            found = loaded.warnings
        except RecordError as error:
            loaded, found = None, error.problems
    if found and source is None:
        source = parse(text)
    return loaded, form_problems(found, source, places)


def form_problems(found: Any, source: Source | None, places: dict[str, str]) -> list[dict[str, Any]]:
    """Problems made inside :func:`notices.records.messages.form_words`, for the page."""
    return [_problem(p, source, places) for p in found]


def _problem(problem: Problem, source: Source | None, places: dict[str, str]) -> dict[str, Any]:
    """A problem for the page: its message, and the fields it may concern, most precise first."""
    fields = []
    named = [label for label in places if problem.message.startswith(f"{label}:") or f"“{label}”" in problem.message]
    if named:
        fields.append(places[max(named, key=len)])
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

def kinds() -> list[dict[str, Any]]:
    """The documents the form offers ("Văn bản cần soạn"), each with the record paths it shows, in
    printed order, and the fields it leaves out. The one place the form reads the list of kinds."""
    from notices import kinds as catalogue
    from notices.web.form import HIDDEN, layout

    return [{"key": k.key, "label": k.label, "layout": layout(k.key), "hidden": list(HIDDEN.get(k.key, ()))}
            for k in catalogue.kinds()]


def compose(loaded: Any, kind_key: str, folder: Path) -> Any:
    """The document of ``kind_key`` for a valid record, as ``notices render`` composes it; photos only
    from the record's upload ``folder``."""
    from notices.photos import confined_to
    from notices.render import compose_one

    with confined_to(folder):
        return compose_one(loaded, kind_key)


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


def document_file(loaded: Any, kind_key: str, fmt: str, folder: Path) -> tuple[str, bytes]:
    """The file ``notices render`` would write for one document: render → file name → bytes."""
    from notices.photos import confined_to
    from notices.render import compose_one, document_bytes, file_stem

    with confined_to(folder):
        document = compose_one(loaded, kind_key)
        name = file_stem(document)
        return f"{name}.{fmt}", document_bytes(loaded, document, fmt, name)


def file_name(loaded: Any, document: Any, kind_key: str) -> str:
    """A readable file name: 'thong-bao-05-TB-UBND', 'giay-moi-du-thao', 'tin-bai' (the library's)."""
    from notices.render import file_stem

    return file_stem(document)


def nfc(value: Any) -> Any:
    """``value`` with every text in Unicode NFC, as every other output of notices is."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


NAME_LIMIT = 40  # characters of the subject in a saved record's name


def yaml_name(data: dict[str, Any], opened: str | None = None) -> str:
    """The name of the opened file when there is one; else 'ho-so-<meeting or report>.yaml', readable,
    safe on every system, its subject cut at a word."""
    if opened:
        stem = PurePath(opened.replace("\\", "/")).name
        if stem.lower().endswith((".yaml", ".yml")) and not stem.startswith(".") and "/" not in stem:
            return unicodedata.normalize("NFC", stem)
    meeting, report = data.get("meeting"), data.get("report")
    title = (meeting or {}).get("name") if isinstance(meeting, dict) else None
    if not title and isinstance(report, dict):
        title = report.get("subject")
    stem = vn.slug(str(title)) if title else ""
    if len(stem) > NAME_LIMIT:
        cut = stem[:NAME_LIMIT + 1]
        stem = cut[:cut.rfind("-")] if "-" in cut else stem[:NAME_LIMIT]
    stem = stem.strip("-")
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
