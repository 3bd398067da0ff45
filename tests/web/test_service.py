"""The form's data ↔ YAML ↔ validation: the same records, the same messages as ``notices validate``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notices.errors import RecordError, UserError
from notices.records import load_record, validate_text
from notices.records.yamlsource import parse
from notices.web import service
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def folder_with_photos(tmp_path: Path) -> Path:
    folder = tmp_path / "upload"
    shutil.copytree(EXAMPLES / "photos", folder / "photos")
    return folder


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_goes_through_the_form_data_unchanged(path: Path, tmp_path: Path):
    folder = folder_with_photos(tmp_path)
    opened = service.open_yaml(path.read_text(encoding="utf-8"), folder)
    assert not [p for p in opened.problems if p["severity"] == "error"]
    loaded, problems, text = service.check(opened.data, folder)
    assert loaded is not None, problems
    assert loaded.record == load_record(path).record
    assert parse(text).data == parse(path.read_text(encoding="utf-8")).data


def test_messages_are_those_of_validate_and_name_their_field(tmp_path: Path):
    data = parse((EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")).data
    del data["documents"]["notice"]["subject"]
    data["meeting"]["date"] = "2022-02-30"
    data["conclusions"]["items"][0]["assignee"] = ""
    loaded, problems, text = service.check(data, tmp_path)
    assert loaded is None
    with pytest.raises(RecordError) as raised:
        validate_text(text, tmp_path / "x.yaml")
    expected = [p.message for p in raised.value.problems]
    assert [p["message"] for p in problems] == expected
    by_field = {p["fields"][0]: p["message"] for p in problems}
    assert by_field["documents.notice.subject"] == "thiếu mục bắt buộc “documents.notice.subject”"
    assert "không có thật trên lịch" in by_field["meeting.date"]
    assert by_field["conclusions.items[1].assignee"] == "“conclusions.items[1].assignee” không được để trống"


def test_a_line_break_and_characters_come_back_as_typed(tmp_path: Path):
    data = parse((EXAMPLES / "xa-cchc-6-thang-2024.yaml").read_text(encoding="utf-8")).data
    data["documents"]["notice"]["subject"] = "Kết luận: “hội nghị” # 100% 'CCHC'\nđợt 2"
    data["agency"]["unit"] = "true"
    data["results"].append("2024")
    loaded, problems, text = service.check(data, folder_with_photos(tmp_path))
    assert loaded is not None, problems
    assert loaded.record.documents.notice.subject == "Kết luận: “hội nghị” # 100% 'CCHC'\nđợt 2"
    assert loaded.record.agency.unit == "true" and loaded.record.results[-1] == "2024"


def test_file_names_are_readable(tmp_path: Path):
    loaded = load_record(EXAMPLES / "phu-tai-cchc-2022.yaml")
    document = service.compose(loaded, "notice", tmp_path)
    assert service.file_name(loaded, document, "notice") == "thong-bao-05-TB-UBND"
    draft = load_record(EXAMPLES / "dak-song-cchc-2023.yaml")
    assert service.file_name(draft, service.compose(draft, "notice", tmp_path), "notice") == "thong-bao-du-thao"
    assert service.yaml_name({"meeting": {"name": "Hội nghị sơ kết CCHC"}}) == "ho-so-hoi-nghi-so-ket-cchc.yaml"


def test_the_office_profile_gives_the_forms_defaults(tmp_path: Path):
    profile = tmp_path / "office.yaml"
    profile.write_text("agency: {name: Ủy ban nhân dân xã A, code: UBND, place: A}\n"
                       "documents:\n  notice:\n    signer: {title: Chủ tịch, name: Lê Văn B}\n"
                       "    recipients: [Các thôn]\nnumbering: shared\n", encoding="utf-8")
    data, _ = service.office_defaults(profile)
    assert data["documents"] == {"notice": {"signer": {"title": "Chủ tịch", "name": "Lê Văn B"},
                                            "recipients": ["Các thôn"]}}
    assert data["agency"] == {"name": "Ủy ban nhân dân xã A", "code": "UBND", "place": "A"}
    bad = tmp_path / "sai.yaml"
    bad.write_text("agency: {name: A, code: UBND, place: A}\nresults: [x]\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        service.office_defaults(bad)
    said = raised.value.message + " ".join(p.message for p in raised.value.problems)
    assert "results" in said
