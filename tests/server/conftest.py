"""The office server's fixtures: a database per test (SQLite file or a fresh PostgreSQL database), two agencies
with four users, and real ``notices server run`` processes on free ports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.register.conftest import pg_url, sqlite_url  # noqa: F401  (fixtures)
from tests.web.conftest import free_port

PASSWORD = "mat-khau-thu-1"
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
A = ("000.00.31.H20", "Ủy ban nhân dân huyện Đắk Song", "Đắk Song")  # ident, name, place
B = ("000.00.32.H55", "Ủy ban nhân dân huyện Mộ Đức", "Mộ Đức")
USERS = {  # login: (agency, roles)
    "lan": (A, ["chuyen_vien"]),
    "hoa": (A, ["van_thu"]),
    "minh": (B, ["chuyen_vien"]),
    "tuan": (B, ["van_thu"]),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def populate(url: str, steps: tuple[str, ...] | None = None, users: dict | None = None) -> None:
    """Two agencies (both "UBND"), a chuyên viên and a văn thư in each, through the library the CLI calls.
    ``steps``: their approval workflow (None: off, the văn thư numbers a saved draft directly)."""
    from notices.register.db import open_database
    from notices.server import accounts, workflow

    db = open_database(url)
    try:
        for ident, name, place in (A, B):
            accounts.add_agency(db, accounts.SYSTEM, ident, name=name, code="UBND", place=place)
            workflow.set_steps(db, accounts.SYSTEM, ident, steps)
        for login, (agency, roles) in (users or USERS).items():
            accounts.add_user(db, accounts.SYSTEM, login, full_name=f"Người dùng {login}", agency=agency[0],
                              roles=roles, password=PASSWORD)
    finally:
        db.dispose()


@pytest.fixture
def office_db(db_url: str) -> Iterator[object]:
    from notices.register.db import open_database

    populate(db_url)
    db = open_database(db_url)
    yield db
    db.dispose()


@dataclass
class Running:
    url: str
    process: subprocess.Popen
    folder: str
    log: Path


def start(db: str, *extra: str, env: dict[str, str] | None = None) -> Running:
    import httpx

    port = free_port()
    folder = tempfile.mkdtemp(prefix="notices-server-test-")
    log = Path(folder) / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "notices", "server", "run", "--db", db, "--port", str(port), *extra],
            stdout=out, stderr=subprocess.STDOUT, cwd=folder,
            env=dict(os.environ, PYTHONUNBUFFERED="1", **(env or {})))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"notices server stopped: {log.read_text()}")
        try:
            httpx.get(url + "/dang-nhap", timeout=2)
            return Running(url, process, folder, log)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("notices server did not answer within 60 s")


@pytest.fixture
def two(pg_url: str) -> Iterator[tuple[Running, Running]]:  # noqa: F811
    """Two ``notices server run`` processes on one PostgreSQL database (two agencies, four users)."""
    populate(pg_url)
    first, second = start(pg_url), start(pg_url)
    yield first, second
    stop(first)
    stop(second)


def stop(running: Running) -> str:
    running.process.terminate()
    try:
        running.process.wait(15)
    except subprocess.TimeoutExpired:
        running.process.kill()
        running.process.wait()
    text = running.log.read_text(errors="replace")
    shutil.rmtree(running.folder, ignore_errors=True)
    return text


@pytest.fixture
def pg_server(pg_url: str) -> Iterator[Running]:  # noqa: F811
    populate(pg_url)
    running = start(pg_url)
    yield running
    stop(running)


OPEN: list = []  # httpx clients the tests made, closed after each test


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while OPEN:
        OPEN.pop().close()


def client_for(url: str, **options: object):  # type: ignore[no-untyped-def]
    import httpx

    client = httpx.Client(base_url=url, timeout=120, **options)
    OPEN.append(client)
    return client


def login(url: str, name: str, password: str = PASSWORD, **client_options: object):  # type: ignore[no-untyped-def]
    """An httpx client signed in as ``name`` (its cookies), and the session's CSRF token."""
    import re

    client = client_for(url, **client_options)
    page = client.get("/dang-nhap")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = client.post("/dang-nhap", data={"csrf": token, "login": name, "password": password, "next": "/van-ban"})
    assert answer.status_code == 303, answer.text
    return client, csrf_of(client)


def csrf_of(client) -> str:  # type: ignore[no-untyped-def]
    import re

    return re.search(r'name="csrf" value="([^"]+)"', client.get("/van-ban").text).group(1)


def example_text(name: str = "dak-song-cchc-2023.yaml") -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def as_data(text: str) -> dict:
    from notices.records.yamlsource import parse

    return parse(text).data


