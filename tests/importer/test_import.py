"""notices import: Word documents built the ways offices build them → every field; our own documents → the
same text line for line after a round trip; .doc and LibreOffice re-saves; the command line."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.cli import main
from notices.importer import read_document
from notices.kinds import kinds
from notices.records.load import load_record, validate_text
from tests.importer import builders
from tests.importer.fields import compare, fields

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
KINDS = tuple(k.key for k in kinds() if k.form is not None)  # every Decree 30 kind of the catalogue
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.mark.parametrize("layout", sorted(builders.LAYOUTS))
def test_every_field_of_a_notice_typed_in_word(layout: str, tmp_path: Path) -> None:
    path = builders.LAYOUTS[layout](tmp_path / f"{layout}.docx")
    result = read_document(path)
    assert compare(fields(result.imported), builders.EXPECTED) == {}
    assert result.imported.doubts == []
    validate_text(result.yaml, tmp_path / "hoso.yaml")  # notices validate accepts it


def test_legacy_fonts_are_converted_by_font_not_left_as_mojibake(tmp_path: Path) -> None:
    result = read_document(builders.legacy_layout(tmp_path / "cu.docx", "tcvn3"))
    assert "Phước Hưng" in result.yaml and "©" not in result.yaml and "\u00ad" not in result.yaml
    assert result.imported.record["documents"]["notice"]["signer"]["name"] == "Lê Quốc Dũng"


def _texts(path: Path) -> list[str]:
    """The paragraphs of a DOCX as Word shows them (manual breaks as line breaks), from the XML."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    out = []
    for p in root.iter(f"{w}p"):
        text = "".join((t.text or "") if t.tag == f"{w}t" else "\n" for t in p.iter(f"{w}t", f"{w}br"))
        if text.strip():
            out.append(text)
    return out


def _render(loaded, kind: str, out: Path) -> Path:  # type: ignore[no-untyped-def]
    from notices.render import render_record

    outcome = render_record(loaded, out, only=(kind,), formats=("docx",))
    return next(p for p, _ in outcome.written if p.suffix == ".docx")


def _round_trip_cases() -> list[tuple[str, str]]:
    cases = []
    for record in sorted(EXAMPLES.glob("*.yaml")):
        documents = load_record(record).record.documents
        cases += [(record.name, kind) for kind in KINDS if getattr(documents, kind) is not None]
    return cases


@pytest.mark.parametrize(("record", "kind"), _round_trip_cases())
def test_round_trip_gives_the_same_text_line_for_line(record: str, kind: str, tmp_path: Path) -> None:
    original = _render(load_record(EXAMPLES / record), kind, tmp_path / "a")
    result = read_document(original)
    assert result.imported.kind is not None and result.imported.kind.key == kind
    assert result.imported.verbatim == 0 and result.imported.unread == [] and result.imported.doubts == []
    target = tmp_path / "nhap" / "hoso.yaml"
    target.parent.mkdir()
    target.write_text(result.yaml, encoding="utf-8")
    again = _render(load_record(target), kind, tmp_path / "b")
    assert _texts(again) == _texts(original)


def test_round_trip_covers_every_kind() -> None:
    assert {kind for _, kind in _round_trip_cases()} == set(KINDS)


def _soffice(source: Path, fmt: str, out: Path) -> Path:
    profile = out / "lo-profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", fmt,
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    found = out / f"{source.stem}.{fmt.split(':')[0]}"
    assert found.is_file()
    return found


@pytest.mark.libreoffice
@needs_soffice
def test_a_doc_file_goes_through_libreoffice(tmp_path: Path) -> None:
    made = builders.table_layout(tmp_path / "thong-bao.docx")
    (tmp_path / "doc").mkdir()
    doc = _soffice(made, "doc", tmp_path / "doc")
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    result = read_document(doc)
    assert result.converted_from == "doc"
    assert compare(fields(result.imported), builders.EXPECTED) == {}


@pytest.mark.libreoffice
@needs_soffice
def test_tcvn3_after_a_libreoffice_resave_keeps_every_u_with_horn(tmp_path: Path) -> None:
    made = builders.legacy_layout(tmp_path / "cu.docx", "tcvn3")
    (tmp_path / "lo").mkdir()
    resaved = _soffice(made, "docx:MS Word 2007 XML", tmp_path / "lo")
    with zipfile.ZipFile(resaved) as zf:
        assert b"<w:softHyphen/>" in zf.read("word/document.xml")  # LibreOffice turned the 0xAD "ư" into one
    result = read_document(resaved)
    assert compare(fields(result.imported), builders.EXPECTED) == {}


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("fmt", ["docx:MS Word 2007 XML", "doc"])
@pytest.mark.parametrize(("record", "kind"), _round_trip_cases())
def test_round_trip_survives_a_libreoffice_resave(record: str, kind: str, fmt: str, tmp_path: Path) -> None:
    """Re-saved as DOCX by LibreOffice, or saved as .doc and imported from it (DOCX → DOC → DOCX)."""
    original = _render(load_record(EXAMPLES / record), kind, tmp_path / "a")
    (tmp_path / "lo").mkdir()
    resaved = _soffice(original, fmt, tmp_path / "lo")
    result = read_document(resaved)
    target = tmp_path / "hoso.yaml"
    target.write_text(result.yaml, encoding="utf-8")
    again = _render(load_record(target), kind, tmp_path / "b")
    assert _texts(again) == _texts(original)


def test_a_letter_is_recognised_by_v_v_and_kinh_gui(tmp_path: Path) -> None:
    result = read_document(builders.letter_layout(tmp_path / "cong-van.docx"))
    imported = result.imported
    assert imported.kind is not None and imported.kind.key == "official_letter"
    letter = imported.record["documents"]["official_letter"]
    assert letter == {
        "number": 45, "date": "2024-07-15", "subject": "báo cáo kết quả rà soát thủ tục hành chính năm 2024",
        "to": ["Trưởng các thôn", "Văn phòng - Thống kê xã"], "body": [builders.LETTER_BODY[0]],
        "closing": builders.LETTER_BODY[1].replace("./.", "."),
        "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "Chủ tịch", "name": builders.NAME},
        "recipients": builders.RECIPIENTS, "archive": ["VT", "VP-TK"]}
    assert imported.record["agency"] == {
        "name": "Ủy ban nhân dân xã Phước Hưng", "code": "UBND", "place": "Phước Hưng",
        "parent": "Ủy ban nhân dân huyện Tuy Phước", "unit": "VP"}
    assert imported.doubts == [] and imported.unread == [] and imported.verbatim == 0
    validate_text(result.yaml, tmp_path / "hoso.yaml")  # notices validate accepts it


def test_a_letter_typed_with_tab_stops_and_kinh_gui_on_one_line(tmp_path: Path) -> None:
    result = read_document(builders.letter_tab_layout(tmp_path / "cong-van.docx"))
    imported = result.imported
    assert imported.kind is not None and imported.kind.key == "official_letter"
    assert imported.record["agency"] == {
        "name": "Ủy ban nhân dân xã Phước Hưng", "code": "UBND", "place": "Phước Hưng",
        "parent": "Ủy ban nhân dân huyện Tuy Phước", "unit": "VPTK"}
    assert imported.record["documents"]["official_letter"] == {
        "number": 52, "date": "2024-07-15", "subject": "báo cáo kết quả rà soát thủ tục hành chính năm 2024",
        "to": ["Ủy ban nhân dân huyện Tuy Phước"], "body": builders.LETTER_TAB_BODY[:-1],
        "closing": "UBND xã Phước Hưng kính báo cáo UBND huyện xem xét.",
        "signer": {"authority": "KT. CHỦ TỊCH", "title": "Phó Chủ tịch", "name": "Trần Văn Minh"},
        "recipients": ["TT Đảng ủy xã"], "archive": ["VT", "VPTK"]}  # "Như trên" is written again by notices
    assert imported.doubts == [] and imported.unread == []
    target = tmp_path / "hoso.yaml"
    target.write_text(result.yaml, encoding="utf-8")
    texts = _texts(_render(load_record(target), "official_letter", tmp_path / "moi"))
    assert "V/v báo cáo kết quả rà soát thủ tục hành chính năm 2024" in " ".join(texts).replace("\n", " ")
    assert "Kính gửi: Ủy ban nhân dân huyện Tuy Phước." in texts and "- Như trên;" in texts
    assert texts[texts.index("Kính gửi: Ủy ban nhân dân huyện Tuy Phước.") + 1:][:4] == [
        *builders.LETTER_TAB_BODY]


def test_what_cannot_be_read_is_listed_with_its_paragraph_and_left_as_a_comment(tmp_path: Path) -> None:
    left, right = builders._header_cells()
    left[-1] = builders.text_para("Số: một trăm/TB", align="center")
    right.append(builders.text_para("Hà Nội ngày mười lăm", align="center"))
    right[-2] = builders.text_para("(mất dòng ngày)", align="center")
    body = builders.table([[left, right]]) + builders._title_and_body() + builders._foot_table()
    path = builders.write_docx(tmp_path / "hong.docx", body)
    result = read_document(path)
    unread = result.imported.unread
    assert [(index, text) for index, text, _ in unread] == [(4, "Số: một trăm/TB"), (8, "(mất dòng ngày)"),
                                                           (9, "Hà Nội ngày mười lăm")]
    tail = result.yaml.split("# Chưa đọc được")[1]
    assert "#   đoạn 4: Số: một trăm/TB — không đọc được số, ký hiệu" in tail
    assert all(line.startswith("#") for line in tail.strip().splitlines()[1:])
    assert result.imported.doubts  # the place was guessed, and says so


def test_a_file_without_quoc_hieu_is_refused(tmp_path: Path) -> None:
    path = builders.write_docx(tmp_path / "thu.docx", builders.text_para("Thư mời dự tiệc"))
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(path), "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "không thấy Quốc hiệu" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_command_writes_a_valid_record_and_renders_it_side_by_side(tmp_path: Path) -> None:
    path = builders.tab_layout(tmp_path / "thong-bao.docx")
    runner = CliRunner()
    out = tmp_path / "hoso.yaml"
    result = runner.invoke(main, ["import", str(path), "--out", str(out), "--render", str(tmp_path / "moi")])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("Bản gốc:"))
    before, after = line.split("→")
    assert int(before.split(":")[1].split()[0]) > 0  # the hand-typed original breaks rules
    assert after.strip() == "Bản mới: 0"
    assert (tmp_path / "moi" / "hoso" / "thong-bao.docx").is_file()
    again = runner.invoke(main, ["import", str(path), "--out", str(out)])
    assert again.exit_code == 1 and "--force" in again.output


def test_validate_does_not_load_the_importer(tmp_path: Path) -> None:
    import sys

    code = ("import sys; from notices.cli import main\n"
            "try:\n    main(['validate', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('notices.importer', 'docx', 'lxml'))))")
    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "phu-tai-cchc-2022.yaml")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_notice_typed_in_a_hurry(tmp_path: Path) -> None:
    result = read_document(builders.compact_layout(tmp_path / "voi.docx"))
    expected = {**builders.EXPECTED, "signer.authority": "KT. CHỦ TỊCH", "signer.title": "PHÓ CHỦ TỊCH",
                "signer.name": "Nguyễn Văn Hùng"}
    assert compare(fields(result.imported), expected) == {}
    validate_text(result.yaml, tmp_path / "hoso.yaml")


def test_a_plan_is_emitted_under_its_catalogue_key_and_a_decision_is_named(tmp_path: Path) -> None:
    result = read_document(builders.plan_layout(tmp_path / "ke-hoach.docx"))
    plan = result.imported
    assert plan.kind is not None and plan.kind.key == "plan"
    doc = plan.record["documents"]["plan"]
    assert doc["number"] == 30 and doc["subject"] == "Triển khai chuyển đổi số năm 2024"
    assert doc["purposes"] == ["Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình."] and "body" not in doc
    assert [d.split(":")[0] for d in plan.doubts] == ["conclusions.items", "meeting"]  # no table of tasks
    validate_text(result.yaml, tmp_path / "hoso.yaml")
    runner = CliRunner()
    decision = builders.plan_layout(tmp_path / "quyet-dinh.docx", "QUYẾT ĐỊNH")
    result = runner.invoke(main, ["import", str(decision), "--out", str(tmp_path / "qd.yaml")])
    assert result.exit_code == 1 and "“Quyết định” (QĐ) chưa có mẫu hồ sơ" in result.output


def test_an_upload_is_read_like_a_file(tmp_path: Path) -> None:
    from notices.importer import read_upload

    data = builders.table_layout(tmp_path / "x.docx").read_bytes()
    result = read_upload(data, "Thông báo kết luận.docx")
    assert compare(fields(result.imported), builders.EXPECTED) == {}
    assert result.yaml.startswith("# Hồ sơ nhập từ Thông báo kết luận.docx")


def test_the_published_dak_song_notice_maps_like_the_example_record(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    seed = SEEDS / "001_27ee9d2d8b234331.txt"
    if not seed.exists():
        pytest.skip("shared/seeds is not beside this clone")
    imported = read_document(builders.seed_layout(seed, tmp_path / "dak-song.docx")).imported
    example = load_record(EXAMPLES / "dak-song-cchc-2023.yaml").record
    rec = imported.record
    assert imported.verbatim == 0 and imported.doubts == []
    assert rec["meeting"]["name"] == example.meeting.name and rec["meeting"]["date"] == "2023-07-24"
    assert rec["meeting"]["chair"] == {"name": "Ngô Đức Trọng", "title": "Chủ tịch UBND huyện"}
    assert [t[:40] for t in rec["results"]] == [r.text[:40] for r in example.results]
    assert len(rec["shortcomings"]) == 1 and rec["shortcomings"][0].startswith("Đến nay còn nhiều nhiệm vụ")
    items = rec["conclusions"]["items"]
    assert len(items) == 4 and "Phân công trách nhiệm cụ thể cho từng cán bộ" in items[0]  # the cut paragraph
    assert items[3]["assignee"] == "Phòng Nội vụ"
    notice = rec["documents"]["notice"]
    assert "number" not in notice and "date" not in notice and notice["year"] == 2023
    assert notice["signer"] == {"authority": "TL. CHỦ TỊCH", "title": "Chánh Văn phòng", "name": "Trần Thanh Nghiêm"}
    assert notice["recipients"] == list(example.documents.notice.recipients)
    assert notice["archive"] == ["VT", "VP"]
    assert rec["agency"]["name"] == "Văn phòng HĐND và UBND huyện Đắk Song"


def test_an_invitation_typed_in_the_offices_own_words(tmp_path: Path) -> None:
    imported = read_document(builders.invitation_layout(tmp_path / "giay-moi.docx")).imported
    rec = imported.record
    assert imported.kind is not None and imported.kind.key == "invitation"
    assert rec["meeting"] == {"name": "họp giao ban tháng 8 năm 2024", "date": "2024-08-20", "time": "14:00",
                              "venue": "Hội trường UBND xã",
                              "chair": {"name": "Lê Quốc Dũng", "title": "Chủ tịch UBND xã"},
                              "agenda": ["Đánh giá tình hình tháng 8, triển khai nhiệm vụ tháng 9"]}
    doc = rec["documents"]["invitation"]
    assert doc["invitees"] == ["Đồng chí Trưởng các thôn", "Công chức Văn phòng - Thống kê xã"]
    assert doc["number"] == 47 and "body" not in doc
    validate_text(read_document(tmp_path / "giay-moi.docx").yaml, tmp_path / "hoso.yaml")


def test_a_report_with_the_offices_own_part_titles(tmp_path: Path) -> None:
    imported = read_document(builders.report_layout(tmp_path / "bao-cao.docx")).imported
    rec = imported.record
    assert rec["report"]["subject"] == "Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024"
    assert rec["report"]["period"] == "6 tháng đầu năm 2024"
    assert rec["report"]["background"] == "Thực hiện Kế hoạch số 12/KH-UBND, UBND xã báo cáo như sau:"
    assert rec["results"] == [{"heading": "Công tác chỉ đạo, điều hành",
                               "items": ["Ban hành Kế hoạch CCHC năm 2024 đúng thời hạn."]}]
    assert rec["shortcomings"] == ["Tỷ lệ hồ sơ trực tuyến còn thấp."]
    assert rec["tasks"] == [{"text": "Đẩy mạnh dịch vụ công trực tuyến.", "assignee": "Văn phòng - Thống kê xã"}]
    assert rec["documents"]["report"]["body"] == ["Trên đây là báo cáo của UBND xã."]
    validate_text(read_document(tmp_path / "bao-cao.docx").yaml, tmp_path / "hoso.yaml")


def test_minutes_typed_in_the_offices_own_words(tmp_path: Path) -> None:
    result = read_document(builders.minutes_layout(tmp_path / "bien-ban.docx"))
    rec = result.imported.record
    assert rec["meeting"] == {
        "name": "Cuộc họp giao ban tháng 8 năm 2024", "date": "2024-08-20", "time": "14:00", "end": "16:30",
        "venue": "Hội trường UBND xã", "chair": {"name": "Lê Quốc Dũng", "title": "Chủ tịch UBND xã"},
        "secretary": {"name": "Nguyễn Thị Hoa", "title": "Công chức Văn phòng - Thống kê"},
        "attendees": ["các đồng chí trưởng thôn", "công chức chuyên môn xã"]}
    doc = rec["documents"]["minutes"]
    assert doc["number"] == 15 and doc["date"] == "2024-08-20"
    assert doc["body"] == ["Các thôn báo cáo tình hình an ninh trật tự tháng 8."]
    validate_text(result.yaml, tmp_path / "hoso.yaml")


def test_a_plan_typed_by_the_office_with_its_own_table_of_tasks(tmp_path: Path) -> None:
    result = read_document(builders.plan_table_layout(tmp_path / "ke-hoach.docx"))
    rec = result.imported.record
    assert rec["conclusions"] == {"items": [
        {"text": "Rà soát, cập nhật danh mục thủ tục hành chính trực tuyến", "assignee": "Văn phòng - Thống kê xã",
         "partners": "Các thôn", "deadline": "2024-08-30"},
        {"text": "Tuyên truyền người dân sử dụng dịch vụ công", "assignee": "Đoàn Thanh niên xã",
         "recurring": "hàng tháng"},
        {"text": "Tổng hợp, báo cáo kết quả", "assignee": "Văn phòng - Thống kê xã"}]}  # "Thường xuyên": no date
    plan = rec["documents"]["plan"]
    assert plan["number"] == 33 and plan["subject"] == "Thực hiện chuyển đổi số năm 2024"
    assert plan["purposes"] == builders.PLAN_PURPOSES
    assert plan["organization"] == ["Các đơn vị, thôn triển khai thực hiện nghiêm túc Kế hoạch này."]
    assert plan["body"] == [builders.PLAN_OPENING]  # its own opening: kept, listed for her to place
    assert result.imported.kept == [(12, builders.PLAN_OPENING)] and result.imported.unread == []
    assert "meeting" not in rec and [d.split(":")[0] for d in result.imported.doubts] == ["meeting"]
    target = tmp_path / "hoso.yaml"
    target.write_text(result.yaml, encoding="utf-8")
    texts = _texts(_render(load_record(target), "plan", tmp_path / "moi"))
    assert builders.PLAN_OPENING in texts and "Rà soát, cập nhật danh mục thủ tục hành chính trực tuyến" in texts
    assert "Định kỳ hàng tháng" in texts and "Trước ngày 30/8/2024" in texts


def test_a_proposal_typed_by_the_office(tmp_path: Path) -> None:
    result = read_document(builders.proposal_layout(tmp_path / "to-trinh.docx"))
    proposal = result.imported.record["documents"]["proposal"]
    assert proposal == {
        "number": 8, "date": "2024-07-15", "subject": "Về việc đề nghị hỗ trợ kinh phí và biên chế năm 2024",
        "to": ["Ủy ban nhân dân huyện Tuy Phước"], "grounds": builders.PROPOSAL_GROUNDS,
        "requests": builders.PROPOSAL_REQUESTS, "closing": "Kính trình UBND huyện xem xét, giải quyết.",
        "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "Chủ tịch", "name": builders.NAME},
        "recipients": ["TT Đảng ủy xã"], "archive": ["VT"]}
    assert result.imported.doubts == [] and result.imported.unread == [] and result.imported.verbatim == 0
    target = tmp_path / "hoso.yaml"
    target.write_text(result.yaml, encoding="utf-8")
    texts = _texts(_render(load_record(target), "proposal", tmp_path / "moi"))
    assert "Kính trình UBND huyện xem xét, giải quyết./." in texts and "- Như trên;" in texts
    assert [t for t in texts if t[:3] in ("1. ", "2. ")] == [f"{n}. {t}" for n, t in
                                                             enumerate(builders.PROPOSAL_REQUESTS, start=1)]


def test_the_ea_sup_letter_plan_and_proposal_come_back_as_the_example_declares_them(tmp_path: Path) -> None:
    """Field by field against data/examples/ea-sup-sau-hoi-nghi-2024.yaml (the round trip above checks the text)."""
    example = load_record(EXAMPLES / "ea-sup-sau-hoi-nghi-2024.yaml").record
    shared = example.conclusions.deadline.isoformat()
    tasks = [{k: v for k, v in {"text": i.text, "assignee": i.assignee, "partners": i.partners,
                                "deadline": i.deadline.isoformat() if i.deadline else None if i.recurring else shared,
                                "recurring": i.recurring}.items() if v} for i in example.conclusions.items]
    meeting = {"name": example.meeting.name, "date": "2024-10-08",
               "chair": {"name": "Phạm Văn Thành", "title": "Chủ tịch UBND huyện"}}
    got = {}
    for kind in ("official_letter", "plan", "proposal"):
        got[kind] = read_document(_render(load_record(EXAMPLES / "ea-sup-sau-hoi-nghi-2024.yaml"), kind,
                                          tmp_path / kind)).imported.record
        assert got[kind]["agency"] | {"unit": "VP"} == example.agency.model_dump(exclude_none=True)
        assert got[kind]["meeting"] == meeting
        assert got[kind]["documents"][kind]["reference"] == "Thông báo số 214/TB-UBND ngày 10/10/2024"
    letter = got["official_letter"]["documents"]["official_letter"]
    assert letter["to"] == example.documents.official_letter.to and "body" not in letter
    assert got["official_letter"]["conclusions"]["items"] == [
        {k: v for k, v in t.items() if k != "recurring" or "deadline" not in t} | (
            {"deadline": shared} if "recurring" in t else {}) for t in tasks]  # the letter gives each its date
    assert got["plan"]["conclusions"]["items"] == tasks
    proposal = got["proposal"]["documents"]["proposal"]
    want = example.documents.proposal
    assert (proposal["to"], proposal["grounds"], proposal["requests"]) == (want.to, want.grounds, want.requests)
    assert "closing" not in proposal and proposal["recipients"] == want.recipients  # "Như trên" not kept
