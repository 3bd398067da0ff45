"""The ``notices`` command: a thin layer that parses options, calls one library function, prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from notices.errors import RecordError, UserError

EXIT_OK, EXIT_USER, EXIT_INTERNAL = 0, 1, 2


def _fail(error: UserError) -> None:
    """Print a user error (every problem of every record) to stderr and exit 1."""
    from notices.render import MultiRecordError

    failures = error.failures if isinstance(error, MultiRecordError) else [error]
    for failure in failures:
        text = failure.report() if isinstance(failure, RecordError) else failure.message
        click.echo(text, err=True)
    if isinstance(error, MultiRecordError):
        click.echo(error.message, err=True)
    sys.exit(EXIT_USER)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


class Group(click.Group):
    """Turns user errors into messages and bugs into one line (set NOTICES_DEBUG=1 for the trace)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as error:
            _fail(error)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:  # a bug: say so plainly, keep the trace for developers
            if os.environ.get("NOTICES_DEBUG"):
                raise
            click.echo(f"Lỗi nội bộ của notices ({type(error).__name__}: {error}). "
                       "Chạy lại với NOTICES_DEBUG=1 để xem chi tiết và báo cho người phát triển.", err=True)
            sys.exit(EXIT_INTERNAL)
        return None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="notices")
def main() -> None:
    """notices: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ một hồ sơ YAML."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--only", multiple=True, metavar="KIND",
              help="Chỉ tạo loại văn bản này: notice, invitation, minutes, report, news (có thể lặp lại).")
@click.option("--format", "formats", multiple=True, metavar="FORMATS",
              help="Định dạng, cách nhau bằng dấu phẩy: docx, pdf, html, md. Mặc định: docx,pdf cho văn bản "
                   "hành chính; html,md,docx,pdf cho tin bài.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Thư mục ghi văn bản.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Thư mục mẫu câu chữ riêng của cơ quan (ưu tiên trước mẫu có sẵn).")
def render(paths: tuple[Path, ...], only: tuple[str, ...], formats: tuple[str, ...], out: Path,
           templates: Path | None) -> None:
    """Tạo văn bản từ các hồ sơ (tệp .yaml hoặc thư mục chứa chúng)."""
    from notices.render import FORMATS, KIND_KEYS, load_all, render_record

    only, chosen = _split(only), _split(formats)
    for value, allowed, option in ((only, KIND_KEYS, "--only"), (chosen, FORMATS, "--format")):
        wrong = [v for v in value if v not in allowed]
        if wrong:
            raise click.BadParameter(f"không có “{', '.join(wrong)}”; chọn trong: {', '.join(allowed)}",
                                     param_hint=option)
    records = load_all(paths)
    if not records:
        raise UserError("Không tìm thấy hồ sơ .yaml nào trong các đường dẫn đã cho.")
    total = 0
    for loaded in records:
        outcome = render_record(loaded, out, only=only, formats=chosen, templates=templates)
        click.echo(f"{loaded.path}:")
        for target, seconds in outcome.written:
            click.echo(f"  → {target} ({seconds:.2f} s)")
        if not outcome.written:
            click.echo("  · hồ sơ không khai báo văn bản nào được chọn.")
        total += len(outcome.written)
    click.echo(f"Đã tạo {total} tệp từ {len(records)} hồ sơ.")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Kiểm tra hồ sơ: báo mọi lỗi cùng một lần, kèm dòng và cột."""
    from notices.records import load_record
    from notices.render import KINDS, record_files

    failed = 0
    for path in record_files(paths):
        try:
            loaded = load_record(path)
        except RecordError as error:
            click.echo(error.report(), err=True)
            failed += 1
            continue
        for warning in loaded.warnings:
            click.echo(warning.format(), err=True)
        kinds = [k.label for k in KINDS if getattr(loaded.record.documents, k.key) is not None]
        click.echo(f"{path}: hợp lệ ({', '.join(kinds) or 'chưa khai báo văn bản nào'}).")
    if failed:
        sys.exit(EXIT_USER)


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Ghi ra tệp thay vì màn hình.")
def schema(out: Path | None) -> None:
    """In JSON Schema của hồ sơ (cho trình soạn thảo gợi ý và kiểm tra khi gõ)."""
    from notices.records.schema import record_schema
    from notices.writers.atomic import atomic_path

    text = json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    click.echo(f"Đã ghi {out}")


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pair", nargs=2, type=click.Path(dir_okay=False, path_type=Path), metavar="A.docx A.pdf",
              help="So sánh chữ và số trang của một tệp DOCX với tệp PDF của nó.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--rules", "list_rules", is_flag=True, help="Liệt kê các quy tắc kiểm tra.")
def check_command(paths: tuple[Path, ...], pair: tuple[Path, Path] | None, as_json: bool,
                  list_rules: bool) -> None:
    """Kiểm tra thể thức tệp DOCX/PDF theo Phụ lục I Nghị định 30 (0: đạt, 1: có lỗi, 2: không đọc được)."""
    from notices.check.command import run
    from notices.check.report import rule_list

    if list_rules:
        click.echo(rule_list())
        return
    if not paths and not pair:
        raise click.UsageError("Cần ít nhất một tệp .docx/.pdf hoặc --pair A.docx A.pdf.")
    sys.exit(run([str(p) for p in paths], (str(pair[0]), str(pair[1])) if pair else None, as_json, click.echo))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source", type=click.Choice(["auto", "tcvn3", "vni", "viqr"]), default="auto",
              show_default=True, help="Bảng mã của tệp TXT/YAML; tệp DOCX luôn theo phông của từng lượt chữ.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp kết quả khi chuyển một tệp (mặc định: <tên>.unicode.<đuôi> cạnh tệp gốc).")
@click.option("--in-place", is_flag=True, help="Ghi đè tệp gốc (ghi tệp tạm rồi thay thế).")
@click.option("--dry-run", is_flag=True, help="Chỉ báo những chỗ sẽ đổi, không ghi tệp.")
def convert(paths: tuple[Path, ...], source: str, out: Path | None, in_place: bool, dry_run: bool) -> None:
    """Chuyển tệp gõ bằng TCVN3 (.VnTime), VNI hoặc VIQR sang Unicode, phông Times New Roman."""
    from notices.vn.convert import ConvertError, convert_file

    if out is not None and (len(paths) > 1 or in_place):
        raise click.UsageError("--out chỉ dùng khi chuyển một tệp và không kèm --in-place.")
    for path in paths:
        try:
            report = convert_file(path, path if in_place else out, source, dry_run)  # type: ignore[arg-type]
        except ConvertError as error:
            raise UserError(str(error)) from error
        click.echo(report.summary())


from notices.web.cli import serve  # noqa: E402  (the web form's command lives in its own room)

main.add_command(serve)
