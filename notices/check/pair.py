"""`--pair A.docx A.pdf`: do the two files carry the same text and the same number of pages?"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from notices.check import read
from notices.check.observed import Observed


@dataclass
class PairResult:
    docx: str
    pdf: str
    missing_in_pdf: list[str] = field(default_factory=list)  # words of the DOCX the PDF lacks
    extra_in_pdf: list[str] = field(default_factory=list)
    docx_pages: int | None = None
    docx_pages_exact: bool = False
    pdf_pages: int | None = None

    @property
    def same_text(self) -> bool:
        return not self.missing_in_pdf and not self.extra_in_pdf

    @property
    def same_pages(self) -> bool | None:
        """True/False when the DOCX page count is known (recorded by Word), else None unless they agree."""
        if self.docx_pages == self.pdf_pages:
            return True
        return False if self.docx_pages_exact else None

    @property
    def ok(self) -> bool:
        return self.same_text and self.same_pages is not False

    def as_dict(self) -> dict[str, Any]:
        return {
            "docx": self.docx,
            "pdf": self.pdf,
            "same_text": self.same_text,
            "missing_in_pdf": self.missing_in_pdf,
            "extra_in_pdf": self.extra_in_pdf,
            "docx_pages": self.docx_pages,
            "docx_pages_exact": self.docx_pages_exact,
            "pdf_pages": self.pdf_pages,
            "same_pages": self.same_pages,
        }

    def text(self) -> str:
        lines = [f"So sánh {self.docx} ↔ {self.pdf}:"]
        if self.same_text:
            lines.append("  Nội dung chữ: giống nhau.")
        else:
            lines.append("  Nội dung chữ: KHÁC NHAU.")
            if self.missing_in_pdf:
                lines.append(f"    Có trong DOCX, thiếu trong PDF: {' '.join(self.missing_in_pdf[:30])}")
            if self.extra_in_pdf:
                lines.append(f"    Có trong PDF, không có trong DOCX: {' '.join(self.extra_in_pdf[:30])}")
        est = "" if self.docx_pages_exact else " (ước tính)"
        verdict = {True: "bằng nhau", False: "KHÁC NHAU", None: "không chắc (số trang DOCX chỉ là ước tính)"}
        lines.append(
            f"  Số trang: DOCX {self.docx_pages}{est}, PDF {self.pdf_pages} — {verdict[self.same_pages]}."
        )
        return "\n".join(lines)


def words(doc: Observed) -> Counter[str]:
    text = " ".join(p.text for p in doc.paras)
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return Counter(re.findall(r"\S+", text))


def compare(docx_path: str, pdf_path: str) -> PairResult:
    """Raises :class:`notices.check.Unreadable` when either file cannot be read."""
    a, b = read(docx_path), read(pdf_path)
    wa, wb = words(a), words(b)
    return PairResult(
        docx_path,
        pdf_path,
        sorted((wa - wb).elements()),
        sorted((wb - wa).elements()),
        a.page_count,
        a.page_count_exact,
        b.page_count,
    )
