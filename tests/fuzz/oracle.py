"""What must hold for any input: the fuzz suite's judge.

For one record file: loading either succeeds or raises a RecordError whose every problem has a
line and column inside the file and a Vietnamese message (no English parser text); a record that
loads renders either completely or not at all (nothing left in the output folder), never with an
internal error; an error while rendering carries a position (file:line:col, or the output path for
an output-folder problem); and the text of a rendered record comes out verbatim in DOCX, HTML and
Markdown (which also carries no raw HTML).
"""

from __future__ import annotations

import html
import os
import re
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from notices.errors import RecordError, UserError

# English that ruamel.yaml, pydantic or Python put in messages; none may reach the user.
ENGLISH = re.compile(
    r"\b(expected|found|while (scanning|parsing)|but found|could not|not allowed|cannot|unacceptable|"
    r"Input should|Value error|Traceback|Errno|invalid literal|object has no|is undefined|No such file)\b|<block",
)


@dataclass
class Tally:
    """Counts of a fuzz run, and the first few failures of each kind."""

    counts: Counter = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, kind: str, detail: str) -> None:
        self.counts[kind] += 1
        self.failures.setdefault(kind, [])
        if len(self.failures[kind]) < 5:
            self.failures[kind].append(detail)

    @property
    def violations(self) -> int:
        return sum(self.counts[k] for k in ("internal_error", "positionless_error", "english_message",
                                             "partial_output", "lost_characters", "raw_html"))


def message_ok(message: str) -> bool:
    """No English parser text outside the user's own quoted values (“…”)."""
    return not ENGLISH.search(re.sub(r"“[^”]*”", "", message))


def check_load(path: Path, tally: Tally):
    """Load ``path``; the Loaded record, or None after checking the RecordError it raised."""
    from notices.records import load_record

    tally.counts["records"] += 1
    try:
        loaded = load_record(path)
    except RecordError as error:
        tally.counts["refused"] += 1
        source = error.source if error.source is not None else path.read_bytes().decode("latin-1")
        lines = max(len(source.splitlines()), 1) + 1
        if not error.problems:
            tally.fail("positionless_error", f"{path}: {error.message}")
        for problem in error.problems:
            if not (1 <= problem.line <= lines and problem.column >= 1):
                tally.fail("positionless_error", f"{path}: {problem.format()}")
            if not message_ok(problem.message):
                tally.fail("english_message", problem.format())
        return None
    except Exception:  # noqa: BLE001 — the judge counts internal errors, it does not hide them
        tally.fail("internal_error", f"{path}: {traceback.format_exc(limit=-3)}")
        return None
    tally.counts["valid"] += 1
    return loaded


def check_render(loaded, out: Path, tally: Tally, formats: tuple[str, ...], templates: Path | None = None) -> bool:
    """Render ``loaded`` into ``out``; True when it rendered. Checks all-or-nothing and verbatim text."""
    from notices import vn
    from notices.render import render_record

    folder = out / vn.slug(loaded.path.stem)
    before = set(_present(out, folder))
    try:
        outcome = render_record(loaded, out, formats=formats, templates=templates)
    except UserError as error:
        tally.counts["render_refused"] += 1
        text = error.report() if isinstance(error, RecordError) else error.message
        if not (error.problems or re.match(r"^\S.*?: lỗi: ", error.message)):
            tally.fail("positionless_error", f"{loaded.path}: {text}")
        if not message_ok(text):
            tally.fail("english_message", text)
        _check_nothing_left(out, folder, loaded.path, tally, before)
        return False
    except Exception:  # noqa: BLE001
        tally.fail("internal_error", f"{loaded.path}: {traceback.format_exc(limit=-4)}")
        _check_nothing_left(out, folder, loaded.path, tally, before)
        return False
    tally.counts["rendered"] += 1
    leftovers = [p for p in out.iterdir() if p.name.startswith(".notices-")] if os.path.isdir(out) else []
    if leftovers:
        tally.fail("partial_output", f"{loaded.path}: staging left: {leftovers}")
    if templates is None:  # an office template may legitimately reword (or leave out) the record's text
        check_verbatim(loaded, [p for p, _ in outcome.written], tally)
    return True


def _present(out: Path, folder: Path) -> list[str]:
    """Every path in the record's folder and every staging folder in ``out`` (none if unreadable)."""
    found = [str(p) for p in folder.rglob("*")] if os.path.isdir(folder) else []
    return found + ([str(p) for p in out.iterdir() if p.name.startswith(".notices-")] if os.path.isdir(out) else [])


def _check_nothing_left(out: Path, folder: Path, record: Path, tally: Tally, before: set[str]) -> None:
    left = sorted(set(_present(out, folder)) - before)
    if left:
        tally.fail("partial_output", f"{record}: {left}")


# -- text of each format ---------------------------------------------------------------------------

def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<w:br[^>]*/>", "\n", xml)
    xml = re.sub(r"<w:tab/>", "\t", xml)
    xml = re.sub(r"</w:p>", "\n", xml)
    parts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|(\n|\t)", xml)
    return html.unescape("".join(a or b for a, b in parts))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script", "head"):
            self.skip += 1
        if tag in ("br", "p", "div", "li", "h1", "h2", "td", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return "".join(parser.parts)


def markdown_text(path: Path, tally: Tally) -> str:
    """The text a CommonMark site shows for our Markdown; a raw HTML token is a failure."""
    from markdown_it import MarkdownIt

    source = path.read_text(encoding="utf-8")
    body = source.split("\n---\n", 1)[1] if source.startswith("---\n") else source
    md = MarkdownIt("commonmark")
    for token in md.parse(body):
        kinds = [token.type] + [child.type for child in token.children or ()]
        if any(kind in ("html_inline", "html_block") for kind in kinds):
            tally.fail("raw_html", f"{path}: {token.content[:120]!r}")
            break
    return html_text(md.render(body))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def printed_values(record) -> dict[str, list[str]]:
    """Record texts each document prints verbatim (up to case and spacing), by document name."""
    docs = record.documents
    wanted: dict[str, list[str]] = {}
    if docs.notice is not None:
        items = [i if isinstance(i, str) else i.text for i in record.conclusions.items]
        wanted["thong-bao"] = [*items, docs.notice.signer.name, docs.notice.subject]
    if docs.invitation is not None:
        wanted["giay-moi"] = [docs.invitation.signer.name]
    if docs.news is not None and docs.news.title:
        wanted["tin-bai"] = [docs.news.title]
    return wanted


def check_verbatim(loaded, written: list[Path], tally: Tally) -> None:
    wanted = printed_values(loaded.record)
    for path in written:
        stem, suffix = path.name.split(".", 1)[0], path.suffix
        if stem not in wanted or ".fragment." in path.name:
            continue
        if suffix == ".docx":
            text = docx_text(path)
        elif suffix == ".html":
            text = html_text(path.read_text(encoding="utf-8"))
        elif suffix == ".md":
            text = markdown_text(path, tally)
        else:
            continue
        tally.counts[f"checked_{suffix[1:]}"] += 1
        folded = _fold(text)
        for value in wanted[stem]:
            if _fold(value) not in folded:
                tally.fail("lost_characters", f"{path}: {value!r} not found verbatim")
