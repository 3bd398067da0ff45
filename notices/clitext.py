"""click's own texts ("Usage:", "Options:", "Path … does not exist", …) in Vietnamese, English on request.

click marks its texts for gettext (``_()`` and ``ngettext()`` in each of its modules) but ships no
translation. :func:`install` puts this catalogue in their place; :func:`choose` picks the language for
one run: Vietnamese unless ``--lang en`` is given or the environment's language (LC_ALL, LC_MESSAGES,
LANG) is English. Only click's texts change: notices' own messages are always Vietnamese.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

LANGUAGES = ("vi", "en")
_current = "vi"

# click 8.x message ids → Vietnamese. Placeholders are kept; a text missing here stays English.
VI: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ “{command} {option}” để xem hướng dẫn.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Choose from:\n\t{choices}": "Chọn trong:\n\t{choices}",
    "Aborted!": "Đã hủy!",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "deprecated": "không còn dùng",
    "(dynamic)": "(tùy lúc)",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    # Path: {name} is click's English "File"/"Directory"/"Path" (fixed when the option is declared),
    # so the Vietnamese texts do without it.
    "{name} {filename!r} does not exist.": "Không tìm thấy {filename!r} (không có tệp hoặc thư mục này).",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, cần một thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, cần một tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {filename!r}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid UUID.": "{value!r} không phải là UUID hợp lệ.",
    # ngettext: (singular, plural) → (Vietnamese, Vietnamese)
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Thừa tham số ({args})",) * 2,
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Tùy chọn {name!r} cần một giá trị.", "Tùy chọn {name!r} cần {nargs} giá trị."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} không phải là {choice}.", "{value!r} không thuộc các giá trị {choices}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Có phải ý bạn là {possibility}?", "(Có phải ý bạn là một trong: {possibilities}?)"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Cần {nargs} giá trị nhưng chỉ có 1.", "Cần {nargs} giá trị nhưng có {len}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} không theo dạng {format}.", "{value!r} không theo dạng nào trong {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Cần {len_type} giá trị nhưng có {len_value}.",) * 2,
}

# What click prints for the parts of a usage line; set on every command of the group.
OPTIONS_METAVAR = {"vi": "[TÙY CHỌN]", "en": "[OPTIONS]"}
COMMAND_METAVAR = {"vi": "LỆNH [THAM SỐ]...", "en": "COMMAND [ARGS]..."}


def gettext(message: str) -> str:
    if _current == "vi":
        text = VI.get(message)
        if isinstance(text, str):
            return text
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    if _current == "vi":
        texts = VI.get((singular, plural))  # type: ignore[call-overload]
        if isinstance(texts, tuple):
            return texts[0] if n == 1 else texts[1]
    return singular if n == 1 else plural


def install() -> None:
    """Put this catalogue in place of click's gettext in each click module that marks texts."""
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
                 "shell_completion", "_termui_impl"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module a click version does not have
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def choose(args: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """The language for this run: ``--lang en|vi`` before the command, else the environment's, else vi."""
    global _current
    language = None
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            language = args[index + 1]
        elif arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
        elif not arg.startswith("-"):
            break  # the command name: its own options follow
    if language not in LANGUAGES:
        env = os.environ if environ is None else environ
        locale = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
        language = "en" if locale.lower().startswith("en") else "vi"
    _current = language
    return language


def current() -> str:
    return _current
