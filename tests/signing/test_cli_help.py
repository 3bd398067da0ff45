"""The signing commands speak Vietnamese like the others (their help read as a secretary sees it)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from notices.cli import main

ENGLISH = ("Usage:", "Options:", "Show this message and exit.", "[OPTIONS]", "PATH", "TEXT", "FILENAME")


@pytest.mark.parametrize("command", ["sign", "verify"])
def test_help_is_vietnamese(command):
    result = CliRunner().invoke(main, [command, "--help"], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""},
                                prog_name="notices")
    assert result.exit_code == 0, result.output
    assert f"Cách dùng: notices {command} [TÙY CHỌN] TỆP_PDF" in result.output
    assert not [text for text in ENGLISH if text in result.output], result.output


def test_sign_needs_one_source_of_keys(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = CliRunner().invoke(main, ["sign", str(pdf)], env={"LANG": "C.UTF-8"})
    assert result.exit_code == 2 and "Cần đúng một nguồn khóa ký" in result.output
