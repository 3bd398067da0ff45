"""Run in a fresh process by test_catalogue.py: one entry added to the catalogue, then every door asked.

The entry is the whole change: a Phiếu trình (PTr) with its composer below, its section reusing the
Tờ trình's record model. Prints one JSON object with what each door saw.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from notices import kinds


def compose_memo(record, templates, folder):  # type: ignore[no-untyped-def]
    from notices.compose.common import closed, document, header, sign_off
    from notices.model import Paragraph, Title

    memo = record.documents.memo
    blocks = [header("memo", record.agency, memo, None), Title(kind="PHIẾU TRÌNH", subject=memo.subject),
              *closed([Paragraph(text) for text in memo.requests]), sign_off(memo, record.agency)]
    return document("memo", record.agency, memo, memo.subject, blocks)


MEMO = kinds.Kind("memo", "Phiếu trình", "Phiếu trình", "PHIẾU TRÌNH", "PTr", "1.4", "phieu-trinh", "Proposal",
                  compose_memo, description="Phiếu trình giải quyết công việc (ký hiệu PTr).")
kinds.KINDS = (*kinds.KINDS, MEMO)


def main(record: Path, out: Path) -> None:
    from click.testing import CliRunner

    from notices.cli import main as cli
    from notices.records.schema import record_schema
    from notices.register.db import open_database
    from notices.register.issue import issue_record
    from notices.web import form, service

    seen: dict[str, object] = {}
    runner = CliRunner()
    rendered = runner.invoke(cli, ["render", str(record), "--only", "memo", "--format", "docx", "--out",
                                   str(out / "render"), "-q"])
    seen["render"] = [rendered.exit_code, sorted(p.name for p in (out / "render").rglob("*.docx"))]
    seen["help"] = "memo" in runner.invoke(cli, ["render", "--help"]).output
    documents = record_schema()["$defs"]["Documents"]["properties"]
    seen["schema"] = "memo" in documents and documents["memo"].get("description")
    seen["web_kinds"] = [{"key": k["key"], "label": k["label"]} for k in service.kinds() if k["key"] == "memo"]
    spec = form.form_spec()
    docs = next(f for f in spec["fields"] if f["key"] == "documents")
    seen["web_form"] = [f["label"] for f in docs["node"]["fields"] if f["key"] == "memo"]
    db = open_database(f"sqlite:///{out / 'so.db'}")
    try:
        issued = issue_record(record, kind="memo", db=db, out=out / "issued")
        seen["register"] = [(r.entry.label, r.entry.series, r.entry.kind_label) for r in issued]
    finally:
        db.dispose()
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
