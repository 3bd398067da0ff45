"""The outputs of every example and checker record are the same text as at the commit before the catalogue
(de5989d): ``outputs.json`` was written by ``python -m tests.kinds.snapshot`` at that commit. The news posts'
entries (``tin-bai.*``) were written again after issue 26 rewrote the post's prose on purpose; every
administrative document's text is still de5989d's."""

from __future__ import annotations

import json

from tests.kinds.snapshot import CHECK_RECORDS, EXAMPLES, SNAPSHOT, outputs


def test_every_output_is_the_same_text_as_before() -> None:
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    stems = {key.split("/", 1)[0] for key in before}
    records = [p for p in (*EXAMPLES, *CHECK_RECORDS) if p.stem in stems]  # a record added since is not in it
    assert len(records) == len(stems)
    now = outputs(records)
    assert sorted(now) == sorted(before)
    changed = [key for key in before if now[key] != before[key]]
    assert not changed, "\n\n".join(f"{key}:\n{_diff(before[key], now[key])}" for key in changed[:3])


def _diff(a: str, b: str) -> str:
    import difflib

    return "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "now", lineterm="", n=1))
