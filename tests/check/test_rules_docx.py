"""One deliberately broken DOCX per rule: each fires its rule and only that rule.

Every document starts as the correct notice of ``builders`` (typed the way Word users type it) and
changes exactly one thing.
"""

from __future__ import annotations

import unicodedata

import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import RGBColor

from notices.check import check
from notices.check.rules import RULES

from .builders import BODY, LEFT, Spec, build, spec

LAST = BODY[-1]


def body_with(index: int, text: str) -> tuple[str, ...]:
    body = list(BODY)
    body[index] = text
    return tuple(body)


CONG_VAN = dict(
    kind=None,
    subject=(),
    subject_rule_mm=None,
    number="Số: 12/UBND-VP",
    vv=("V/v triển khai kết luận", "cuộc họp giao ban tháng 12"),
    greeting=("Kính gửi: Các phòng, ban, đơn vị thuộc huyện.",),
    signers=(("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Trần Văn Bình"),),
    recipients=("- Như trên;", "- Lưu: VT, VP."),
)
BIEN_BAN = dict(
    kind="BIÊN BẢN",
    subject=("Cuộc họp giao ban tháng 12 năm 2023",),
    subject_rule_mm=30,
    number="Số: 07/BB-VP",
    signers=(("THƯ KÝ", "", "", "Lê Thị Cúc"), ("CHỦ TỌA", "", "", "Nguyễn Văn An")),
    recipients_below=True,
    recipients=("- Các thành viên dự họp;", "- Lưu: VT, Hồ sơ."),
)

BROKEN: dict[str, dict] = {
    "TRANG-KHO": dict(page=(148, 210)),
    "TRANG-LE": dict(margins=(20, 20, 25, 15)),
    "PHONG-CHU": dict(body_font="Arial"),
    "MAU-CHU": dict(run_colour=RGBColor(0xC0, 0, 0)),
    "QH-CHU": dict(national="CỘNG HÒA XHCN VIỆT NAM"),
    "QH-KIEU": dict(national_size=14),
    "TN-CHU": dict(motto="Độc lập – Tự do – Hạnh phúc"),
    "TN-KIEU": dict(motto_italic=True),
    "TN-KE": dict(motto_rule_mm=30),
    "CQ-KIEU": dict(agency_bold=False),
    "CQ-KE": dict(agency_rule_mm=36),
    "SO-DANG": dict(number="Số 05/TB-VP"),
    "SO-KHONG": dict(number="Số: 5/TB-VP"),
    "SO-LOAI": dict(number="Số: 05/BC-VP"),
    "SO-KIEU": dict(number_size=14),
    "NT-DANG": dict(place_date="Đắk Song ngày 05 tháng 01 năm 2024"),
    "NT-KHONG": dict(place_date="Đắk Song, ngày 5 tháng 01 năm 2024"),
    "NT-KIEU": dict(date_italic=False),
    "TL-TEN": dict(kind_bold=False),
    "TL-TRICH-YEU": dict(subject_size=12),
    "TL-KE": dict(subject_rule_mm=None),
    "CV-VV": {**CONG_VAN, "vv": ()},
    "KG-CO": dict(kind="TỜ TRÌNH", number="Số: 05/TTr-VP"),  # a Tờ trình to the level above, no Kính gửi
    "KG-KIEU": {**CONG_VAN, "greeting": ("Kính gửi: Các phòng, ban, đơn vị thuộc huyện",)},  # no "."
    "NN-NHU-TREN": {**CONG_VAN, "recipients": ("- Các phòng, ban;", "- Lưu: VT, VP.")},
    "ND-MUC": dict(kind="KẾ HOẠCH", number="Số: 05/KH-VP", body=body_with(1, "I. Mục đích, yêu cầu")),
    "BB-CHU-KY": {**BIEN_BAN, "signers": (("CHỦ TỌA", "", "", "Nguyễn Văn An"),)},
    "ND-CO-CHU": dict(body_size=12),
    "ND-CANH-DEU": dict(body_align=LEFT),
    "ND-THUT-DONG": dict(body_indent_cm=0.5),
    "ND-GIAN-DOAN": dict(body_after_pt=0),
    "ND-GIAN-DONG": dict(body_line=WD_LINE_SPACING.DOUBLE),
    "ND-KET-THUC": dict(body=body_with(-1, LAST.replace("./.", "."))),
    "CK-THAM-QUYEN": dict(signers=(("T/L CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "", "Nguyễn Văn An"),)),
    "CK-CHUC-VU": dict(title_bold=False),
    "CK-HO-TEN": dict(name_upper=True),
    "NN-NHAN": dict(label_italic=False),
    "NN-CO-CHU": dict(recipients_size=12),
    "NN-DAU": dict(recipients=("- Thường trực Huyện ủy (b/c)", "- Lưu: VT, VP.")),
    "NN-LUU": dict(recipients=("- Thường trực Huyện ủy (b/c);", "- Lưu VT.")),
    "TR-SO-TRANG": dict(page_field=False),
    "TR-VI-TRI": dict(page_field_where="footer"),
    "TR-TRANG-DAU": dict(title_page=False),
    "VB-NFC": dict(body=body_with(2, unicodedata.normalize("NFD", BODY[2]))),
    "VB-KY-TU": dict(body=body_with(2, BODY[2].replace("Năm 2023", "Năm\x862023"))),
    "VB-MA-CU": dict(body=body_with(2, "1. Uû ban nh©n d©n huyÖn ®· nç lùc triÓn khai thùc hiÖn nhiÖm vô.")),
}


def rules_fired(tmp_path, s: Spec, name: str = "doc.docx") -> list:
    report = check(build(s, tmp_path / name))
    return report.violations


@pytest.mark.parametrize("variant", [{}, {"writer_style": True}], ids=["word-user", "writer-style"])
@pytest.mark.parametrize("base", [{}, CONG_VAN, BIEN_BAN], ids=["thong-bao", "cong-van", "bien-ban"])
def test_correct_documents_pass(tmp_path, base, variant):
    violations = rules_fired(tmp_path, spec(**base, **variant))
    assert violations == []


def test_types_are_recognised(tmp_path):
    assert check(build(spec(), tmp_path / "a.docx")).kind == "TB"
    assert check(build(spec(**CONG_VAN), tmp_path / "b.docx")).kind == "CV"
    assert check(build(spec(**BIEN_BAN), tmp_path / "c.docx")).kind == "BB"


@pytest.mark.parametrize("rule_id", sorted(BROKEN))
def test_each_rule_fires_alone(tmp_path, rule_id):
    violations = rules_fired(tmp_path, spec(**BROKEN[rule_id]))
    assert {v.rule for v in violations} == {rule_id}, [(v.rule, v.message, v.quote) for v in violations]


def test_every_rule_has_a_broken_fixture():
    assert {r.id for r in RULES if "docx" in r.formats} == set(BROKEN)


def test_violations_quote_the_offending_text(tmp_path):
    violations = rules_fired(tmp_path, spec(number="Số: 5/TB-VP"))
    assert violations[0].quote == "Số: 5/TB-VP"


def test_word_typing_habits_pass(tmp_path):
    """Double spaces and tabs where Word users type them, a draft's blank number and date."""
    quirks = spec(
        number="Số:  05/TB-VP",
        place_date="Đắk Song,\tngày 05  tháng 01 năm 2024",
        recipients=("-\tThường trực Huyện ủy (b/c);", "- Lưu:  VT, VP."),
    )
    assert rules_fired(tmp_path, quirks) == []
    draft = spec(number="Số:\u00a0\u00a0\u00a0\u00a0\u00a0/TB-VP",
                 place_date="Đắk Song, ngày\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0năm 2024")
    assert rules_fired(tmp_path, draft, "draft.docx") == []


def test_theme_font_is_resolved(tmp_path):
    """A run left on the theme font (asciiTheme) prints in the theme's typeface, not Times New Roman."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = build(spec(), tmp_path / "theme.docx")
    document = docx.Document(path)
    run = document.paragraphs[5].runs[0]
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"):
        rpr.remove(old)
    rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>'))
    document.save(path)
    violations = check(path).violations
    assert {v.rule for v in violations} == {"PHONG-CHU"}


def test_a_bien_ban_without_noi_nhan_is_reported(tmp_path):
    """Mẫu 1.9 ends with 'Nơi nhận: - …; - Lưu: VT, Hồ sơ.': a Biên bản without it is not complete."""
    violations = rules_fired(tmp_path, spec(**{**BIEN_BAN, "recipients": (), "label": ""}))
    assert [(v.rule, v.message) for v in violations] == [("NN-NHAN", "Không tìm thấy “Nơi nhận:”.")], violations
