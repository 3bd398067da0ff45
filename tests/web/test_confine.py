"""A record that arrives through the web form reads no file outside its upload folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notices import photos
from notices.records.yamlsource import parse
from notices.web import service
from tests.conftest import EXAMPLES

PHOTO = EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg"


def test_confined_reads_refuse_absolute_parent_and_linked_paths(tmp_path: Path):
    folder = tmp_path / "upload"
    folder.mkdir()
    shutil.copy(PHOTO, folder / "inside.jpg")
    (folder / "link.jpg").symlink_to(PHOTO)
    assert photos.problem(PHOTO) is None  # the command line may use any image on disk
    with photos.confined_to(folder):
        assert photos.problem(folder / "inside.jpg") is None
        assert photos.prepare(folder / "inside.jpg").width > 0
        for path in (PHOTO, folder / ".." / ".." / PHOTO.relative_to("/"), folder / "link.jpg", Path("/etc/passwd")):
            assert photos.problem(path) == "chỉ dùng được ảnh đã tải lên cùng hồ sơ, không dùng được", path
            with pytest.raises(photos.PhotoError, match="chỉ dùng được ảnh đã tải lên"):
                photos.prepare(path)
    assert photos.problem(folder / "link.jpg") is None  # confinement ends with the block


def test_a_missing_file_outside_is_not_told_apart_from_an_existing_one(tmp_path: Path):
    with photos.confined_to(tmp_path):
        assert photos.problem(Path("/etc/passwd")) == photos.problem(Path("/no/such/file.jpg"))


@pytest.mark.parametrize("named", [str(PHOTO), "../photos/quang-canh-hoi-nghi.jpg", "/etc/passwd"])
def test_the_form_check_and_composition_stay_inside(named: str, tmp_path: Path):
    folder = tmp_path / "upload"
    folder.mkdir()
    data = parse((EXAMPLES / "xa-cchc-6-thang-2024.yaml").read_text(encoding="utf-8")).data
    data["documents"]["news"]["photos"] = [{"file": named, "caption": "Ảnh"}]
    (tmp_path / "photos").mkdir()
    shutil.copy(PHOTO, tmp_path / "photos" / "quang-canh-hoi-nghi.jpg")
    loaded, problems, _ = service.check(data, folder)
    assert loaded is None
    assert [p["message"] for p in problems] == [
        f"Ảnh 1 › Tệp ảnh: chỉ dùng được ảnh đã tải lên cùng hồ sơ, không dùng được “{named}”"]
    assert problems[0]["fields"][0] == "documents.news.photos[1].file"
