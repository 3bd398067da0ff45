"""The Decree 30 page: every size, position and spacing the writers share (Phụ lục I).

All lengths are in points (1 pt = 1/72 inch) unless the name says mm. Both the DOCX and the HTML/PDF
writers read these numbers, so the two formats put the same text in the same places.
Each value is chosen inside the range the decree allows; the comment gives the range.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre

PAGE_WIDTH_MM = 210  # A4 portrait (Phụ lục I, Phần I, I.1)
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20  # 20–25
MARGIN_BOTTOM_MM = 20  # 20–25
MARGIN_LEFT_MM = 30  # 30–35
MARGIN_RIGHT_MM = 15  # 15–20
HEADER_DISTANCE_MM = 10  # page number line inside the top margin (not specified by the decree)

TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm
TEXT_WIDTH = TEXT_WIDTH_MM * MM

# The header: ô 2/ô 3 in the left column, ô 1/ô 4 in the right one (layout diagram, Mục IV).
HEADER_LEFT_MM = 70
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM  # 95 mm: holds the quốc hiệu at 12 pt on one line
# The foot: Nơi nhận (ô 9b) on the left, the signature (ô 7a–7c) on the right.
FOOT_LEFT_MM = 75
FOOT_RIGHT_MM = TEXT_WIDTH_MM - FOOT_LEFT_MM

# Font sizes (Mục V table; chosen value, allowed range in the comment).
SIZE_NATIONAL_NAME = 12  # 12–13, upper case, bold
SIZE_MOTTO = 13  # 13–14, bold
SIZE_PARENT = 12  # 12–13, upper case, regular
SIZE_AGENCY = 12  # 12–13, upper case, bold
SIZE_NUMBER = 13  # exactly 13
SIZE_PLACE_DATE = 14  # 13–14, italic
SIZE_KIND = 14  # 13–14, upper case, bold
SIZE_SUBJECT = 14  # 13–14, bold
SIZE_BODY = 14  # 13–14
SIZE_SIGNATURE = 14  # 13–14, upper case bold (authority, title); name bold
SIZE_RECIPIENTS_LABEL = 12  # exactly 12, bold italic
SIZE_RECIPIENTS = 11  # exactly 11
SIZE_PAGE_NUMBER = 14  # 13–14
SIZE_DRAFT_MARK = 13

# Body text (Phụ lục I, Phần I, II.6).
FIRST_LINE_INDENT_MM = 12.7  # 1 cm or 1.27 cm
PARAGRAPH_SPACING = 6  # at least 6 pt between paragraphs
LINE_FACTOR = 1.25  # exact line height = 1.25 × size: between single (≈1.15) and 1.5 lines (≈1.72)

# Rule lines: under the agency 1/3–1/2 of its text; under the motto exactly its length;
# under the subject 1/3–1/2 of its line.
AGENCY_RULE_FRACTION = 0.4
SUBJECT_RULE_FRACTION = 0.4
RULE_WIDTH = 0.75  # line thickness (not specified by the decree)
RULE_GAP = 4  # space between a line of text and the rule under it (clear of descenders: g, p, y)

SPACE_BEFORE_TITLE = 18  # between the header and "THÔNG BÁO" (not specified)
SIGNATURE_SPACE = 72  # room for signature and seal between the title and the name

# Headings of a report (Phụ lục I, II.6: "I. NHỮNG KẾT QUẢ…" in capitals, bold, 13–14; "1." sections
# bold). Alignment and spacing are not specified: flush with the body's first-line indent, 6 pt before.
SIZE_HEADING = 14
HEADING_SPACE_BEFORE = 6
# Tables of figures (not specified by the decree): text a size below the body, a caption above.
SIZE_TABLE = 13
SIZE_TABLE_CAPTION = 14  # bold, centred
TABLE_BORDER = 0.5  # line thickness in points
TABLE_CELL_PADDING = 2 * MM  # points left and right of a cell's text (2 mm)
TABLE_CELL_PADDING_V = 1 * MM  # points above and below it (1 mm)


def line_height(size: float) -> float:
    """The exact line height used for text of ``size`` points."""
    return round(size * LINE_FACTOR * 4) / 4


@dataclass(frozen=True)
class Style:
    """How one kind of line is printed: size, weight, slant."""

    size: float
    bold: bool = False
    italic: bool = False


def balanced_lines(text: str, style: Style, max_width: float) -> list[str]:
    """Break ``text`` at spaces into the fewest lines that fit ``max_width``, as even as possible.

    Header names are broken this way ("ỦY BAN NHÂN DÂN" / "HUYỆN ĐẮK SONG") so that both writers
    print the same lines, instead of leaving each renderer to wrap a centred name on its own.
    A single word wider than the column stays on its own line.
    """
    from notices.fonts import text_width

    words = text.split(" ")

    def width(start: int, end: int) -> float:
        return text_width(" ".join(words[start:end]), style.size, style.bold, style.italic)

    for count in range(1, len(words) + 1):
        best = _best_split(len(words), count, width, max_width)
        if best is not None:
            return [" ".join(words[a:b]) for a, b in best]
    return words


def _best_split(n: int, count: int, width, max_width: float) -> list[tuple[int, int]] | None:
    """The split of n words into ``count`` lines with the smallest widest line, if all fit."""
    from itertools import combinations

    best, best_cost = None, None
    for cuts in combinations(range(1, n), count - 1):
        bounds = list(zip((0, *cuts), (*cuts, n), strict=True))
        widest = max(width(a, b) for a, b in bounds)
        if widest <= max_width and (best_cost is None or widest < best_cost):
            best, best_cost = bounds, widest
    return best


def table_widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[float]:
    """Column widths (points) filling the text width, in proportion to each column's widest cell.

    Both writers use these widths, so a table breaks its lines alike in DOCX and PDF.
    """
    from notices.fonts import text_width

    wants = []
    for index, name in enumerate(columns):
        cells = [name, *(row[index] for row in rows)]
        widest = max(text_width(c, SIZE_TABLE) for c in cells) + 2 * TABLE_CELL_PADDING
        wants.append(min(max(widest, 50.0), 220.0))
    scale = TEXT_WIDTH / sum(wants)
    return [w * scale for w in wants]


# -- the news post (tin bài): one article style for its DOCX and its PDF ------------------------
# Not a Decree 30 page: even margins, no national heading, a page number in the footer. Both writers
# read these numbers, so Word, LibreOffice and the PDF set the same lines on the same pages.

ARTICLE_MARGIN_MM = 20  # every side
ARTICLE_FOOTER_MM = 10  # page number line from the bottom edge
ARTICLE_TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * ARTICLE_MARGIN_MM  # 170 mm
ARTICLE_MAX_PHOTO_HEIGHT_MM = 190  # a tall photo is narrowed so that it and its caption fit a page
# (size, exact line height) in points
ARTICLE_TITLE = (18, 22.5)
ARTICLE_BODY = (13, 18.5)  # the lead is the body size, bold
ARTICLE_CAPTION = (11, 14)
ARTICLE_PUBLISHED = (11, 14)
ARTICLE_PAGE_NUMBER = (10, 12.5)
ARTICLE_TITLE_AFTER = 12
ARTICLE_PARAGRAPH_AFTER = 8
ARTICLE_PHOTO_BEFORE = 4  # space above a photo
ARTICLE_CAPTION_BEFORE = 4  # between a photo and its caption
ARTICLE_CAPTION_AFTER = 12
ARTICLE_BYLINE_BEFORE = 6


def article_photo_width_mm(width_px: int, height_px: int) -> float:
    """A photo's printed width: the text width, or narrower so a tall photo stays under the height cap."""
    return min(ARTICLE_TEXT_WIDTH_MM, ARTICLE_MAX_PHOTO_HEIGHT_MM * width_px / max(height_px, 1))
