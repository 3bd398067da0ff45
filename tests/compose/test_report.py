"""Báo cáo from the Mộ Đức record: Roman parts, numbered sections, every item verbatim, the table in
Vietnamese number format; rates computed from done/total; validate warns about a disagreeing percent."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from notices.cli import main
from notices.compose.figures import metric_phrase, rate
from notices.compose.report import compose_report, roman
from notices.model import Heading, Paragraph
from notices.records import load_record
from notices.records.models import Item, Metric, Section
from tests.compose.pack_support import assert_verbatim
from tests.conftest import EXAMPLES

NAME = "mo-duc-bao-cao-cchc-2022"


def test_every_fact_is_in_the_report(rendered):
    r = load_record(EXAMPLES / f"{NAME}.yaml").record

    def text(entry):
        return entry.text if isinstance(entry, Item) else entry

    facts = [r.report.subject, r.report.background, *r.shortcomings, *(text(t) for t in r.tasks),
             "Số: 09/BC-UBND", "Mộ Đức, ngày 20 tháng 12 năm 2022", "Nguyễn Văn D", "Giao UBND các xã, thị trấn"]
    for section in r.results:
        assert isinstance(section, Section)
        facts += [section.heading, *(text(i) for i in section.items)]
    facts += ["Kết quả tiếp nhận, giải quyết hồ sơ TTHC năm 2022", "trên 16.000", "hơn 15.500", "đa phần",
              "57.570", "56.910"]
    assert_verbatim(rendered / NAME, "bao-cao", facts)


def test_roman_numbers():
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]


def test_rate_is_computed_from_done_and_total():
    assert rate(41, 57) == rate(41, 57).quantize(rate(1, 10)) and str(rate(41, 57)) == "71.9"
    metric = Metric(label="nhiệm vụ", done=41, total=57)
    assert metric_phrase(metric, "trong 06 tháng đầu năm đã triển khai thực hiện 41/57 nhiệm vụ.") == (
        "41/57 nhiệm vụ, đạt 71,9%")
    assert metric_phrase(Metric(label="nhiệm vụ", done=17, total=25, percent=68), "17/25 nhiệm vụ, đạt 68%") is None
    assert metric_phrase(Metric(label="hồ sơ", count=1570), "Tiếp nhận hồ sơ.") == "1.570 hồ sơ"
    assert metric_phrase(Metric(label="hồ sơ đúng hạn", percent=99.9), "Giải quyết đúng hạn.") == (
        "hồ sơ đúng hạn: 99,9%")


RECORD = """\
agency: {name: Ủy ban nhân dân xã Phước Hưng, code: UBND, place: Phước Hưng}
report: {period: 6 tháng đầu năm 2024, subject: Kết quả thực hiện công tác CCHC 6 tháng đầu năm 2024}
results:
  - text: Trong 6 tháng đầu năm đã triển khai thực hiện 41/57 nhiệm vụ.
    metric: {label: nhiệm vụ, done: 41, total: 57, percent: 70}
  - text: Đạt 17/25 nhiệm vụ, đạt 68%.
    metric: {label: nhiệm vụ, done: 17, total: 25, percent: 68}
recommendations:
  - Đề nghị UBND huyện hỗ trợ kinh phí nâng cấp Bộ phận một cửa.
documents:
  report:
    draft: true
    year: 2024
    signer: {authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch, name: Lê Quốc Dũng}
    archive: [VT, VP]
"""


def test_validate_warns_about_a_percent_that_disagrees(tmp_path: Path):
    path = tmp_path / "bc.yaml"
    path.write_text(RECORD, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if "cảnh báo" in line]
    assert len(warnings) == 1, result.output
    assert "“results[1].metric.percent”" in warnings[0] and "41/57 = 71,9%" in warnings[0]
    assert warnings[0].startswith(f"{path}:5:")


def test_computed_rate_printed_draft_and_recommendations(tmp_path: Path):
    path = tmp_path / "bc.yaml"
    path.write_text(RECORD, encoding="utf-8")
    doc = compose_report(load_record(path).record)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert ("Trong 6 tháng đầu năm đã triển khai thực hiện 41/57 nhiệm vụ. "
            "Kết quả: 41/57 nhiệm vụ, đạt 71,9%.") in texts
    assert "Đạt 17/25 nhiệm vụ, đạt 68%." in texts  # already says it all: nothing added
    parts = [f"{b.label} {b.text}" for b in doc.blocks if isinstance(b, Heading)]
    assert parts == ["I. KẾT QUẢ THỰC HIỆN 6 THÁNG ĐẦU NĂM 2024", "II. KIẾN NGHỊ, ĐỀ XUẤT"]
    assert doc.blocks[1].draft_mark
    assert doc.blocks[0].number == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND"
    assert texts[-1] == ("Trên đây là báo cáo kết quả thực hiện công tác CCHC 6 tháng đầu năm 2024 của "
                         "Ủy ban nhân dân xã Phước Hưng./.")


def test_render_only_picks_kinds(tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(EXAMPLES / "phu-tai-cchc-2022.yaml"), "--out", str(out),
                                       "--only", "invitation,minutes", "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "phu-tai-cchc-2022").iterdir()) == ["bien-ban.docx", "giay-moi.docx"]
    result = CliRunner().invoke(main, ["render", str(EXAMPLES), "--out", str(out / "b"), "--only", "report",
                                       "--only", "minutes", "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out / "b").as_posix() for p in (out / "b").rglob("*.docx")) == [
        "mo-duc-bao-cao-cchc-2022/bao-cao.docx", "phu-tai-cchc-2022/bien-ban.docx"]
