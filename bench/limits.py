"""Benchmark: what records at notices' documented limits cost, and how fast hostile ones are refused.

    .venv/bin/python bench/limits.py

Prints CPU seconds (this process) for validating and rendering (DOCX, PDF: the notice and the report)
the largest record the reader accepts (300,000 characters), a 1,000-row table and a 100-character
agency name; and for refusing a "billion laughs" file, 1,000 levels of nesting and a 5 MB value.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE = """\
agency:
  name: {agency}
  code: UBND
  place: Phước Hưng
meeting:
  name: Hội nghị sơ kết
  date: 2024-07-11
  chair: {{name: Lê Quốc Dũng, title: Chủ tịch UBND xã}}
report: {{period: năm 2022, subject: Kết quả CCHC}}
results:
{results}
conclusions:
  items:
    - Đẩy mạnh công tác tuyên truyền CCHC.
documents:
  notice:
    number: 112
    date: 2024-07-15
    subject: Kết luận của Chủ tịch UBND xã
    signer: {{authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch, name: Lê Quốc Dũng}}
    recipients: [Các thôn]
  report:
    number: 5
    signer: {{authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch, name: Lê Quốc Dũng}}
"""
AGENCY = "Ủy ban nhân dân xã Phước Hưng"
SENTENCE = "Xã tiếp tục triển khai thực hiện có hiệu quả mô hình hành chính phục vụ người dân. "


def cpu() -> float:
    return time.process_time()


def measure(label: str, text: str, folder: Path, render: bool = True) -> None:
    from notices.errors import RecordError
    from notices.records import load_record
    from notices.render import render_record

    path = folder / f"{label}.yaml"
    path.write_text(text, encoding="utf-8")
    start = cpu()
    try:
        loaded = load_record(path)
    except RecordError as error:
        print(f"{label:<28} {len(text):>9,} ký tự  từ chối sau {cpu() - start:6.2f} s CPU: "
              f"{error.problems[0].message[:70]}")
        return
    validated = cpu() - start
    line = f"{label:<28} {len(text):>9,} ký tự  kiểm tra {validated:6.2f} s"
    if render:
        for fmt in ("docx", "pdf"):
            start = cpu()
            render_record(loaded, folder / "out", formats=(fmt,))  # the notice and the report
            line += f"  {fmt} {cpu() - start:6.2f} s"
    print(line + " CPU")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="notices-limits-"))
    big = "\n".join(f"  - {SENTENCE * 200}" for _ in range(17))  # ~17 values of ~17,000 characters
    table = "".join(f"      - [Xã số {i}, {i * 7}, {i * 5}]\n" for i in range(1000))
    measure("lớn nhất được nhận", BASE.format(agency=AGENCY, results=big), folder)
    measure("bảng 1.000 dòng", BASE.format(agency=AGENCY, results=(
        "  - heading: Thủ tục\n    table:\n      caption: Hồ sơ\n      columns: [Xã, Nhận, Giải quyết]\n"
        "      rows:\n" + table)), folder)
    measure("tên cơ quan 100 ký tự", BASE.format(agency=("Ban quản lý dự án đầu tư xây dựng các công trình dân "
                                                         "dụng và công nghiệp tỉnh Bà Rịa Vũng")[:100],
                                                 results="  - Một kết quả."), folder)
    laughs = "\n".join(['a0: &a0 ["' + "x" * 50 + '"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]"
                                                           for i in range(1, 10)])
    measure("billion laughs", laughs + "\n" + BASE.format(agency=AGENCY, results="  - x"), folder, render=False)
    measure("lồng 1.000 cấp", BASE.format(agency=AGENCY, results="  - x") + "x: " + "[" * 1000 + "]" * 1000,
            folder, render=False)
    measure("một giá trị 5 MB", BASE.format(agency=AGENCY, results="  - " + "ạ" * 5_000_000), folder, render=False)


if __name__ == "__main__":
    main()
