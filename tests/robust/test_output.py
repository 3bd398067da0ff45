"""Issue 14, items 9 and 11: output folders that cannot take the documents get a clear Vietnamese
error; a record is written all or nothing, and a previous good set stays untouched."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notices import render
from notices.errors import UserError
from notices.records import load_record
from tests.conftest import EXAMPLES

RECORD = EXAMPLES / "xa-cchc-6-thang-2024.yaml"  # a notice and a news post: six files and photos


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notices", *args], capture_output=True, text=True, **kwargs)


def test_a_failing_third_document_leaves_nothing_and_keeps_the_previous_set(tmp_path, monkeypatch):
    loaded = load_record(RECORD)
    out = tmp_path / "out"
    render.render_record(loaded, out, formats=("docx", "html", "md"))
    good = snapshot(out)
    assert len([k for k, v in good.items() if v is not None]) >= 5
    real, calls = render.writer, []

    def failing(fmt):
        write = real(fmt)

        def wrapped(document, path, *args, **kwargs):
            calls.append(path.name)
            if len(calls) == 3:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            return write(document, path, *args, **kwargs)
        return wrapped

    monkeypatch.setattr(render, "writer", failing)
    with pytest.raises(render.OutputError, match="ổ đĩa đầy"):
        render.render_record(loaded, out, formats=("docx", "html", "md"))
    assert len(calls) == 3
    assert snapshot(out) == good  # not one file changed, no staging folder left


def test_a_failed_first_render_leaves_no_folder(tmp_path, monkeypatch):
    def broken(fmt):
        def write(document, path, *args, **kwargs):
            path.write_bytes(b"half")
            raise OSError(errno.EFBIG, "File too large", str(path))
        return write

    monkeypatch.setattr(render, "writer", broken)
    with pytest.raises(render.OutputError, match="kích thước"):
        render.render_record(load_record(RECORD), tmp_path / "out", formats=("docx",))
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("x")
    run = cli("render", str(RECORD), "--out", str(tmp_path / "out"), "--only", "notice", "--format", "docx")
    assert run.returncode == 1 and "là một tệp, không phải thư mục" in run.stderr and "Lỗi nội bộ" not in run.stderr


def test_output_folder_name_too_long(tmp_path):
    out = tmp_path / ("thu-muc-" * 40)
    run = cli("render", str(RECORD), "--out", str(out), "--only", "notice", "--format", "docx")
    assert run.returncode == 1 and "quá dài" in run.stderr and "Lỗi nội bộ" not in run.stderr


def test_full_disk_is_a_clear_error_and_leaves_nothing(tmp_path):
    def small_files():  # the kernel refuses to grow any file past 20 kB: "File too large"
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    run = cli("render", str(RECORD), "--out", str(tmp_path / "out"), "--only", "notice", "--format", "docx",
              preexec_fn=small_files)
    assert run.returncode == 1, run.stderr
    assert "lỗi: không ghi được" in run.stderr and "Lỗi nội bộ" not in run.stderr
    assert not (tmp_path / "out").exists() or snapshot(tmp_path / "out") == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the EACCES path is unit-tested")
def test_read_only_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        run = cli("render", str(RECORD), "--out", str(out), "--only", "notice", "--format", "docx")
    finally:
        out.chmod(0o755)
    assert run.returncode == 1 and "không có quyền ghi" in run.stderr


def test_permission_errors_read_as_vietnamese(tmp_path):
    message = render.output_error(PermissionError(errno.EACCES, "Permission denied", str(tmp_path)), tmp_path).message
    assert message.startswith(f"{tmp_path}: lỗi: ") and "không có quyền ghi" in message and "Permission" not in message


def test_convert_into_a_missing_folder(tmp_path):
    source = tmp_path / "cu.txt"
    source.write_text("Uû ban nh©n d©n\n", encoding="latin-1")
    run = cli("convert", str(source), "-o", str(tmp_path / "khong-co" / "moi.txt"))
    assert run.returncode == 1 and "không có" in run.stderr and "Lỗi nội bộ" not in run.stderr


def test_a_document_name_taken_by_a_folder(tmp_path):
    out = tmp_path / "out"
    (out / "xa-cchc-6-thang-2024" / "thong-bao.docx").mkdir(parents=True)
    before = snapshot(out)
    with pytest.raises(UserError, match="thư mục trùng tên"):
        render.render_record(load_record(RECORD), out, only=("notice",), formats=("docx",))
    assert snapshot(out) == before
    shutil.rmtree(out)
