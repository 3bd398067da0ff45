"""Register and archive in the page: "Cấp số" and the archive search, over :mod:`notices.register`'s functions.

"Cấp số" writes the form's record into its upload folder and calls
:func:`notices.register.issue.issue_record` on it, exactly as ``notices issue`` does: one transaction takes
the number, the number and date are written into the record, the final DOCX and PDF are rendered and
stored. The page then shows the record as issued (with its number and date). The search box calls
:func:`notices.register.archive.search`; a result opens the stored PDF, checked against its SHA-256 by
:func:`notices.register.archive.get`.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from notices.errors import RecordError, UserError
from notices.web import service


class Register:
    """The register database of this server, opened (and created or upgraded) on first use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._db: Any = None
        self._lock = threading.Lock()

    def db(self) -> Any:
        from notices.register.db import open_database

        with self._lock:
            if self._db is None:
                self._db = open_database(self.url)
            return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def database_url(option: str | None, office: Any) -> str:
    """``--db``, else NOTICES_DB, else office.yaml's database, else notices.db beside office.yaml or here."""
    from notices.register.db import resolve_url

    return resolve_url(option, office.office.database if office else None, office.folder if office else None)


def routes(settings: Any, workspaces: Any, working: Callable[[], Any]) -> list[Route]:
    from notices.kinds import numbered

    register = Register(database_url(settings.db, settings.office))
    settings.register = register

    async def issue(request: Request) -> Response:
        body = await request.json()
        data, kind, key = body.get("data"), str(body.get("kind", "")), body.get("workspace")
        if not isinstance(data, dict):
            raise UserError("Dữ liệu gửi lên không đúng dạng của hồ sơ.")
        if kind not in [k.key for k in numbered()]:
            labels = ", ".join(k.label for k in numbered())
            raise UserError(f"Tin bài không cấp số; hãy chọn một trong: {labels}.")
        folder = workspaces.get(key)
        if folder == workspaces.blank:
            key, folder = workspaces.new()

        def run() -> Response:
            from notices.photos import confined_to
            from notices.records.messages import form_words
            from notices.records.yamlsource import parse
            from notices.register.issue import issue_record
            from notices.web.form import label_path

            path = folder / service.yaml_name(data)
            text = service.to_yaml(data, service.opened_text(folder))
            with working():  # one at a time, in the server's office profile: its numbering policy, its defaults
                path.write_text(text, encoding="utf-8")
                try:
                    with confined_to(folder), form_words(label_path) as places:
                        results = issue_record(path, kind=kind, db=register.db(), out=folder / "van-ban")
                except RecordError as error:
                    problems = service.form_problems(error.problems, parse(text), places)
                    return JSONResponse({"error": "Hồ sơ còn lỗi, chưa cấp số.", "problems": problems},
                                        status_code=422)
                issued = path.read_text(encoding="utf-8")  # with its number and date written in
                service.keep_opened(folder, issued)
                opened = service.open_yaml(issued, folder)
            entry = results[0].entry
            return JSONResponse({
                "workspace": key, "data": opened.data, "label": entry.label, "date": entry.date_text,
                "message": f"Đã cấp số {entry.label} ngày {entry.date_text}; văn bản đã lưu vào kho.",
            })

        return await run_in_threadpool(run)

    async def search(request: Request) -> Response:
        from notices.register.archive import search as archive_search

        query = request.query_params.get("q", "")

        def run() -> list[dict[str, Any]]:
            hits = archive_search(register.db(), query, agency=_searched_agency(register.db(), settings.office),
                                  limit=50)
            return [{
                "label": h.entry.label, "year": h.entry.year, "kind": h.entry.kind_label,
                "subject": h.entry.subject, "date": h.entry.date_text, "excerpt": at_words(h.excerpt),
                "status": h.entry.status, "agency": h.entry.agency_name,
                "pdf": _pdf_address(h.entry) if h.entry.status == "issued" else None,
            } for h in hits]

        return JSONResponse({"hits": await run_in_threadpool(run)})

    async def stored_pdf(request: Request) -> Response:
        from notices.register.archive import get
        from notices.register.registry import AgencyKey

        params = request.query_params
        year = params.get("year", "")
        if not year.isdigit():
            raise UserError("Thiếu năm của văn bản.")
        agency = AgencyKey(params.get("agency_code", ""), params.get("agency_name", ""))

        def run() -> Response:
            with tempfile.TemporaryDirectory(prefix="notices-archive-") as tmp:
                written = get(register.db(), agency, int(year), params.get("label", ""), Path(tmp))
                pdf = next((p for p in written if p.suffix == ".pdf"), None)
                if pdf is None:
                    raise UserError("Kho lưu không có tệp PDF của văn bản này.")
                content, name = pdf.read_bytes(), pdf.name
            return Response(content, media_type="application/pdf",
                            headers={"content-disposition": f'inline; filename="{name}"'})

        return await run_in_threadpool(run)

    return [
        Route("/api/issue", issue, methods=["POST"]),
        Route("/api/archive", search),
        Route("/api/archive/pdf", stored_pdf),
    ]


def at_words(excerpt: str) -> str:
    """An excerpt cut at words: a word cut by the "…" at either end is left out."""
    text = excerpt
    if text.startswith("…"):
        head, _, rest = text[1:].partition(" ")
        text = "…" + rest if rest else text
    if text.endswith("…"):
        rest, _, tail = text[:-1].rpartition(" ")
        text = rest.rstrip(" ,;:") + "…" if rest else text
    return text


def _searched_agency(db: Any, office: Any) -> Any:
    """Search keeps to one agency: the server's office profile's, else the register's only one."""
    from notices.register.registry import AgencyKey, known_agencies

    if office is not None:
        agency = office.office.agency
        return AgencyKey(agency.code, agency.name, agency.parent)
    known = known_agencies(db)
    if len(known) > 1:
        raise UserError("Sổ đăng ký có nhiều cơ quan; hãy chạy máy chủ với office.yaml của cơ quan mình để tìm.")
    return known[0] if known else AgencyKey("", "")


def _pdf_address(entry: Any) -> str:
    from urllib.parse import urlencode

    return "/api/archive/pdf?" + urlencode({"year": entry.year, "label": entry.label,
                                            "agency_code": entry.agency_code, "agency_name": entry.agency_name})
