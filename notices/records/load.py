"""Load a record file: read, parse, validate, cross-check; every problem found in one pass."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from notices.errors import Problem, RecordError
from notices.records.messages import explain, field_name
from notices.records.models import Item, Record, Section, Speech
from notices.records.office import apply_office
from notices.records.reading import parsed, read_text
from notices.records.yamlsource import Loc, Source
from notices.vn.text import bare_recipient

_TAGS: dict[str, type[BaseModel] | None] = {
    "<item>": Item,
    "<section>": Section,
    "<speech>": Speech,
    "<text>": None,
}


@dataclass(frozen=True)
class Loaded:
    """A valid record, where it came from, and the warnings found while checking it."""

    record: Record
    path: Path
    warnings: tuple[Problem, ...] = ()
    source: Source | None = field(default=None, compare=False, repr=False)  # positions, for late checks
    text: str | None = field(default=None, compare=False, repr=False)

    @property
    def folder(self) -> Path:
        """The folder the record's relative paths (photos) are resolved against."""
        return self.path.parent


def load_record(path: Path) -> Loaded:
    """Read and validate ``path``; raise :class:`RecordError` listing every problem."""
    return validate_text(read_text(path), path)


def validate_text(text: str, path: Path) -> Loaded:
    """Validate the YAML ``text`` of a record that lives at ``path``."""
    source, problems = parsed(text, path)
    source.data = apply_office(source.data, path)  # office.yaml above the record fills what it leaves out
    record = None
    if not isinstance(source.data, dict):
        problems.append(Problem(path, 1, 1, "hồ sơ phải là một nhóm mục (agency:, meeting:, documents: …)"))
    else:
        try:
            record = Record.model_validate(source.data)
        except ValidationError as exc:
            problems += _problems(exc, source, path)
    if record is not None:
        problems += cross_check(record, source, path)
    problems += legacy_text_warnings(source, path)
    problems += unprintable_problems(source, path, outside_repertoire)
    errors = [p for p in problems if p.severity == "error"]
    if errors or record is None:
        raise RecordError(path, tuple(sorted(problems, key=_order)), text)
    return Loaded(record, path, tuple(problems), source, text)


# Inside the kept ranges, the code points Liberation Serif (the usual stand-in for Times New Roman)
# has no glyph for: refused everywhere, so a record valid on one machine is valid on every machine.
_NO_GLYPH = (*range(0x1E9C, 0x1E9E), 0x1E9F, *range(0x1EFA, 0x1F00), 0x2011, *range(0x2023, 0x2026), 0x2027, 0x2031,
             *range(0x2035, 0x2039), 0x203B, 0x203D, *range(0x203F, 0x2044), *range(0x2045, 0x205E),
             *range(0x2060, 0x206A))


@functools.cache
def _outside() -> re.Pattern[str]:
    from notices.fonts import subset_codepoints

    allowed = set(subset_codepoints()) - set(_NO_GLYPH) | {ord("\n")}
    runs, start = [], None
    for code in range(max(allowed) + 2):
        if code in allowed and start is None:
            start = code
        elif code not in allowed and start is not None:
            runs.append((start, code - 1))
            start = None
    return re.compile("[^" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in runs) + "]")


def outside_repertoire(value: str) -> set[str]:
    """The characters of ``value`` notices cannot print: outside the Latin, Vietnamese and punctuation
    repertoire its PDF fonts keep (notices.fonts.SUBSET_RANGES) and every supported family draws."""
    return set(_outside().findall(value))


def unprintable_problems(source: Source, path: Path, unprintable: Callable[[str], set[str]]) -> list[Problem]:
    """An error, naming the field and position, for each value holding characters it cannot print."""
    problems = []
    for loc, value in _strings(source.data, ()):
        if source.already_reported(loc):
            continue
        bad = sorted(unprintable(value))
        if not bad:
            continue
        first = min(value.index(ch) for ch in bad)
        shown = ", ".join(f"“{ch}” (U+{ord(ch):04X})" for ch in bad[:5]) + (" …" if len(bad) > 5 else "")
        mark = source.mark(loc)
        problems.append(Problem(path, mark.line, mark.column, (
            f"{field_name(loc)}: phông chữ của văn bản không có ký tự {shown} (ký tự đầu ở vị trí {first + 1} "
            "của giá trị); hãy thay hoặc xoá ký tự đó")))
    return problems


def _order(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.column


def _problems(exc: ValidationError, source: Source, path: Path) -> list[Problem]:
    result = []
    for error in exc.errors(include_url=False):
        raw_loc = tuple(error["loc"])
        loc = tuple(p for p in raw_loc if p not in _TAGS)
        if source.already_reported(loc):
            continue  # the reader already explained this value (a number too big, a bad character…)
        missing = error["type"] in ("missing", "extra_forbidden")
        mark = source.mark(loc, key=missing)
        allowed = _allowed_keys(raw_loc) if error["type"] == "extra_forbidden" else None
        result.append(Problem(path, mark.line, mark.column, explain(error, loc, allowed)))
    return result


def _allowed_keys(raw_loc: tuple[Any, ...]) -> list[str] | None:
    """The keys the model at the parent of ``raw_loc`` accepts, for a 'did you mean' hint."""
    model: type[BaseModel] | None = Record
    for part in raw_loc[:-1]:
        if part in _TAGS:
            model = _TAGS[part]
        elif isinstance(part, str) and model is not None:
            model = _only_model(model.model_fields[part].annotation)
    return list(model.model_fields) if model else None


def _only_model(annotation: Any) -> type[BaseModel] | None:
    """The one model class inside ``annotation`` (list[X], X | None…), or None if there are several."""
    found: list[type[BaseModel]] = []

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(tp)
        for arg in typing.get_args(tp):
            walk(arg)

    walk(annotation)
    return found[0] if len(set(found)) == 1 else None


def cross_check(record: Record, source: Source, path: Path) -> list[Problem]:
    """What each declared document needs from the rest of the record."""
    problems = []

    def need(loc: Loc, message: str) -> None:
        mark = source.mark(loc, key=True)
        problems.append(Problem(path, mark.line, mark.column, message))

    docs = record.documents
    if docs.notice and record.meeting is None:
        need(("documents", "notice"), f"thông báo kết luận cần mục “{field_name(('meeting',))}” (cuộc họp)")
    if docs.notice and record.conclusions is None:
        need(("documents", "notice"), f"thông báo kết luận cần mục “{field_name(('conclusions',))}” (các kết luận)")
    for kind in ("invitation", "minutes"):
        if getattr(docs, kind) is not None and record.meeting is None:
            need(("documents", kind),
                 f"“{field_name(('documents', kind))}” cần mục “{field_name(('meeting',))}” (cuộc họp)")
    if docs.report and record.report is None:
        need(("documents", "report"), f"báo cáo cần mục “{field_name(('report',))}” (kỳ báo cáo, trích yếu)")
    if docs.news and record.meeting is None and record.report is None:
        need(("documents", "news"), f"tin bài cần mục “{field_name(('meeting',))}” (cuộc họp) "
                                    f"hoặc “{field_name(('report',))}” (kỳ báo cáo)")
    if docs.official_letter and not docs.official_letter.body and record.conclusions is None:
        need(("documents", "official_letter"),
             f"công văn cần “{field_name(('documents', 'official_letter', 'body'))}” (nội dung) hoặc mục "
             f"“{field_name(('conclusions',))}” (các kết luận cần đôn đốc thực hiện)")
    if docs.official_letter and not (docs.official_letter.unit or record.agency.unit):
        need(("documents", "official_letter"),
             f"công văn cần “{field_name(('documents', 'official_letter', 'unit'))}” (hoặc "
             f"“{field_name(('agency', 'unit'))}”): chữ viết tắt đơn vị soạn thảo trong ký hiệu, ví dụ "
             "“Số: 15/UBND-VP” (Phụ lục I, II.3)")
    if docs.plan and record.conclusions is None:
        need(("documents", "plan"), f"kế hoạch cần mục “{field_name(('conclusions',))}” (các nhiệm vụ cần triển khai)")
    problems += _photo_problems(record, source, path)
    from notices.kinds import numbered

    for kind in (k.key for k in numbered()):
        issued = getattr(docs, kind)
        for index, item in enumerate(issued.recipients if issued else ()):
            if bare_recipient(item) != item:
                mark = source.mark(("documents", kind, "recipients", index))
                problems.append(Problem(path, mark.line, mark.column, (
                    f"{field_name(('documents', kind, 'recipients', index))}: "
                    "không cần gõ “-” đầu dòng hay “;” cuối dòng, "
                    "notices tự thêm theo Phụ lục I"), severity="warning"))
        archive = issued.archive_line(record.agency) if issued is not None else []
        if archive and (archive[0] != "VT" or len(archive) < 2):
            mark = source.mark(("documents", kind, "archive"))
            problems.append(Problem(path, mark.line, mark.column, (
                f"{field_name(('documents', kind, 'archive'))}: dòng “Lưu” cần “VT” rồi chữ viết tắt đơn vị soạn thảo, "
                "ví dụ [VT, VP] (Phụ lục I, II.9.b)"), severity="warning"))
    if record.meeting and record.meeting.time and record.meeting.end:
        if record.meeting.end <= record.meeting.time:
            need(("meeting", "end"), f"giờ kết thúc “{field_name(('meeting', 'end'))}” phải sau "
                                     f"giờ bắt đầu “{field_name(('meeting', 'time'))}”")
    if docs.minutes is not None and record.meeting and record.meeting.secretary is None:
        need(("meeting",), f"biên bản cần “{field_name(('meeting', 'secretary'))}” (thư ký ký bên trái, Mẫu 1.9)")
    problems += _metric_warnings(record, source, path)
    problems += _date_warnings(record, source, path)
    return problems


def _date_warnings(record: Record, source: Source, path: Path) -> list[Problem]:
    """A warning, naming the field, for a date that contradicts the meeting's: a notice of its conclusions
    or its minutes dated before it, an invitation dated after it, a deadline that falls before it."""
    from notices import vn

    meeting = record.meeting
    if meeting is None:
        return []
    on = f"{vn.body_date(meeting.date)} ({field_name(('meeting', 'date'))})"
    found: list[tuple[Loc, str]] = []
    docs = record.documents
    for kind, label in (("notice", "thông báo kết luận"), ("minutes", "biên bản")):
        issued = getattr(docs, kind)
        if issued is not None and issued.date is not None and issued.date < meeting.date:
            found.append((("documents", kind, "date"),
                          f"{label} đề ngày {vn.body_date(issued.date)}, trước ngày họp {on}"))
    if docs.invitation is not None and docs.invitation.date is not None and docs.invitation.date > meeting.date:
        found.append((("documents", "invitation", "date"),
                      f"giấy mời đề ngày {vn.body_date(docs.invitation.date)}, sau ngày họp {on}"))
    conclusions = record.conclusions
    if conclusions is not None:
        deadlines: list[tuple[Loc, object]] = [(("conclusions", "deadline"), conclusions.deadline)]
        deadlines += [(("conclusions", "items", i, "deadline"), item.deadline)
                      for i, item in enumerate(conclusions.items) if isinstance(item, Item)]
        for loc, deadline in deadlines:
            if deadline is not None and deadline < meeting.date:  # type: ignore[operator]
                found.append((loc, f"thời hạn {vn.body_date(deadline)} trước ngày họp {on}"))  # type: ignore[arg-type]
    problems = []
    for loc, message in found:
        mark = source.mark(loc)
        problems.append(Problem(path, mark.line, mark.column, f"{field_name(loc)}: {message}", severity="warning"))
    return problems


def _metric_warnings(record: Record, source: Source, path: Path) -> list[Problem]:
    """A warning, naming the field, for every percent that disagrees with its own done/total."""
    from notices import vn
    from notices.records.figures import percent_disagrees

    places: list[tuple[Loc, object]] = []
    for index, entry in enumerate(record.results):
        if isinstance(entry, Section):
            places += [(("results", index, "items", i), item) for i, item in enumerate(entry.items)]
        else:
            places.append((("results", index), entry))
    places += [(("tasks", i), item) for i, item in enumerate(record.tasks)]
    if record.conclusions:
        places += [(("conclusions", "items", i), item) for i, item in enumerate(record.conclusions.items)]
    problems = []
    for loc, item in places:
        metric = item.metric if isinstance(item, Item) else None
        computed = percent_disagrees(metric) if metric else None
        if computed is None:
            continue
        where = (*loc, "metric", "percent")
        mark = source.mark(where)
        message = (
            f"“{field_name(where)}” = {vn.fmt_percent(metric.percent)} không khớp với "
            f"{metric.done}/{metric.total} = {vn.fmt_percent(computed.normalize())}; "
            "văn bản in tỷ lệ tính từ done/total"
        )
        problems.append(Problem(path, mark.line, mark.column, message, severity="warning"))
    return problems


_ENCODING_NAMES = {"tcvn3": "TCVN3 (phông .VnTime)", "vni": "VNI (phông VNI-Times)"}


def legacy_text_warnings(source: Source, path: Path) -> list[Problem]:
    """Warn, naming the field, where a value looks typed in a legacy encoding or mis-decoded."""
    from notices import vn

    warnings = []
    for loc, value in _strings(source.data, ()):
        encoding = vn.looks_like_legacy(value)
        if encoding:
            message = (f"{field_name(loc)}: chữ có vẻ gõ bằng bảng mã {_ENCODING_NAMES[encoding]}, "
                       "không phải Unicode; hãy chuyển bằng lệnh “notices convert”")
        elif vn.looks_like_mojibake(value):
            message = f"{field_name(loc)}: chữ có vẻ bị lỗi mã hoá (UTF-8 đọc nhầm thành Windows-1252)"
        else:
            continue
        mark = source.mark(loc)
        warnings.append(Problem(path, mark.line, mark.column, message, severity="warning"))
    return warnings


def _strings(value: Any, loc: Loc) -> list[tuple[Loc, str]]:
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _strings(item, loc + (key,))]
    if isinstance(value, list):
        return [pair for index, item in enumerate(value) for pair in _strings(item, loc + (index,))]
    return []


__all__ = ["Loaded", "load_record", "validate_text", "field_name"]


def _photo_problems(record: Record, source: Source, path: Path) -> list[Problem]:
    """A missing, unreadable or non-JPEG/PNG photo of the news post, at its ``file:`` value."""
    news = record.documents.news
    if news is None or not news.photos:
        return []
    from notices.photos import problem

    problems = []
    for index, photo in enumerate(news.photos):
        reason = problem(path.parent / photo.file)
        if reason:
            where = ("documents", "news", "photos", index, "file")
            mark = source.mark(where)
            problems.append(Problem(path, mark.line, mark.column, f"{field_name(where)}: {reason} “{photo.file}”"))
    return problems
