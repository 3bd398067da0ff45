"""Real PostgreSQL databases and real ``notices worker`` processes for the jobs room's tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

RECORD = EXAMPLES / "phu-tai-cchc-2022.yaml"  # invitation, minutes, notice, news: one agency
DRAFT = EXAMPLES / "dak-song-cchc-2023.yaml"  # a draft notice (number: null)


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """A database of its own on the test server (created, then dropped): the register's fixture."""
    from tests.register.conftest import fresh_database

    yield from fresh_database(postgres_url)


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NOTICES_USER="thử nghiệm", **extra)
    env.pop("NOTICES_DB", None)
    return env


def notices(*args: str, **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-m", "notices", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, **kwargs)


@pytest.fixture
def workers() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start ``notices worker`` processes (each in its own session); every one is stopped after the test."""
    started: list[subprocess.Popen] = []

    def start(url: str, concurrency: int = 1, **env: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "notices", "worker", "--db", url, "--concurrency", str(concurrency),
             "--stalled-after", "3"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=environment(**env), start_new_session=True)
        started.append(process)
        return process

    yield start
    for process in started:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def copies(folder: Path, count: int, source: Path = RECORD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"{source.stem}-{index + 1}.yaml").write_bytes(source.read_bytes())
    return folder


def wait_for_file(folder: Path, pattern: str, timeout: float = 90) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no {pattern} in {folder} after {timeout} s")
