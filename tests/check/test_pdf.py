"""PDF rules on small PDFs made with WeasyPrint from hand-written HTML (see ``pdf_builder``)."""

from __future__ import annotations

import pytest

from notices.check import check
from notices.check.metrics import _font_file

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
