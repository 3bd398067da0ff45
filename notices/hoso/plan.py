"""Danh mục hồ sơ (Điều 28, Phụ lục V): the year's list read from YAML, checked, stored for the agency.

The file is checked like a record: every problem in one pass, each at its line and column. Besides the
types and the Phụ lục VI lengths (Title 500, Maintenance 30, Creator 30, FileNotation 20), the numbering
rules of Phụ lục V: a hồ sơ's số và ký hiệu is its number (01, 02 …) and the abbreviation of its đề mục
lớn (``01.TH``), numbered continuously over the whole Danh mục (``numbering: whole``, the default) or
from 01 in each đề mục lớn (``numbering: per-heading``); no number twice.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator

from notices.errors import Problem, RecordError, UserError
from notices.records.models import Model, Text

RETENTION = re.compile(r"(Vĩnh viễn|(\d{1,3}) năm)")
NOTATION = re.compile(r"(\d{2,})\.([A-ZĐ][A-Za-zĐđ0-9-]*)")
CODE = re.compile(r"[A-ZĐ][A-Za-zĐđ0-9-]*")


def _retention(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if not RETENTION.fullmatch(value):
        raise ValueError("thời hạn bảo quản phải là “Vĩnh viễn” hoặc một số năm, ví dụ “10 năm”")
    return value


Retention = Annotated[Text, Field(max_length=30), AfterValidator(_retention)]


class PlanFile(Model):
    """Một hồ sơ trong Danh mục."""

    number: Annotated[Text, Field(max_length=20)] = Field(
        description="Số và ký hiệu hồ sơ: số thứ tự và chữ viết tắt của đề mục lớn, ví dụ 01.TH (tối đa 20 ký tự).")
    title: Annotated[Text, Field(max_length=500)] = Field(description="Tiêu đề hồ sơ (tối đa 500 ký tự).")
    retention: Retention = Field(description="Thời hạn bảo quản: “Vĩnh viễn” hoặc số năm, ví dụ “10 năm”.")
    creator: Annotated[Text, Field(max_length=30)] = Field(
        description="Người lập hồ sơ (Creator, tối đa 30 ký tự theo Phụ lục VI).")
    note: Annotated[str, Field(max_length=500)] | None = Field("", description="Ghi chú (tối đa 500 ký tự).")
    rights: Annotated[Text, Field(max_length=30)] | None = Field(
        None, description="Chế độ sử dụng (Rights), ví dụ “Thường”; mặc định theo Danh mục.")
    language: Annotated[Text, Field(max_length=50)] | None = Field(
        None, description="Ngôn ngữ (Language); mặc định theo Danh mục.")


class Subheading(Model):
    """Đề mục nhỏ (đánh số Ả Rập, bắt đầu lại trong mỗi đề mục lớn)."""

    title: Annotated[Text, Field(max_length=500)] = Field(description="Tên đề mục nhỏ.")
    files: list[PlanFile] = Field(default_factory=list, description="Các hồ sơ của đề mục nhỏ.")


class Heading(Model):
    """Đề mục lớn (in số La Mã, theo thứ tự này)."""

    title: Annotated[Text, Field(max_length=500)] = Field(description="Tên đề mục lớn.")
    code: Annotated[Text, Field(max_length=15)] = Field(
        description="Chữ viết tắt của đề mục lớn, dùng trong số và ký hiệu hồ sơ (ví dụ TH, VP, TCCB).")
    files: list[PlanFile] = Field(default_factory=list, description="Các hồ sơ thuộc thẳng đề mục lớn.")
    subheadings: list[Subheading] = Field(default_factory=list, description="Các đề mục nhỏ.")

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE.fullmatch(value):
            raise ValueError("chữ viết tắt chỉ gồm chữ in hoa, chữ số và dấu gạch nối, ví dụ TH, VP, TCCB")
        return value


class PlanAgency(Model):
    """Cơ quan lập Danh mục (khi không có office.yaml)."""

    code: Annotated[Text, Field(max_length=30)] = Field(description="Chữ viết tắt tên cơ quan, ví dụ UBND.")
    name: Annotated[Text, Field(max_length=200)] = Field(description="Tên cơ quan.")
    parent: Annotated[Text, Field(max_length=200)] | None = Field(None, description="Cơ quan chủ quản.")


class Plan(Model):
    """Danh mục hồ sơ của cơ quan trong một năm (Điều 28, Phụ lục V Nghị định 30/2020/NĐ-CP)."""

    year: int = Field(ge=1945, le=2200, description="Năm của Danh mục (FileCatalog).")
    approved_by: Annotated[Text, Field(max_length=500)] | None = Field(
        None, description="Văn bản ban hành Danh mục, ví dụ “Quyết định số 12/QĐ-UBND ngày 05/01/2024 của …”.")
    agency: PlanAgency | None = Field(None, description="Cơ quan; mặc định: cơ quan trong office.yaml.")
    organ_id: Annotated[str, Field(max_length=13)] = Field(
        "", description="Mã định danh của cơ quan (OrganId, 13 ký tự, QĐ 20/2020/QĐ-TTg), ví dụ 000.00.01.H20.")
    place: Annotated[Text, Field(max_length=200)] | None = Field(
        None, description="Địa danh ở dòng ngày tháng của các mục lục, biên bản.")
    numbering: Literal["whole", "per-heading"] = Field(
        "whole", description="Đánh số hồ sơ: “whole” — liên tục trong cả Danh mục từ 01 (mặc định); "
        "“per-heading” — từ 01 trong mỗi đề mục lớn.")
    rights: Annotated[Text, Field(max_length=30)] = Field("Thường", description="Chế độ sử dụng mặc định (Rights).")
    language: Annotated[Text, Field(max_length=50)] = Field("Tiếng Việt", description="Ngôn ngữ mặc định.")
    headings: list[Heading] = Field(min_length=1, description="Các đề mục lớn, theo thứ tự in (số La Mã).")


@dataclass(frozen=True)
class LoadedPlan:
    """A valid Danh mục and its text as written."""

    plan: Plan
    path: Path
    text: str


def plan_files(plan: Plan) -> list[tuple[tuple[Any, ...], Heading, Subheading | None, PlanFile]]:
    """Every hồ sơ of the Danh mục in printed order, with its place in the file and its đề mục."""
    found = []
    for h, heading in enumerate(plan.headings):
        for f, item in enumerate(heading.files):
            found.append((("headings", h, "files", f), heading, None, item))
        for s, sub in enumerate(heading.subheadings):
            for f, item in enumerate(sub.files):
                found.append((("headings", h, "subheadings", s, "files", f), heading, sub, item))
    return found


def load_plan(path: Path) -> LoadedPlan:
    """Read and check a Danh mục file; a :class:`RecordError` lists every problem at its line and column."""
    from notices.records.reading import validated

    text, source, plan, problems = validated(path, Plan, "Danh mục hồ sơ phải là một nhóm mục (year:, headings: …)")
    if plan is not None:
        for loc, message in numbering_problems(plan):
            mark = source.mark(loc)
            problems.append(Problem(path, mark.line, mark.column, message))
    if problems or plan is None:
        raise RecordError(path, tuple(sorted(problems, key=lambda p: (p.line, p.column))), text)
    return LoadedPlan(plan, path, text)


def numbering_problems(plan: Plan) -> list[tuple[tuple[Any, ...], str]]:
    """Phụ lục V's numbering rules, each broken one at the number that breaks it."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    codes: dict[str, int] = {}
    for h, heading in enumerate(plan.headings):
        if heading.code in codes:
            problems.append((("headings", h, "code"), f"chữ viết tắt “{heading.code}” đã dùng cho đề mục lớn "
                                                       f"{roman(codes[heading.code] + 1)}"))
        codes.setdefault(heading.code, h)
    seen: set[str] = set()
    expected, last_heading = 0, None
    for loc, heading, _sub, item in plan_files(plan):
        if plan.numbering == "per-heading" and heading is not last_heading:
            expected = 0
        last_heading = heading
        expected += 1
        where = (*loc, "number")
        match = NOTATION.fullmatch(item.number)
        if not match:
            problems.append((where, f"số và ký hiệu hồ sơ “{item.number}” phải là số thứ tự và chữ viết tắt của "
                                    f"đề mục lớn, ví dụ {expected:02d}.{heading.code}"))
            continue
        if match[2] != heading.code:
            problems.append((where, f"hồ sơ “{item.number}” thuộc đề mục lớn “{heading.title}”: ký hiệu phải là "
                                    f"“{heading.code}” ({int(match[1]):02d}.{heading.code})"))
        if item.number in seen:
            problems.append((where, f"số và ký hiệu hồ sơ “{item.number}” có hai lần trong Danh mục"))
        seen.add(item.number)
        if int(match[1]) != expected:
            rule = ("liên tục trong cả Danh mục" if plan.numbering == "whole"
                    else "từ 01 trong mỗi đề mục lớn")
            problems.append((where, f"hồ sơ này phải có số {expected:02d} (đánh số {rule}; "
                                    "numbering: whole hoặc per-heading)"))
    return problems


def roman(n: int) -> str:
    """1 → I, 4 → IV, 14 → XIV."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def retention_years(maintenance: str) -> int | None:
    """'10 năm' → 10; 'Vĩnh viễn' → None (kept for ever)."""
    match = RETENTION.fullmatch(maintenance)
    if match and match[2]:
        return int(match[2])
    return None


def plan_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a Danh mục hồ sơ file."""
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Danh mục hồ sơ notices (Phụ lục V Nghị định 30/2020/NĐ-CP)"
    return schema


def today_text(day: dt.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


__all__ = ["LoadedPlan", "Plan", "UserError", "load_plan", "plan_schema", "retention_years", "roman"]
