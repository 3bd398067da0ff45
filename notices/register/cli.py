"""``notices issue``, ``notices register …`` and ``notices archive …``: thin wrappers over the library."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from notices.errors import UserError
from notices.kinds import numbered

NUMBERED = [k.key for k in numbered()]  # the kinds the register numbers, from the catalogue

DB_HELP = ("Cơ sở dữ liệu sổ đăng ký: sqlite:///tệp.db hoặc postgresql://máy/tên "
           "(mặc định: NOTICES_DB, rồi office.yaml, rồi notices.db cạnh office.yaml hoặc ở thư mục hiện tại).")
LIMIT = 100  # search results shown
AGENCY_HELP = "Cơ quan: chữ viết tắt (UBND) hoặc “UBND:Tên cơ quan” khi máy chủ có nhiều cơ quan cùng chữ viết tắt."


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}” không phải ngày dạng NĂM-THÁNG-NGÀY (ví dụ 2024-01-05)",
                                 param_hint="--date/--from/--to") from None


def _this_year() -> int:
    from notices.register.registry import vietnam_today

    return vietnam_today().year


@contextlib.contextmanager
def _open(db_url: str | None) -> Iterator[tuple[Any, Any]]:
    """The database named by --db, NOTICES_DB or the office.yaml above the current folder (closed after)."""
    from notices.records.office import find_office, load_office
    from notices.register.db import open_database, resolve_url

    found = find_office(Path.cwd())
    office = load_office(found) if found else None
    url = resolve_url(db_url, office.office.database if office else None, office.folder if office else None)
    db = open_database(url)
    try:
        yield db, office
    finally:
        db.dispose()


def _agency(db, office, option: str | None, everyone: bool):  # type: ignore[no-untyped-def]
    """Which agency's rows: --all-agencies, --agency, the office.yaml's, or the database's only one."""
    from notices.register.registry import AgencyKey, known_agencies

    if everyone:
        return None
    if option:
        code, _, name = option.partition(":")
        known = [a for a in known_agencies(db) if a.code == code.strip() and (not name or a.name == name.strip())]
        if len(known) == 1:
            return known[0]
        if not known:
            raise UserError(f"Cơ sở dữ liệu {db.url} không có cơ quan “{option}”.")
        names = "; ".join(f"{a.code}:{a.name}" for a in known)
        raise UserError(f"Có nhiều cơ quan viết tắt “{code}”: {names}. Hãy ghi --agency \"MÃ:Tên cơ quan\".")
    if office is not None:
        agency = office.office.agency
        return AgencyKey(agency.code, agency.name, agency.parent)
    known = known_agencies(db)
    if len(known) <= 1:
        return known[0] if known else None
    names = "; ".join(f"{a.code}:{a.name}" for a in known)
    raise UserError(f"Cơ sở dữ liệu có nhiều cơ quan ({names}); hãy chọn bằng --agency hoặc --all-agencies.")


def _common(function):  # type: ignore[no-untyped-def]
    everyone = click.option("--all-agencies", "everyone", is_flag=True, help="Mọi cơ quan trong cơ sở dữ liệu.")
    function = everyone(function)
    function = click.option("--agency", metavar="MÃ[:TÊN]", help=AGENCY_HELP)(function)
    return click.option("--db", "db_url", metavar="URL", help=DB_HELP)(function)


@click.command("issue")
@click.argument("record", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="HỒ_SƠ")
@click.option("--kind", type=click.Choice(NUMBERED), help="Chỉ cấp số cho loại văn bản này.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Ngày ban hành (mặc định: hôm nay, giờ Việt Nam).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True,
              help="Thư mục ghi văn bản.")
@click.option("--db", "db_url", metavar="URL", help=DB_HELP)
@click.option("--hoso", metavar="SỐ_KÝ_HIỆU_HỒ_SƠ",
              help="Lập các văn bản vừa cấp số (cùng hồ sơ YAML và ảnh) vào hồ sơ này của Danh mục, ví dụ 05.VP.")
@click.option("--queue", is_flag=True, help="Tạo và lưu văn bản qua hàng đợi (notices worker); số vẫn cấp tại đây.")
def issue(record: Path, kind: str | None, date_text: str | None, out: Path, db_url: str | None,
          hoso: str | None, queue: bool) -> None:
    """Cấp số, đăng ký và lưu: ghi số và ngày vào hồ sơ, tạo văn bản cuối cùng, lưu vào kho."""
    from notices.register.issue import issue_record

    finish = None
    if queue:  # the room notices.jobs: render-and-archive as an idempotent job
        from notices.jobs.issuing import finish_by_job as finish
    skipped: list[str] = []
    for result in issue_record(record, kind=kind, date=_date(date_text), out=out, db_url=db_url,
                               on_skip=skipped.append, hoso=hoso, finish=finish):
        click.echo(result.summary())
        for path in result.files:
            click.echo(f"  → {path}")
    for reason in skipped:  # the documents of the record left as they were, and why
        click.echo(f"Bỏ qua: {reason}")


@click.group("register")
def register_group() -> None:
    """Sổ đăng ký văn bản đi: xem, hủy số, in sổ."""


@register_group.command("list")
@click.option("--year", type=int, help="Năm (mặc định: năm nay).")
@_common
def list_command(year: int | None, db_url: str | None, agency: str | None, everyone: bool) -> None:
    """Liệt kê các số đã cấp trong năm."""
    from notices.register.export import note
    from notices.register.registry import list_entries

    with _open(db_url) as (db, office):
        year = year or _this_year()
        rows = list_entries(db, _agency(db, office, agency, everyone), year)
        for e in rows:
            extra = f"  [{note(e)}]" if note(e) else ""
            who = f"{e.agency_code} {e.agency_name} · " if everyone else ""
            click.echo(f"{who}{e.label}\t{e.date_text}\t{e.kind_label}: {e.subject}{extra}")
        click.echo(f"Năm {year}: {len(rows)} số.")


@register_group.command("void")
@click.argument("number", metavar="SỐ_KÝ_HIỆU")
@click.option("--year", type=int, help="Năm của số (mặc định: năm nay).")
@click.option("--reason", required=True, help="Lý do hủy số hoặc thu hồi văn bản.")
@_common
def void_command(number: str, year: int | None, reason: str, db_url: str | None, agency: str | None,
                 everyone: bool) -> None:
    """Hủy số / thu hồi: dòng trong sổ giữ nguyên, ghi ai, khi nào, vì sao; số không bao giờ được cấp lại."""
    from notices.register.registry import void

    with _open(db_url) as (db, office):
        entry = void(db, _agency(db, office, agency, everyone), year or _this_year(), number, reason)
        at = dt.datetime.fromisoformat(entry.voided_at)
        click.echo(f"Đã hủy số {entry.label} năm {entry.year} ({entry.voided_by}, lúc {at:%H:%M} ngày {at:%d/%m/%Y}): "
                   f"{entry.void_reason}")


@register_group.command("export")
@click.option("--year", type=int, help="Năm (mặc định: năm nay).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "pdf"]), required=True, help="Định dạng.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Tệp ghi ra.")
@_common
def export_command(year: int | None, fmt: str, out: Path, db_url: str | None, agency: str | None,
                   everyone: bool) -> None:
    """In Sổ đăng ký văn bản đi (Phụ lục IV): XLSX, CSV hoặc PDF có bìa để đóng sổ."""
    from notices.register.export import export
    from notices.register.registry import list_entries

    with _open(db_url) as (db, office):
        year = year or _this_year()
        who = _agency(db, office, agency, everyone)
        rows = list_entries(db, who, year)
        export(rows, fmt, out, agency=who, year=year)
        click.echo(f"Đã ghi {out} ({len(rows)} số, năm {year}).")


@click.group("archive")
def archive_group() -> None:
    """Kho lưu văn bản đi: tìm, lấy lại, kiểm tra toàn vẹn."""


@archive_group.command("search")
@click.argument("query", nargs=-1, required=True, metavar="TỪ_KHÓA...")
@click.option("--year", type=int, help="Chỉ tìm trong năm này.")
@click.option("--kind", type=click.Choice(NUMBERED), help="Chỉ loại này.")
@click.option("--signer", metavar="HỌ_TÊN", help="Chỉ văn bản do người này ký (không phân biệt dấu, hoa thường).")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Ban hành từ ngày này.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Ban hành đến ngày này.")
@_common
def search_command(query: tuple[str, ...], year: int | None, kind: str | None, signer: str | None,
                   date_from: str | None, date_to: str | None, db_url: str | None, agency: str | None,
                   everyone: bool) -> None:
    """Tìm văn bản theo số, trích yếu, tên người và toàn văn, xếp theo mức phù hợp (không phân biệt dấu,
    hoa thường, đ/d). Cú pháp: từ, "cụm từ", -từ_loại_trừ, tiền_tố*; đặt cả câu tìm trong dấu nháy đơn
    (notices archive search 'phòng chống -"thiên tai"') hoặc sau -- khi có từ bắt đầu bằng dấu trừ."""
    from notices.register.archive import search
    from notices.register.registry import known_agencies

    with _open(db_url) as (db, office):
        who = known_agencies(db) if everyone else [_agency(db, office, agency, everyone)]
        for one in who:
            if one is None:
                click.echo("Tìm thấy 0 văn bản.")
                continue
            hits = search(db, " ".join(query), agency=one, year=year, kind=kind, signer=signer,
                          date_from=_date(date_from), date_to=_date(date_to), limit=LIMIT)
            if everyone:
                click.echo(f"— {one.code} {one.name}:")
            for hit in hits:
                e = hit.entry
                click.echo(f"{e.label} năm {e.year}, ngày {e.date_text} — {e.kind_label}: {e.subject}")
                if hit.excerpt and hit.excerpt != e.subject:
                    bold = sys.stdout.isatty()  # the searched words in bold on a terminal
                    click.echo("    " + (hit.marked("\x1b[1m", "\x1b[0m") if bold else hit.excerpt))
            if hits.span:
                span = f"{hits.span:_}".replace("_", ".")
                click.echo(f"Có nhiều văn bản chứa cụm từ: đã tìm trong {span} văn bản "
                           f"mới nhất ({hits.matched} văn bản khớp). Thêm --year, --kind hoặc --from/--to để tìm "
                           "văn bản cũ hơn.")
            elif hits.capped:
                click.echo(f"Có hơn {hits.matched} văn bản khớp; đã xếp hạng {hits.matched} văn bản mới nhất. "
                           "Thêm từ, --year hoặc --kind để thu hẹp.")
            elif len(hits) == LIMIT:
                click.echo(f"Hiện {LIMIT} văn bản phù hợp nhất trong {hits.matched}; thêm từ, --year hoặc --kind "
                           "để thu hẹp.")
            else:
                click.echo(f"Tìm thấy {len(hits)} văn bản.")


@archive_group.command("get")
@click.argument("number", metavar="SỐ_KÝ_HIỆU")
@click.option("--year", type=int, help="Năm của số (mặc định: năm nay).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Thư mục ghi ra.")
@_common
def get_command(number: str, year: int | None, out: Path, db_url: str | None, agency: str | None,
                everyone: bool) -> None:
    """Lấy lại hồ sơ và các tệp của một số, đúng từng byte như khi lưu."""
    from notices.register.archive import get

    with _open(db_url) as (db, office):
        for path in get(db, _agency(db, office, agency, everyone), year or _this_year(), number, out):
            click.echo(f"  → {path}")


@archive_group.command("verify")
@_common
def verify_command(db_url: str | None, agency: str | None, everyone: bool) -> None:
    """Kiểm tra lại mọi tệp đã lưu theo mã SHA-256 (thoát mã 1 nếu có tệp bị thay đổi)."""
    from notices.register.archive import verify

    with _open(db_url) as (db, office):
        checked, bad = verify(db, _agency(db, office, agency, everyone))
        from notices.hoso.library import verify_attachments  # the hồ sơ's records, photos and Mục lục too

        more, broken = verify_attachments(db, _agency(db, office, agency, everyone))
        checked, bad = checked + more, bad + broken
        for m in bad:
            click.echo(f"SAI: {m.label} năm {m.year} ({m.agency}), tệp {m.name}: SHA-256 đã ghi {m.expected}, "
                       f"hiện là {m.actual}", err=True)
        if bad:
            click.echo(f"{len(bad)}/{checked} tệp không còn nguyên vẹn; hãy khôi phục từ bản sao lưu.", err=True)
            sys.exit(1)
        click.echo(f"Đã kiểm tra {checked} tệp: tất cả nguyên vẹn.")


@register_group.command("import")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="SỔ.xlsx|SỔ.csv")
@click.option("--dry-run", is_flag=True, help="Chỉ đọc và kiểm tra, không ghi vào sổ.")
@click.option("--agency", metavar="MÃ[:TÊN]", help=AGENCY_HELP)
@click.option("--db", "db_url", metavar="URL", help=DB_HELP)
def import_command(sheet: Path, dry_run: bool, agency: str | None, db_url: str | None) -> None:
    """Nhập Sổ đăng ký văn bản đi đã ghi tay (XLSX, CSV theo Phụ lục IV): số tiếp theo nối tiếp số cuối của sổ."""
    from notices.importer.register import run_import

    with _open(db_url) as (db, office):
        for line in run_import(db, office, sheet, agency, dry_run, lambda: _agency(db, office, agency, False)):
            click.echo(line)


# Backup and restore: the whole archive (register, drafts, hồ sơ, files), by the hồ sơ room (notices.hoso.backup).
@archive_group.command("backup")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Thư mục mới ghi bản sao lưu.")
@click.option("--all-agencies", "everyone", is_flag=True, help="Sao lưu mọi cơ quan trong cơ sở dữ liệu.")
@click.option("--agency", metavar="MÃ[:TÊN]", help=AGENCY_HELP)
@click.option("--db", "db_url", metavar="URL", help=DB_HELP)
def backup_command(out: Path, everyone: bool, db_url: str | None, agency: str | None) -> None:
    """Sao lưu đầy đủ (dữ liệu, tệp, hồ sơ, kèm SHA256SUMS tự kiểm tra) vào một thư mục mới."""
    from notices.hoso.backup import backup

    with _open(db_url) as (db, office):
        report = backup(db, _agency(db, office, agency, everyone), out)
        rows = sum(report.rows.values())
        click.echo(f"Đã sao lưu vào {report.path}: {rows} dòng dữ liệu, {report.blobs} tệp ({report.bytes} byte); "
                   "đã kiểm tra lại.")


@archive_group.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="THƯ_MỤC")
@click.option("--db", "db_url", metavar="URL", required=True, help="Cơ sở dữ liệu RỖNG để khôi phục vào.")
@click.option("--check", is_flag=True, help="Chỉ kiểm tra bản sao lưu, không khôi phục.")
def restore_command(folder: Path, db_url: str, check: bool) -> None:
    """Khôi phục bản sao lưu vào một cơ sở dữ liệu rỗng (SQLite hoặc PostgreSQL)."""
    from notices.hoso.backup import check as check_backup
    from notices.hoso.backup import restore
    from notices.register.db import open_database

    if check:
        problems = check_backup(folder)
        for problem in problems:
            click.echo(f"SAI: {problem}", err=True)
        if problems:
            sys.exit(1)
        click.echo(f"Bản sao lưu {folder} nguyên vẹn.")
        return
    db = open_database(db_url)
    try:
        rows = restore(db, folder)
    finally:
        db.dispose()
    click.echo(f"Đã khôi phục {sum(rows.values())} dòng vào {db.url}; hãy chạy notices archive verify --db … "
               "để kiểm tra lại các tệp.")


@archive_group.command("size")
@click.option("--db", "db_url", metavar="URL", help=DB_HELP)
def size_command(db_url: str | None) -> None:
    """Dung lượng kho lưu: số văn bản, số tệp, nội dung khác nhau, cơ sở dữ liệu và bình quân mỗi văn bản."""
    from notices.register.archive import size

    with _open(db_url) as (db, _office):
        s = size(db)
        click.echo(f"{_vn(s.documents)} văn bản đã lưu, {_vn(s.files)} tệp ({_vn(s.contents)} nội dung khác nhau, "
                   f"{_vn(s.content_bytes / 1e6, 1)} MB); cơ sở dữ liệu {_vn(s.database_bytes / 1e6, 1)} MB, "
                   f"bình quân {_vn(s.per_document / 1024, 1)} KiB mỗi văn bản.")


def _vn(value: float, decimals: int = 0) -> str:
    """1234567.8 → '1.234.567,8' (Vietnamese grouping)."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
