"""Where the package's own files are, in a checkout and in an installed wheel alike.

Data files that live inside the package (word lists, the web form's static files, the migrations) are read
with :func:`importlib.resources.files` where they are used. The prose templates are the one exception: an
office reads and overrides them, so the checkout keeps them at its top (``templates/``), and the wheel
carries them as ``notices/templates`` (pyproject.toml, ``force-include``). This module finds either.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_root() -> Path:
    """The folder of the installed ``notices`` package (a real folder: notices is never run from a zip)."""
    return Path(str(resources.files("notices")))


def templates() -> Path:
    """The packaged templates: ``notices/templates`` in a wheel, else the checkout's top-level ``templates/``."""
    root = package_root()
    installed = root / "templates"
    return installed if installed.is_dir() else root.parent / "templates"
