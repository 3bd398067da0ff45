"""``notices serve`` on the command line: a taken port is a clear Vietnamese message, exit code 1."""

from __future__ import annotations

import socket
import subprocess
import sys


def test_a_taken_port_is_said_plainly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "notices", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Cổng {port} đang được dùng; hãy chọn cổng khác, ví dụ --port {port + 1}."


def test_serve_is_a_command_of_notices():
    result = subprocess.run([sys.executable, "-m", "notices", "serve", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--port", "--db", "--office", "--open"):
        assert option in result.stdout
