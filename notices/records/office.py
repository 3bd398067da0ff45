"""The office profile (hồ sơ cơ quan): ``office.yaml`` applies to every record in its folder and below.

Looked up from the record's folder upwards, like ``.git``. It gives the agency block, per-kind default
signers, recipients and archive codes, the numbering policy (Điều 15.1.c: the head of the agency decides
one series for every administrative document or one per kind) and the register's database URL.
A record's own values always win: the profile only fills keys the record leaves out.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from notices.errors import RecordError
from notices.records.models import Agency, Archive, FileNotation, Model, Signer, Text

OFFICE_FILE = "office.yaml"


class KindDefaults(Model):
    """Mặc định cho một loại văn bản."""

    signer: Signer | None = Field(None, description="Người ký mặc định của loại văn bản này.")
    recipients: list[Text] | None = Field(None, description="Nơi nhận mặc định, mỗi dòng một nơi.")
    archive: Archive | None = Field(None, description="Lưu: VT và chữ viết tắt đơn vị soạn thảo, ví dụ [VT, VP].")
    hoso: FileNotation | None = Field(None, description="Hồ sơ (số và ký hiệu trong Danh mục hồ sơ) lập văn bản "
                                      "loại này vào khi cấp số, ví dụ 05.VP, khi hồ sơ cuộc họp không ghi mục hoso.")


def _office_documents() -> type[Model]:
    """Mặc định theo loại văn bản: one optional section per numbered kind of the catalogue."""
    from pydantic import create_model

    from notices.kinds import numbered

    sections = {k.key: (KindDefaults | None, Field(None, description=k.label)) for k in numbered()}
    return create_model("OfficeDocuments", __base__=Model,  # type: ignore[call-overload]
                        __doc__="Mặc định theo loại văn bản (chỉ áp dụng cho văn bản mà hồ sơ khai báo).", **sections)


OfficeDocuments = _office_documents()


class Office(Model):
    """Hồ sơ cơ quan (office.yaml): áp dụng cho mọi hồ sơ trong thư mục chứa nó và các thư mục con."""

    agency: Agency = Field(description="Cơ quan ban hành; hồ sơ có mục agency riêng thì giá trị của hồ sơ được dùng.")
    documents: OfficeDocuments = Field(default_factory=OfficeDocuments,
                                       description="Người ký, nơi nhận, lưu mặc định theo loại văn bản.")
    numbering: Literal["per-kind", "shared"] = Field(
        "per-kind",
        description="Cấp số văn bản hành chính (Điều 15.1.c): “per-kind” — mỗi loại một dãy số (mặc định); "
        "“shared” — một dãy số chung cho mọi văn bản hành chính.",
    )
    database: Text | None = Field(
        None,
        description="Cơ sở dữ liệu sổ đăng ký: sqlite:///notices.db (tệp, tính từ thư mục office.yaml) "
        "hoặc postgresql://máy/tên khi cả cơ quan dùng chung một máy chủ.",
    )


class LoadedOffice:
    """A valid office profile and where it lives."""

    def __init__(self, office: Office, path: Path, data: dict[str, Any]) -> None:
        self.office = office
        self.path = path
        self.data = data  # the profile as written (plain data), for merging into records

    @property
    def folder(self) -> Path:
        return self.path.parent


def find_office(start: Path) -> Path | None:
    """The nearest ``office.yaml`` in ``start`` (a folder) or any folder above it."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / OFFICE_FILE
        if path.is_file():
            return path
    return None


_LOOK_UP = object()  # no profile chosen: each record's is the office.yaml found above it
_CHOSEN: ContextVar[Any] = ContextVar("notices_office", default=_LOOK_UP)


@contextmanager
def chosen(office: LoadedOffice | None) -> Iterator[None]:
    """Within this block, every record's profile is ``office`` (None: no profile), found nowhere else.

    A record on disk takes the office.yaml above it. A record from the web form is written into the
    server's temporary folder, where the folders above belong to nobody: a stray ``/tmp/office.yaml``
    would otherwise give it another agency, other signers, another numbering policy. Its profile is
    the one the server was started with.
    """
    token = _CHOSEN.set(office)
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def office_for(record_path: Path) -> LoadedOffice | None:
    """The profile that applies to the record at ``record_path`` (None when there is none)."""
    office = _CHOSEN.get()
    if office is not _LOOK_UP:
        return office
    path = find_office(record_path.parent)
    if path is None:
        return None
    stat = path.stat()
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _load_cached(path: Path, mtime: int, size: int) -> LoadedOffice:
    return load_office(path)


def load_office(path: Path) -> LoadedOffice:
    """Read and validate ``office.yaml``; raise :class:`RecordError` (file:line:col) listing every problem."""
    from notices.records.reading import validated

    text, source, office, problems = validated(
        path, Office, "hồ sơ cơ quan phải là một nhóm mục (agency:, documents: …)")
    if problems or office is None:
        raise RecordError(path, tuple(sorted(problems, key=lambda p: (p.line, p.column))), text)
    return LoadedOffice(office, path, source.data)


def apply_office(data: Any, record_path: Path) -> Any:
    """``data`` (a parsed record) with the profile's values filled in where the record leaves them out."""
    if not isinstance(data, dict):
        return data
    loaded = office_for(record_path)
    if loaded is None:
        return data
    merged = copy.deepcopy(data)
    profile = loaded.data
    agency = merged.get("agency")
    if agency is None:
        merged["agency"] = copy.deepcopy(profile["agency"])
    elif isinstance(agency, dict):
        for key, value in profile["agency"].items():
            agency.setdefault(key, copy.deepcopy(value))
    documents = merged.get("documents")
    for kind, defaults in (profile.get("documents") or {}).items():
        declared = documents.get(kind) if isinstance(documents, dict) else None
        if not isinstance(declared, dict) or not isinstance(defaults, dict):
            continue  # the profile never declares a document the record does not
        for key, value in defaults.items():
            if key == "hoso" and merged.get("hoso") is not None:
                continue  # the record's own hồ sơ wins over the profile's per-kind default
            if value is not None:
                declared.setdefault(key, copy.deepcopy(value))
    return merged


def office_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``office.yaml``."""
    schema = Office.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Hồ sơ cơ quan notices (office.yaml)"
    return schema
