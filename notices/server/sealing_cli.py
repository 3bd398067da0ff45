"""``notices agencies seal``: the agency's key and seal image, kept encrypted on the server
(:mod:`notices.server.sealing`). The passphrase or PIN comes from standard input (one line) or
``NOTICES_PASSWORD``, never from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from notices.errors import UserError

SECRET_HELP = ("Tệp khóa bí mật của máy chủ (mặc định: NOTICES_SECRET_FILE), do “notices server init --secret-file” "
               "tạo; khóa ký của cơ quan được mã hóa bằng khóa này.")


@click.command("seal")
@click.option("--db", "db", metavar="URL", help="Cơ sở dữ liệu của máy chủ (mặc định: NOTICES_DB).")
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
    from notices.server.cli import opened, read_password

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
