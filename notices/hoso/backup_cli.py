"""``notices archive backup`` and ``notices archive restore`` (added to the register's archive group)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from notices.register.cli import AGENCY_HELP, DB_HELP, _agency, _open


@click.command("backup")
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


@click.command("restore")
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
