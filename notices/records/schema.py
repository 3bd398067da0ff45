"""The JSON Schema of the record format, with Vietnamese descriptions, for editors."""

from __future__ import annotations

from typing import Any

from notices.records.models import Record


def record_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a record file."""
    schema = Record.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Hồ sơ notices"
    return schema


def office_schema() -> dict[str, Any]:
    """JSON Schema of the office profile (``office.yaml``)."""
    from notices.records.office import office_schema as schema

    return schema()
