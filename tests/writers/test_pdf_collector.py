"""The PDF writer pauses Python's garbage collector while it lays out a document, and always gives it back."""

from __future__ import annotations

import gc
import threading

import pdfplumber
import pytest

from notices.records import load_record
from notices.render import KINDS
from notices.writers import pdf
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "dak-song-cchc-2023.yaml"


@pytest.fixture(scope="module")
def document():
    kind = next(k for k in KINDS if k.key == "notice")
    return kind.compose(load_record(EXAMPLE).record, None, EXAMPLE.parent)


def test_collector_is_off_during_the_layout_and_on_after(document, tmp_path, monkeypatch):
    seen = []
    original = pdf._page_class()

    class Spy(original):
        def write_pdf(self, *args, **kwargs):
            seen.append(gc.isenabled())
            return super().write_pdf(*args, **kwargs)

    monkeypatch.setattr(pdf, "_page_class", lambda: Spy)
    assert gc.isenabled()
    pdf.write(document, tmp_path / "a.pdf")
    assert seen == [False]
    assert gc.isenabled()
    with pdfplumber.open(tmp_path / "a.pdf") as read:
        assert "THÔNG BÁO" in read.pages[0].extract_text()


def test_a_collector_switched_off_by_the_caller_stays_off(document, tmp_path):
    gc.disable()
    try:
        pdf.write(document, tmp_path / "a.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_back_on_after_a_failed_document(document, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "_page_class", lambda: broken)
    with pytest.raises(RuntimeError):
        pdf.write(document, tmp_path / "a.pdf")
    assert gc.isenabled()
    assert not (tmp_path / "a.pdf").exists()


def test_threads_writing_at_once_leave_the_collector_on(document, tmp_path):
    errors = []

    def write(index: int) -> None:
        try:
            for round_ in range(3):
                pdf.write(document, tmp_path / f"{index}-{round_}.pdf")
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert gc.isenabled()
    assert pdf._paused == 0
    assert len(list(tmp_path.glob("*.pdf"))) == 9
