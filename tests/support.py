"""Read rendered documents back: DOCX through its XML, PDF through pdfplumber.

Shared by every test that checks a document's layout, whatever its kind.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_PT = 20
HALF_POINTS = 2


def q(tag: str) -> str:
    """Clark name of a ``w:`` tag or attribute."""
    return f"{{{W}}}{tag}"


@dataclass
class Docx:
    """The parts of a DOCX that layout tests read."""

    document: etree._Element
    styles: etree._Element
    headers: dict[str, etree._Element]  # part name → root
    rels: dict[str, str]  # relationship id → target

    @classmethod
    def open(cls, path: Path) -> Docx:
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        rels_root = etree.fromstring(parts["word/_rels/document.xml.rels"])
        rels = {r.get("Id"): r.get("Target") for r in rels_root}
        headers = {n.split("/")[-1]: etree.fromstring(b) for n, b in parts.items() if re.fullmatch(r"word/header\d+\.xml", n)}
        return cls(etree.fromstring(parts["word/document.xml"]), etree.fromstring(parts["word/styles.xml"]), headers, rels)

    @property
    def body(self) -> etree._Element:
        return self.document.find(q("body"))

    def sect(self) -> etree._Element:
        return self.body.find(q("sectPr"))

    def paragraphs(self, root: etree._Element | None = None) -> list[etree._Element]:
        return (root if root is not None else self.body).findall(".//" + q("p"))

    def header_part(self, kind: str) -> etree._Element:
        """The header of type 'default' or 'first'."""
        ref = next(r for r in self.sect().findall(q("headerReference")) if r.get(q("type")) == kind)
        rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        return self.headers[self.rels[rid].split("/")[-1]]

    def find_paragraph(self, text: str) -> etree._Element:
        """The first body paragraph whose text contains ``text``."""
        for p in self.paragraphs():
            if text in para_text(p):
                return p
        raise AssertionError(f"no paragraph contains {text!r}")


def para_text(p: etree._Element) -> str:
    """A paragraph's text; a ``w:br`` is a newline."""
    out = []
    for node in p.iter(q("t"), q("br"), q("tab")):
        out.append(node.text or "" if node.tag == q("t") else ("\n" if node.tag == q("br") else "\t"))
    return "".join(out)


def runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.findall(q("r")) if r.find(q("t")) is not None]


def run_size(r: etree._Element) -> float:
    sz = r.find(f"{q('rPr')}/{q('sz')}")
    assert sz is not None, "every run states its size"
    return int(sz.get(q("val"))) / HALF_POINTS


def run_flag(r: etree._Element, tag: str) -> bool:
    el = r.find(f"{q('rPr')}/{q(tag)}")
    return el is not None and el.get(q("val"), "true") not in ("0", "false")


def ppr_value(p: etree._Element, path: str, attr: str) -> str | None:
    el = p.find(f"{q('pPr')}/" + "/".join(q(t) for t in path.split("/")))
    return None if el is None else el.get(q(attr))


def alignment(p: etree._Element) -> str | None:
    return ppr_value(p, "jc", "val")


def line_spacing(p: etree._Element) -> tuple[float, str]:
    """(line height in points, rule) of a paragraph."""
    return int(ppr_value(p, "spacing", "line")) / TWIPS_PER_PT, ppr_value(p, "spacing", "lineRule")


def docx_text(doc: Docx) -> str:
    """All body text in document order (table cells row by row), paragraphs joined by newlines."""
    return "\n".join(para_text(p) for p in doc.paragraphs())


def words(text: str) -> list[str]:
    """Whitespace-separated tokens (NBSP counts as space)."""
    return text.replace("\u00a0", " ").split()


def pdf_words_by_page(path: Path, skip_top_pt: float = 0) -> list[list[str]]:
    """Each page's words (pdfplumber), leaving out anything within ``skip_top_pt`` of the top edge."""
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            pages.append([w["text"] for w in page.extract_words(use_text_flow=True) if w["top"] >= skip_top_pt])
    return pages


def base_font(name: str) -> str:
    """The family of a PDF font name: 'ABCDEF+Liberation-Serif-Bold-Italic' → 'LiberationSerif'."""
    name = name.split("+", 1)[-1].split(",")[0]
    name = re.sub(r"([-_ ]?(Bold|Italic|Oblique|Regular|MT|PS))+$", "", name)
    return re.sub(r"[-_ ]", "", name)
