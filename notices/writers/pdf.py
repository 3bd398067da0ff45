"""PDF writer: the HTML writer's page rendered by WeasyPrint (the only module that imports it).

One font family only: the prepared subsets of :mod:`notices.fonts`, declared under a private
name so that no other installed font can stand in for a glyph. Text the family cannot draw is
refused before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notices import fonts
from notices.errors import UserError
from notices.model import Document
from notices.writers import html as html_writer
from notices.writers.atomic import atomic_path


def write(document: Document, path: Path, options: dict[str, Any] | None = None) -> None:
    """Write ``document`` to ``path`` as PDF, atomically.

    Every PDF carries an empty signature field over each signer's block (:mod:`notices.signing.field`).
    ``options`` may hold more WeasyPrint options (``pdf_variant``, ``attachments``) and ``finishers``
    run after the field one (the PDF/A-3b writer, :mod:`notices.writers.pdfa`, passes them).
    """
    from notices.signing.field import add_signature_fields

    options = options or {}
    extra = {key: options[key] for key in ("pdf_variant", "attachments") if key in options}
    finishers = (add_signature_fields, *options.get("finishers", ()))
    _refuse_missing_glyphs(document)
    page = html_writer.render(document, font_family=f'"{fonts.family().name}"')
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    faces = CSS(string=font_faces(), font_config=font_config)
    with atomic_path(path) as tmp:
        HTML(string=page, base_url=str(path.parent)).write_pdf(
            str(tmp),
            stylesheets=[faces],
            font_config=font_config,
            # WeasyPrint still subsets per document: with HarfBuzz's subsetter that costs ~10 ms here,
            # while embedding the prepared fonts whole made PDFs 2× slower and 30× larger
            # (bench/render_times.py).
            custom_metadata=True,
            finisher=lambda laid_out, pdf: [finish(laid_out, pdf) for finish in finishers],
            **extra,
        )


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


def _refuse_missing_glyphs(document: Document) -> None:
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
