"""Kiểm tra chữ ký số: each signature of a PDF, intact or not, trusted or not against given CAs."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices.errors import UserError
from notices.signing.pdfa import VIETNAM


@dataclass(frozen=True)
class Checked:
    """One signature (or document timestamp) of a PDF, as checked."""

    field: str
    kind: str  # "chữ ký" or "dấu thời gian tài liệu"
    signer: str
    time: dt.datetime | None  # the signing time (from the timestamp token when there is one)
    timestamped: bool
    level: str  # B-B, B-T, B-LT, B-LTA; "" for a document timestamp
    intact: bool  # the signed bytes unchanged, the signature valid, later changes allowed
    trusted: bool  # the certificate chain leads to one of the given CAs
    problem: str = ""

    def time_text(self) -> str:
        return self.time.astimezone(VIETNAM).isoformat(timespec="seconds") if self.time else "không rõ"


def load_certificates(path: Path) -> list[Any]:
    """Every certificate in a PEM bundle or a DER file (asn1crypto objects)."""
    from asn1crypto import pem, x509

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: không đọc được tệp chứng thư ({exc.strerror}).") from None
    try:
        if pem.detect(data):
            return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        return [x509.Certificate.load(data)]
    except ValueError as exc:
        raise UserError(f"{path}: không phải chứng thư số PEM/DER ({exc}).") from None


def verify(pdf: Path, trust: tuple[Path, ...] = ()) -> list[Checked]:
    """Check every signature of ``pdf``, offline (revocation data only as embedded in the file)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    roots = [c for path in trust for c in load_certificates(path)]
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise UserError(f"{pdf}: không đọc được tệp ({exc.strerror}).") from None
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file: no signature can be trusted
        raise UserError(f"{pdf}: tệp PDF hỏng, không đọc được chữ ký ({type(exc).__name__}: {exc}).") from None
    last_is_timestamp = bool(signatures) and signatures[-1].sig_object_type == "/DocTimeStamp"
    has_dss = "/DSS" in reader.root
    found = []
    for sig in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        found.append(_check(sig, data, context, roots, has_dss, last_is_timestamp))
    return found


def _check(sig: Any, data: bytes, context: Any, roots: list[Any], has_dss: bool, lta: bool) -> Checked:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp


    field = str(sig.field_name)
    is_timestamp = sig.sig_object_type == "/DocTimeStamp"
    try:
        if is_timestamp:
            status = validate_pdf_timestamp(sig, validation_context=context)
        else:
            status = validate_pdf_signature(sig, signer_validation_context=context, ts_validation_context=context)
    except Exception as exc:  # a damaged CMS blob or byte range: the signature cannot stand
        signer = ""
        with _quiet():
            signer = common_name(sig.signer_cert)
        return Checked(field, _kind(is_timestamp), signer, None, False, "", False, False,
                       f"không kiểm tra được ({type(exc).__name__}: {exc})")
    intact = bool(status.intact and status.valid) and _padding_clean(sig, data)
    modification_ok = status.docmdp_ok is not False and (
        status.modification_level is None or status.modification_level.name != "OTHER")
    problem = ""
    if not (status.intact and status.valid):
        problem = "nội dung đã bị thay đổi sau khi ký" if not status.intact else "chữ ký không hợp lệ"
    elif not _padding_clean(sig, data):
        problem = "vùng chữ ký có byte lạ"
    elif not modification_ok:
        problem = "tệp bị sửa sau khi ký theo cách không được phép"
    trusted = bool(roots) and status.trusted
    if is_timestamp:
        when, stamped, level = status.timestamp, True, ""
    else:
        ts = status.timestamp_validity
        stamped = ts is not None
        when = ts.timestamp if ts is not None else status.signer_reported_dt
        level = "B-B"
        if stamped:
            level = "B-LTA" if lta and has_dss else ("B-LT" if has_dss else "B-T")
        if stamped and not (ts.intact and ts.valid):
            intact, problem = False, problem or "dấu thời gian không hợp lệ"
    return Checked(field, _kind(is_timestamp), common_name(status.signing_cert), when, stamped, level,
                   intact and modification_ok, trusted, problem)


def common_name(certificate: Any) -> str:
    """The subject's common name (the signer's name on a Vietnamese certificate)."""
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def _kind(is_timestamp: bool) -> str:
    return "dấu thời gian tài liệu" if is_timestamp else "chữ ký"


def _padding_clean(sig: Any, data: bytes) -> bool:
    """The room after the CMS blob in /Contents holds only zeros: a changed byte there is caught too.

    That room is the one part of a file no signature covers; pyHanko ignores what follows the CMS.
    """
    try:
        gap_start, gap_end = int(sig.byte_range[1]), int(sig.byte_range[2])
        raw = bytes.fromhex(data[gap_start + 1:gap_end - 1].decode("ascii"))
    except (ValueError, IndexError, UnicodeDecodeError):
        return False
    if len(raw) < 2 or raw[0] != 0x30:
        return False
    if raw[1] < 0x80:
        total = 2 + raw[1]
    else:
        count = raw[1] & 0x7F
        total = 2 + count + int.from_bytes(raw[2:2 + count], "big")
    return not any(raw[total:])


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True
