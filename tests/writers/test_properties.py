"""DOCX/PDF properties (issue 10, items 1 and 7): a long trích yếu renders, and the file says who made it, when.

Read back from the files: docProps/core.xml and app.xml in the DOCX zip, the PDF's Info through pdfplumber.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pdfplumber
from click.testing import CliRunner
from lxml import etree

from notices.cli import main
from tests.layout_checks import pdf_text, squash
from tests.support import Docx, docx_text

RECORDS = Path(__file__).parents[1] / "check" / "records"
LONG_SUBJECT = (
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị trực tuyến toàn tỉnh sơ kết công tác cải cách "
    "hành chính, chuyển đổi số, thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực "
    "điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030 trên địa bàn tỉnh "
    "6 tháng đầu năm 2024 và triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2024"
)
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"


def _records(folder: Path) -> Path:
    """A folder of two records: the first with a 360-character subject, the second an ordinary one after it."""
    text = (RECORDS / "xa-ia-pa-ngan.yaml").read_text(encoding="utf-8")
    long = text.replace("subject: Kết luận cuộc họp tháng 3", f"subject: {LONG_SUBJECT}")
    assert long != text
    folder.mkdir()
    (folder / "a-long.yaml").write_text(long, encoding="utf-8")
    (folder / "b-after.yaml").write_text(text, encoding="utf-8")
    return folder


def test_long_subject_renders_whole_and_the_next_record_too(tmp_path):
    assert len(LONG_SUBJECT) > 300
    records, out = _records(tmp_path / "records"), tmp_path / "out"
    assert CliRunner().invoke(main, ["validate", str(records)]).exit_code == 0
    result = CliRunner().invoke(main, ["render", str(records), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notice = out / "a-long" / "thong-bao.docx"
    assert squash(LONG_SUBJECT) in squash(docx_text(Docx.open(notice)))  # the document: all of it
    assert squash(LONG_SUBJECT) in pdf_text(notice.with_suffix(".pdf"))
    with zipfile.ZipFile(notice) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
    title = core.findtext(f"{DC}title")
    assert 200 < len(title) <= 255 and title.endswith("…")  # the properties: what fits, cut at a word
    full = f"Thông báo số 09/TB-UBND: {LONG_SUBJECT}"
    assert full.startswith(title[:-1]) and full[len(title) - 1] in " ,"
    assert (out / "b-after" / "thong-bao.docx").exists() and (out / "b-after" / "thong-bao.pdf").exists()


def test_docx_properties_name_the_agency_and_the_render_time(tmp_path):
    out = tmp_path / "out"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    result = CliRunner().invoke(main, ["render", str(RECORDS / "xa-ia-pa-ngan.yaml"), "--out", str(out)])
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert result.exit_code == 0, result.output
    docs = sorted((out / "xa-ia-pa-ngan").glob("*.docx"))
    assert len(docs) == 3
    for path in docs:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            core = etree.fromstring(z.read("docProps/core.xml"))
            app = z.read("docProps/app.xml").decode()
            rels = z.read("_rels/.rels").decode()
        assert core.findtext(f"{DC}creator") == "Ủy ban nhân dân xã Ia Pa", path
        assert core.findtext(f"{CP}lastModifiedBy") == "Ủy ban nhân dân xã Ia Pa"
        assert "python-docx" not in etree.tostring(core, encoding="unicode")
        for tag in ("created", "modified"):
            stamp = dt.datetime.fromisoformat(core.findtext(f"{DCTERMS}{tag}").rstrip("Z"))
            assert before <= stamp <= after, (tag, stamp)
        assert core.findtext(f"{DC}language") == "vi-VN"
        assert not any("thumbnail" in n for n in names) and "thumbnail" not in rels
        assert "<Application>notices</Application>" in app and "Microsoft" not in app
        assert "<Company>Ủy ban nhân dân xã Ia Pa</Company>" in app
        with pdfplumber.open(path.with_suffix(".pdf")) as pdf:
            assert pdf.metadata.get("Author") == "Ủy ban nhân dân xã Ia Pa"
