"""What a signature looks like on the page (Phụ lục I, II.7.d, II.8.a–b), built as small PDFs.

Each appearance is a one-page PDF exactly the size of its signature field, drawn by WeasyPrint
(exact geometry, the document's own font family, transparent PNGs as soft masks) and attached to
the field with pyHanko's ``StaticStampStyle.from_pdf_file`` (pyHanko's own text stamp garbles
Vietnamese and misreads 2048-unit fonts; see signing.md).
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

from notices.errors import UserError

MM = 72 / 25.4
SEAL_MM_RANGE = (20.0, 60.0)  # real seals of People's Committees measure about 30–42 mm
IMAGE_PADDING = 2.0  # points kept free inside the signer's field, above and below the image
STAMP_SIZE = 10  # II.8.b: Times New Roman 10
STAMP_MARGIN_RIGHT_MM = 15  # the right text edge of a Decree 30 page (margin 15–20 mm)
STAMP_TOP_MM = 8  # in the top margin of page 1, clear of the quốc hiệu


@dataclass(frozen=True)
class Picture:
    """A transparent PNG: its bytes, pixel size and, where it says, its physical size."""

    path: Path
    data: bytes
    width: int
    height: int
    dpi: float | None

    @property
    def aspect(self) -> float:
        return self.width / self.height


def load_png(path: Path, what: str, colour: str) -> tuple[Picture, list[str]]:
    """Read ``path`` as the transparent PNG the decree asks for; warnings if its ink is not ``colour``."""
    from PIL import Image

    try:
        data = path.read_bytes()
        with Image.open(path) as image:
            image.load()
            kind = image.format
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            dpi = image.info.get("dpi")
            size = image.size
            ink = _ink(image)
    except OSError as exc:
        raise UserError(f"{path}: không đọc được {what} ({exc}).") from None
    if kind != "PNG":
        raise UserError(f"{path}: {what} phải là tệp PNG nền trong suốt (Phụ lục I), tệp này là {kind}.")
    if not transparent:
        raise UserError(f"{path}: {what} phải có nền trong suốt (PNG có kênh alpha), tệp này có nền đặc.")
    warnings = []
    if ink is not None and ink != colour:
        shown = {"blue": "màu xanh", "red": "màu đỏ", "other": "màu khác"}
        warnings.append(f"{path}: {what} nên là {shown[colour]} (Phụ lục I), nét trong ảnh là {shown[ink]}.")
    resolution = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 1 else None
    return Picture(path, data, size[0], size[1], resolution), warnings


def _ink(image: object) -> str | None:
    """'blue', 'red' or 'other': the mean colour of the opaque pixels (None if there are none)."""
    from PIL import ImageStat

    rgba = image.convert("RGBA")  # type: ignore[attr-defined]
    mask = rgba.getchannel("A").point(lambda a: 255 if a > 128 else 0)
    if mask.getbbox() is None:
        return None
    r, g, b = ImageStat.Stat(rgba.convert("RGB"), mask=mask).mean
    if b > r + 20 and b > g:
        return "blue"
    if r > g + 40 and r > b + 40:
        return "red"
    return "other"


def fitted(picture_aspect: float, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The picture's rectangle, as large as fits in ``box`` (less the padding), centred in it."""
    x0, y0, x1, y1 = box
    room_w, room_h = x1 - x0, y1 - y0 - 2 * IMAGE_PADDING
    width = min(room_w, room_h * picture_aspect)
    height = width / picture_aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def seal_box(seal: Picture, size_mm: float | None,
             signature: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """II.8.a: the seal at its real size, covering about the left third of the signature image."""
    if size_mm is None:
        if seal.dpi is None:
            raise UserError(f"{seal.path}: ảnh dấu không ghi độ phân giải (DPI) nên không biết kích thước thật; "
                            "hãy cho biết đường kính dấu, ví dụ --seal-size 36 (mm).")
        size_mm = seal.width / seal.dpi * 25.4
        if not SEAL_MM_RANGE[0] <= size_mm <= SEAL_MM_RANGE[1]:
            raise UserError(f"{seal.path}: theo độ phân giải ghi trong ảnh ({seal.dpi:g} dpi), dấu rộng "
                            f"{size_mm:.0f} mm, không giống kích thước thật của dấu; hãy cho biết đường kính "
                            "dấu, ví dụ --seal-size 36 (mm).")
    elif not SEAL_MM_RANGE[0] <= size_mm <= SEAL_MM_RANGE[1]:
        raise UserError(f"--seal-size {size_mm:g}: đường kính dấu phải trong khoảng "
                        f"{SEAL_MM_RANGE[0]:g}–{SEAL_MM_RANGE[1]:g} mm.")
    width = size_mm * MM
    height = width / seal.aspect
    x0, y0, x1, y1 = signature
    right = x0 + (x1 - x0) / 3  # the seal's right edge a third of the way into the signature image
    cy = (y0 + y1) / 2
    return (right - width, cy - height / 2, right, cy + height / 2)


def stamp_text_box(page_box: tuple[float, float, float, float], text: str) -> tuple[float, float, float, float]:
    """II.8.b: where the agency's text goes, top right of page 1."""
    from notices.fonts import text_width

    x0, y0, x1, y1 = page_box
    width = text_width(text, STAMP_SIZE) + 2
    height = STAMP_SIZE * 1.5
    right = x1 - STAMP_MARGIN_RIGHT_MM * MM
    top = y1 - STAMP_TOP_MM * MM
    return (right - width, top - height, right, top)


def _page(width: float, height: float, body: str, style: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>'
        f"@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0; }}"
        "html, body { margin: 0; padding: 0; }"
        f"{style}</style></head><body>{body}</body></html>"
    )


def image_stamp(target: Path, box: tuple[float, float, float, float],
                pictures: list[tuple[Picture, tuple[float, float, float, float]]]) -> None:
    """A one-page PDF the size of ``box`` with each picture at its rectangle (page coordinates)."""
    x0, y0, x1, y1 = box
    parts = []
    for picture, (px0, py0, px1, py1) in pictures:
        src = "data:image/png;base64," + base64.b64encode(picture.data).decode("ascii")
        parts.append(
            f'<img src="{src}" style="position:absolute; left:{px0 - x0:.3f}pt; top:{y1 - py1:.3f}pt; '
            f'width:{px1 - px0:.3f}pt; height:{py1 - py0:.3f}pt; image-rendering: crisp-edges">'
        )
    _write(target, _page(x1 - x0, y1 - y0, "".join(parts)))


def text_stamp(target: Path, box: tuple[float, float, float, float], text: str) -> None:
    """A one-page PDF the size of ``box``: ``text`` in the document family, 10 pt, upright, black."""
    from notices import fonts

    missing = fonts.missing_glyphs(text)
    if missing:
        raise UserError(f"Phông {fonts.family().name} không có các ký tự {', '.join(sorted(missing))} "
                        "của dòng chữ ký số.")
    family = fonts.family()
    # Only this file can draw the text: the family's name is bound to it, no other font is consulted.
    faces = f'@font-face {{ font-family: "{family.name}"; src: url("{family.file().as_uri()}"); }}'
    x0, y0, x1, y1 = box
    style = (f'{faces} p {{ font-family: "{family.name}"; font-size: {STAMP_SIZE}pt; line-height: {y1 - y0:.3f}pt; '
             "font-style: normal; font-weight: normal; color: #000; margin: 0; text-align: right; "
             "white-space: nowrap; font-kerning: none; }")
    _write(target, _page(x1 - x0, y1 - y0, f"<p>{html.escape(text)}</p>", style))


def _write(target: Path, page: str) -> None:
    from weasyprint import HTML

    HTML(string=page).write_pdf(str(target))
