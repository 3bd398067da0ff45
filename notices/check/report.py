"""Reports: readable Vietnamese text grouped by element, or JSON for machines."""

from __future__ import annotations

import json
from typing import Any

from notices.check import Report
from notices.check.elements import CONG_VAN, KINDS
from notices.check.rules import RULES

REFS = {r.id: r.ref for r in RULES}
KIND_NAMES = {v: k.lower() for k, v in KINDS.items()} | {CONG_VAN: "công văn"}


def kind_name(kind: str | None) -> str:
    return f"{KIND_NAMES.get(kind, kind)} ({kind})" if kind else "không nhận ra loại văn bản"


def text(report: Report) -> str:
    count = len(report.violations)
    head = f"{report.path} — {kind_name(report.kind)}: "
    if not count:
        return head + "đạt, không có lỗi thể thức."
    lines = [head + f"{count} lỗi thể thức."]
    groups: dict[str, list] = {}
    for v in report.violations:
        groups.setdefault(v.element, []).append(v)
    for element, items in groups.items():
        lines.append(f"  {element}")
        for v in items:
            lines.append(f"    [{v.rule}] {v.message} ({REFS.get(v.rule, '')})")
            if v.quote:
                lines.append(f"        «{v.quote}»")
    return "\n".join(lines)


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "path": report.path,
        "kind": report.kind,
        "ok": not report.violations,
        "violations": [
            {
                "rule": v.rule,
                "element": v.element,
                "message": v.message,
                "quote": v.quote,
                "ref": REFS.get(v.rule, ""),
            }
            for v in report.violations
        ],
    }


def dumps(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2)


def rule_list() -> str:
    """Every rule: id, element, what the decree asks, where."""
    return "\n".join(f"{r.id:15} {r.element}: {r.title} ({r.ref})" for r in RULES)
