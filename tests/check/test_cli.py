"""`notices check`: report, --json, --pair, exit codes 0/1/2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from notices.cli import main

from .builders import build, spec
from .pdf_builder import make_pdf


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_clean_file_exits_0(tmp_path):
    path = build(spec(), tmp_path / "ok.docx")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert "đạt, không có lỗi thể thức" in result.output
    assert "thông báo (TB)" in result.output


def test_violations_exit_1_grouped_by_element_with_quote(tmp_path):
    path = build(spec(number="Số: 5/TB-VP", date_italic=False), tmp_path / "bad.docx")
    result = run(str(path))
    assert result.exit_code == 1
    assert "2 lỗi thể thức" in result.output
    assert "  Số, ký hiệu\n    [SO-KHONG]" in result.output
    assert "«Số: 5/TB-VP»" in result.output
    assert "  Địa danh và thời gian\n    [NT-KIEU]" in result.output


def test_unreadable_file_exits_2(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    missing = tmp_path / "missing.pdf"
    other = tmp_path / "notes.txt"
    other.write_text("x")
    for path in (broken, missing, other):
        result = run(str(path))
        assert result.exit_code == 2, (path, result.output)


def test_json(tmp_path):
    good = build(spec(), tmp_path / "ok.docx")
    bad = build(spec(label_italic=False), tmp_path / "bad.docx")
    result = run("--json", str(good), str(bad))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["ok"] for d in data] == [True, False]
    assert data[1]["violations"][0]["rule"] == "NN-NHAN"
    assert data[1]["violations"][0]["ref"] == "PL I, Phần I, II.9.b"
    assert data[1]["kind"] == "TB"


def test_pair_same_text_and_pages(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf")
    same_as_pdf = spec(
        number="Số: 05/TB-UBND",
        recipients=("- Thường trực Huyện ủy (b/c);", "- Các phòng, ban, đơn vị thuộc huyện;", "- Lưu: VT, VP."),
        signers=(("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Nguyễn Văn An"),),
    )
    docx = build(same_as_pdf, tmp_path / "a.docx")
    result = run("--json", "--pair", str(docx), str(pdf))
    assert result.exit_code == 0, result.output
    pair = json.loads(result.output)[0]["pair"]
    assert pair["same_text"], pair
    assert pair["pdf_pages"] == 2 and pair["docx_pages"] == 2 and pair["same_pages"] is True


def test_pair_reports_text_difference(tmp_path):
    docx = build(spec(), tmp_path / "a.docx")
    result = run("--pair", str(docx), str(docx))
    assert result.exit_code == 0, result.output
    assert "Nội dung chữ: giống nhau." in result.output
    other = build(spec(number="Số: 06/TB-VP"), tmp_path / "b.docx")
    result = run("--pair", str(docx), str(other))
    assert result.exit_code == 1
    assert "05/TB-VP" in result.output and "06/TB-VP" in result.output


def test_rules_listing():
    result = run("--rules")
    assert result.exit_code == 0
    assert "NN-LUU" in result.output and "PL I, Phần I, II.9.b" in result.output


def test_help_does_not_import_readers():
    import subprocess
    import sys

    code = "import sys, notices.cli; print('docx' in sys.modules, 'pdfplumber' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"
