"""``notices sign`` and ``notices verify``: thin commands over :mod:`notices.signing.sign` and ``.verify``."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from notices.errors import UserError

PKCS11_HINT = ("Thư viện PKCS#11 của token, ví dụ /usr/lib/vnpt-ca/libcryptoki.so, "
               "/usr/lib/viettel-ca/libpkcs11.so hoặc opensc-pkcs11.so.")


def _quiet_libraries() -> None:
    """pyHanko logs every validation failure with a trace; the command says it in one line instead."""
    if not os.environ.get("NOTICES_DEBUG"):
        for name in ("pyhanko", "pyhanko_certvalidator"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _need_extra() -> None:
    try:
        import pikepdf  # noqa: F401
        import pyhanko  # noqa: F401
    except ImportError:
        raise UserError("Ký số cần thêm thư viện: pip install 'notices[sign]' (pyHanko, pikepdf).") from None


@click.command("sign")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TỆP_PDF")
@click.option("--cert", metavar="TỆP.p12", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp chứng thư số PKCS#12 (.p12/.pfx); mật khẩu được hỏi hoặc lấy từ NOTICES_PIN.")
@click.option("--pkcs11-lib", metavar="THƯ_VIỆN", help=PKCS11_HINT)
@click.option("--token", "token_label", metavar="NHÃN",
              help="Nhãn (label) của token USB; mã PIN được hỏi hoặc lấy từ NOTICES_PIN.")
@click.option("--key-label", metavar="NHÃN", help="Nhãn khóa ký trên token, khi token có nhiều khóa.")
@click.option("--image", metavar="ẢNH.png", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Người có thẩm quyền ký: ảnh chữ ký (PNG nền trong suốt, màu xanh), đặt giữa chức vụ và họ tên.")
@click.option("--seal", metavar="ẢNH.png", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Cơ quan ký: ảnh dấu (PNG nền trong suốt, màu đỏ, kích thước thật), trùm 1/3 chữ ký bên trái.")
@click.option("--seal-size", type=float, metavar="MM", help="Đường kính thật của dấu (mm), khi ảnh không ghi DPI.")
@click.option("--attachment", is_flag=True,
              help="Cơ quan ký tệp đính kèm/phụ lục riêng (II.8.b): số, ký hiệu và thời gian ký "
                   "ở góc trên phải trang 1.")
@click.option("--number", metavar="SỐ/KÝ-HIỆU",
              help="Số và ký hiệu văn bản cho --attachment (mặc định: đọc từ bản PDF/A của notices).")
@click.option("--field", metavar="TÊN_Ô",
              help="Tên ô chữ ký (mặc định: ô chu-ky-N trống đầu tiên; với --seal: ô chu-ky-N cuối).")
@click.option("--tsa", metavar="URL", help="Máy chủ dấu thời gian (RFC 3161): ký mức B-T, hoặc B-LTA khi lấy được "
                                           "dữ liệu thu hồi chứng thư.")
@click.option("--level", metavar="MỨC", type=click.Choice(["auto", "B-B", "B-T", "B-LTA"]), default="auto",
              show_default=True,
              help="Mức PAdES: auto, B-B, B-T, B-LTA.")
@click.option("--trust", multiple=True, metavar="CA.pem", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Chứng thư CA gốc (PEM) để kiểm tra chuỗi khi ký B-LTA (có thể lặp lại).")
@click.option("--reason", metavar="LÝ_DO", help="Lý do ký (ghi trong chữ ký).")
@click.option("--location", metavar="NƠI_KÝ", help="Nơi ký (ghi trong chữ ký).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tệp kết quả (mặc định: ghi đè tệp đã cho; chữ ký trước vẫn giữ nguyên).")
def sign_command(pdf: Path, cert: Path | None, pkcs11_lib: str | None, token_label: str | None,
                 key_label: str | None, image: Path | None, seal: Path | None, seal_size: float | None,
                 attachment: bool, number: str | None, field: str | None, tsa: str | None, level: str,
                 trust: tuple[Path, ...], reason: str | None, location: str | None, out: Path | None) -> None:
    """Ký số tệp PDF theo Nghị định 30 (PAdES): người có thẩm quyền, rồi cơ quan."""
    _need_extra()
    _quiet_libraries()
    from notices.signing import sign

    if bool(cert) == bool(pkcs11_lib or token_label):
        raise click.UsageError("Cần đúng một nguồn khóa ký: --cert TỆP.p12, hoặc --pkcs11-lib THƯ_VIỆN --token NHÃN.")
    if pkcs11_lib and not token_label or token_label and not pkcs11_lib:
        raise click.UsageError("Token USB cần cả --pkcs11-lib và --token.")
    options = sign.SignOptions(image=image, seal=seal, seal_size_mm=seal_size, attachment=attachment, number=number,
                               field=field, tsa=tsa, level=level, trust=trust, reason=reason, location=location)
    target = out or pdf
    if cert is not None:
        secret = sign.secret_from_env_or(lambda: click.prompt(f"Mật khẩu của {cert.name}", hide_input=True,
                                                              err=True))
        result = sign.sign(pdf, target, sign.load_pkcs12(cert, secret), options)
    else:
        secret = sign.secret_from_env_or(lambda: click.prompt(f"Mã PIN của token {token_label}", hide_input=True,
                                                              err=True))
        with sign.open_token(pkcs11_lib, token_label, secret, key_label) as credentials:  # type: ignore[arg-type]
            result = sign.sign(pdf, target, credentials, options)
    for warning in result.warnings:
        click.echo(f"Lưu ý: {warning}", err=True)
    click.echo(f"Đã ký {result.path}: ô {result.field}, {result.signer}, "
               f"{result.time.isoformat()}, mức {result.level}.")


@click.command("verify")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TỆP_PDF")
@click.option("--trust", multiple=True, metavar="CA.pem", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Chứng thư CA tin cậy (PEM, có thể nhiều chứng thư trong một tệp; có thể lặp lại).")
def verify_command(pdf: Path, trust: tuple[Path, ...]) -> None:
    """Kiểm tra chữ ký số của tệp PDF (0: mọi chữ ký còn nguyên vẹn, 1: có chữ ký hỏng hoặc không có chữ ký)."""
    _need_extra()
    _quiet_libraries()
    from notices.signing import conformance
    from notices.signing.verify import verify

    checked = verify(pdf, trust)
    if not checked:
        click.echo(f"{pdf}: không có chữ ký số nào.")
        sys.exit(1)
    signatures = sum(1 for c in checked if c.kind == "chữ ký")
    stamps = len(checked) - signatures
    click.echo(f"{pdf}: {signatures} chữ ký số" + (f", {stamps} dấu thời gian tài liệu" if stamps else ""))
    for number, item in enumerate(checked, 1):
        state = "nguyên vẹn" if item.intact else f"KHÔNG nguyên vẹn ({item.problem})"
        trusted = ("tin cậy" if item.trusted else "KHÔNG tin cậy") if trust else "chưa kiểm tra tin cậy (--trust)"
        level = f", {item.level}" if item.level else ""
        click.echo(f"  {number}. [{item.field}] {item.kind} của {item.signer}, {item.time_text()}{level}: "
                   f"{state}; {trusted}.")
    problems = conformance.problems(pdf)
    if not conformance.claims_pdfa(pdf):
        click.echo("  Tệp không khai báo PDF/A-3b (bản lưu trữ của notices là tệp .pdfa.pdf).")
    else:
        click.echo("  PDF/A-3b: " + ("đạt." if not problems else "không đạt (" + "; ".join(problems) + ")."))
    failed = [c for c in checked if not c.intact or (trust and not c.trusted)]
    sys.exit(1 if failed else 0)
