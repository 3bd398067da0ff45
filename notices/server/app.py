"""The office server's ASGI app: login, sessions, CSRF, and the pages over notices.server's library.

Order of checks on every request: the Host allow-list (a foreign Host → 400, before anything else),
body size limits and security headers, then for every route but the login page and static files the
session (from the database, at every request: a disabled user's next request is refused), then for
every state-changing request the session's CSRF token (header ``X-CSRF-Token`` or form field ``csrf``)
and, when the browser sends one, an Origin equal to our own. The checks live in one wrapper
(:func:`guarded`) that every route goes through; a view cannot forget them.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notices.errors import RecordError, UserError
from notices.server import accounts, drafts, hoso_pages, pages, review_pages
from notices.server.accounts import Forbidden, LoginRefused, NotFound
from notices.server.drafts import Conflict
from notices.web import service
from notices.web.app import secured

COOKIE = "notices_session"
LOGIN_COOKIE = "notices_login"  # the login form's own CSRF token (double submit: cookie and field)
SAFE = ("GET", "HEAD", "OPTIONS")
MAX_BODY = 4 * 1024 * 1024
MAX_UPLOAD = 64 * 1024 * 1024  # one upload of photos (each at most 20 MB) or of a record with its photos
UPLOAD_PATHS = ("/api/photos", "/api/open")
MAX_FILES = 40
SERVER_STATIC = pages.Path(__file__).resolve().parent / "static"
# The web form's headers (notices.web.app.secured adds them and the content policy), but with a same-origin
# referrer: under no-referrer a browser sends "Origin: null" on POST, which the server's Origin check refuses.
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                    (b"cache-control", b"no-store"), (b"x-frame-options", b"SAMEORIGIN")]


@dataclass
class ServerSettings:
    db: str
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost"])
    behind_proxy: bool = False
    idle: float = accounts.IDLE_SECONDS


def from_environment() -> Starlette:
    """The app for ``uvicorn --factory`` (each worker process builds its own), from NOTICES_SERVER_SETTINGS."""
    values = json.loads(os.environ["NOTICES_SERVER_SETTINGS"])
    return create_app(ServerSettings(**values))


class Headers:
    """Security headers on every response; request bodies beyond MAX_BODY refused (413)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secured(list(message.get("headers", [])), SECURITY_HEADERS)
            await send(message)

        limit = MAX_UPLOAD if scope.get("path") in UPLOAD_PATHS else MAX_BODY
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > limit:
            await JSONResponse({"error": "Dữ liệu gửi lên quá lớn."}, status_code=413)(scope, receive, with_headers)
            return
        total = 0

        async def limited() -> Message:
            nonlocal total
            message = await receive()
            total += len(message.get("body", b""))
            if total > limit:
                raise UserError("Dữ liệu gửi lên quá lớn.")
            return message

        await self.app(scope, limited, with_headers)


def create_app(settings: ServerSettings) -> Starlette:
    from notices.register.db import open_database

    db = open_database(settings.db)

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/") and request.method in SAFE

    def secure(request: Request) -> bool:
        return settings.behind_proxy or request.url.scheme == "https"

    def origin_ok(request: Request) -> bool:
        origin = request.headers.get("origin")
        return origin is None or origin == f"{request.url.scheme}://{request.headers.get('host', '')}"

    def guarded(view: Callable[[Request], Awaitable[Response]], *, public: bool = False) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            session = await run_in_threadpool(accounts.resume_session, db, request.cookies.get(COOKIE),
                                              idle=settings.idle)
            request.state.session = session
            if session is None and not public:
                if wants_html(request):
                    return RedirectResponse(f"/dang-nhap?next={quote(request.url.path)}", status_code=303)
                return JSONResponse({"error": "Phiên đăng nhập đã hết hoặc đã bị đóng; hãy đăng nhập lại."},
                                    status_code=401)
            if request.method not in SAFE:
                if not origin_ok(request):
                    return refuse(request, 403, "Yêu cầu bị từ chối: gửi từ một trang khác.")
                sent = request.headers.get("x-csrf-token")
                if sent is None and request.headers.get("content-type", "").startswith(
                        ("application/x-www-form-urlencoded", "multipart/form-data")):
                    sent = str((await request.form()).get("csrf", ""))
                # the login form carries its own token (she may post it while an old session is still open)
                expected = request.cookies.get(LOGIN_COOKIE) if public else session.csrf
                if not sent or not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
                    return refuse(request, 403, "Yêu cầu bị từ chối: thiếu hoặc sai mã bảo vệ (CSRF); "
                                                "hãy tải lại trang rồi làm lại.")
            try:
                return await view(request)
            except NotFound:
                return refuse(request, 404, "Không có trang hoặc văn bản này.")
            except Forbidden as error:
                return refuse(request, 403, error.message)
            except Conflict as error:
                return refuse(request, 409, error.message)

        return endpoint

    def refuse(request: Request, status: int, text: str) -> Response:
        session = getattr(request.state, "session", None)
        if request.headers.get("accept", "").startswith("application/json"):  # a script posting a form
            return JSONResponse({"error": text}, status_code=status)
        kind = request.headers.get("content-type", "")
        if wants_html(request) or kind.startswith("application/x-www-form-urlencoded") or (
                kind.startswith("multipart/form-data") and not request.url.path.startswith("/api/")):  # a page's form
            page = pages.not_found(session) if status == 404 else pages.refused(text, session)
            return HTMLResponse(page, status_code=status)
        return JSONResponse({"error": text}, status_code=status)

    def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
        response.set_cookie(name, value, httponly=True, samesite="lax", secure=secure(request), path="/")

    # -- login, logout ----------------------------------------------------------------------------------

    def next_path(value: Any) -> str:
        value = str(value or "")
        return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else "/van-ban"

    async def login_page(request: Request) -> Response:
        token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
        response = HTMLResponse(pages.login(token, next_path=next_path(request.query_params.get("next"))))
        set_cookie(response, request, LOGIN_COOKIE, token)
        return response

    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("login", "")), str(form.get("password", ""))
        address = request.client.host if request.client else "?"
        try:
            actor = await run_in_threadpool(accounts.authenticate, db, name, password, address)
        except LoginRefused as error:
            token = request.cookies.get(LOGIN_COOKIE, "")
            return HTMLResponse(pages.login(token, error=error.message, login_name=name,
                                            next_path=next_path(form.get("next"))), status_code=401)
        old = request.cookies.get(COOKIE)
        if old:
            await run_in_threadpool(accounts.end_session, db, old)  # a new id at every login
        session = await run_in_threadpool(accounts.open_session, db, actor, address)
        response = RedirectResponse(next_path(form.get("next")), status_code=303)
        set_cookie(response, request, COOKIE, session.token)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    async def logout(request: Request) -> Response:
        await run_in_threadpool(accounts.end_session, db, request.cookies.get(COOKIE))
        response = RedirectResponse("/dang-nhap", status_code=303)
        response.headers["clear-site-data"] = '"storage"'  # the form's copy in localStorage, on a shared PC
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=secure(request))
        return response

    # -- pages ------------------------------------------------------------------------------------------

    async def home(request: Request) -> Response:
        return RedirectResponse("/van-ban", status_code=303)

    async def my_documents(request: Request) -> Response:
        session = request.state.session

        def run() -> str:
            from notices.server import workflow

            return pages.my_documents(session, drafts.list_drafts(db, session.actor),
                                      drafts.issued(db, session.actor), waiting=workflow.waiting_for(db, session.actor))

        return HTMLResponse(await run_in_threadpool(run))

    async def new_draft(request: Request) -> Response:
        info = await run_in_threadpool(drafts.create_draft, db, request.state.session.actor)
        return RedirectResponse(f"/van-ban/{info.id}", status_code=303)

    def draft_id(request: Request) -> int:
        value = request.path_params["draft"]
        if not value.isdigit() or len(value) > 12:
            raise NotFound("Không có văn bản này.")
        return int(value)

    async def editor(request: Request) -> Response:
        session = request.state.session
        actor = session.actor

        def run() -> str:
            from notices.records.yamlsource import YamlSyntaxError, parse
            from notices.web.form import form_spec

            info = drafts.get_draft(db, actor, draft_id(request))
            version = drafts.get_version(db, actor, info.id)
            data = None
            if version is not None:
                try:
                    parsed = parse(version.yaml).data
                    data = parsed if isinstance(parsed, dict) else {}
                except YamlSyntaxError:
                    data = {}
            from notices.server import workflow

            _, profile = drafts.agency_profile(db, actor)
            # "workspace": what the form sends with its previews, downloads and photos: here, the draft
            boot = {"spec": form_spec(), "kinds": service.kinds(), "profile": profile, "register": False,
                    "workspace": str(info.id)}
            with db.engine.begin() as conn:
                steps = workflow.steps_of(conn, actor.agency_id)
                editable = workflow.editable(conn, actor.agency_id, info.state)
            from notices.server import sealing, signature_image

            panel = pages.workflow_panel(session, info, workflow.available(db, actor, info.id),
                                         workflow.history(db, actor, info.id), steps,
                                          workflow.numbered_entry(db, actor, info.id),
                                          seal=sealing.has_seal(db, actor),
                                          remote=sealing.RemoteService.configured() is not None,
                                          image=signature_image.own_info(db, actor) is not None)
            if steps is not None:  # the format check, Ý kiến, the difference between versions, Thay thế
                panel += review_pages.panel(db, session, info)
            return pages.editor(session, info, data, boot, can_issue=actor.has("van_thu") and steps is None,
                                editable=editable, panel=panel)

        return HTMLResponse(await run_in_threadpool(run))

    async def version_list(request: Request) -> Response:
        session = request.state.session

        def run() -> str:
            info = drafts.get_draft(db, session.actor, draft_id(request))
            return pages.versions_page(session, info, drafts.versions(db, session.actor, info.id))

        return HTMLResponse(await run_in_threadpool(run))

    async def version_text(request: Request) -> Response:
        number = request.path_params["number"]
        if not number.isdigit() or len(number) > 9:
            raise NotFound("Không có phiên bản này.")
        version = await run_in_threadpool(drafts.get_version, db, request.state.session.actor, draft_id(request),
                                          int(number))
        if version is None:
            raise NotFound("Không có phiên bản này.")
        return PlainTextResponse(version.yaml, media_type="text/plain; charset=utf-8", headers={
            "content-disposition": f'inline; filename="van-ban-{version.draft_id}-phien-ban-{version.number}.yaml"'})

    async def act(request: Request) -> Response:
        """A workflow button (a plain form: action, the state and version she saw, Ý kiến): done, back to the
        document's page; refused with 403/404/409/422 and the reason."""
        from notices.server import sealing, workflow

        actor = request.state.session.actor
        async with request.form(max_files=2, max_fields=20) as form:  # Ký số, Ban hành: files read into memory
            material = await sealing.material_of(form)
        state, head = str(form.get("state", "")), str(form.get("head", ""))
        if not head.isdigit() or len(head) > 9:
            raise UserError("Thiếu phiên bản đang xem; hãy tải lại trang.")
        ident = draft_id(request)
        done = await run_in_threadpool(lambda: workflow.act(
            db, actor, ident, str(form.get("action", "")), state=state, head=int(head),
            comment=str(form.get("y_kien", "")) or None, material=material))
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"state": done.state, "state_label": done.state_label, "message": done.message})
        return RedirectResponse(f"/van-ban/{ident}", status_code=303)

    async def upload_signed(request: Request) -> Response:
        """Tải lên bản đã ký (a file field): checked against the numbered PDF, then Đã ký."""
        from notices.server import workflow

        actor = request.state.session.actor
        async with request.form(max_files=1, max_fields=10) as form:
            state, head = str(form.get("state", "")), str(form.get("head", ""))
            upload = form.get("file")
            if isinstance(upload, str) or upload is None:
                raise UserError("Tải lên bản đã ký: hãy chọn tệp PDF đã ký.")
            content = await upload.read(MAX_BODY + 1)
        if not head.isdigit() or len(head) > 9:
            raise UserError("Thiếu phiên bản đang xem; hãy tải lại trang.")
        ident = draft_id(request)
        await run_in_threadpool(lambda: workflow.upload_signed(db, actor, ident, content, state=state, head=int(head)))
        return RedirectResponse(f"/van-ban/{ident}", status_code=303)

    async def search(request: Request) -> Response:
        session = request.state.session
        query = request.query_params.get("q", "")
        if not query.strip():
            return HTMLResponse(pages.search(session, "", None))
        try:
            hits = await run_in_threadpool(drafts.search, db, session.actor, query)
            found = await run_in_threadpool(drafts.search_drafts, db, session.actor, query)
        except UserError as error:
            return HTMLResponse(pages.search(session, query, None, error.message), status_code=422)
        return HTMLResponse(pages.search(session, query, hits, found_drafts=found))

    async def stored(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        value = request.path_params["entry"]
        suffix = {"pdf": ".pdf", "docx": ".docx", "yaml": ".yaml"}.get(fmt)
        if suffix is None or not value.isdigit() or len(value) > 12:
            raise NotFound("Không có tệp này.")
        name, content = await run_in_threadpool(drafts.stored_file, db, request.state.session.actor, int(value),
                                                suffix)
        media = {"pdf": "application/pdf", "docx": service.MEDIA_TYPES["docx"], "yaml": "application/yaml"}[fmt]
        disposition = "inline" if fmt == "pdf" else "attachment"
        return Response(content, media_type=media, headers={"content-disposition": f'{disposition}; filename="{name}"'})

    async def users_page(request: Request) -> Response:
        session = request.state.session
        session.actor.require("quan_tri")
        people = await run_in_threadpool(accounts.list_users, db, session.actor)
        return HTMLResponse(pages.users_page(session, people))

    async def add_user(request: Request) -> Response:
        session = request.state.session
        actor = session.actor
        actor.require("quan_tri")
        form = await request.form()
        try:
            user = await run_in_threadpool(lambda: accounts.add_user(
                db, actor, str(form.get("login", "")), full_name=str(form.get("full_name", "")),
                agency=actor.agency_ident or "", roles=[str(r) for r in form.getlist("role")],
                password=str(form.get("password", ""))))
            note, error, status = f"Đã thêm {user.login}.", None, 200
        except (Forbidden, NotFound):
            raise
        except UserError as failure:
            note, error, status = None, failure.message, 422
        people = await run_in_threadpool(accounts.list_users, db, actor)
        return HTMLResponse(pages.users_page(session, people, note, error), status_code=status)

    async def disable_user(request: Request) -> Response:
        session = request.state.session
        user = await run_in_threadpool(accounts.disable_user, db, session.actor, request.path_params["login"])
        people = await run_in_threadpool(accounts.list_users, db, session.actor)
        return HTMLResponse(pages.users_page(session, people, f"Đã khóa {user.login}; các phiên của người này "
                                                              "đã kết thúc."))

    async def account_page(session: Any, status: int = 200, **said: Any) -> Response:
        """"Đổi mật khẩu" with her own signature image (notices.server.signature_image) below."""
        from notices.server import signature_image as si

        def section() -> str:
            return si.page_section(pages.csrf_field(session.csrf), si.own_info(db, session.actor),
                                   si.own_image(db, session.actor))

        return HTMLResponse(pages.password_page(session, signature=await run_in_threadpool(section), **said),
                            status_code=status)

    async def password_page(request: Request) -> Response:
        return await account_page(request.state.session)

    async def change_password(request: Request) -> Response:
        session = request.state.session
        form = await request.form()
        new = str(form.get("new", ""))
        if new != str(form.get("again", "")):
            return await account_page(session, 422, error="Hai lần nhập mật khẩu mới không giống nhau.")
        try:
            await run_in_threadpool(lambda: accounts.change_own_password(
                db, session.actor, str(form.get("current", "")), new, keep=session.token))
        except UserError as error:
            return await account_page(session, 422, error=error.message)
        return await account_page(session, note="Đã đổi mật khẩu; các phiên khác của bạn đã kết thúc.")

    async def set_signature_image(request: Request) -> Response:
        """Ảnh chữ ký: her own, set (a PNG checked as notices sign --image checks it) or removed."""
        from notices.server import signature_image as si

        session = request.state.session
        async with request.form(max_files=1, max_fields=5) as form:
            upload = form.get("chu_ky")
            data = b"" if upload is None or isinstance(upload, str) else await upload.read(si.MAX_IMAGE + 1)
            remove = bool(form.get("xoa"))
        try:
            if remove:
                gone = await run_in_threadpool(si.remove_image, db, session.actor)
                return await account_page(session, note="Đã xóa ảnh chữ ký." if gone else "Bạn chưa có ảnh chữ ký.")
            done = await run_in_threadpool(si.set_image, db, session.actor, data)
        except UserError as error:
            return await account_page(session, 422, error=error.message)
        return await account_page(session, note=" ".join(["Đã lưu ảnh chữ ký; khi bạn ký số trên máy chủ, ảnh này "
                                                          "được đặt vào ô chữ ký.", *done.warnings]))

    # -- the editor's API (the web form's service functions, in her agency's profile) --------------------

    async def body(request: Request) -> dict[str, Any]:
        try:
            value = await request.json()
        except ValueError:
            raise UserError("Dữ liệu gửi lên không đọc được (không phải JSON).") from None
        if not isinstance(value, dict) or not isinstance(value.get("data", {}), dict):
            raise UserError("Dữ liệu gửi lên không đúng dạng của hồ sơ.")
        return value

    def draft_of(workspace: Any) -> int | None:
        """The draft a form request works on (its "workspace": the draft's id, from the editor's boot data)."""
        if isinstance(workspace, str) and workspace.isdigit() and len(workspace) <= 12:
            return int(workspace)
        return None

    def photos_of(actor: Any, workspace: Any, data: Any) -> dict[str, bytes]:
        """The draft's photos that ``data`` names (another agency's draft: NotFound, 404)."""
        from notices.server import draft_photos

        ident = draft_of(workspace)
        if ident is None:
            return {}
        return draft_photos.photo_files(db, actor, ident, drafts.named_photos(data))

    async def preview(request: Request) -> Response:
        actor = request.state.session.actor
        sent = await body(request)

        def run() -> dict[str, Any]:
            office, _ = drafts.agency_profile(db, actor)
            photos = photos_of(actor, sent.get("workspace"), sent.get("data", {}))
            with drafts.working(office, photos=photos) as folder:
                loaded, problems, _ = service.check(sent.get("data", {}), folder)
                result: dict[str, Any] = {"problems": problems, "html": None}
                if loaded is not None:
                    try:
                        document = service.compose(loaded, str(sent.get("kind", "notice")), folder)
                    except UserError as error:
                        result["notice"] = error.message
                        return result
                    result["html"] = service.preview_html(document, "/fonts")
                    result["title"] = document.title
                    glyphs = service.missing_glyphs(document)
                    if glyphs:
                        result["problems"].append({"message": glyphs, "severity": "error", "fields": []})
                return result

        return JSONResponse(await run_in_threadpool(run))

    async def download(request: Request) -> Response:
        actor = request.state.session.actor
        sent = await body(request)
        fmt, data, kind = sent.get("format"), sent.get("data", {}), str(sent.get("kind", "notice"))
        if fmt == "yaml":
            return attachment(service.to_yaml(data).encode("utf-8"), "application/yaml; charset=utf-8",
                              service.yaml_name(data))
        if fmt not in service.MEDIA_TYPES:
            raise UserError(f"không tải được dạng “{fmt}”; chọn DOCX, PDF hoặc YAML")

        def run() -> Response:
            office, _ = drafts.agency_profile(db, actor)
            photos = photos_of(actor, sent.get("workspace"), data)
            with drafts.working(office, photos=photos) as folder:
                loaded, problems, _ = service.check(data, folder)
                if loaded is None:
                    return JSONResponse({"error": "Hồ sơ còn lỗi, chưa tạo được văn bản.", "problems": problems},
                                        status_code=422)
                document = service.compose(loaded, kind, folder)
                name = service.file_name(loaded, document, kind)
                from notices.render import document_bytes

                content = document_bytes(loaded, document, fmt, name)
            return attachment(content, service.MEDIA_TYPES[fmt], f"{name}.{fmt}")

        return await run_in_threadpool(run)

    async def open_record(request: Request) -> Response:
        from notices.server import draft_photos

        actor = request.state.session.actor
        async with request.form(max_files=MAX_FILES, max_fields=10) as form:
            ident = draft_of(form.get("workspace"))
            uploads = [v for v in form.getlist("files") if not isinstance(v, str)]
            words = [u for u in uploads if (u.filename or "").lower().endswith(service.WORD_SUFFIXES)]
            if words:  # a Word document: imported into a record (notices.importer), as the editor does
                return await open_word(actor, uploads, words[0], ident)
            records = [u for u in uploads if (u.filename or "").lower().endswith((".yaml", ".yml"))]
            if len(records) != 1:
                raise UserError("Hãy chọn đúng một tệp hồ sơ .yaml (có thể chọn kèm các ảnh của tin bài) hoặc "
                                "một văn bản Word (.docx, .doc).")
            raw = await records[0].read(drafts.MAX_YAML + 1)
            name = records[0].filename
            pictures = [(u.filename or "", await u.read(draft_photos.MAX_PHOTO + 1)) for u in uploads
                        if u not in records]
        if pictures and ident is None:
            raise UserError("Ảnh tin bài thuộc về một văn bản: hãy mở hồ sơ trong một văn bản đã tạo.")
        if len(raw) > drafts.MAX_YAML:
            raise UserError(f"Tệp hồ sơ quá lớn (tối đa {drafts.MAX_YAML // 1024} KB).")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError("Tệp hồ sơ không phải UTF-8; hãy lưu lại với bảng mã Unicode (UTF-8).") from None

        def run() -> dict[str, Any]:
            from notices.records.yamlsource import YamlSyntaxError, parse

            office, _ = drafts.agency_profile(db, actor)
            try:
                named = drafts.named_photos(parse(text).data)
            except YamlSyntaxError:
                named = []
            saved = draft_photos.add_photos(db, actor, ident, pictures, named) if pictures and ident else []
            photos = photos_of(actor, str(ident) if ident else None, {"documents": {"news": {"photos": [
                {"file": n} for n in named]}}})
            with drafts.working(office, photos=photos) as folder:
                opened = service.open_yaml(text, folder)
            return {"workspace": str(ident) if ident else None, "data": opened.data, "problems": opened.problems,
                    "photos": saved, "name": name, "broken": opened.broken}

        return JSONResponse(await run_in_threadpool(run))

    async def open_word(actor: Any, uploads: list[Any], upload: Any, ident: int | None) -> Response:
        from pathlib import PurePosixPath

        if len(uploads) != 1:
            raise UserError("Mỗi lần chỉ mở được một văn bản Word (.docx, .doc), không kèm tệp khác.")
        raw = await upload.read(service.MAX_WORD + 1)
        if len(raw) > service.MAX_WORD:
            raise UserError(f"Văn bản Word quá lớn (tối đa {service.MAX_WORD // (1024 * 1024)} MB).")
        name = PurePosixPath((upload.filename or "van-ban.docx").replace("\\", "/")).name

        def run() -> dict[str, Any]:
            office, _ = drafts.agency_profile(db, actor)
            with drafts.working(office) as folder:
                return {"workspace": str(ident) if ident else None, **service.open_word(raw, name, folder)}

        return JSONResponse(await run_in_threadpool(run))

    async def photos(request: Request) -> Response:
        """Tải ảnh lên: photos of the draft the editor is open on (its "workspace"), kept in the database."""
        from notices.server import draft_photos

        actor = request.state.session.actor
        async with request.form(max_files=MAX_FILES, max_fields=10) as form:
            ident = draft_of(form.get("workspace"))
            if ident is None:
                raise UserError("Ảnh tin bài thuộc về một văn bản: hãy mở văn bản rồi tải ảnh lên.")
            uploads = [v for v in form.getlist("files") if not isinstance(v, str)]
            named: Any = form.get("named")
            try:
                named = json.loads(named) if isinstance(named, str) else []
            except ValueError:
                named = []
            files = [(u.filename or "", await u.read(draft_photos.MAX_PHOTO + 1)) for u in uploads]
        saved = await run_in_threadpool(draft_photos.add_photos, db, actor, ident, files,
                                        named if isinstance(named, list) else [])
        return JSONResponse({"workspace": str(ident), "photos": saved})

    async def save(request: Request) -> Response:
        actor = request.state.session.actor
        sent = await body(request)
        base = sent.get("base")
        if base is not None and not isinstance(base, int):
            raise UserError("Thiếu phiên bản đang sửa.")

        def run() -> dict[str, Any]:
            ident = draft_id(request)
            previous = drafts.get_version(db, actor, ident)
            text = service.to_yaml(sent.get("data", {}), previous.yaml if previous else None)
            saved = drafts.save(db, actor, ident, text, kind=str(sent.get("kind", "notice")), base=base)
            answer: dict[str, Any] = {"head": saved.version.number, "sha256": saved.version.sha256,
                                      "message": f"Đã lưu phiên bản {saved.version.number}."}
            if saved.returned:
                answer["message"] += " " + saved.returned
                answer["returned"] = saved.returned
            if saved.conflict is not None:
                other = saved.conflict
                answer["conflict"] = {"number": other.number, "author": other.author_name, "at": other.created_at,
                                      "url": f"/van-ban/{ident}/phien-ban/{other.number}"}
                answer["message"] = (
                    f"Trong lúc bạn sửa, {other.author_name} đã lưu phiên bản {other.number}. Không mất gì: bản của "
                    f"bạn là phiên bản {saved.version.number}, bản của {other.author_name} là phiên bản "
                    f"{other.number}; hãy so hai bản và lưu lại bản đúng.")
            return answer

        return JSONResponse(await run_in_threadpool(run))

    async def issue(request: Request) -> Response:
        actor = request.state.session.actor
        sent = await body(request)
        head = sent.get("head")
        if not isinstance(head, int):
            raise UserError("Thiếu phiên bản cần cấp số.")

        def run() -> Response:
            from notices.records.yamlsource import parse

            try:
                done = drafts.issue_draft(db, actor, draft_id(request), str(sent.get("kind", "")), head=head)
            except RecordError as error:  # the form's own messages, at its fields, as the preview gives them
                office, _ = drafts.agency_profile(db, actor)
                with drafts.working(office) as folder:
                    problems = service.check_text(error.source or "", folder)[1]
                return JSONResponse({"error": "Hồ sơ còn lỗi, chưa cấp số.", "problems": problems}, status_code=422)
            data = parse(done.version.yaml).data
            return JSONResponse({"label": done.label, "date": done.date, "head": done.version.number, "data": data,
                                 "pdf": f"/so/{done.entry_id}/pdf",
                                 "message": f"Đã cấp số {done.label} ngày {done.date}; văn bản đã lưu vào kho."})

        return await run_in_threadpool(run)

    def batch_owner(request: Request) -> Any:
        from notices.register.registry import AgencyKey

        actor = request.state.session.actor
        actor.require("quan_tri")
        if not actor.agency_code or not actor.agency_name:
            raise NotFound("Không có lô việc này.")
        return AgencyKey(actor.agency_code, actor.agency_name)

    def batch_number(request: Request) -> int:
        value = request.path_params["batch"]
        if not value.isdigit() or len(value) > 12:
            raise NotFound("Không có lô việc này.")
        return int(value)

    async def batch_list(request: Request) -> Response:
        from notices.jobs.batches import batches

        owner = batch_owner(request)
        found = await run_in_threadpool(batches, db, owner)
        return HTMLResponse(pages.batches_page(request.state.session, found))

    async def batch_view(request: Request) -> Response:
        from notices.jobs.batches import batch_status

        owner, number = batch_owner(request), batch_number(request)
        try:
            status = await run_in_threadpool(batch_status, db, owner, number)
        except UserError as error:  # another agency's batch, or none: the same answer
            raise NotFound("Không có lô việc này.") from error
        return HTMLResponse(pages.batch_page(request.state.session, status))

    async def batch_download(request: Request) -> Response:
        import io

        from notices.jobs.batches import batch_zip

        owner, number = batch_owner(request), batch_number(request)
        buffer = io.BytesIO()
        try:
            await run_in_threadpool(batch_zip, db, owner, number, buffer)
        except UserError as error:
            raise NotFound("Không có lô việc này.") from error
        return attachment(buffer.getvalue(), "application/zip", f"lo-{number}.zip")

    async def font(request: Request) -> Response:
        path = service.font_file(request.path_params["face"])
        if path is None:
            raise NotFound("Không có phông này.")
        return FileResponse(path, media_type="font/ttf", headers={"cache-control": "private, max-age=86400"})

    async def on_user_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, UserError)
        return refuse(request, 422, error.message)

    async def on_bug(request: Request, error: Exception) -> Response:
        return refuse(request, 500, f"Lỗi nội bộ của notices ({type(error).__name__}); hãy báo cho người quản trị.")

    def route(path: str, view: Callable[[Request], Awaitable[Response]], methods: tuple[str, ...] = ("GET",),
              public: bool = False) -> Route:
        return Route(path, guarded(view, public=public), methods=list(methods))

    routes = [
        route("/", home),
        route("/dang-nhap", login_page, public=True),
        route("/dang-nhap", login, ("POST",), public=True),
        route("/dang-xuat", logout, ("POST",)),
        route("/van-ban", my_documents),
        route("/van-ban/moi", new_draft, ("POST",)),
        route("/van-ban/{draft}", editor),
        route("/van-ban/{draft}/phien-ban", version_list),
        route("/van-ban/{draft}/xu-ly", act, ("POST",)),
        route("/van-ban/{draft}/ban-da-ky", upload_signed, ("POST",)),
        route("/van-ban/{draft}/phien-ban/{number}", version_text),
        route("/tra-cuu", search),
        route("/so/{entry}/{fmt}", stored),
        route("/nguoi-dung", users_page),
        route("/nguoi-dung", add_user, ("POST",)),
        route("/nguoi-dung/{login}/khoa", disable_user, ("POST",)),
        route("/lo-viec", batch_list),
        route("/lo-viec/{batch}", batch_view),
        route("/lo-viec/{batch}/zip", batch_download),
        route("/mat-khau", password_page),
        route("/mat-khau", change_password, ("POST",)),
        route("/mat-khau/chu-ky", set_signature_image, ("POST",)),
        route("/api/preview", preview, ("POST",)),
        route("/api/download", download, ("POST",)),
        route("/api/open", open_record, ("POST",)),
        route("/api/photos", photos, ("POST",)),
        route("/api/van-ban/{draft}/luu", save, ("POST",)),
        route("/api/van-ban/{draft}/cap-so", issue, ("POST",)),
        route("/fonts/{face}", font),
        *hoso_pages.routes(db, route, attachment),
        *review_pages.routes(db, route),
        Mount("/static", StaticFiles(directory=pages.WEB_STATIC), name="static"),
        Mount("/server-static", StaticFiles(directory=SERVER_STATIC), name="server-static"),
    ]

    app = Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts), Middleware(Headers)],
        exception_handlers={UserError: on_user_error, Exception: on_bug},
        lifespan=_lifespan(db),
    )
    app.state.db = db
    return app


def _lifespan(db: Any) -> Any:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        try:
            yield
        finally:
            db.dispose()

    return lifespan


def attachment(content: bytes, media_type: str, name: str) -> Response:
    return Response(content, media_type=media_type, headers={"content-disposition": f'attachment; filename="{name}"'})
