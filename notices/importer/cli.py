"""``notices import``: a Word document → a record (and, with --render, the document laid out anew and both
checked side by side); a folder of issued documents → the archive (--archive)."""

from __future__ import annotations

from pathlib import Path

import click

from notices.errors import UserError

SUFFIXES = (".docx", ".doc", ".rtf", ".odt")


@click.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path), metavar="TỆP.docx|TỆP.doc|THƯ_MỤC")
@click.option("--out", type=click.Path(path_type=Path), metavar="HỒ_SƠ.yaml",
              help="Tệp hồ sơ ghi ra (mặc định: cùng tên với văn bản, đuôi .yaml, cạnh văn bản); với thư mục: "
                   "thư mục ghi các hồ sơ.")
@click.option("--render", "render_to", is_flag=False, flag_value="output", default=None, metavar="THƯ_MỤC",
              help="Tạo lại văn bản đúng thể thức Nghị định 30 (mặc định vào thư mục output) và so kết quả "
                   "kiểm tra thể thức của bản gốc với bản mới.")
@click.option("--force", is_flag=True, help="Ghi đè hồ sơ đã có.")
@click.option("--archive", is_flag=True,
              help="Đưa các văn bản đã ban hành (đã có số, ngày) vào sổ đăng ký và kho lưu, kèm tệp gốc.")
@click.option("--db", "db_url", metavar="URL", help="Cơ sở dữ liệu sổ đăng ký (với --archive), như notices issue.")
@click.option("--agency", metavar="MÃ:TÊN", help="Cơ quan (với --archive) khi không có office.yaml.")
def import_command(source: Path, out: Path | None, render_to: str | None, force: bool, archive: bool,
                   db_url: str | None, agency: str | None) -> None:
    """Nhập văn bản Word (DOCX, DOC) thành hồ sơ YAML; liệt kê ở cuối những gì chưa đọc được."""
    if archive:
        from notices.importer.archive import archive_folder

        files = _files(source)
        for line in archive_folder(files, db_url=db_url, agency_option=agency):
            click.echo(line)
        return
    if source.is_dir():
        files = _files(source)
        folder = out or source
        failures = 0
        for path in files:
            try:
                _one(path, folder / f"{path.stem}.yaml", render_to, force)
            except UserError as error:
                failures += 1
                click.echo(error.message, err=True)
        click.echo(f"Đã nhập {len(files) - failures}/{len(files)} văn bản.")
        if failures:
            raise SystemExit(1)
        return
    _one(source, out or source.with_suffix(".yaml"), render_to, force)


def _files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))
    if not found:
        raise UserError(f"Thư mục {folder} không có tệp .docx hay .doc nào.")
    return found


def _one(path: Path, target: Path, render_to: str | None, force: bool) -> None:
    import time

    from notices.files import atomic_path
    from notices.importer import read_document
    from notices.importer.office import as_docx

    if target.exists() and not force:
        raise UserError(f"{target} đã có; chọn tệp khác bằng --out hoặc thêm --force để ghi đè.")
    started = time.perf_counter()
    with as_docx(path) as (docx_path, converted):
        result = read_document(docx_path, source_name=path.name)
        original = _check(docx_path) if render_to else None
    with atomic_path(target) as tmp:
        tmp.write_text(result.yaml, encoding="utf-8")
    imported = result.imported
    via = f" (chuyển từ .{converted} bằng LibreOffice)" if converted else ""
    click.echo(f"{path}{via} → {target}: {imported.kind.label if imported.kind else '?'}, "
               f"{imported.placed} đoạn vào các phần của hồ sơ, {imported.verbatim} đoạn giữ nguyên văn "
               f"({time.perf_counter() - started:.2f} giây).")
    for doubt in imported.doubts:
        click.echo(f"  cần kiểm tra: {doubt}")
    from notices.records.models import Documents

    key = imported.kind.key if imported.kind else None
    if key and key not in Documents.model_fields:  # a kind of the kind catalogue, not in this version
        click.echo(f"  lưu ý: hồ sơ “{imported.kind.label}” (documents.{key}) cần danh mục loại văn bản "
                   "của notices; phiên bản này chưa tạo được văn bản loại này từ hồ sơ.", err=True)
        loaded = None
    else:
        loaded = _validate(result.yaml, target)
    if render_to and loaded is not None and imported.kind is not None:
        _render(loaded, imported.kind.key or "", Path(render_to), original)
    if imported.unread:
        click.echo("Chưa đọc được:")
        for index, text, why in imported.unread:
            click.echo(f"  đoạn {index}: {text.replace(chr(10), ' ')} — {why}")


def _validate(text: str, target: Path):  # type: ignore[no-untyped-def]
    from notices.errors import RecordError
    from notices.records.load import validate_text

    try:
        return validate_text(text, target)
    except RecordError as error:
        click.echo("Hồ sơ đã ghi nhưng còn chỗ cần sửa trước khi tạo văn bản:", err=True)
        click.echo(error.report(), err=True)
        return None


def _check(path: Path):  # type: ignore[no-untyped-def]
    from notices.check import Unreadable, check

    try:
        return check(path)
    except Unreadable:
        return None


def _render(loaded, kind: str, out: Path, original) -> None:  # type: ignore[no-untyped-def]
    from notices.render import render_record

    outcome = render_record(loaded, out, only=(kind,), formats=("docx", "pdf"))
    written = [p for p, _ in outcome.written]
    for p in written:
        click.echo(f"  → {p}")
    new_docx = next((p for p in written if p.suffix == ".docx"), None)
    renewed = _check(new_docx) if new_docx else None
    click.echo(side_by_side(original, renewed))


def side_by_side(original, renewed) -> str:  # type: ignore[no-untyped-def]
    """'Bản gốc: 9 lỗi thể thức → Bản mới: 0', then the count per element, old and new side by side."""
    def count(report) -> str:  # type: ignore[no-untyped-def]
        return "không kiểm tra được" if report is None else f"{len(report.violations)} lỗi thể thức"

    lines = [f"Bản gốc: {count(original)} → Bản mới: {count(renewed).replace(' lỗi thể thức', '')}"]
    by: dict[str, list[int]] = {}
    for n, report in enumerate((original, renewed)):
        for v in report.violations if report is not None else ():
            by.setdefault(v.element, [0, 0])[n] += 1
    width = max((len(e) for e in by), default=0)
    for element, (old, new) in by.items():
        lines.append(f"  {element.ljust(width)}  {old:>3} → {new}")
    if original is not None:
        for v in original.violations:
            lines.append(f"  bản gốc [{v.rule}] {v.message}")
    if renewed is not None:
        for v in renewed.violations:
            lines.append(f"  bản mới [{v.rule}] {v.message}")
    return "\n".join(lines)
