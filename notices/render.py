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

FORMATS = ("docx", "pdf", "html", "md")
NEWS_FORMATS = ("html", "md", "docx", "pdf")  # the news post: web page (+ fragment, photos), Markdown, print
ADMIN_FORMATS = ("docx", "pdf", "html")  # documents under Decree 30 (no Markdown)
MODULES = {"md": "markdown"}  # format → writer module, where the names differ
DEFAULT_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Kind:
    """A document kind a record can declare under ``documents:``."""

    key: str  # the key under documents:
    label: str  # what the secretary calls it
    compose: Callable[[Record, Path | None], Document] | None  # None: not built yet
    formats: tuple[str, ...] = ADMIN_FORMATS  # the formats this kind is written in
    needs_folder: bool = False  # compose also takes folder= (the record's folder: photos)


def _notice(record: Record, templates: Path | None) -> Document:
    from notices.compose.notice import compose_notice

    return compose_notice(record, templates)


def _invitation(record: Record, templates: Path | None) -> Document:
    from notices.compose.invitation import compose_invitation

    return compose_invitation(record, templates)


def _minutes(record: Record, templates: Path | None) -> Document:
    from notices.compose.minutes import compose_minutes

    return compose_minutes(record, templates)


def _report(record: Record, templates: Path | None) -> Document:
    from notices.compose.report import compose_report

    return compose_report(record, templates)


def _news(record: Record, templates: Path | None, folder: Path | None = None) -> Document:
    from notices.compose.news import compose_news

    return compose_news(record, templates, folder)


KINDS = (
    Kind("invitation", "Giấy mời", _invitation),
    Kind("minutes", "Biên bản", _minutes),
    Kind("notice", "Thông báo kết luận", _notice),
    Kind("report", "Báo cáo", _report),
    Kind("news", "Tin bài", _news, formats=NEWS_FORMATS, needs_folder=True),
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
    return importlib.import_module(f"notices.writers.{MODULES.get(fmt, fmt)}").write


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
        if kind.needs_folder:
            document = kind.compose(loaded.record, templates, folder=loaded.folder)  # type: ignore[call-arg]
        else:
            document = kind.compose(loaded.record, templates)
        for fmt in (f for f in formats if f in kind.formats):
            target = outcome.folder / f"{document.name}.{fmt}"
            start = time.perf_counter()
            extra = writer(fmt)(document, target)
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
