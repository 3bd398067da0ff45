"""`notices convert`: the V2 samples and a .VnTime DOCX through the command line."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.cli import main

docx = pytest.importorskip("docx")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["convert", *args])
    return result.exit_code, result.output


def test_convert_tcvn3_and_vni_text_files(tmp_path: Path) -> None:
    tcvn3 = tmp_path / "tcvn3.txt"
    tcvn3.write_text("TiÕng ViÖt cã 29 ch÷ c¸i\nUû ban nh©n d©n x· §«ng Hoµ\n", encoding="utf-8")
    vni = tmp_path / "vni.yaml"
    legacy = "chu_de: Tieáng Vieät coù 29 chöõ caùi\ncq: UÛy ban nhaân daân xaõ Ñoâng Hoøa\n"
    vni.write_text(legacy, encoding="utf-8")
    code, output = _run(str(tcvn3), str(vni))
    assert code == 0, output
    assert (tmp_path / "tcvn3.unicode.txt").read_text(encoding="utf-8") == (
        "Tiếng Việt có 29 chữ cái\nUỷ ban nhân dân xã Đông Hoà\n"
    )
    assert (tmp_path / "vni.unicode.yaml").read_text(encoding="utf-8") == (
        "chu_de: Tiếng Việt có 29 chữ cái\ncq: Ủy ban nhân dân xã Đông Hòa\n"
    )
    assert "2 chỗ đã chuyển sang Unicode" in output and "[vni]" in output and "[tcvn3]" in output


def test_convert_docx_in_place(tmp_path: Path) -> None:
    path = tmp_path / "bien-ban.docx"
    document = docx.Document()
    document.add_paragraph().add_run("Uû ban nh©n d©n x· §«ng Hoµ").font.name = ".VnTime"
    document.save(str(path))
    code, output = _run("--in-place", str(path))
    assert code == 0, output
    run = docx.Document(str(path)).paragraphs[0].runs[0]
    assert run.text == "Uỷ ban nhân dân xã Đông Hoà" and run.font.name == "Times New Roman"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bien-ban.docx"]


def test_dry_run_and_viqr_option(tmp_path: Path) -> None:
    path = tmp_path / "viqr.txt"
    path.write_text("Anh ddi dda^u\\?", encoding="utf-8")
    code, output = _run("--from", "viqr", "--dry-run", str(path))
    assert code == 0 and "'Anh đi đâu?'" in output and "chạy thử" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["viqr.txt"]


def test_user_errors_exit_1_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.7")
    code, output = _run(str(path))
    assert code == 1 and "không chuyển được loại tệp .pdf" in output
    other = tmp_path / "b.txt"
    other.write_text("x", encoding="utf-8")
    code, output = _run("--out", str(tmp_path / "c.txt"), str(other), str(other))
    assert code == 2 and "--out" in output
