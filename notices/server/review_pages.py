"""The review part of a document's page (notices.server.review): the format check's findings, the comments
(Ý kiến) with a form to add one, the difference between two versions (in Lịch sử), "Thay thế" and the links
between a document and the one it replaces; and their routes.

Plain HTML as the server's other pages: every field labelled, every action a button in a form, no script.
The views call :mod:`notices.server.review` only (no SQL here); each route goes through the app's guard
(session, CSRF, Origin; 404 for another agency's document, 403 for a missing role).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from notices.errors import UserError
from notices.server import review
from notices.server.accounts import Forbidden, NotFound
from notices.server.pages import csrf_field, e, layout

CHECKER = "kiem_tra_the_thuc"


def _when(at: str) -> str:
    return at[:19].replace("T", " ")


def findings_section(session: Any, info: Any, result: review.CheckResult | None) -> str:
    """Kiểm tra thể thức: the newest check of the newest version, per format, each finding with its rule."""
    if result is None:
        return ""
    parts = []
    if not result.checks:
        parts.append("<p>Phiên bản này chưa được kiểm tra thể thức.</p>")
    for check in result.checks:
        head = (f"<h3>{e(check.label)} — phiên bản {check.version}, lúc {e(_when(check.at))} "
                f"({len(check.findings)} lỗi)</h3>")
        sha = (f'<p class="help">SHA-256 của tệp: <code>{e(check.file_sha256)}</code>; của phiên bản: '
               f"<code>{e(check.sha256)}</code></p>" if check.file_sha256 else
               f'<p class="help">SHA-256 của phiên bản: <code>{e(check.sha256)}</code></p>')
        if not check.findings:
            parts.append(head + sha + "<p>Đạt, không có lỗi thể thức.</p>")
            continue
        items = "".join(
            f"<li><strong>{e(f.element)}</strong>: {e(f.message)}"
            f"{(' «' + e(f.quote) + '»') if f.quote else ''}"
            f"{(' <span class=help>(' + e(f.ref) + ', ' + e(f.rule) + ')</span>') if f.ref else ''}</li>"
            for f in check.findings)
        parts.append(f'{head}{sha}<ul class="findings" data-format="{e(check.fmt)}">{items}</ul>')
    again = ""
    if session.actor.has(CHECKER) and info.head:
        again = (f'<form method="post" action="/van-ban/{info.id}/kiem-tra-the-thuc">{csrf_field(session.csrf)}'
                 '<button type="submit">Kiểm tra lại thể thức</button></form>')
    note = ('<p class="help">Còn lỗi thể thức: muốn “Duyệt thể thức” phải ghi Ý kiến.</p>'
            if result.open and info.state == review.CHECKING else "")
    return (f'<h2 id="kiem-tra-the-thuc">Kiểm tra thể thức</h2>{note}{"".join(parts)}{again}')


def comments_section(session: Any, info: Any, found: list[review.Comment], choices: list[tuple[str, str]]) -> str:
    rows = "".join(
        f"<tr><td>{e(_when(c.at))}</td><td>{e(c.full_name)}</td><td>{e(c.role_label)}</td><td>{c.version}</td>"
        f"<td>{e(c.field_label or 'Cả văn bản')}</td><td>{e(c.text)}</td>"
        f'<td><code title="{e(c.sha256)}">{e(c.sha256[:12])}…</code></td></tr>' for c in found)
    table = ('<table aria-labelledby="y-kien"><thead><tr><th scope="col">Lúc</th><th scope="col">Người</th>'
             '<th scope="col">Vai trò</th><th scope="col">Phiên bản</th><th scope="col">Trường</th>'
             f'<th scope="col">Ý kiến</th><th scope="col">SHA-256</th></tr></thead><tbody>{rows}</tbody></table>'
             if found else "<p>Chưa có ý kiến nào.</p>")
    form = ""
    if info.head:
        options = '<option value="">Cả văn bản</option>' + "".join(
            f'<option value="{e(path)}">{e(label)}</option>' for path, label in choices)
        form = (f'<form method="post" action="/van-ban/{info.id}/y-kien" class="stack">{csrf_field(session.csrf)}'
                f'<input type="hidden" name="version" value="{info.head}">'
                f'<label for="y-kien-truong">Góp ý về trường</label><select id="y-kien-truong" name="truong">'
                f'{options}</select><label for="y-kien-noi-dung">Nội dung góp ý</label>'
                '<textarea id="y-kien-noi-dung" name="y_kien" rows="3" required></textarea>'
                f'<button type="submit">Gửi góp ý</button></form>')
    return f'<h2 id="y-kien">Ý kiến</h2>{table}{form}'


def _choices(name: str, label: str, chosen: int, numbers: tuple[int, ...]) -> str:
    options = "".join(f'<option value="{n}"{" selected" if n == chosen else ""}>Phiên bản {n}</option>'
                      for n in numbers)
    return f'<label for="{name}">{e(label)}</label><select id="{name}" name="{name}">{options}</select>'


def diff_section(info: Any, found: review.Comparison | None, level: int = 3) -> str:
    """Lịch sử › So sánh hai phiên bản: the two versions chosen, and what changed, field by field."""
    if found is None:
        return ""
    form = (f'<form method="get" action="/van-ban/{info.id}/so-sanh" class="inline">'
            f'{_choices("tu", "Từ phiên bản", found.old, found.choices)}'
            f'{_choices("den", "Đến phiên bản", found.new, found.choices)}'
            '<button type="submit">So sánh</button></form>')
    signed = "".join(f'<li><a href="/van-ban/{info.id}/so-sanh?tu={v}&amp;den={info.head}">{e(label)} '
                     f"(phiên bản {v}) so với bản hiện tại</a></li>" for label, v in found.approvals)
    signed = f"<ul>{signed}</ul>" if signed else ""
    if found.changes:
        rows = "".join(
            f"<tr><th scope=\"row\">{e(c.label)}</th><td>{'(không có)' if c.old is None else '“' + e(c.old) + '”'}"
            f"</td><td>{'(bỏ)' if c.new is None else '“' + e(c.new) + '”'}</td></tr>" for c in found.changes)
        table = (f'<table class="diff" aria-labelledby="so-sanh"><caption>Phiên bản {found.old} → phiên bản '
                 f'{found.new}: {len(found.changes)} trường thay đổi</caption><thead><tr><th scope="col">Trường</th>'
                 f'<th scope="col">Phiên bản {found.old}</th><th scope="col">Phiên bản {found.new}</th></tr></thead>'
                 f"<tbody>{rows}</tbody></table>")
    else:
        table = f"<p>Phiên bản {found.old} và phiên bản {found.new} giống nhau.</p>"
    return f'<h{level} id="so-sanh">So sánh hai phiên bản</h{level}>{form}{signed}{table}'


def links_section(session: Any, info: Any, links: tuple[Any, list[Any]]) -> str:
    up, down = links
    parts = []
    if up is not None:
        parts.append(f'<p>Văn bản này thay thế <a href="/van-ban/{up.draft_id}" rel="prev">{e(up.label)}</a> '
                     f"({e(up.title)}).</p>")
    for d in down:
        parts.append(f'<p>Văn bản này (số {e(d.label)}) được thay thế bằng <a href="/van-ban/{d.draft_id}" '
                     f'rel="next">dự thảo số {d.draft_id}</a>{(" (" + e(d.title) + ")") if d.title else ""}.</p>')
    if review.may_replace(session.actor, info.state) and not down:  # one replacement per document
        parts.append(f'<form method="post" action="/van-ban/{info.id}/thay-the">{csrf_field(session.csrf)}'
                     '<p class="help">Văn bản có sai sót về nội dung được thay thế bằng văn bản cùng hình thức '
                     '(Điều 18.3 Nghị định 30/2020/NĐ-CP): một dự thảo mới, đi lại đủ các bước duyệt.</p>'
                     '<button type="submit">Thay thế</button></form>')
    return f'<h2 id="thay-the">Thay thế</h2>{"".join(parts)}' if parts else ""


def panel(db: Any, session: Any, info: Any) -> str:
    """Everything this module adds to a document's page (after its workflow panel)."""
    actor = session.actor
    result = None
    if info.head and (actor.has(CHECKER) or review.check_result(db, actor, info.id).checks):
        result = review.ensure_checked(db, actor, info.id) if actor.has(CHECKER) else \
            review.check_result(db, actor, info.id)
    version = None
    if info.head:
        from notices.server.drafts import get_version

        version = get_version(db, actor, info.id)
    choices = review.fields(version.yaml) if version is not None else []
    body = (diff_section(info, review.compare(db, actor, info.id))  # under the workflow panel's "Lịch sử"
            + findings_section(session, info, result)
            + comments_section(session, info, review.comments(db, actor, info.id), choices)
            + links_section(session, info, review.links(db, actor, info.id)))
    return f'<section class="review server-page" aria-label="Kiểm tra và góp ý">{body}</section>\n'


def comparison_page(session: Any, info: Any, found: review.Comparison | None) -> str:
    body = (f'<p><a href="/van-ban/{info.id}">Mở văn bản</a></p>'
            + (diff_section(info, found, 2) or "<p>Văn bản chưa có hai phiên bản để so sánh.</p>"))
    return layout(f"So sánh các phiên bản: {info.title or 'văn bản'}", body, session=session)


def routes(db: Any, route: Callable[..., Any]) -> list[Any]:
    """The routes, made by the app's ``route`` (its guard) over the database ``db``."""
    from notices.server.drafts import get_draft

    def draft_id(request: Request) -> int:
        value = request.path_params["draft"]
        if not value.isdigit() or len(value) > 12:
            raise NotFound("Không có văn bản này.")
        return int(value)

    def number(value: Any, what: str) -> int:
        text = str(value or "")
        if not text.isdigit() or len(text) > 9:
            raise UserError(f"{what}: hãy chọn một phiên bản.")
        return int(text)

    async def comment(request: Request) -> Response:
        actor = request.state.session.actor
        form = await request.form()
        ident = draft_id(request)
        version = number(form.get("version"), "Phiên bản")
        await run_in_threadpool(lambda: review.add_comment(db, actor, ident, str(form.get("y_kien", "")),
                                                           version=version, path=str(form.get("truong", ""))))
        return RedirectResponse(f"/van-ban/{ident}#y-kien", status_code=303)

    async def check_again(request: Request) -> Response:
        actor = request.state.session.actor
        ident = draft_id(request)

        def run() -> None:
            get_draft(db, actor, ident)  # another agency's document: 404 before the role
            if not actor.has(CHECKER):
                raise Forbidden("Chỉ Người kiểm tra thể thức được chạy lại kiểm tra thể thức.")
            review.run_check(db, actor, ident)

        await run_in_threadpool(run)
        return RedirectResponse(f"/van-ban/{ident}#kiem-tra-the-thuc", status_code=303)

    async def replace(request: Request) -> Response:
        actor = request.state.session.actor
        ident = draft_id(request)
        created = await run_in_threadpool(review.replace, db, actor, ident)
        return RedirectResponse(f"/van-ban/{created.id}", status_code=303)

    async def compare(request: Request) -> Response:
        session = request.state.session
        ident = draft_id(request)
        old, new = request.query_params.get("tu"), request.query_params.get("den")

        def run() -> str:
            info = get_draft(db, session.actor, ident)
            found = review.compare(db, session.actor, ident, number(old, "Từ phiên bản") if old else None,
                                   number(new, "Đến phiên bản") if new else None)
            return comparison_page(session, info, found)

        return HTMLResponse(await run_in_threadpool(run))

    return [
        route("/van-ban/{draft}/y-kien", comment, ("POST",)),
        route("/van-ban/{draft}/kiem-tra-the-thuc", check_again, ("POST",)),
        route("/van-ban/{draft}/thay-the", replace, ("POST",)),
        route("/van-ban/{draft}/so-sanh", compare),
    ]

