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
# Công văn (Mẫu 1.5; Phụ lục I, II.5.b): "V/v …" in lower case, 12–13, upright, centred under the number,
# 6 pt after it.
SIZE_SUMMARY = 12
SPACE_BEFORE_SUMMARY = 6
# "Kính gửi:" (II.9.a): lower case, 13–14, upright; two or more recipients each on a line, their dashes in
# line under its colon. The block is centred as a whole (the decree's Mẫu 1.5); space around it not specified.
SIZE_ADDRESSEES = 14
SPACE_AROUND_ADDRESSEES = 6
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


# A word processor lays text out in twips (1/20 pt): the DOCX's text width is whole twips (page 11906,
# margins rounded up), and neither it nor WeasyPrint (Pango units) measures a line exactly as the other.
# The PDF's justified lines are set narrower by the difference in text width plus this epsilon, so both
# break a line that fits within a hair alike. Calibrated on the two such lines the LibreOffice agreement
# test met (tests/wordprocessor): 0.02 pt split one differently, 0.05 pt the other; 0.035 agrees on both.
WORD_PROCESSOR_EPSILON = 0.035


def word_processor_hair(left_mm: float, right_mm: float) -> float:
    """Points to take off the PDF's text width so it breaks lines where a word processor does."""
    import math

    def twips(mm: float) -> int:
        return math.ceil(mm * 1440 / 25.4 - 1e-9)

    page = round(PAGE_WIDTH_MM * 1440 / 25.4)
    docx_width = (page - twips(left_mm) - twips(right_mm)) / 20
    return max(0.0, (PAGE_WIDTH_MM - left_mm - right_mm) * MM - docx_width + WORD_PROCESSOR_EPSILON)


# Centred lines are broken here, not by the renderer, so that Word, LibreOffice and the PDF print the
# same lines; each line keeps this much room inside its column (a renderer's rounding never rewraps it).
LINE_SLACK = 2.0
# Ô 2 keeps clear of ô 1: the agency's lines stay this far inside each side of the left column.
AGENCY_CLEARANCE_MM = 5
# The level nouns of a People's Committee or Council: the name breaks after them (real headers do).
LEVEL_NOUNS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def balanced_lines(text: str, style: Style, max_width: float) -> list[str]:
    """Break ``text`` at spaces into the fewest lines that fit ``max_width``, as even as possible.

    Among the splits into that many lines, one that breaks no Vietnamese word ("hành / chính") and
    starts no line with a spaced dash wins,
    then one whose last line is not a lone syllable ("… cuối năm / 2023"), then the most even one
    (the narrowest widest line). Lines given with ``\n`` are kept; each is broken so if it is too wide.
    A single word wider than the column stays on its own line.
    """
    if "\n" in text:
        return [line for part in text.split("\n") for line in balanced_lines(part, style, max_width)]
    from notices import wordbreak
    from notices.fonts import text_width

    words = text.split(" ")
    n = len(words)
    if text_width(text, style.size, style.bold, style.italic) <= max_width - LINE_SLACK or n == 1:
        return [text]
    # A break inside a word, or before a spaced dash ("2022 / - 2025" would start a line like a list item)
    inside = wordbreak.inside_word(words) | {i for i in range(1, n) if words[i] in ("-", "–", "—")}
    space = text_width(" ", style.size, style.bold, style.italic)
    sizes = [text_width(w, style.size, style.bold, style.italic) for w in words]
    limit = max_width - LINE_SLACK

    def width(a: int, b: int) -> float:
        return sum(sizes[a:b]) + space * (b - a - 1)

    for count in range(2, n + 1):
        best = _best_split(n, count, width, limit, inside)
        if best is not None:
            return [" ".join(words[a:b]) for a, b in best]
    return words


def _best_split(n: int, count: int, width, limit: float, inside: set[int]) -> list[tuple[int, int]] | None:
    """The split of n words into ``count`` lines that all fit, least costly by (words broken, lone last
    syllable, widest line), found by dynamic programming over (first word, lines left, words broken)."""
    import functools

    @functools.cache
    def suffix(start: int, left: int) -> dict[int, tuple[int, float, tuple[tuple[int, int], ...]]]:
        """broken → (lone, widest, lines) for words[start:] in ``left`` lines, the best per count broken."""
        if left == 1:  # a single word wider than the column may stand alone on its line
            w = width(start, n)
            fits = w <= limit or n - start == 1
            return {0: (int(n - start == 1 and count > 1), w, ((start, n),))} if fits else {}
        found: dict[int, tuple[int, float, tuple[tuple[int, int], ...]]] = {}
        for end in range(start + 1, n - left + 2):
            w = width(start, end)
            if w > limit and end > start + 1:
                break
            for broken, (lone, widest, lines) in suffix(end, left - 1).items():
                key = broken + (end in inside)
                value = (lone, max(w, widest), ((start, end), *lines))
                if key not in found or value[:2] < found[key][:2]:
                    found[key] = value
        return found

    options = suffix(0, count)
    if not options:
        return None
    broken = min(options)
    return list(options[broken][2])


def agency_lines(name: str, style: Style, column: float) -> list[str]:
    """The issuing agency's (or its parent's) lines in the left head column (ô 2).

    Kept ``AGENCY_CLEARANCE_MM`` clear of each side of the column, so it never runs into the quốc hiệu;
    a People's Committee or Council breaks after its level noun ("ỦY BAN NHÂN DÂN" / "XÃ HOÀI HẢI");
    lines the office gives (``\n`` in the name) are kept as given.
    """
    width = column - 2 * AGENCY_CLEARANCE_MM * MM
    if "\n" in name:
        return balanced_lines(name, style, width)
    for noun in LEVEL_NOUNS:
        if name.startswith(noun + " "):
            return [noun, *balanced_lines(name[len(noun) + 1 :], style, width)]
    return balanced_lines(name, style, width)


def summary_lines(summary: str, column: float) -> list[str]:
    """A Công văn's "V/v …" (ô 5b), centred under the number in balanced lines of the left head column."""
    return balanced_lines(summary, Style(SIZE_SUMMARY), column - 2 * AGENCY_CLEARANCE_MM * MM)


def addressee_indents(lines: tuple[str, ...]) -> tuple[float, float]:
    """Where "Kính gửi:" starts and where the recipients' dashes start (points from the left margin).

    One recipient: one line, centred (start 0; the writer centres it). Two or more: the block is centred
    on its widest line, the dashes under the colon; a line too wide to centre starts at the margin.
    """
    from notices.fonts import text_width

    if len(lines) == 1:
        return 0.0, 0.0
    label = text_width(lines[0] + " ", SIZE_ADDRESSEES, False, False)
    widest = max(text_width(line, SIZE_ADDRESSEES, False, False) for line in lines[1:])
    start = max(0.0, (TEXT_WIDTH - label - widest) / 2)
    start = min(start, max(0.0, TEXT_WIDTH - label - 6 * SIZE_ADDRESSEES))  # leave a recipient some room
    return round(start, 1), round(start + label, 1)


def subject_lines(subject: str) -> list[str]:
    """The trích yếu (ô 5a), centred across the text width in balanced lines."""
    return balanced_lines(subject, Style(SIZE_SUBJECT, bold=True), TEXT_WIDTH)


def signature_lines(line: str, column: float) -> list[str]:
    """One authority or title line of a signature block (ô 7a), in balanced lines of its column."""
    return balanced_lines(line, Style(SIZE_SIGNATURE, bold=True), column)


def table_widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
                 shares: tuple[float, ...] = ()) -> list[float]:
    """Column widths (points) filling the text width, in proportion to each column's widest cell
    (or to ``shares``, when the composer gives each column its share, as a Kế hoạch's table of tasks does).

    Both writers use these widths, so a table breaks its lines alike in DOCX and PDF.
    """
    from notices.fonts import text_width

    if shares:
        return [TEXT_WIDTH * share / sum(shares) for share in shares]

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
