"""The Vietnamese message catalog for record errors, keyed by pydantic error type or our own codes.

One function, :func:`explain`, turns an error into a sentence; a second language would be a second
catalog, not a code change.

Two wordings share the catalog. For a file (``notices validate``) a field is named by its path in the
YAML (``documents.notice.signer.name``), the message placed at file:line:col. For the web form a field
is named by its labels ("Người ký › Họ và tên"): inside :func:`form_words`, :func:`field_name` asks the
form's labeller, and :func:`explain` uses :data:`FORM_CODES`/:data:`FORM_TYPES`, written in the form's
own terms (a date as she types it, "chưa có" instead of "thiếu mục bắt buộc"). No key path reaches the page.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

# Our own codes, raised as ValueError("code") inside validators.
CODES = {
    "date_format": "“{value}” không phải là ngày; hãy viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-07-11",
    "date_impossible": "ngày “{value}” không có thật trên lịch",
    "datetime_format": "“{value}” không phải là thời điểm; hãy viết dạng 2024-07-13T09:35:00+07:00",
    "clock_format": "“{value}” không phải là giờ; hãy viết dạng \"07:30\" (có ngoặc kép)",
    "clock_range": "giờ “{value}” không có thật (giờ 0–23, phút 0–59)",
    "agency_code": "chữ viết tắt “{value}” không hợp lệ: chỉ gồm chữ in hoa và số, các nhóm nối bằng “-”, "
    "ví dụ UBND",
    "authority_prefix": "quyền hạn ký phải bắt đầu bằng TM., KT., TL., TUQ. hoặc Q. (ví dụ “TM. ỦY BAN NHÂN DÂN”)",
    "year_mismatch": "năm “year” khác với năm của ngày ban hành “date”",
    "table_width": "mỗi dòng của bảng phải có đúng số ô bằng số cột",
    "blank_text": "không được để trống (giá trị chỉ có dấu cách hoặc ký tự ẩn, in ra sẽ không thấy gì)",
    "percent_decimals": "tỷ lệ “{value}” có quá nhiều chữ số thập phân (nhiều nhất 6); hãy làm tròn, ví dụ 99.9",
}

# pydantic error types.
TYPES = {
    "missing": "thiếu mục bắt buộc “{field}”",
    "extra_forbidden": "mục “{field}” không có trong mẫu hồ sơ{hint}",
    "string_type": "“{field}” phải là văn bản",
    "string_too_short": "“{field}” không được để trống",
    "string_too_long": "“{field}” dài quá {max_length} ký tự (giới hạn của notices); hãy viết ngắn lại",
    "finite_number": "“{field}” phải là một số thật, không phải “{value}”",
    "int_type": "“{field}” phải là số nguyên",
    "int_parsing": "“{field}” phải là số nguyên, không phải “{value}”",
    "int_from_float": "“{field}” phải là số nguyên, không phải “{value}”",
    "float_type": "“{field}” phải là số",
    "float_parsing": "“{field}” phải là số, không phải “{value}”",
    "bool_type": "“{field}” phải là true hoặc false",
    "bool_parsing": "“{field}” phải là true hoặc false, không phải “{value}”",
    "list_type": "“{field}” phải là một danh sách (mỗi dòng bắt đầu bằng “- ”)",
    "dict_type": "“{field}” phải là một nhóm mục (tên: giá trị)",
    "model_type": "“{field}” phải là một nhóm mục (tên: giá trị)",
    "model_attributes_type": "“{field}” phải là một nhóm mục (tên: giá trị)",
    "too_short": "“{field}” phải có ít nhất {min_length} mục",
    "too_long": "“{field}” có nhiều nhất {max_length} mục",
    "greater_than_equal": "“{field}” phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "“{field}” phải nhỏ hơn hoặc bằng {le}",
    "union_tag_invalid": "“{field}” phải là văn bản hoặc một nhóm mục",
}


# The form's wording: "{field}: " then one of these (a date as the form shows it, dd/mm/yyyy).
FORM_CODES = {
    "date_format": "“{value}” không phải là ngày; hãy gõ ngày/tháng/năm, ví dụ 11/7/2024",
    "date_impossible": "ngày {day} không có thật",
    "datetime_format": "“{value}” không phải là ngày giờ; hãy gõ giờ:phút ngày/tháng/năm, ví dụ 9:35 13/7/2024",
    "clock_format": "“{value}” không phải là giờ; hãy gõ giờ và phút, ví dụ 7h30 hoặc 7:30",
    "clock_range": "giờ “{value}” không có thật (giờ từ 0 đến 23, phút từ 0 đến 59)",
    "agency_code": "“{value}” không dùng được: chỉ gồm chữ in hoa và số, các nhóm nối bằng “-”, ví dụ UBND",
    "authority_prefix": "phải bắt đầu bằng TM., KT., TL., TUQ. hoặc Q. (ví dụ “TM. ỦY BAN NHÂN DÂN”)",
    "year_mismatch": "năm khác với năm của ngày ban hành",
    "table_width": "mỗi dòng của bảng phải có đúng số ô bằng số cột",
    "blank_text": "chỉ có dấu cách hoặc ký tự ẩn, in ra sẽ không thấy gì",
    "percent_decimals": "tỷ lệ “{value}” có quá nhiều chữ số thập phân (nhiều nhất 6); hãy làm tròn, ví dụ 99,9",
}
FORM_TYPES = {
    "missing": "chưa có",
    "extra_forbidden": "mục “{key}” trong tệp không có trong mẫu hồ sơ nên không được dùng{hint}",
    "string_type": "phải là chữ",
    "string_too_short": "chưa có",
    "string_too_long": "dài quá {max_length} ký tự; hãy viết ngắn lại",
    "finite_number": "phải là một số, không phải “{value}”",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên (chỉ gồm chữ số), không phải “{value}”",
    "int_from_float": "phải là số nguyên, không phải “{value}”",
    "float_type": "phải là số",
    "float_parsing": "phải là số (dùng dấu chấm cho phần thập phân), không phải “{value}”",
    "bool_type": "chỉ được đánh dấu hoặc bỏ đánh dấu",
    "bool_parsing": "chỉ được đánh dấu hoặc bỏ đánh dấu",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một nhóm mục",
    "model_type": "phải là một nhóm mục",
    "model_attributes_type": "phải là một nhóm mục",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "có nhiều nhất {max_length} mục",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "union_tag_invalid": "phải là chữ hoặc một nhóm mục",
}

# Inside form_words(): the form's labeller (loc → "Người ký › Họ và tên"), and where each named field is.
_LABELLER: contextvars.ContextVar[Callable[[tuple[Any, ...]], str] | None] = contextvars.ContextVar(
    "notices_form_labeller", default=None)
_PLACES: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("notices_form_places", default=None)


@contextlib.contextmanager
def form_words(labeller: Callable[[tuple[Any, ...]], str]) -> Iterator[dict[str, str]]:
    """Messages made inside name fields by ``labeller`` and use the form's wording.

    Yields a dict filled as messages are made: each label used → the field's path in the record
    (``documents.notice.signer.name``), so that the page can put a message beside its field.
    """
    places: dict[str, str] = {}
    token, token2 = _LABELLER.set(labeller), _PLACES.set(places)
    try:
        yield places
    finally:
        _LABELLER.reset(token)
        _PLACES.reset(token2)


def in_form() -> bool:
    return _LABELLER.get() is not None


def field_name(loc: tuple[Any, ...]) -> str:
    """'meeting.chair.name', 'results[2].text': the path as the user sees it in her file (inside
    :func:`form_words`, the field's labels as the form shows them)."""
    labeller = _LABELLER.get()
    if labeller is not None:
        text = labeller(tuple(loc))
        places = _PLACES.get()
        if places is not None:
            places.setdefault(text, path_name(loc))
        return text
    return path_name(loc)


def path_name(loc: tuple[Any, ...]) -> str:
    """The path of ``loc`` in the record's own naming, always (what the page's fields are marked with)."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "hồ sơ"


def explain(error: dict[str, Any], loc: tuple[Any, ...], allowed: list[str] | None) -> str:
    """A Vietnamese sentence for one pydantic error at the cleaned location ``loc``."""
    kind = error["type"]
    if kind == "too_long" and isinstance(error.get("input"), str):
        kind = "string_too_long"  # a length limit on a text (pydantic names it like a list's)
    value = _short(error.get("input"))
    context = dict(error.get("ctx") or {})
    if in_form():
        return _in_form_words(kind, loc, value, context, allowed)
    if kind == "value_error":
        code = str(context.get("error", ""))
        template = CODES.get(code)
        if template:
            return f"{field_name(loc)}: " + template.format(value=value)
        return f"{field_name(loc)}: {code}"
    template = TYPES.get(kind)
    if template is None:
        return f"“{field_name(loc)}”: giá trị không hợp lệ ({error.get('msg', kind)})"
    hint = ""
    if kind == "extra_forbidden" and allowed:
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; có phải ý bạn là “{close[0]}”?" if close else f"; các mục được dùng: {', '.join(allowed)}"
    return template.format(field=field_name(loc), value=value, hint=hint, **context)


def _in_form_words(kind: str, loc: tuple[Any, ...], value: Any, context: dict[str, Any],
                   allowed: list[str] | None) -> str:
    if kind == "extra_forbidden":  # only from a file opened into the form: the key is all she can find
        where = field_name(loc[:-1]) if len(loc) > 1 else "Hồ sơ"
        known = field_name(loc).rpartition(" › ")[2]
        if known != where.rpartition(" › ")[2] and known != "Hồ sơ":  # a field of the form, out of its place
            return f"{where}: mục “{known}” không dùng được ở đây"
        close = difflib.get_close_matches(str(loc[-1]), allowed or [], n=1)
        hint = f"; có thể là “{field_name((*loc[:-1], close[0]))}”" if close else ""
        return f"{where}: " + FORM_TYPES[kind].format(key=loc[-1], hint=hint)
    if kind == "value_error":
        code = str(context.get("error", ""))
        template = FORM_CODES.get(code)
        text = template.format(value=value, day=_as_typed(value)) if template else code
    elif kind in FORM_TYPES:
        text = FORM_TYPES[kind].format(value=value, **context)
    else:
        text = "giá trị không dùng được"
    return f"{field_name(loc)}: {text}"


def _as_typed(value: Any) -> Any:
    """An ISO date as the form shows it: '2024-02-31' → '31/02/2024'."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    return f"{match[3]}/{match[2]}/{match[1]}" if match else f"“{value}”"


def form_day(day: dt.date) -> str:
    """'11/07/2024', as the form shows a date back."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _short(value: Any, limit: int = 60) -> Any:
    """A value as it may be quoted in a message: long texts cut, with an ellipsis."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else value
    if isinstance(text, str) and len(text) > limit:
        return text[:limit] + "…"
    return text
