"""``notices server``, ``notices agencies``, ``notices users``: thin wrappers over notices.server.accounts.

Passwords come from standard input (one line) or ``NOTICES_PASSWORD``, never from the command line
(it would stay in the shell's history and in the process list); at a terminal they are asked twice.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from notices.errors import UserError

DB_HELP = "Cơ sở dữ liệu của máy chủ: sqlite:///tệp.db hoặc postgresql://máy/tên (mặc định: NOTICES_DB)."
ROLE_HELP = ("Vai trò (lặp lại để có nhiều vai trò): chuyen_vien, lanh_dao_don_vi, kiem_tra_the_thuc, nguoi_ky, "
             "van_thu, quan_tri, quan_tri_tinh.")


def db_url(option: str | None) -> str:
    url = option or os.environ.get("NOTICES_DB")
    if not url:
        raise UserError("Cần --db URL (hoặc biến môi trường NOTICES_DB), ví dụ postgresql://notices@localhost/notices "
                        "hoặc sqlite:///notices.db.")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        url = f"sqlite:///{Path.cwd() / url[len('sqlite:///'):]}"
    return url


@contextlib.contextmanager
def opened(option: str | None) -> Iterator[Any]:
    from notices.register.db import open_database

    db = open_database(db_url(option))
    try:
        yield db
    finally:
        db.dispose()


def read_password(login: str) -> str:
    """NOTICES_PASSWORD, else one line of standard input, else asked twice at the terminal."""
    from_env = os.environ.get("NOTICES_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UserError("Chưa có mật khẩu: đưa vào đầu vào chuẩn (một dòng) hoặc biến NOTICES_PASSWORD.")
        return line
    return click.prompt(f"Mật khẩu cho {login}", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


db_option = click.option("--db", "db", metavar="URL", help=DB_HELP)


@click.group("server")
def server_group() -> None:
    """Máy chủ nhiều người dùng của cơ quan: tạo cơ sở dữ liệu, chạy."""


@server_group.command("init")
@db_option
@click.option("--admin", metavar="TÊN_ĐĂNG_NHẬP", help="Người quản trị đầu tiên (mật khẩu từ đầu vào chuẩn).")
@click.option("--agency", metavar="MÃ", 
              help="Cơ quan của người quản trị (mã định danh); tạo mới nếu kèm --name, --code.")
@click.option("--name", "agency_name", help="Tên cơ quan (khi tạo mới).")
@click.option("--code", "agency_code", help="Chữ viết tắt của cơ quan trong ký hiệu văn bản (khi tạo mới).")
@click.option("--place", help="Địa danh của cơ quan (khi tạo mới).")
@click.option("--full-name", help="Họ và tên người quản trị (mặc định: tên đăng nhập).")
@click.option("--role", "roles", multiple=True, help="Vai trò của người quản trị (mặc định: quan_tri).")
@click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tạo tệp khóa bí mật của máy chủ (quyền 0600, nếu chưa có), dùng để mã hóa khóa ký của cơ quan; "
                   "đặt ngoài kho mã nguồn và chỉ định lại bằng NOTICES_SECRET_FILE.")
def init(db: str | None, admin: str | None, agency: str | None, agency_name: str | None, agency_code: str | None,
         place: str | None, full_name: str | None, roles: tuple[str, ...], secret_file: Path | None) -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu (Alembic) và người quản trị đầu tiên."""
    from notices.server import accounts

    if secret_file is not None:
        from notices.server.sealing import make_secret_file

        made = make_secret_file(secret_file)
        click.echo(f"{'Đã tạo' if made else 'Đã có'} tệp khóa bí mật của máy chủ: {secret_file}")
    with opened(db) as database:
        click.echo(f"Cơ sở dữ liệu đã sẵn sàng: {database.url}")
        if admin is None:
            return
        if agency is None:
            raise UserError("--admin cần --agency MÃ (cơ quan của người quản trị).")
        known = {a.ident for a in accounts.list_agencies(database, accounts.SYSTEM)}
        if accounts.normal_ident(agency) not in known:
            if not (agency_name and agency_code):
                raise UserError(f"Chưa có cơ quan mã {agency}: thêm --name \"Tên cơ quan\" --code UBND để tạo.")
            accounts.add_agency(database, accounts.SYSTEM, agency, name=agency_name, code=agency_code, place=place)
            click.echo(f"Đã thêm cơ quan {agency}: {agency_name}")
        if any(u.login == accounts.normal_login(admin) for u in accounts.list_users(database, accounts.SYSTEM)):
            click.echo(f"Người dùng {admin} đã có; không đổi (đổi mật khẩu: notices users password {admin}).")
            return
        user = accounts.add_user(database, accounts.SYSTEM, admin, full_name=full_name or admin, agency=agency,
                                 roles=roles or ("quan_tri",), password=read_password(admin))
        click.echo(f"Đã tạo người quản trị {user.login} ({', '.join(user.roles)}) của {user.agency_name}.")


@server_group.command("run")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ nghe (0.0.0.0: mọi máy trong mạng).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="TÊN",
              help="Tên máy chủ mà trình duyệt dùng (lặp lại được); yêu cầu với tên khác bị từ chối (400). "
                   "Mặc định: 127.0.0.1 và localhost.")
@click.option("--behind-proxy", is_flag=True,
              help="Chạy sau reverse proxy TLS trên cùng máy: tin X-Forwarded-Proto/For từ 127.0.0.1, cookie Secure.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Số tiến trình.")
@click.option("--secret-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tệp khóa bí mật của máy chủ (mặc định: NOTICES_SECRET_FILE), để ban hành với dấu của cơ quan.")
def run(db: str | None, host: str, port: int, allowed_hosts: tuple[str, ...], behind_proxy: bool, workers: int,
        secret_file: Path | None) -> None:
    """Chạy máy chủ nhiều người dùng (đăng nhập, văn bản của tôi, soạn thảo, cấp số, tra cứu)."""
    import json

    try:
        import uvicorn
    except ImportError as exc:
        raise UserError(f"Thiếu thư viện cho máy chủ ({exc.name}); hãy cài: pip install 'notices[server]'.") from None
    url = db_url(db)
    with opened(url) as database:  # create or upgrade the schema once, before the workers start
        click.echo(f"Cơ sở dữ liệu: {database.url}")
    settings = {"db": url, "allowed_hosts": list(allowed_hosts) or ["127.0.0.1", "localhost"],
                "behind_proxy": behind_proxy}
    os.environ["NOTICES_SERVER_SETTINGS"] = json.dumps(settings)
    if secret_file is not None:
        os.environ["NOTICES_SECRET_FILE"] = str(secret_file.resolve())
    click.echo(f"notices server đang chạy tại http://{host}:{port}/ ({workers} tiến trình) — Ctrl+C để dừng.")
    uvicorn.run("notices.server.app:from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning", server_header=False, proxy_headers=behind_proxy,
                forwarded_allow_ips="127.0.0.1" if behind_proxy else None)


@click.group("agencies")
def agencies_group() -> None:
    """Cơ quan trên máy chủ: thêm, nhập hồ sơ cơ quan, liệt kê."""


@agencies_group.command("add")
@db_option
@click.argument("ident", metavar="MÃ")
@click.option("--name", required=True, help="Tên cơ quan, ví dụ “Ủy ban nhân dân xã Hoài Hải”.")
@click.option("--code", required=True, help="Chữ viết tắt trong ký hiệu văn bản, ví dụ UBND.")
@click.option("--parent", metavar="MÃ", help="Mã cơ quan cấp trên (đã thêm trước).")
@click.option("--place", help="Địa danh ghi ở dòng ngày tháng.")
def agencies_add(db: str | None, ident: str, name: str, code: str, parent: str | None, place: str | None) -> None:
    """Thêm cơ quan MÃ (mã định danh, ví dụ 000.01.23.H20); mỗi cơ quan một sổ đăng ký riêng."""
    from notices.server import accounts

    with opened(db) as database:
        agency = accounts.add_agency(database, accounts.SYSTEM, ident, name=name, code=code, parent=parent, place=place)
    click.echo(f"Đã thêm cơ quan {agency.ident}: {agency.name} ({agency.code}).")


@agencies_group.command("import")
@db_option
@click.argument("ident", metavar="MÃ")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="OFFICE.YAML")
def agencies_import(db: str | None, ident: str, path: Path) -> None:
    """Nhập hồ sơ cơ quan (cùng các mục của office.yaml: người ký, nơi nhận, cách cấp số) cho cơ quan MÃ."""
    from notices.server import accounts

    with opened(db) as database:
        agency = accounts.import_profile(database, accounts.SYSTEM, ident, path)
    click.echo(f"Đã nhập hồ sơ cơ quan cho {agency.ident}: {agency.name}.")


@agencies_group.command("workflow")
@db_option
@click.argument("ident", metavar="MÃ")
@click.option("--steps", metavar="BƯỚC,…", help="Các bước duyệt: noi-dung, the-thuc, ky (ky bắt buộc), ví dụ "
              "--steps ky cho xã nhỏ (chuyên viên → người ký → văn thư).")
@click.option("--off", is_flag=True, help="Tắt quy trình duyệt: văn thư cấp số thẳng dự thảo đã lưu.")
def agencies_workflow(db: str | None, ident: str, steps: str | None, off: bool) -> None:
    """Đặt quy trình duyệt của cơ quan MÃ (cơ quan mới: đủ ba bước noi-dung, the-thuc, ky)."""
    from notices.server import accounts, workflow

    if off == (steps is not None):
        raise UserError("Chọn một trong hai: --steps noi-dung,the-thuc,ky (các bước duyệt) hoặc --off.")
    with opened(db) as database:
        chosen = workflow.set_steps(database, accounts.SYSTEM, ident,
                                    None if off else tuple((steps or "").split(",")))
    if chosen is None:
        click.echo(f"Cơ quan {ident}: không dùng quy trình duyệt (văn thư cấp số thẳng dự thảo đã lưu).")
    else:
        names = {"noi-dung": "Duyệt nội dung", "the-thuc": "Duyệt thể thức", "ky": "Duyệt ký"}
        click.echo(f"Cơ quan {ident}: Trình duyệt → {' → '.join(names[s] for s in chosen)} → Cấp số → Ký số → "
                   "Ban hành.")


SECRET_HELP = ("Tệp khóa bí mật của máy chủ (mặc định: NOTICES_SECRET_FILE), do “notices server init --secret-file” "
               "tạo; khóa ký của cơ quan được mã hóa bằng khóa này.")


@agencies_group.command("seal")
@db_option
@click.argument("ident", metavar="MÃ")
@click.option("--cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TỆP.p12",
              help="Chứng thư số của cơ quan (PKCS#12); mật khẩu từ đầu vào chuẩn hoặc NOTICES_PASSWORD.")
@click.option("--pkcs11-lib", metavar="THƯ_VIỆN", help="Thư viện PKCS#11 của token trên máy chủ.")
@click.option("--token-label", metavar="NHÃN", help="Nhãn token; mã PIN từ đầu vào chuẩn hoặc NOTICES_PASSWORD.")
@click.option("--key-label", metavar="NHÃN", help="Nhãn khóa ký trên token, khi token có nhiều khóa.")
@click.option("--image", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="ẢNH.png",
              help="Ảnh dấu của cơ quan (PNG nền trong suốt, màu đỏ, kích thước thật).")
@click.option("--remove", is_flag=True, help="Bỏ khóa ký (dấu) đã đặt: văn thư tải lên bản đã đóng dấu khi ban hành.")
@click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP", help=SECRET_HELP)
def agencies_seal(db: str | None, ident: str, cert: Path | None, pkcs11_lib: str | None, token_label: str | None,
                  key_label: str | None, image: Path | None, remove: bool, secret_file: Path | None) -> None:
    """Đặt khóa ký và ảnh dấu của cơ quan MÃ để văn thư “Ban hành” trên máy chủ (Điều 32 Nghị định 30)."""
    from notices.server import accounts, sealing

    if remove:
        if cert or pkcs11_lib or token_label or image:
            raise UserError("--remove không đi cùng --cert, --pkcs11-lib, --token-label hay --image.")
        with opened(db) as database:
            gone = sealing.remove_seal(database, accounts.SYSTEM, ident)
        click.echo(f"Cơ quan {ident}: " + ("đã bỏ khóa ký (dấu)." if gone else "chưa đặt khóa ký (dấu) nào."))
        return
    if bool(cert) == bool(pkcs11_lib or token_label):
        raise UserError("Cần đúng một nguồn khóa ký: --cert TỆP.p12, hoặc --pkcs11-lib THƯ_VIỆN --token-label NHÃN.")
    if (pkcs11_lib is None) != (token_label is None):
        raise UserError("Token cần cả --pkcs11-lib và --token-label.")
    if image is None:
        raise UserError("Cần --image ẢNH.png (ảnh dấu của cơ quan).")
    key = sealing.server_key(secret_file)
    secret = read_password(f"{'tệp ' + cert.name if cert else 'token ' + str(token_label)}")
    with opened(db) as database:
        if cert is not None:
            seal = sealing.set_seal(database, accounts.SYSTEM, ident, image.read_bytes(), p12=cert.read_bytes(),
                                    passphrase=secret, key=key)
        else:
            seal = sealing.set_seal(database, accounts.SYSTEM, ident, image.read_bytes(),
                                    token=(pkcs11_lib, token_label, key_label), pin=secret, key=key)  # type: ignore[arg-type]
    click.echo(f"Cơ quan {ident}: đã đặt khóa ký ({'tệp .p12' if seal.kind == 'p12' else 'token PKCS#11'}, "
               f"{seal.signer}) và ảnh dấu, mã hóa bằng khóa bí mật của máy chủ.")


@agencies_group.command("list")
@db_option
def agencies_list(db: str | None) -> None:
    """Liệt kê các cơ quan."""
    from notices.server import accounts

    with opened(db) as database:
        found = accounts.list_agencies(database, accounts.SYSTEM)
    if not found:
        click.echo("Chưa có cơ quan nào.")
    for a in found:
        above = f", trực thuộc {a.parent_ident}" if a.parent_ident else ""
        profile = ", có hồ sơ cơ quan" if a.profile else ""
        click.echo(f"{a.ident}\t{a.code}\t{a.name}\t{a.users} người dùng{above}{profile}")


@click.group("users")
def users_group() -> None:
    """Người dùng: thêm, liệt kê, khóa, đặt mật khẩu, ảnh chữ ký."""


@users_group.command("add")
@db_option
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
@click.option("--name", "full_name", required=True, help="Họ và tên.")
@click.option("--agency", required=True, metavar="MÃ", help="Mã cơ quan.")
@click.option("--role", "roles", multiple=True, required=True, help=ROLE_HELP)
@click.option("--unit", help="Đơn vị soạn thảo (phòng, ban), ví dụ VP.")
def users_add(db: str | None, login: str, full_name: str, agency: str, roles: tuple[str, ...],
              unit: str | None) -> None:
    """Thêm người dùng; mật khẩu đọc từ đầu vào chuẩn hoặc NOTICES_PASSWORD."""
    from notices.server import accounts

    accounts.check_roles(roles)
    password = read_password(login)
    with opened(db) as database:
        user = accounts.add_user(database, accounts.SYSTEM, login, full_name=full_name, agency=agency, roles=roles,
                                 password=password, unit=unit)
    click.echo(f"Đã thêm {user.login} ({user.full_name}, {', '.join(user.roles)}) của {user.agency_name}.")


@users_group.command("list")
@db_option
@click.option("--agency", metavar="MÃ", help="Chỉ người dùng của cơ quan này.")
def users_list(db: str | None, agency: str | None) -> None:
    """Liệt kê người dùng."""
    from notices.server import accounts

    with opened(db) as database:
        found = accounts.list_users(database, accounts.SYSTEM, agency)
    if not found:
        click.echo("Chưa có người dùng nào.")
    for u in found:
        state = "đã khóa" if u.disabled else f"{u.sessions} phiên"
        click.echo(f"{u.login}\t{u.full_name}\t{u.agency_ident}\t{','.join(u.roles)}\t{state}")


@users_group.command("disable")
@db_option
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
def users_disable(db: str | None, login: str) -> None:
    """Khóa tài khoản; các phiên đang mở của người đó kết thúc ngay."""
    from notices.server import accounts

    with opened(db) as database:
        user = accounts.disable_user(database, accounts.SYSTEM, login)
    click.echo(f"Đã khóa {user.login}; các phiên đang mở đã kết thúc.")


@users_group.command("enable")
@db_option
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
def users_enable(db: str | None, login: str) -> None:
    """Mở lại tài khoản đã khóa."""
    from notices.server import accounts

    with opened(db) as database:
        user = accounts.enable_user(database, accounts.SYSTEM, login)
    click.echo(f"Đã mở lại {user.login}.")


@users_group.command("password")
@db_option
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
def users_password(db: str | None, login: str) -> None:
    """Đặt mật khẩu mới (từ đầu vào chuẩn hoặc NOTICES_PASSWORD); các phiên đang mở kết thúc."""
    from notices.server import accounts

    password = read_password(login)
    with opened(db) as database:
        accounts.set_password(database, accounts.SYSTEM, login, password)
    click.echo(f"Đã đặt mật khẩu mới cho {accounts.normal_login(login)}; các phiên đang mở đã kết thúc.")


@users_group.command("signature")
@db_option
@click.argument("login", metavar="TÊN_ĐĂNG_NHẬP")
@click.option("--image", type=click.Path(dir_okay=False, path_type=Path), metavar="ẢNH.png",
              help="Ảnh chữ ký (PNG nền trong suốt, màu xanh; Phụ lục I, II.7.d).")
@click.option("--remove", is_flag=True, help="Xóa ảnh chữ ký đã đặt.")
def users_signature(db: str | None, login: str, image: Path | None, remove: bool) -> None:
    """Đặt (hoặc xóa) ảnh chữ ký của người dùng, đặt vào ô chữ ký khi người đó ký số trên máy chủ."""
    from notices.server import accounts, signature_image

    if remove == (image is not None):
        raise UserError("Cần đúng một trong --image ẢNH.png hoặc --remove.")
    if image is not None:
        try:
            data = image.read_bytes()
        except OSError as exc:
            raise UserError(f"{image}: không đọc được ảnh chữ ký ({exc.strerror}).") from None
        signature_image.check_png(data, str(image))  # the file's own name in the error, before the database opens
    with opened(db) as database:
        if remove:
            gone = signature_image.remove_image(database, accounts.SYSTEM, login)
            click.echo(f"{accounts.normal_login(login)}: " + ("đã xóa ảnh chữ ký." if gone else "chưa có ảnh chữ ký."))
            return
        done = signature_image.set_image(database, accounts.SYSTEM, data, login)
    for warning in done.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    click.echo(f"{accounts.normal_login(login)}: đã đặt ảnh chữ ký ({done.width}×{done.height} điểm ảnh).")
