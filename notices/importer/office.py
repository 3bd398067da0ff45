"""Files that are not DOCX: recognised by their bytes and converted by LibreOffice headless first."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from notices.errors import UserError

CONVERT_SECONDS = 120  # a hung soffice must not block the import forever


def sniff(path: Path) -> str:
    """'docx', 'doc' (OLE2), 'rtf', 'html' or 'odt' from the first bytes, whatever the extension says."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise UserError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
    if head.startswith(b"PK\x03\x04"):
        return "odt" if b"opendocument" in head else "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lower()
    if b"<html" in lowered or b"mime-version" in lowered:
        return "html"
    raise UserError(f"{path}: không phải tệp Word (DOCX, DOC, RTF) — không nhận ra nội dung tệp.")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, folder: Path) -> Path:
    """``path`` converted to DOCX in ``folder`` by LibreOffice (its own profile, a time limit)."""
    program = soffice()
    if program is None:
        raise UserError(f"{path}: tệp .doc cần LibreOffice để chuyển sang DOCX; hãy cài gói "
                        "libreoffice-writer-nogui (Debian/Ubuntu) hoặc mở tệp trong Word và lưu thành .docx.")
    profile = folder / f"lo-{uuid.uuid4().hex}"
    source = folder / f"nguon{path.suffix.lower() or '.doc'}"
    shutil.copyfile(path, source)
    command = [program, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)]
    try:
        subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise UserError(f"{path}: LibreOffice không chuyển xong sau {CONVERT_SECONDS} giây.") from None
    target = folder / f"{source.stem}.docx"
    if not target.is_file() or target.stat().st_size == 0:  # exit code 0 with no file happens
        raise UserError(f"{path}: LibreOffice không chuyển được tệp sang DOCX (tệp hỏng hoặc có mật khẩu?).")
    return target


@contextlib.contextmanager
def as_docx(path: Path) -> Iterator[tuple[Path, str | None]]:
    """The file as a DOCX path (itself, or a converted copy removed afterwards) and what it was converted from."""
    kind = sniff(path)
    if kind == "docx":
        yield path, None
        return
    with tempfile.TemporaryDirectory(prefix="notices-import-") as tmp:
        yield convert_to_docx(path, Path(tmp)), kind
