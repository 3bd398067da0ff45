"""Ký số on the server and Ban hành with the agency's seal, in the library (SQLite and PostgreSQL): the .p12
uploaded for one signature and never kept, a certificate of another person refused naming both, the agency's
key kept encrypted, Ban hành only after a valid personal signature, the final PDF archived with the register row
(what "Tải PDF" and ``archive get`` return, ``archive verify`` passing); without a seal, the sealed upload."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from notices.errors import UserError
from notices.server import accounts, drafts, sealing, workflow
from tests.server.conftest import PASSWORD, A, populate
from tests.server.signing_kit import AGENCY, SIGNER, keys, kit, set_seal  # noqa: F401  (fixtures)
from tests.server.test_cli import notices
from tests.server.test_workflow import CHAIN, FIVE, step, who, written


def numbered(db, people):  # type: ignore[no-untyped-def]
    draft = written(db, people)
    for name, action, _ in CHAIN[:5]:
        step(db, people[name], draft, action)
    return draft


def act(db, actor, draft, action, material=None):  # type: ignore[no-untyped-def]
    info = drafts.get_draft(db, actor, draft)
    return workflow.act(db, actor, draft, action, state=info.state, head=info.head, material=material)


def signatures(content: bytes, folder: Path) -> list:
    from notices.signing.verify import verify

    path = folder / "doc.pdf"
    path.write_bytes(content)
    return [c for c in sealing._in_thread(lambda: verify(path)) if c.kind == "chữ ký"]


def everything_stored(db) -> bytes:  # type: ignore[no-untyped-def]
    """Every row of every table, as the database prints it (bytea as hex on PostgreSQL)."""
    from notices.register.db import metadata

    found = []
    with db.engine.begin() as conn:
        names = [t for t in conn.dialect.get_table_names(conn)]
        for name in names:
            for row in conn.execute(text(f'SELECT * FROM "{name}"')):  # noqa: S608  (our own table names)
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        found.append(bytes(value))
                    elif value is not None:
                        found.append(str(value).encode())
    assert "agency_seals" in names and metadata is not None
    return b"\x00".join(found)


def test_ky_so_on_the_server_and_ban_hanh_with_the_seal(db_url, keys, tmp_path, monkeypatch):  # noqa: F811
    from notices.register.archive import get, verify
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey

    populate(db_url, steps=workflow.FULL, users=FIVE)
    monkeypatch.setenv("NOTICES_SECRET_FILE", str(keys.secret_file))
    db = open_database(db_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        nk, vt = people["nk"], people["vt"]
        with pytest.raises(UserError, match="Tệp chứng thư số"):
            act(db, nk, draft, "ky_so")
        with pytest.raises(UserError, match="mật khẩu không đúng"):
            act(db, nk, draft, "ky_so", keys.material(passphrase="sai"))
        with pytest.raises(UserError, match=f"của “Nguyễn Văn C”, không phải người ký của văn bản “{SIGNER}”"):
            act(db, nk, draft, "ky_so", keys.material(p12=keys.kit.leader_p12.read_bytes()))
        with pytest.raises(workflow.Forbidden):
            act(db, vt, draft, "ky_so", keys.material())
        assert drafts.get_draft(db, nk, draft).state == "da_cap_so"
        done = act(db, nk, draft, "ky_so", keys.material())
        assert done.state == "da_ky" and SIGNER in done.message
        last = workflow.history(db, vt, draft)[-1]
        assert (last.action, last.label, last.role) == ("ky_so", "Ký số", "nguoi_ky")
        with pytest.raises(UserError, match="Tải lên bản đã đóng dấu"):  # no seal set, nothing uploaded
            act(db, vt, draft, "ban_hanh")
        set_seal(db_url, keys)
        done = act(db, vt, draft, "ban_hanh")
        assert done.state == "da_ban_hanh" and AGENCY in done.message
        entry = drafts.issued(db, vt)[0]
        name, final = drafts.stored_file(db, vt, entry.id, ".pdf")
        assert name.endswith(".ban-hanh.pdf")
        with db.engine.begin() as conn:
            personal = conn.execute(select(workflow.signed_files.c.content)).scalar_one()
            issued = conn.execute(select(sealing.issued_documents)).one()
        assert final.startswith(personal) and issued.sha256 == workflow.history(db, vt, draft)[-1].sha256
        assert issued.at.startswith(dt.date.today().isoformat()[:4]) and issued.sealed_here == 1
        found = signatures(final, tmp_path)
        assert [(c.signer, c.intact) for c in found] == [(SIGNER, True), (AGENCY, True)]
        assert [c.field for c in found] == ["chu-ky-1", "dau-co-quan"]
        checked, bad = verify(db)
        assert bad == [] and checked >= 4
        written_out = get(db, AgencyKey("UBND", A[1]), entry.year, entry.label, tmp_path / "lay-lai")
        assert final in [p.read_bytes() for p in written_out]
        # the signer's .p12 and passphrase: nowhere in the database; the agency's key only encrypted
        stored = everything_stored(db)
        for secret in (keys.passphrase.encode(), keys.signer_p12.read_bytes(), keys.agency_p12.read_bytes(),
                       b"mat-khau-dau", keys.signer_p12.read_bytes()[100:140], keys.agency_p12.read_bytes()[100:140],
                       keys.signer_p12.read_bytes().hex().encode(), keys.agency_p12.read_bytes().hex().encode()):
            assert secret not in stored
    finally:
        db.dispose()


def test_ban_hanh_without_a_seal_takes_the_file_sealed_elsewhere(sqlite_url, keys, tmp_path):  # noqa: F811
    from notices.register.db import open_database

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft, other = numbered(db, people), numbered(db, people)
        for each in (draft, other):
            act(db, people["nk"], each, "ky_so", keys.material())
        with db.engine.begin() as conn:
            signed = dict(conn.execute(select(workflow.signed_files.c.draft_id, workflow.signed_files.c.content)).all())

        def sealed_elsewhere(content: bytes, name: str) -> bytes:
            pdf = tmp_path / name
            pdf.write_bytes(content)
            result = notices("sign", str(pdf), "--cert", str(keys.agency_p12), "--seal", str(keys.seal_png),
                             env={"NOTICES_PIN": "mat-khau-dau"})
            assert result.returncode == 0, result.stderr
            return pdf.read_bytes()

        good = sealed_elsewhere(signed[draft], "a.pdf")
        for wrong, words in ((signed[draft], "cộng thêm chữ ký số của cơ quan"),
                             (sealed_elsewhere(signed[other], "b.pdf"), "không phải bản đã ký"),
                             (good[:-300] + b"0" * 300, "Không nhận tệp đã đóng dấu")):
            with pytest.raises(UserError, match=words):
                act(db, people["vt"], draft, "ban_hanh", sealing.Material(sealed=wrong))
        assert drafts.get_draft(db, people["vt"], draft).state == "da_ky"
        done = act(db, people["vt"], draft, "ban_hanh", sealing.Material(sealed=good))
        assert done.state == "da_ban_hanh"
        entry = next(e for e in drafts.issued(db, people["vt"]) if e.label == "01/TB-UBND")
        assert drafts.stored_file(db, people["vt"], entry.id, ".pdf")[1] == good
        assert "tải lên bản đã đóng dấu" in workflow.history(db, people["vt"], draft)[-1].comment
    finally:
        db.dispose()


def test_ban_hanh_only_after_a_valid_personal_signature(sqlite_url, keys, monkeypatch):  # noqa: F811
    """A signed file broken in the database after Ký số: Ban hành refuses it (Điều 32.2.d)."""
    from notices.register.db import open_database

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    set_seal(sqlite_url, keys)
    monkeypatch.setenv("NOTICES_SECRET_FILE", str(keys.secret_file))
    db = open_database(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        act(db, people["nk"], draft, "ky_so", keys.material())
        with db.engine.begin() as conn:
            content = bytearray(conn.execute(select(workflow.signed_files.c.content)).scalar_one())
            at = content.rindex(b"/Contents <") + 60
            content[at] = ord("0") if content[at] != ord("0") else ord("1")
            conn.execute(workflow.signed_files.update().values(content=bytes(content)))
        with pytest.raises(UserError, match="Không ban hành được: bản đã ký của người có thẩm quyền"):
            act(db, people["vt"], draft, "ban_hanh")
        assert drafts.get_draft(db, people["vt"], draft).state == "da_ky"
    finally:
        db.dispose()


def test_the_seal_is_kept_encrypted_and_set_from_the_command_line(sqlite_url, keys, tmp_path):  # noqa: F811
    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    env = {"NOTICES_SECRET_FILE": str(keys.secret_file)}
    base = ("agencies", "seal", "--db", sqlite_url, A[0])
    refused = notices(*base, "--cert", str(keys.agency_p12), "--image", str(keys.seal_png), stdin="sai\n", env=env)
    assert refused.returncode != 0 and "mật khẩu không đúng" in refused.stderr
    missing = notices(*base, "--cert", str(keys.agency_p12), "--image", str(keys.seal_png), stdin="mat-khau-dau\n")
    assert missing.returncode != 0 and "NOTICES_SECRET_FILE" in missing.stderr
    done = notices(*base, "--cert", str(keys.agency_p12), "--image", str(keys.seal_png), stdin="mat-khau-dau\n",
                   env=env)
    assert done.returncode == 0, done.stderr
    assert AGENCY in done.stdout and "mat-khau-dau" not in done.stdout + done.stderr
    assert oct(keys.secret_file.stat().st_mode & 0o777) == "0o600"
    from notices.register.db import open_database

    db = open_database(sqlite_url)
    try:
        with db.engine.begin() as conn:
            row = conn.execute(select(sealing.agency_seals)).one()
        assert (row.kind, row.signer) == ("p12", AGENCY)
        assert keys.agency_p12.read_bytes()[:200] not in row.secret and b"mat-khau-dau" not in row.secret
        other = tmp_path / "other.key"
        sealing.make_secret_file(other)
        with pytest.raises(UserError, match="Không giải mã được"):
            with sealing._seal_credentials(row, sealing.server_key(other)):
                pass
        with sealing._seal_credentials(row, sealing.server_key(keys.secret_file)) as credentials:
            assert credentials.name == AGENCY
    finally:
        db.dispose()
    removed = notices(*base, "--remove")
    assert removed.returncode == 0 and "đã bỏ khóa ký" in removed.stdout, removed.stderr
    db = open_database(sqlite_url)
    try:
        assert not sealing.has_seal(db, accounts.authenticate(db, "vt", "mat-khau-thu-1", "x"))
    finally:
        db.dispose()


def test_ban_hanh_with_the_seal_on_a_pkcs11_token(sqlite_url, keys, tmp_path, monkeypatch):  # noqa: F811
    """The agency's key on a token on the server (SoftHSM2): set with its PIN from standard input, used at Ban
    hành; the PIN kept only encrypted."""
    from notices.register.db import open_database
    from tests.signing.pki import TOKEN_LABEL, TOKEN_PIN, softhsm_library, softhsm_token

    library = softhsm_library()
    if library is None:
        pytest.skip("SoftHSM2 không có (apt-get install softhsm2 opensc)")
    now = dt.datetime.now(dt.UTC)
    env = softhsm_token(tmp_path / "hsm", keys.kit.issue(AGENCY, now, eku=None), label="dau-co-quan")
    for name, value in {**env, **keys.env}.items():
        monkeypatch.setenv(name, value)
    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    done = notices("agencies", "seal", "--db", sqlite_url, A[0], "--pkcs11-lib", library, "--token-label", TOKEN_LABEL,
                   "--key-label", "dau-co-quan", "--image", str(keys.seal_png), stdin=TOKEN_PIN + "\n")
    assert done.returncode == 0 and "token PKCS#11" in done.stdout and AGENCY in done.stdout, done.stderr
    db = open_database(sqlite_url)
    try:
        with db.engine.begin() as conn:
            assert TOKEN_PIN.encode() not in conn.execute(select(sealing.agency_seals.c.secret)).scalar_one()
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        act(db, people["nk"], draft, "ky_so", keys.material())
        # Ban hành in a process of its own, as the server would: SoftHSM reads SOFTHSM2_CONF once per process
        # (at C_Initialize), so opening this token here would leave every later token test of this pytest
        # process looking in this token's folder
        code = ("import sys; from notices.register.db import open_database; from notices.server import accounts, "
                "drafts, workflow; db = open_database(sys.argv[1]); vt = accounts.authenticate(db, 'vt', sys.argv[2], "
                "'10.0.0.9'); info = drafts.get_draft(db, vt, int(sys.argv[3])); print(workflow.act(db, vt, info.id, "
                "'ban_hanh', state=info.state, head=info.head).state)")
        issued = subprocess.run([sys.executable, "-c", code, sqlite_url, PASSWORD, str(draft)], capture_output=True,
                                text=True, env=dict(os.environ))
        assert issued.stdout.strip() == "da_ban_hanh", issued.stderr
        final = drafts.stored_file(db, people["vt"], drafts.issued(db, people["vt"])[0].id, ".pdf")[1]
        assert [(c.signer, c.intact) for c in signatures(final, tmp_path)] == [(SIGNER, True), (AGENCY, True)]
    finally:
        db.dispose()


def test_ban_hanh_with_the_sealed_upload_through_the_page(sqlite_url, keys, tmp_path):  # noqa: F811
    """No seal on the server: the page's Ban hành carries "Tải lên bản đã đóng dấu"; a wrong file is refused
    with a page saying why, the right one issues it, and the register's PDF link gives the sealed file."""
    import re

    from notices.register.db import open_database
    from tests.server.conftest import login, start, stop

    populate(sqlite_url, steps=workflow.FULL, users=FIVE)
    db = open_database(sqlite_url)
    server = start(sqlite_url)
    try:
        people = {name: who(db, name) for name in FIVE}
        draft = numbered(db, people)
        act(db, people["nk"], draft, "ky_so", keys.material())
        with db.engine.begin() as conn:
            signed = conn.execute(select(workflow.signed_files.c.content)).scalar_one()
        pdf = tmp_path / "da-ky.pdf"
        pdf.write_bytes(signed)
        result = notices("sign", str(pdf), "--cert", str(keys.agency_p12), "--seal", str(keys.seal_png),
                         env={"NOTICES_PIN": "mat-khau-dau"})
        assert result.returncode == 0, result.stderr
        vt, csrf = login(server.url, "vt")
        page = vt.get(f"/van-ban/{draft}").text
        assert '<label for="ban-dong-dau">Tải lên bản đã đóng dấu</label>' in page
        assert '<button type="submit">Ban hành</button>' in page
        info = drafts.get_draft(db, people["vt"], draft)
        fields = {"csrf": csrf, "action": "ban_hanh", "state": info.state, "head": str(info.head)}
        wrong = vt.post(f"/van-ban/{draft}/xu-ly", data=fields,
                        files={"ban_dong_dau": ("dau.pdf", signed, "application/pdf")})
        assert wrong.status_code == 422 and "Không nhận tệp đã đóng dấu" in wrong.text and "<html" in wrong.text
        done = vt.post(f"/van-ban/{draft}/xu-ly", data=fields,
                       files={"ban_dong_dau": ("dau.pdf", pdf.read_bytes(), "application/pdf")})
        assert done.status_code == 303, done.text
        link = re.search(r'<a href="(/so/\d+/pdf)">PDF</a>', vt.get("/van-ban").text).group(1)
        assert vt.get(link).content == pdf.read_bytes()
    finally:
        stop(server)
        db.dispose()
