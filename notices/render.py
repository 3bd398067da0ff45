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

FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Kind:
    """A document kind a record can declare under ``documents:``."""

    key: str  # the key under documents:
    label: str  # what the secretary calls it
    compose: Callable[[Record, Path | None], Document] | None  # None: not built yet


def _notice(record: Record, templates: Path | None) -> Document:
    from notices.compose.notice import compose_notice

    return compose_notice(record, templates)


KINDS = (
    Kind("invitation", "Giấy mời", None),
    Kind("minutes", "Biên bản", None),
    Kind("notice", "Thông báo kết luận", _notice),
    Kind("report", "Báo cáo", None),
    Kind("news", "Tin bài", None),
)
KIND_KEYS = tuple(k.key for k in KINDS)


@dataclass
class Outcome:
    """What rendering one record produced, skipped, and how long each file took."""

    record: Path
    folder: Path
    written: list[tuple[Path, float]] = field(default_factory=list)
    not_built: list[Kind] = field(default_factory=list)


def record_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The record files named, or found (``*.yaml``, ``*.yml``) in the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            yield path


def writer(fmt: str) -> Callable[..., None]:
    """The ``write`` function of a format's writer, imported only when that format is asked for."""
    return importlib.import_module(f"notices.writers.{fmt}").write


def render_record(
    loaded: Loaded,
    out: Path,
    *,
    only: tuple[str, ...] = (),
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    templates: Path | None = None,
) -> Outcome:
    """Compose and write every kind ``loaded`` declares (or those in ``only``) into ``out/<record>/``."""
    outcome = Outcome(loaded.path, out / vn.slug(loaded.path.stem))
    documents = loaded.record.documents
    for kind in KINDS:
        if getattr(documents, kind.key) is None or (only and kind.key not in only):
            continue
        if kind.compose is None:
            outcome.not_built.append(kind)
            continue
        document = kind.compose(loaded.record, templates)
        for fmt in formats:
            target = outcome.folder / f"{document.name}.{fmt}"
            start = time.perf_counter()
            writer(fmt)(document, target)
            outcome.written.append((target, time.perf_counter() - start))
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
