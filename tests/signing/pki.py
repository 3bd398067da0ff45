"""An offline signing kit made by the tests: a root CA with a CRL served over local HTTP, signer
certificates in PKCS#12, a TSA (pyHanko's DummyTimeStamper behind a local HTTP endpoint), a
SoftHSM2 token, and the PNG images a văn thư would use (blue signature, red seal)."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.server
import math
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_LIBS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
TOKEN_LABEL = "notices-test"
TOKEN_PIN = "123456"
P12_PASSWORD = "mat-khau-thu"


def _name(common: str, org: str = "UBND phường Phú Tài") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


class Handler(http.server.BaseHTTPRequestHandler):
    """GET /ca.crl → the CRL; POST /tsa → a timestamp response from the dummy TSA."""

    kit: Kit

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/ca.crl":
            self._send(self.kit.crl_der, "application/pkix-crl")
        else:
            self.send_error(404)

    def do_POST(self) -> None:  # noqa: N802
        if self.path != "/tsa":
            self.send_error(404)
            return
        from asn1crypto import tsp

        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = tsp.TimeStampReq.load(body)
        response = asyncio.run(self.kit.stamper().async_request_tsa_response(request))
        self._send(response.dump(), "application/timestamp-reply")

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class Kit:
    """Everything a signing test needs, written under ``folder``; serves CRL and TSA until closed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        handler = type("KitHandler", (Handler,), {"kit": self})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        now = dt.datetime.now(dt.UTC)
        self.ca = self._root(now)
        self.leader = self.issue("Nguyễn Văn C", now, eku=None)
        self.agency = self.issue("UBND phường Phú Tài", now, eku=None)
        self.tsa = self.issue("TSA thử nghiệm notices", now, eku=ExtendedKeyUsageOID.TIME_STAMPING)
        self.expired = self.issue("Chứng thư hết hạn", now - dt.timedelta(days=800), eku=None, days=365)
        self.offline = self.issue("Trần Thị Không Mạng", now, eku=None, crl_url="http://127.0.0.1:9/ca.crl")
        self.other_ca = self._root(now, "CA khác")
        self.crl_der = self._crl(now)
        self.ca_pem = self.write_pem("ca.pem", self.ca.cert)
        self.other_ca_pem = self.write_pem("ca-khac.pem", self.other_ca.cert)
        self.leader_p12 = self.write_p12("lanh-dao.p12", self.leader, P12_PASSWORD)
        self.agency_p12 = self.write_p12("co-quan.p12", self.agency, None)
        self.expired_p12 = self.write_p12("het-han.p12", self.expired, None)
        self.offline_p12 = self.write_p12("khong-mang.p12", self.offline, None)
        self.signature_png = signature_png(folder / "chu-ky.png")
        self.seal_png = seal_png(folder / "dau.png")

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/tsa"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _root(self, now: dt.datetime, common: str = "CA thử nghiệm notices") -> Issued:
        key = _key()
        name = _name(common, "notices")
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        return Issued(key, cert)

    def issue(self, common: str, now: dt.datetime, eku: x509.ObjectIdentifier | None, days: int = 730,
              crl_url: str | None = None) -> Issued:
        key = _key()
        builder = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(self.ca.cert.subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca.key.public_key()),
                                  critical=False)
                   .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                       [x509.UniformResourceIdentifier(crl_url or f"{self.url}/ca.crl")], None, None, None)]), critical=False))
        if eku is None:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        else:
            builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=True).add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        return Issued(key, builder.sign(self.ca.key, hashes.SHA256()))

    def _crl(self, now: dt.datetime) -> bytes:
        crl = (x509.CertificateRevocationListBuilder().issuer_name(self.ca.cert.subject)
               .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=7))
               .add_extension(x509.CRLNumber(1), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca.key.public_key()),
                              critical=False)
               .sign(self.ca.key, hashes.SHA256()))
        return crl.public_bytes(serialization.Encoding.DER)

    def write_pem(self, name: str, cert: x509.Certificate) -> Path:
        path = self.folder / name
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return path

    def write_p12(self, name: str, issued: Issued, password: str | None) -> Path:
        encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                      else serialization.NoEncryption())
        data = pkcs12.serialize_key_and_certificates(name.encode(), issued.key, issued.cert, [self.ca.cert],
                                                     encryption)
        path = self.folder / name
        path.write_bytes(data)
        return path

    def stamper(self) -> object:
        """pyHanko's DummyTimeStamper signing with our TSA certificate (offline)."""
        from asn1crypto import keys
        from asn1crypto import x509 as ax509
        from pyhanko.sign.timestamps import DummyTimeStamper

        key_der = self.tsa.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption())
        return DummyTimeStamper(tsa_cert=ax509.Certificate.load(self.tsa.der),
                                tsa_key=keys.PrivateKeyInfo.load(key_der),
                                certs_to_embed=[ax509.Certificate.load(
                                    self.ca.cert.public_bytes(serialization.Encoding.DER))])


def softhsm_library() -> str | None:
    return next((lib for lib in SOFTHSM_LIBS if os.path.exists(lib)), None)


def softhsm_token(folder: Path, issued: Issued, label: str = "van-thu") -> dict[str, str]:
    """A SoftHSM2 token in ``folder`` holding ``issued``'s key and certificate; returns the env to use it."""
    library = softhsm_library()
    if library is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        raise RuntimeError("SoftHSM2/OpenSC không có (apt-get install softhsm2 opensc)")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", "12345678",
                    "--pin", TOKEN_PIN], check=True, capture_output=True, env=env)
    key = folder / "key.der"
    key.write_bytes(issued.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
    cert = folder / "cert.der"
    cert.write_bytes(issued.der)
    for path, kind in ((key, "privkey"), (cert, "cert")):
        subprocess.run(["pkcs11-tool", "--module", library, "--token-label", TOKEN_LABEL, "--login",
                        "--pin", TOKEN_PIN, "--write-object", str(path), "--type", kind, "--id", "01",
                        "--label", label], check=True, capture_output=True, env=env)
    key.unlink()
    return {"SOFTHSM2_CONF": str(conf)}


def signature_png(path: Path, size: tuple[int, int] = (600, 240)) -> Path:
    """A blue handwritten-like stroke on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    w, h = size
    points = [(int(40 + t * (w - 80)), int(h / 2 + math.sin(t * 9) * h * 0.3 - t * h * 0.1)) for t in
              (i / 200 for i in range(201))]
    draw.line(points, fill=(20, 40, 200, 255), width=8)
    draw.line([(60, h - 50), (w - 60, h - 70)], fill=(20, 40, 200, 255), width=5)
    image.save(path, dpi=(300, 300))
    return path


def seal_png(path: Path, diameter_mm: float = 36, dpi: int = 300) -> Path:
    """A red round seal (two rings and a star) at ``diameter_mm``, saying its DPI."""
    from PIL import Image, ImageDraw

    px = round(diameter_mm / 25.4 * dpi)
    image = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 230)
    draw.ellipse((4, 4, px - 4, px - 4), outline=red, width=12)
    draw.ellipse((px * 0.18, px * 0.18, px * 0.82, px * 0.82), outline=red, width=6)
    c, r = px / 2, px * 0.18
    star = [(c + r * math.cos(math.pi / 2 + i * 4 * math.pi / 5), c - r * math.sin(math.pi / 2 + i * 4 * math.pi / 5))
            for i in range(5)]
    draw.polygon(star, fill=red)
    image.save(path, dpi=(dpi, dpi))
    return path
