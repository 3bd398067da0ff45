"""No record can put markup or script into a post: every value comes out escaped and intact, in the
page, the fragment, Markdown, DOCX and PDF."""

from __future__ import annotations

import re
import shutil

import pytest
from ruamel.yaml import YAML

from notices.records import load_record
from notices.render import NEWS_FORMATS, render_record
from tests.conftest import EXAMPLES
from tests.news.conftest import StrictReader
from tests.support import Docx, docx_text

EVIL = '<script>alert("x")</script>'
RECORD = """\
agency: {name: Ủy ban nhân dân xã A & B, code: UBND, place: A & B}
meeting:
  name: 'Hội nghị "Dân vận khéo" & <b>CCHC</b> <img src=x onerror=alert(1)>'
  date: 2024-07-11
  venue: Hội trường 'Nhà văn hóa' <style>body{display:none}</style>
  chair: {name: Lê Văn C, title: 'Chủ tịch <script>alert("x")</script>'}
  guests: [{name: "Trần Thị D", title: 'Bí thư "Đảng ủy" & <i>x</i>'}]
  attendees: ['các đồng chí <a href="javascript:alert(1)">trưởng thôn</a>']
results:
  - 'Hoàn thành 17/25 nhiệm vụ <script>alert("x")</script> & đạt 68%.'
conclusions:
  items:
    - '1. *Tiếp tục* [đẩy mạnh](javascript:x) tuyên truyền <script>alert("x")</script> & "cải cách".'
documents:
  news:
    title: 'Tin <script>alert("x")</script> & "trích dẫn" ''đơn'''
    author: '<b onmouseover="x()">Phóng viên</b> & cộng sự'
    published: 2024-07-13T09:35:00+07:00
    photos:
      - {file: anh.jpg, caption: 'Ảnh "quang cảnh" <script>alert("x")</script> & onload=x'}
"""


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    shutil.copy(EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg", folder / "anh.jpg")
    (folder / "tin.yaml").write_text(RECORD, encoding="utf-8")
    loaded = load_record(folder / "tin.yaml")
    render_record(loaded, folder / "out", formats=NEWS_FORMATS)
    return folder / "out" / "tin", loaded.record


@pytest.mark.parametrize("form", ["tin-bai.html", "tin-bai.fragment.html"])
def test_html_escapes_every_value_and_keeps_it_intact(evil, form):
    out, record = evil
    source = (out / form).read_text(encoding="utf-8")
    reader = StrictReader.read(out / form)
    assert reader.errors == []
    tags = [tag for tag, _ in reader.tags]
    assert "script" not in tags and "b" not in tags and "i" not in tags and "a" not in tags
    assert tags.count("style") == (1 if form == "tin-bai.html" else 0)
    assert tags.count("img") == 1  # our photo, not the record's
    for _, attrs in reader.tags:
        assert not any(key.startswith("on") or key == "style" or key == "href" for key, _ in attrs)
    assert "<script" not in source.lower().replace("&lt;script", "")
    text = reader.text
    assert EVIL in text
    assert 'Hội nghị "Dân vận khéo" & <b>CCHC</b> <img src=x onerror=alert(1)>' in text
    assert '<b onmouseover="x()">Phóng viên</b> & cộng sự' in text
    captions = [data for tag, data in reader.chunks if tag == "figcaption"]
    assert captions == ['Ảnh "quang cảnh" <script>alert("x")</script> & onload=x']
    (alt,) = [dict(attrs)["alt"] for tag, attrs in reader.tags if tag == "img"]
    assert alt == captions[0]
    if form == "tin-bai.html":
        titles = [data for tag, data in reader.chunks if tag in ("title", "h1")]
        assert titles == ["Tin <script>alert(\"x\")</script> & \"trích dẫn\" 'đơn'"] * 2


def test_markdown_escapes_markup_and_front_matter_keeps_values(evil):
    out, record = evil
    text = (out / "tin-bai.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = YAML(typ="safe").load(front)
    assert meta["title"] == record.documents.news.title
    assert meta["author"] == record.documents.news.author
    # Every '<' the record wrote is backslash-escaped; the only bare one opens our photo's address.
    assert re.findall(r"(?<!\\)<[^>]*>", body) == ["<anh/anh.jpg>"]
    assert not re.search(r"(?<!\\)\]\(javascript", body)
    assert r'\<script\>alert("x")\</script\>' in body
    assert r"\*Tiếp tục\* \[đẩy mạnh\](javascript:x)" in body  # no emphasis, no link


def test_docx_and_pdf_print_the_values_as_written(evil):
    out, record = evil
    text = docx_text(Docx.open(out / "tin-bai.docx"))
    assert record.documents.news.title in text
    assert EVIL in text and "& đạt 68%" in text
    import pdfplumber

    with pdfplumber.open(out / "tin-bai.pdf") as pdf:
        printed = "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")
    assert "<script>alert(" in printed and "& \"trích dẫn\"" in printed


@pytest.mark.parametrize(("text", "escaped"), [
    ("2022. Năm bản lề", r"2022\. Năm bản lề"),  # would open an ordered list
    ("- gạch đầu dòng", r"\- gạch đầu dòng"),
    ("# tiêu đề", r"\# tiêu đề"),
    ("> trích", r"\> trích"),
    ("a_b*c* `code` [x](y) <br> & |", r"a\_b\*c\* \`code\` \[x\](y) \<br\> \& \|"),
    ("dòng 1\ndòng 2", "dòng 1\\\ndòng 2"),
    ("Kết quả đạt 99,9%; 17/25 nhiệm vụ (68%).", "Kết quả đạt 99,9%; 17/25 nhiệm vụ (68%)."),
])
def test_markdown_escape(text, escaped):
    from notices.writers.markdown import escape

    assert escape(text) == escaped
