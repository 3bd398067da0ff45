"""From record files to documents on disk: compose each declared kind, write each format."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from notices import kinds, vn
from notices.errors import UserError
from notices.records import Loaded

if TYPE_CHECKING:  # the document model is loaded by the composers: `validate` never needs it
    from notices.model import Document

# The catalogue's names, kept here for the callers that import them from render.
FORMATS, NEWS_FORMATS, ADMIN_FORMATS, KINDS = kinds.FORMATS, kinds.NEWS_FORMATS, kinds.ADMIN_FORMATS, kinds.KINDS
writer = kinds.writer  # render.writer: the one name write_document calls (tests put a failing one in its place)
Kind = kinds.Kind


def kind_keys() -> tuple[str, ...]:
    """The keys ``--only`` accepts: every kind of the catalogue."""
    return kinds.keys()


@dataclass
class Outcome:
    """What rendering one record produced, skipped, and how long each file took."""

    record: Path
    folder: Path
    written: list[tuple[Path, float]] = field(default_factory=list)


def record_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The record files named, or found (``*.yaml``, ``*.yml``; not ``office.yaml``) in the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.name != "office.yaml")
        else:
            yield path


def render_record(
    loaded: Loaded,
    out: Path,
    *,
    only: tuple[str, ...] = (),
    formats: tuple[str, ...] = (),
    templates: Path | None = None,
) -> Outcome:
    """Compose and write every kind ``loaded`` declares (or those in ``only``) into ``out/<record>/``.

    ``formats`` picks among the formats each kind can be written in; empty means the kind's defaults.
    All or nothing: every document is composed first, then written into a staging folder inside
    ``out``, and moved into ``out/<record>/`` only when all of them succeeded; on any failure the
    record's previous documents stay as they were and nothing new is left behind.
    """
    if templates is not None:
        from notices.compose.templates import check_folder

        check_folder(templates)  # a broken office template stops before anything is written
    outcome = Outcome(loaded.path, record_folder(loaded.path, out))
    documents = loaded.record.documents
    plan: list[tuple[kinds.Kind, Document, list[str]]] = []
    for kind in kinds.kinds():
        declared = getattr(documents, kind.key) is not None
        asked = kind.key in only
        if (only and not asked) or not (declared or (asked and kind.on_request)):
            continue
        with _naming(kind.label):
            document = kind.compose(loaded.record, templates, loaded.folder)
        plan.append((kind, document, [f for f in formats or kind.defaults if f in kind.formats]))
    if not any(fmts for _, _, fmts in plan):
        return outcome
    if any("pdf" in fmts or "pdfa" in fmts for _, _, fmts in plan):
        _refuse_unprintable(loaded)
    with staging_folder(out, loaded.path) as staging:
        staged: list[tuple[Path, float]] = []
        for kind, document, fmts in plan:
            for fmt in fmts:
                target = staging / f"{document.name}{kinds.suffix(fmt)}"
                start = time.perf_counter()
                with _naming(f"{kind.label} ({target.name})"), _output_errors(out, loaded.path, staging):
                    extra = write_document(document, fmt, target, loaded)
                staged.append((target, time.perf_counter() - start))
                seen = {p for p, _ in staged}
                staged += [(p, 0.0) for p in extra or () if p not in seen]  # news: fragment, photos
        with _output_errors(out, loaded.path, staging):
            outcome.written = _move_into_place(staging, outcome.folder, staged)
    return outcome


def write_document(document: Document, fmt: str, target: Path, loaded: Loaded | None = None) -> list[Path] | None:
    """Write ``document`` in ``fmt`` to ``target`` by the catalogue's writer; the extra files it wrote.

    A PDF (and its PDF/A archive copy) gets its empty signature fields from the finisher passed here:
    the writers know nothing of signing, and signing only ever opens finished PDFs.
    """
    options: dict[str, object] = {"record": loaded}
    if fmt in ("pdf", "pdfa"):
        from notices.signing.field import add_signature_fields

        options["finishers"] = (add_signature_fields,)
    return writer(fmt)(document, target, options)


def record_folder(path: Path, out: Path) -> Path:
    """The folder under ``out`` that a record's documents go into: its file name, as readable ASCII."""
    return out / vn.slug(path.stem)


@contextlib.contextmanager
def _naming(document: str) -> Iterator[None]:
    """A bug (not a user error) raised inside is labelled with the document being made, so that the
    batch can name it; it is not handled here."""
    try:
        yield
    except UserError:
        raise
    except Exception as error:
        error.notices_document = document  # type: ignore[attr-defined]
        raise


def _refuse_unprintable(loaded: Loaded) -> None:
    """Characters of the record the PDF font family lacks: a record error at their field, before writing."""
    from notices import fonts
    from notices.errors import RecordError
    from notices.records.load import unprintable_problems

    if loaded.source is None:
        return
    problems = unprintable_problems(loaded.source, loaded.path, fonts.missing_glyphs)
    if problems:
        raise RecordError(loaded.path, tuple(problems), loaded.text)


class OutputError(UserError):
    """The output folder cannot take the documents: a file in its place, no permission, disk full…"""


_OUTPUT_REASONS = {
    errno.ENOSPC: "ổ đĩa đầy",
    errno.EDQUOT: "đã hết dung lượng được cấp trên ổ đĩa",
    errno.EFBIG: "tệp vượt quá kích thước ổ đĩa cho phép (ổ đĩa đầy hoặc bị giới hạn)",
    errno.EACCES: "không có quyền ghi vào thư mục này",
    errno.EPERM: "không có quyền ghi vào thư mục này",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không cho ghi",
    errno.ENAMETOOLONG: "tên tệp hoặc thư mục quá dài cho hệ thống tệp; hãy đặt tên hồ sơ hoặc thư mục ngắn hơn",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục",
    errno.EEXIST: "đã có một tệp trùng tên với thư mục cần tạo",
    errno.EISDIR: "đã có một thư mục trùng tên với tệp cần ghi",
    errno.ELOOP: "đường dẫn có liên kết vòng",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
}


def output_error(exc: OSError, out: Path, record: Path | None = None) -> OutputError:
    """A clear Vietnamese message for an OSError met while writing under ``out``."""
    reason = _OUTPUT_REASONS.get(exc.errno or 0, f"hệ thống không cho ghi (mã lỗi {exc.errno})")
    where = Path(exc.filename) if exc.filename else out
    whose = f" văn bản của hồ sơ {record}" if record else ""
    return OutputError(f"{where}: lỗi: không ghi được{whose} vào thư mục “{out}”: {reason}. "
                       "Không có tệp nào của hồ sơ này được ghi hay thay đổi.")


@contextlib.contextmanager
def _output_errors(out: Path, record: Path, staging: Path) -> Iterator[None]:
    """Turn an OSError about the output folder (not, say, a font file) into an :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        name = str(exc.filename or "")
        if name and not (name.startswith(str(staging)) or name.startswith(str(out))):
            raise
        raise output_error(exc, out, record) from None


@contextlib.contextmanager
def staging_folder(out: Path, record: Path) -> Iterator[Path]:
    """A fresh hidden folder inside ``out`` (same disk, so moving out of it is a rename), removed after.

    ``out`` itself is created if missing, and removed again if the record fails and it stayed empty.
    """
    created = False
    try:
        created = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".notices-", dir=out))
    except OSError as exc:
        if isinstance(exc, FileExistsError | NotADirectoryError) and os.path.isfile(out):
            raise OutputError(f"{out}: lỗi: thư mục ghi văn bản “{out}” đang là một tệp, không phải thư mục; "
                              "hãy chọn thư mục khác với --out.") from None
        raise output_error(exc, out, record) from None
    ok = False
    try:
        yield staging
        ok = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not ok:
            with contextlib.suppress(OSError):
                out.rmdir()  # only if empty


def _move_into_place(staging: Path, folder: Path, staged: list[tuple[Path, float]]) -> list[tuple[Path, float]]:
    """Rename every staged file into ``folder`` (same disk); checks every target first."""
    moves = [(path, folder / path.relative_to(staging), seconds) for path, seconds in staged]
    for _, target, _ in moves:
        if target.is_dir():
            raise OSError(errno.EISDIR, "is a directory", str(target))
        for parent in target.relative_to(folder).parents:
            if (folder / parent).exists() and not (folder / parent).is_dir():
                raise OSError(errno.ENOTDIR, "not a directory", str(folder / parent))
    folder.mkdir(parents=True, exist_ok=True)
    for path, target, _ in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    return [(target, seconds) for _, target, seconds in moves]


# -- one document, for a caller that wants it in memory (the web form): the same steps as render_record ---------

def kind_of(key: str) -> Kind:
    """The catalogue's kind ``key``; an unknown key is a Vietnamese error."""
    found = next((k for k in kinds.kinds() if k.key == key), None)
    if found is None:
        raise UserError(f"không có loại văn bản “{key}”")
    return found


def compose_one(loaded: Loaded, key: str, templates: Path | None = None) -> Document:
    """The document of kind ``key`` for ``loaded``, as :func:`render_record` composes it (photos read from
    the record's folder); a kind the record does not declare (and that is not made on request) is an error."""
    kind = kind_of(key)
    if getattr(loaded.record.documents, kind.key) is None and not kind.on_request:
        raise UserError(f"Hồ sơ chưa có {kind.label.lower()}.")
    with _naming(kind.label):
        return kind.compose(loaded.record, templates, loaded.folder)


def file_stem(document: Document) -> str:
    """A readable name for one document's file: 'thong-bao-05-TB-UBND', 'giay-moi-du-thao', 'tin-bai',
    from the number the document carries as data (never parsed from a printed line)."""
    shown = document.number
    if shown is None:
        return document.name
    if shown.number is None:
        return f"{document.name}-du-thao"
    return f"{document.name}-{vn.number_label(shown.number, shown.notation).replace('/', '-')}"


def document_bytes(loaded: Loaded, document: Document, fmt: str, name: str) -> bytes:
    """``document`` written in ``fmt`` as :func:`render_record` writes it (refusing, for a PDF, characters
    its fonts lack; the PDF's signature fields from the same finisher); the file's bytes."""
    if fmt in ("pdf", "pdfa"):
        _refuse_unprintable(loaded)
    with tempfile.TemporaryDirectory(prefix="notices-one-") as tmp:
        target = Path(tmp) / f"{name}{kinds.suffix(fmt)}"
        write_document(document, fmt, target, loaded)
        return target.read_bytes()
