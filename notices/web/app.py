"""The ASGI app behind ``notices serve``: the form page, its preview, downloads and uploads.

Security for a server on 127.0.0.1 (see the project's webform notes): a Host allow-list stops DNS
rebinding; every POST must carry the page's CSRF token (and, when the browser sends one, our own
Origin); request bodies have size limits; uploads land in a private folder per record and a record
that comes through the page can read no file outside it. Nothing is loaded from another site.
"""

from __future__ import annotations

import contextlib
import html
import json
import secrets
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notices.errors import UserError
from notices.web import service

STATIC = Path(__file__).parent / "static"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MAX_JSON = 2 * 1024 * 1024  # a record as JSON: far more than any meeting needs
MAX_UPLOAD = 64 * 1024 * 1024  # one upload request (a record and its photos)
MAX_RECORD = 1024 * 1024  # one YAML record file
MAX_PHOTO = 20 * 1024 * 1024  # one photo
MAX_WORD = service.MAX_WORD  # one Word document brought in through "Mở hồ sơ…" (notices.importer)
MAX_FILES = 40
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
UPLOAD_PATHS = ("/api/open", "/api/photos")

CONTENT_POLICY = (
    b"content-security-policy",
    b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    b"font-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    b"frame-ancestors 'self'",
)  # on HTML pages (a stored PDF opens in the browser's own viewer, which this policy would block)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def secured(headers: list[tuple[bytes, bytes]], ours: list[tuple[bytes, bytes]] = SECURITY_HEADERS
            ) -> list[tuple[bytes, bytes]]:
    """A response's headers with ``ours`` added (a Cache-Control the response set itself, the fonts', is kept
    and said once) and the content policy on HTML pages. The web form's and the office server's one rule."""
    html_page = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
    cached = any(k.lower() == b"cache-control" for k, _ in headers)
    extra = [h for h in ours if not (cached and h[0] == b"cache-control")]
    return headers + extra + ([CONTENT_POLICY] if html_page else [])


@dataclass
class Settings:
    """What ``notices serve`` passes in."""

    profile: dict[str, Any] = field(default_factory=dict)  # the office's defaults, filled into an empty form
    db: str | None = None  # the register's database URL (None: the register's own default)
    port: int = 8000
    office: Any = None  # the office profile (office.yaml) when there is one
    register: Any = None  # set by the register's routes: its database, closed with the server


class Guard:
    """CSRF on every unsafe request, body size limits, and the security headers on every response.

    The token is the synchronizer kind: made once per server, written into the page, sent back by
    the page's script as ``X-CSRF-Token``. Another site cannot read it (and cannot reach us under
    another name: the Host allow-list runs first).
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secured(list(message.get("headers", [])))
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            sent = headers.get("x-csrf-token", "")
            origin = headers.get("origin")
            host = headers.get("host", "")
            if not sent or not secrets.compare_digest(sent.encode(), self.token.encode()):
                await _refuse(403, "Yêu cầu bị từ chối: thiếu mã bảo vệ (CSRF) của trang; hãy tải lại trang.",
                              scope, receive, send_with_headers)
                return
            if origin is not None and origin != f"http://{host}":
                await _refuse(403, "Yêu cầu bị từ chối: gửi từ một trang khác.", scope, receive, send_with_headers)
                return
            limit = MAX_UPLOAD if scope["path"] in UPLOAD_PATHS else MAX_JSON
            declared = headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                await _refuse(413, f"Dữ liệu gửi lên quá lớn (tối đa {limit // (1024 * 1024)} MB).",
                              scope, receive, send_with_headers)
                return
            receive = _limited(receive, limit)
        try:
            await self.app(scope, receive, send_with_headers)
        except _TooLarge:
            await _refuse(413, "Dữ liệu gửi lên quá lớn.", scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops a body (even one without Content-Length) beyond ``limit`` bytes."""
    total = 0

    async def inner() -> Message:
        nonlocal total
        message = await receive()
        if message["type"] == "http.request":
            total += len(message.get("body", b""))
            if total > limit:
                raise _TooLarge
        return message

    return inner


async def _refuse(status: int, message: str, scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"error": message}, status_code=status)
    await response(scope, receive, send)


class Workspaces:
    """One private folder per record opened or photo uploaded, under one temporary folder per server."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="notices-serve-"))
        self.blank = self.root / "blank"  # the folder of a record with no upload: empty, so no photo can be read
        self.blank.mkdir()
        self.folders: dict[str, Path] = {}
        self.lock = threading.Lock()

    def new(self) -> tuple[str, Path]:
        key = secrets.token_urlsafe(16)
        folder = self.root / key
        folder.mkdir()
        with self.lock:
            self.folders[key] = folder
        return key, folder

    def get(self, key: object) -> Path:
        with self.lock:
            return self.folders.get(key, self.blank) if isinstance(key, str) else self.blank

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Server:
    """What every view needs of its server: settings, CSRF token, upload folders, the one-at-a-time lock."""

    settings: Settings
    token: str
    workspaces: Workspaces
    render_lock: threading.Lock = field(default_factory=threading.Lock)  # the writers share font caches

    @contextlib.contextmanager
    def working(self) -> Iterator[None]:
        """One request's work on a record: alone (the writers share font caches), and in the care of the
        server's office profile: the same defaults where the record leaves a key out, the same numbering
        when a number is issued, as a record in the office's folder (never an office.yaml found above
        the server's temporary folder)."""
        from notices.records.office import chosen

        with self.render_lock, chosen(self.settings.office):
            yield


def server_of(request: Request) -> Server:
    return request.app.state.server  # type: ignore[no-any-return]


def editor_page(token: str, profile: dict[str, Any], register: bool) -> str:
    """The form's page, its boot data written in: reusable by any server that serves this editor."""
    from notices.web.form import form_spec

    boot = {"spec": form_spec(), "kinds": service.kinds(), "profile": profile, "register": register}
    text = (STATIC / "index.html").read_text(encoding="utf-8")
    text = text.replace("{{csrf}}", html.escape(token, quote=True))
    # Raw text inside <script type="application/json">: no entity decoding there, so '<' is escaped as JSON.
    return text.replace("{{boot}}", json.dumps(boot, ensure_ascii=False).replace("<", "\\u003c"))


async def request_record(request: Request) -> dict[str, Any]:
    """The JSON body of a form request: {data: the record as the form holds it, kind, workspace, …}."""
    try:
        value = await request.json()
    except ValueError:
        raise UserError("Dữ liệu gửi lên không đọc được (không phải JSON).") from None
    if not isinstance(value, dict) or not isinstance(value.get("data", {}), dict):
        raise UserError("Dữ liệu gửi lên không đúng dạng của hồ sơ.")
    return value


def page(request: Request) -> Response:
    server = server_of(request)
    return HTMLResponse(editor_page(server.token, server.settings.profile, register_available()))


def preview_result(data: dict[str, Any], kind: str, folder: Path) -> dict[str, Any]:
    """The preview of one document: its problems (only what it reads), and its page when it can be made."""
    loaded, problems, _ = service.check(data, folder, kind)
    result: dict[str, Any] = {"problems": problems, "html": None, "kind": kind}
    if loaded is None:
        return result
    try:
        document = service.compose(loaded, kind, folder)
    except UserError as error:
        result["notice"] = error.message
        return result
    result["html"] = service.preview_html(document, "/fonts")
    result["title"] = document.title
    glyphs = service.missing_glyphs(document)
    if glyphs:  # what "Tải PDF" would refuse, said while she types
        result["problems"].append({"message": glyphs, "severity": "error", "fields": []})
    return result


async def preview(request: Request) -> Response:
    server, body = server_of(request), await request_record(request)
    folder = server.workspaces.get(body.get("workspace"))

    def run() -> dict[str, Any]:
        with server.working():
            return preview_result(body.get("data", {}), str(body.get("kind", "notice")), folder)

    return JSONResponse(await run_in_threadpool(run))


def download_file(data: dict[str, Any], kind: str, fmt: str, folder: Path) -> Response:
    """One document as a file: checked for what it reads only, then render → file name → bytes."""
    loaded, problems, _ = service.check(data, folder, kind)
    if loaded is None:
        return JSONResponse({"error": "Văn bản này còn lỗi, chưa tạo được (xem mục “Cần sửa”).",
                             "problems": problems}, status_code=422)
    name, content = service.document_file(loaded, kind, fmt, folder)
    return _attachment(content, service.MEDIA_TYPES[fmt], name)


async def download(request: Request) -> Response:
    server, body = server_of(request), await request_record(request)
    fmt, data = body.get("format"), body.get("data", {})
    folder = server.workspaces.get(body.get("workspace"))
    if fmt == "yaml":  # always allowed: a half-written record is saved as it is, errors and all
        text = service.to_yaml(data, service.opened_text(folder))
        name = service.yaml_name(data, body.get("name") if isinstance(body.get("name"), str) else None)
        return _attachment(text.encode("utf-8"), "application/yaml; charset=utf-8", name)
    if fmt not in service.MEDIA_TYPES:
        raise UserError(f"không tải được dạng “{fmt}”; chọn DOCX, PDF hoặc YAML")
    kind = str(body.get("kind", "notice"))

    def run() -> Response:
        with server.working():
            return download_file(data, kind, fmt, folder)

    return await run_in_threadpool(run)


async def open_record(request: Request) -> Response:
    server = server_of(request)
    async with request.form(max_files=MAX_FILES, max_fields=10) as form:
        uploads = [v for v in form.getlist("files") if not isinstance(v, str)]
        words = [u for u in uploads if (u.filename or "").lower().endswith(service.WORD_SUFFIXES)]
        if words:
            return await _open_word(server, uploads, words[0])
        records = [u for u in uploads if (u.filename or "").lower().endswith((".yaml", ".yml"))]
        if len(records) != 1:
            raise UserError("Hãy chọn đúng một tệp hồ sơ .yaml (có thể chọn kèm các tệp ảnh của tin bài).")
        raw = await records[0].read(MAX_RECORD + 1)
        if len(raw) > MAX_RECORD:
            raise UserError(f"Tệp hồ sơ quá lớn (tối đa {MAX_RECORD // 1024} KB).")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError("Tệp hồ sơ không phải UTF-8; hãy lưu lại với bảng mã Unicode (UTF-8).") from None
        key, folder = server.workspaces.new()
        service.keep_opened(folder, text)  # saved again, it keeps her comments and layout
        photo_paths = _photo_paths(text)
        saved = [await _save_photo(u, folder, photo_paths) for u in uploads if u not in records]

    def run() -> dict[str, Any]:
        with server.working():
            opened = service.open_yaml(text, folder)
        return {"workspace": key, "data": opened.data, "problems": opened.problems, "photos": saved,
                "name": records[0].filename, "broken": opened.broken}

    return JSONResponse(await run_in_threadpool(run))


async def _open_word(server: Any, uploads: list[Any], upload: Any) -> Response:
    """A Word document opened through "Mở hồ sơ…": imported into a record (notices.importer), the form
    filled from it, what could not be placed listed for her."""
    if len(uploads) != 1:
        raise UserError("Mỗi lần chỉ mở được một văn bản Word (.docx, .doc), không kèm tệp khác.")
    raw = await upload.read(MAX_WORD + 1)
    if len(raw) > MAX_WORD:
        raise UserError(f"Văn bản Word quá lớn (tối đa {MAX_WORD // (1024 * 1024)} MB).")
    name = PurePosixPath((upload.filename or "van-ban.docx").replace("\\", "/")).name
    key, folder = server.workspaces.new()

    def run() -> dict[str, Any]:
        with server.working():
            return service.open_word(raw, name, folder)

    return JSONResponse({"workspace": key, **await run_in_threadpool(run)})


async def upload_photos(request: Request) -> Response:
    workspaces = server_of(request).workspaces
    async with request.form(max_files=MAX_FILES, max_fields=10) as form:
        key = form.get("workspace")
        folder = workspaces.get(key)
        if folder == workspaces.blank:
            key, folder = workspaces.new()
        uploads = [v for v in form.getlist("files") if not isinstance(v, str)]
        if not uploads:
            raise UserError("Chưa chọn tệp ảnh nào.")
        named = form.get("named")  # the photo paths the form already names: a file goes where it is named
        paths = _safe_paths(json.loads(named) if isinstance(named, str) and named.startswith("[") else [])
        saved = [await _save_photo(u, folder, paths) for u in uploads]
    return JSONResponse({"workspace": key, "photos": saved})


FONT_CACHE = "public, max-age=86400"  # the document's fonts: the same bytes for the server's life


def font(request: Request) -> Response:
    path = service.font_file(request.path_params["face"])
    if path is None:
        return JSONResponse({"error": "Không có phông này."}, status_code=404)
    return FileResponse(path, media_type="font/ttf", headers={"cache-control": FONT_CACHE})


async def on_user_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, UserError)
    return JSONResponse({"error": error.message}, status_code=422)


async def on_bug(request: Request, error: Exception) -> Response:
    # A bug in notices: said in Vietnamese on the page; Starlette still logs the trace to the terminal.
    return JSONResponse({"error": f"Lỗi nội bộ của notices ({type(error).__name__}). Những gì đã nhập vẫn "
                                  "còn trên trang; hãy tải YAML để giữ lại và báo cho người phát triển."},
                        status_code=500)


EDITOR_ROUTES = [
    Route("/", page),
    Route("/api/preview", preview, methods=["POST"]),
    Route("/api/download", download, methods=["POST"]),
    Route("/api/open", open_record, methods=["POST"]),
    Route("/api/photos", upload_photos, methods=["POST"]),
    Route("/fonts/{face}", font),
    Mount("/static", StaticFiles(directory=STATIC), name="static"),
]


def create_app(settings: Settings | None = None) -> Starlette:
    """The app; ``settings`` from ``notices serve``."""
    settings = settings or Settings()
    server = Server(settings, secrets.token_urlsafe(32), Workspaces())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            server.workspaces.close()
            if settings.register is not None:
                settings.register.close()

    routes = [*EDITOR_ROUTES, *register_routes(settings, server.workspaces, server.working)]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS),
            Middleware(Guard, token=server.token),
        ],
        exception_handlers={UserError: on_user_error, Exception: on_bug},
        lifespan=lifespan,
    )
    app.state.server = server
    app.state.csrf_token = server.token
    app.state.workspaces = server.workspaces
    return app


def _attachment(content: bytes, media_type: str, name: str) -> Response:
    """A download named ``name`` (an opened record's name may be Vietnamese: RFC 6266 filename*, with an
    ASCII name for old clients)."""
    from urllib.parse import quote

    from notices import vn

    stem, dot, suffix = name.rpartition(".")
    plain = name if name.isascii() else f"{vn.slug(stem) or 'ho-so'}{dot}{suffix}"
    return Response(content, media_type=media_type, headers={
        "content-disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"})


def _photo_paths(text: str) -> dict[str, str]:
    """Basename → the relative path the record names for it (``photos/a.jpg``), when that path is safe."""
    from notices.records.yamlsource import parse

    try:
        data = parse(text).data
        photos = data["documents"]["news"]["photos"]
        files = [p["file"] for p in photos if isinstance(p, dict) and isinstance(p.get("file"), str)]
    except Exception:  # any shape the record gets wrong is reported by validation, not here
        return {}
    return _safe_paths(files)


def _safe_paths(files: list[Any]) -> dict[str, str]:
    result = {}
    for name in files:
        if not isinstance(name, str):
            continue
        path = PurePosixPath(name)
        if not path.is_absolute() and ".." not in path.parts and path.name:
            result[path.name] = str(path)
    return result


async def _save_photo(upload: Any, folder: Path, paths: dict[str, str]) -> str:
    """Save one uploaded photo inside ``folder`` (at the path the record names, if any); its relative path."""
    name = PurePosixPath((upload.filename or "").replace("\\", "/")).name
    if not name or name.startswith(".") or not name.lower().endswith(PHOTO_SUFFIXES):
        raise UserError(f"“{upload.filename}”: chỉ tải lên được tệp hồ sơ .yaml và ảnh JPEG hoặc PNG.")
    data = await upload.read(MAX_PHOTO + 1)
    if len(data) > MAX_PHOTO:
        raise UserError(f"Ảnh “{name}” quá lớn (tối đa {MAX_PHOTO // (1024 * 1024)} MB).")
    relative = paths.get(name, name)
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise UserError(f"“{relative}”: đường dẫn ảnh phải nằm trong thư mục hồ sơ.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative


def register_available() -> bool:
    """Whether the register (``notices.register``) is installed in this copy of notices."""
    import importlib.util

    return importlib.util.find_spec("notices.register") is not None


def register_routes(settings: Settings, workspaces: Workspaces, working: Callable[[], Any]) -> list[Route]:
    """The register's routes ("Cấp số", archive search), when the register is installed; ``working()``
    is the context every request's work on a record runs in (one at a time, the server's office)."""
    if not register_available():
        return []
    from notices.web import register as web_register

    return web_register.routes(settings, workspaces, working)
