"""Text in is text out: what the record says is what every output prints, character for character."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from notices.records import validate_text
from notices.render import render_record
from tests.conftest import EXAMPLES, ROOT
from tests.support import Docx, para_text, pdf_words_by_page

DAK_SONG = (EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """A record with decomposed (NFD) text, an Excel line break, double spaces and markup characters."""
    nfd = unicodedata.normalize("NFD", "Trần Thanh Nghiêm")
    text = DAK_SONG.replace("name: Trần Thanh Nghiêm", f"name: {nfd}")
    text = text.replace("- Lãnh đạo VP", '- "Lãnh đạo VP\\vPhó Chánh VP"')
    text = text.replace("- Các phòng, ban liên quan", '- "Các phòng  <b>&</b> \\"ban\\""')
    out = tmp_path_factory.mktemp("tricky")
    path = out / "tricky.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = validate_text(text, path)
    render_record(loaded, out, formats=("docx", "pdf", "html"))
    return out / "tricky"


def test_nfd_name_is_printed_nfc(tricky):
    doc = Docx.open(tricky / "thong-bao.docx")
    texts = [para_text(p) for p in doc.paragraphs()]
    assert "Trần Thanh Nghiêm" in texts
    assert not [t for t in texts if not unicodedata.is_normalized("NFC", t)]
    assert "Trần Thanh Nghiêm" in (tricky / "thong-bao.html").read_text(encoding="utf-8")


def test_excel_line_break_is_a_line_break_everywhere(tricky):
    doc = Docx.open(tricky / "thong-bao.docx")
    paragraph = doc.find_paragraph("Lãnh đạo VP")
    assert para_text(paragraph) == "- Lãnh đạo VP\nPhó Chánh VP;"
    assert "- Lãnh đạo VP<br>Phó Chánh VP;" in (tricky / "thong-bao.html").read_text(encoding="utf-8")
    import pdfplumber

    with pdfplumber.open(tricky / "thong-bao.pdf") as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    assert any(line.endswith("- Lãnh đạo VP") for line in lines)
    assert any(line.startswith("Phó Chánh VP;") for line in lines)


def test_spaces_and_markup_characters_are_kept(tricky):
    doc = Docx.open(tricky / "thong-bao.docx")
    assert para_text(doc.find_paragraph("Các phòng")) == '- Các phòng  <b>&</b> "ban";'
    html = (tricky / "thong-bao.html").read_text(encoding="utf-8")
    assert "- Các phòng  &lt;b&gt;&amp;&lt;/b&gt; &quot;ban&quot;;" in html
    words = [w for page in pdf_words_by_page(tricky / "thong-bao.pdf") for w in page]
    assert "<b>&</b>" in words and '"ban";' in words


def test_validate_starts_without_the_heavy_libraries():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from notices.cli import main\n"
        f"result = CliRunner().invoke(main, ['validate', {str(EXAMPLES)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('docx', 'weasyprint', 'pdfplumber', 'jinja2', 'fontTools') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    from notices.files import atomic_path

    target = tmp_path / "thong-bao.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half a fi")
        raise RuntimeError("renderer crashed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["thong-bao.pdf"]
