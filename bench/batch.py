"""Benchmark of a batch: per-document costs against plain baselines, and whole batches (figures only).

    .venv/bin/python bench/batch.py [--repeat 15] [--sizes 100,1000] [--jobs 1,2] [--skip-batch] [--instructions]

Prints, in one run on one machine:

1. per document, one warm process, the median of --repeat runs, for the Đắk Song notice:
   notices' DOCX against a hand-written python-docx build of the same notice, notices' PDF against
   a naive WeasyPrint call on the same HTML (``HTML(string=page).write_pdf()``), and load + compose;
2. a cold ``notices validate`` of the four examples, and the import of the CLI;
3. with --instructions, the same comparisons counted in instructions by valgrind, which the machine's
   load does not move (this VM's speed drifts by ±30 %, so seconds need many runs to show a 5 % change);
4. ``notices render`` (DOCX + PDF) of 100 and 1,000 generated notices (bench/corpus.py) with each
   --jobs value: wall time, CPU time of all its processes, the peak memory of its largest process
   (a worker) and the peak of all its processes together (sampled from /proc every 0.1 s).

Nothing here is asserted: the figures are for the notes and the issue.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
EXAMPLE = ROOT / "data" / "examples" / "dak-song-cchc-2023.yaml"


def timed(fn, repeat: int) -> float:
    """Median CPU seconds of this process over ``repeat`` calls, after one warm-up call.

    CPU time, not wall time: the machine is shared, and a neighbour's work would count as ours.
    """
    return side_by_side({"fn": fn}, repeat)["fn"][0]


def side_by_side(fns: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """(median, minimum) CPU seconds of each of ``fns``, called in turn ``repeat`` times after a warm-up.

    In turn, not one after the other: on a virtual machine whose speed drifts by ±30 % within a minute,
    two series run apart compare the machine's moods, not the code.
    """
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            samples[name].append(time.process_time() - start)
    return {name: (statistics.median(values), min(values)) for name, values in samples.items()}


def handwritten_docx(document, path: Path) -> None:
    """The same notice as a secretary-programmer would build it with python-docx, in a few lines.

    Margins, a 2×2 header table, bold/italic runs in Times New Roman of the right sizes, justified
    body paragraphs with a first-line indent and exact line height, the sign-off table. No rules,
    no header/footer fields: a lower bound for "python-docx's object layer".
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    from notices.model import Header, NumberedItem, Paragraph, SignOff, Title

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        Mm(20), Mm(20), Mm(30), Mm(15))

    def para(container, text, size, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, indent=None):
        p = container.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(size * 1.25)
        fmt.space_after = Pt(6)
        if indent:
            fmt.first_line_indent = Mm(indent)
        run = p.add_run(text)
        run.font.name, run.font.size, run.font.bold, run.font.italic = "Times New Roman", Pt(size), bold, italic
        return p

    for block in document.blocks:
        if isinstance(block, Header):
            table = doc.add_table(rows=2, cols=2)
            para(table.cell(0, 0), block.agency, 12, bold=True)
            para(table.cell(0, 1), block.national_name, 12, bold=True)
            para(table.cell(0, 1), block.motto, 13, bold=True)
            para(table.cell(1, 0), block.number, 13)
            para(table.cell(1, 1), block.place_date, 14, italic=True)
        elif isinstance(block, Title):
            para(doc, block.kind, 14, bold=True)
            para(doc, block.subject, 14, bold=True)
        elif isinstance(block, Paragraph):
            para(doc, block.text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7)
        elif isinstance(block, NumberedItem):
            para(doc, f"{block.label} {block.text}", 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7)
        elif isinstance(block, SignOff):
            table = doc.add_table(rows=1, cols=2)
            left, right = table.cell(0, 0), table.cell(0, 1)
            para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            for line in block.recipients.lines if block.recipients else ():
                para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
            signer = block.signers[0]
            for line in (*signer.authority, signer.title):
                para(right, line, 14, bold=True)
            para(right, signer.name, 14, bold=True)
    doc.core_properties.title = document.title
    doc.save(str(path))


def naive_weasyprint(document, path: Path) -> None:
    """The same page (notices' own HTML) through WeasyPrint with nothing prepared: one plain call."""
    from weasyprint import HTML

    from notices import fonts
    from notices.writers import html as html_writer

    page = html_writer.render(document, font_family=f'"{fonts.family().name}"')
    HTML(string=page).write_pdf(str(path))


def per_document(repeat: int, out: Path) -> None:
    from notices.records import load_record
    from notices.render import KINDS, writer

    kind = next(k for k in KINDS if k.key == "notice")

    def load_compose():
        return kind.compose(load_record(EXAMPLE).record, None, EXAMPLE.parent)

    document = load_compose()
    write_docx, write_pdf = writer("docx"), writer("pdf")
    docx = side_by_side({"ours": lambda: write_docx(document, out / "ours.docx"),
                         "hand": lambda: handwritten_docx(document, out / "hand.docx")}, repeat)
    pdf = side_by_side({"ours": lambda: write_pdf(document, out / "ours.pdf"),
                        "naive": lambda: naive_weasyprint(document, out / "naive.pdf")}, repeat)
    loading = timed(load_compose, repeat)
    pages = _pages(out / "ours.pdf")
    print(f"per document (Đắk Song notice, {pages} pages), one warm process, CPU time, median (minimum) of "
          f"{repeat} calls made in turn:")
    (ours_docx, ours_docx_min), (hand_docx, hand_docx_min) = docx["ours"], docx["hand"]
    (ours_pdf, ours_pdf_min), (naive_pdf, naive_pdf_min) = pdf["ours"], pdf["naive"]
    print(f"  DOCX          notices {ours_docx * 1000:6.1f} ({ours_docx_min * 1000:.1f}) ms   hand-written python-docx "
          f"{hand_docx * 1000:6.1f} ({hand_docx_min * 1000:.1f}) ms   ratio {ours_docx / hand_docx:.2f} "
          f"({ours_docx_min / hand_docx_min:.2f})")
    print(f"  PDF           notices {ours_pdf * 1000:6.1f} ({ours_pdf_min * 1000:.1f}) ms   naive WeasyPrint "
          f"{naive_pdf * 1000:6.1f} ({naive_pdf_min * 1000:.1f}) ms   ratio {ours_pdf / naive_pdf:.2f} "
          f"({ours_pdf_min / naive_pdf_min:.2f})   ({ours_pdf * 1000 / pages:.1f} ms per page)")
    print(f"  load+compose  {loading * 1000:6.1f} ms")
    print(f"  sizes: notices DOCX {(out / 'ours.docx').stat().st_size // 1024} KB, PDF "
          f"{(out / 'ours.pdf').stat().st_size // 1024} KB; naive PDF {(out / 'naive.pdf').stat().st_size // 1024} KB")


def _pages(path: Path) -> int:
    import pdfplumber  # the test extra's PDF reader

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def cold_commands(repeat: int) -> None:
    """Wall and CPU time (user + system, from the child's rusage) of fresh processes, median of ``repeat``."""
    import resource

    # As on a user's machine: Python keeps its compiled modules (a session may set PYTHONDONTWRITEBYTECODE,
    # which makes every cold command compile notices again: ~40 ms of validate's time); one warm-up run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run(*args: str) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    def median(*args: str) -> tuple[float, float]:
        runs = [run(*args) for _ in range(repeat)]
        return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)

    run("-m", "notices", "validate", "data/examples")  # writes the compiled modules once
    validate = median("-m", "notices", "validate", "data/examples")
    imports = median("-c", "import notices.cli")
    bare = median("-c", "pass")
    print(f"cold `notices validate data/examples` (4 records): {validate[0]:.2f} s wall, {validate[1]:.2f} s CPU; "
          f"importing the CLI: {imports[1] - bare[1]:.3f} s CPU beyond Python's own start ({bare[1]:.3f} s); "
          f"median of {repeat}")


def instructions(args: list[str]) -> float:
    """Millions of instructions ``args`` executes, counted by valgrind's callgrind (compiled modules kept).

    Unlike seconds, the count does not move with the machine's load: the same code and input give the
    same figure within ~0.1 %, so a change of 2 % is seen in one run.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(args, cwd=ROOT, env=env, capture_output=True, check=True)  # compiles what it imports
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    collected = next(line for line in done.stderr.splitlines() if "Collected" in line)
    return int(collected.split()[-1]) / 1e6


def counted(rounds: int = 5) -> None:
    """Instruction counts: the cold validate, and one PDF of notices against one naive WeasyPrint call
    (the difference between a process writing 1 + ``rounds`` documents and one writing 1)."""
    import shutil

    if shutil.which("valgrind") is None:
        print("\ninstructions: valgrind is not installed (apt-get install valgrind)")
        return
    python = [sys.executable]
    validate = instructions([*python, "-m", "notices", "validate", "data/examples"])
    bare = instructions([*python, "-c", "pass"])
    per = {}
    for which in ("ours", "naive"):
        one = instructions([*python, __file__, "--write", which, "1"])
        more = instructions([*python, __file__, "--write", which, str(1 + rounds)])
        per[which] = (more - one) / rounds
    print(f"\ninstructions (valgrind, millions): cold `notices validate data/examples` {validate:.0f} "
          f"(Python's own start {bare:.0f}); one PDF of the Đắk Song notice: notices {per['ours']:.0f}, "
          f"naive WeasyPrint {per['naive']:.0f}, ratio {per['ours'] / per['naive']:.2f}")


def write_documents(which: str, count: int) -> None:
    """Write the Đắk Song notice ``count`` times as PDF, by notices' writer or a naive WeasyPrint call."""
    from notices.records import load_record
    from notices.render import KINDS, writer

    kind = next(k for k in KINDS if k.key == "notice")
    document = kind.compose(load_record(EXAMPLE).record, None, EXAMPLE.parent)
    write = writer("pdf") if which == "ours" else naive_weasyprint
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as tmp:
        for _ in range(count):
            write(document, Path(tmp) / "notice.pdf")


def _tree(root: int) -> dict[int, tuple[int, float]]:
    """Every process of the tree under ``root``: pid → (resident KB, CPU seconds so far), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as status:
                rss = next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            found[pid] = (rss, (int(fields[11]) + int(fields[12])) / tick)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, StopIteration):
            continue
    return found


def run_batch(records: Path, out: Path, jobs: int | None) -> dict:
    """Wall time of the command; from /proc every 0.1 s: the peak of all its processes together, the
    peak of its largest one, and the CPU time of all (each process's last reading)."""
    command = [sys.executable, "-m", "notices", "render", str(records), "--out", str(out), "--format", "docx,pdf"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    total_peak, process_peak, cpu, done = 0, 0, {}, threading.Event()

    def sample() -> None:
        nonlocal total_peak, process_peak
        while not done.wait(0.1):
            tree = _tree(process.pid)
            total_peak = max(total_peak, sum(rss for rss, _ in tree.values()))
            process_peak = max([process_peak, *(rss for rss, _ in tree.values())])
            cpu.update({pid: seconds for pid, (_, seconds) in tree.items()})

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    result = {"code": process.returncode, "wall": wall, "tree_peak_mb": total_peak / 1024,
              "maxrss_mb": process_peak / 1024, "cpu": sum(cpu.values())}
    if process.returncode != 0:
        result["error"] = stderr[-2000:]
    return result


def batches(sizes: list[int], jobs_values: list[int], work: Path) -> None:
    from corpus import generate

    help_text = subprocess.run([sys.executable, "-m", "notices", "render", "--help"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    has_jobs = "--jobs" in help_text
    print("\n`notices render` of generated notices (DOCX + PDF), one cold command each:")
    print(f"  {'records':>7} {'jobs':>5} {'wall s':>8} {'per rec':>8} {'cpu s':>7} {'largest proc':>13} "
          f"{'all procs':>10}  exit   (load average {os.getloadavg()[0]:.1f})")
    for size in sizes:
        records = work / f"records-{size}"
        generate(records, size)
        for jobs in jobs_values if has_jobs else [None]:
            out = work / f"out-{size}-{jobs}"
            result = run_batch(records, out, jobs)
            print(f"  {size:7d} {jobs or '(1)':>5} {result['wall']:8.1f} {result['wall'] / size * 1000:6.0f}ms "
                  f"{result['cpu']:7.1f} {result['maxrss_mb']:10.0f} MB {result['tree_peak_mb']:7.0f} MB  "
                  f"{result['code']}", flush=True)
            if result.get("error"):
                print(result["error"])
            subprocess.run(["rm", "-rf", str(out)], check=False)
    if not has_jobs:
        print("  (this notices has no --jobs: one process renders everything)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions with valgrind (figures that ignore the machine's load; ~3 min)")
    parser.add_argument("--write", nargs=2, metavar=("ours|naive", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_documents(args.write[0], int(args.write[1]))
        return
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
          f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as tmp:
        work = Path(tmp)
        per_document(args.repeat, work)
        cold_commands(5)
        if args.instructions:
            counted()
        if not args.skip_batch:
            batches([int(s) for s in args.sizes.split(",")], [int(j) for j in args.jobs.split(",")], work)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
