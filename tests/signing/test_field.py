"""Every PDF notices writes carries an empty signature field between the signer's title and name."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from notices.records import load_record
from notices.render import render_record
from tests.conftest import EXAMPLES


def lines(page: pdfplumber.page.Page) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, top, x1, bottom) of each text line on the page."""
    return [(line["text"], line["x0"], line["top"], line["x1"], line["bottom"]) for line in page.extract_text_lines()]


def signature_fields(path: Path) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        found = []
        for number, page in enumerate(pdf.pages):
            for annot in page.annots:
                data = annot["data"]
                if data.get("FT") and data["FT"].name == "Sig":
                    found.append({"name": data["T"].decode(), "page": number, **{k: annot[k] for k in
                                                                               ("x0", "top", "x1", "bottom")}})
        return found


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fields")
    for record in sorted(EXAMPLES.glob("*.yaml")):
        render_record(load_record(record), out, formats=("pdf",))
    return out


def test_the_notice_field_spans_the_room_between_title_and_name(every_kind):
    pdf = every_kind / "phu-tai-cchc-2022" / "thong-bao.pdf"
    record = load_record(EXAMPLES / "phu-tai-cchc-2022.yaml").record
    signer = record.documents.notice.signer
    (field,) = signature_fields(pdf)
    assert field["name"] == "chu-ky-1"
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[field["page"]]
        text = lines(page)
    title = next(line for line in text if line[0] == signer.title.upper())
    name = next(line for line in text if line[0] == signer.name)
    # Top of the field is the bottom of the title's line box, its bottom the top of the name's line box
    # (line boxes are a little taller than the glyphs pdfplumber measures).
    assert title[4] - 1 <= field["top"] <= title[4] + 6
    assert name[2] - 6 <= field["bottom"] <= name[2] + 1
    assert field["bottom"] - field["top"] > 60  # the decree's room for signature and seal
    centre = (field["x0"] + field["x1"]) / 2
    assert abs(centre - (name[1] + name[3]) / 2) < 1.5
    assert abs(centre - (title[1] + title[3]) / 2) < 1.5


def test_every_administrative_pdf_has_one_field_per_signer(every_kind):
    seen = {}
    for pdf in sorted(every_kind.rglob("*.pdf")):
        seen[pdf.parent.name + "/" + pdf.name] = [f["name"] for f in signature_fields(pdf)]
    assert seen["phu-tai-cchc-2022/bien-ban.pdf"] == ["chu-ky-1", "chu-ky-2"]  # THƯ KÝ, CHỦ TỌA
    for name, fields in seen.items():
        if name.endswith("tin-bai.pdf"):
            assert fields == [], name  # a news post has no signer
        elif not name.endswith("bien-ban.pdf"):
            assert fields == ["chu-ky-1"], name
    assert any(n.endswith("bao-cao.pdf") for n in seen) and any(n.endswith("giay-moi.pdf") for n in seen)


def test_minutes_fields_sit_over_their_own_columns(every_kind):
    pdf = every_kind / "phu-tai-cchc-2022" / "bien-ban.pdf"
    left, right = signature_fields(pdf)
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[left["page"]].extract_words()
    secretary = next(w for w in words if w["text"] == "THƯ")
    chair = next(w for w in words if w["text"] == "TỌA")
    assert left["x1"] <= right["x0"] + 0.01
    assert left["x0"] < secretary["x0"] < left["x1"] and right["x0"] < chair["x1"] < right["x1"]
    assert left["top"] > secretary["bottom"] and right["top"] > chair["bottom"]


def test_the_field_is_a_printable_unsigned_signature_widget(every_kind):
    with pikepdf.open(every_kind / "dak-song-cchc-2023" / "thong-bao.pdf") as pdf:
        form = pdf.Root.AcroForm
        (field,) = form.Fields
        assert field.FT == "/Sig" and field.Subtype == "/Widget"
        assert "/V" not in field  # empty: nobody has signed
        assert int(field.F) & 4  # printable
        assert field.AP.N.Subtype == "/Form"
        assert field.P.objgen == pdf.pages[-1].obj.objgen or any(
            a.objgen == field.objgen for p in pdf.pages for a in p.obj.get("/Annots", []))
