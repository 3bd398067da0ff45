"""The Jinja2 environment for body prose: the office's own folder first, then ours; sandboxed.

An office's template is input like a record: a syntax error, an unknown name, endless recursion, a
huge loop, a blocked attribute, an include outside the template folders, or a file that is not UTF-8
is a :class:`TemplateProblem` naming the template file and line, never an internal error.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from notices import resources, vn
from notices.errors import InternalError, Problem, UserError

PACKAGED = resources.templates()
TERMINAL = tuple(".!?…:;")

# While a template renders, the user's own spaces and line breaks wear these masks, so that tidying
# the template's layout whitespace never touches the user's characters. They are Unicode
# noncharacters ("for internal use"): records refuse them at the boundary (vn.clean) and templates
# in the loader, so no character of the user's can ever be mistaken for a mask.
_MASKS = {" ": "\ufdd0", "\n": "\ufdd1"}

# Templates that must give exactly one paragraph (a heading, one item's sentence, a subject).
SINGLE = frozenset({"notice/item.j2", "report/metric.j2", "report/headings.j2", "minutes/headings.j2",
                    "invitation/subject.j2", "news/lead.j2", "news/period_lead.j2", "plan/headings.j2",
                    "plan/deadline.j2", "proposal/headings.j2"})

# Templates whose last paragraph carries the closing "./.": they must give at least one.
AT_LEAST_ONE = frozenset({"notice/closing.j2", "invitation/closing.j2", "minutes/closing.j2", "report/closing.j2",
                          "official_letter/closing.j2", "plan/organization.j2", "proposal/closing.j2"})

MAX_SINGLE = 2_000  # characters of a one-paragraph template's output (a subject is set in balanced lines)
MAX_LOOP = 100_000  # items all range() calls of one template may produce together
MAX_OUTPUT = 1_000_000  # characters one template may produce (or build with * and %)


class TemplateProblem(UserError):
    """An office template that cannot be used; names the template file, line and column."""

    def __init__(self, path: Path | str, line: int, message: str, column: int = 1, *, quote: bool = True) -> None:
        problem = Problem(Path(path), max(line, 1), max(column, 1), message)
        source = _read_quietly(Path(path)) if quote else None
        super().__init__(problem.format(source) + "\nMẫu câu chữ có lỗi; không tạo văn bản nào của hồ sơ này.",
                         (problem,))
        self.problem = problem


def _read_quietly(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None


def full_stop(text: str) -> str:
    """``text`` as a full sentence: a full stop is added only if it has no closing punctuation."""
    return text if text.rstrip().endswith(TERMINAL) else text.rstrip() + "."


def clause(text: str, last: bool) -> str:
    """A list line: ';' after each item, '.' after the last, unless the user already ended it."""
    if text.rstrip().endswith(TERMINAL):
        return text
    return text.rstrip() + ("." if last else ";")


def mentions(text: str, phrase: str) -> bool:
    """Whether ``text`` already names ``phrase`` (case and diacritics ignored)."""
    return vn.fold(phrase) in vn.fold(text)


# Vietnamese conventions (dates, numbers, words, case) plus the two composition helpers above.
FILTERS = {**vn.FILTERS, "full_stop": full_stop, "clause": clause}


@functools.cache
def environment(office_dir: Path | None = None) -> Any:
    """One sandboxed environment per template folder: strict about undefined names, plain text."""
    from jinja2 import StrictUndefined

    folders = [office_dir, PACKAGED] if office_dir else [PACKAGED]
    env = _sandbox()(
        loader=_folder_loader()(folders),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # plain text: each writer escapes for its own format
    )
    env.filters.update(FILTERS, format=_bounded_format)
    env.tests["mentioned_in"] = lambda phrase, text: mentions(text, phrase)
    return env


def paragraphs(name: str, office_dir: Path | None = None, **context: Any) -> list[str]:
    """Render template ``name`` into paragraphs.

    A blank line in the template's output separates paragraphs; inside one, the template's own
    line breaks and runs of spaces become one space. Text from the record is kept exactly.
    """
    masked = {key: mask(value) for key, value in context.items()}
    text = _render(name, office_dir, masked)
    result = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        tidy = re.sub(r"[ \t\n]+", " ", chunk).strip(" ")
        if tidy:
            result.append(unmask(tidy))
    if name in AT_LEAST_ONE and not result:
        raise TemplateProblem(_template_path(name, office_dir), 1, (
            f"mẫu “{name}” cho ra rỗng; câu kết phải có ít nhất một đoạn (dấu “./.” đặt sau đoạn cuối)"))
    if name in SINGLE and sum(map(len, result)) > MAX_SINGLE:
        raise TemplateProblem(_template_path(name, office_dir), 1, (
            f"mẫu “{name}” cho ra một đoạn dài quá {MAX_SINGLE} ký tự (một tiêu đề hay trích yếu)"))
    if name in SINGLE and len(result) != 1:
        path = _template_path(name, office_dir)
        raise TemplateProblem(path, 1, (
            f"mẫu “{name}” phải cho đúng một đoạn văn, nhưng cho {len(result)} đoạn; "
            "bỏ dòng trống giữa các câu (hoặc thêm nội dung nếu mẫu cho ra rỗng)"))
    return result


def check_folder(office_dir: Path) -> None:
    """Read and compile every template of an office folder; raise the first :class:`TemplateProblem`.

    Called before any record is rendered, so a broken template stops the run before anything is written.
    """
    env = environment(office_dir)
    for path in sorted(office_dir.rglob("*.j2")):
        name = path.relative_to(office_dir).as_posix()
        _render_guarded(lambda name=name: env.get_template(name), office_dir)


def _render(name: str, office_dir: Path | None, context: dict[str, Any]) -> str:
    env = environment(office_dir)

    def run() -> str:
        return env.get_template(name).render(range=_budget_range(), **context)

    text = _render_guarded(run, office_dir)
    if len(text) > MAX_OUTPUT:
        path = _template_path(name, office_dir)
        raise TemplateProblem(path, 1, f"mẫu “{name}” cho ra quá {MAX_OUTPUT:_} ký tự".replace("_", "."))
    return text


def _template_path(name: str, office_dir: Path | None) -> Path:
    for folder in ([office_dir] if office_dir else []) + [PACKAGED]:
        if (folder / name).is_file():
            return folder / name
    return (office_dir or PACKAGED) / name


def _render_guarded(run: Any, office_dir: Path | None) -> Any:
    """Run ``run`` (loading or rendering a template); turn what an office template did wrong into a
    :class:`TemplateProblem` at the template line responsible. A fault inside our own packaged
    templates stays what it is: a bug."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        return run()
    except TemplateProblem:
        raise
    except _LoadRefused as exc:
        raise TemplateProblem(exc.path, exc.line, exc.message, exc.column, quote=exc.quote) from None
    except TemplateSyntaxError as exc:
        path = exc.filename or _template_path(exc.name or "", office_dir)
        column = _column_of(path, exc.lineno, exc.message or "")
        raise TemplateProblem(path, exc.lineno, _syntax_message(exc.message or ""), column) from None
    except (UndefinedError, SecurityError, TemplateNotFound, RecursionError, OverflowError, MemoryError,
            TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        where = _template_frame(exc, office_dir)
        if where is None:
            raise
        path, line = where
        message = _runtime_message(exc)
        raise TemplateProblem(path, line, message, _column_of(path, line, str(exc))) from None


def _template_frame(exc: BaseException, office_dir: Path | None) -> tuple[str, int] | None:
    """The office template file and line where ``exc`` happened (innermost), or None if it is ours."""
    if office_dir is None:
        return None
    folder = str(office_dir.resolve())
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") and str(Path(filename).resolve()).startswith(folder):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None and isinstance(exc, RecursionError | OverflowError):
        return None
    if found is None:
        # Jinja reports some errors (an include not found) from the calling template's frame only
        # when it is ours; any other office template involvement is named by its file.
        return None
    return found


def _runtime_message(exc: BaseException) -> str:
    from jinja2 import TemplateNotFound, UndefinedError
    from jinja2.exceptions import SecurityError

    text = str(exc)
    quoted = re.findall(r"'([^']*)'", text)
    if isinstance(exc, UndefinedError):
        if "has no attribute" in text and len(quoted) >= 2:
            return f"“{quoted[1]}” không có trong dữ liệu của mẫu này (xem các tên được dùng ở đầu mẫu gốc)"
        name = quoted[0] if quoted else text
        return f"tên “{name}” không có trong mẫu này (xem các tên được dùng ở đầu mẫu gốc)"
    if isinstance(exc, SecurityError):
        return "mẫu dùng một thuộc tính hoặc hàm bị chặn vì an toàn; mẫu chỉ được đọc dữ liệu của hồ sơ"
    if isinstance(exc, TemplateNotFound):
        return f"không có mẫu “{exc.name}” trong các thư mục mẫu (chỉ được gọi mẫu nằm trong thư mục mẫu)"
    if isinstance(exc, RecursionError):
        return "mẫu gọi lại chính nó (include hoặc macro) mãi không dừng"
    if isinstance(exc, OverflowError | MemoryError):
        return (f"vòng lặp hoặc phép nhân trong mẫu quá lớn (mỗi mẫu tối đa {MAX_LOOP:_} vòng lặp, "
                f"{MAX_OUTPUT:_} ký tự)").replace("_", ".")
    if isinstance(exc, ZeroDivisionError):
        return "mẫu chia cho số 0"
    return "mẫu dùng một giá trị sai kiểu hoặc không có (kiểm tra các bộ lọc “|” và phép tính ở dòng này)"


_SYNTAX = (
    ("unexpected end of template", "mẫu kết thúc khi một khối còn mở; thiếu thẻ đóng như {% endif %} hoặc "
     "{% endfor %}"),
    ("encountered unknown tag", "thẻ {% … %} không có trong Jinja; kiểm tra chính tả (if, for, endif, endfor…)"),
    ("no filter named", "không có bộ lọc “|{0}”"),
    ("no test named", "không có phép thử “is {0}”"),
    ("expected token", "thiếu hoặc thừa dấu ở đây; kiểm tra các cặp {{ }} và {% %}"),
    ("unexpected", "gặp “{0}” không đúng chỗ; kiểm tra các cặp {{ }} và {% %}"),
)


def _syntax_message(message: str) -> str:
    quoted = re.findall(r"'([^']*)'", message)
    lower = message.lower()
    for english, vietnamese in _SYNTAX:
        if english in lower:
            return "cú pháp mẫu sai: " + vietnamese.replace("{0}", quoted[0] if quoted else "…")
    return "cú pháp mẫu sai ở dòng này; kiểm tra các cặp {{ }} và {% %} và các thẻ if/for/endif/endfor"


def _column_of(path: str | Path, line: int, message: str) -> int:
    """The column of the first quoted name of ``message`` on ``line`` of the template, else 1."""
    source = _read_quietly(Path(path))
    if source is None:
        return 1
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return 1
    for name in re.findall(r"'([^']+)'", message):
        found = lines[line - 1].find(name)
        if found >= 0:
            return found + 1
    return len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1


def _budget_range() -> Any:
    """``range`` for one render: all its calls together give at most :data:`MAX_LOOP` items."""
    left = [MAX_LOOP]

    def budget_range(*args: int) -> range:
        numbers = range(*args)
        if len(numbers) > left[0]:
            raise OverflowError("range budget")
        left[0] -= len(numbers)
        return numbers

    return budget_range


@functools.cache
def _sandbox() -> type:
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        """The sandbox, plus a size limit on what ``*``, ``**`` and ``%`` build."""

        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
                raise OverflowError("power too big")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_OUTPUT:
                        raise OverflowError("product too big")
            if operator == "%" and isinstance(left, str):
                _refuse_wide_percent(left, right)
            result = self.binop_table[operator](left, right)
            if isinstance(result, str) and len(result) > MAX_OUTPUT:
                raise OverflowError("text too big")
            return result

        def wrap_str_format(self, value: Any) -> Any:
            """``"…".format`` and ``format_map`` as the sandbox gives them, refusing a field of a million
            characters before it is built (``"{:99999999}".format(1)``)."""
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            pattern = value.__self__

            def bounded(*args: Any, **kwargs: Any) -> str:
                _refuse_wide_fields(pattern)
                return wrapped(*args, **kwargs)

            return bounded

    return Sandbox


# A %-conversion: mapping key, flags, width, precision, length, type.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)


def _refuse_wide_percent(pattern: str, values: Any) -> None:
    """Raise OverflowError if a conversion of ``pattern % values`` would be wider than a template may
    write (``'%99999999d' % 1`` builds 100 MB before its length could be looked at); widths given as
    ``*`` are read from ``values`` in the order ``%`` takes them."""
    given = list(values) if isinstance(values, tuple) else [values]
    taken = 0
    for match in _PERCENT.finditer(pattern):
        for written in (match[1], match[2]):
            size: Any = None
            if written == "*":
                value = given[taken] if taken < len(given) else None
                size = value if isinstance(value, int) else None  # anything else: % itself refuses it
                taken += 1
            elif written is not None:
                size = int(written)
            if size is not None and size > MAX_OUTPUT:
                raise OverflowError("text too big")
        taken += match[3] != "%"


def _refuse_wide_fields(pattern: str) -> None:
    """Raise OverflowError if a ``str.format`` field asks for more characters than a template may write,
    or takes its width from another field (which only the arguments would tell)."""
    import string

    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError:
        return  # format() itself says what is wrong with the pattern
    for _, _, spec, _ in fields:
        if spec and ("{" in spec or any(int(n) > MAX_OUTPUT for n in re.findall(r"\d+", spec))):
            raise OverflowError("text too big")


def _bounded_format(value: Any, *args: Any, **kwargs: Any) -> str:
    """Jinja's ``|format`` (``value % args``), with the same width limit as the ``%`` operator."""
    from jinja2.filters import do_format

    _refuse_wide_percent(str(value), kwargs or args)
    return do_format(value, *args, **kwargs)


class _LoadRefused(Exception):
    """A template file the loader will not use: not UTF-8, outside the folders, unprintable characters."""

    def __init__(self, path: Path, line: int, column: int, message: str, *, quote: bool = True) -> None:
        super().__init__(message)
        self.path, self.line, self.column, self.message, self.quote = path, line, column, message, quote


@functools.cache
def _folder_loader() -> type:
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class FolderLoader(BaseLoader):
        """The office folder, then ours; a template must really live inside one of them (a link
        leading out is refused), be UTF-8 and hold only printable characters."""

        def __init__(self, folders: list[Path]) -> None:
            self.folders = [(Path(f), Path(f).resolve()) for f in folders]

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            pieces = split_template_path(template)  # refuses ".." and absolute paths stay inside
            for shown, folder in self.folders:
                path = shown.joinpath(*pieces)
                if not path.is_file():
                    continue
                real = path.resolve()
                if not real.is_relative_to(folder):
                    raise _LoadRefused(path, 1, 1, (
                        f"mẫu “{template}” dẫn ra ngoài thư mục mẫu (tới {real}); mẫu chỉ được nằm trong "
                        "thư mục mẫu"), quote=False)
                return _source_of(real, path), str(path), _unchanged(real)
            raise TemplateNotFound(template)

    return FolderLoader


def _source_of(real: Path, shown: Path) -> str:
    try:
        raw = real.read_bytes()
    except OSError as exc:
        raise _LoadRefused(shown, 1, 1, f"không đọc được tệp mẫu: {exc.strerror}") from None
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _LoadRefused(shown, line, column, (
            "tệp mẫu không phải UTF-8; hãy lưu lại với bảng mã Unicode (UTF-8)")) from None
    from notices.records.load import outside_repertoire
    from notices.vn.text import unprintable

    bad = unprintable(source.replace("\x0c", " "))
    outside = sorted(outside_repertoire(source.replace("\t", " ").replace("\r", " ")))
    if bad is None and not outside:
        return source
    index = bad.offset if bad is not None else min(source.index(ch) for ch in outside)
    line = source.count("\n", 0, index) + 1
    column = index - (source.rfind("\n", 0, index) + 1) + 1
    if bad is not None:
        raise _LoadRefused(shown, line, column, bad.describe() + "; hãy xoá ký tự đó")
    char = source[index]
    raise _LoadRefused(shown, line, column, (
        f"phông chữ của văn bản không có ký tự “{char}” (U+{ord(char):04X}); hãy thay hoặc xoá ký tự đó"))


def _unchanged(path: Path) -> Any:
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return lambda: False

    def check() -> bool:
        try:
            return path.stat().st_mtime == mtime
        except OSError:
            return False

    return check


def mask(value: Any) -> Any:
    """``value`` with the spaces and line breaks of every string inside it masked."""
    from pydantic import BaseModel

    if isinstance(value, str):
        if any(m in value for m in _MASKS.values()):
            raise InternalError("a text reached the templates with a mask character (vn.clean refuses them)")
        return value.translate(str.maketrans(_MASKS))
    if isinstance(value, BaseModel):
        fields = {name: mask(getattr(value, name)) for name in type(value).model_fields}
        return type(value).model_construct(**fields)
    if isinstance(value, list | tuple):
        return type(value)(mask(v) for v in value)
    return value


def unmask(text: str) -> str:
    """Undo :func:`mask`."""
    for char, masked in _MASKS.items():
        text = text.replace(masked, char)
    return text
