"""The command line, driven as a secretary would: exact exit codes, messages, files on disk."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from notices.cli import main
from tests.conftest import EXAMPLES, ROOT

DAK_SONG = (EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_every_command_has_help():
    import click

    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert {"render", "validate", "issue", "register", "archive", "sign", "verify", "serve"} <= set(names)
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None and command.help, name
        result = run(name, "--help")
        assert result.exit_code == 0 and "Cách dùng:" in result.output


def test_validate_loads_only_what_it_needs():
    """A cold `validate` starts fast: no writer, no document model, no room (register, signing, web)."""
    code = (
        "import sys\n"
        "from notices.cli import main\n"
        "try:\n"
        f"    main([{str(EXAMPLES)!r}])\n"
        "except SystemExit as end:\n"
        "    assert end.code == 0, end.code\n"
        "heavy = ('weasyprint', 'docx', 'lxml', 'jinja2', 'sqlalchemy', 'pyhanko', 'starlette', 'notices.model',\n"
        "         'notices.register', 'notices.signing', 'notices.web', 'notices.server', 'notices.writers.pdf', 'notices.jobs',\n"
        "         'procrastinate')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    ).replace("main([", "main(['validate', ")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def test_render_defaults_give_each_kind_its_formats(tmp_path):
    result = run("render", str(EXAMPLES), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    files = files_under(tmp_path)
    admin = {"dak-song-cchc-2023": ["thong-bao"], "mo-duc-bao-cao-cchc-2022": ["bao-cao"],
             "phu-tai-cchc-2022": ["bien-ban", "giay-moi", "thong-bao"], "xa-cchc-6-thang-2024": ["thong-bao"],
             "ea-sup-sau-hoi-nghi-2024": ["cong-van", "ke-hoach", "thong-bao", "to-trinh"]}
    news = ["tin-bai.docx", "tin-bai.fragment.html", "tin-bai.html", "tin-bai.md", "tin-bai.pdf"]
    expected = [f"{record}/{name}.{ext}" for record, names in admin.items() for name in names for ext in ("docx", "pdf")]
    expected += [f"{record}/{name}" for record in admin if record not in ("dak-song-cchc-2023", "ea-sup-sau-hoi-nghi-2024")
                 for name in news]
    expected.append("xa-cchc-6-thang-2024/anh/quang-canh-hoi-nghi.jpg")
    assert files == sorted(expected)
    assert re.fullmatch(rf"Đã tạo {len(expected)} tệp từ 5 hồ sơ trong \d+,\d giây\.", result.output.splitlines()[-1])
    mode = (tmp_path / "xa-cchc-6-thang-2024" / "tin-bai.html").stat().st_mode & 0o777
    assert mode & 0o444 == 0o444 & ~_umask(), "published files are readable like any new file"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_render_only_and_format(tmp_path):
    result = run("render", str(EXAMPLES), "--out", str(tmp_path), "--only", "notice", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == [
        "dak-song-cchc-2023/thong-bao.docx",
        "ea-sup-sau-hoi-nghi-2024/thong-bao.docx",
        "phu-tai-cchc-2022/thong-bao.docx",
        "xa-cchc-6-thang-2024/thong-bao.docx",
    ]
    assert re.fullmatch(r"Đã tạo 4 tệp từ 5 hồ sơ trong \d+,\d giây\.", result.output.splitlines()[-1])


def test_render_names_are_ascii(tmp_path):
    record = tmp_path / "Đắk Song – họp tháng 7.yaml"
    record.write_text(DAK_SONG, encoding="utf-8")
    result = run("render", str(record), "--out", str(tmp_path / "out"), "--format", "docx,html")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "out") == ["dak-song-hop-thang-7/thong-bao.docx", "dak-song-hop-thang-7/thong-bao.html"]


def test_bad_record_is_reported_with_positions_and_gets_no_file(tmp_path):
    good = tmp_path / "a.yaml"
    good.write_text(DAK_SONG, encoding="utf-8")
    bad = tmp_path / "b.yaml"
    bad.write_text(DAK_SONG.replace("date: 2023-07-24", "date: 2023-02-30").replace("  organizer:", "  organiser:"),
                   encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", str(good), str(bad), "--out", str(out))
    assert result.exit_code == 1
    assert files_under(out) == ["a/thong-bao.docx", "a/thong-bao.pdf"], "the good record is rendered, the bad one not"
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith(f"{bad}:") and ": lỗi: " in line]
    assert len(errors) == 2
    assert "Traceback" not in result.output + result.stderr
    assert lines[-1] == f"{bad}: 2 lỗi, không tạo văn bản nào."
    assert result.output.splitlines()[-1].endswith("; 1 hồ sơ lỗi, không tạo văn bản nào cho các hồ sơ đó.")


def test_validate_exit_codes(tmp_path):
    assert run("validate", str(EXAMPLES)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency:\n  name: x\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:1:1: lỗi: thiếu mục bắt buộc “documents”" in result.stderr
    assert f"{bad}:1:1: lỗi: thiếu mục bắt buộc “agency.code”" in result.stderr  # at its parent key


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run("render", str(EXAMPLES), "--format", "odt", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "odt" in result.output and "docx, pdf, html" in result.output


def test_schema_is_json_schema_with_vietnamese_descriptions(tmp_path):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"agency", "documents"}
    agency = schema["$defs"]["Agency"]
    assert "Tên cơ quan ban hành" in agency["properties"]["name"]["description"]
    assert run("schema", "--out", str(tmp_path / "s.json")).exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


def test_schema_accepts_the_examples():
    import jsonschema

    from notices.records.schema import record_schema
    from notices.records.yamlsource import parse

    for path in EXAMPLES.glob("*.yaml"):
        jsonschema.validate(parse(path.read_text(encoding="utf-8")).data, record_schema())


def test_missing_font_is_a_clear_error_and_leaves_no_pdf(tmp_path):
    empty = tmp_path / "fonts"
    empty.mkdir()
    env = {**os.environ, "NOTICES_FONT_DIR": str(empty)}
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "notices", "render", str(EXAMPLES / "dak-song-cchc-2023.yaml"), "--out", str(out),
         "--format", "pdf"],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Times New Roman" in result.stderr and "fonts-liberation2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or files_under(out) == []


def test_fonts_from_a_folder_are_used(tmp_path):
    from notices import fonts

    family = fonts.family()
    folder = tmp_path / "fonts"
    folder.mkdir()
    for path in family.files.values():
        shutil.copy(path, folder)
    env = {**os.environ, "NOTICES_FONT_DIR": str(folder), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "notices", "render", str(EXAMPLES / "xa-cchc-6-thang-2024.yaml"), "--out",
         str(tmp_path / "out"), "--format", "pdf"],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "cache" / "notices" / "fonts").glob("*.ttf"))


def test_news_post_on_request_for_a_record_that_does_not_declare_it(tmp_path):
    result = run("render", str(EXAMPLES / "dak-song-cchc-2023.yaml"), "--only", "news", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == [f"dak-song-cchc-2023/{name}" for name in
                                     ("tin-bai.docx", "tin-bai.fragment.html", "tin-bai.html", "tin-bai.md", "tin-bai.pdf")]
    markdown = (tmp_path / "dak-song-cchc-2023" / "tin-bai.md").read_text(encoding="utf-8")
    assert "Ngày 24/7/2023, đ/c Ngô Đức Trọng – Chủ tịch UBND huyện chủ trì Hội nghị" in markdown
    # Kinds that need their own entry (a signer, a number) are never invented.
    result = run("render", str(EXAMPLES / "dak-song-cchc-2023.yaml"), "--only", "minutes", "--out", str(tmp_path / "x"))
    assert result.exit_code == 0 and not (tmp_path / "x").exists()
