"""The Vietnamese message catalog for record errors, keyed by pydantic error type or our own codes.

One function, :func:`explain`, turns an error into a sentence; a second language would be a second
catalog, not a code change.
"""

from __future__ import annotations

import difflib
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


def field_name(loc: tuple[Any, ...]) -> str:
    """'meeting.chair.name', 'results[2].text': the path as the user sees it in her file."""
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


def _short(value: Any, limit: int = 60) -> Any:
    """A value as it may be quoted in a message: long texts cut, with an ellipsis."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else value
    if isinstance(text, str) and len(text) > limit:
        return text[:limit] + "…"
    return text
