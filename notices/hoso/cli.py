"""``notices hoso …`` and ``notices archive backup|restore``: thin wrappers over the hồ sơ library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from notices.errors import UserError
from notices.register.cli import AGENCY_HELP, DB_HELP, _agency, _date, _open, _this_year


def _scoped(function):  # type: ignore[no-untyped-def]
    function = click.option("--agency", metavar="MÃ[:TÊN]", help=AGENCY_HELP)(function)
    return click.option("--db", "db_url", metavar="URL", help=DB_HELP)(function)


def _year_option(function):  # type: ignore[no-untyped-def]
    return click.option("--year", type=int, help="Năm của Danh mục hồ sơ (mặc định: năm duy nhất có hồ sơ này, "
                                                 "nếu không thì năm nay).")(function)


def _year(db, who, notation: str, year: int | None) -> int:  # type: ignore[no-untyped-def]
    from notices.hoso.library import year_of

    return year if year is not None else year_of(db, who, notation, _this_year())


def _who(db, office, option):  # type: ignore[no-untyped-def]
    agency = _agency(db, office, option, False)
    if agency is None:
        raise UserError(f"Cơ sở dữ liệu {db.url} chưa có cơ quan nào; hãy nạp Danh mục hồ sơ (notices hoso plan) "
                        "trong thư mục có office.yaml, hoặc ghi mục agency trong Danh mục.")
    return agency


@click.group("hoso")
def hoso_group() -> None:
    """Hồ sơ (Phụ lục V, VI): Danh mục, lập hồ sơ, kết thúc, xuất gói, nộp lưu."""


@hoso_group.command("plan")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="DANH_MUC.yaml")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Thư mục ghi Danh mục (DOCX, PDF).")
@_scoped
def plan_command(path: Path, out: Path | None, db_url: str | None, agency: str | None) -> None:
    """Nạp Danh mục hồ sơ của năm (kiểm tra, lưu, mở các hồ sơ) và in Danh mục theo Phụ lục V."""
    from notices.files import atomic_path
    from notices.hoso import documents
    from notices.hoso.library import plan_view, store_plan
    from notices.hoso.plan import load_plan
    from notices.register.registry import AgencyKey, vietnam_today

    loaded = load_plan(path)
    with _open(db_url) as (db, office):
        if agency is None and office is None and loaded.plan.agency is not None:
            a = loaded.plan.agency
            who = AgencyKey(a.code, a.name, a.parent)
        elif agency and ":" in agency:
            code, _, name = agency.partition(":")
            who = AgencyKey(code.strip(), name.strip())
        else:
            who = _who(db, office, agency)
        count = store_plan(db, who, loaded)
        click.echo(f"Đã lưu Danh mục hồ sơ năm {loaded.plan.year} của {who.name}: {count} hồ sơ.")
        if out is not None:
            for name, data in documents.danh_muc(plan_view(db, who, loaded.plan.year), vietnam_today()):
                with atomic_path(out / name) as tmp:
                    tmp.write_bytes(data)
                click.echo(f"  → {out / name}")


@hoso_group.command("open")
@click.argument("notation", metavar="HỒ_SƠ")
@click.option("--title", required=True, help="Tiêu đề hồ sơ (tối đa 500 ký tự).")
@click.option("--retention", required=True, help="Thời hạn bảo quản: “Vĩnh viễn” hoặc số năm, ví dụ “10 năm”.")
@click.option("--creator", required=True, help="Người lập hồ sơ (tối đa 30 ký tự).")
@click.option("--note", default="", help="Ghi chú.")
@_year_option
@_scoped
def open_command(notation: str, title: str, retention: str, creator: str, note: str, year: int | None,
                 db_url: str | None, agency: str | None) -> None:
    """Mở một hồ sơ ngoài Danh mục (Điều 29.2), dưới đề mục lớn mà chữ viết tắt của nó chỉ ra."""
    from notices.hoso.library import open_hoso

    with _open(db_url) as (db, office):
        h = open_hoso(db, _who(db, office, agency), year or _this_year(), notation, title=title, retention=retention,
                      creator=creator, note=note)
        click.echo(f"Đã mở hồ sơ {h.notation} năm {h.year}: {h.title} ({h.maintenance}).")


@hoso_group.command("add")
@click.argument("notation", metavar="HỒ_SƠ")
@click.argument("labels", nargs=-1, required=True, metavar="SỐ_KÝ_HIỆU_VĂN_BẢN...")
@_year_option
@click.option("--doc-year", type=int, help="Năm của văn bản (mặc định: năm của hồ sơ).")
@_scoped
def add_command(notation: str, labels: tuple[str, ...], year: int | None, doc_year: int | None,
                db_url: str | None, agency: str | None) -> None:
    """Lập văn bản đã ban hành vào hồ sơ (liên kết, không sao chép), ví dụ: notices hoso add 05.VP 12/TB-UBND."""
    from notices.hoso.library import add

    with _open(db_url) as (db, office):
        who = _who(db, office, agency)
        added = add(db, who, _year(db, who, notation, year), notation, labels, doc_year=doc_year)
        for e in added:
            click.echo(f"Đã lập {e.kind_label} {e.label} ngày {e.date_text} vào hồ sơ {notation}.")
        if len(added) < len(labels):
            click.echo(f"{len(labels) - len(added)} văn bản đã có trong hồ sơ {notation} từ trước.")


@hoso_group.command("close")
@click.argument("notation", metavar="HỒ_SƠ")
@_year_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi Mục lục văn bản (DOCX, PDF).")
@_scoped
def close_command(notation: str, year: int | None, out: Path | None, db_url: str | None, agency: str | None) -> None:
    """Kết thúc hồ sơ: chốt ngày, số văn bản, số trang, thứ tự; lập Mục lục văn bản, tài liệu."""
    from notices.hoso.library import close

    with _open(db_url) as (db, office):
        who = _who(db, office, agency)
        found, written = close(db, who, _year(db, who, notation, year), notation, out=out)
        h = found.hoso
        click.echo(f"Đã kết thúc hồ sơ {h.notation} năm {h.year}: {h.doc_total} văn bản, {h.page_total} trang, "
                   f"{h.period}.")
        for path in written:
            click.echo(f"  → {path}")


@hoso_group.command("reopen")
@click.argument("notation", metavar="HỒ_SƠ")
@_year_option
@click.option("--reason", required=True, help="Lý do mở lại (ghi vào lịch sử hồ sơ).")
@_scoped
def reopen_command(notation: str, year: int | None, reason: str, db_url: str | None, agency: str | None) -> None:
    """Mở lại hồ sơ đã kết thúc (ghi ai, khi nào, vì sao)."""
    from notices.hoso.library import reopen

    with _open(db_url) as (db, office):
        who = _who(db, office, agency)
        h = reopen(db, who, _year(db, who, notation, year), notation, reason)
        click.echo(f"Đã mở lại hồ sơ {h.notation} năm {h.year}: {reason}")


@hoso_group.command("export")
@click.argument("notation", metavar="HỒ_SƠ")
@_year_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Tệp ZIP ghi ra.")
@_scoped
def export_command(notation: str, year: int | None, out: Path, db_url: str | None, agency: str | None) -> None:
    """Xuất hồ sơ theo Phụ lục VI: PDF/A theo thứ tự, hoso.xml, hoso.xsd, Mục lục, SHA256SUMS."""
    from notices.hoso.package import export

    with _open(db_url) as (db, office):
        who = _who(db, office, agency)
        path, count = export(db, who, _year(db, who, notation, year), notation, out)
        click.echo(f"Đã ghi {path} ({count} tệp).")


@hoso_group.command("verify")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="GÓI.zip")
@click.option("--db", "_db_url", metavar="URL", help="Không cần: gói được kiểm tra riêng, không dùng cơ sở dữ liệu.")
def verify_command(package: Path, _db_url: str | None) -> None:
    """Kiểm tra một gói hồ sơ ở bất cứ đâu (thoát mã 1 nếu gói bị thay đổi)."""
    from notices.hoso.package import verify

    verdict = verify(package)
    for problem in verdict.problems:
        click.echo(f"SAI: {problem}", err=True)
    if not verdict.ok:
        click.echo(f"Gói {package} không nguyên vẹn ({len(verdict.problems)} lỗi).", err=True)
        sys.exit(1)
    click.echo(f"Gói {package} nguyên vẹn: hồ sơ {verdict.notation}, {verdict.documents} văn bản, "
               f"{verdict.members} tệp; hoso.xml đúng lược đồ.")


@hoso_group.command("handover")
@click.option("--year", type=int, required=True, help="Năm của Danh mục hồ sơ nộp lưu.")
@click.option("--to", "to", required=True, help="Nơi nhận, ví dụ “Lưu trữ cơ quan”.")
@click.option("--giver", default="", help="Người đại diện bên giao: họ tên, chức vụ.")
@click.option("--receiver", default="", help="Người đại diện bên nhận: họ tên, chức vụ.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Thư mục ghi Mục lục hồ sơ nộp lưu và Biên bản giao nhận (DOCX, PDF).")
@_scoped
def handover_command(year: int, to: str, giver: str, receiver: str, out: Path, db_url: str | None,
                     agency: str | None) -> None:
    """Nộp lưu: giao các hồ sơ đã kết thúc của năm, lập Mục lục hồ sơ nộp lưu và Biên bản giao nhận."""
    from notices.hoso.library import handover

    with _open(db_url) as (db, office):
        result = handover(db, _who(db, office, agency), year, to, out=out, giver=giver, receiver=receiver)
        click.echo(f"Đã nộp lưu {len(result.hoso)} hồ sơ ({result.files_total} tệp, {result.pages_total} trang) "
                   f"vào {to}.")
        for h, why in result.left:
            click.echo(f"Chưa nộp: {h.notation} — {why}")
        for path in result.written:
            click.echo(f"  → {path}")


@hoso_group.command("list")
@_year_option
@click.option("--due", is_flag=True, help="Chỉ hồ sơ đến hạn nộp lưu trong 30 ngày tới (hoặc đã quá hạn).")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="Tính hạn từ ngày này (mặc định: hôm nay).")
@_scoped
def list_command(year: int | None, due: bool, today_text: str | None, db_url: str | None,
                 agency: str | None) -> None:
    """Liệt kê hồ sơ (trạng thái, số văn bản), hoặc hồ sơ sắp đến hạn nộp lưu."""
    from notices.hoso.library import due as due_list
    from notices.hoso.library import list_hoso
    from notices.register.registry import vietnam_today

    states = {"open": "đang mở", "closed": "đã kết thúc", "submitted": "đã nộp lưu"}
    with _open(db_url) as (db, office):
        who = _who(db, office, agency)
        if due:
            today = _date(today_text) or vietnam_today()
            found = due_list(db, who, today)
            for h, when in found:
                late = " (đã quá hạn)" if when < today else ""
                click.echo(f"{h.notation} năm {h.year}\t{h.title}\thạn nộp lưu {when:%d/%m/%Y}{late}")
            click.echo(f"{len(found)} hồ sơ đến hạn nộp lưu trong 30 ngày.")
            return
        rows = list_hoso(db, who, year)
        for h in rows:
            totals = f", {h.doc_total} văn bản, {h.page_total} trang" if h.doc_total is not None else ""
            click.echo(f"{h.notation} năm {h.year}\t{h.title}\t{h.maintenance}\t{states.get(h.state, h.state)}{totals}")
        click.echo(f"{len(rows)} hồ sơ.")


@hoso_group.command("show")
@click.argument("notation", metavar="HỒ_SƠ")
@_year_option
@_scoped
def show_command(notation: str, year: int | None, db_url: str | None, agency: str | None) -> None:
    """Các văn bản, tài liệu trong một hồ sơ, theo thứ tự, và lịch sử của hồ sơ."""
    from notices.hoso.library import contents, history

    with _open(db_url) as (db, office):
        who = _who(db, office, agency)
        found = contents(db, who, _year(db, who, notation, year), notation)
        h = found.hoso
        click.echo(f"Hồ sơ {h.notation} năm {h.year}: {h.title} ({h.maintenance}, {h.state})")
        for i in found.items:
            click.echo(f"{i.ordinal:3d}. {i.entry.label}\t{i.entry.date_text}\t{i.entry.kind_label}: "
                       f"{i.entry.subject}\t{i.pages} trang")
        for a in found.attachments:
            click.echo(f"     {a.role}: {a.name} ({a.size} byte)")
        for at, by, action, detail in history(db, who, h.year, h.notation):
            click.echo(f"  [{at}] {by} {action}: {detail}")
