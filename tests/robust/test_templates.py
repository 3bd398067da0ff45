"""Issue 14, item 8: a broken office template is a clear error naming its file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notices.compose.templates import TemplateProblem, environment
from notices.records import load_record
from notices.render import render_record
from tests.conftest import EXAMPLES

RECORD = EXAMPLES / "dak-song-cchc-2023.yaml"


def office(tmp_path: Path, source: bytes | str, name: str = "notice/closing.j2") -> Path:
    folder = tmp_path / "mau"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(source.encode("utf-8") if isinstance(source, str) else source)
    environment.cache_clear()
    return folder


def problem_of(tmp_path: Path, folder: Path) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        render_record(load_record(RECORD), tmp_path / "out", formats=("docx",), templates=folder)
    assert not (tmp_path / "out" / "dak-song-cchc-2023").exists()  # nothing written
    return caught.value


@pytest.mark.parametrize(("source", "line", "words"), [
    ("Câu một.\n{% if notice.closing %}{{ notice.closing }\n", 2, ("cú pháp",)),
    ("Câu một.\n{% if notice.closing %}\nx\n", 3, ("thẻ đóng", "endif")),
    ("Xin cảm ơn\n{{ nobody }}.", 2, ("nobody",)),
    ("{% include 'notice/closing.j2' %}", 1, ("gọi lại chính nó",)),
    ("{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}", 1, ("gọi lại chính nó",)),
    ("Một\n{% for i in range(10**9) %}x{% endfor %}", 2, ("vòng lặp",)),
    ("{% for i in range(90000) %}{% for j in range(90000) %}x{% endfor %}{% endfor %}", 1, ("vòng lặp",)),
    ("{{ 'x' * 1000000000 }}", 1, ("quá lớn",)),
    ("Một\n{{ '%99999999d' % 1 }}", 2, ("quá lớn",)),
    ("{{ '%.99999999f' % 1.5 }}", 1, ("quá lớn",)),
    ("{{ '%*d' % (99999999, 1) }}", 1, ("quá lớn",)),
    ("{{ '%99999999s'|format('x') }}", 1, ("quá lớn",)),
    ("{{ '%(n)99999999d'|format(n=1) }}", 1, ("quá lớn",)),
    ("{{ '{:99999999}'.format(1) }}", 1, ("quá lớn",)),
    ("{{ '{:{}}'.format(1, 99999999) }}", 1, ("quá lớn",)),
    ("\n{{ notice.closing.__class__.__mro__ }}", 2, ("an toàn",)),
    ('{{ ("{0.__class__.__mro__}"|attr("format"))(1) }}', 1, ("an toàn",)),  # str.format through |attr: Jinja2 < 3.1.6
    ('{% include "/etc/passwd" %}', 1, ("/etc/passwd", "thư mục mẫu")),
    ('{% include "../../../etc/passwd" %}', 1, ("thư mục mẫu",)),
    ("{{ 1 / 0 }}", 1, ("chia cho số 0",)),
    ("A \ufdd0 B", 1, ("U+FDD0",)),
    ("A\n \ue000 B", 2, ("U+E000",)),
    ("Xin cảm ơn 😀", 1, ("U+1F600",)),
])
def test_template_faults_name_file_and_line(tmp_path, source, line, words):
    folder = office(tmp_path, source)
    error = problem_of(tmp_path, folder)
    problem = error.problem
    assert problem.path == folder / "notice" / "closing.j2"
    assert problem.line == line and problem.column >= 1
    for word in words:
        assert word in error.message
    assert "Traceback" not in error.message and "Error" not in error.message


def test_a_template_that_is_not_utf8_names_the_byte(tmp_path):
    folder = office(tmp_path, "Dong mot\nXin chào".encode("latin-1"))  # Windows-1252 "à" at line 2, column 7
    problem = problem_of(tmp_path, folder).problem
    assert (problem.line, problem.column) == (2, 7) and "UTF-8" in problem.message


def test_a_link_leading_out_of_the_folder_is_refused_without_showing_the_file(tmp_path):
    folder = tmp_path / "mau"
    (folder / "notice").mkdir(parents=True)
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("mật khẩu 1234", encoding="utf-8")
    (folder / "notice" / "closing.j2").symlink_to(secret)
    environment.cache_clear()
    error = problem_of(tmp_path, folder)
    assert "ra ngoài thư mục mẫu" in error.message and "mật khẩu" not in error.message


def test_an_empty_closing_is_an_error_not_a_crash(tmp_path):
    folder = office(tmp_path, "{# không còn gì #}\n\n")
    error = problem_of(tmp_path, folder)
    assert "rỗng" in error.message and error.problem.path.name == "closing.j2"


def test_a_news_lead_giving_nothing_is_an_error_not_a_crash(tmp_path):
    """Found by the long fuzz run: an office news/lead.j2 that gives no paragraph."""
    folder = office(tmp_path, "{% if false %}x{% endif %}", name="news/lead.j2")
    with pytest.raises(TemplateProblem) as caught:
        render_record(load_record(EXAMPLES / "xa-cchc-6-thang-2024.yaml"), tmp_path / "out", only=("news",),
                      formats=("md",), templates=folder)
    assert "đúng một đoạn" in caught.value.message and caught.value.problem.path.name == "lead.j2"
    assert not (tmp_path / "out").exists()


def test_a_single_paragraph_template_giving_two_is_an_error(tmp_path):
    folder = office(tmp_path, "Câu một.\n\nCâu hai.", name="notice/item.j2")
    error = problem_of(tmp_path, folder)
    assert "đúng một đoạn" in error.message and error.problem.path.name == "item.j2"


def test_the_cli_prints_the_template_error_and_exits_1(tmp_path):
    folder = office(tmp_path, "Xin cảm ơn {{ nobody }}.")
    run = subprocess.run([sys.executable, "-m", "notices", "render", str(RECORD), "--templates", str(folder),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert f"{folder / 'notice' / 'closing.j2'}:1:15: lỗi: tên “nobody”" in run.stderr
    assert "Lỗi nội bộ" not in run.stderr


@pytest.mark.parametrize("source", [
    "{{ '%5d' % 42 }}|{{ '%-4s' % 'ab' }}|{{ '%.2f' % 1.5 }}|{{ '%*d' % (4, 7) }}|{{ '%%d' % () }}",
    "{{ '%5d'|format(42) }}|{{ '%-4s'|format('ab') }}|{{ '%.2f'|format(1.5) }}|{{ '%*d'|format(4, 7) }}|"
    "{{ '%(n)3d'|format(n=5) }}",
    "{{ '{:5}'.format(42) }}|{{ '{:<4}'.format('ab') }}|{{ '{:.2f}'.format(1.5) }}",
])
def test_ordinary_widths_still_format(source):
    """The limit refuses only what no document needs: a field a million characters wide."""
    env = environment(None)
    rendered = env.from_string(source).render()
    assert rendered in ("   42|ab  |1.50|   7|%d", "   42|ab  |1.50|   7|  5", "   42|ab  |1.50")

