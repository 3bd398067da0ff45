"""`validate` warns, naming the field, where a value looks like TCVN3 or VNI text or mojibake."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from notices.cli import main
from notices.records import validate_text
from tests.conftest import EXAMPLES

DAK_SONG = (EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")


def test_legacy_values_are_warned_with_their_field():
    text = DAK_SONG.replace("- Lãnh đạo VP", '- "Uû ban nh©n d©n x· §«ng Hoµ"')
    text = text.replace("- Các phòng, ban liên quan", "- UÛy ban nhaân daân xaõ Ñoâng Hoøa")
    warnings = validate_text(text, Path("x.yaml")).warnings
    assert [w.message.split(":")[0] for w in warnings] == [
        "documents.notice.recipients[3]",
        "documents.notice.recipients[4]",
    ]
    assert "TCVN3" in warnings[0].message and "VNI" in warnings[1].message
    assert all(w.severity == "warning" for w in warnings)


def test_unicode_examples_raise_no_encoding_warning():
    for path in EXAMPLES.glob("*.yaml"):
        warnings = validate_text(path.read_text(encoding="utf-8"), path).warnings
        assert not [w for w in warnings if "mã" in w.message], path


def test_validate_prints_the_warning_and_still_succeeds(tmp_path):
    path = tmp_path / "hoso.yaml"
    path.write_text(DAK_SONG.replace("- Lãnh đạo VP", '- "TiÕng ViÖt cã 29 ch÷ c¸i"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"{path}:" in result.stderr and "cảnh báo" in result.stderr and "recipients[3]" in result.stderr
    assert "hợp lệ" in result.stdout


def test_archive_without_drafting_unit_is_warned():
    from tests.conftest import EXAMPLES as folder

    path = folder / "phu-tai-cchc-2022.yaml"
    warnings = validate_text(path.read_text(encoding="utf-8"), path).warnings
    (warning,) = warnings
    assert warning.message.startswith("documents.notice.archive:") and "[VT, VP]" in warning.message
    line = path.read_text(encoding="utf-8").splitlines()[warning.line - 1]
    assert line.strip().startswith("archive: [VT]")


def test_typed_recipient_punctuation_is_warned_and_not_doubled(tmp_path):
    from notices.compose.notice import compose_notice
    from notices.model import SignOff

    text = DAK_SONG.replace("- Lãnh đạo VP", '- "- Lãnh đạo VP;"').replace("archive: [VT, VP]", "archive: VT, VP")
    loaded = validate_text(text, Path("x.yaml"))
    (warning,) = loaded.warnings
    assert warning.message.startswith("documents.notice.recipients[3]: không cần gõ")
    sign_off = next(b for b in compose_notice(loaded.record).blocks if isinstance(b, SignOff))
    assert sign_off.recipients.lines[2] == "- Lãnh đạo VP;"
    assert sign_off.recipients.lines[-1] == "- Lưu: VT, VP."
