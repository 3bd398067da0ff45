"""Benchmark: the cost of electronic issue, printed as figures (never asserted in tests).

    .venv/bin/python bench/signing_times.py [--repeat 5]

Prints, in one warm process (median of --repeat runs):
- the empty signature field every PDF carries: time of the finisher that adds it, and bytes added;
- the PDF/A-3b archive copy against the plain PDF: time and size of each example document;
- one signature at each PAdES level (B-B, B-T, B-LTA) with the test kit's local TSA and CRL
  (so network time is near zero: a real TSA adds its round trip), the agency's seal and the
  II.8.b text signature, and verification; with the size each signature adds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from render_times import timed  # noqa: E402  (bench/ is the script's own folder: the same median timer)


def field_cost(documents: list, out: Path, repeat: int) -> None:
    from notices.signing import field
    from notices.writers import pdf

    original = field.add_signature_fields
    spent: list[float] = []

    def measured(laid_out, written) -> None:
        start = time.perf_counter()
        original(laid_out, written)
        spent.append(time.perf_counter() - start)

    print("Empty signature field (every PDF):")
    for document in documents:
        with_field, without = out / f"{document.name}-field.pdf", out / f"{document.name}-nofield.pdf"
        spent.clear()  # the field comes from the finisher render passes; the writer itself adds none
        total = timed(lambda d=document, p=with_field: pdf.write(d, p, {"finishers": (measured,)}), repeat)
        pdf.write(document, without)
        print(f"  {document.name:10} finisher {statistics.median(spent) * 1000:6.2f} ms of {total * 1000:6.1f} ms "
              f"per PDF; +{with_field.stat().st_size - without.stat().st_size} bytes")


def pdfa_cost(loaded_documents: list, out: Path, repeat: int) -> None:
    from notices.render import write_document

    print("PDF/A-3b archive copy against the plain PDF:")
    for loaded, document in loaded_documents:
        plain, archive = out / f"{document.name}.pdf", out / f"{document.name}.pdfa.pdf"
        t_plain = timed(lambda d=document, p=plain: write_document(d, "pdf", p), repeat)
        t_archive = timed(lambda d=document, p=archive, r=loaded: write_document(d, "pdfa", p, r), repeat)
        a, b = plain.stat().st_size, archive.stat().st_size
        record = loaded.path.stat().st_size
        print(f"  {loaded.path.stem[:22]:22} {document.name:10} PDF {t_plain * 1000:6.1f} ms {a:7d} B | PDF/A-3b "
              f"{t_archive * 1000:6.1f} ms {b:7d} B | +{b - a} B (+{(b - a) / a:.0%}; record {record} B)")


def signing_cost(archive: Path, out: Path, repeat: int) -> None:
    from notices.signing import sign, verify
    from tests.signing.pki import P12_PASSWORD, Kit

    kit = Kit(out / "pki")
    try:
        leader = sign.load_pkcs12(kit.leader_p12, lambda: P12_PASSWORD)
        agency = sign.load_pkcs12(kit.agency_p12, lambda: "")
        sign.sign(archive, out / "warm.pdf", leader, sign.SignOptions(image=kit.signature_png))  # imports, fonts
        print("One signature (local TSA and CRL), median of", repeat)
        base = archive.stat().st_size
        for label, options in (
            ("B-B   signer + image", sign.SignOptions(image=kit.signature_png, level="B-B")),
            ("B-T   signer + image", sign.SignOptions(image=kit.signature_png, tsa=kit.tsa_url, level="B-T")),
            ("B-LTA signer + image", sign.SignOptions(image=kit.signature_png, tsa=kit.tsa_url, level="B-LTA")),
        ):
            target = out / "signed.pdf"
            seconds = timed(lambda o=options, t=target: sign.sign(archive, t, leader, o), repeat)
            print(f"  {label:26} {seconds * 1000:7.1f} ms  +{target.stat().st_size - base} B")
        first = out / "first.pdf"
        sign.sign(archive, first, leader, sign.SignOptions(image=kit.signature_png))
        seconds = timed(lambda: sign.sign(first, out / "sealed.pdf", agency, sign.SignOptions(seal=kit.seal_png)),
                        repeat)
        print(f"  {'B-B   agency seal':26} {seconds * 1000:7.1f} ms  "
              f"+{(out / 'sealed.pdf').stat().st_size - first.stat().st_size} B")
        text_options = sign.SignOptions(attachment=True, number="05/TB-UBND")
        seconds = timed(lambda: sign.sign(archive, out / "att.pdf", agency, text_options), repeat)
        print(f"  {'B-B   agency II.8.b text':26} {seconds * 1000:7.1f} ms")
        seconds = timed(lambda: verify.verify(out / "sealed.pdf", (kit.ca_pem,)), repeat)
        print(f"  {'verify two signatures':26} {seconds * 1000:7.1f} ms")
    finally:
        kit.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from notices.records import load_record
    from notices.render import KINDS

    loaded_documents = []
    for path in sorted((ROOT / "data" / "examples").glob("*.yaml")):
        loaded = load_record(path)
        for kind in KINDS:
            if kind.key != "news" and getattr(loaded.record.documents, kind.key) is not None:
                loaded_documents.append((loaded, kind.compose(loaded.record, None, loaded.folder)))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        field_cost([d for _, d in loaded_documents], out, args.repeat)
        pdfa_cost(loaded_documents, out, args.repeat)
        notice = next((lo, d) for lo, d in loaded_documents if d.kind == "notice")
        archive = out / "archive.pdf"
        from notices.render import write_document

        write_document(notice[1], "pdfa", archive, notice[0])
        signing_cost(archive, out, args.repeat)
        shutil.rmtree(out / "pki", ignore_errors=True)


if __name__ == "__main__":
    main()
