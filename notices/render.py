"""From record files to documents on disk: compose each declared kind, write each format."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from notices import vn
from notices.errors import UserError
from notices.model import Document
from notices.records import Loaded, Record, load_record

FORMATS = ("docx", "pdf", "html", "md", "pdfa")
NEWS_FORMATS = ("html", "md", "docx", "pdf")  # the news post: web page (+ fragment, photos), Markdown, print
ADMIN_FORMATS = ("docx", "pdf", "html", "pdfa")  # documents under Decree 30 (no Markdown); pdfa: archive copy
MODULES = {"md": "markdown"}  # format → writer module, where the names differ
SUFFIXES = {"pdfa": ".pdfa.pdf"}  # format → file suffix, where it is not ".<format>"

@dataclass(frozen=True)
class Kind:
    """A document kind a record can declare under ``documents:``."""

    key: str  # the key under documents:
    label: str  # what the secretary calls it
    module: str  # notices.compose.<module>.compose_<module>(record, templates[, folder])
    formats: tuple[str, ...] = ADMIN_FORMATS  # the formats this kind can be written in
    defaults: tuple[str, ...] = ("docx", "pdf")  # written when --format is not given
    uses_folder: bool = False  # the composer also reads files beside the record (photos)
    on_request: bool = False  # composed for ``--only KEY`` even when the record does not declare it

    def compose(self, record: Record, templates: Path | None, folder: Path) -> Document:
        """The kind's document, composed from ``record`` (``folder``: the record's own folder)."""
        module = importlib.import_module(f"notices.compose.{self.module}")
        function = getattr(module, f"compose_{self.module}")
        return function(record, templates, folder) if self.uses_folder else function(record, templates)


KINDS = (
    Kind("invitation", "Giấy mời", "invitation"),
    Kind("minutes", "Biên bản", "minutes"),
    Kind("notice", "Thông báo kết luận", "notice"),
    Kind("report", "Báo cáo", "report"),
    Kind("news", "Tin bài", "news", formats=NEWS_FORMATS, defaults=NEWS_FORMATS, uses_folder=True,
         on_request=True),
)
KIND_KEYS = tuple(k.key for k in KINDS)


@dataclass
class Outcome:
    """What rendering one record produced, skipped, and how long each file took."""

    record: Path
    folder: Path
    written: list[tuple[Path, float]] = field(default_factory=list)


def record_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The record files named, or found (``*.yaml``, ``*.yml``) in the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            yield path


def writer(fmt: str) -> Callable[..., None]:
    """The ``write`` function of a format's writer, imported only when that format is asked for."""
    return importlib.import_module(f"notices.writers.{MODULES.get(fmt, fmt)}").write


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
    """
    outcome = Outcome(loaded.path, out / vn.slug(loaded.path.stem))
    documents = loaded.record.documents
    for kind in KINDS:
        declared = getattr(documents, kind.key) is not None
        asked = kind.key in only
        if (only and not asked) or not (declared or (asked and kind.on_request)):
            continue
        document = kind.compose(loaded.record, templates, loaded.folder)
        for fmt in (f for f in formats or kind.defaults if f in kind.formats):
            target = outcome.folder / f"{document.name}{SUFFIXES.get(fmt, '.' + fmt)}"
            start = time.perf_counter()
            extra = writer(fmt)(document, target, {"record": loaded})
            outcome.written.append((target, time.perf_counter() - start))
            seen = {p for p, _ in outcome.written}
            outcome.written += [(p, 0.0) for p in extra or () if p not in seen]  # news: fragment, photos
    return outcome


def load_all(paths: Iterable[Path]) -> list[Loaded]:
    """Load every record; raise one :class:`UserError` carrying the problems of all bad ones."""
    loaded, failures = [], []
    for path in record_files(paths):
        try:
            loaded.append(load_record(path))
        except UserError as exc:
            failures.append(exc)
    if failures:
        raise MultiRecordError(failures)
    return loaded


class MultiRecordError(UserError):
    """Several records failed; nothing was written."""

    def __init__(self, failures: list[UserError]) -> None:
        super().__init__(f"{len(failures)} hồ sơ có lỗi; không tạo văn bản nào.")
        self.failures = failures
