"""The form's data ↔ YAML ↔ validation: the same records, the same messages as ``notices validate``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notices.errors import RecordError, UserError
from notices.records import load_record, validate_text
from notices.records.messages import form_words
from notices.records.yamlsource import parse
from notices.web import service
from notices.web.form import label_path
from notices.web.service import without_nulls
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
    with pytest.raises(RecordError) as raised, form_words(label_path):
        validate_text(text, tmp_path / "x.yaml")
    expected = [p.message for p in raised.value.problems]
    assert [p["message"] for p in problems] == expected  # one catalogue: the form's words of `validate`
    by_field = {p["fields"][0]: p["message"] for p in problems}
    assert by_field["documents.notice.subject"] == "Trích yếu: chưa có"
    assert by_field["meeting.date"] == "Cuộc họp › Ngày họp: ngày 30/02/2022 không có thật"
    assert by_field["conclusions.items[1].assignee"] == "Kết luận 1 › Giao cho: chưa có"
    with pytest.raises(RecordError) as raised:  # the file's words: key paths, placed at line:column
        validate_text(text, tmp_path / "x.yaml")
    assert "thiếu mục bắt buộc “documents.notice.subject”" in [p.message for p in raised.value.problems]


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


# -- saving a record opened from a file keeps the file's text --------------------------------------------

def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("---", "+++")]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_an_opened_record_saved_unchanged_is_the_same_file(path: Path):
    text = path.read_text(encoding="utf-8")
    form = without_nulls(parse(text).data)  # the form leaves empty values out
    assert service.to_yaml(form, text) == text


def test_a_changed_value_rewrites_its_line_only_and_keeps_every_comment():
    text = (EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")
    data = parse(text).data
    data["documents"]["notice"]["number"] = 6
    data["meeting"]["time"] = "08:00"
    saved = service.to_yaml(data, text)
    assert changed_lines(text, saved) == [
        '-  time: "07:30"',
        '+  time: "08:00"',
        '-    number: 5                              # "Số: 05/TB-UBND"',
        '+    number: 6                              # "Số: 05/TB-UBND"',
    ]
    assert parse(saved).data == data


def test_added_removed_and_longer_lists_keep_the_rest_of_the_file():
    text = (EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")
    data = parse(text).data
    data["documents"]["notice"]["recipients"].append("Lưu trữ phường")
    del data["documents"]["invitation"]["archive"]
    data["documents"]["notice"]["deadline_note"] = None
    data["agency"]["unit"] = "VP"
    saved = service.to_yaml(data, text)
    assert without_nulls(parse(saved).data) == without_nulls(data)
    lines = changed_lines(text, saved)
    assert "+      - Lưu trữ phường" in lines and "-    archive: [VT, VP]" in lines
    assert all("#" not in line for line in lines if line.startswith("-")), lines  # no comment lost


def test_line_endings_mark_and_list_indentation_are_hers():
    text = "\ufeffagency:\r\n  name: UBND xã A  # tên\r\nlist:\r\n- a\r\n- b\r\n"
    data = parse(text.removeprefix("\ufeff")).data
    assert service.to_yaml(data, text) == text
    data["list"].append("c")
    assert service.to_yaml(data, text) == text + "- c\r\n"


def test_an_anchor_shared_by_two_fields_one_changed_saves_what_the_form_says():
    """Whatever the merge does with anchors, the saved file says what the form says (it is read back)."""
    text = "a: &shared Nguyễn Văn A\nb: *shared\n"
    data = {"a": "Nguyễn Văn A", "b": "Trần Thị B"}
    saved = service.to_yaml(data, text)
    assert parse(saved).data == data


def test_a_merge_that_would_say_something_else_is_not_saved(monkeypatch: pytest.MonkeyPatch):
    text = (EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")
    data = parse(text).data
    monkeypatch.setattr(service, "_merged", lambda data, original: text.replace("Nguyễn Văn C", "Nguyễn Văn D"))
    assert service.to_yaml(data, text) == service.to_yaml(data)


def test_saved_yaml_is_nfc_and_named_as_opened_or_cut_at_a_word():
    import unicodedata

    typed = unicodedata.normalize("NFD", "Hội nghị sơ kết")
    text = service.to_yaml({"meeting": {"name": typed}})
    assert unicodedata.is_normalized("NFC", text) and "Hội nghị sơ kết" in text
    assert service.yaml_name({}, "hồ sơ tháng 7.yaml") == "hồ sơ tháng 7.yaml"
    assert service.yaml_name({}, "../../etc/x.yaml") == "x.yaml"
    long = {"meeting": {"name": "Hội nghị đánh giá kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm"}}
    name = service.yaml_name(long)
    assert name == "ho-so-hoi-nghi-danh-gia-ket-qua-thuc-hien-cong.yaml", name  # whole words only


def test_archive_excerpts_are_cut_at_words():
    from notices.web.register import at_words

    assert at_words("…ng tác cải cách hành chính năm 20…") == "…tác cải cách hành chính năm…"
    assert at_words("cải cách hành chính") == "cải cách hành chính"


RECORDS = sorted(EXAMPLES.glob("*.yaml")) + sorted((Path(__file__).parents[1] / "check" / "records").glob("*.yaml"))


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_each_document_checked_alone_is_the_document_of_the_whole_record(path: Path, tmp_path: Path):
    """The form checks a document with only the sections it reads (web.form.LAYOUTS): what it composes from
    them is what `notices render` composes from the whole record, block for block."""
    data = parse(path.read_text(encoding="utf-8")).data
    whole = load_record(path)
    for kind in [k for k in service.kinds() if (data.get("documents") or {}).get(k["key"]) is not None]:
        if kind["key"] == "news" and (data["documents"]["news"] or {}).get("photos"):
            continue  # photos live beside the example, not in an upload folder
        loaded, problems, _ = service.check(data, tmp_path, kind["key"])
        assert loaded is not None, (kind["key"], problems)
        alone = service.compose(loaded, kind["key"], tmp_path)
        assert alone.blocks == service.compose(whole, kind["key"], path.parent).blocks, (path.stem, kind["key"])


def test_a_conclusion_with_an_assignee_and_partners_is_printed_with_both(tmp_path: Path):
    data = parse((EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")).data
    data["conclusions"]["items"][1] = {"text": "Rà soát thủ tục hành chính.", "assignee": "Văn phòng - Thống kê",
                                      "partners": "Công chức Tư pháp - Hộ tịch", "deadline": "2022-10-15"}
    loaded, problems, _ = service.check(data, tmp_path, "notice")
    assert loaded is not None, problems
    text = " ".join(str(b) for b in service.compose(loaded, "notice", tmp_path).blocks)
    assert ("Giao Văn phòng - Thống kê chủ trì, phối hợp với Công chức Tư pháp - Hộ tịch thực hiện, "
            "hoàn thành trước ngày 15/10/2022.") in text
    data["documents"]["news"] = {}
    loaded, _, _ = service.check(data, tmp_path, "news")
    post = " ".join(str(b) for b in service.compose(loaded, "news", tmp_path).blocks)
    assert "Văn phòng - Thống kê rà soát thủ tục hành chính, phối hợp với công chức Tư pháp - Hộ tịch" in post
