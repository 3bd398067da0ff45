"""The posts of the example records, read back from every form: HTML (html.parser), DOCX (its XML),
PDF (pdfplumber), Markdown (front matter + text). Seed 000 is the post of xa-cchc-6-thang-2024;
seed 002 is the shape of a period post (mo-duc)."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from notices import vn
from notices.records import load_record
from tests.conftest import EXAMPLES, SEEDS
from tests.news.conftest import NEWS_RECORDS, StrictReader
from tests.support import Docx, docx_text, para_text

FORMS = ("tin-bai.html", "tin-bai.fragment.html", "tin-bai.md", "tin-bai.docx", "tin-bai.pdf")
SEED_000 = SEEDS / "000_0c39052c6b5445e8.txt"
XA = "xa-cchc-6-thang-2024"


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def texts(posts, name: str) -> dict[str, str]:
    """The post's text as each form gives it back."""
    folder = posts / name
    return {
        "html": StrictReader.read(folder / "tin-bai.html").text,
        "fragment": StrictReader.read(folder / "tin-bai.fragment.html").text,
        "docx": docx_text(Docx.open(folder / "tin-bai.docx")),
        "pdf": pdf_text(folder / "tin-bai.pdf"),
    }


@pytest.mark.parametrize("name", NEWS_RECORDS)
def test_every_example_with_news_gets_all_five_forms(posts, name):
    folder = posts / name
    for form in FORMS:
        assert (folder / form).stat().st_size > 0, form
    record = load_record(EXAMPLES / f"{name}.yaml").record
    for photo in record.documents.news.photos:
        saved = list((folder / "anh").iterdir())
        assert saved and all(p.suffix in (".jpg", ".png") for p in saved), photo.file


@pytest.mark.parametrize("name", NEWS_RECORDS)
@pytest.mark.parametrize("form", ["tin-bai.html", "tin-bai.fragment.html"])
def test_html_is_well_formed_and_inert(posts, name, form):
    reader = StrictReader.read(posts / name / form)
    assert reader.errors == []
    for tag, attrs in reader.tags:
        assert tag != "script"
        assert not any(key.startswith("on") or key == "style" for key, _ in attrs), (tag, attrs)
        for key, value in attrs:  # nothing is fetched from elsewhere: photos are beside the page
            if key in ("src", "href"):
                assert not re.match(r"[a-z]+:", value or "") or value.startswith("data:"), value
    names = {tag for tag, _ in reader.tags}
    if form.endswith("fragment.html"):
        assert names <= {"p", "strong", "em", "figure", "img", "figcaption", "br"}
        assert all(not attrs for tag, attrs in reader.tags if tag != "img")  # no class, no id
    else:
        assert [t for t, _ in reader.tags].count("style") == 1  # the page's own sheet, in <head>
        assert "h1" in names and "article" in names


def test_seed_000_lead_conclusions_byline(posts):
    reader = StrictReader.read(posts / XA / "tin-bai.html")
    paragraphs = reader.paragraphs()
    assert paragraphs[0].startswith(
        "Ngày 11/7/2024, tại Hội trường VHTT xã, đ/c Lê Quốc Dũng – Chủ tịch UBND xã chủ trì Hội nghị sơ kết"
    )
    conclusion = next(p for p in paragraphs if p.startswith("Kết luận hội nghị"))
    assert conclusion.startswith("Kết luận hội nghị, đồng chí Lê Quốc Dũng – Chủ tịch UBND xã yêu cầu các ban ngành")
    assert conclusion.endswith("./.")
    assert "Đồng thời, " in conclusion and "đề nghị UBMTTQVN xã và các hội đoàn thể" in conclusion
    assert not any(re.match(r"\d+\.\s", p) for p in paragraphs), "conclusions are prose, not a list"
    assert {"ol", "ul", "li"}.isdisjoint(tag for tag, _ in reader.tags)
    assert paragraphs[-2:] == ["Thanh Triều - VP-TK", "Ngày đăng: 13/07/2024 - 09:35"]
    for form, text in texts(posts, XA).items():
        if form != "fragment":  # the website shows its own date under a pasted post
            assert "Ngày đăng: 13/07/2024 - 09:35" in text, form
        assert "Thanh Triều - VP-TK" in text, form
    caption = [data for tag, data in reader.chunks if tag == "figcaption"]
    assert caption == ["Quang cảnh tại Hội nghị"]


@pytest.mark.skipif(not SEED_000.exists(), reason="shared/seeds is not beside this clone")
def test_seed_000_every_figure_name_and_conclusion_the_record_holds(posts):
    seed = SEED_000.read_text(encoding="utf-8")
    record = load_record(EXAMPLES / f"{XA}.yaml").record
    # What the record holds: its texts, and its meeting date as a post prints it (not the comments).
    record_text = " ".join(strings(record.model_dump())) + " " + vn.body_date(record.meeting.date)
    figures = set(re.findall(r"\d+(?:[/,.]\d+)*%?", seed))
    held = {f for f in figures if re.search(rf"(?<![\d/,.]){re.escape(f)}(?![\d/,])", record_text)}
    assert {"11/7/2024", "17/25", "68%", "99,9%", "673"} <= held
    names = set(re.findall(r"[Đđ]/c ([A-ZĐ][^\s,–-]+(?: [A-ZĐ][^\s,–-]+)+)", seed))
    names |= {"Huỳnh Mai", "Hưng Nghĩa", "Thọ Nghĩa"}  # the villages whose heads attended
    held_names = {n for n in names if n in record_text}
    assert {"Lê Quốc Dũng", "Mai Văn Công", "Nguyễn Thị Lệ", "Nguyễn Thanh Tuyền"} <= held_names
    conclusions = [getattr(i, "text", i) for i in record.conclusions.items]
    for form, text in texts(posts, XA).items():
        flat = squash(text)
        for figure in held:
            assert figure in text, (form, figure)
        for name in held_names:
            assert squash(name) in flat, (form, name)
        for item in conclusions:  # the sentence itself, whatever its first letter became
            body = squash(item.rstrip("."))[1:]
            assert body in flat, (form, item[:40])


def test_period_post_has_the_shape_of_seed_002(posts):
    reader = StrictReader.read(posts / "mo-duc-bao-cao-cchc-2022" / "tin-bai.html")
    heads = [data for tag, data in reader.chunks if tag == "h1"]
    assert heads == ["Mộ Đức: Tập trung cải cách hành chính"]
    paragraphs = reader.paragraphs()
    assert paragraphs[0].startswith("Năm 2021, huyện Mộ Đức đứng thứ 11/13 huyện")  # the lead: background
    body = " ".join(paragraphs)
    for figure in ("16.000", "15.500", "57.570", "56.910", "50%", "1 trường hợp"):
        assert figure in body
    assert "Về công tác chỉ đạo, điều hành, huyện yêu cầu người đứng đầu" in body
    assert any(p.startswith("Thời gian tới,") for p in paragraphs)
    assert "Kết luận hội nghị" not in body and "Tham dự" not in body
    assert paragraphs[-2:] == ["Bá Sơn", "Ngày đăng: 06/01/2023 - 10:01"]


def test_markdown_front_matter_and_body(posts):
    text = (posts / XA / "tin-bai.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = YAML(typ="safe").load(front)
    assert meta["title"].startswith("Nêu cao hơn nữa vai trò")
    assert meta["date"] == "2024-07-13T09:35:00+07:00"
    assert meta["author"] == "Thanh Triều - VP-TK"
    assert meta["images"] == ["anh/quang-canh-hoi-nghi.jpg"]
    assert "![Quang cảnh tại Hội nghị](<anh/quang-canh-hoi-nghi.jpg>)" in body
    assert "Kết luận hội nghị, đồng chí Lê Quốc Dũng – Chủ tịch UBND xã yêu cầu" in body
    assert (posts / XA / "anh" / "quang-canh-hoi-nghi.jpg").exists()


def test_docx_and_pdf_are_articles_not_decree_pages(posts):
    doc = Docx.open(posts / XA / "tin-bai.docx")
    paragraphs = [para_text(p) for p in doc.paragraphs()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in paragraphs and "Nơi nhận:" not in paragraphs
    assert paragraphs[0].startswith("Nêu cao hơn nữa vai trò")
    assert paragraphs.index("Quang cảnh tại Hội nghị") == paragraphs.index("") + 1  # caption under the photo
    extent = doc.body.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    text_width_emu = 170 * 36000  # A4 less two 20 mm margins
    assert abs(int(extent.get("cx")) - text_width_emu) < 36000
    import pdfplumber

    with pdfplumber.open(posts / XA / "tin-bai.pdf") as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        (image,) = page.images
        assert abs((image["x1"] - image["x0"]) - 170 / 25.4 * 72) < 2  # the text width
        assert "CỘNG HÒA" not in (page.extract_text() or "")
