"""V3, V6 and the convert functions: TXT/YAML line by line, DOCX per run by font, atomic writes."""

import os
import unicodedata
from pathlib import Path

import pytest

from notices.vn.convert import (
    ConvertError,
    atomic_write_bytes,
    convert_docx,
    convert_file,
    convert_text,
    read_text,
)

docx = pytest.importorskip("docx")


def test_convert_text_tcvn3_and_vni_samples() -> None:
    text, changes, _ = convert_text("TiÕng ViÖt cã 29 ch÷ c¸i\nUû ban nh©n d©n x· §«ng Hoµ")
    assert text == "Tiếng Việt có 29 chữ cái\nUỷ ban nhân dân xã Đông Hoà"
    assert [c.where for c in changes] == ["dòng 1", "dòng 2"] and {c.encoding for c in changes} == {"tcvn3"}
    text, changes, _ = convert_text("UÛy ban nhaân daân xaõ Ñoâng Hoøa")
    assert text == "Ủy ban nhân dân xã Đông Hòa" and changes[0].encoding == "vni"


def test_convert_text_leaves_unicode_lines_in_a_legacy_file() -> None:
    mixed = "Uû ban nh©n d©n x· §«ng Hoµ\nỦy ban nhân dân xã Đông Hòa\nTôi là giáo viên"
    text, changes, _ = convert_text(mixed)
    expected = ["Uỷ ban nhân dân xã Đông Hoà", "Ủy ban nhân dân xã Đông Hòa", "Tôi là giáo viên"]
    assert text.split("\n") == expected
    assert len(changes) == 1


def test_doubtful_line_is_kept_and_reported() -> None:
    # 'cã' is 'có' in TCVN3 but also a well-formed Unicode syllable: notices will not guess.
    text, changes, notes = convert_text("Uû ban nh©n d©n x· §«ng Hoµ\ncã")
    assert text.endswith("\ncã") and len(changes) == 1
    assert len(notes) == 1 and "dòng 2" in notes[0] and "tcvn3" in notes[0]


def test_convert_text_leaves_foreign_and_unicode_text_alone() -> None:
    for text in ["Le comité a décidé de reporter la réunion à la semaine prochaine", "Nguyễn Thị Thuỷ"]:
        assert convert_text(text) == (text, [], [])


def test_v6_mojibake_is_its_own_step() -> None:
    text, changes, _ = convert_text("á»¦y ban nhÃ¢n dÃ¢n")
    assert text == "Ủy ban nhân dân" and changes[0].encoding == "utf8-cp1252"


def test_viqr_only_when_asked() -> None:
    assert convert_text("Tie^'ng Vie^.t")[0] == "Tie^'ng Vie^.t"
    assert convert_text("Tie^'ng Vie^.t", source="viqr")[0] == "Tiếng Việt"


def test_yaml_file_keys_stay_and_values_convert(tmp_path: Path) -> None:
    source = tmp_path / "hop.yaml"
    legacy = "agency:\n  name: Uû ban nh©n d©n x· §«ng Hoµ\nchair: NguyÔn V¨n §øc\n"
    source.write_text(legacy, encoding="utf-8")
    report = convert_file(source)
    assert report.output == tmp_path / "hop.unicode.yaml"
    assert report.output.read_text(encoding="utf-8") == (
        "agency:\n  name: Uỷ ban nhân dân xã Đông Hoà\nchair: Nguyễn Văn Đức\n"
    )
    assert len(report.changes) == 2 and "2 chỗ" in report.summary()
    assert source.read_text(encoding="utf-8").startswith("agency:\n  name: Uû")  # input untouched


def test_cp1252_bytes_from_a_legacy_editor(tmp_path: Path) -> None:
    source = tmp_path / "cu.txt"
    source.write_bytes("TiÕng ViÖt cã 29 ch÷ c¸i".encode("cp1252"))
    report = convert_file(source, output=tmp_path / "moi.txt")
    assert (tmp_path / "moi.txt").read_text(encoding="utf-8") == "Tiếng Việt có 29 chữ cái"
    assert any("cp1252" in note for note in report.notes)
    assert read_text("\ufeffabc".encode()) == ("abc", "utf-8")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("§«ng Hoµ", encoding="utf-8")
    report = convert_file(source, dry_run=True)
    assert report.output is None and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert report.changes[0].after == "Đông Hoà"


def test_viqr_in_yaml_and_unknown_types_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: b", encoding="utf-8")
    with pytest.raises(ConvertError, match="YAML"):
        convert_file(tmp_path / "a.yaml", source="viqr")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(ConvertError, match=".pdf"):
        convert_file(tmp_path / "a.pdf")


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write_bytes(target, "mới".encode())
    assert target.read_text(encoding="utf-8") == "mới"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConvertError, match="không ghi được tệp kết quả"):  # a clear message, not a trace
        atomic_write_bytes(target, b"new")
    assert target.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["out.txt"]


def _legacy_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("uû ban nh©n d©n x· ®øc phong").font.name = ".VnTimeH"
    paragraph = document.add_paragraph()
    paragraph.add_run("TiÕng ViÖt cã 29 ch÷ c¸i ").font.name = ".VnTime"
    paragraph.add_run("viparse® 2026").font.name = "Arial"
    paragraph.add_run(" UÛy ban nhaân daân").font.name = "VNI-Times"
    style = document.styles.add_style("Cu", 1)
    style.font.name = ".VnTime"
    document.add_paragraph("Ng\u00adêi d©n", style="Cu")
    document.add_table(1, 1).cell(0, 0).paragraphs[0].add_run("§«ng Hoµ").font.name = ".VnArial"
    document.sections[0].header.paragraphs[0].add_run("x· §øc Phong").font.name = ".VnTime"
    document.save(str(path))


def _fonts(run) -> set[str | None]:
    fonts = run._r.rPr.rFonts
    return {fonts.get(f"{{{fonts.nsmap['w']}}}{slot}") for slot in ("ascii", "hAnsi")}


def test_v3_docx_runs_convert_by_font(tmp_path: Path) -> None:
    source = tmp_path / "cu.docx"
    _legacy_docx(source)
    report = convert_docx(source)
    result = docx.Document(str(report.output))
    first, second, third = result.paragraphs[:3]
    assert first.text == "UỶ BAN NHÂN DÂN XÃ ĐỨC PHONG"  # .VnTimeH: capitals
    assert [r.text for r in second.runs] == ["Tiếng Việt có 29 chữ cái ", "viparse® 2026", " Ủy ban nhân dân"]
    assert second.runs[1].font.name == "Arial"  # the Unicode run and its ® stay as they were
    assert _fonts(first.runs[0]) == _fonts(second.runs[0]) == _fonts(second.runs[2]) == {"Times New Roman"}
    assert third.text == "Người dân" and _fonts(third.runs[0]) == {"Times New Roman"}  # font from a style
    assert result.tables[0].cell(0, 0).text == "Đông Hoà"
    assert result.sections[0].header.paragraphs[0].text == "xã Đức Phong"
    assert result.styles["Cu"].font.name == "Times New Roman"
    assert len(report.changes) == 6 and report.fonts_replaced == 6


def test_v1_docx_output_text_is_nfc_and_has_no_soft_hyphen(tmp_path: Path) -> None:
    source = tmp_path / "cu.docx"
    _legacy_docx(source)
    result = docx.Document(str(convert_file(source, output=tmp_path / "moi.docx").output))
    texts = [p.text for p in result.paragraphs]
    assert all(unicodedata.is_normalized("NFC", t) and "\u00ad" not in t for t in texts)


def test_docx_unicode_text_in_a_legacy_font_only_changes_font(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("Ủy ban nhân dân").font.name = ".VnTime"
    document.save(str(tmp_path / "a.docx"))
    report = convert_docx(tmp_path / "a.docx")
    run = docx.Document(str(report.output)).paragraphs[0].runs[0]
    assert run.text == "Ủy ban nhân dân" and run.font.name == "Times New Roman"
    assert report.changes == [] and report.notes


def test_damaged_docx_is_a_convert_error(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"not a zip")
    with pytest.raises(ConvertError, match="DOCX"):
        convert_docx(tmp_path / "x.docx")
