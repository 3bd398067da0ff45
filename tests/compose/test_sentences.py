"""Small sentences a văn thư would fix by hand (issue 10, item 8), read back from rendered documents,
and the date contradictions `validate` warns about."""

from __future__ import annotations

from click.testing import CliRunner

from notices.cli import main
from notices.records import load_record
from notices.render import render_record
from tests.compose.pack_support import paragraphs
from tests.conftest import EXAMPLES

PHU_TAI = (EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")


def _write(tmp_path, text: str, name: str = "r.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_single_shortcoming_has_its_lead_in(tmp_path):
    """Đắk Song's record gives one shortcoming: it follows its lead-in, it does not read as one more result."""
    record = load_record(EXAMPLES / "dak-song-cchc-2023.yaml")
    (shortcoming,) = record.record.shortcomings
    outcome = render_record(record, tmp_path, only=("notice",), formats=("docx",))
    texts = paragraphs(outcome.folder, "thong-bao")
    index = texts.index("Bên cạnh những kết quả đạt được, vẫn còn tồn tại, hạn chế:")
    assert texts[index + 1] == f"- {shortcoming}"  # the record's sentence, its own full stop


def test_several_shortcomings_keep_their_list(tmp_path):
    record = load_record(EXAMPLES / "phu-tai-cchc-2022.yaml")
    outcome = render_record(record, tmp_path, only=("notice",), formats=("docx",))
    texts = paragraphs(outcome.folder, "thong-bao")
    index = texts.index("Bên cạnh những kết quả đạt được, vẫn còn một số tồn tại, hạn chế:")
    shortcomings = record.record.shortcomings
    assert texts[index + 1 : index + 1 + len(shortcomings)] == [f"- {s}" for s in shortcomings]


def test_invitation_gives_start_and_end(tmp_path):
    outcome = render_record(load_record(EXAMPLES / "phu-tai-cchc-2022.yaml"), tmp_path, only=("invitation",))
    assert "Thời gian: từ 07 giờ 30 phút đến 11 giờ 00 phút, thứ Tư, ngày 17/8/2022." in paragraphs(
        outcome.folder, "giay-moi")
    from tests.layout_checks import pdf_text, squash

    assert squash("từ 07 giờ 30 phút đến 11 giờ 00 phút") in pdf_text(outcome.folder / "giay-moi.pdf")


def test_validate_warns_about_dates_before_the_meeting(tmp_path):
    text = PHU_TAI.replace("    date: 2022-08-19", "    date: 2022-08-10", 1)
    assert text != PHU_TAI
    text = text.replace("  deadline: 2022-09-15", "  deadline: 2022-08-01", 1)
    path = _write(tmp_path, text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output  # warnings, not errors: the record still renders
    assert "documents.notice.date: thông báo kết luận đề ngày 10/8/2022, trước ngày họp 17/8/2022" in result.output
    assert "conclusions.deadline: thời hạn 01/8/2022 trước ngày họp 17/8/2022" in result.output
    assert f"{path}:" in result.output
    clean = CliRunner().invoke(main, ["validate", str(EXAMPLES / "phu-tai-cchc-2022.yaml")])
    assert "trước ngày họp" not in clean.output


def test_validate_warns_about_an_invitation_after_the_meeting(tmp_path):
    text = PHU_TAI.replace("    date: 2022-08-12", "    date: 2022-08-18", 1)
    assert text != PHU_TAI
    result = CliRunner().invoke(main, ["validate", str(_write(tmp_path, text))])
    assert "documents.invitation.date: giấy mời đề ngày 18/8/2022, sau ngày họp 17/8/2022" in result.output
