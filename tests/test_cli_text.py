"""click's own texts in Vietnamese, English on request; an internal error names its record (issue 10, item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices import clitext
from notices.cli import main
from tests.conftest import EXAMPLES

ENGLISH = ("Usage:", "Options:", "Show this message and exit.", "does not exist", "Error:", "Try '")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, prog_name="notices")


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"], ["check", "--help"], ["validate", "--help"]])
def test_help_is_vietnamese(args):
    result = run(*args, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.exit_code == 0
    assert "Cách dùng: notices" in result.output and "Tùy chọn:" in result.output
    assert "Hiện hướng dẫn này rồi thoát." in result.output
    assert not [text for text in ENGLISH if text in result.output], result.output


def test_usage_errors_are_vietnamese(tmp_path):
    result = run("render", str(tmp_path / "khong-co.yaml"), env={"LANG": "vi_VN.UTF-8"})
    assert result.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho 'HỒ_SƠ...': Không tìm thấy" in result.output
    assert "Gõ “notices render --help” để xem hướng dẫn." in result.output
    assert not [text for text in ENGLISH if text in result.output], result.output
    result = run("rendr")
    assert result.exit_code == 2 and "Không có lệnh 'rendr'. Có phải ý bạn là 'render'?" in result.output


def test_english_on_request(tmp_path):
    missing = str(tmp_path / "khong-co.yaml")
    for result in (run("--lang", "en", "render", missing), run("render", missing, env={"LANG": "en_US.UTF-8"})):
        assert result.exit_code == 2
        assert "Usage: notices render [OPTIONS]" in result.output
        assert "does not exist" in result.output and "Cách dùng" not in result.output
    assert "Options:" in run("--lang=en", "--help").output
    assert clitext.choose([], {"LANG": "C.UTF-8"}) == "vi"  # leave the module in its default language


def test_the_installed_command_speaks_vietnamese(tmp_path):
    """The real entry point (not the test runner): sys.argv and the environment choose the language."""
    notices = Path(sys.executable).with_name("notices")
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    out = subprocess.run([str(notices), "render", str(tmp_path / "x.yaml")], capture_output=True, text=True, env=env)
    assert out.returncode == 2 and "Cách dùng:" in out.stderr and "Không tìm thấy" in out.stderr
    env["LANG"] = "en_GB.UTF-8"
    out = subprocess.run([str(notices), "render", str(tmp_path / "x.yaml")], capture_output=True, text=True, env=env)
    assert out.returncode == 2 and "Usage:" in out.stderr


def test_an_internal_error_names_the_record(tmp_path, monkeypatch):
    """A bug while reading one record says which record it was (the trace stays behind NOTICES_DEBUG).

    ``render`` names the record and the document from its batch (tests/batch); here ``validate``.
    """
    import notices.records as records

    def broken(*args, **kwargs):
        raise RuntimeError("lỗi giả lập")

    monkeypatch.setattr(records, "load_record", broken)
    monkeypatch.delenv("NOTICES_DEBUG", raising=False)
    record = EXAMPLES / "mo-duc-bao-cao-cchc-2022.yaml"
    result = run("validate", str(record))
    assert result.exit_code == 2
    assert f"Lỗi nội bộ của notices khi xử lý hồ sơ {record} (RuntimeError: lỗi giả lập)" in result.output
    assert "Traceback" not in result.output