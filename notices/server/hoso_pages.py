"""The "Hồ sơ" page of the office server: the year's Danh mục hồ sơ of her agency, each hồ sơ with its documents
in DocOrdinal order, filing an issued document (văn thư), closing, and the Phụ lục VI package (ZIP).

Plain HTML as the server's other pages (pages.py): every field labelled, every action a button in a form, no
script. The views call :mod:`notices.server.hoso` only (no SQL here); :func:`routes` gives their routes, each
through the app's guard (session, CSRF, Origin, 404 for another agency's hồ sơ, 403 for a missing role).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from notices.errors import UserError
from notices.server import hoso as library
from notices.server.accounts import Forbidden, NotFound
from notices.server.pages import csrf_field, e, layout, message

HOME = "/ho-so"


def hoso_url(year: int, notation: str, action: str = "") -> str:
    return f"{HOME}/{year}/{quote(notation, safe='')}" + (f"/{action}" if action else "")


def _row(h: Any) -> str:
    totals = f"{h.doc_total} văn bản, {h.page_total} trang" if h.doc_total is not None else ""
    return (f'<tr><td><a href="{hoso_url(h.year, h.notation)}">{e(h.notation)}</a></td><td>{e(h.title)}</td>'
            f"<td>{e(h.maintenance)}</td><td>{e(h.creator)}</td><td>{e(library.STATES.get(h.state, h.state))}</td>"
            f"<td>{e(totals)}</td></tr>")


def catalogue_page(session: Any, found: library.Catalogue) -> str:
    options = "".join(f'<option value="{y}"{" selected" if y == found.year else ""}>{y}</option>'
                      for y in found.years)
    chooser = (f'<form method="get" action="{HOME}" class="inline"><label for="nam">Năm của Danh mục</label>'
               f'<select id="nam" name="nam">{options}</select><button type="submit">Xem</button></form>')
    if found.plan is None:
        body = (chooser + message(found.missing) + "<p>Danh mục hồ sơ của năm do người quản trị nạp bằng lệnh "
                "<code>notices hoso plan danh-muc.yaml --db … --agency MÃ:Tên cơ quan</code>.</p>")
        return layout("Hồ sơ", body, session=session, current=HOME)
    plan = found.plan
    approved = f"<p>Ban hành kèm theo {e(plan.approved_by)}.</p>" if plan.approved_by else ""
    rows = []
    for roman, title, subs, own in plan.sections:
        rows.append(f'<tr><th scope="rowgroup" colspan="6">{e(roman)}. {e(title)}</th></tr>')
        rows += [_row(h) for h in own]
        for sub_title, files in subs:
            rows.append(f'<tr><th scope="rowgroup" colspan="6" class="sub">{e(sub_title)}</th></tr>')
            rows += [_row(h) for h in files]
    count = len(plan.all_files)
    table = (f'<table><caption>Danh mục hồ sơ năm {plan.year}: {count} hồ sơ</caption><thead><tr>'
             '<th scope="col">Số và ký hiệu hồ sơ</th><th scope="col">Tên đề mục và tiêu đề hồ sơ</th>'
             '<th scope="col">Thời hạn bảo quản</th><th scope="col">Người lập hồ sơ</th>'
             '<th scope="col">Trạng thái</th><th scope="col">Khi kết thúc</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return layout("Hồ sơ", f"{chooser}<h2>Danh mục hồ sơ năm {plan.year}</h2>{approved}{table}", session=session,
                  current=HOME)


def hoso_page(session: Any, found: Any, choices: list[Any], history: list[tuple[str, str, str, str]], *,
              note: str | None = None, error: str | None = None) -> str:
    h = found.hoso
    can_file = session.actor.has(library.FILER)
    facts = [("Tiêu đề", h.title), ("Thời hạn bảo quản", h.maintenance), ("Người lập hồ sơ", h.creator),
             ("Trạng thái", library.STATES.get(h.state, h.state))]
    if h.doc_total is not None:
        facts += [("Thời gian tài liệu", h.period), ("Số văn bản", h.doc_total), ("Số trang", h.page_total)]
    if h.description:
        facts.append(("Ghi chú", h.description))
    facts_html = '<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts) + "</dl>"
    if found.items:
        rows = "".join(
            f"<tr><td>{i.ordinal}</td><td>{e(i.entry.label)}</td><td>{e(i.entry.date_text)}</td>"
            f"<td>{e(i.entry.kind_label)}: {e(i.entry.subject)}</td><td>{i.pages}</td>"
            f'<td><a href="/so/{i.entry.id}/pdf" aria-label="PDF của {e(i.entry.label)}">PDF</a></td></tr>'
            for i in found.items)
        documents = ('<table><caption>Văn bản trong hồ sơ, theo thứ tự (DocOrdinal)</caption><thead><tr>'
                     '<th scope="col">Số thứ tự</th><th scope="col">Số, ký hiệu</th><th scope="col">Ngày</th>'
                     '<th scope="col">Trích yếu</th><th scope="col">Số trang</th><th scope="col">Tệp</th></tr>'
                     f"</thead><tbody>{rows}</tbody></table>")
    else:
        documents = "<p>Hồ sơ chưa có văn bản nào.</p>"
    extra = [a for a in found.attachments if a.role != "index"]
    attachments = ("<h2>Tài liệu kèm theo</h2><ul>" + "".join(f"<li>{e(a.name)} ({a.size} byte)</li>" for a in extra)
                   + "</ul>") if extra else ""
    actions = ""
    if h.state == "open" and can_file:
        if choices:
            options = "".join(f'<option value="{x.id}">{e(x.label)} ngày {e(x.date_text)} — {e(x.kind_label)}: '
                              f"{e(x.subject)}</option>" for x in choices)
            target = hoso_url(h.year, h.notation, "lap")
            actions += (f'<h2>Lập văn bản vào hồ sơ</h2><form method="post" action="{target}" class="stack wide">'
                        f'{csrf_field(session.csrf)}<label for="entry">Văn bản đã ban hành năm {h.year}'
                        f'</label><select id="entry" name="entry" required>{options}</select>'
                        '<button type="submit">Lập vào hồ sơ</button></form>')
        else:
            actions += f"<p>Không còn văn bản đã ban hành nào năm {h.year} để lập vào hồ sơ này.</p>"
        if found.items:
            target = hoso_url(h.year, h.notation, "ket-thuc")
            actions += (f'<h2>Kết thúc hồ sơ</h2><form method="post" action="{target}">{csrf_field(session.csrf)}'
                        "<p>Chốt ngày, số văn bản, số trang và lập Mục lục văn bản; hồ sơ đã kết thúc không nhận "
                        'thêm văn bản.</p><button type="submit">Kết thúc hồ sơ</button></form>')
    elif h.state == "open":
        actions += "<p>Văn thư của cơ quan lập văn bản vào hồ sơ và kết thúc hồ sơ.</p>"
    else:
        index = hoso_url(h.year, h.notation, "muc-luc")
        actions += (f'<h2>Mục lục văn bản</h2><p><a href="{index}.pdf">Mục lục văn bản, tài liệu (PDF)</a> · '
                    f'<a href="{index}.docx">Mục lục văn bản, tài liệu (DOCX)</a></p>')
        actions += (f'<h2>Xuất gói hồ sơ</h2><p><a href="{hoso_url(h.year, h.notation, "goi")}" download>'
                    f"Tải gói hồ sơ {e(h.notation)} (Phụ lục VI, ZIP)</a>: các văn bản PDF theo thứ tự, hoso.xml, "
                    "hoso.xsd, Mục lục văn bản, SHA256SUMS; kiểm tra bằng <code>notices hoso verify</code>.</p>")
    log_rows = "".join(f"<tr><td>{e(at[:19].replace('T', ' '))}</td><td>{e(by)}</td><td>{e(action)}</td>"
                       f"<td>{e(detail)}</td></tr>" for at, by, action, detail in history)
    log_html = ('<details><summary>Lịch sử hồ sơ</summary><table><caption class="visually-hidden">Lịch sử hồ sơ'
                '</caption><thead><tr><th scope="col">Lúc</th><th scope="col">Người</th><th scope="col">Việc</th>'
                f'<th scope="col">Chi tiết</th></tr></thead><tbody>{log_rows}</tbody></table></details>')
    body = (f'{message(note)}{message(error, error=True)}<p><a href="{HOME}?nam={h.year}">Danh mục hồ sơ năm '
            f"{h.year}</a></p>{facts_html}{documents}{attachments}{actions}{log_html}")
    return layout(f"Hồ sơ {h.notation} năm {h.year}", body, session=session, current=HOME)


# -- views ---------------------------------------------------------------------------------------------------


def _year(value: Any) -> int:
    text = str(value or "")
    if not text.isdigit() or len(text) != 4:
        raise NotFound("Không có năm này.")
    return int(text)


def _target(request: Request) -> tuple[int, str]:
    notation = request.path_params["notation"]
    if not notation or len(notation) > 20:
        raise NotFound("Không có hồ sơ này.")
    return _year(request.path_params["year"]), notation


def routes(db: Any, route: Callable[..., Any], attachment: Callable[[bytes, str, str], Response]) -> list[Any]:
    """The page's routes, made by the app's ``route`` (its guard) over the database ``db``."""

    async def catalogue(request: Request) -> Response:
        session = request.state.session
        raw = request.query_params.get("nam")
        if raw:
            year = _year(raw)
        else:
            from notices.register.registry import vietnam_today

            year = vietnam_today().year
        found = await run_in_threadpool(library.catalogue, db, session.actor, year)
        return HTMLResponse(catalogue_page(session, found))

    def show(session: Any, year: int, notation: str, note: str | None = None, error: str | None = None,
             status: int = 200) -> Response:
        found = library.hoso(db, session.actor, year, notation)
        choices = library.candidates(db, session.actor, found) if session.actor.has(library.FILER) else []
        page = hoso_page(session, found, choices, library.history(db, session.actor, year, notation), note=note,
                         error=error)
        return HTMLResponse(page, status_code=status)

    async def one(request: Request) -> Response:
        year, notation = _target(request)
        return await run_in_threadpool(show, request.state.session, year, notation)

    async def file_in(request: Request) -> Response:
        session = request.state.session
        year, notation = _target(request)
        value = str((await request.form()).get("entry", ""))

        def run() -> Response:
            if not value.isdigit() or len(value) > 12:
                raise NotFound("Không có văn bản này.")
            try:
                added = library.file_document(db, session.actor, year, notation, int(value))
            except (NotFound, Forbidden):
                raise
            except UserError as failure:
                return show(session, year, notation, error=failure.message, status=422)
            said = (f"Đã lập {added[0].kind_label} {added[0].label} vào hồ sơ {notation}." if added
                    else f"Văn bản đã có trong hồ sơ {notation} từ trước.")
            return show(session, year, notation, note=said)

        return await run_in_threadpool(run)

    async def close(request: Request) -> Response:
        session = request.state.session
        year, notation = _target(request)

        def run() -> Response:
            try:
                found = library.close(db, session.actor, year, notation)
            except (NotFound, Forbidden):
                raise
            except UserError as failure:
                return show(session, year, notation, error=failure.message, status=422)
            h = found.hoso
            return show(session, year, notation, note=f"Đã kết thúc hồ sơ {h.notation}: {h.doc_total} văn bản, "
                                                      f"{h.page_total} trang, {h.period}.")

        return await run_in_threadpool(run)

    async def package(request: Request) -> Response:
        year, notation = _target(request)
        name, data = await run_in_threadpool(library.package, db, request.state.session.actor, year, notation)
        return attachment(data, "application/zip", name)

    async def index(request: Request) -> Response:
        year, notation = _target(request)
        fmt = request.path_params["fmt"]
        if fmt not in ("pdf", "docx"):
            raise NotFound("Không có tệp này.")
        name, data = await run_in_threadpool(library.index_file, db, request.state.session.actor, year, notation,
                                             f".{fmt}")
        if fmt == "pdf":
            return Response(data, media_type="application/pdf",
                            headers={"content-disposition": f'inline; filename="{name}"'})
        from notices.web import service

        return attachment(data, service.MEDIA_TYPES["docx"], name)

    return [
        route(HOME, catalogue),
        route(HOME + "/{year}/{notation}", one),
        route(HOME + "/{year}/{notation}/lap", file_in, ("POST",)),
        route(HOME + "/{year}/{notation}/ket-thuc", close, ("POST",)),
        route(HOME + "/{year}/{notation}/goi", package),
        route(HOME + "/{year}/{notation}/muc-luc.{fmt}", index),
    ]
