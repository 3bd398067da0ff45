"""Ký số through a remote signing service: pyHanko's CSC signer against certomancer-csc-dummy (a local aiohttp
CSC service over the test PKI in tests/server/csc/certomancer.yml, hash pinning required), offline. The
credential is the signer's own ("{login}"); another person's credential is refused naming both."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from notices.errors import UserError
from notices.server import drafts, sealing, workflow
from tests.server.conftest import populate
from tests.server.signing_kit import SIGNER
from tests.server.test_sealing import act, numbered, signatures
from tests.server.test_workflow import FIVE, who
from tests.web.conftest import free_port

CONFIG = Path(__file__).parent / "csc" / "certomancer.yml"


@pytest.fixture(scope="module")
def csc_service(tmp_path_factory):  # type: ignore[no-untyped-def]
    import httpx

    pytest.importorskip("csc_dummy", reason="certomancer-csc-dummy không có (pip install 'notices[test]')")
    port = free_port()
    log = tmp_path_factory.mktemp("csc") / "csc.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "csc_dummy", str(CONFIG), str(port), "2"],
                                   stdout=out, stderr=subprocess.STDOUT, cwd=CONFIG.parent)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                httpx.get(url + "/info", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"certomancer-csc did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def test_ky_so_through_the_remote_service(sqlite_url, csc_service, monkeypatch, tmp_path):
    from notices.register.db import open_database

    monkeypatch.setenv("NOTICES_CSC_URL", csc_service)
    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        monkeypatch.setenv("NOTICES_CSC_CREDENTIAL", "notices-csc/khac")  # someone else's credential
        with pytest.raises(UserError, match=f"của “Lê Văn Khác”, không phải người ký của văn bản “{SIGNER}”"):
            act(db, people["nk"], draft, "ky_so", sealing.Material(remote=True))
        monkeypatch.setenv("NOTICES_CSC_CREDENTIAL", "notices-csc/khong-co")
        with pytest.raises(UserError, match="Dịch vụ ký số từ xa"):
            act(db, people["nk"], draft, "ky_so", sealing.Material(remote=True))
        assert drafts.get_draft(db, people["nk"], draft).state == "da_cap_so"
        monkeypatch.setenv("NOTICES_CSC_CREDENTIAL", "notices-csc/{login}")  # her own: the label is her login
        done = act(db, people["nk"], draft, "ky_so", sealing.Material(remote=True))
        assert done.state == "da_ky" and SIGNER in done.message
        with db.engine.begin() as conn:
            content = conn.execute(select(workflow.signed_files.c.content)).scalar_one()
        assert [(c.signer, c.intact) for c in signatures(content, tmp_path)] == [(SIGNER, True)]
        assert workflow.history(db, people["vt"], draft)[-1].action == "ky_so"
    finally:
        db.dispose()


def test_without_a_configured_service_remote_signing_is_refused(sqlite_url, monkeypatch):
    from notices.register.db import open_database

    monkeypatch.delenv("NOTICES_CSC_URL", raising=False)
    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        with pytest.raises(UserError, match="chưa cấu hình dịch vụ ký số từ xa"):
            act(db, people["nk"], draft, "ky_so", sealing.Material(remote=True))
    finally:
        db.dispose()
