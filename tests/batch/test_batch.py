"""`notices render` of many records: parallel output equal to serial, progress, summary, failures, collisions."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.cli import main
from tests.conftest import EXAMPLES, ROOT
from tests.support import Docx, para_text

DAK_SONG = (EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")
SUMMARY = re.compile(r"^Đã tạo (\d+) tệp từ (\d+) hồ sơ trong \d+,\d giây(; (\d+) hồ sơ lỗi, không tạo văn bản nào "
                     r"cho các hồ sơ đó)?\.$")


def corpus():
    """bench/corpus.py, the generator of varied notices (records are generated, never committed)."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def docx_parts(path: Path) -> dict[str, bytes]:
    """Every part of a DOCX (the ZIP's own entry timestamps left out), the created and modified times blanked."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", parts["docProps/core.xml"])
    return parts


def pdf_bytes(path: Path) -> bytes:
    """The PDF with its creation and modification dates (if any) blanked."""
    return re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", path.read_bytes())


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("records")
    corpus().generate(folder, 10)
    return folder


def test_two_jobs_give_the_same_documents_as_one(records, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    first = run("render", records, "--out", serial, "--jobs", "1")
    second = run("render", records, "--out", parallel, "--jobs", "2")
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    names = files_under(serial)
    assert names == files_under(parallel)
    assert len(names) == 20 and {Path(n).name for n in names} == {"thong-bao.docx", "thong-bao.pdf"}
    for name in names:
        if name.endswith(".docx"):
            assert docx_parts(serial / name) == docx_parts(parallel / name), name
        else:
            assert pdf_bytes(serial / name) == pdf_bytes(parallel / name), name
    # The records differ from each other, so equal output is not the same file written twice.
    assert len({pdf_bytes(serial / n) for n in names if n.endswith(".pdf")}) == 10
    numbers = {para_text(Docx.open(serial / n).find_paragraph("Số:")) for n in names if n.endswith(".docx")}
    assert len(numbers) == 10 and "Số: 09/TB-UBND" in numbers  # (the 10th is a draft: no number)
    # The listing is in record order whatever the order the workers finished in, and ends with the summary.
    listed = [line[:-1] for line in second.output.splitlines() if line.endswith(".yaml:")]
    assert listed == sorted(str(p) for p in records.glob("*.yaml"))
    match = SUMMARY.match(second.output.splitlines()[-1])
    assert match and match.group(1, 2) == ("20", "10") and match.group(3) is None


def test_no_progress_bar_when_output_is_not_a_terminal_and_quiet_prints_only_the_summary(records, tmp_path):
    result = run("render", *sorted(records.glob("*.yaml"))[:3], "--out", tmp_path, "--jobs", "1")
    assert result.exit_code == 0
    assert "Đang tạo văn bản" not in result.output + result.stderr and "[#" not in result.output + result.stderr
    assert result.stderr == ""
    quiet = run("render", *sorted(records.glob("*.yaml"))[:3], "--out", tmp_path / "q", "--quiet")
    assert quiet.exit_code == 0
    lines = quiet.output.splitlines()
    assert len(lines) == 1 and SUMMARY.match(lines[0]).group(1, 2) == ("6", "3")
    assert len(files_under(tmp_path / "q")) == 6


def test_bad_records_are_reported_and_the_good_ones_rendered(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(DAK_SONG, encoding="utf-8")
    bad = folder / "b.yaml"
    bad.write_text(DAK_SONG.replace("date: 2023-07-24", "date: 2023-02-30").replace("  organizer:", "  organiser:"),
                   encoding="utf-8")
    (folder / "c.yaml").write_text(DAK_SONG.replace("number: null", "number: 17"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", folder, "--out", out, "--format", "docx", "--jobs", "2")
    assert result.exit_code == 1
    assert files_under(out) == ["a/thong-bao.docx", "c/thong-bao.docx"]
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"{bad}:") and ": lỗi: " in line]
    assert len(errors) == 2 and all(re.match(rf"{re.escape(str(bad))}:\d+:\d+: lỗi: ", e) for e in errors)
    assert "Traceback" not in result.output + result.stderr
    match = SUMMARY.match(result.output.splitlines()[-1])
    assert match and match.group(1, 2, 4) == ("2", "2", "1")


def test_records_sharing_an_output_folder_are_refused_before_anything_is_written(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = folder / "Đắk Song.yaml", folder / "dak-song.yml"
    first.write_text(DAK_SONG, encoding="utf-8")
    second.write_text(DAK_SONG.replace("number: null", "number: 17"), encoding="utf-8")
    (folder / "other.yaml").write_text(DAK_SONG, encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", folder, "--out", out, "--format", "docx")
    assert result.exit_code == 1
    assert files_under(out) == ["other/thong-bao.docx"]
    message = result.stderr.strip()
    assert f"“{first}”" in message and f"“{second}”" in message and str(out / "dak-song") in message
    assert "ghi đè" in message
    match = SUMMARY.match(result.output.splitlines()[-1])
    assert match and match.group(1, 2, 4) == ("1", "1", "2")
    # The same file named twice is one record, not a collision.
    again = run("render", folder / "other.yaml", folder / "other.yaml", "--out", tmp_path / "o2", "--format", "docx")
    assert again.exit_code == 0 and files_under(tmp_path / "o2") == ["other/thong-bao.docx"]


def test_an_internal_error_names_its_record_and_document_and_exits_2(tmp_path, monkeypatch):
    """A bug in a writer (simulated: the real writers have none we know of) stops only its record."""
    from notices.writers import docx

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(DAK_SONG, encoding="utf-8")
    (folder / "b.yaml").write_text(DAK_SONG.replace("number: null", "number: 17"), encoding="utf-8")
    real = docx.write

    def buggy(document, path, options=None):
        if "17/TB" in document.title:  # record b's notice
            raise KeyError("w:rPr")
        return real(document, path, options)

    monkeypatch.setattr(docx, "write", buggy)
    out = tmp_path / "out"
    result = run("render", folder, "--out", out, "--format", "docx,pdf", "--jobs", "1")
    assert result.exit_code == 2
    assert files_under(out) == ["a/thong-bao.docx", "a/thong-bao.pdf"]
    (line,) = [x for x in result.stderr.splitlines() if "Lỗi nội bộ" in x]
    assert line.startswith(f"Lỗi nội bộ của notices khi xử lý hồ sơ {folder / 'b.yaml'} (KeyError: 'w:rPr'), "
                           "lúc tạo Thông báo kết luận (thong-bao.docx); không ghi tệp nào cho hồ sơ này.")
    assert "Traceback" not in result.stderr
    assert SUMMARY.match(result.output.splitlines()[-1]).group(1, 2, 4) == ("2", "1", "1")


def _children(pid: int) -> set[int]:
    """Every descendant process of ``pid`` (from /proc)."""
    found, stack = set(), [pid]
    while stack:
        current = stack.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    for child in map(int, children.read().split()):
                        found.add(child)
                        stack.append(child)
        except FileNotFoundError:
            continue
    return found


def test_a_progress_bar_with_count_and_rate_on_a_terminal(records, tmp_path):
    """Run as a secretary would at a terminal (a pseudo-terminal): the bar counts, then the summary."""
    import pty

    chosen = [str(p) for p in sorted(records.glob("*.yaml"))[:3]]
    command = [sys.executable, "-m", "notices", "render", *chosen, "--out", str(tmp_path), "--jobs", "1",
               "--format", "docx"]
    output = []
    pty.spawn(command, lambda fd: output.append(os.read(fd, 65536)) or output[-1])
    text = b"".join(output).decode("utf-8", "replace")
    assert "Đang tạo văn bản" in text and "3/3" in text and "hồ sơ/giây" in text
    assert SUMMARY.match(text.strip().splitlines()[-1].strip())


def test_workers_end_when_the_command_is_killed(records, tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "notices", "render", str(records), "--out", str(tmp_path),
                                "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 3 and time.monotonic() < deadline:  # the fork server and its two workers
            workers = _children(process.pid)
            time.sleep(0.2)
        assert len(workers) >= 3, "the pool started"
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") and _alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}") and _alive(pid)]


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
