"""Benchmark: how long notices takes to render, printed as figures (never asserted in tests).

    .venv/bin/python bench/render_times.py [--repeat 5]

Prints: the cold CLI run over data/ (fresh process, fresh font cache), then per-document DOCX,
HTML and PDF times in one warm process (median of --repeat runs), then the PDF with our prepared
font subsets against WeasyPrint subsetting the installed family itself, and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cold_cli(out: Path) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(out / "cache")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "notices", "render", "data/", "--out", str(out / "o")],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from notices import fonts
    from notices.records import load_record
    from notices.render import KINDS, writer

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"cold CLI render of data/ (new process, empty font cache): {cold_cli(out):.2f} s")
        print(f"warm CLI render of data/ (font cache kept):               {cold_cli(out):.2f} s")

        start = time.perf_counter()
        fonts.prepared.cache_clear()
        os.environ["XDG_CACHE_HOME"] = str(out / "cache2")
        for bold in (False, True):
            for italic in (False, True):
                fonts.prepared(bold, italic)
        print(f"preparing the 4 font subsets once: {time.perf_counter() - start:.2f} s "
              f"(family: {fonts.family().name})")

        print(f"\nper document, one warm process, median of {args.repeat}:")
        print(f"{'record':28} {'kind':12} {'docx':>8} {'html':>8} {'pdf':>8}")
        documents = []
        for path in sorted((ROOT / "data" / "examples").glob("*.yaml")):
            record = load_record(path).record
            for kind in KINDS:
                if getattr(record.documents, kind.key) is not None:
                    document = kind.compose(record, None, path.parent)
                    documents.append(document)
                    row = [f"{path.stem:28} {kind.key:12}"]
                    for fmt in ("docx", "html", "pdf"):
                        if fmt not in kind.formats:
                            row.append(f"{'–':>9}")
                            continue
                        target = out / f"{path.stem}.{document.name}.{fmt}"
                        write = writer(fmt)
                        write(document, target)  # warm-up (imports, caches)
                        seconds = timed(lambda w=write, d=document, t=target: w(d, t), args.repeat)
                        row.append(f"{seconds * 1000:7.0f}ms")
                    print(" ".join(row))

        from notices.writers import html as html_writer

        def weasy_subsets():
            from weasyprint import HTML

            page = html_writer.render(documents[0], font_family=f'"{fonts.family().name}"')
            HTML(string=page).write_pdf(str(out / "system-fonts.pdf"))

        weasy_subsets()
        ours = timed(lambda: writer("pdf")(documents[0], out / "ours.pdf"), args.repeat)
        theirs = timed(weasy_subsets, args.repeat)
        print(f"\nPDF of {documents[0].name}: prepared subsets {ours * 1000:.0f} ms, "
              f"WeasyPrint subsetting the installed fonts {theirs * 1000:.0f} ms ({theirs / ours:.1f}×); "
              f"sizes {(out / 'ours.pdf').stat().st_size // 1024} KB vs "
              f"{(out / 'system-fonts.pdf').stat().st_size // 1024} KB")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
