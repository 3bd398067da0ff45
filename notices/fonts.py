"""The one font family of every document: find it, measure text with it, prepare it for PDF.

Decree 30 names Times New Roman. Where it is not installed we use a metric-identical family
(Liberation Serif, Tinos): same advance widths, so the same line breaks. Never a mix: if no
family has all four styles, that is a clear error, not a silent substitute.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from notices.errors import UserError

FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos")
STYLES = ("regular", "bold", "italic", "bolditalic")

# What the PDF fonts keep: Latin, Vietnamese, combining marks, punctuation, a few symbols.
SUBSET_RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ)
    (0x0180, 0x024F),  # Latin Extended-B (Ơ ơ Ư ư)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ạ ả ấ … ỹ)
    (0x2000, 0x206F),  # General Punctuation (– — ‘ ’ “ ” …)
    (0x20AB, 0x20AC),  # ₫ €
    (0x2116, 0x2116),  # №
)

INSTALL_HINT = (
    "Hãy cài phông Times New Roman, hoặc phông tương thích: "
    "sudo apt-get install fonts-liberation2 (Liberation Serif) hoặc fonts-croscore (Tinos)."
)


@dataclass(frozen=True)
class Family:
    """One installed font family with a file for each of the four styles."""

    name: str
    files: dict[str, Path]

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        """The font file for a style."""
        return self.files[("bold" if bold else "") + ("italic" if italic else "") or "regular"]


def _style_of(style: str) -> str | None:
    words = style.lower().replace("-", " ").split()
    bold = "bold" in words
    italic = "italic" in words or "oblique" in words
    plain = set(words) <= {"regular", "normal", "book", "roman", "bold", "italic", "oblique"}
    if not plain:
        return None
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


def installed_fonts() -> list[tuple[str, str, Path]]:
    """(family, style, file) of every installed font, from fontconfig or ``NOTICES_FONT_DIR``."""
    folder = os.environ.get("NOTICES_FONT_DIR")
    if folder:
        return _scan_folder(Path(folder))
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(
        ["fc-list", "--format", "%{family[0]}\t%{style[0]}\t%{file}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    return [(f, s, Path(p)) for f, s, p in (line.split("\t") for line in out.splitlines() if line.count("\t") == 2)]


def _scan_folder(folder: Path) -> list[tuple[str, str, Path]]:
    from fontTools.ttLib import TTFont

    found = []
    for path in sorted(folder.glob("*.[ot]tf")) + sorted(folder.glob("*.[OT]TF")):
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            found.append((names.getDebugName(1) or "", names.getDebugName(2) or "", path))
    return found


def choose_family(fonts: list[tuple[str, str, Path]]) -> Family:
    """The first of :data:`FAMILIES` installed in all four styles; else a :class:`UserError`."""
    for name in FAMILIES:
        files: dict[str, Path] = {}
        for family, style, path in fonts:
            key = _style_of(style)
            if family == name and key and key not in files:
                files[key] = path
        if all(s in files for s in STYLES):
            return Family(name, files)
    raise UserError(
        "Không tìm thấy phông chữ cho văn bản: cần Times New Roman (hoặc Liberation Serif, Tinos) "
        "đủ bốn kiểu thường, đậm, nghiêng, đậm nghiêng. " + INSTALL_HINT
    )


@functools.cache
def family() -> Family:
    """The family used on this machine (looked up once per process)."""
    return choose_family(installed_fonts())


@functools.cache
def _metrics(path: Path) -> tuple[dict[int, int], float]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        advances = font["hmtx"].metrics
        widths = {code: advances[glyph][0] for code, glyph in font.getBestCmap().items()}
        return widths, float(font["head"].unitsPerEm)


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` in points, set in the document family (no kerning, as Word sets it)."""
    widths, units = _metrics(family().file(bold, italic))
    fallback = widths.get(ord("M"), units / 2)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size / units


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` the family cannot draw (checked before any PDF is written)."""
    widths, _ = _metrics(family().file())
    return {ch for ch in set(text) if ord(ch) not in widths and not ch.isspace()}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "notices" / "fonts"


def subset_codepoints() -> list[int]:
    """Every code point the prepared PDF fonts keep."""
    return [c for lo, hi in SUBSET_RANGES for c in range(lo, hi + 1)]


@functools.cache
def prepared(bold: bool = False, italic: bool = False) -> Path:
    """The style's font subset to Latin + Vietnamese, made once and cached on disk.

    The PDF writer binds the family name to these files only, so no other font can stand in for
    a glyph; being small, they also keep WeasyPrint's per-document subsetting cheap when it falls
    back to fontTools (without HarfBuzz's subsetter).
    """
    source = family().file(bold, italic)
    stat = source.stat()
    key = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{SUBSET_RANGES}".encode()).hexdigest()[:16]
    target = _cache_dir() / f"{source.stem}-{key}.ttf"
    if not target.exists():
        _subset(source, target)
    return target


def _subset(source: Path, target: Path) -> None:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge timestamps: nothing to keep, and fontTools warns about them
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    with subset.load_font(str(source), options) as font:  # closes the source file (a fresh cache leaked it)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset_codepoints())
        subsetter.subset(font)
        try:
            subset.save_font(font, tmp, options)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
