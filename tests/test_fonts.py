"""One font family: chosen in order, measured, prepared for PDF; never a silent substitute."""

from __future__ import annotations

from pathlib import Path

import pytest

from notices import fonts
from notices.errors import UserError

VIETNAMESE = "ẮẰẲẴẶẤẦẨẪẬỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰđĐơưƠƯ"  # V25


def listing(family: str, styles=("Regular", "Bold", "Italic", "Bold Italic")):
    return [(family, style, Path(f"/f/{family}-{style}.ttf")) for style in styles]


def test_times_new_roman_wins_over_its_metric_twins():
    chosen = fonts.choose_family(listing("Tinos") + listing("Liberation Serif") + listing("Times New Roman"))
    assert chosen.name == "Times New Roman"
    assert chosen.file(bold=True, italic=True) == Path("/f/Times New Roman-Bold Italic.ttf")


def test_a_family_missing_a_style_is_not_used():
    chosen = fonts.choose_family(listing("Liberation Serif", ("Regular", "Bold")) + listing("Tinos"))
    assert chosen.name == "Tinos"


def test_no_family_is_a_clear_error():
    with pytest.raises(UserError) as caught:
        fonts.choose_family(listing("DejaVu Serif"))
    assert "Times New Roman" in caught.value.message and "fonts-croscore" in caught.value.message


def test_metric_widths_match_times_new_roman():
    # Times New Roman's advance widths (units per em 2048): 'A' 1479, 'a' 909, space 512.
    assert fonts.text_width("A", 2048) == pytest.approx(1479)
    assert fonts.text_width("a a", 2048) == pytest.approx(909 * 2 + 512)


def test_prepared_fonts_cover_vietnamese_and_are_small():
    from fontTools.ttLib import TTFont

    for bold in (False, True):
        for italic in (False, True):
            path = fonts.prepared(bold, italic)
            with TTFont(path) as font:
                cmap = font.getBestCmap()
            assert all(ord(ch) in cmap for ch in VIETNAMESE)
            assert path.stat().st_size < fonts.family().file(bold, italic).stat().st_size / 2


def test_missing_glyph_is_refused_before_writing(tmp_path):
    from notices.model import Document, Paragraph
    from notices.writers import pdf

    document = Document(kind="notice", name="x", title="Thử", blocks=(Paragraph("Giá 5 € và ✓ đã xong"),))
    with pytest.raises(UserError) as caught:
        pdf.write(document, tmp_path / "x.pdf")
    assert "✓" in caught.value.message and "U+2713" in caught.value.message
    assert list(tmp_path.iterdir()) == []
