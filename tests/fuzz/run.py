"""The long fuzz run: ``./dev fuzz`` (or ``python -m tests.fuzz.run --records 10000``).

Generates records from the model, writes them as YAML in varied styles, mutates most of them at the
text level, and judges each one (tests/fuzz/oracle.py). Valid records are rendered to DOCX, HTML and
Markdown, and every ``--pdf-every``-th one to PDF too. Prints the counts and the time; exits 1 on any
internal error, positionless error, English message, partial output, lost character or raw HTML.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.generate import dump, mutate, mutations, records
from tests.fuzz.oracle import Tally, check_load, check_render

FAST_FORMATS = ("docx", "html", "md")


def run_one(record: dict, styles: list[int], mutation: tuple[str, int, int], work: Path, tally: Tally,
            pdf: bool, render: bool = True) -> None:
    """Write, load, and (if valid) render one generated record; results go to ``tally``."""
    kind, a, b = mutation
    tally.counts[f"mutation:{kind}"] += 1
    data = mutate(dump(record, list(styles)) + "\n", kind, a, b)
    number = tally.counts["records"]
    path = work / f"ho-so-{number}.yaml"
    path.write_bytes(data)
    loaded = check_load(path, tally)
    if loaded is not None and render:
        out = work / f"out-{number}"
        check_render(loaded, out, tally, FAST_FORMATS + (("pdf",) if pdf else ()))
        shutil.rmtree(out, ignore_errors=True)
    path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="how many records to generate (10000)")
    parser.add_argument("--render-every", type=int, default=1,
                        help="render every N-th valid record (DOCX, HTML, Markdown); the others are only loaded")
    parser.add_argument("--pdf-every", type=int, default=25, help="of the rendered records, every N-th to PDF too")
    parser.add_argument("--seed", type=int, default=None, help="a seed, to repeat a run exactly")
    args = parser.parse_args(argv)
    tally = Tally()
    work = Path(tempfile.mkdtemp(prefix="notices-fuzz-"))
    started = time.perf_counter()

    @settings(max_examples=args.records, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(records(), st.lists(st.integers(0, 11), max_size=60), mutations())
    def one(record: dict, styles: list[int], mutation: tuple[str, int, int]) -> None:
        render = tally.counts["valid"] % max(args.render_every, 1) == 0
        pdf = render and args.pdf_every > 0 and tally.counts["rendered"] % args.pdf_every == 0
        run_one(record, styles, mutation, work, tally, pdf, render)
        done = tally.counts["records"]
        if done % 250 == 0:
            print(f"  … {done} hồ sơ, {time.perf_counter() - started:.0f} s", flush=True)

    if args.seed is not None:
        one = __import__("hypothesis").seed(args.seed)(one)
    try:
        one()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    counts = tally.counts
    print(f"Fuzz: {counts['records']} hồ sơ trong {elapsed:.0f} s")
    for key in ("valid", "refused", "rendered", "render_refused", "checked_docx", "checked_html", "checked_md",
                "internal_error", "positionless_error", "english_message", "partial_output", "lost_characters",
                "raw_html"):
        print(f"  {key}: {counts[key]}")
    mutated = sorted((k.split(':', 1)[1], v) for k, v in counts.items() if k.startswith("mutation:"))
    print("  mutations: " + ", ".join(f"{k}={v}" for k, v in mutated))
    for kind, details in tally.failures.items():
        print(f"\n{kind}:")
        for detail in details:
            print("  " + detail.replace("\n", "\n  "))
    return 1 if tally.violations else 0


if __name__ == "__main__":
    sys.exit(main())
