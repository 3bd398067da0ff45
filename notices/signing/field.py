"""Empty signature fields over each signer's block, added while WeasyPrint writes the PDF.

The HTML writer marks the signer's last title line (``ky-N-chuc-vu``) and the name
(``ky-N-ho-ten``); WeasyPrint's layout gives their boxes (``page.anchors``), and the room between
them is where Phụ lục I, II.7.d puts the signature image. Each signer gets one AcroForm signature
field there, named ``chu-ky-N`` (reading order), so any signing tool signs in the right place.
The field is a few dictionaries added to the PDF being written: no second pass over the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FIELD_PREFIX = "chu-ky-"  # chu-ky-1, chu-ky-2 … in reading order (Biên bản: THƯ KÝ, then CHỦ TỌA)
PX = 0.75  # one CSS pixel in PDF points
_ANCHOR = re.compile(r"ky-(\d+)-(chuc-vu|ho-ten)$")
PRINT_FLAG = 4  # annotation flag Print: PDF/A wants every widget printable


@dataclass(frozen=True)
class FieldBox:
    """Where a signer's field goes: page index and rectangle in PDF points (x0, y0, x1, y1)."""

    name: str
    page: int
    rect: tuple[float, float, float, float]


def signature_boxes(document: Any) -> Iterator[FieldBox]:
    """The room between each signer's title and name, from a laid-out WeasyPrint document."""
    for index, page in enumerate(document.pages):
        height = page.height * PX
        found: dict[int, dict[str, tuple[float, float, float, float]]] = {}
        for anchor, box in page.anchors.items():
            match = _ANCHOR.match(anchor)
            if match:
                found.setdefault(int(match[1]), {})[match[2]] = box
        for number, boxes in sorted(found.items()):
            if set(boxes) != {"chuc-vu", "ho-ten"}:
                continue  # title and name on different pages cannot happen: the block never breaks
            title, name = boxes["chuc-vu"], boxes["ho-ten"]
            x0, x1 = min(title[0], name[0]), max(title[2], name[2])
            top, bottom = title[3], name[1]  # CSS pixels from the top of the page
            yield FieldBox(f"{FIELD_PREFIX}{number}", index,
                           (x0 * PX, height - bottom * PX, x1 * PX, height - top * PX))


def add_signature_fields(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: one empty signature field (widget with an empty appearance) per signer."""
    boxes = list(signature_boxes(document))
    if not boxes:
        return
    import pydyf

    kids = pdf.pages["Kids"]
    fields = pydyf.Array()
    for box in boxes:
        x0, y0, x1, y1 = box.rect
        appearance = pydyf.Stream([], {"Type": "/XObject", "Subtype": "/Form",
                                       "BBox": pydyf.Array([0, 0, round(x1 - x0, 3), round(y1 - y0, 3)])})
        pdf.add_object(appearance)
        number = kids[box.page * 3]  # pydyf keeps page references as flat triples: N 0 R
        page_reference = f"{number} 0 R"
        widget = pydyf.Dictionary({
            "Type": "/Annot", "Subtype": "/Widget", "FT": "/Sig",
            "T": pydyf.String(box.name),
            "Rect": pydyf.Array([round(v, 3) for v in box.rect]),
            "F": PRINT_FLAG,
            "P": page_reference,
            "AP": pydyf.Dictionary({"N": appearance.reference}),
        })
        pdf.add_object(widget)
        page = pdf.objects[number]
        page.setdefault("Annots", pydyf.Array()).append(widget.reference)
        fields.append(widget.reference)
    form = pdf.catalog.get("AcroForm")
    if form is None:
        pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": fields, "SigFlags": 1})
    else:  # pragma: no cover - WeasyPrint writes an AcroForm only for HTML forms, which notices never makes
        form.setdefault("Fields", pydyf.Array()).extend(fields)
        form["SigFlags"] = 1

