"""Photos of a news post: read JPEG or PNG, turn upright (EXIF), resize for the web, save beside the post.

The only module that imports Pillow. A photo is prepared once, when the post is composed; every
writer then uses the same bytes (the HTML page and Markdown link the saved file, DOCX embeds it,
PDF draws it). The saved file carries no EXIF block: no camera data or GPS position is published.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from notices import vn
from notices.errors import UserError
from notices.files import atomic_path

if TYPE_CHECKING:  # the document model is loaded by the composers; `validate` checks photos without it
    from notices.model import Document, Image

DEFAULT_MAX_WIDTH = 1200  # pixels: wide enough for any article column, small enough to load fast
FOLDER = "anh"  # photos are saved under output/<record>/anh/
FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
JPEG_QUALITY = 85
MAX_PIXELS = 60_000_000  # a 60-megapixel photo; larger ones are refused before they are decoded


class PhotoError(UserError):
    """A photo that cannot be published (missing, unreadable, not JPEG/PNG)."""


# The folder photos must lie in, while a caller confines reads (the web server: its upload folder).
_ROOT: ContextVar[Path | None] = ContextVar("notices_photo_root", default=None)


@contextmanager
def confined_to(folder: Path) -> Iterator[None]:
    """Within this block, a photo is read only if it lies inside ``folder`` once links are followed.

    On the command line a record may name any image on disk; a record that arrives through the web
    form must not make the server read (or reveal the existence of) a file outside what was uploaded.
    """
    token = _ROOT.set(folder.resolve())
    try:
        yield
    finally:
        _ROOT.reset(token)


def outside_root(path: Path) -> bool:
    """True when reads are confined and ``path`` (absolute, '..', or a link) leads out of the folder."""
    root = _ROOT.get()
    if root is None:
        return False
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return True
    return not resolved.is_relative_to(root)


class _Unusable(Exception):
    """Why a photo cannot be used (the Vietnamese reason is its message)."""


@contextmanager
def _decoded(path: Path) -> Iterator[object]:
    """``path`` opened and decoded once (a ``PIL.Image`` with its pixels), or :class:`_Unusable`."""
    from PIL import Image as PIL
    from PIL import ImageFile, UnidentifiedImageError

    if outside_root(path):  # checked before anything touches the file: not even its existence is told
        raise _Unusable("chỉ dùng được ảnh đã tải lên cùng hồ sơ, không dùng được")
    if not path.is_file():
        raise _Unusable("không tìm thấy tệp ảnh" if not path.exists() else "đường dẫn ảnh không phải là tệp")
    # WeasyPrint, once imported, tells Pillow to pad truncated files silently (a process-wide switch):
    # here a cut-off photo must be found, whatever was imported before.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with PIL.open(path) as picture:
            kind = picture.format
            pixels = picture.width * picture.height
            picture.verify()  # structure and checksums, no pixels
        if pixels > MAX_PIXELS:
            raise _Unusable(f"ảnh quá lớn ({pixels // 1_000_000} triệu điểm ảnh; "
                            f"tối đa {MAX_PIXELS // 1_000_000} triệu)")
        if kind not in FORMATS:
            raise _Unusable(f"ảnh dạng {kind} chưa được hỗ trợ; hãy dùng ảnh JPEG hoặc PNG")
        picture = PIL.open(path)
        try:
            picture.load()  # the pixels, once: a truncated JPEG fails only here
        except BaseException:
            picture.close()
            raise
    except _Unusable:
        raise
    except UnidentifiedImageError:
        raise _Unusable("tệp không phải là ảnh đọc được (cần ảnh JPEG hoặc PNG)") from None
    except OSError as exc:
        if exc.errno is None:  # Pillow's own: "image file is truncated", "broken data stream"…
            raise _Unusable("ảnh bị hỏng hoặc bị cắt cụt (tệp không đầy đủ), không đọc được") from None
        raise _Unusable(f"không đọc được tệp ảnh (mã lỗi hệ thống {exc.errno})") from None
    except Exception:  # Pillow raises many kinds of errors on a damaged file
        raise _Unusable("ảnh bị hỏng, không đọc được") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    with picture:
        yield picture


def problem(path: Path) -> str | None:
    """Why ``path`` cannot be used as a photo (in Vietnamese), or None when it can."""
    try:
        with _decoded(path):
            return None
    except _Unusable as reason:
        return str(reason)


def prepare(path: Path, max_width: int = DEFAULT_MAX_WIDTH, field: str = "ảnh") -> Image:
    """``path`` upright, at most ``max_width`` pixels wide, encoded again in its own format.

    ``field`` names the record field for the error message (e.g. ``documents.news.photos[0].file``).
    """
    from PIL import Image as PIL
    from PIL import ImageOps

    from notices.model import Image

    try:
        with _decoded(path) as picture:
            kind = picture.format
            upright = ImageOps.exif_transpose(picture)
    except _Unusable as reason:
        raise PhotoError(f"{field}: {reason}: {path}") from None
    if upright.width > max_width:
        height = max(1, round(upright.height * max_width / upright.width))
        upright = upright.resize((max_width, height), PIL.Resampling.LANCZOS)
    media_type, suffix = FORMATS[kind]
    buffer = io.BytesIO()
    if kind == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        upright.save(buffer, "PNG", optimize=True)
    name = (vn.slug(path.stem) or "anh") + suffix
    return Image(name=name, media_type=media_type, data=buffer.getvalue(),
                 width=upright.width, height=upright.height)


def unique_names(images: list[Image]) -> list[Image]:
    """The same images, renamed '-2', '-3'… where two would be saved under one name."""
    from dataclasses import replace

    seen: set[str] = set()
    result = []
    for image in images:
        stem, dot, suffix = image.name.rpartition(".")
        name, counter = image.name, 1
        while name in seen:
            counter += 1
            name = f"{stem}-{counter}{dot}{suffix}"
        seen.add(name)
        result.append(replace(image, name=name))
    return result


def save_all(document: Document, folder: Path) -> list[Path]:
    """Write every photo of ``document`` into ``folder/anh/`` (atomically); the paths written."""
    from notices.model import Figure

    written = []
    for block in document.blocks:
        if isinstance(block, Figure):
            target = folder / FOLDER / block.image.name
            with atomic_path(target) as tmp:
                tmp.write_bytes(block.image.data)
            written.append(target)
    return written


def src(image: Image) -> str:
    """The relative address of a saved photo, as the page, the fragment and Markdown link it."""
    return f"{FOLDER}/{image.name}"
