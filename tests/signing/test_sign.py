"""Ký số end to end, offline: the signer, then the agency; appearances where Phụ lục I puts them;
PDF/A-3b kept; every tampering caught by ``notices verify``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from notices.cli import main
from notices.signing import conformance
from notices.signing.verify import verify
from tests.signing.conftest import EXAMPLE
from tests.signing.pki import P12_PASSWORD, TOKEN_LABEL, TOKEN_PIN, softhsm_library, softhsm_token

MM = 72 / 25.4


def pixels(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def run(*args: object, pin: str | None = None, env: dict[str, str] | None = None):
    environment = {"NOTICES_PIN": pin, **(env or {})}
    return CliRunner().invoke(main, [str(a) for a in args], env=environment)


def sign_leader(kit, pdf: Path, *extra: object):
    result = run("sign", pdf, "--cert", kit.leader_p12, "--image", kit.signature_png, *extra, pin=P12_PASSWORD)
    assert result.exit_code == 0, result.output
    return result


def sign_agency(kit, pdf: Path, *extra: object):
    result = run("sign", pdf, "--cert", kit.agency_p12, "--seal", kit.seal_png, *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def signed_twice(kit, archive_copy) -> Path:
    sign_leader(kit, archive_copy)
    sign_agency(kit, archive_copy)
    return archive_copy


def flattened(pdf: Path, tmp_path: Path) -> Path:
    """A copy with the signature appearances drawn into the pages, for pdfplumber to read."""
    target = tmp_path / f"flat-{pdf.name}"
    with pikepdf.open(pdf) as doc:
        doc.flatten_annotations("all")
        doc.save(target)
    return target


def test_signer_then_agency_both_valid_and_still_pdfa(kit, signed_twice):
    result = run("verify", signed_twice, "--trust", kit.ca_pem)
    assert result.exit_code == 0, result.output
    assert "2 chữ ký" in result.output
    assert re.search(r"\[chu-ky-1\] chữ ký của Nguyễn Văn C, .*: nguyên vẹn; tin cậy", result.output)
    assert re.search(r"\[dau-co-quan\] chữ ký của UBND phường Phú Tài, .*: nguyên vẹn; tin cậy", result.output)
    assert "PDF/A-3b: đạt" in result.output
    first, second = verify(signed_twice, (kit.ca_pem,))
    assert first.intact and first.trusted and second.intact and second.trusted  # the seal kept the first valid
    assert conformance.problems(signed_twice) == []
    (record,) = conformance.embedded_files(signed_twice)
    assert record.data == EXAMPLE.read_bytes()
    facts = conformance.archive_facts(signed_twice)  # pyHanko rewrote the XMP: the facts are still there
    assert facts["number"] == "05/TB-UBND" and facts["signer"] == "Nguyễn Văn C"


def test_images_sit_where_the_decree_puts_them(kit, signed_twice, tmp_path):
    with pdfplumber.open(flattened(signed_twice, tmp_path)) as pdf:
        page = pdf.pages[-1]
        images = {im["srcsize"]: im for im in page.images}
        lines = page.extract_text_lines()
    signature = images[pixels(kit.signature_png)]
    seal = images[pixels(kit.seal_png)]
    title = next(line for line in lines if line["text"] == "PHÓ CHỦ TỊCH")
    name = next(line for line in lines if line["text"] == "Nguyễn Văn C")
    # II.7.d: centred between the title and the name.
    assert signature["top"] >= title["bottom"] and signature["bottom"] <= name["top"]
    assert abs((signature["x0"] + signature["x1"]) / 2 - (name["x0"] + name["x1"]) / 2) < 1.5
    gap_middle = (title["bottom"] + name["top"]) / 2
    assert abs((signature["top"] + signature["bottom"]) / 2 - gap_middle) < 4
    # II.8.a: the seal at its real size (36 mm, from the PNG's 300 dpi) over the left third of the signature.
    assert abs((seal["x1"] - seal["x0"]) - 36 * MM) < 0.5 and abs((seal["bottom"] - seal["top"]) - 36 * MM) < 0.5
    third = signature["x0"] + (signature["x1"] - signature["x0"]) / 3
    assert abs(seal["x1"] - third) < 1
    assert abs((seal["top"] + seal["bottom"]) / 2 - (signature["top"] + signature["bottom"]) / 2) < 1
    assert page.images.index(seal) > page.images.index(signature)  # drawn over the signature


def test_agency_on_a_separate_attachment_writes_number_and_iso_time(kit, archive_copy, tmp_path):
    result = run("sign", archive_copy, "--cert", kit.agency_p12, "--attachment", "--number", "12/QĐ-UBND")
    assert result.exit_code == 0, result.output
    (checked,) = verify(archive_copy, (kit.ca_pem,))
    with pdfplumber.open(flattened(archive_copy, tmp_path)) as pdf:
        page = pdf.pages[0]
        stamp = [c for c in page.chars if c["top"] < 20 * MM]
    text = "".join(c["text"] for c in stamp)
    assert text == f"12/QĐ-UBND {checked.time_text()}"
    assert re.fullmatch(r"12/QĐ-UBND \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text)
    from notices import fonts

    family = fonts.family().name.replace(" ", "")
    for char in stamp:
        assert char["fontname"].split("+")[-1].replace("-", "") in (family, family + "Regular"), char["fontname"]
        assert abs(char["size"] - 10) < 0.05 and char["upright"]
        assert char["non_stroking_color"] in ((0,), (0, 0, 0), (0.0, 0.0, 0.0), [0], None)
    assert abs(max(c["x1"] for c in stamp) - (page.width - 15 * MM)) < 1.5  # top right of page 1
    assert conformance.problems(archive_copy) == []


def test_attachment_number_is_read_from_the_archive_copy(kit, archive_copy, tmp_path):
    result = run("sign", archive_copy, "--cert", kit.agency_p12, "--attachment")
    assert result.exit_code == 0, result.output
    with pdfplumber.open(flattened(archive_copy, tmp_path)) as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars if c["top"] < 20 * MM)
    assert text.startswith("05/TB-UBND 20")


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["page content", "first signature", "seal padding", "end of file"])
def test_one_changed_byte_is_caught(kit, signed_twice, where):
    data = signed_twice.read_bytes()
    contents = [m.start() for m in re.finditer(rb"/Contents <", data)]
    offsets = {
        "page content": data.index(b"stream", len(data) // 8) + 40,
        "first signature": contents[0] + 200,
        "seal padding": data.index(b">", contents[-1]) - 8,  # the zeros after the last CMS blob
        "end of file": len(data) - 30,
    }
    flip(signed_twice, offsets[where])
    result = run("verify", signed_twice, "--trust", kit.ca_pem)
    assert result.exit_code == 1, result.output
    assert "KHÔNG nguyên vẹn" in result.output or "hỏng" in result.output


def test_a_rewrite_after_signing_is_caught(kit, signed_twice, tmp_path):
    rewritten = tmp_path / "rewritten.pdf"
    with pikepdf.open(signed_twice) as pdf:
        pdf.docinfo["/Title"] = "Đã sửa"
        pdf.save(rewritten)
    result = run("verify", rewritten, "--trust", kit.ca_pem)
    assert result.exit_code == 1 and "KHÔNG nguyên vẹn" in result.output, result.output


def test_trust_is_against_the_given_ca(kit, signed_twice):
    other = run("verify", signed_twice, "--trust", kit.other_ca_pem)
    assert other.exit_code == 1 and other.output.count("nguyên vẹn; KHÔNG tin cậy") == 2, other.output
    unchecked = run("verify", signed_twice)
    assert unchecked.exit_code == 0 and "chưa kiểm tra tin cậy" in unchecked.output


def test_expired_certificate_is_not_trusted(kit, archive_copy):
    result = run("sign", archive_copy, "--cert", kit.expired_p12, "--image", kit.signature_png)
    assert result.exit_code == 0, result.output
    (checked,) = verify(archive_copy, (kit.ca_pem,))
    assert checked.intact and not checked.trusted
    assert run("verify", archive_copy, "--trust", kit.ca_pem).exit_code == 1


def test_unprotected_pkcs12_asks_nothing_and_wrong_passphrase_changes_nothing(kit, archive_copy):
    before = archive_copy.read_bytes()
    wrong = run("sign", archive_copy, "--cert", kit.leader_p12, "--image", kit.signature_png, pin="sai")
    assert wrong.exit_code == 1 and "mật khẩu không đúng" in wrong.output
    assert archive_copy.read_bytes() == before
    asked = CliRunner().invoke(main, ["sign", str(archive_copy), "--cert", str(kit.agency_p12),
                                      "--image", str(kit.signature_png)], input="")
    assert asked.exit_code == 0, asked.output  # no prompt was needed (stdin is empty)


def test_bad_images_and_wrong_order_are_clear_errors(kit, archive_copy, tmp_path):
    before = archive_copy.read_bytes()
    opaque = tmp_path / "nen-trang.png"
    Image.new("RGB", (300, 120), "white").save(opaque)
    result = run("sign", archive_copy, "--cert", kit.agency_p12, "--image", opaque)
    assert result.exit_code == 1 and "nền trong suốt" in result.output
    early = run("sign", archive_copy, "--cert", kit.agency_p12, "--seal", kit.seal_png)
    assert early.exit_code == 1 and "chưa ký số" in early.output
    assert archive_copy.read_bytes() == before
    sign_leader(kit, archive_copy)
    no_dpi = tmp_path / "dau-khong-dpi.png"
    with Image.open(kit.seal_png) as seal:
        seal.save(no_dpi)  # saved without its resolution
    result = run("sign", archive_copy, "--cert", kit.agency_p12, "--seal", no_dpi)
    assert result.exit_code == 1 and "--seal-size" in result.output
    sign_agency(kit, archive_copy, "--seal", no_dpi, "--seal-size", "40")
    assert [c.intact for c in verify(archive_copy, (kit.ca_pem,))] == [True, True]


def test_a_signature_image_not_in_blue_is_signed_with_a_warning(kit, archive_copy, tmp_path):
    red = tmp_path / "chu-ky-do.png"
    with Image.open(kit.signature_png) as image:
        r, g, b, a = image.split()
        Image.merge("RGBA", (b, g, r, a)).save(red)  # the same strokes in red
    result = run("sign", archive_copy, "--cert", kit.agency_p12, "--image", red)
    assert result.exit_code == 0, result.output
    assert "nên là màu xanh" in result.output and "màu đỏ" in result.output
    full = run("sign", archive_copy, "--cert", kit.agency_p12, "--image", kit.signature_png)
    assert full.exit_code == 1 and "mọi ô chữ ký đã được ký" in full.output


def test_a_blue_signature_image_gives_no_warning(kit, archive_copy):
    result = sign_leader(kit, archive_copy)
    assert "Lưu ý" not in result.output


def test_timestamp_server_gives_b_lta_or_b_t(kit, archive_copy):
    result = sign_leader(kit, archive_copy, "--tsa", kit.tsa_url)
    assert "mức B-LTA" in result.output
    checked = verify(archive_copy, (kit.ca_pem,))
    assert [c.kind for c in checked] == ["chữ ký", "dấu thời gian tài liệu"]
    assert checked[0].level == "B-LTA" and all(c.intact and c.trusted for c in checked)
    sign_agency(kit, archive_copy, "--tsa", kit.tsa_url, "--level", "B-T")
    checked = verify(archive_copy, (kit.ca_pem,))
    assert all(c.intact and c.trusted for c in checked) and checked[-1].timestamped
    assert conformance.problems(archive_copy) == []


def test_unreachable_revocation_data_falls_back_to_b_t(kit, rendered, tmp_path):
    pdf = tmp_path / "thong-bao.pdf"
    shutil.copy(rendered / "thong-bao.pdf", pdf)
    result = run("sign", pdf, "--cert", kit.offline_p12, "--image", kit.signature_png, "--tsa", kit.tsa_url)
    assert result.exit_code == 0, result.output
    assert "mức B-T" in result.output and "Lưu ý" in result.output
    shown = run("verify", pdf, "--trust", kit.ca_pem)
    assert shown.exit_code == 0 and "Tệp không khai báo PDF/A-3b" in shown.output, shown.output
    (checked,) = verify(pdf, (kit.ca_pem,))
    assert checked.level == "B-T" and checked.intact


def test_minutes_take_two_signers_then_the_seal_over_the_chair(kit, rendered, tmp_path):
    pdf = tmp_path / "bien-ban.pdfa.pdf"
    shutil.copy(rendered / "bien-ban.pdfa.pdf", pdf)
    sign_leader(kit, pdf)
    sign_leader(kit, pdf)
    sign_agency(kit, pdf)
    checked = verify(pdf, (kit.ca_pem,))
    assert [c.field for c in checked] == ["chu-ky-1", "chu-ky-2", "dau-co-quan"]
    assert all(c.intact and c.trusted for c in checked)
    with pdfplumber.open(pdf) as doc:
        boxes = {a["data"]["T"].decode(): a for page in doc.pages for a in page.annots}
    assert boxes["chu-ky-2"]["x0"] <= boxes["dau-co-quan"]["x1"] <= boxes["chu-ky-2"]["x1"]
    again = run("sign", pdf, "--cert", kit.leader_p12, "--image", kit.signature_png, pin=P12_PASSWORD)
    assert again.exit_code == 1 and "đã được ký" in again.output


def test_verify_an_unsigned_pdf(rendered):
    result = run("verify", rendered / "thong-bao.pdf")
    assert result.exit_code == 1 and "không có chữ ký số" in result.output


@pytest.fixture(scope="module")
def token(kit, tmp_path_factory):
    if softhsm_library() is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 không có (apt-get install softhsm2 opensc; ./dev test cài sẵn)")
    return softhsm_token(tmp_path_factory.mktemp("softhsm"), kit.leader)


def test_usb_token_through_pkcs11(kit, archive_copy, token):
    args = ("sign", archive_copy, "--pkcs11-lib", softhsm_library(), "--token", TOKEN_LABEL,
            "--image", kit.signature_png)
    wrong = run(*args, pin="000000", env=token)
    assert wrong.exit_code == 1 and "Không mở được token" in wrong.output
    result = run(*args, pin=TOKEN_PIN, env=token)
    assert result.exit_code == 0, result.output
    (checked,) = verify(archive_copy, (kit.ca_pem,))
    assert checked.signer == "Nguyễn Văn C" and checked.intact and checked.trusted
    assert conformance.problems(archive_copy) == []


def test_an_unreachable_timestamp_server_changes_nothing(kit, archive_copy):
    before = archive_copy.read_bytes()
    result = run("sign", archive_copy, "--cert", kit.agency_p12, "--image", kit.signature_png,
                 "--tsa", "http://127.0.0.1:9/tsa")
    assert result.exit_code == 1 and "Không kết nối được máy chủ dấu thời gian" in result.output
    assert archive_copy.read_bytes() == before
