"""The walk every writer shares: one ``visit_<Block>`` method per block type."""

from __future__ import annotations

from notices.errors import InternalError


class Visitor:
    """Dispatches each block to ``visit_<ClassName>``; a block without its method is a bug, not a skip."""

    format_name = "?"  # for the error message: "DOCX", "HTML", …

    def visit(self, block: object) -> None:
        """Write one block."""
        method = getattr(self, f"visit_{type(block).__name__}", None)
        if method is None:
            raise InternalError(f"{self.format_name} writer has no visit_{type(block).__name__}")
        method(block)
