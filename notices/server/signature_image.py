"""The signer's signature image for Ký số on the server (Phụ lục I, II.7.d: the blue transparent PNG of her
paper signature, centred in the signature field between chức vụ and họ tên).

One image per user, kept in the database: set by the user herself on her account page ("Đổi mật khẩu" →
"Ảnh chữ ký") or by the server's operator (``notices users signature LOGIN --image chu-ky.png``, ``--remove``).
Checked as ``notices sign --image`` checks it (a readable PNG with a transparent background; a colour other
than blue is a warning). Ký số on the server hands it to :func:`notices.signing.sign.sign` as
``SignOptions(image=…)``: the same appearance code as ``notices sign --image``.

Scope: a signed-in user reads, sets and removes only her own row (keyed on her user id, never on a login
sent by a page); only the operator names another user, by login. Without an image Ký số still signs, and the
page and the answer say the image is missing and where to set it (as ``notices sign`` without ``--image``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, Table, delete, insert, select, update

from notices.errors import UserError
from notices.register.db import Database, metadata
from notices.server.accounts import Actor, Forbidden, log, normal_login, now_text
from notices.server.tables import users

MAX_IMAGE = 2 * 1024 * 1024  # a scanned signature as PNG is tens of kilobytes
WHAT = "Ảnh chữ ký"
WHERE = "trang “Đổi mật khẩu” (mục “Ảnh chữ ký”)"

signature_images = Table(
    "signature_images", metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("image", LargeBinary, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("set_at", String(40), nullable=False),
)


@dataclass(frozen=True)
class SignatureImage:
    width: int
    height: int
    set_at: str
    warnings: list[str] = field(default_factory=list)


def check_png(data: bytes, what: str = WHAT) -> tuple[int, int, list[str]]:
    """(width, height, warnings) of a signature image, or a UserError saying what is wrong with it."""
    from notices.signing import appearance

    if not data:
        raise UserError(f"{what}: hãy chọn tệp PNG ảnh chữ ký.")
    if len(data) > MAX_IMAGE:
        raise UserError(f"{what}: tệp quá lớn ({len(data) // 1024} KB; tối đa {MAX_IMAGE // 1024 // 1024} MB).")
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise UserError(f"{what}: phải là tệp PNG nền trong suốt, màu xanh (Phụ lục I, II.7.d Nghị định "
                        "30/2020/NĐ-CP); tệp này không phải PNG.")
    with tempfile.TemporaryDirectory(prefix="notices-chu-ky-") as folder:
        path = Path(folder) / "chu-ky.png"
        path.write_bytes(data)
        try:
            picture, warnings = appearance.load_png(path, "ảnh chữ ký", "blue")
        except UserError as error:  # the reason, without our temporary path
            said = error.message.replace(f"{path}: ", "").replace(f" '{path}'", "").replace(str(path), "tệp")
            raise UserError(f"{what}: {said}") from None
        except Exception as exc:  # Pillow's own errors on a damaged file (SyntaxError, ValueError …)
            raise UserError(f"{what}: không đọc được tệp PNG ({exc}).") from None
    return picture.width, picture.height, [w.replace(f"{path}: ", f"{what}: ") for w in warnings]


def _target(conn: object, actor: Actor, login: str | None) -> tuple[int, int, str]:
    """(user id, agency id, login): herself, or (the operator only) the user named."""
    if login is None or (not actor.system and normal_login(login) == actor.login):
        if actor.user_id is None or actor.agency_id is None:
            raise UserError("Cần tên đăng nhập của người dùng.")
        return actor.user_id, actor.agency_id, actor.login
    if not actor.system:
        raise Forbidden("Mỗi người chỉ đặt ảnh chữ ký của chính mình.")
    row = conn.execute(select(users.c.id, users.c.agency_id, users.c.login)  # type: ignore[attr-defined]
                       .where(users.c.login == normal_login(login))).first()
    if row is None:
        raise UserError(f"Chưa có người dùng {login}.")
    return row.id, row.agency_id, row.login


def set_image(db: Database, actor: Actor, data: bytes, login: str | None = None) -> SignatureImage:
    """Keep ``data`` as the signature image of ``actor`` (or, for the operator, of user ``login``)."""
    width, height, warnings = check_png(data)
    at = now_text()
    with db.engine.begin() as conn:
        user_id, agency_id, name = _target(conn, actor, login)
        values = dict(agency_id=agency_id, image=data, width=width, height=height, set_at=at)
        if not conn.execute(update(signature_images).where(signature_images.c.user_id == user_id)
                            .values(**values)).rowcount:
            conn.execute(insert(signature_images).values(user_id=user_id, **values))
        log(conn, actor, "signature_image", name, f"{width}×{height}", agency_id=agency_id)
    return SignatureImage(width, height, at, warnings)


def remove_image(db: Database, actor: Actor, login: str | None = None) -> bool:
    with db.engine.begin() as conn:
        user_id, agency_id, name = _target(conn, actor, login)
        gone = conn.execute(delete(signature_images).where(signature_images.c.user_id == user_id)).rowcount
        if gone:
            log(conn, actor, "signature_image_removed", name, agency_id=agency_id)
    return bool(gone)


def own_image(db: Database, actor: Actor) -> bytes | None:
    """Her own image (None if she has none): the only read a signed-in user has."""
    if actor.user_id is None:
        return None
    with db.engine.begin() as conn:
        return conn.execute(select(signature_images.c.image).where(
            signature_images.c.user_id == actor.user_id,
            signature_images.c.agency_id == actor.agency_id)).scalar()


def own_info(db: Database, actor: Actor) -> SignatureImage | None:
    if actor.user_id is None:
        return None
    with db.engine.begin() as conn:
        row = conn.execute(select(signature_images.c.width, signature_images.c.height, signature_images.c.set_at)
                           .where(signature_images.c.user_id == actor.user_id,
                                  signature_images.c.agency_id == actor.agency_id)).first()
    return None if row is None else SignatureImage(row.width, row.height, row.set_at)


def missing_note() -> str:
    return (f"Chưa có ảnh chữ ký: chữ ký số không kèm hình chữ ký (Phụ lục I, II.7.d Nghị định 30/2020/NĐ-CP cần "
            f"hình chữ ký màu xanh, nền trong suốt). Hãy tải ảnh chữ ký lên ở {WHERE} trước khi ký số.")


def page_section(csrf_field: str, info: SignatureImage | None, data: bytes | None) -> str:
    """The account page's "Ảnh chữ ký" section: her image (if any), a file field to set it, a button to remove it."""
    import base64
    from html import escape as e

    if info is not None and data is not None:
        shown = (f'<p>Ảnh chữ ký hiện tại ({info.width}×{info.height} điểm ảnh, đặt lúc '
                 f'{e(info.set_at[:16].replace("T", " "))}):</p>'
                 f'<p><img class="signature-image" alt="Ảnh chữ ký của bạn" style="max-width: 16rem; height: auto" '
                 f'src="data:image/png;base64,{base64.b64encode(data).decode()}"></p>'
                 f'<form method="post" action="/mat-khau/chu-ky">{csrf_field}<input type="hidden" name="xoa" value="1">'
                 '<button type="submit">Xóa ảnh chữ ký</button></form>')
    else:
        shown = f'<p class="notice" role="status">{e(missing_note().split(". Hãy")[0])}.</p>'
    return ('<h2 id="anh-chu-ky">Ảnh chữ ký</h2>'
            "<p>Hình chữ ký trên giấy của bạn (tệp PNG nền trong suốt, màu xanh), đặt vào ô chữ ký khi bạn ký số "
            "trên máy chủ (Phụ lục I, II.7.d Nghị định 30/2020/NĐ-CP).</p>"
            f'{shown}<form method="post" action="/mat-khau/chu-ky" enctype="multipart/form-data" class="stack">'
            f'{csrf_field}<label for="chu-ky">Tệp ảnh chữ ký (PNG)</label>'
            '<input id="chu-ky" name="chu_ky" type="file" accept="image/png,.png" required>'
            '<button type="submit">Lưu ảnh chữ ký</button></form>')
