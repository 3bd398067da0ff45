""""Mở hồ sơ…" on the office server takes a Word document too (issue 27, item 6), as the editor does."""

from __future__ import annotations

from pathlib import Path

from tests.importer import builders
from tests.server.conftest import login

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_docx_opens_on_the_office_server_with_its_unplaced_paragraphs(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client, csrf = login(pg_server.url, "lan")
    data = builders.table_layout(tmp_path / "x.docx").read_bytes()
    answer = client.post("/api/open", files=[("files", ("thong-bao.docx", data, DOCX))], headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["data"]["documents"]["notice"]["subject"] == builders.EXPECTED["subject"]
    assert body["name"] == "thong-bao.yaml" and body["workspace"] is None
    assert [e["text"] for e in body["imported"]["unread"]] == [builders.EXTRA]
    refused = client.post("/api/open", files=[("files", ("thu.docx", b"not a zip", DOCX))],
                          headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 422 and refused.json()["error"].startswith("thu.docx: ")
