"""The server's own pages (Đăng nhập, Văn bản của tôi, Tra cứu, Người dùng, Đổi mật khẩu): plain HTML, lang="vi",
every field labelled, every action a real button in a form (keyboard first); no script but our own files."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from notices.server.tables import ROLES

WEB_STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def layout(title: str, body: str, *, session: Any = None, current: str = "") -> str:
    nav = ""
    if session is not None:
        actor = session.actor
        links = [("/van-ban", "Văn bản của tôi"), ("/tra-cuu", "Tra cứu"), ("/ho-so", "Hồ sơ")]
        if actor.has("quan_tri"):
            links.append(("/nguoi-dung", "Người dùng"))
            links.append(("/lo-viec", "Lô việc"))
        links.append(("/mat-khau", "Đổi mật khẩu"))
        here = ' aria-current="page"'
        items = "".join(f'<li><a href="{href}"{here if href == current else ""}>{e(label)}</a></li>'
                        for href, label in links)
        nav = (f'<nav class="server-bar" aria-label="Chức năng của máy chủ"><ul>{items}</ul>'
               f'<p class="who">{e(actor.full_name)} — {e(actor.agency_name)}</p>'
               f'<form method="post" action="/dang-xuat">{csrf_field(session.csrf)}'
               '<button type="submit">Đăng xuất</button></form></nav>\n')
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{e(title)} — notices</title>\n<link rel="icon" href="data:,">\n'
            '<link rel="stylesheet" href="/server-static/server.css">\n'
            '<script src="/server-static/before.js"></script>\n</head>\n<body>\n'
            f'{nav}<main id="main" class="server-page">\n<h1>{e(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n')


def csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(token)}">'


def message(text: str | None, *, error: bool = False) -> str:
    if not text:
        return ""
    role = "alert" if error else "status"
    return f'<p class="{"error" if error else "notice"}" role="{role}">{e(text)}</p>'


def login(csrf: str, *, error: str | None = None, login_name: str = "", next_path: str = "/van-ban") -> str:
    body = (f'{message(error, error=True)}<form method="post" action="/dang-nhap" class="stack">{csrf_field(csrf)}'
            f'<input type="hidden" name="next" value="{e(next_path)}">'
            '<label for="login">Tên đăng nhập</label>'
            f'<input id="login" name="login" autocomplete="username" required value="{e(login_name)}" autofocus>'
            '<label for="password">Mật khẩu</label>'
            '<input id="password" name="password" type="password" autocomplete="current-password" required>'
            '<button type="submit">Đăng nhập</button></form>')
    return layout("Đăng nhập", body)


def my_documents(session: Any, drafts: list[Any], entries: list[Any], note: str | None = None,
                 waiting: list[Any] | None = None) -> str:
    rows = "".join(
        f'<tr><td><a href="/van-ban/{d.id}">{e(d.title or "(chưa có trích yếu)")}</a></td>'
        f"<td>{e(d.state_label)}{(' ' + e(', '.join(d.issued))) if d.issued else ''}</td>"
        f"<td>{e(d.author_name)}</td><td>{e(d.head)}</td><td>{e(d.updated_at[:16].replace('T', ' '))}</td></tr>"
        for d in drafts)
    table = (f'<table><caption class="visually-hidden">Dự thảo</caption><thead><tr><th scope="col">Văn bản</th>'
             '<th scope="col">Trạng thái</th><th scope="col">Người soạn</th><th scope="col">Phiên bản</th>'
             f'<th scope="col">Lưu lần cuối</th></tr></thead><tbody>{rows}</tbody></table>'
             if drafts else "<p>Chưa có dự thảo nào.</p>")
    new = (f'<form method="post" action="/van-ban/moi">{csrf_field(session.csrf)}'
           '<button type="submit">Soạn văn bản mới</button></form>')
    return layout("Văn bản của tôi", f'{message(note)}{new}{waiting_table(waiting or [])}<h2>Dự thảo</h2>{table}'
                  f"<h2>Văn bản đã ban hành</h2>{entry_table(entries)}", session=session, current="/van-ban")


OVERDUE = ' <strong class="overdue">(quá hạn ban hành, Điều 18.1)</strong>'


def waiting_table(waiting: list[Any]) -> str:
    """Chờ tôi xử lý: what waits for her action, oldest first, how long it has waited (overdue marked)."""
    if not waiting:
        return '<h2 id="cho-toi">Chờ tôi xử lý</h2><p>Không có văn bản nào chờ bạn xử lý.</p>'
    rows = "".join(
        f'<tr><td><a href="/van-ban/{w.draft_id}">{e(w.title or "(chưa có trích yếu)")}</a></td>'
        f"<td>{e(w.state_label)}</td><td>{e(w.action.label)}</td>"
        f"<td>{e(w.since[:16].replace('T', ' '))}</td><td>{e(w.waited)}"
        f"{OVERDUE if w.overdue else ''}</td></tr>"
        for w in waiting)
    return ('<h2 id="cho-toi">Chờ tôi xử lý</h2><table aria-labelledby="cho-toi"><thead><tr>'
            '<th scope="col">Văn bản</th><th scope="col">Trạng thái</th><th scope="col">Việc cần làm</th>'
            f'<th scope="col">Chờ từ</th><th scope="col">Đã chờ</th></tr></thead><tbody>{rows}</tbody></table>')


def workflow_panel(session: Any, info: Any, actions: list[Any], history: list[Any], steps: Any,
                   pdf_entry: int | None = None, *, seal: bool = False, remote: bool = False,
                   image: bool | None = None) -> str:
    """The document's workflow: its state, her buttons (exactly the actions' labels), and Lịch sử."""
    if steps is None:
        return ""
    forms = []
    for action in actions:
        hidden = (f'{csrf_field(session.csrf)}<input type="hidden" name="action" value="{e(action.name)}">'
                  f'<input type="hidden" name="state" value="{e(info.state)}">'
                  f'<input type="hidden" name="head" value="{e(info.head)}">')
        comment = ""
        if action.name in ("tra_lai", "thu_hoi", "duyet_the_thuc"):  # required when the format check found any
            field = f"y-kien-{action.name}"
            required = " required" if action.name != "duyet_the_thuc" else ""
            comment = (f'<label for="{field}">Ý kiến</label>'
                       f'<textarea id="{field}" name="y_kien" rows="2"{required}></textarea>')
        if action.name in ("ky_so", "ban_hanh"):  # with her .p12, or the sealed upload (notices.server.sealing)
            from notices.server.sealing import forms as signing_forms

            forms.append(signing_forms(action.name, hidden, info.id, seal=seal, remote=remote, image=image))
        else:
            forms.append(f'<form method="post" action="/van-ban/{info.id}/xu-ly" class="workflow-action">{hidden}'
                         f'{comment}<button type="submit">{e(action.label)}</button></form>')
        if action.name == "ky_so":  # or she signs with her CA's own tool: Tải PDF, sign, upload
            pdf = f'<a href="/so/{pdf_entry}/pdf">Tải PDF</a> ' if pdf_entry else ""
            forms.append(f'<form method="post" action="/van-ban/{info.id}/ban-da-ky" enctype="multipart/form-data" '
                         f'class="workflow-action">{hidden}{pdf}<label for="ban-da-ky">Tệp PDF đã ký</label>'
                         '<input id="ban-da-ky" name="file" type="file" accept="application/pdf,.pdf" required>'
                         '<button type="submit">Tải lên bản đã ký</button></form>')
    rows = "".join(
        f"<tr><td>{e(x.at[:19].replace('T', ' '))}</td><td>{e(x.full_name)}</td><td>{e(x.role_label)}</td>"
        f"<td>{e(x.label)}</td><td>{e(_state(x.from_state))} → {e(_state(x.to_state))}</td><td>{e(x.version)}</td>"
        f"<td>{e(x.comment or '')}</td></tr>" for x in history)
    table = ('<table aria-labelledby="lich-su"><thead><tr><th scope="col">Lúc</th><th scope="col">Người</th>'
             '<th scope="col">Vai trò</th><th scope="col">Việc</th><th scope="col">Trạng thái</th>'
             f'<th scope="col">Phiên bản</th><th scope="col">Ý kiến</th></tr></thead><tbody>{rows}</tbody></table>'
             if history else "<p>Chưa có bước xử lý nào.</p>")
    return (f'<section class="workflow server-page" aria-labelledby="quy-trinh"><h2 id="quy-trinh">Trạng thái: '
            f'<span id="trang-thai">{e(info.state_label)}</span> {e(" ".join(info.issued))}</h2>'
            f'<div class="workflow-actions">{"".join(forms)}</div>'
            f'<h2 id="lich-su">Lịch sử</h2>{table}</section>\n')


def _state(name: str) -> str:
    from notices.server.workflow import STATES

    return STATES.get(name, name)


def _recalled(reason: str | None) -> str | None:
    from notices.server.review import recall_note

    return recall_note(reason)


def entry_table(entries: Iterable[Any], excerpts: dict[int, str] | None = None) -> str:
    entries = list(entries)
    if not entries:
        return "<p>Chưa có văn bản nào.</p>"
    rows = []
    for x in entries:
        if x.status == "issued":
            files = (f'<a href="/so/{x.id}/pdf">PDF</a> · <a href="/so/{x.id}/docx">DOCX</a> · '
                     f'<a href="/so/{x.id}/yaml">YAML</a>')
            recalled = _recalled(x.void_reason)
            if recalled is not None:  # the row stays issued, its files kept (notices.server.review)
                files += f'<p class="recalled"><strong>Đã thu hồi</strong>: {e(recalled)}</p>'
        else:
            files = "đã hủy" if x.status == "void" else "chưa lưu xong"
        extra = f'<p class="help">{e(excerpts[x.id])}</p>' if excerpts and excerpts.get(x.id) else ""
        rows.append(f"<tr><td>{e(x.label)}</td><td>{e(x.date_text)}</td><td>{e(x.kind_label)}: {e(x.subject)}{extra}"
                    f"</td><td>{e(x.agency_name)}</td><td>{files}</td></tr>")
    return ('<table><caption class="visually-hidden">Văn bản đã ban hành</caption><thead><tr>'
            '<th scope="col">Số, ký hiệu</th><th scope="col">Ngày</th><th scope="col">Trích yếu</th>'
            f'<th scope="col">Cơ quan</th><th scope="col">Tệp</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def search(session: Any, query: str, hits: list[Any] | None, error: str | None = None,
           found_drafts: list[Any] | None = None) -> str:
    form = ('<form method="get" action="/tra-cuu" role="search" class="inline">'
            '<label for="q">Từ khoá (số, trích yếu, người ký, nội dung)</label>'
            f'<input id="q" name="q" type="search" value="{e(query)}"><button type="submit">Tìm</button></form>')
    result = message(error, error=True)
    if hits is not None:
        found_drafts = found_drafts or []
        said = (f"Tìm thấy {len(hits)} văn bản đã ban hành và {len(found_drafts)} dự thảo."
                if hits or found_drafts else "Không tìm thấy văn bản nào.")
        result += message(said)
        if hits or found_drafts:
            result += ('<h2 id="ket-qua-ban-hanh">Văn bản đã ban hành</h2>'
                       + (entry_table([h.entry for h in hits], {h.entry.id: h.excerpt for h in hits})
                          if hits else "<p>Không có văn bản đã ban hành nào khớp.</p>")
                       + '<h2 id="ket-qua-du-thao">Dự thảo</h2>' + draft_hits(found_drafts))
    return layout("Tra cứu", form + result, session=session, current="/tra-cuu")


def draft_hits(found: list[Any]) -> str:
    """Drafts found by Tra cứu: title (to the editor), state, author, last saved, the words found."""
    if not found:
        return "<p>Không có dự thảo nào khớp.</p>"
    rows = []
    for h in found:
        note = f'<p class="help">{e(h.excerpt)}</p>' if h.excerpt else ""
        rows.append(f'<tr><td><a href="/van-ban/{h.draft.id}">{e(h.draft.title or "(chưa có trích yếu)")}</a>{note}'
                    f"</td><td>{e(h.draft.state_label)}</td><td>{e(h.draft.author_name)}</td>"
                    f"<td>{e(h.draft.updated_at[:16].replace('T', ' '))}</td></tr>")
    return ('<table aria-labelledby="ket-qua-du-thao"><thead><tr><th scope="col">Dự thảo</th>'
            '<th scope="col">Trạng thái</th><th scope="col">Người soạn</th><th scope="col">Lưu lần cuối</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def users_page(session: Any, people: list[Any], note: str | None = None, error: str | None = None) -> str:
    rows = []
    for u in people:
        action = "" if u.disabled or u.login == session.actor.login else (
            f'<form method="post" action="/nguoi-dung/{e(u.login)}/khoa">{csrf_field(session.csrf)}'
            f'<button type="submit" aria-label="Khóa tài khoản {e(u.login)}">Khóa</button></form>')
        rows.append(f"<tr><td>{e(u.login)}</td><td>{e(u.full_name)}</td>"
                    f"<td>{e(', '.join(ROLES[r] for r in u.roles))}</td>"
                    f"<td>{'Đã khóa' if u.disabled else 'Đang dùng'}</td><td>{action}</td></tr>")
    table = ('<table><caption class="visually-hidden">Người dùng của cơ quan</caption><thead><tr>'
             '<th scope="col">Tên đăng nhập</th><th scope="col">Họ và tên</th><th scope="col">Vai trò</th>'
             f'<th scope="col">Trạng thái</th><th scope="col">Thao tác</th></tr></thead><tbody>{"".join(rows)}'
             "</tbody></table>")
    roles = "".join(
        f'<label class="check"><input type="checkbox" name="role" value="{r}"> {e(label)}</label>'
        for r, label in ROLES.items() if r != "quan_tri_tinh")
    add = (f'<h2>Thêm người dùng</h2><form method="post" action="/nguoi-dung" class="stack">'
           f'{csrf_field(session.csrf)}<label for="new-login">Tên đăng nhập</label>'
           '<input id="new-login" name="login" required autocomplete="off">'
           '<label for="new-name">Họ và tên</label><input id="new-name" name="full_name" required>'
           f'<fieldset><legend>Vai trò</legend>{roles}</fieldset>'
           '<label for="new-password">Mật khẩu ban đầu</label>'
           '<input id="new-password" name="password" type="password" required autocomplete="new-password">'
           '<button type="submit">Thêm người dùng</button></form>')
    return layout("Người dùng", message(note) + message(error, error=True) + table + add, session=session,
                  current="/nguoi-dung")


def password_page(session: Any, note: str | None = None, error: str | None = None, signature: str = "") -> str:
    body = (f'{message(note)}{message(error, error=True)}<form method="post" action="/mat-khau" class="stack">'
            f'{csrf_field(session.csrf)}<label for="current">Mật khẩu hiện tại</label>'
            '<input id="current" name="current" type="password" required autocomplete="current-password">'
            '<label for="new">Mật khẩu mới (ít nhất 8 ký tự)</label>'
            '<input id="new" name="new" type="password" required autocomplete="new-password">'
            '<label for="again">Nhập lại mật khẩu mới</label>'
            '<input id="again" name="again" type="password" required autocomplete="new-password">'
            '<button type="submit">Đổi mật khẩu</button></form>')
    return layout("Đổi mật khẩu", body + signature, session=session, current="/mat-khau")


def versions_page(session: Any, info: Any, found: list[Any]) -> str:
    rows = "".join(
        f'<tr><td><a href="/van-ban/{info.id}/phien-ban/{v.number}">{v.number}</a></td><td>{e(v.author_name)}</td>'
        f"<td>{e(v.created_at[:19].replace('T', ' '))}</td><td>{e(v.base if v.base is not None else '')}</td>"
        f"<td><code>{e(v.sha256[:16])}…</code></td></tr>" for v in found)
    body = (f'<p><a href="/van-ban/{info.id}">Mở văn bản</a></p><table><caption class="visually-hidden">Các phiên bản'
            '</caption><thead><tr><th scope="col">Phiên bản</th><th scope="col">Người lưu</th><th scope="col">Lúc</th>'
            '<th scope="col">Sửa từ phiên bản</th><th scope="col">SHA-256</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")
    return layout(f"Các phiên bản: {info.title or 'văn bản'}", body, session=session)


def not_found(session: Any) -> str:
    return layout("Không tìm thấy", "<p>Không có trang hoặc văn bản này.</p>", session=session)


def refused(text: str, session: Any = None) -> str:
    return layout("Không thực hiện được", message(text, error=True), session=session)


def editor(session: Any, info: Any, data: dict[str, Any] | None, boot: dict[str, Any], can_issue: bool,
           editable: bool | None = None, panel: str = "") -> str:
    """Today's editor (the web form's index.html, app.js, app.css), opened on a stored draft: the session's CSRF
    token in its meta tag, the agency's defaults in its boot data, and our script adding "Lưu" and "Cấp số"."""
    page = (WEB_STATIC / "index.html").read_text(encoding="utf-8")
    page = page.replace("{{csrf}}", e(session.csrf))
    page = page.replace("{{boot}}", json.dumps(boot, ensure_ascii=False).replace("<", "\\u003c"))
    server_boot = {"draft": {"id": info.id, "head": info.head, "kind": info.kind, "state": info.state,
                             "state_label": info.state_label, "where": info.where, "issued": list(info.issued),
                             "title": info.title},
                   "data": data, "can_issue": can_issue,
                   "editable": info.state == "du_thao" if editable is None else editable}
    head = ('<link rel="stylesheet" href="/server-static/server.css">\n'
            '<script src="/server-static/before.js"></script>\n')
    page = page.replace("<head>\n", "<head>\n" + head, 1)
    page = page.replace("</head>", '<script src="/server-static/editor.js" defer></script>\n</head>', 1)
    bar = layout("", "", session=session).split("<body>\n", 1)[1].split('<main id="main"', 1)[0]
    bar += panel
    if "<main" in page:  # after the form's skip link and toolbar: the skip link stays the first thing
        page = page.replace("<main", bar + "<main", 1)
    else:
        page = page.replace("<body>\n", "<body>\n" + bar, 1)
    boot_tag = ('<script type="application/json" id="server-boot">'
                + json.dumps(server_boot, ensure_ascii=False).replace("<", "\\u003c") + "</script>\n")
    return page.replace("</body>", boot_tag + "</body>", 1)


def _status_cells(status: Any) -> str:
    left = status.seconds_left
    eta = "—" if not status.remaining or left is None else _duration(left)
    rate = f"{status.rate:.1f}".replace(".", ",")
    return (f"<td>{status.done}</td><td>{status.failed}</td><td>{status.remaining}/{status.total}</td>"
            f"<td>{e(rate)}</td><td>{e(eta)}</td>")


def _duration(seconds: float) -> str:
    from notices.jobs.batches import _duration as duration

    return duration(seconds)


def batches_page(session: Any, found: list[Any]) -> str:
    """Lô việc: the agency's batches (newest first) with their progress and a ZIP of each."""
    rows = "".join(
        f'<tr><td><a href="/lo-viec/{s.batch}">Lô {s.batch}</a></td><td>{e(s.label)}</td><td>{e(s.created_at)}</td>'
        f'{_status_cells(s)}<td><a href="/lo-viec/{s.batch}/zip" download>Tải ZIP</a></td></tr>' for s in found)
    body = ('<p>Các lô việc (tạo văn bản hàng loạt) của cơ quan, mới nhất trước. Trang tự tải lại mỗi 10 giây '
            'khi còn lô đang chạy.</p>' if found else "<p>Cơ quan chưa có lô việc nào.</p>")
    if found:
        body += ('<table><caption class="visually-hidden">Lô việc của cơ quan</caption><thead><tr>'
                 '<th scope="col">Lô</th><th scope="col">Tên</th><th scope="col">Tạo lúc</th>'
                 '<th scope="col">Xong</th><th scope="col">Lỗi</th><th scope="col">Còn lại/Tổng</th>'
                 '<th scope="col">Hồ sơ/giây</th><th scope="col">Còn khoảng</th><th scope="col">Kết quả</th>'
                 f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    page = layout("Lô việc", body, session=session, current="/lo-viec")
    if any(not s.finished for s in found):
        page = page.replace("<head>\n", '<head>\n<meta http-equiv="refresh" content="10">\n', 1)
    return page


def batch_page(session: Any, status: Any) -> str:
    """One batch: its progress, the ZIP of its outputs, and every failure with its record and reason."""
    table = ('<table><caption class="visually-hidden">Tiến độ</caption><thead><tr><th scope="col">Xong</th>'
             '<th scope="col">Lỗi</th><th scope="col">Còn lại/Tổng</th><th scope="col">Hồ sơ/giây</th>'
             f'<th scope="col">Còn khoảng</th></tr></thead><tbody><tr>{_status_cells(status)}</tr></tbody></table>')
    body = (f"<p>{e(status.label)} — tạo lúc {e(status.created_at)}. "
            f'<a href="/lo-viec/{status.batch}/zip" download>Tải các văn bản đã tạo (ZIP)</a></p>' + table)
    if status.failures:
        rows = "".join(f"<tr><td>{e(record)}</td><td><pre>{e(reason)}</pre></td></tr>"
                       for record, reason in status.failures)
        body += ('<h2>Hồ sơ lỗi</h2><table><caption class="visually-hidden">Hồ sơ lỗi</caption><thead><tr>'
                 f'<th scope="col">Hồ sơ</th><th scope="col">Lý do</th></tr></thead><tbody>{rows}</tbody></table>')
    page = layout(f"Lô {status.batch}", body, session=session, current="/lo-viec")
    if not status.finished:
        page = page.replace("<head>\n", '<head>\n<meta http-equiv="refresh" content="5">\n', 1)
    return page
