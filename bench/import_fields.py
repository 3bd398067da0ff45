"""Benchmark: per-field accuracy and time per document of ``notices import`` (printed, never asserted).

    .venv/bin/python bench/import_fields.py [--repeat 5] [--doc]

The test documents of tests/importer/builders.py (one Thông báo typed eight ways: header table, tab stops,
text boxes, page header part, TCVN3, VNI, python-docx, Word fields and tracked changes; plus one typed in a
hurry) are imported and each field compared with what was typed; then every example record's documents
(every kind) are rendered by notices and imported back. ``--doc`` adds the same notice saved as .doc by
LibreOffice (its conversion time included). Time: median of --repeat imports of one document, warm process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--doc", action="store_true")
    args = parser.parse_args()

    from notices.importer import read_document
    from notices.records.load import load_record
    from notices.render import render_record
    from tests.importer import builders
    from tests.importer.fields import compare, fields

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = {name: build(folder / f"{name}.docx") for name, build in builders.LAYOUTS.items()}
        expected = {name: builders.EXPECTED for name in docs}
        docs["voi"] = builders.compact_layout(folder / "voi.docx")
        expected["voi"] = {**builders.EXPECTED, "signer.authority": "KT. CHỦ TỊCH", "signer.title": "PHÓ CHỦ TỊCH",
                           "signer.name": "Nguyễn Văn Hùng"}
        if args.doc:
            import subprocess

            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to",
                            "doc", "--outdir", str(folder), str(docs["bang"])], check=True, capture_output=True)
            docs["bang.doc"] = folder / "bang.doc"
            expected["bang.doc"] = builders.EXPECTED
        right: dict[str, int] = {}
        print(f"{'tài liệu':<20} {'đúng':>7} {'ms/văn bản':>11}")
        for name, path in docs.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = read_document(path)
                times.append(time.perf_counter() - start)
            wrong = compare(fields(result.imported), expected[name])
            for key in expected[name]:
                right[key] = right.get(key, 0) + (key not in wrong)
            total = len(expected[name])
            print(f"{name:<20} {total - len(wrong):>3}/{total:<3} {statistics.median(times) * 1000:>11.0f}")
        print("\nĐộ chính xác theo trường:")
        for key, count in right.items():
            print(f"  {key:<20} {count}/{len(docs)}")
        print("\nVăn bản do notices tạo (mọi ví dụ, mọi loại), nhập lại:")
        for record in sorted((ROOT / "data" / "examples").glob("*.yaml")):
            loaded = load_record(record)
            kinds = [k for k in ("notice", "invitation", "minutes", "report")
                     if getattr(loaded.record.documents, k) is not None]
            outcome = render_record(loaded, folder / "r", only=tuple(kinds), formats=("docx",))
            for path, _ in outcome.written:
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    result = read_document(path)
                    times.append(time.perf_counter() - start)
                imported = result.imported
                print(f"  {record.stem}/{path.name}: {imported.placed} đoạn vào các phần, {imported.verbatim} "
                      f"nguyên văn, {len(imported.doubts)} cần kiểm tra, {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
