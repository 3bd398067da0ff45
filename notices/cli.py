"""The ``notices`` command: a thin layer that parses options, calls one library function, prints."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from notices import clitext, kinds
from notices.errors import RecordError, UserError

# notices uses no pydantic plugin: skip their discovery, a scan of every installed package's metadata
# on each command's first validation (~2% of a cold `validate`)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
clitext.install()  # click's own texts in Vietnamese (English with --lang en or LANG=en…)
clitext.choose(sys.argv[1:])  # before the options below are declared: some of click's texts are fixed then

EXIT_OK, EXIT_USER, EXIT_INTERNAL = 0, 1, 2


def _fail(error: UserError) -> None:
    """Print a user error (for a record: every problem, with its place) to stderr and exit 1."""
    click.echo(error.report() if isinstance(error, RecordError) else error.message, err=True)
    sys.exit(EXIT_USER)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


RECORD_KEY = "notices.record"  # ctx.meta: the record being read or written, named when a bug stops the run


def working_on(path: Path) -> None:
    """Say which record the command is working on (an internal error then names it)."""
    click.get_current_context().meta[RECORD_KEY] = str(path)


class Command(click.Command):
    """A notices command: its usage line in the run's language."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.options_metavar = clitext.OPTIONS_METAVAR[clitext.current()]
        super().format_usage(ctx, formatter)


def _localise_usage(cmd: click.Command) -> None:
    """Make ``cmd``'s usage line ("[TÙY CHỌN]", "LỆNH [THAM SỐ]...") follow the run's language."""
    if isinstance(cmd, Command | Group):
        return
    original = cmd.format_usage

    def format_usage(ctx: click.Context, formatter: click.HelpFormatter) -> None:
        cmd.options_metavar = clitext.OPTIONS_METAVAR[clitext.current()]
        if isinstance(cmd, click.Group):
            cmd.subcommand_metavar = clitext.COMMAND_METAVAR[clitext.current()]
        original(ctx, formatter)

    cmd.format_usage = format_usage  # type: ignore[method-assign]
    for sub in getattr(cmd, "commands", {}).values():
        _localise_usage(sub)


def _library_warnings_to_log() -> None:
    """A library's warnings (a deprecation in cryptography, a font notice from WeasyPrint…) are for developers:
    they go to the log, which NOTICES_DEBUG=1 prints on stderr; a secretary's terminal shows only notices' lines."""
    import logging

    logging.captureWarnings(True)
    log = logging.getLogger("py.warnings")
    log.propagate = False
    for handler in [h for h in log.handlers if getattr(h, "notices", False)]:
        log.removeHandler(handler)
    handler = logging.StreamHandler() if os.environ.get("NOTICES_DEBUG") else logging.NullHandler()
    handler.notices = True  # type: ignore[attr-defined]
    log.addHandler(handler)


class Group(click.Group):
    """Turns user errors into messages and bugs into one line (set NOTICES_DEBUG=1 for the trace).

    click's own texts are in Vietnamese unless ``--lang en`` or an English LANG asks otherwise.
    """

    command_class = Command

    # The rooms' commands (register, signing, web), imported when one of them is asked for: the spine's
    # commands (validate, render…) start without loading SQLAlchemy's, pyHanko's or Starlette's side.
    ROOMS = {
        "issue": "notices.register.cli:issue",
        "register": "notices.register.cli:register_group",
        "archive": "notices.register.cli:archive_group",
        "sign": "notices.signing.cli:sign_command",
        "verify": "notices.signing.cli:verify_command",
        "serve": "notices.web.cli:serve",
        "hoso": "notices.hoso.cli:hoso_group",
        "import": "notices.importer.cli:import_command",
        "worker": "notices.jobs.cli:worker_command",
        "jobs": "notices.jobs.cli:jobs_group",
        "server": "notices.server.cli:server_group",
        "agencies": "notices.server.cli:agencies_group",
        "users": "notices.server.cli:users_group",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.ROOMS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.ROOMS:
            import importlib

            module, name = self.ROOMS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, args=None, *rest, **kwargs):  # type: ignore[no-untyped-def,override]
        clitext.choose(sys.argv[1:] if args is None else list(args))
        _library_warnings_to_log()
        return super().main(args, *rest, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _localise_usage(cmd)  # a room's own command (and its subcommands): its usage line in the run's language
        super().add_command(cmd, name)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.options_metavar = clitext.OPTIONS_METAVAR[clitext.current()]
        self.subcommand_metavar = clitext.COMMAND_METAVAR[clitext.current()]
        super().format_usage(ctx, formatter)

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
            record = ctx.meta.get(RECORD_KEY)
            where = f" khi xử lý hồ sơ {record}" if record else ""
            click.echo(f"Lỗi nội bộ của notices{where} ({type(error).__name__}: {error}). "
                       "Chạy lại với NOTICES_DEBUG=1 để xem chi tiết và báo cho người phát triển.", err=True)
            sys.exit(EXIT_INTERNAL)
        return None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="notices", help=clitext.gettext("Show the version and exit."))
@click.option("--lang", type=click.Choice(clitext.LANGUAGES), expose_value=False, is_eager=True,
              help="Ngôn ngữ của các dòng hướng dẫn và lỗi dùng lệnh: vi (mặc định) hoặc en.")
def main() -> None:
    """notices: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ một hồ sơ YAML."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar="HỒ_SƠ...")
@click.option("--only", multiple=True, metavar="LOẠI",
              help=f"Chỉ tạo loại văn bản này: {', '.join(kinds.keys())} (có thể lặp lại).")
@click.option("--format", "formats", multiple=True, metavar="ĐỊNH_DẠNG",
              help="Định dạng, cách nhau bằng dấu phẩy: docx, pdf, html, md, pdfa (PDF/A-3b lưu trữ, kèm hồ sơ). "
                   "Mặc định: docx,pdf cho văn bản hành chính; html,md,docx,pdf cho tin bài.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), metavar="THƯ_MỤC",
              show_default=True, help="Thư mục ghi văn bản.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="THƯ_MỤC",
              help="Thư mục mẫu câu chữ riêng của cơ quan (ưu tiên trước mẫu có sẵn).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="SỐ",
              help="Số tiến trình tạo văn bản cùng lúc. Mặc định: số lõi của máy.")
@click.option("-q", "--quiet", is_flag=True,
              help="Không in thanh tiến độ và danh sách tệp; chỉ in lỗi và dòng tổng kết.")
@click.option("--queue", is_flag=True,
              help="Đặt lô lên hàng đợi của cơ sở dữ liệu (--db): các máy chạy notices worker cùng làm; "
                   "kết quả ghi vào --out như khi tạo tại chỗ.")
@click.option("--db", "db_url", metavar="URL", help="Cơ sở dữ liệu của hàng đợi (với --queue): postgresql://… "
              "hoặc sqlite:///tệp.db. Mặc định: NOTICES_DB, rồi office.yaml.")
@click.option("--agency", metavar="MÃ[:TÊN]", help="Cơ quan đặt lô (với --queue). Mặc định: office.yaml, "
              "rồi cơ quan ghi trong các hồ sơ.")
def render(paths: tuple[Path, ...], only: tuple[str, ...], formats: tuple[str, ...], out: Path,
           templates: Path | None, jobs: int | None, quiet: bool, queue: bool, db_url: str | None,
           agency: str | None) -> None:
    """Tạo văn bản từ các hồ sơ (tệp .yaml hoặc thư mục chứa chúng)."""
    from notices.batch import Settings, render_batch
    only, chosen = _split(only), _split(formats)
    for value, allowed, option in ((only, kinds.keys(), "--only"), (chosen, kinds.FORMATS, "--format")):
        wrong = [v for v in value if v not in allowed]
        if wrong:
            raise click.BadParameter(f"không có “{', '.join(wrong)}”; chọn trong: {', '.join(allowed)}",
                                     param_hint=option)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())

    def report(result: Any) -> None:
        with progress.aside():
            if result.internal:
                click.echo(result.internal, err=True)
                if os.environ.get("NOTICES_DEBUG") and result.trace:
                    click.echo(result.trace, err=True)
            elif result.error:
                click.echo(result.error, err=True)
            elif not quiet:
                click.echo(f"{result.path}:")
                for target, seconds in result.written:
                    click.echo(f"  → {target} ({seconds:.2f} s)")
                if not result.written:
                    click.echo("  · hồ sơ không khai báo văn bản nào được chọn.")
        progress.advance(len(result.paths))

    settings = Settings(out=out, only=only, formats=chosen, templates=templates)
    if (db_url or agency) and not queue:
        raise click.UsageError("--db và --agency chỉ dùng cùng --queue.")
    if queue:  # the room notices.jobs: the same outputs, made by whichever workers take the batch
        from notices.jobs.cli import render_queued

        summary = render_queued(paths, settings, db_url, agency, jobs, quiet, report)
    else:
        try:
            summary = render_batch(paths, settings, jobs=jobs, on_start=progress.start, on_result=report)
        finally:
            progress.finish()
    click.echo(summary.line())
    if summary.internal:
        sys.exit(EXIT_INTERNAL)
    if summary.failed:
        sys.exit(EXIT_USER)


class _Progress:
    """click's progress bar on stderr (count, rate, time left), only on a terminal; lines print above it."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.began = 0.0

    def start(self, total: int) -> None:
        if not self.enabled or total < 2:
            return
        import time

        self.began = time.perf_counter()
        self.bar = click.progressbar(length=total, file=sys.stderr, show_pos=True, show_eta=True,
                                     item_show_func=self._rate, label="Đang tạo văn bản")
        self.bar.__enter__()

    def _rate(self, _item: object) -> str | None:
        import time

        if self.bar is None or not self.bar.pos:
            return None
        return f"{self.bar.pos / max(time.perf_counter() - self.began, 1e-9):.1f} hồ sơ/giây"

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    @contextlib.contextmanager
    def aside(self) -> Iterator[None]:
        """Print lines without tearing the bar: clear its line, print, draw it again."""
        if self.bar is not None:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        yield
        if self.bar is not None:
            self.bar.render_progress()

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar="HỒ_SƠ...")
def validate(paths: tuple[Path, ...]) -> None:
    """Kiểm tra hồ sơ: báo mọi lỗi cùng một lần, kèm dòng và cột."""
    from notices.records import load_record
    from notices.render import record_files

    failed = 0
    for path in record_files(paths):
        working_on(path)
        try:
            loaded = load_record(path)
        except RecordError as error:
            click.echo(error.report(), err=True)
            failed += 1
            continue
        for warning in loaded.warnings:
            click.echo(warning.format(), err=True)
        made = [k.label for k in kinds.kinds() if getattr(loaded.record.documents, k.key) is not None]
        click.echo(f"{path}: hợp lệ ({', '.join(made) or 'chưa khai báo văn bản nào'}).")
    if failed:
        sys.exit(EXIT_USER)


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Ghi ra tệp thay vì màn hình.")
@click.option("--office", is_flag=True, help="JSON Schema của hồ sơ cơ quan (office.yaml) thay vì hồ sơ.")
@click.option("--hoso", is_flag=True, help="JSON Schema của Danh mục hồ sơ (notices hoso plan) thay vì hồ sơ.")
def schema(out: Path | None, office: bool, hoso: bool) -> None:
    """In JSON Schema của hồ sơ (cho trình soạn thảo gợi ý và kiểm tra khi gõ)."""
    from notices.files import atomic_path
    from notices.records.schema import office_schema, record_schema

    if hoso:
        from notices.hoso.plan import plan_schema

    chosen = plan_schema() if hoso else office_schema() if office else record_schema()
    text = json.dumps(chosen, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    click.echo(f"Đã ghi {out}")


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP...")
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
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                metavar="TỆP...")
@click.option("--from", "source", type=click.Choice(["auto", "tcvn3", "vni", "viqr"]), default="auto",
              show_default=True, help="Bảng mã của tệp TXT/YAML; tệp DOCX luôn theo phông của từng lượt chữ.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
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
