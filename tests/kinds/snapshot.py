"""The text of every output of the examples and checker records, for a test that the catalogue changed nothing.

``python -m tests.kinds.snapshot`` (run at the commit before a change) writes ``outputs.json``; the test
renders the same records with today's code and compares. Text, not bytes: DOCX paragraphs from
word/document.xml, HTML text without tags, PDF text per page through pdfplumber with the PDF's information
dictionary (its dates left out), also for the PDF/A archive copy. """

from __future__ import annotations

import html
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("outputs.json")
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.yaml"))
CHECK_RECORDS = sorted((ROOT / "tests" / "check" / "records").glob("*.yaml"))


def _docx(path: Path) -> str:
    from notices.register.issue import docx_text

    return docx_text(path.read_bytes())


def _html(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", text)
    lines = (html.unescape(line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _pdf(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        text = "\n\f\n".join(page.extract_text() or "" for page in pdf.pages)
        info = {k: v for k, v in pdf.metadata.items() if isinstance(v, str) and "Date" not in k}
        stream = pdf.doc.catalog.get("Metadata")
        xmp = stream.resolve().get_data().decode("utf-8") if stream is not None else ""
    # the archive copy's vb: properties (number, date, kind…), not its timestamps
    info |= {f"vb:{m[0]}": m[1] for m in re.findall(r"<vb:(\w+)>([^<]*)</vb:", xmp)}
    return text + "\n\f\n" + json.dumps(info, ensure_ascii=False, sort_keys=True)


def outputs(records: list[Path] | None = None) -> dict[str, str]:
    """``{"<record>/<file>": text}`` for every DOCX, HTML, PDF and PDF/A written."""
    from notices.records import load_record
    from notices.render import render_record

    texts: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for path in records or [*EXAMPLES, *CHECK_RECORDS]:
            formats = ("docx", "html", "pdf", "pdfa")
            outcome = render_record(load_record(path), out, formats=formats)
            for file, _ in outcome.written:
                reader = {".docx": _docx, ".html": _html, ".pdf": _pdf}.get(file.suffix)
                if reader is not None and not file.name.endswith(".fragment.html"):
                    texts[f"{path.stem}/{file.relative_to(outcome.folder)}"] = reader(file)
    return dict(sorted(texts.items()))


if __name__ == "__main__":
    SNAPSHOT.write_text(json.dumps(outputs(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{SNAPSHOT}: {len(json.loads(SNAPSHOT.read_text()))} outputs", file=sys.stderr)
