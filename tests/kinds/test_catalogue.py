"""The catalogue is the one place a kind is declared: adding one entry (and its composer) is enough for it to
appear in ``render --only``, the record schema, the web form's "Văn bản" list and the register's series."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from notices import kinds

ROOT = Path(__file__).resolve().parents[2]
MEMO_RECORD = """\
agency: {name: Ủy ban nhân dân xã Hòa Phú, code: UBND, place: Hòa Phú, unit: VP}
documents:
  memo:
    date: 2024-03-29
    subject: Về việc mua sắm thiết bị cho Bộ phận một cửa
    to: Chủ tịch UBND xã
    requests: [Đề nghị Chủ tịch UBND xã xem xét, phê duyệt dự toán mua sắm.]
    signer: {title: Công chức Văn phòng - Thống kê, name: Trần Thị B}
"""


def test_one_entry_is_enough(tmp_path: Path) -> None:
    record = tmp_path / "hoso" / "phieu-trinh.yaml"
    record.parent.mkdir()
    record.write_text(MEMO_RECORD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTICES_DB": ""}
    done = subprocess.run([sys.executable, "-m", "tests.kinds.added_kind", str(record), str(tmp_path / "out")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["render"] == [0, ["phieu-trinh.docx"]]
    assert seen["help"]
    assert seen["schema"] == "Phiếu trình giải quyết công việc (ký hiệu PTr)."
    assert seen["web_kinds"] == [{"key": "memo", "label": "Phiếu trình"}]
    assert seen["web_form"] == ["Phiếu trình"]
    assert seen["register"] == [["01/PTr-UBND", "PTr", "Phiếu trình"]]


def test_this_process_has_no_memo() -> None:
    """The added kind lived only in the child process."""
    assert "memo" not in kinds.keys()


def test_the_catalogue_knows_every_section_of_the_record() -> None:
    from notices.records.models import Documents

    assert tuple(Documents.model_fields) == kinds.keys()
    assert {k.key for k in kinds.numbered()} == set(kinds.keys()) - {"news"}
    assert kinds.kind("official_letter").notation("UBND", "VP") == "UBND-VP"
    assert kinds.kind("notice").notation("UBND", "VP") == "TB-UBND"
    assert kinds.kind("official_letter").series_name == "CV"
