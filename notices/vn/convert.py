"""Convert legacy-encoded TXT/YAML/DOCX files (TCVN3, VNI, VIQR) to Unicode, reporting every change."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from notices.vn.legacy import (
    candidate_words,
    font_encoding,
    has_vietnamese_letters,
    looks_like_legacy,
    repair_mojibake,
    syllable_gain,
    to_unicode,
)
from notices.vn.text import upper

Source = Literal["auto", "tcvn3", "vni", "viqr"]
UNICODE_FONT = "Times New Roman"
TEXT_SUFFIXES = {".txt", ".yaml", ".yml", ".csv", ".md"}


class ConvertError(ValueError):
    """A file notices cannot convert (unknown type, VIQR inside YAML, unreadable DOCX)."""


@dataclass(frozen=True)
class Change:
    """One converted piece: where it is, from which encoding, the text before and after."""

    where: str
    encoding: str
    before: str
    after: str


@dataclass
class Report:
    """What a conversion did: changes, pieces left alone on purpose, fonts replaced."""

    source: Path
    output: Path | None
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fonts_replaced: int = 0

    def summary(self) -> str:
        """A short Vietnamese summary for the command line."""
        target = f" → {self.output}" if self.output else " (chạy thử, không ghi tệp)"
        lines = [f"{self.source}{target}: {len(self.changes)} chỗ đã chuyển sang Unicode"]
        if self.fonts_replaced:
            lines.append(f"  {self.fonts_replaced} lượt chữ đổi phông sang {UNICODE_FONT}")
        lines += [f"  {c.where} [{c.encoding}]: {c.before!r} → {c.after!r}" for c in self.changes]
        lines += [f"  lưu ý: {note}" for note in self.notes]
        return "\n".join(lines)


# --- Writing: never leave a half-written file behind.
def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A folder that is missing, a file, read-only or full is a :class:`ConvertError` in Vietnamese.
    """
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConvertError(_write_problem(path, exc)) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ConvertError(_write_problem(path, exc)) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_problem(path: Path, exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOENT: f"thư mục “{path.parent}” không có; hãy tạo thư mục trước hoặc chọn thư mục khác",
        errno.ENOTDIR: f"“{path.parent}” không phải là thư mục",
        errno.EACCES: "không có quyền ghi vào thư mục này",
        errno.EPERM: "không có quyền ghi vào thư mục này",
        errno.EROFS: "ổ đĩa chỉ cho đọc",
        errno.ENOSPC: "ổ đĩa đầy",
        errno.EFBIG: "tệp vượt quá kích thước ổ đĩa cho phép",
        errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.EISDIR: "đã có một thư mục trùng tên với tệp cần ghi",
    }
    reason = reasons.get(exc.errno or 0, f"lỗi hệ thống {exc.errno}" if exc.errno else "lỗi hệ thống")
    return f"{path}: không ghi được tệp kết quả: {reason}"


def default_output(path: Path) -> Path:
    """'bien-ban.docx' → 'bien-ban.unicode.docx' beside the input."""
    return path.with_name(f"{path.stem}.unicode{path.suffix}")


# --- Plain text and YAML: line by line.
def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five holes of cp1252 read as Latin-1


_CP1252 = [_cp1252_char(b) for b in range(256)]


def read_text(data: bytes) -> tuple[str, str]:
    """(text, codec): UTF-8 (with or without BOM), else the cp1252 a legacy-font editor saved."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return "".join(map(_CP1252.__getitem__, data)), "cp1252"


def _line_encoding(line: str, source: Source, default: str | None) -> str | None:
    """The encoding to convert ``line`` from, or None to keep it (Unicode lines always stay)."""
    if has_vietnamese_letters(line):
        return None
    if source != "auto":
        return source
    encoding = looks_like_legacy(line) or default
    words = candidate_words(line)
    if encoding and words and syllable_gain(words, lambda w: to_unicode(w, encoding))[0] > 0:
        return encoding
    return None


def _doubtful(line: str, default: str | None) -> bool:
    """A line kept as it is that the file's encoding would still change: the user should look at it."""
    return bool(default) and not has_vietnamese_letters(line) and to_unicode(line, default) != line


def convert_text(text: str, source: Source = "auto") -> tuple[str, list[Change], list[str]]:
    """Convert every legacy line of ``text``; returns (text, changes, notes).

    ``auto`` repairs UTF-8 mojibake as its own step, else detects TCVN3/VNI for the whole text and
    converts each line that reads better converted. VIQR is never guessed: ask for it.
    """
    if source == "auto":
        repaired = repair_mojibake(text)
        if repaired is not None:
            return repaired, [Change("toàn văn", "utf8-cp1252", text[:60], repaired[:60])], []
    default = looks_like_legacy(text) if source == "auto" else source
    lines = text.split("\n")
    changes: list[Change] = []
    notes: list[str] = []
    for number, line in enumerate(lines, start=1):
        encoding = _line_encoding(line, source, default)
        converted = to_unicode(line, encoding) if encoding else line
        if converted != line:
            lines[number - 1] = converted
            changes.append(Change(f"dòng {number}", encoding or "", line, converted))
        elif _doubtful(line, default):
            notes.append(f"dòng {number} có thể là {default} nhưng không chắc chắn, giữ nguyên: {line!r}")
    return "\n".join(lines), changes, notes


def convert_text_file(
    path: Path, output: Path | None = None, source: Source = "auto", dry_run: bool = False
) -> Report:
    """Convert a TXT/YAML/CSV file; writes UTF-8 to ``output`` (default: '<stem>.unicode<suffix>')."""
    if source == "viqr" and path.suffix.lower() in {".yaml", ".yml"}:
        raise ConvertError("VIQR dùng dấu nháy và dấu chấm làm dấu thanh, không chuyển được trong tệp YAML")
    text, codec = read_text(path.read_bytes())
    converted, changes, notes = convert_text(text, source)
    if codec != "utf-8":
        notes.insert(0, "tệp không phải UTF-8, đã đọc theo cp1252; tệp mới ghi UTF-8")
    target = None if dry_run else (output or default_output(path))
    if target is not None:
        atomic_write_bytes(target, converted.encode("utf-8"))
    return Report(path, target, changes, notes)


# --- DOCX: per run, by the font each run resolves to.
def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _rfonts_name(parent: Any) -> str | None:
    """The font named by an rPr-holding element (hAnsi covers U+00A0–U+00FF, where legacy codes sit)."""
    fonts = parent.find(f"{_w('rPr')}/{_w('rFonts')}") if parent is not None else None
    if fonts is None:
        return None
    return fonts.get(_w("hAnsi")) or fonts.get(_w("ascii"))


def _style_fonts(styles: Any) -> tuple[dict[str, str | None], str | None, str | None]:
    """(style id → font through basedOn, default paragraph style id, document default font)."""
    own: dict[str, tuple[str | None, str | None]] = {}
    default_para = None
    for style in styles.iter(_w("style")):
        based = style.find(_w("basedOn"))
        parent = based.get(_w("val")) if based is not None else None
        own[style.get(_w("styleId"))] = (_rfonts_name(style), parent)
        if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
            default_para = style.get(_w("styleId"))

    def resolve(style_id: str | None, depth: int = 0) -> str | None:
        if style_id not in own or depth > 20:
            return None
        font, based = own[style_id]
        return font or resolve(based, depth + 1)

    defaults = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}")
    return {sid: resolve(sid) for sid in own}, default_para, _rfonts_name(defaults)


def _run_font(
    run: Any, fonts: dict[str, str | None], default_para: str | None, doc_font: str | None
) -> str | None:
    """The font a run is drawn in: its own, its character style's, its paragraph style's, the default."""
    own = _rfonts_name(run)
    if own:
        return own
    rstyle = run.find(f"{_w('rPr')}/{_w('rStyle')}")
    if rstyle is not None and fonts.get(rstyle.get(_w("val"))):
        return fonts[rstyle.get(_w("val"))]
    paragraph = run.getparent()
    while paragraph is not None and paragraph.tag != _w("p"):
        paragraph = paragraph.getparent()
    pstyle = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}") if paragraph is not None else None
    style_id = pstyle.get(_w("val")) if pstyle is not None else default_para
    return fonts.get(style_id) or doc_font


def _set_unicode_font(element: Any) -> None:
    """Name Times New Roman in every slot of the element's rFonts, dropping theme fonts that win over it."""
    from docx.oxml import OxmlElement

    rpr = element.find(_w("rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        element.insert(0, rpr)
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(_w(slot), UNICODE_FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(_w(theme), None)


def _convert_run(run: Any, encoding: str, capitals: bool, where: str, report: Report) -> None:
    """Convert the text of one legacy-font run in place and give it the Unicode font."""
    for node in run.iter(_w("t")):
        before = node.text or ""
        if has_vietnamese_letters(before):
            report.notes.append(f"{where}: phông cũ nhưng chữ đã là Unicode, chỉ đổi phông: {before!r}")
            continue
        after = to_unicode(before, encoding)
        after = upper(after) if capitals else after
        if after != before:
            node.text = after
            report.changes.append(Change(where, encoding + ("H" if capitals else ""), before, after))
    _set_unicode_font(run)
    report.fonts_replaced += 1


def _xml_parts(document: Any) -> list[Any]:
    """The document body, headers, footers, footnotes and endnotes that python-docx parsed as XML."""
    names = ("/word/document", "/word/header", "/word/footer", "/word/footnotes", "/word/endnotes")
    parts = [p for p in document.part.package.iter_parts() if str(p.partname).startswith(names)]
    return [p for p in parts if getattr(p, "_element", None) is not None]


def _replace_style_fonts(styles: Any) -> None:
    """Styles and document defaults that name a legacy font now name Times New Roman."""
    for holder in [*styles.iter(_w("style")), *styles.iter(_w("rPrDefault"))]:
        if font_encoding(_rfonts_name(holder))[0]:
            _set_unicode_font(holder)


def convert_docx(path: Path, output: Path | None = None, dry_run: bool = False) -> Report:
    """Convert every run whose font is .Vn* (TCVN3; '…H' = capitals) or VNI-*; other runs stay as they are."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several types for a damaged package
        raise ConvertError(f"không đọc được tệp DOCX {path}: {error}") from error
    styles = document.styles.element
    fonts, default_para, doc_font = _style_fonts(styles)
    report = Report(path, None)
    for part in _xml_parts(document):
        for index, run in enumerate(part.element.iter(_w("r")), start=1):
            encoding, capitals = font_encoding(_run_font(run, fonts, default_para, doc_font))
            if encoding:
                where = f"{str(part.partname).rsplit('/', 1)[-1]}, lượt chữ {index}"
                _convert_run(run, encoding, capitals, where, report)
    _replace_style_fonts(styles)
    if not dry_run:
        report.output = output or default_output(path)
        _save_docx(document, report.output)
    return report


def _save_docx(document: Any, target: Path) -> None:
    """Save through a temporary file and os.replace, like every other write."""
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())


def convert_file(
    path: Path, output: Path | None = None, source: Source = "auto", dry_run: bool = False
) -> Report:
    """Convert ``path`` by its type: .docx by run fonts, TXT/YAML/CSV by content (or ``source``)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return convert_docx(path, output, dry_run)
    if suffix in TEXT_SUFFIXES:
        return convert_text_file(path, output, source, dry_run)
    kind = suffix or "(không đuôi)"
    raise ConvertError(f"không chuyển được loại tệp {kind}: chỉ hỗ trợ .docx, .txt, .yaml, .yml, .csv, .md")
