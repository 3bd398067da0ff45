"""`notices sign` and `notices verify` print their own Vietnamese lines only: a library's warning (cryptography's
DSA deprecation, raised when pyHanko is imported) goes to the log, shown with NOTICES_DEBUG=1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.signing.pki import P12_PASSWORD

FOREIGN = re.compile(r"Warning|warn\(|deprecated|Traceback|site-packages", re.IGNORECASE)


def _notices(*args: object, debug: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTICES_PIN": P12_PASSWORD}
    env.pop("NOTICES_DEBUG", None)
    env.pop("PYTHONWARNINGS", None)
    if debug:
        env["NOTICES_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-m", "notices", *map(str, args)], env=env, text=True,
                          capture_output=True, timeout=300)


def _library_warns() -> bool:
    """Whether importing pyHanko warns at all with the installed cryptography (it does from cryptography 51 on)."""
    probe = subprocess.run([sys.executable, "-W", "always", "-c", "import pyhanko.sign.signers"], text=True,
                           capture_output=True, timeout=120)
    return "Warning" in probe.stderr


def test_sign_and_verify_print_only_their_own_lines(kit, archive_copy: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "ky.pdf"
    shutil.copy(archive_copy, pdf)
    signed = _notices("sign", pdf, "--cert", kit.leader_p12, "--image", kit.signature_png)
    assert signed.returncode == 0, signed.stderr
    verified = _notices("verify", pdf)
    for result in (signed, verified):
        output = result.stdout + result.stderr
        assert output.strip(), "the command says what it did"
        assert not FOREIGN.search(output), output
    assert "Chữ ký" in verified.stdout or "chữ ký" in verified.stdout


def test_the_library_warning_is_in_the_debug_log(archive_copy: Path) -> None:
    if not _library_warns():
        import pytest

        pytest.skip("cryptography đã cài không cảnh báo khi nạp pyHanko: không có gì để ghi log")
    debug = _notices("verify", archive_copy, debug=True)
    assert "DSA is deprecated" in debug.stderr
    plain = _notices("verify", archive_copy)
    assert "DSA" not in plain.stdout + plain.stderr
