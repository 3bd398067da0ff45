"""The web form's fixtures: a real ``notices serve`` process on a free port, and Debian's Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running ``notices serve``: its address and the CSRF token its page carries."""

    url: str
    port: int
    process: subprocess.Popen
    folder: str = ""  # the folder it was started in, removed when it stops

    def token(self) -> str:
        import httpx

        page = httpx.get(self.url + "/").text
        return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def start_server(*args: str, env: dict[str, str] | None = None) -> Server:
    """``notices serve --port P`` in its own process (``env``: more environment); returns once it answers."""
    import httpx

    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    # Started in an empty folder of its own: no office.yaml above it unless a test names one.
    folder = tempfile.mkdtemp(prefix="notices-web-test-")
    process = subprocess.Popen([sys.executable, "-m", "notices", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"notices serve stopped: {process.stdout.read().decode()}")
        try:
            httpx.get(url + "/", timeout=1)
            return Server(url, port, process, folder)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("notices serve did not answer within 30 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    if server.process.stdout:
        server.process.stdout.close()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    running = start_server()
    yield running
    stop_server(running)




@pytest.fixture
def page(browser, server: Server):  # type: ignore[no-untyped-def]
    """A fresh browser context on the form, ready (the first preview request answered)."""
    from playwright.sync_api import expect

    context = browser.new_context(accept_downloads=True, locale="vi-VN", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(server.url + "/")
    expect(opened.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    yield opened
    context.close()
    assert not errors, f"lỗi JavaScript trên trang: {errors}"
