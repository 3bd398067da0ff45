"""PDF writer: the HTML writer's page rendered by WeasyPrint (the only module that imports it).

One font family only: the prepared subsets of :mod:`notices.fonts`, declared under a private
name so that no other installed font can stand in for a glyph. Text the family cannot draw is
refused before anything is written.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices import fonts
from notices.errors import UserError
from notices.files import atomic_path
from notices.model import Document
from notices.writers import html as html_writer


@dataclass(frozen=True)
class Setup:
    """What every PDF of this process shares, made once: WeasyPrint's font configuration holding the
    family's four faces, and the pre-parsed stylesheets (faces, the Decree 30 page)."""

    family: str  # the CSS font-family value, quoted
    font_config: Any
    faces: Any  # weasyprint.CSS of the @font-face rules
    page: Any  # weasyprint.CSS of the HTML writer's print stylesheet
    inline: str  # that stylesheet as the HTML writer puts it in <head>, taken out for the pre-parsed one


_LOCAL = threading.local()


def prepare() -> Setup:
    """This thread's PDF set-up, made on first use (a new font configuration per document cost 20–30%
    of a PDF and ~240 KB never released). One per thread: WeasyPrint's font map is not shared safely."""
    setup = getattr(_LOCAL, "setup", None)
    if setup is None:
        setup = _LOCAL.setup = _setup()
    return setup


def _setup() -> Setup:
    """A font configuration holding the family's faces, and the stylesheets parsed against it; its
    temporary font folder is removed when the process ends."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    family = f'"{fonts.family().name}"'
    font_config = FontConfiguration()
    faces = CSS(string=font_faces(), font_config=font_config)
    page = CSS(string=html_writer.stylesheet(family), font_config=font_config)
    _remove_at_exit(font_config)
    return Setup(family, font_config, faces, page, f"<style>\n{html_writer.stylesheet(family)}</style>\n")


_CLEAN_UPS: list[Any] = []  # what remove_fonts() removes: each set-up's temporary font folder


def _remove_at_exit(font_config: Any) -> None:
    """WeasyPrint removes its font folder when the configuration is collected, which a process's end
    does not promise (a pool worker ends with os._exit): remove it at exit, in either way."""
    import atexit
    import shutil
    from multiprocessing import util

    def remove() -> None:
        folder = getattr(font_config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            font_config._folder = None  # WeasyPrint's own clean-up, late in the interpreter's end, has nothing left

    _CLEAN_UPS.append(remove)
    atexit.register(remove)
    util.Finalize(None, remove, exitpriority=1)


def remove_fonts() -> None:
    """Remove the temporary font folders of this process's set-ups now (a process about to end abruptly)."""
    for remove in _CLEAN_UPS:
        remove()


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as PDF, atomically.

    ``options`` may hold more WeasyPrint options (``pdf_variant``, ``attachments``) and ``finishers``,
    run in order while WeasyPrint writes the file: :func:`notices.render.write_document` passes the one
    that adds an empty signature field over each signer's block (:mod:`notices.signing.field`), the
    PDF/A-3b writer (:mod:`notices.writers.pdfa`) adds its own after it. This writer imports no signing.
    """
    options = options or {}
    extra = {key: options[key] for key in ("pdf_variant", "attachments") if key in options}
    finishers = tuple(options.get("finishers", ()))
    refuse_missing_glyphs(document)
    setup = prepare()
    page = html_writer.render(document, font_family=setup.family)
    stylesheets = [setup.faces]
    if setup.inline in page:  # the Decree 30 page: its stylesheet is already parsed
        page = page.replace(setup.inline, "", 1)
        stylesheets.append(setup.page)
    with atomic_path(path) as tmp, collector_paused():
        _page_class()(string=page, base_url=str(path.parent)).write_pdf(
            str(tmp),
            stylesheets=stylesheets,
            font_config=setup.font_config,
            # WeasyPrint still subsets per document: with HarfBuzz's subsetter that costs ~10 ms here,
            # while embedding the prepared fonts whole made PDFs 2× slower and 30× larger
            # (bench/render_times.py).
            custom_metadata=True,
            finisher=lambda laid_out, pdf: [finish(laid_out, pdf) for finish in finishers],
            **extra,
        )


_PAUSES = threading.Lock()
_paused = 0  # documents being laid out now, in all threads


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while WeasyPrint builds a document, one young-generation
    collection after it.

    A document's boxes, styles and text layouts all live until it is written, so every automatic
    collection during the layout walked them in vain: 7–10 % of a PDF's time, and about 7 ms a record in
    a batch (bench/batch.py). The collection afterwards frees the document's reference cycles at once.
    Process-wide, so counted across threads: the last document to finish switches it back on.
    """
    global _paused
    with _PAUSES:
        ours = _paused > 0 or gc.isenabled()  # switched off by someone else: theirs to switch back on
        if ours:
            _paused += 1
            gc.disable()
    if not ours:
        yield
        return
    try:
        yield
    finally:
        with _PAUSES:
            _paused -= 1
            if _paused == 0:
                gc.enable()
        gc.collect(0)


# Elements the HTML parser adds by itself to any page (a <tr> gets its <tbody>, a <col> its <colgroup>).
_IMPLIED = frozenset({"html", "head", "body", "tbody", "colgroup"})


@functools.cache
def _page_class() -> Any:
    """WeasyPrint's HTML, with the page parsed by lxml, and cascaded against only the rules of its
    user-agent stylesheet that can match the page's elements (the browser's defaults for forms, lists,
    ruby… can't): the same styles, for a fifth of the cascade's work (bench/batch.py)."""
    import re

    from weasyprint import HTML

    class Page(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            if forms:  # never for our pages; the full sheets, as WeasyPrint has them
                return super()._ua_stylesheets(forms)
            tags = frozenset(re.findall(r"<([a-z][a-z0-9]*)", self._source)) | _IMPLIED
            return [_user_agent(tags)]

        def __init__(self, string: str, base_url: str) -> None:
            self._source = string
            super().__init__(string=EMPTY_PAGE, base_url=base_url)
            # The page's tree from libxml2's HTML parser (C) rather than WeasyPrint's own (Python): 0.6 M
            # instead of 23 M instructions, ~5 % of a PDF. Our pages are well-formed HTML, for which
            # both give the same PDF (tests/writers/test_pdf_parser.py compares them on every example).
            self.wrapper_element = _wrapped(string)
            self.etree_element = self.wrapper_element.etree_element

    return Page


EMPTY_PAGE = "<!DOCTYPE html><html><head></head><body></body></html>"


def _wrapped(page: str) -> Any:
    """``page`` parsed by lxml (libxml2), wrapped for WeasyPrint's selector matching as its own parser's tree is."""
    import cssselect2
    import lxml.html

    return cssselect2.ElementWrapper.from_html_root(lxml.html.document_fromstring(page), content_language=None)


@functools.cache
def _user_agent(tags: frozenset[str]) -> Any:
    """WeasyPrint's user-agent stylesheet less the rules whose selectors name only elements not in ``tags``.

    A rule is kept if any selector of it names one of ``tags``, or names no element at all
    (``[hidden]``, ``:root``, ``*``); at-rules (``@page``…) are kept whole. So every rule that can
    match an element of the page is kept, in its order: the cascade gives the same values.
    """
    import re

    import tinycss2
    from weasyprint import CSS
    from weasyprint.html import UA

    kept = []
    for rule in tinycss2.parse_stylesheet(UA, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule":
            if rule.lower_at_keyword != "counter-style":  # counter styles live in their own registry
                kept.append(rule)
            continue
        if rule.type != "qualified-rule":
            continue
        selectors = tinycss2.serialize(rule.prelude)
        # Element names only: no attributes, no pseudo-classes' names, no arguments that aren't selectors.
        bare = re.sub(r":(lang|dir|nth-[a-z-]+)\([^)]*\)|\[[^\]]*\]|::?[A-Za-z-]+", " ", selectors)
        if any(not (names := set(re.findall(r"[A-Za-z][A-Za-z0-9-]*", part))) or names & tags
               for part in _split_selectors(bare)):
            kept.append(rule)
    return CSS(string=tinycss2.serialize(kept))


def _split_selectors(selectors: str) -> list[str]:
    """A selector list split at its top-level commas (commas inside ``:is(…)`` stay)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selectors):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    return [*parts, selectors[start:]]


def font_faces() -> str:
    """@font-face rules binding the family's name to its four prepared files.

    The PDF then names its fonts after the real family (e.g. LiberationSerif-Bold), and only
    these files are used: the family's other installed files are never consulted.
    """
    name = fonts.family().name
    rules = []
    for bold in (False, True):
        for italic in (False, True):
            src = fonts.prepared(bold, italic).as_uri()
            rules.append(
                f'@font-face {{ font-family: "{name}"; src: url("{src}"); '
                f"font-weight: {700 if bold else 400}; font-style: {'italic' if italic else 'normal'}; }}"
            )
    return "\n".join(rules)


def refuse_missing_glyphs(document: Document) -> None:
    """A clear error, before writing, for any character the prepared family cannot draw."""
    text = "".join(document.strings())
    kept = set(map(chr, fonts.subset_codepoints()))
    missing = fonts.missing_glyphs(text) | {ch for ch in set(text) if ch not in kept and not ch.isspace()}
    if missing:
        shown = ", ".join(f"“{ch}” (U+{ord(ch):04X})" for ch in sorted(missing))
        raise UserError(
            f"{document.title}: phông {fonts.family().name} không có các ký tự {shown}; "
            "hãy thay các ký tự đó trong hồ sơ (mọi văn bản của notices chỉ dùng một phông chữ)."
        )
