"""Ký số: PAdES signatures into the Decree 30 places, with the Decree 30 appearance.

Three kinds of signature, each an incremental update (earlier signatures stay valid):

- the signer (người có thẩm quyền, II.7.d): into the empty field ``chu-ky-N`` over the signer's
  block, the blue signature image centred between title and name;
- the agency on the document (II.8.a): a new field ``dau-co-quan`` holding the red seal at its
  real size over the left third of the signer's image (drawn above it);
- the agency on an attachment in its own file (II.8.b): a new field ``ky-co-quan`` at the top
  right of page 1, no image, "số và ký hiệu; thời gian ký" (ISO 8601, Vietnam offset) in the
  document family at 10 pt, upright, black.

Levels: B-B without a timestamp server; with one (``--tsa``), B-LTA when the revocation data of
the signer's and the TSA's chains can be fetched, otherwise B-T (said in the result).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notices.errors import UserError
from notices.signing import appearance
from notices.signing.field import FIELD_PREFIX
from notices.signing.pdfa import VIETNAM
from notices.signing.verify import common_name

SEAL_FIELD = "dau-co-quan"
ATTACHMENT_FIELD = "ky-co-quan"
LEVELS = ("auto", "B-B", "B-T", "B-LTA")


@dataclass
class Credentials:
    """Who signs: a pyHanko signer, its certificate (asn1crypto) and the CA certificates it came with."""

    signer: Any
    certificate: Any
    chain: list[Any] = field(default_factory=list)

    @property
    def name(self) -> str:
        return common_name(self.certificate)


def load_pkcs12(path: Path, secret: Callable[[], str]) -> Credentials:
    """Key and certificate from a PKCS#12 file; ``secret()`` is asked only if the file is protected."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: không đọc được tệp chứng thư số ({exc.strerror}).") from None
    return pkcs12_credentials(data, secret, str(path))


def pkcs12_credentials(data: bytes, secret: Callable[[], str], what: str) -> Credentials:
    """Key and certificate from PKCS#12 bytes, in memory (nothing written anywhere); ``secret()`` is asked only
    if they are protected; errors name ``what`` (the file, or the form's field)."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    passphrase: bytes | None = None
    try:
        pkcs12.load_key_and_certificates(data, None)
    except ValueError:
        passphrase = secret().encode("utf-8")
        try:
            pkcs12.load_key_and_certificates(data, passphrase)
        except ValueError:
            raise UserError(f"{what}: mật khẩu không đúng, hoặc tệp không phải PKCS#12 (.p12/.pfx).") from None
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    if signer is None or signer.signing_cert is None:
        raise UserError(f"{what}: tệp PKCS#12 không có khóa bí mật kèm chứng thư số.")
    chain = [c for c in signer.cert_registry if c != signer.signing_cert]
    return Credentials(signer, signer.signing_cert, chain)


@contextlib.contextmanager
def open_token(library: str, label: str, secret: Callable[[], str], key_label: str | None = None
               ) -> Iterator[Credentials]:
    """Key and certificate on a PKCS#11 token (USB token of a Vietnamese CA, or SoftHSM2)."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not Path(library).exists():
        raise UserError(f"{library}: không có thư viện PKCS#11 này (xem tài liệu của nhà cung cấp chữ ký số).")
    try:
        session = open_pkcs11_session(library, token_criteria=TokenCriteria(label=label), user_pin=secret())
    except Exception as exc:  # python-pkcs11 raises its own hierarchy: a wrong PIN, no such token …
        raise UserError(f"Không mở được token “{label}” qua {library}: {type(exc).__name__} {exc}".strip()) from None
    try:
        signer = PKCS11Signer(session, key_label=key_label, cert_label=key_label) if key_label else \
            _only_key_signer(session)
        try:
            certificate = signer.signing_cert
        except Exception as exc:
            raise UserError(f"Token “{label}”: không tìm thấy chứng thư số/khóa ký ({exc}); "
                            "hãy chỉ rõ bằng --key-label.") from None
        yield Credentials(signer, certificate, [c for c in signer.cert_registry if c != certificate])
    finally:
        session.close()


def _only_key_signer(session: Any) -> Any:
    """A PKCS11Signer for the token's only private key (its label read from the token)."""
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.sign.pkcs11 import PKCS11Signer

    labels = [key[Attribute.LABEL] for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})]
    if len(labels) != 1:
        raise UserError(f"Token có {len(labels)} khóa ký ({', '.join(labels) or 'không có'}); "
                        "hãy chọn một bằng --key-label.")
    return PKCS11Signer(session, key_label=labels[0], cert_label=labels[0])


@dataclass
class SignOptions:
    """What to sign and how (the command line's options)."""

    image: Path | None = None  # the signer's signature image (II.7.d)
    seal: Path | None = None  # the agency's seal (II.8.a)
    seal_size_mm: float | None = None  # the seal's real diameter, if the PNG does not say its DPI
    attachment: bool = False  # the agency signs an attachment in its own file (II.8.b)
    number: str | None = None  # số và ký hiệu for II.8.b (default: read from the archive copy)
    field: str | None = None  # which signer field (default: the first empty one; the seal: the last)
    tsa: str | None = None  # timestamp server URL
    timestamper: Any = None  # a pyHanko TimeStamper instead of a URL (tests, remote services)
    level: str = "auto"
    trust: tuple[Path, ...] = ()  # CA certificates to validate the chain for B-LTA
    reason: str | None = None
    location: str | None = None


@dataclass
class SignResult:
    """What was signed."""

    path: Path
    field: str
    level: str
    signer: str
    time: dt.datetime
    box: tuple[float, float, float, float]
    warnings: list[str] = field(default_factory=list)


def now() -> dt.datetime:
    """This moment in Vietnam time, to the second (the time the stamp prints and the CMS says)."""
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


def sign(pdf: Path, out: Path, credentials: Credentials, options: SignOptions) -> SignResult:
    """Sign ``pdf`` into ``out`` (may be the same file): written whole or not at all."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    if options.level not in LEVELS:
        raise UserError(f"--level {options.level}: chọn một trong {', '.join(LEVELS)}.")
    if sum(map(bool, (options.image, options.seal, options.attachment))) > 1:
        raise UserError("Mỗi lần ký chỉ một vai: --image (người ký), --seal (dấu cơ quan) "
                        "hoặc --attachment (cơ quan ký tệp đính kèm).")
    try:
        data = pdf.read_bytes()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except OSError as exc:
        raise UserError(f"{pdf}: không đọc được tệp ({exc.strerror}).") from None
    except Exception as exc:  # pyHanko's PdfReadError and friends: not a PDF we can sign
        raise UserError(f"{pdf}: không phải tệp PDF đọc được ({exc}).") from None
    if reader.encrypted:
        raise UserError(f"{pdf}: tệp PDF được mã hóa; không ký được bản lưu trữ mã hóa.")
    moment = now()
    warnings: list[str] = []
    _keep_schema_prefixes(reader)
    with tempfile.TemporaryDirectory(prefix="notices-sign-") as folder:
        stamp = Path(folder) / "stamp.pdf"
        target, page, box, new_field = _place(reader, pdf, options, moment, stamp, warnings)
        levels = _levels(options)
        for index, level in enumerate(levels):
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            try:
                signed = _sign_once(writer, credentials, options, target, page, box, new_field, stamp,
                                    moment, level)
            except _NoRevocationData as exc:
                if index + 1 == len(levels):
                    raise UserError(f"Không ký được mức B-LTA: {exc}") from None
                hint = "" if _trust_roots(credentials, options) else \
                    " — thêm --trust CA_GOC.pem nếu tệp .p12 không kèm CA gốc"
                warnings.append(f"Không lấy được dữ liệu thu hồi chứng thư ({exc}{hint}); "
                                f"ký ở mức {levels[index + 1]}.")
                continue
            break
    from notices.files import atomic_path

    with atomic_path(out) as tmp:
        tmp.write_bytes(signed)
    return SignResult(out, target, level, credentials.name, moment, box, warnings)


class _NoRevocationData(Exception):
    pass


def _levels(options: SignOptions) -> list[str]:
    has_tsa = bool(options.tsa or options.timestamper)
    if options.level == "auto":
        return ["B-LTA", "B-T"] if has_tsa else ["B-B"]
    if options.level in ("B-T", "B-LTA") and not has_tsa:
        raise UserError(f"Mức {options.level} cần máy chủ dấu thời gian: thêm --tsa URL.")
    return [options.level]


def _fields(reader: Any) -> list[tuple[str, bool, Any]]:
    """(name, signed, widget) of every signature field, in form order."""
    from pyhanko.sign.fields import enumerate_sig_fields

    return [(name, value is not None, ref.get_object()) for name, value, ref in enumerate_sig_fields(reader)]


def _page_index(reader: Any, widget: Any) -> int:
    page = widget.get("/P")
    if page is not None:
        for index in range(reader.root["/Pages"]["/Count"]):
            if reader.find_page_for_modification(index)[0].get_object() is page.get_object():
                return index
    for index in range(reader.root["/Pages"]["/Count"]):
        annots = reader.find_page_for_modification(index)[0].get_object().get("/Annots", [])
        if any(a.get_object() is widget for a in annots):
            return index
    return 0


def _rect(widget: Any) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _place(reader: Any, pdf: Path, options: SignOptions, moment: dt.datetime, stamp: Path,
           warnings: list[str]) -> tuple[str, int, tuple[float, float, float, float], bool]:
    """Which field, on which page, where; writes the appearance PDF to ``stamp``."""
    fields = _fields(reader)
    names = [name for name, _, _ in fields]
    if options.attachment:
        if ATTACHMENT_FIELD in names:
            raise UserError(f"{pdf}: tệp đã có chữ ký của cơ quan ({ATTACHMENT_FIELD}).")
        number = options.number or _archive_number(reader)
        if not number:
            raise UserError(f"{pdf}: không đọc được số và ký hiệu văn bản trong tệp; hãy ghi rõ, "
                            "ví dụ --number 05/TB-UBND.")
        text = f"{number} {moment.isoformat()}"
        page_box = tuple(float(v) for v in reader.find_page_for_modification(0)[0].get_object()["/MediaBox"])
        box = appearance.stamp_text_box(page_box, text)  # type: ignore[arg-type]
        appearance.text_stamp(stamp, box, text)
        return ATTACHMENT_FIELD, 0, box, True
    signer_fields = [(n, s, w) for n, s, w in fields if n.startswith(FIELD_PREFIX)]
    if options.seal:
        if SEAL_FIELD in names:
            raise UserError(f"{pdf}: tệp đã có chữ ký số của cơ quan ({SEAL_FIELD}).")
        chosen = [f for f in signer_fields if f[0] == options.field] if options.field else signer_fields[-1:]
        if not chosen:
            raise UserError(f"{pdf}: không có ô chữ ký {options.field or FIELD_PREFIX + 'N'} để đóng dấu lên.")
        name, signed, widget = chosen[0]
        if not signed:
            raise UserError(f"{pdf}: người có thẩm quyền chưa ký số vào ô {name}; cơ quan ký (đóng dấu) sau.")
        seal, seal_warnings = appearance.load_png(options.seal, "ảnh dấu", "red")
        warnings += seal_warnings
        signature = appearance.fitted(_image_aspect(widget) or 2.0, _rect(widget))
        box = appearance.seal_box(seal, options.seal_size_mm, signature)
        appearance.image_stamp(stamp, box, [(seal, box)])
        return SEAL_FIELD, _page_index(reader, widget), box, True
    empty = [f for f in signer_fields if not f[1]]
    if options.field:
        chosen = [f for f in signer_fields if f[0] == options.field]
        if not chosen:
            raise UserError(f"{pdf}: không có ô chữ ký “{options.field}” (có: {', '.join(names) or 'không ô nào'}).")
        if chosen[0][1]:
            raise UserError(f"{pdf}: ô chữ ký {options.field} đã được ký.")
    else:
        chosen = empty[:1]
        if not chosen:
            reason = "mọi ô chữ ký đã được ký" if signer_fields else "tệp không có ô chữ ký (chu-ky-N)"
            raise UserError(f"{pdf}: {reason}; hãy tạo lại PDF bằng notices render hoặc chọn --field.")
    name, _, widget = chosen[0]
    box = _rect(widget)
    pictures = []
    if options.image:
        picture, image_warnings = appearance.load_png(options.image, "ảnh chữ ký", "blue")
        warnings += image_warnings
        pictures.append((picture, appearance.fitted(picture.aspect, box)))
    else:
        warnings.append("Không có --image: chữ ký số không kèm hình chữ ký (Phụ lục I, II.7.d cần hình chữ ký).")
    appearance.image_stamp(stamp, box, pictures)
    return name, _page_index(reader, widget), box, False


def _image_aspect(widget: Any) -> float | None:
    """Width/height of the first image inside a signed widget's appearance (the signature image)."""
    seen: set[int] = set()

    def search(xobject: Any) -> float | None:
        if id(xobject) in seen:
            return None
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Image":
            return float(xobject["/Width"]) / float(xobject["/Height"])
        resources = xobject.get("/Resources", {}).get_object() if "/Resources" in xobject else {}
        xobjects = resources.get("/XObject", {}).get_object() if "/XObject" in resources else {}
        for child in xobjects.values():
            found = search(child.get_object())
            if found:
                return found
        return None

    try:
        return search(widget["/AP"]["/N"].get_object())
    except KeyError:
        return None


def _archive_number(reader: Any) -> str | None:
    """The number an archive copy carries in its XMP (vb:number, else dc:identifier)."""
    from xml.etree.ElementTree import ParseError, fromstring

    from notices.signing.pdfa import NS_DC, NS_RDF, NS_VB

    try:
        data = reader.root["/Metadata"].get_object().data
        start, end = data.index(b"<x:xmpmeta"), data.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
        root = fromstring(data[start:end])
    except (KeyError, AttributeError, ValueError, ParseError):
        return None
    found = root.find(f".//{{{NS_VB}}}number")
    if found is None:
        found = root.find(f".//{{{NS_DC}}}identifier//{{{NS_RDF}}}li")
    return found.text.strip() if found is not None and found.text else None


class _TimedSigner:
    """A PdfSigner whose signing time is the moment printed in the stamp."""

    def __new__(cls, moment: dt.datetime, *args: Any, **kwargs: Any) -> Any:
        from pyhanko.sign.signers import PdfSigner

        class Timed(PdfSigner):
            def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
                session = super().init_signing_session(pdf_out, existing_fields_only)
                session.system_time = moment
                return session

        return Timed(*args, **kwargs)


def _trust_roots(credentials: Credentials, options: SignOptions) -> list[Any]:
    from notices.signing.verify import load_certificates

    roots = [c for c in credentials.chain if c.self_signed]
    for path in options.trust:
        roots += load_certificates(path)
    return roots


def _sign_once(writer: Any, credentials: Credentials, options: SignOptions, target: str, page: int,
               box: tuple[float, float, float, float], new_field: bool, stamp: Path, moment: dt.datetime,
               level: str) -> bytes:
    from pyhanko.pdf_utils import layout
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.general import SigningError
    from pyhanko.stamp import StaticStampStyle
    from pyhanko_certvalidator import ValidationContext

    timestamper = options.timestamper
    if timestamper is None and options.tsa and level != "B-B":
        timestamper = timestamps.HTTPTimeStamper(options.tsa)
    lta = level == "B-LTA"
    context = None
    if lta:
        context = ValidationContext(trust_roots=_trust_roots(credentials, options),
                                    other_certs=credentials.chain, allow_fetching=True,
                                    revocation_mode="hard-fail")
    meta = signers.PdfSignatureMetadata(
        field_name=target,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=lta,
        use_pades_lta=lta,
        validation_context=context,
        reason=options.reason,
        location=options.location,
        name=credentials.name,
    )
    spec = fields.SigFieldSpec(target, on_page=page, box=box) if new_field else None
    # The stamp PDF is the field's exact size: no frame, no margin, no scaling (the seal keeps its real size).
    style = StaticStampStyle.from_pdf_file(str(stamp), border_width=0, background_layout=layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MIN,
        margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.NO_SCALING))
    pdf_signer = _TimedSigner(moment, meta, credentials.signer, timestamper=timestamper if level != "B-B" else None,
                              stamp_style=style, new_field_spec=spec)
    _same_producer(writer)
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output)
    except SigningError as exc:
        if lta:
            raise _NoRevocationData(str(exc)) from None
        raise UserError(f"Không ký được: {exc}") from None
    except Exception as exc:
        if lta and _is_validation_failure(exc):
            raise _NoRevocationData(f"{type(exc).__name__}: {exc}") from None
        if _is_network_failure(exc):
            raise UserError(f"Không kết nối được máy chủ dấu thời gian {options.tsa}: {exc}") from None
        raise
    return output.getvalue()


def _same_producer(writer: Any) -> None:
    """pyHanko writes itself as the XMP pdf:Producer and appends itself to Info /Producer; PDF/A wants
    the two equal, so the Info entry is set to what the XMP will say, in the same revision."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is None:
        return
    info = info_ref.get_object()
    if "/Producer" in info and str(info["/Producer"]) != VENDOR:
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.mark_update(info_ref)


def _keep_schema_prefixes(reader: Any) -> None:
    """pyHanko rewrites the XMP with lxml, which writes a namespace it does not know as ns0, ns1…; PDF/A's
    extension schemas (the archive copy's vb:) declare the prefix their properties are written with. Each
    declared (prefix, namespace) is registered with lxml first, so the rewrite keeps it."""
    from xml.etree.ElementTree import ParseError, fromstring

    from lxml import etree

    schema = "{http://www.aiim.org/pdfa/ns/schema#}"
    try:
        data = reader.root["/Metadata"].get_object().data
        root = fromstring(data[data.index(b"<x:xmpmeta"):data.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")])
    except (KeyError, AttributeError, ValueError, ParseError):
        return
    for element in root.iter():
        uri = element.findtext(schema + "namespaceURI") or element.get(schema + "namespaceURI")
        prefix = element.findtext(schema + "prefix") or element.get(schema + "prefix")
        if uri and prefix:
            with contextlib.suppress(ValueError):  # a reserved or malformed prefix: left as lxml names it
                etree.register_namespace(prefix.strip(), uri.strip())


def _is_validation_failure(exc: Exception) -> bool:
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

    return isinstance(exc, PathBuildingError | PathValidationError | ValidationError)


def _is_network_failure(exc: Exception) -> bool:
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    return isinstance(exc, TimestampRequestError | OSError)


def secret_from_env_or(prompt: Callable[[], str]) -> Callable[[], str]:
    """The PIN or passphrase from ``NOTICES_PIN`` if set, else asked for (never echoed, never logged)."""

    def get() -> str:
        value = os.environ.get("NOTICES_PIN")
        return value if value is not None else prompt()

    return get
