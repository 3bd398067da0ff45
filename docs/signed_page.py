"""Make docs/giay-moi-da-ky-trang-1.png: the example Giấy mời as PDF/A-3b, signed by the signer
(signature image) and by the agency (seal), B-LTA, with the test kit's own CA — then page 1 as PNG.

    .venv/bin/python docs/signed_page.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    import pypdfium2

    from notices.records import load_record
    from notices.render import render_record
    from notices.signing import sign
    from tests.signing.pki import P12_PASSWORD, Kit

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        kit = Kit(out / "pki")
        try:
            record = load_record(ROOT / "data" / "examples" / "phu-tai-cchc-2022.yaml")
            render_record(record, out, only=("invitation",), formats=("pdfa",))
            pdf = out / "phu-tai-cchc-2022" / "giay-moi.pdfa.pdf"
            leader = sign.load_pkcs12(kit.leader_p12, lambda: P12_PASSWORD)
            agency = sign.load_pkcs12(kit.agency_p12, lambda: "")
            sign.sign(pdf, pdf, leader, sign.SignOptions(image=kit.signature_png, tsa=kit.tsa_url))
            sign.sign(pdf, pdf, agency, sign.SignOptions(seal=kit.seal_png, tsa=kit.tsa_url))
            document = pypdfium2.PdfDocument(str(pdf))
            document.init_forms()
            image = document[0].render(scale=1.25, may_draw_forms=True).to_pil()
            document.close()
            image.convert("RGB").quantize(64).save(ROOT / "docs" / "giay-moi-da-ky-trang-1.png", optimize=True)
        finally:
            kit.close()


if __name__ == "__main__":
    main()
