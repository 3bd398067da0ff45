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

from tests.fuzz.generate import (
    OUTPUT_CASES,
    TEMPLATE_NAMES,
    TEMPLATE_PIECES,
    dump,
    mutate,
    mutations,
    prepare_output,
    records,
)
from tests.fuzz.oracle import Tally, check_load, check_render

FAST_FORMATS = ("docx", "html", "md")
RECENT: list[bytes] = []  # the last records written, for the next batch through the command line
BATCH_NAMES = ("a.yaml", "Đắk Song.yaml", "dak-song.yml", "b.yml")  # the 2nd and 3rd share an output folder


def run_batch(work: Path, tally: Tally, number: int) -> None:
    """The last four records as one folder through ``notices render`` (items 10–12): every good record
    with a folder of its own rendered, every bad one named at file:line:col, the two sharing a
    folder both refused naming each other; exit 1; never an internal error."""
    import re

    from click.testing import CliRunner

    from notices import vn
    from notices.cli import main
    from notices.errors import RecordError
    from notices.records import load_record

    case = work / f"batch-{number}"
    folder, out = case / "in", case / "out"
    folder.mkdir(parents=True)
    valid = {}
    for name, data in zip(BATCH_NAMES, RECENT, strict=False):
        path = folder / name
        path.write_bytes(data)
        try:
            load_record(path)
            valid[path] = True
        except RecordError:
            valid[path] = False
    tally.counts["batches"] += 1
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(out), "--format", "docx", "--jobs", "1"])
    text = result.output + result.stderr
    if result.exit_code not in (0, 1) or "Lỗi nội bộ" in text or "Traceback" in text:
        tally.fail("internal_error", f"batch {number}: exit {result.exit_code}: {text[-2000:]}")
    slugs = [vn.slug(p.stem) for p in valid]
    for path, ok in valid.items():
        slug = vn.slug(path.stem)
        produced = (out / slug).is_dir() and any((out / slug).iterdir())
        if slugs.count(slug) > 1:
            if produced or f"“{path}”" not in text:
                tally.fail("positionless_error", f"batch {number}: {path} shares a folder: {text[-1500:]}")
        elif not ok:
            if produced:
                tally.fail("partial_output", f"batch {number}: bad {path} produced {slug}")
            if not re.search(rf"{re.escape(str(path))}:\d+:\d+: lỗi: ", text):
                tally.fail("positionless_error", f"batch {number}: {path}: {text[-1500:]}")
        elif not produced:
            tally.fail("partial_output", f"batch {number}: good {path} not rendered: {text[-1500:]}")
    shutil.rmtree(case, ignore_errors=True)


def run_one(record: dict, styles: list[int], mutation: tuple[str, int, int], work: Path, tally: Tally,
            pdf: bool, render: bool = True, template: tuple[str, str] | None = None,
            output: str | None = None) -> None:
    """Write, load, and (if valid) render one generated record; results go to ``tally``.

    ``template``: (name, source) of an office template to render with; ``output``: a bad output folder case.
    """
    kind, a, b = mutation
    tally.counts[f"mutation:{kind}"] += 1
    data = mutate(dump(record, list(styles)) + "\n", kind, a, b)
    number = tally.counts["records"]
    RECENT.append(data)
    del RECENT[:-4]
    path = work / f"ho-so-{number}.yaml"
    path.write_bytes(data)
    loaded = check_load(path, tally)
    if loaded is not None and (render or template or output):
        case = work / f"case-{number}"
        case.mkdir()
        folder = None
        if template is not None:
            from notices.compose.templates import environment

            folder = case / "mau"
            (folder / template[0]).parent.mkdir(parents=True)
            (folder / template[0]).write_text(template[1], encoding="utf-8")
            environment.cache_clear()
            tally.counts["with_office_template"] += 1
        out = case / "out"
        if output is not None:
            from notices import vn

            out = prepare_output(output, case, vn.slug(path.stem))
            tally.counts[f"output:{output}"] += 1
        formats = FAST_FORMATS + (("pdf",) if pdf else ())
        if check_render(loaded, out, tally, formats, templates=folder) and output is not None:
            tally.fail("positionless_error", f"{path}: output case {output} rendered without an error")
        shutil.rmtree(case, ignore_errors=True)
    path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="how many records to generate (10000)")
    parser.add_argument("--render-every", type=int, default=1,
                        help="render every N-th valid record (DOCX, HTML, Markdown); the others are only loaded")
    parser.add_argument("--pdf-every", type=int, default=25, help="of the rendered records, every N-th to PDF too")
    parser.add_argument("--template-every", type=int, default=10, help="every N-th record with a bad office template")
    parser.add_argument("--output-every", type=int, default=25, help="every N-th record into a bad output folder")
    parser.add_argument("--batch-every", type=int, default=100,
                        help="every N-th record, the last four as one folder through the command line")
    parser.add_argument("--seed", type=int, default=None, help="a seed, to repeat a run exactly")
    args = parser.parse_args(argv)
    tally = Tally()
    work = Path(tempfile.mkdtemp(prefix="notices-fuzz-"))
    started = time.perf_counter()

    @settings(max_examples=args.records, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(records(), st.lists(st.integers(0, 11), max_size=60), mutations(),
           st.tuples(st.sampled_from(TEMPLATE_NAMES),
                     st.lists(st.sampled_from(TEMPLATE_PIECES), min_size=1, max_size=8).map("".join)),
           st.sampled_from(OUTPUT_CASES))
    def one(record: dict, styles: list[int], mutation: tuple[str, int, int], template: tuple[str, str],
            output: str) -> None:
        number = tally.counts["records"]
        render = tally.counts["valid"] % max(args.render_every, 1) == 0
        pdf = render and args.pdf_every > 0 and tally.counts["rendered"] % args.pdf_every == 0
        run_one(record, styles, mutation, work, tally, pdf, render,
                template if number % args.template_every == 0 else None,
                output if number % args.output_every == 7 % args.output_every else None)
        if args.batch_every and number % args.batch_every == args.batch_every - 1 and len(RECENT) == 4:
            run_batch(work, tally, number)
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
    for key in ("valid", "refused", "rendered", "render_refused", "with_office_template", "batches", "checked_docx",
                "checked_html", "checked_md",
                "internal_error", "positionless_error", "english_message", "partial_output", "lost_characters",
                "raw_html"):
        print(f"  {key}: {counts[key]}")
    for prefix in ("mutation", "output"):
        found = sorted((k.split(":", 1)[1], v) for k, v in counts.items() if k.startswith(prefix + ":"))
        print(f"  {prefix}s: " + ", ".join(f"{k}={v}" for k, v in found))
    for kind, details in tally.failures.items():
        print(f"\n{kind}:")
        for detail in details:
            print("  " + detail.replace("\n", "\n  "))
    return 1 if tally.violations else 0


if __name__ == "__main__":
    sys.exit(main())
