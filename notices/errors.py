"""One error family: problems a user can fix (with file, line and column) and internal bugs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a user's file, at a place she can find in her editor."""

    path: Path
    line: int  # 1-based
    column: int  # 1-based
    message: str  # Vietnamese, a full sentence
    severity: str = "error"  # "error" or "warning"

    def format(self, source: str | None = None) -> str:
        """'path:line:col: lỗi: message', then the source line and a caret under the column."""
        label = "lỗi" if self.severity == "error" else "cảnh báo"
        text = f"{self.path}:{self.line}:{self.column}: {label}: {self.message}"
        if source is None:
            return text
        lines = source.splitlines()
        if 1 <= self.line <= len(lines):
            src = lines[self.line - 1]
            text += f"\n    {src}\n    {' ' * (self.column - 1)}^"
        return text


class UserError(Exception):
    """Something the user can fix: a bad record, a missing font, an unwritable folder."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


class RecordError(UserError):
    """A record that does not validate; ``problems`` lists every error found in one pass."""

    def __init__(self, path: Path, problems: tuple[Problem, ...], source: str | None) -> None:
        count = sum(p.severity == "error" for p in problems)
        super().__init__(f"{path}: {count} lỗi, không tạo văn bản nào.", problems)
        self.path = path
        self.source = source

    def report(self) -> str:
        """Every problem with its source line, then the summary."""
        parts = [p.format(self.source) for p in self.problems]
        return "\n".join(parts + [self.message])


class InternalError(Exception):
    """A bug in notices itself (e.g. a writer meeting a block it does not know)."""
