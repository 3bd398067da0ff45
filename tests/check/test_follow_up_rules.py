"""The checker's rules for the Công văn and the two Mẫu 1.4 kinds with "Kính gửi": each rule passes our
documents and fails the same document broken in exactly one way (in the model, or in its DOCX XML)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from notices import kinds
from notices.check import check
from notices.model import Addressees, Heading, Recipients, SignOff
from notices.records import load_record
from notices.render import write_document
from tests.conftest import EXAMPLES

RECORD = EXAMPLES / "ea-sup-sau-hoi-nghi-2024.yaml"


@pytest.fixture(scope="module")
def documents():
    loaded = load_record(RECORD)
    return {key: kinds.kind(key).compose(loaded.record, None, loaded.folder)
            for key in ("official_letter", "plan", "proposal")}


def _rules(document, path: Path, fmt: str = "docx") -> set[str]:
    write_document(document, fmt, path)
    return {v.rule for v in check(path).violations}


def _blocks(document, change):
    return replace(document, blocks=tuple(change(b) for b in document.blocks if change(b) is not None))


def test_our_three_pass(documents, tmp_path: Path) -> None:
    for key, document in documents.items():
        for fmt in ("docx", "pdf"):
            assert _rules(document, tmp_path / f"{key}.{fmt}", fmt) == set(), key


@pytest.mark.parametrize("key", ["official_letter", "proposal"])
def test_kg_co_wants_kinh_gui(documents, tmp_path: Path, key: str) -> None:
    broken = _blocks(documents[key], lambda b: None if isinstance(b, Addressees) else b)  # a letter keeps its V/v
    assert "KG-CO" in _rules(broken, tmp_path / "x.docx")


def test_kg_kieu_punctuation(documents, tmp_path: Path) -> None:
    """The last recipient after "Kính gửi:" ends with "." (the others with ";")."""
    path = tmp_path / "cv.docx"
    write_document(documents["official_letter"], "docx", path)
    _edit(path, lambda xml: xml.replace("- UBND các xã, thị trấn.", "- UBND các xã, thị trấn;"))
    messages = [v.message for v in check(path).violations if v.rule == "KG-KIEU"]
    assert messages == ["Mỗi nơi nhận sau “Kính gửi:” bắt đầu bằng “- ” và kết thúc bằng “.”."]


def test_kg_kieu_dashes_in_line_under_the_colon(documents, tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    write_document(documents["official_letter"], "docx", path)
    lefts = sorted(set(re.findall(r'w:left="(\d+)"', _read(path))))
    dash = max(lefts, key=int)  # the items' indent (the widest one in the document)

    def shift_one(xml: str) -> str:  # the second recipient moves 1 cm to the left
        head, tail = xml.split("- Phòng Tài chính", 1)
        cut = head.rfind(f'w:left="{dash}"')
        return head[:cut] + 'w:left="500"' + head[cut + len(f'w:left="{dash}"'):] + "- Phòng Tài chính" + tail

    _edit(path, shift_one)
    assert "KG-KIEU" in {v.rule for v in check(path).violations}


def test_kg_kieu_size(documents, tmp_path: Path) -> None:
    document = documents["proposal"]
    path = tmp_path / "tt.docx"
    write_document(document, "docx", path)
    # the one-line greeting set in 12 pt instead of 13–14
    def smaller(xml: str) -> str:
        parts = xml.split("</w:p>")
        return "</w:p>".join(re.sub(r'w:val="28"', 'w:val="24"', part) if "Kính gửi: " in part else part
                             for part in parts)

    _edit(path, smaller)
    assert "KG-KIEU" in {v.rule for v in check(path).violations}


@pytest.mark.parametrize("key", ["official_letter", "proposal"])
def test_nn_nhu_tren_first(documents, tmp_path: Path, key: str) -> None:
    def without_as_above(block):
        if isinstance(block, SignOff):
            items = tuple(i for i in block.recipients.items if i != "Như trên")
            return SignOff(block.signers, Recipients(items, block.recipients.archive))
        return block

    assert "NN-NHU-TREN" in _rules(_blocks(documents[key], without_as_above), tmp_path / "x.docx")


def test_nn_nhu_tren_not_asked_of_a_plan(documents, tmp_path: Path) -> None:
    assert "NN-NHU-TREN" not in _rules(documents["plan"], tmp_path / "kh.docx")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_nd_muc_part_headings_upper_case(documents, tmp_path: Path, fmt: str) -> None:
    def lower(block):
        if isinstance(block, Heading) and block.label == "II.":
            return replace(block, text="Nội dung")
        return block

    assert "ND-MUC" in _rules(_blocks(documents["plan"], lower), tmp_path / f"kh.{fmt}", fmt)


def _read(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _edit(path: Path, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = change(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
