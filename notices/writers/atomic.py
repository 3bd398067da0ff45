"""Moved to :mod:`notices.files` (the ground floor); this name stays for callers not yet moved."""

from notices.files import atomic_path

__all__ = ["atomic_path"]
