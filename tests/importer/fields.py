"""The imported fields in the shape of ``builders.EXPECTED``, and their comparison one by one."""

from __future__ import annotations

from typing import Any

from notices import vn
from notices.importer.mapping import Imported


def fields(imported: Imported) -> dict[str, Any]:
    rec = imported.record
    kind = imported.kind.key if imported.kind else None
    doc = rec["documents"][kind] if kind else {}
    meeting = rec.get("meeting", {})
    chair = meeting.get("chair", {})
    conclusions = rec.get("conclusions", {})
    signer = doc.get("signer", {})
    authority = signer.get("authority")
    items = []
    for entry in conclusions.get("items", []):
        if isinstance(entry, str):
            items.append((entry, None, None))
        else:
            items.append((entry["text"], entry.get("assignee"), entry.get("deadline")))
    return {
        "agency.name": rec["agency"].get("name"),
        "agency.parent": rec["agency"].get("parent"),
        "agency.code": rec["agency"].get("code"),
        "agency.place": rec["agency"].get("place"),
        "kind": kind,
        "number": doc.get("number"),
        "date": doc.get("date"),
        "subject": doc.get("subject"),
        "meeting.name": meeting.get("name"),
        "meeting.date": meeting.get("date"),
        "meeting.venue": meeting.get("venue"),
        "meeting.chair": f"{chair.get('name')} - {chair.get('title')}" if chair.get("title") else chair.get("name"),
        "results": rec.get("results"),
        "conclusions.intro": conclusions.get("intro"),
        "conclusions.items": items,
        "body": doc.get("body"),
        "closing": doc.get("closing"),
        "signer.authority": authority if not isinstance(authority, list) else " / ".join(authority),
        "signer.title": vn.upper(signer["title"]) if signer.get("title") else None,
        "signer.name": signer.get("name"),
        "recipients": doc.get("recipients"),
        "archive": doc.get("archive"),
    }


def compare(got: dict[str, Any], expected: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields that differ: name → (expected, got)."""
    return {k: (v, got.get(k)) for k, v in expected.items() if got.get(k) != v}
