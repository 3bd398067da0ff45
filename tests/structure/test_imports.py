"""Imports flow one way: every import in notices/ (at the top of a module or inside a function) goes to the
same floor or one below, and no module reaches itself again through its imports.

Floors, low to high: the ground (errors, vn, files, resources, model, the kinds catalogue, fonts and layout, photos) →
records → compose | writers (siblings that never import each other) → check | signing (they open finished
files) → render → batch → the rooms (register, web, cli and every later room). The one declared exception:
the catalogue's loaders (``notices/kinds.py``) import each composer and writer inside a function, so that
loading stays lazy yet a reader follows ``compose_notice`` from the table to its module.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "notices"
GROUND = {"notices", "notices.errors", "notices.vn", "notices.files", "notices.model", "notices.kinds",
          "notices.clitext", "notices.fonts", "notices.wordbreak", "notices.layout", "notices.photos",
          "notices.resources"}
FLOORS = {"notices.records": 1, "notices.compose": 2, "notices.writers": 2, "notices.check": 3,
          "notices.signing": 3, "notices.render": 4, "notices.batch": 4.5}
ROOMS = 5  # register, web, cli, __main__ and any room added later
LOADER = "notices.kinds"  # its loader functions may import compose and writers (see the docstring)


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def group(name: str) -> str:
    """The unit a floor is given to: a subpackage, or a top-level module."""
    parts = name.split(".")
    return ".".join(parts[:2])


def floor(name: str) -> int:
    return 0 if group(name) in GROUND or name in GROUND else FLOORS.get(group(name), ROOMS)


def imports() -> list[tuple[str, str, int, bool]]:
    """(importer, imported module, line, inside a function) for every import of a notices module."""
    known = modules()
    edges = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        # ``if TYPE_CHECKING:`` imports never run: they name a type for annotations, not a dependency
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                       for stmt in block.body for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            for target in targets:
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in known and target != name and target.startswith("notices"):
                    edges.append((name, target, node.lineno, node.col_offset > 0))
    return edges


def _loader(importer: str, target: str, lazy: bool) -> bool:
    return importer == LOADER and lazy and group(target) in ("notices.compose", "notices.writers")


def test_no_import_goes_up_a_floor() -> None:
    upward = [f"{a} (dòng {line}) → {b}" for a, b, line, lazy in imports()
              if floor(b) > floor(a) and not _loader(a, b, lazy)]
    assert not upward, "\n".join(upward)


def test_siblings_do_not_import_each_other() -> None:
    """compose and writers, check and signing: each on its own, the model (or a finished file) between."""
    sideways = [f"{a} (dòng {line}) → {b}" for a, b, line, _ in imports()
                if floor(a) == floor(b) and 1 <= floor(a) < ROOMS and group(a) != group(b)]
    assert not sideways, "\n".join(sideways)


def test_records_import_no_compose_writers_or_signing() -> None:
    wrong = [f"{a} (dòng {line}) → {b}" for a, b, line, _ in imports()
             if group(a) == "notices.records" and group(b) in ("notices.compose", "notices.writers", "notices.signing")]
    assert not wrong, "\n".join(wrong)


def test_no_circle() -> None:
    """No module reaches itself through imports (top-level and lazy ones alike, the catalogue's loaders aside)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b, _, lazy in imports():
        if not _loader(a, b, lazy):
            graph[a].add(b)
    circles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    circles.append(" → ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert not circles, "\n".join(sorted(set(circles))[:20])


def test_the_walk_sees_the_imports_it_must() -> None:
    """The test itself is honest: it finds a known downward import and the catalogue's loaders."""
    edges = {(a, b) for a, b, _, _ in imports()}
    assert ("notices.compose.notice", "notices.records.models") in edges
    assert ("notices.kinds", "notices.compose.notice") in edges
    assert ("notices.render", "notices.signing.field") in edges


def test_render_and_issue_load_nothing_by_name() -> None:
    """Composers and writers are reached through the catalogue's explicit imports, never an importlib string."""
    for path in (PACKAGE / "render.py", PACKAGE / "register" / "issue.py", PACKAGE / "kinds.py"):
        assert "importlib" not in path.read_text(encoding="utf-8"), path
