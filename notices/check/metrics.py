"""Text widths in Times New Roman, measured with a metric-identical font (Liberation Serif or Tinos).

Used to know how long a DOCX line is printed, so rule lines can be compared with the text over them.
Without any of these fonts an average advance of 0.5 em is used.
"""

from __future__ import annotations

import functools
from pathlib import Path

_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
_NAMES = {
    (False, False): ("LiberationSerif-Regular.ttf", "Tinos-Regular.ttf", "times.ttf"),
    (True, False): ("LiberationSerif-Bold.ttf", "Tinos-Bold.ttf", "timesbd.ttf"),
    (False, True): ("LiberationSerif-Italic.ttf", "Tinos-Italic.ttf", "timesi.ttf"),
    (True, True): ("LiberationSerif-BoldItalic.ttf", "Tinos-BoldItalic.ttf", "timesbi.ttf"),
}


@functools.cache
def _font_file(bold: bool, italic: bool) -> Path | None:
    for name in _NAMES[(bold, italic)]:
        for root in _DIRS:
            hits = sorted(Path(root).rglob(name)) if Path(root).is_dir() else []
            if hits:
                return hits[0]
    return None


@functools.cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, float], float] | None:
    path = _font_file(bold, italic)
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    with TTFont(str(path)) as font:
        upem = font["head"].unitsPerEm
        hmtx = font["hmtx"].metrics
        cmap = font.getBestCmap()
        widths = {code: hmtx[glyph][0] / upem for code, glyph in cmap.items() if glyph in hmtx}
    return widths, 0.5


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Printed width of ``text`` at ``size`` points."""
    table = _advances(bool(bold), bool(italic))
    if table is None:
        return len(text) * size * 0.5
    widths, default = table
    return sum(widths.get(ord(ch), default) for ch in text) * size
