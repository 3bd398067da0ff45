"""PDF rules on small PDFs made with WeasyPrint from hand-written HTML (see ``pdf_builder``)."""

from __future__ import annotations

import pytest

from notices.check import check
from notices.check.metrics import _font_file

from .builders import BODY
from .pdf_builder import make_pdf

BROKEN = {
    "PHONG-CHU": dict(odd_font="DejaVu Serif"),
    "TRANG-LE": dict(left=22),
    "TR-TRANG-DAU": dict(first_number=True),
    "TR-SO-TRANG": dict(page_numbers=False),
    "ND-CANH-DEU": dict(align="left"),
    "ND-THUT-DONG": dict(indent=6),
    "ND-GIAN-DONG": dict(line=30),
    "TN-KE": dict(motto_rule=False),
}


def fired(tmp_path, **knobs) -> list:
    return check(make_pdf(tmp_path / "doc.pdf", **knobs)).violations


@pytest.mark.parametrize("font", ["Liberation Serif", "Tinos"])
def test_correct_pdf_passes(tmp_path, font):
    report = check(make_pdf(tmp_path / "ok.pdf", font=font))
    assert report.kind == "TB"
    assert report.violations == []
    assert report.observed.page_count == 2
    assert [m.page for m in report.observed.marks] == [2]


@pytest.mark.parametrize("rule_id", sorted(BROKEN))
def test_each_pdf_rule_fires_alone(tmp_path, rule_id):
    violations = fired(tmp_path, **BROKEN[rule_id])
    assert {v.rule for v in violations} == {rule_id}, [(v.rule, v.message, v.quote) for v in violations]


def test_renamed_times_metric_font_is_accepted(tmp_path):
    """A Liberation Serif embedded under another name still prints exactly like Times New Roman."""
    faces = tuple(
        ("Alias Serif", str(_font_file(bold, italic)), "bold" if bold else "normal", "italic" if italic else "normal")
        for bold in (False, True)
        for italic in (False, True)
    )
    assert fired(tmp_path, font="Alias Serif", faces=faces) == []


def test_synthesised_bold_is_not_times_bold(tmp_path):
    """Only the regular face declared: WeasyPrint fakes bold and italic, which are not Times New Roman's."""
    faces = (("Alias Serif", str(_font_file(False, False)), "normal", "normal"),)
    assert {v.rule for v in fired(tmp_path, font="Alias Serif", faces=faces)} == {"PHONG-CHU"}


def test_other_font_under_times_like_alias_is_rejected(tmp_path):
    violations = fired(tmp_path, font="DejaVu Serif")
    assert "PHONG-CHU" in {v.rule for v in violations}


def test_pdf_elements_are_found(tmp_path):
    from notices.check.elements import find

    report = check(make_pdf(tmp_path / "ok.pdf"))
    el = find(report.observed)
    assert el.national.flat == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert [p.flat for p in el.agency] == ["ỦY BAN NHÂN DÂN", "HUYỆN ĐẮK SONG"]
    assert el.motto.rule is not None and el.agency[-1].rule is not None
    assert el.recipients[-1].flat == "- Lưu: VT, VP."
    assert [p.flat for p in el.signers[0]] == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn An"]


@pytest.mark.parametrize(
    "name, family",
    [
        ("ABCDEF+Liberation-Serif-Bold-Italic", "liberationserif"),
        ("TimesNewRomanPS-BoldMT", "timesnewroman"),
        ("Times New Roman,Bold", "timesnewroman"),
        ("XYZABC+Tinos-Italic", "tinos"),
        ("LiberationSerif-BoldItalic", "liberationserif"),
        ("DejaVu-Serif", "dejavuserif"),
    ],
)
def test_pdf_font_family_names(name, family):
    from notices.check.rules import pdf_family

    assert pdf_family(name) == family


# --- layouts our own records produce, read right (each was once misread) ----------------------------

SHORT_LINES = (
    "Ủy ban nhân dân huyện Đắk Song trân trọng kính mời:",
    "- Lãnh đạo các phòng, ban, đơn vị thuộc huyện.",
    "Tới dự cuộc họp giao ban tháng 12 năm 2023.",
    "Trân trọng kính mời các đồng chí tham dự./.",
)


def test_no_line_reaches_the_right_margin(tmp_path):
    """Short one-line paragraphs only: the right edge comes from the centred title's axis, not the
    longest line (the quốc hiệu), so the head, the title and the body are still found."""
    report = check(make_pdf(tmp_path / "short.pdf", body=SHORT_LINES))
    assert report.kind == "TB"
    assert report.violations == []


def test_one_line_agency_close_to_the_national_name(tmp_path):
    """Two head columns parted by less than 25 pt and no space character: two segments, not one."""
    from notices.check.elements import find

    path = make_pdf(tmp_path / "one-line.pdf", agency="ỦY BAN NHÂN DÂN XÃ IA PA", agency_width=60, agency_rule=25)
    report = check(path)
    assert report.violations == []
    el = find(report.observed)
    assert [p.flat for p in el.agency] == ["ỦY BAN NHÂN DÂN XÃ IA PA"]
    assert el.national.flat == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _seg(x0: float, x1: float, bold: bool = False, baseline: float = 100.0):
    from notices.check.observed import Line
    from notices.check.pdf_reader import Seg

    return Seg(1, [], "x", x0, x1, baseline - 10, baseline, line=Line("x", (14.0,), bold, False, False, x1 - x0))


LEFT, RIGHT = 85.0, 552.8  # a 30 mm / 15 mm text area on A4, in points
INDENT = 36.0  # 1,27 cm


def test_one_line_paragraph_at_the_indent_is_not_centred():
    """“Đồng chí … kết luận như sau:” starts at the indent and happens to end as far from the right."""
    from notices.check.pdf_reader import _align

    assert _align([_seg(LEFT + INDENT, RIGHT - INDENT - 1)], LEFT, RIGHT) is None
    assert _align([_seg(LEFT + INDENT, RIGHT - INDENT - 1, bold=True)], LEFT, RIGHT) == "center"  # a heading
    assert _align([_seg(LEFT + 80, RIGHT - 80)], LEFT, RIGHT) == "center"  # elsewhere: centred
    assert _align([_seg(LEFT + 80, RIGHT - 80)], LEFT, RIGHT, left_seen=False) is None


def test_centred_lines_nearly_as_wide_as_the_page_are_centred():
    """A long trích yếu: centred lines with insets of 2–3 pt on both sides."""
    from notices.check.pdf_reader import _align

    lines = [_seg(LEFT + 2.3, RIGHT - 2.2, True, 100), _seg(LEFT + 16, RIGHT - 16, True, 117.5)]
    assert _align(lines, LEFT, RIGHT) == "center"
    justified = [_seg(LEFT + INDENT, RIGHT, False, 100), _seg(LEFT, RIGHT, False, 117.5), _seg(LEFT, 300, False, 135)]
    assert _align(justified, LEFT, RIGHT) == "both"


def test_text_edges_from_the_centred_title():
    from notices.check.pdf_reader import _edges

    width = 595.3
    rows = [
        [_seg(128, 240, True, 68), _seg(293, 543.3, True, 68)],  # agency | quốc hiệu: short of the margin
        [_seg(284.1, 353.7, True, 160)],  # GIẤY MỜI
        [_seg(199.2, 438.6, True, 178)],  # trích yếu
        [_seg(LEFT + INDENT, 382, False, 211)],
        [_seg(LEFT, 136.5, True, 350)],  # Nơi nhận:
        [_seg(374.4, 475.9, True, 352)],  # KT. GIÁM ĐỐC: the signature column's axis is not the page's
        [_seg(371.1, 479.3, True, 370)],
    ]
    left, right = _edges(rows, width)
    assert left == LEFT and abs(right - RIGHT) < 0.5
    assert _edges(rows[:1] + rows[3:], width) == (LEFT, 543.3)  # no shared axis: the lines' own extent



@pytest.mark.parametrize("hanging", [16, 19, 22])
def test_lettered_items_with_a_hanging_indent_pass(tmp_path, hanging):
    """Word sets typed 'a) …' items with the label at the indent and the next lines hanging further right:
    those next lines continue the item; they are not paragraphs missing their first-line indent."""
    report = check(make_pdf(tmp_path / "ok.pdf", hanging=hanging))
    items = [p for p in report.observed.paras if p.flat[:2] in ("a)", "b)", "c)", "d)")]
    assert len(items) == 4 and all(len(p.lines) >= 2 for p in items), [p.flat[:30] for p in items]
    assert report.violations == [], [(v.rule, v.quote) for v in report.violations]


def test_hanging_lines_without_a_label_are_still_wrong(tmp_path):
    """The same hanging lines after a first line that is no list label: new paragraphs, wrongly indented."""
    body = tuple("— " + text[3:] if text[1:3] == ") " else text for text in BODY)
    violations = check(make_pdf(tmp_path / "bad.pdf", hanging=19, body=body)).violations
    assert {v.rule for v in violations} == {"ND-THUT-DONG"}
    assert len(violations) >= 4


def test_lettered_items_with_a_bold_lead_in_are_one_paragraph_each(tmp_path):
    """'a) <b>Về tài chính:</b> …' wraps into a plain line at the margin: the same paragraph, not a new one
    with a 0 cm first-line indent (issue 21: ND-THUT-DONG ×7 on a LibreOffice PDF); a real 0 indent is found."""
    from tests.check.office_builder import LEAD

    items = tuple(f"{label}) <b>{lead}</b> {rest}" for label, (lead, rest) in zip("abcdđeg", LEAD, strict=True))
    body = (*BODY[:2], *items, BODY[-1])
    report = check(make_pdf(tmp_path / "lead-in.pdf", body=body))
    assert report.violations == []
    paras = [p for p in report.observed.paras if p.flat[:3] in {f"{c}) " for c in "abcdđeg"}]
    assert len(paras) == 7 and all(len(p.lines) >= 2 for p in paras)
    wrong = check(make_pdf(tmp_path / "wrong.pdf", body=body, indent=0)).violations
    assert {v.rule for v in wrong} == {"ND-THUT-DONG"} and len(wrong) == len(body)
