"""Fixtures: one offline PKI per test session, and rendered documents to sign."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notices.records import load_record
from notices.render import render_record
from tests.signing.pki import Kit

EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "phu-tai-cchc-2022.yaml"


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    made = Kit(tmp_path_factory.mktemp("pki"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example record's documents as PDF and PDF/A-3b (rendered once; tests copy what they change)."""
    out = tmp_path_factory.mktemp("rendered")
    render_record(load_record(EXAMPLE), out, only=("notice", "minutes"), formats=("pdf", "pdfa"))
    return out / EXAMPLE.stem


@pytest.fixture
def archive_copy(rendered: Path, tmp_path: Path) -> Path:
    """A fresh copy of the notice's PDF/A-3b to sign."""
    target = tmp_path / "thong-bao.pdfa.pdf"
    shutil.copy(rendered / "thong-bao.pdfa.pdf", target)
    return target
