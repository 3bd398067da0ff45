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
    from notices.kinds import kinds as catalogue
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
            kinds = [k.key for k in catalogue() if k.form and getattr(loaded.record.documents, k.key) is not None]
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
        follow_up(folder, args.repeat)


FOLLOW_UP = ("official_letter", "plan", "proposal")


def effective(record: object, kind: str) -> dict[str, object]:
    """What the record says of a Công văn, Kế hoạch or Tờ trình, field by field, as notices prints it: Lưu as
    archive_line gives it, Nơi nhận without "Như trên", the reference the opening cites, each task's own or
    shared deadline, the meeting the opening names."""
    from notices import vn
    from notices.compose.common import as_item, notice_reference

    doc = getattr(record.documents, kind)  # type: ignore[attr-defined]
    out: dict[str, object] = {}
    for name in type(doc).model_fields:
        if name in ("hoso", "year", "draft", "archive", "recipients", "reference", "unit", "signer"):
            continue
        value = getattr(doc, name)
        out[name] = list(value) if isinstance(value, list | tuple) else value
    for name in ("authority", "title", "name"):
        value = getattr(doc.signer, name)
        out[f"signer.{name}"] = list(value) if isinstance(value, list) else value
    out["recipients"] = [r for r in doc.recipients if vn.fold(r) != vn.fold("Như trên")]
    out["archive"] = doc.archive_line(record.agency)  # type: ignore[attr-defined]
    if kind == "official_letter":
        out["unit"] = doc.unit or record.agency.unit  # type: ignore[attr-defined]
    if kind != "official_letter" or not doc.body:
        out["reference"] = doc.reference or notice_reference(record)  # type: ignore[arg-type]
        meeting = record.meeting  # type: ignore[attr-defined]
        out["meeting"] = (meeting.name, meeting.date, meeting.chair) if meeting else None
    if kind == "plan":
        shared = record.conclusions.deadline  # type: ignore[attr-defined]
        for n, entry in enumerate(record.conclusions.items, start=1):  # type: ignore[attr-defined]
            item = as_item(entry)
            out[f"task {n}"] = (item.text, item.assignee, item.partners,
                                item.deadline or (None if item.recurring else shared), item.recurring)
    return out


def follow_up(folder: Path, repeat: int) -> None:
    """Công văn, Kế hoạch, Tờ trình: the Ea Súp example's three documents rendered by notices and imported back,
    and the hand-typed ones of tests/importer/builders, each field compared."""
    from notices.importer import read_document
    from notices.records.load import load_record, validate_text
    from tests.importer import builders

    example = load_record(ROOT / "data" / "examples" / "ea-sup-sau-hoi-nghi-2024.yaml")
    print("\nCông văn, Kế hoạch, Tờ trình của ví dụ Ea Súp, do notices tạo rồi nhập lại (so từng trường với hồ sơ):")
    from notices.render import render_record

    right: dict[str, list[int]] = {}
    for kind in FOLLOW_UP:
        outcome = render_record(example, folder / "f", only=(kind,), formats=("docx",))
        path = next(p for p, _ in outcome.written if p.suffix == ".docx")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = read_document(path)
            times.append(time.perf_counter() - start)
        target = folder / "f" / f"{kind}.yaml"
        target.write_text(result.yaml, encoding="utf-8")
        got, want = effective(validate_text(result.yaml, target).record, kind), effective(example.record, kind)
        same = [k for k in want if got.get(k) == want[k]]
        for key in want:
            right.setdefault(key, [0, 0])
            right[key][0] += key in same
            right[key][1] += 1
        print(f"  {kind:<16} {len(same)}/{len(want)} trường đúng, {statistics.median(times) * 1000:.0f} ms; "
              f"sai: {[k for k in want if k not in same] or '-'}")
    hand = {"letter_layout": "official_letter", "letter_tab_layout": "official_letter",
            "plan_table_layout": "plan", "proposal_layout": "proposal"}
    print("Văn bản gõ tay (tests/importer/builders): số trường đọc được / cần kiểm tra / đoạn chưa xếp:")
    for name, kind in hand.items():
        path = getattr(builders, name)(folder / f"{name}.docx")
        start = time.perf_counter()
        result = read_document(path)
        took = time.perf_counter() - start
        doc = result.imported.record["documents"][kind]
        print(f"  {name:<18} {kind:<16} {len(doc)} trường, {len(result.imported.doubts)} cần kiểm tra, "
              f"{len(result.imported.unread) + len(result.imported.kept)} đoạn chưa xếp, {took * 1000:.0f} ms")
    print("Độ chính xác theo trường (ví dụ Ea Súp):")
    for key, (ok, total) in right.items():
        print(f"  {key:<18} {ok}/{total}")


if __name__ == "__main__":
    main()
