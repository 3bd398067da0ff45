"""The Danh mục file is checked like a record: every problem in one pass, each at its line and column."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.hoso.conftest import PLAN, run

BAD = """\
year: 2024
headings:
  - title: Tổng hợp
    code: TH
    files:
      - number: 01.TH
        title: Một
        retention: 10 năm
        creator: Nguyễn Thị Lan
      - number: 03.TH
        title: Hai
        retention: mười năm
        creator: Tôn Nữ Thị Phương Thảo Nguyên Hạnh Ngọc
      - number: 01.TH
        title: Ba
        retention: Vĩnh viễn
        creator: Lê Văn C
        colour: đỏ
  - title: Văn phòng
    code: VP
    files:
      - number: 04.TH
        title: Bốn
        retention: 5 năm
        creator: Lê Văn D
"""


def test_every_problem_at_its_line_and_column(tmp_path: Path) -> None:
    from notices.cli import main

    path = tmp_path / "danh-muc.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["hoso", "plan", str(path), "--db", f"sqlite:///{tmp_path / 'n.db'}",
                                       "--agency", "UBND:Ủy ban nhân dân xã A"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": lỗi: " in line]
    places = [line.split(": lỗi: ")[0].rsplit(":", 2)[1:] for line in lines]
    assert ["12", "20"] in places  # retention "mười năm"
    assert ["13", "18"] in places  # creator longer than Creator's 30 characters
    assert ["18", "9"] in places  # an unknown key
    assert any("30" in line for line in lines if ":13:" in line)
    assert not (tmp_path / "n.db").exists() or "Đã lưu" not in result.output


def test_numbering_rules_of_phu_luc_v(tmp_path: Path) -> None:
    from notices.errors import RecordError
    from notices.hoso.plan import load_plan

    path = tmp_path / "danh-muc.yaml"
    path.write_text(BAD.replace("        colour: đỏ\n", "").replace("mười năm", "10 năm")
                    .replace("Tôn Nữ Thị Phương Thảo Nguyên Hạnh Ngọc", "Tôn Nữ Hạnh"), encoding="utf-8")
    try:
        load_plan(path)
    except RecordError as error:
        found = [(p.line, p.message) for p in error.problems]
    else:
        raise AssertionError("the Danh mục's numbering errors were not found")
    assert any(line == 10 and "phải có số 02" in m for line, m in found)
    assert any(line == 14 and "hai lần" in m for line, m in found)
    assert any(line == 21 and "ký hiệu phải là “VP”" in m for line, m in found)
    per_heading = path.read_text(encoding="utf-8").replace("year: 2024\n", "year: 2024\nnumbering: per-heading\n")
    path.write_text(per_heading.replace("03.TH", "02.TH").replace("      - number: 01.TH\n        title: Ba",
                                                                   "      - number: 03.TH\n        title: Ba")
                    .replace("04.TH", "01.VP"), encoding="utf-8")
    assert len(load_plan(path).plan.headings) == 2


def test_schema_hoso_and_the_example(tmp_path: Path) -> None:
    import jsonschema
    from ruamel.yaml import YAML

    schema = json.loads(run("schema", "--hoso"))
    assert schema["title"].startswith("Danh mục hồ sơ")
    jsonschema.validate(YAML(typ="safe").load(PLAN), schema)
    assert "creator" in json.dumps(schema)


def test_validate_stays_light() -> None:
    """The record's new ``hoso:`` key costs ``notices validate`` no heavy import."""
    code = ("import sys; from notices.cli import main\n"
            "try: main(['validate', 'data/examples/xa-cchc-6-thang-2024.yaml'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('sqlalchemy', 'lxml', 'pikepdf', 'docx', 'weasyprint') if m in sys.modules]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[2]).stdout
    assert out.strip().endswith("[]")


def test_record_and_office_hoso_keys(tmp_path: Path) -> None:
    from notices.hoso.library import hoso_named_by
    from notices.records import load_record
    from tests.hoso.conftest import draft_record

    record = draft_record(tmp_path / "a")
    (tmp_path / "a" / "office.yaml").write_text(
        "agency: {name: Ủy ban nhân dân phường Phú Tài, code: UBND, place: Phú Tài}\n"
        "documents:\n  invitation: {hoso: 02.TH}\n", encoding="utf-8")
    loaded = load_record(record)
    assert hoso_named_by(loaded, "invitation", None) == "02.TH"  # office.yaml's per-kind default
    assert hoso_named_by(loaded, "notice", None) is None
    assert hoso_named_by(loaded, "notice", "05.VP") == "05.VP"  # --hoso wins
    text = record.read_text(encoding="utf-8").replace("documents:\n", "hoso: 01.TH\ndocuments:\n", 1)
    record.write_text(text, encoding="utf-8")
    loaded = load_record(record)
    assert hoso_named_by(loaded, "invitation", None) == "01.TH"  # the record's own key wins over the profile
    assert hoso_named_by(loaded, "minutes", None) == "01.TH"
    record.write_text(text.replace("hoso: 01.TH", "hoso: năm"), encoding="utf-8")
    from notices.errors import RecordError

    try:
        load_record(record)
    except RecordError as error:
        assert any("hoso" in p.message for p in error.problems)
    else:
        raise AssertionError("a malformed hoso: was accepted")
