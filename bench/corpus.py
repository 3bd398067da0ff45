"""Generate N varied Thông báo kết luận records from the Đắk Song example (for benchmarks and batch tests).

    .venv/bin/python bench/corpus.py FOLDER N [--seed 1]

Each record keeps the example's shape and varies what changes from one notice to the next: the
number and date, the meeting, the figures, how many conclusions (so notices run one to three
pages), the recipients. Deterministic for a given seed. Generated records are never committed.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "examples" / "dak-song-cchc-2023.yaml"

TOPICS = (
    "cải cách hành chính", "chuyển đổi số", "phòng, chống thiên tai", "xây dựng nông thôn mới",
    "an toàn thực phẩm", "thu ngân sách nhà nước", "giải phóng mặt bằng", "phòng cháy, chữa cháy",
    "tiếp công dân", "quản lý đất đai", "bảo vệ môi trường", "giáo dục và đào tạo",
)
PERIODS = ("6 tháng đầu năm", "quý I", "quý II", "quý III", "9 tháng", "tháng {m}")
EXTRA_ITEMS = (
    "Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí thực hiện các nhiệm vụ trọng tâm đã đề ra.",
    "Các xã, thị trấn rà soát, cập nhật đầy đủ dữ liệu lên Cổng dịch vụ công quốc gia; bảo đảm tỷ lệ hồ sơ "
    "trực tuyến đạt kế hoạch giao.",
    "Văn phòng HĐND và UBND huyện theo dõi, tổng hợp kết quả thực hiện, báo cáo Chủ tịch UBND huyện trước "
    "ngày 25 hằng tháng.",
    "Phòng Văn hóa và Thông tin đẩy mạnh tuyên truyền trên Cổng thông tin điện tử huyện và hệ thống đài "
    "truyền thanh cơ sở.",
)


def _load_source() -> dict:
    sys.path.insert(0, str(ROOT))
    from notices.records.yamlsource import parse

    return parse(SOURCE.read_text(encoding="utf-8")).data


def _dump(data: dict) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def record(base: dict, index: int, rng: random.Random) -> dict:
    """The ``index``-th varied record (1-based)."""
    data = copy.deepcopy(base)
    topic = rng.choice(TOPICS)
    month = rng.randint(1, 12)
    period = rng.choice(PERIODS).format(m=month)
    meeting_day = dt.date(2023, month, rng.randint(1, 20))
    issued = meeting_day + dt.timedelta(days=rng.randint(1, 7))
    data["meeting"]["name"] = f"Hội nghị đánh giá công tác {topic} {period} năm 2023 (lần {index})"
    data["meeting"]["date"] = meeting_day.isoformat()
    for result in data["results"]:
        total = result["metric"]["total"]
        done = rng.randint(total // 3, total)
        result["metric"]["done"] = done
        result["text"] = result["text"].replace("41/57", f"{done}/{total}").replace("61/90", f"{done}/{total}")
    items = data["conclusions"]["items"]
    extra = rng.randint(0, len(EXTRA_ITEMS))
    data["conclusions"]["items"] = items[: rng.randint(2, len(items))] + list(EXTRA_ITEMS[:extra])
    notice = data["documents"]["notice"]
    if index % 10:  # one in ten stays a draft (no number, no day)
        notice["number"] = index
        notice["date"] = issued.isoformat()
    notice["subject"] = (f"Kết luận của Chủ tịch UBND huyện tại Hội nghị đánh giá công tác {topic} {period} "
                         f"năm 2023 (lần {index})")
    notice["recipients"] = notice["recipients"][: rng.randint(2, len(notice["recipients"]))]
    return data


def generate(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` records into ``folder`` (``tb-0001.yaml`` …); return their paths."""
    base = _load_source()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        path = folder / f"tb-{index:04d}.yaml"
        path.write_text(_dump(record(base, index, rng)), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.folder, args.count, args.seed)
    print(f"{args.count} records in {args.folder}")


if __name__ == "__main__":
    main()
