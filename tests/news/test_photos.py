"""Photos: JPEG and PNG, turned upright by their EXIF orientation, resized to the configured width;
a missing, unreadable or unsupported photo is an error at its field, with line and column."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PIL

from notices.errors import RecordError
from notices.photos import PhotoError, prepare
from notices.records import load_record
from notices.render import NEWS_FORMATS, render_record

RECORD = """\
agency: {{name: Ủy ban nhân dân xã Phước Hưng, code: UBND, place: Phước Hưng}}
meeting:
  name: Hội nghị sơ kết
  date: 2024-07-11
  chair: {{name: Lê Quốc Dũng, title: Chủ tịch UBND xã}}
documents:
  news:
    author: Thanh Triều
{extra}    photos:
      - {{file: {first}, caption: Ảnh một}}
      - {{file: {second}, caption: Ảnh hai}}
"""


def jpeg(path, size, orientation=None):
    picture = PIL.new("RGB", size, (200, 30, 30))
    picture.paste((30, 30, 200), (0, 0, size[0] // 2, size[1] // 4))  # a corner to tell rotation by
    exif = PIL.Exif()
    if orientation:
        exif[0x0112] = orientation
    picture.save(path, "JPEG", exif=exif.tobytes())
    return path


def png(path, size):
    PIL.new("RGBA", size, (0, 128, 0, 128)).save(path, "PNG")
    return path


def test_exif_orientation_is_applied(tmp_path):
    image = prepare(jpeg(tmp_path / "nghieng.jpg", (400, 200), orientation=6))
    assert (image.width, image.height) == (200, 400)  # the camera held sideways: now upright
    decoded = PIL.open(io.BytesIO(image.data))
    assert decoded.size == (200, 400) and decoded.format == "JPEG"
    assert decoded.getexif().get(0x0112) is None  # no EXIF published


def test_resized_to_the_default_and_to_a_configured_width(tmp_path):
    source = jpeg(tmp_path / "lon.jpg", (3000, 2000))
    assert (prepare(source).width, prepare(source).height) == (1200, 800)
    assert (prepare(source, 600).width, prepare(source, 600).height) == (600, 400)
    small = jpeg(tmp_path / "nho.jpg", (640, 480))
    assert (prepare(small).width, prepare(small).height) == (640, 480)  # never enlarged


def test_png_stays_png(tmp_path):
    image = prepare(png(tmp_path / "Sơ đồ.png", (1600, 400)))
    assert image.media_type == "image/png" and image.name == "so-do.png"
    assert PIL.open(io.BytesIO(image.data)).format == "PNG" and image.width == 1200


def test_prepare_names_the_field(tmp_path):
    with pytest.raises(PhotoError, match=r"documents\.news\.photos\[1\]\.file: không tìm thấy tệp ảnh"):
        prepare(tmp_path / "khong-co.jpg", field="documents.news.photos[1].file")


@pytest.mark.parametrize(("second", "content", "message"), [
    ("khong-co.jpg", None, "không tìm thấy tệp ảnh"),
    ("hong.jpg", b"not an image at all", "không phải là ảnh đọc được"),
    ("dong.gif", "gif", "ảnh dạng GIF chưa được hỗ trợ"),
])
def test_bad_photo_is_a_record_error_at_its_field(tmp_path, second, content, message):
    jpeg(tmp_path / "mot.jpg", (800, 600))
    if content == "gif":
        PIL.new("RGB", (10, 10)).save(tmp_path / second, "GIF")
    elif content is not None:
        (tmp_path / second).write_bytes(content)
    path = tmp_path / "tin.yaml"
    path.write_text(RECORD.format(extra="", first="mot.jpg", second=second), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(path)
    (problem,) = caught.value.problems
    assert message in problem.message
    assert problem.message.startswith("documents.news.photos[2].file: ")
    assert (problem.line, problem.column) == (11, 16)  # the value after "file: " on the second photo line
    assert f"{path}:11:16: lỗi: " in caught.value.report()


def test_configured_width_and_names_in_the_rendered_post(tmp_path):
    jpeg(tmp_path / "mot.jpg", (2400, 1600), orientation=3)
    png(tmp_path / "hai.png", (500, 500))
    path = tmp_path / "tin.yaml"
    path.write_text(RECORD.format(extra="    photo_width: 800\n", first="mot.jpg", second="hai.png"),
                    encoding="utf-8")
    outcome = render_record(load_record(path), tmp_path / "out", formats=NEWS_FORMATS)
    folder = tmp_path / "out" / "tin"
    for name, size in (("mot.jpg", (800, 533)), ("hai.png", (500, 500))):
        with PIL.open(folder / "anh" / name) as saved:
            assert saved.size == size
    written = [p.relative_to(folder).as_posix() for p, _ in outcome.written]
    assert written == ["tin-bai.html", "tin-bai.fragment.html", "anh/mot.jpg", "anh/hai.png",
                       "tin-bai.md", "tin-bai.docx", "tin-bai.pdf"]


def test_markdown_is_only_for_the_news_post(tmp_path):
    from tests.conftest import EXAMPLES

    loaded = load_record(EXAMPLES / "xa-cchc-6-thang-2024.yaml")
    outcome = render_record(loaded, tmp_path, only=("notice", "news"), formats=("md",))
    assert [p.name for p, _ in outcome.written] == ["tin-bai.md", "quang-canh-hoi-nghi.jpg"]
