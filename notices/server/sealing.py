"""Ký số on the server and Ban hành with the agency's seal: the signing half of the workflow.

- **Ký số** (người ký, Đã cấp số → Đã ký): the numbered PDF ("Tải PDF") is signed on the server with the
  signer's ``.p12`` uploaded for this one signature (its bytes and passphrase live in memory only: never written
  to disk, the database or a log), or through a remote signing service (pyHanko's CSC signer; configured per
  server by ``NOTICES_CSC_URL``, ``NOTICES_CSC_CREDENTIAL`` — ``{login}`` is replaced by the signer's login —
  and ``NOTICES_CSC_TOKEN``, an OAuth bearer token). The result is accepted exactly as an upload is
  (:func:`notices.server.workflow.upload_signed`): it begins with the numbered bytes, every signature intact,
  the certificate names the record's signer; then the same compare-and-set and audit row.
- **The certificate names the signer**: the subject's common name must be the record's người ký (the register
  row's signer, from the issued version), compared after Vietnamese folding; else refused naming both.
- **The agency's seal** (``notices agencies seal``): a ``.p12`` with its passphrase, or a PKCS#11 token with its
  PIN, and the seal's PNG, per agency; the secret part encrypted at rest with AES-GCM under the server's key
  (a file named by ``NOTICES_SECRET_FILE``, made by ``notices server init --secret-file`` with mode 0600).
- **Ban hành** (văn thư, Đã ký → Đã ban hành): only after a valid personal signature (the stored signed file
  checked again: the numbered bytes, at least one signature, all intact — Điều 32.2.d); the agency's signature
  with the seal image is added (or, without a seal configured, the file the văn thư sealed elsewhere is
  uploaded and checked the same way: the signed bytes, one more signature, all intact); the issue time is
  registered and the final PDF archived with the register row (what ``archive get`` and "Tải PDF" return).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, Table, delete, insert, select, update

from notices.errors import UserError
from notices.register.db import Database, entries, metadata
from notices.server.accounts import Actor, Forbidden, log, now_text
from notices.server.chain import STATES, raced, record, signed_files
from notices.server.tables import ROLES, draft_issues, drafts, server_agencies

SECRET_ENV = "NOTICES_SECRET_FILE"
MAX_P12 = 256 * 1024  # a real .p12 is a few kilobytes

# The agency's seal: who signs (the certificate's common name, shown), how (p12 or pkcs11), the seal's PNG, and
# the secret part (the .p12 and its passphrase, or the token's library, label, key and PIN) sealed with AES-GCM.
agency_seals = Table(
    "agency_seals", metadata,
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), primary_key=True),
    Column("kind", String(10), nullable=False),  # p12, pkcs11
    Column("signer", String(300), nullable=False),
    Column("image", LargeBinary, nullable=False),
    Column("secret", LargeBinary, nullable=False),  # nonce (12 bytes) + AES-GCM ciphertext and tag
    Column("set_at", String(40), nullable=False),
)

# Ban hành: when, by whom, the final PDF's SHA-256 (its bytes are the register row's file "signed").
issued_documents = Table(
    "issued_documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False, unique=True),
    Column("entry_id", Integer, ForeignKey("entries.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("at", String(40), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("sealed_here", Integer, nullable=False),  # 1: sealed on the server, 0: uploaded
)


@dataclass(frozen=True)
class Material:
    """What the page sent with Ký số or Ban hành (in memory only)."""

    p12: bytes | None = None
    passphrase: str | None = None
    remote: bool = False
    sealed: bytes | None = None  # Ban hành without a seal: the file the văn thư sealed elsewhere

    def __repr__(self) -> str:  # never the passphrase or the key, whatever prints it
        return f"Material(p12={'…' if self.p12 else None}, remote={self.remote}, sealed={bool(self.sealed)})"


# -- the server's key --------------------------------------------------------------------------------------

def make_secret_file(path: Path) -> bool:
    """Create the server's key file (32 random bytes, base64) with mode 0600; False if it exists already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise UserError(f"{path}: không tạo được tệp khóa bí mật ({exc.strerror}).") from None
    with os.fdopen(fd, "w") as out:
        out.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return True


def server_key(path: str | Path | None = None) -> bytes:
    """The server's AES-256 key, from the file named by ``path`` or NOTICES_SECRET_FILE."""
    name = path or os.environ.get(SECRET_ENV)
    if not name:
        raise UserError("Chưa có khóa bí mật của máy chủ: đặt NOTICES_SECRET_FILE (hoặc --secret-file) là tệp do "
                        "“notices server init --secret-file TỆP” tạo.")
    try:
        key = base64.b64decode(Path(name).read_text().strip(), validate=True)
    except OSError as exc:
        raise UserError(f"{name}: không đọc được tệp khóa bí mật của máy chủ ({exc.strerror}).") from None
    except ValueError:
        key = b""
    if len(key) != 32:
        raise UserError(f"{name}: tệp khóa bí mật không đúng dạng (cần 32 byte base64, do notices server init tạo).")
    return key


def _seal_box(key: bytes, agency_id: int, plain: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key).encrypt(nonce, plain, f"notices agency seal {agency_id}".encode())


def _open_box(key: bytes, agency_id: int, sealed: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], f"notices agency seal {agency_id}".encode())
    except InvalidTag:
        raise UserError("Không giải mã được khóa ký của cơ quan: khóa bí mật của máy chủ (NOTICES_SECRET_FILE) "
                        "không phải khóa đã dùng khi đặt dấu; hãy đặt lại bằng notices agencies seal.") from None


# -- credentials -------------------------------------------------------------------------------------------

def p12_credentials(data: bytes, passphrase: str | None, what: str = "Tệp chứng thư số") -> Any:
    """Key and certificate from PKCS#12 bytes (in memory: nothing written anywhere)."""
    from notices.signing.sign import pkcs12_credentials

    if not data:
        raise UserError(f"{what}: hãy chọn tệp .p12/.pfx.")
    if len(data) > MAX_P12:
        raise UserError(f"{what}: tệp quá lớn cho một tệp .p12/.pfx.")
    return pkcs12_credentials(data, lambda: passphrase or "", what)


@dataclass(frozen=True)
class RemoteService:
    """A CSC remote signing service, configured per server (environment of ``notices server run``)."""

    url: str
    credential: str  # may contain {login}
    token: str | None

    @classmethod
    def configured(cls) -> RemoteService | None:
        url = os.environ.get("NOTICES_CSC_URL")
        if not url:
            return None
        return cls(url.rstrip("/"), os.environ.get("NOTICES_CSC_CREDENTIAL", "{login}"),
                   os.environ.get("NOTICES_CSC_TOKEN") or None)


class _FreshSession:
    """An aiohttp session opened per request inside whatever event loop asks (pyHanko runs its own)."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    @contextlib.asynccontextmanager
    async def _post(self, url: str, **options: Any) -> Any:
        import aiohttp

        headers = dict(options.pop("headers", None) or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        async with aiohttp.ClientSession() as session, session.post(url, headers=headers, **options) as response:
            yield response

    def post(self, url: str, **options: Any) -> Any:
        return self._post(url, **options)


def remote_credentials(service: RemoteService, login: str, pin: str | None) -> Any:
    """Credentials signing through the CSC service (call in a worker thread: it runs an event loop)."""
    import asyncio

    from pyhanko.sign.signers import csc_signer

    from notices.signing.sign import Credentials

    info = csc_signer.CSCServiceSessionInfo(service.url, service.credential.replace("{login}", login),
                                            oauth_token=service.token)
    session = _FreshSession(service.token)

    class Authorize(csc_signer.CSCAuthorizationManager):
        async def authorize_signature(self, hash_b64s: list[str]) -> Any:
            request = self.format_csc_auth_request(pin=pin or None, hash_b64s=hash_b64s)
            async with session.post(self.csc_session_info.endpoint_url("credentials/authorize"), json=request,
                                    raise_for_status=True) as response:
                return self.parse_csc_auth_response(await response.json())

    try:
        credential = asyncio.run(csc_signer.fetch_certs_in_csc_credential(session, info))  # type: ignore[arg-type]
    except Exception as exc:  # aiohttp's and pyHanko's errors: the service is unreachable or refuses
        raise UserError(f"Dịch vụ ký số từ xa {service.url} không trả lời được ({type(exc).__name__}: {exc}).") \
            from None
    signer = csc_signer.CSCSigner(session, Authorize(info, credential))  # type: ignore[arg-type]
    return Credentials(signer, credential.signing_cert, list(credential.chain))


def _same_person(a: str, b: str) -> bool:
    from notices import vn

    return vn.fold(" ".join(a.split())) == vn.fold(" ".join(b.split()))


def signer_of(db: Database, actor: Actor, draft_id: int) -> tuple[int, str]:
    """(register row, người ký's name) of the document's number (the issued version's signer)."""
    with db.engine.begin() as conn:
        row = conn.execute(select(entries.c.id, entries.c.signer_name)
                           .join(draft_issues, draft_issues.c.entry_id == entries.c.id)
                           .join(drafts, drafts.c.id == draft_issues.c.draft_id)
                           .where(draft_issues.c.draft_id == draft_id,
                                  drafts.c.agency_id == actor.agency_id)).first()
    if row is None:
        raise UserError("Văn bản chưa có số trong sổ đăng ký.")
    return row.id, row.signer_name or ""


def check_signer(expected: str, names: list[str], refused: str = "") -> None:
    """Every personal signature's certificate must name the record's người ký (after Vietnamese folding)."""
    if not expected:
        raise UserError(refused + "văn bản không ghi người ký; không đối chiếu được chứng thư số.")
    wrong = [n for n in names if not _same_person(n, expected)]
    if wrong:
        raise UserError(refused + f"chứng thư số ký là của “{wrong[0]}”, không phải người ký của văn bản "
                                  f"“{expected}”.")


# -- Ký số -------------------------------------------------------------------------------------------------

def _in_thread(work: Any) -> Any:
    """pyHanko runs its own event loop (asyncio.run): never in a thread that already runs one."""
    import logging
    from concurrent.futures import ThreadPoolExecutor

    if not os.environ.get("NOTICES_DEBUG"):  # pyHanko logs each unvalidated chain with a trace: the reason is said
        for name in ("pyhanko", "pyhanko_certvalidator"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def _sign_bytes(content: bytes, credentials: Any, *, seal: bytes | None = None, image: bytes | None = None) -> bytes:
    """``notices sign`` on bytes: ``image`` is the signer's signature image (``--image``), ``seal`` the agency's
    seal (``--seal``); the same appearance code as the command line."""
    from notices.signing.sign import SignOptions, sign

    with tempfile.TemporaryDirectory(prefix="notices-ky-") as folder:  # the PDF and the PNGs, no secret
        pdf, out = Path(folder) / "van-ban.pdf", Path(folder) / "da-ky.pdf"
        pdf.write_bytes(content)
        options = SignOptions()
        if seal is not None:
            (Path(folder) / "dau.png").write_bytes(seal)
            options = SignOptions(seal=Path(folder) / "dau.png")
        elif image is not None:
            (Path(folder) / "chu-ky.png").write_bytes(image)
            options = SignOptions(image=Path(folder) / "chu-ky.png")
        try:
            sign(pdf, out, credentials, options)
        except UserError as error:  # the reason, without our temporary path
            raise UserError(error.message.replace(f"{pdf}: ", "")) from None
        return out.read_bytes()


def sign_numbered(db: Database, actor: Actor, draft_id: int, material: Material) -> bytes:
    """Ký số: the numbered PDF signed with her .p12 (or the remote service), after checking that the certificate
    names the record's signer, with her signature image (notices.server.signature_image) centred in the field
    as ``notices sign --image`` places it; without one, signed without the image (the page and the answer say
    so). The caller accepts the result as an upload is (workflow.upload_signed)."""
    from notices.server.drafts import stored_file
    from notices.server.signature_image import own_image

    entry_id, expected = signer_of(db, actor, draft_id)
    _, numbered = stored_file(db, actor, entry_id, ".pdf")
    refused = "Không ký được: "
    service = RemoteService.configured() if material.remote else None
    if material.remote and service is None:
        raise UserError(refused + "máy chủ chưa cấu hình dịch vụ ký số từ xa.")
    if service is None and not material.p12:
        raise UserError("Tệp chứng thư số (.p12): hãy chọn tệp chứng thư số của bạn để ký số trên máy chủ "
                        "(hoặc “Tải PDF”, ký bằng công cụ của tổ chức chứng thực, rồi “Tải lên bản đã ký”).")

    def work() -> bytes:
        if service is not None:
            credentials = remote_credentials(service, actor.login, material.passphrase)
        else:
            credentials = p12_credentials(material.p12 or b"", material.passphrase, "Tệp chứng thư số (.p12)")
        check_signer(expected, [credentials.name], refused)
        return _sign_bytes(numbered, credentials, image=image)

    image = own_image(db, actor)
    return _in_thread(work)


# -- the agency's seal ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seal:
    ident: str
    kind: str
    signer: str
    set_at: str


def _agency(conn: Any, ident: str) -> int:
    from notices.server.accounts import normal_ident

    found = conn.execute(select(server_agencies.c.id).where(server_agencies.c.ident == normal_ident(ident))).scalar()
    if found is None:
        raise UserError(f"Chưa có cơ quan mã {ident}.")
    return found


def set_seal(db: Database, actor: Actor, ident: str, image: bytes, *, p12: bytes | None = None,
             passphrase: str | None = None, token: tuple[str, str, str | None] | None = None,
             pin: str | None = None, key: bytes | None = None) -> Seal:
    """Keep agency ``ident``'s seal (the server's operator only): checked first (the key opens, the image is a
    PNG), the secret part encrypted with the server's key."""
    from notices.signing import appearance

    if not actor.system:
        raise Forbidden("Chỉ người quản trị máy chủ đặt được khóa ký (dấu) của cơ quan.")
    if (p12 is None) == (token is None):
        raise UserError("Cần đúng một nguồn khóa ký của cơ quan: --cert TỆP.p12, hoặc --pkcs11-lib … --token-label ….")
    key = key or server_key()
    with tempfile.TemporaryDirectory(prefix="notices-dau-") as folder:  # the seal's PNG only (no secret)
        png = Path(folder) / "dau.png"
        png.write_bytes(image)
        appearance.load_png(png, "ảnh dấu", "red")
    if p12 is not None:
        name = p12_credentials(p12, passphrase, "--cert").name
        kind, plain = "p12", {"p12": base64.b64encode(p12).decode(), "passphrase": passphrase}
    else:
        assert token is not None
        library, label, key_label = token
        from notices.signing.sign import open_token

        with open_token(library, label, lambda: pin or "", key_label) as credentials:
            name = credentials.name
        kind, plain = "pkcs11", {"library": library, "label": label, "key_label": key_label, "pin": pin}
    with db.engine.begin() as conn:
        agency = _agency(conn, ident)
        values = dict(kind=kind, signer=name, image=image, set_at=now_text(),
                      secret=_seal_box(key, agency, json.dumps(plain).encode()))
        if not conn.execute(update(agency_seals).where(agency_seals.c.agency_id == agency).values(**values)).rowcount:
            conn.execute(insert(agency_seals).values(agency_id=agency, **values))
        log(conn, actor, "agency_seal", ident, f"{kind}: {name}", agency_id=agency)
    return Seal(ident, kind, name, values["set_at"])  # type: ignore[arg-type]


def remove_seal(db: Database, actor: Actor, ident: str) -> bool:
    if not actor.system:
        raise Forbidden("Chỉ người quản trị máy chủ bỏ được khóa ký (dấu) của cơ quan.")
    with db.engine.begin() as conn:
        agency = _agency(conn, ident)
        gone = conn.execute(delete(agency_seals).where(agency_seals.c.agency_id == agency)).rowcount
        if gone:
            log(conn, actor, "agency_seal_removed", ident, agency_id=agency)
    return bool(gone)


def has_seal(db: Database, actor: Actor) -> bool:
    with db.engine.begin() as conn:
        return conn.execute(select(agency_seals.c.agency_id)
                            .where(agency_seals.c.agency_id == actor.agency_id)).first() is not None


@contextlib.contextmanager
def _seal_credentials(row: Any, key: bytes) -> Iterator[Any]:
    plain = json.loads(_open_box(key, row.agency_id, row.secret))
    if row.kind == "p12":
        yield p12_credentials(base64.b64decode(plain["p12"]), plain["passphrase"], "Khóa ký của cơ quan")
    else:
        from notices.signing.sign import open_token

        with open_token(plain["library"], plain["label"], lambda: plain["pin"] or "", plain["key_label"]) as found:
            yield found


# -- Ban hành ------------------------------------------------------------------------------------------------

def _signatures(content: bytes, refused: str) -> list[Any]:
    from notices.signing.verify import verify

    with tempfile.TemporaryDirectory(prefix="notices-ban-hanh-") as folder:
        path = Path(folder) / "van-ban.pdf"
        path.write_bytes(content)
        try:
            checked = [c for c in _in_thread(lambda: verify(path)) if c.kind == "chữ ký"]
        except UserError as error:
            raise UserError(refused + error.message.replace(f"{path}: ", "")) from None
    broken = [c for c in checked if not c.intact]
    if broken:
        raise UserError(refused + "; ".join(f"chữ ký “{c.field}” của {c.signer} không còn nguyên vẹn"
                                            f"{(' (' + c.problem + ')') if c.problem else ''}" for c in broken))
    return checked


def issue_sealed(db: Database, actor: Actor, draft_id: int, *, state: str, head: int,
                 material: Material) -> tuple[str, str]:
    """Ban hành: the personal signature checked again, the agency's signature added (or the sealed upload
    checked), the final PDF archived with the register row, the issue time registered; compare-and-set.
    (state, message) for the workflow's Done."""
    from notices.server.drafts import stored_file

    if not actor.has("van_thu"):  # workflow.act checked role and state first; a direct caller too
        raise Forbidden(f"Chỉ {ROLES['van_thu']} được “Ban hành”.")
    refused = "Không ban hành được: "
    entry_id, expected = signer_of(db, actor, draft_id)
    with db.engine.begin() as conn:
        personal = conn.execute(select(signed_files.c.content, signed_files.c.numbered_sha256)
                                .where(signed_files.c.draft_id == draft_id,
                                       signed_files.c.agency_id == actor.agency_id)
                                .order_by(signed_files.c.id.desc()).limit(1)).first()
        seal = conn.execute(select(agency_seals).where(agency_seals.c.agency_id == actor.agency_id)).first()
    name, numbered = stored_file(db, actor, entry_id, ".pdf")
    if personal is None or hashlib.sha256(numbered).hexdigest() != personal.numbered_sha256 \
            or personal.content[:len(numbered)] != numbered:
        raise UserError(refused + "chưa có bản đã ký của người có thẩm quyền trên đúng bản PDF đã cấp số "
                                  "(Điều 32.2.d Nghị định 30/2020/NĐ-CP).")
    signed = personal.content
    mine = _signatures(signed, refused + "bản đã ký của người có thẩm quyền: ")
    if not mine:
        raise UserError(refused + "bản đã ký không có chữ ký số của người có thẩm quyền (Điều 32.2.d).")
    check_signer(expected, [c.signer for c in mine], refused)
    if seal is not None:
        key = server_key()

        def work() -> bytes:
            with _seal_credentials(seal, key) as credentials:
                return _sign_bytes(signed, credentials, seal=seal.image)

        final = _in_thread(work)
    else:
        if not material.sealed:
            raise UserError("Tải lên bản đã đóng dấu: cơ quan chưa đặt khóa ký (dấu) trên máy chủ; hãy tải bản đã ký, "
                            "đóng dấu (ký số của cơ quan) bằng công cụ của cơ quan, rồi tải lên tệp đó.")
        final = material.sealed
    taken = "Không nhận tệp đã đóng dấu: " if seal is None else refused
    if len(final) <= len(signed) or final[:len(signed)] != signed:
        raise UserError(taken + "tệp không phải bản đã ký của người có thẩm quyền cộng thêm chữ ký số của cơ quan; "
                                "có thể là văn bản khác hoặc tệp đã bị sửa.")
    everyone = _signatures(final, taken)
    if len(everyone) != len(mine) + 1:
        raise UserError(taken + f"cần đúng một chữ ký số của cơ quan thêm vào bản đã ký (tệp có {len(everyone)} "
                                f"chữ ký, bản đã ký có {len(mine)}).")
    sha = hashlib.sha256(final).hexdigest()
    stem = name[:-len(".pdf")].removesuffix(".pdfa")
    from notices.register.issue import store_files

    with db.engine.begin() as conn:
        changed = conn.execute(update(drafts).where(
            drafts.c.id == draft_id, drafts.c.agency_id == actor.agency_id, drafts.c.state == state,
            drafts.c.head == head).values(state="da_ban_hanh", updated_at=now_text())).rowcount
        if changed != 1:
            raise raced(conn, draft_id)
        at = now_text()
        conn.execute(insert(issued_documents).values(draft_id=draft_id, entry_id=entry_id, agency_id=actor.agency_id,
                                                     at=at, user_id=actor.user_id, sha256=sha,
                                                     sealed_here=int(seal is not None)))
        store_files(conn, entry_id, [("signed", f"{stem}.ban-hanh.pdf", final)])
        agency = everyone[-1].signer
        record(conn, actor, draft_id, "ban_hanh", state, "da_ban_hanh", head, sha, role="van_thu",
               comment=f"Chữ ký của cơ quan: {agency}" + ("" if seal is not None else " (tải lên bản đã đóng dấu)"))
        log(conn, actor, "workflow_ban_hanh", str(draft_id), sha)
    return ("da_ban_hanh", f"Đã ban hành lúc {at[11:19]} ngày {at[8:10]}/{at[5:7]}/{at[:4]} (chữ ký của "
                               f"{', '.join(c.signer for c in mine)} và của cơ quan: {agency}); văn bản chuyển sang "
                               f"“{STATES['da_ban_hanh']}”.")


async def material_of(form: Any) -> Material:
    """The Ký số / Ban hành form's fields: the .p12 (field ``p12``), its passphrase (``mat_khau``), the remote
    service (``tu_xa``), the sealed upload (``ban_dong_dau``); read into memory."""
    async def read(name: str) -> bytes | None:
        upload = form.get(name)
        if upload is None or isinstance(upload, str):
            return None
        return await upload.read(MAX_P12 * 256 + 1) or None

    return Material(p12=await read("p12"), passphrase=str(form.get("mat_khau", "")) or None,
                    remote=bool(form.get("tu_xa")), sealed=await read("ban_dong_dau"))


def forms(action: str, hidden: str, draft_id: int, *, seal: bool, remote: bool, image: bool | None = None) -> str:
    """The Ký số / Ban hành forms of the document's page (the buttons carry exactly the actions' labels);
    ``image``: whether the signer has her signature image (None: not known, nothing said)."""
    from html import escape as e

    from notices.server.signature_image import missing_note

    start = (f'<form method="post" action="/van-ban/{draft_id}/xu-ly" enctype="multipart/form-data" '
             f'class="workflow-action">{hidden}')
    if action == "ky_so":
        far = ('<label class="check"><input type="checkbox" name="tu_xa" value="1" id="tu-xa"> Ký qua dịch vụ ký số '
               'từ xa (không cần tệp .p12; mật khẩu là mã PIN của dịch vụ, nếu có)</label>') if remote else ""
        required = "" if remote else " required"
        said = ""
        if image is False:
            note = missing_note().partition(" Hãy ")[0]
            said = (f'<p class="error" role="alert" id="thieu-anh-chu-ky">{e(note)} Hãy tải ảnh chữ ký lên ở '
                    '<a href="/mat-khau#anh-chu-ky">trang “Đổi mật khẩu” (mục “Ảnh chữ ký”)</a> trước khi ký số.</p>')
        elif image:
            said = '<p class="notice">Ảnh chữ ký của bạn sẽ được đặt vào ô chữ ký (Phụ lục I, II.7.d).</p>'
        return (f'{start}{said}<label for="p12">Tệp chứng thư số (.p12)</label>'
                f'<input id="p12" name="p12" type="file" accept=".p12,.pfx,application/x-pkcs12"{required}>'
                '<label for="mat-khau-ky">Mật khẩu tệp chứng thư số</label>'
                '<input id="mat-khau-ky" name="mat_khau" type="password" autocomplete="off">'
                f'{far}<button type="submit">{e("Ký số")}</button></form>')
    upload = "" if seal else ('<label for="ban-dong-dau">Tải lên bản đã đóng dấu</label>'
                              '<input id="ban-dong-dau" name="ban_dong_dau" type="file" '
                              'accept="application/pdf,.pdf" required>')
    return f'{start}{upload}<button type="submit">{e("Ban hành")}</button></form>'
