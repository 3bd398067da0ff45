"""The Jinja2 environment for body prose: the office's own folder first, then ours; sandboxed."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from notices import vn

PACKAGED = Path(__file__).resolve().parents[2] / "templates"
TERMINAL = tuple(".!?…:;")

# While a template renders, the user's own spaces and line breaks wear these masks, so that tidying
# the template's layout whitespace never touches the user's characters.
_MASKS = {" ": "\ue000", "\n": "\ue001"}


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
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    folders = [office_dir, PACKAGED] if office_dir else [PACKAGED]
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # plain text: each writer escapes for its own format
    )
    env.filters.update(FILTERS)
    env.tests["mentioned_in"] = lambda phrase, text: mentions(text, phrase)
    return env


def paragraphs(name: str, office_dir: Path | None = None, **context: Any) -> list[str]:
    """Render template ``name`` into paragraphs.

    A blank line in the template's output separates paragraphs; inside one, the template's own
    line breaks and runs of spaces become one space. Text from the record is kept exactly.
    """
    masked = {key: mask(value) for key, value in context.items()}
    text = environment(office_dir).get_template(name).render(**masked)
    result = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        tidy = re.sub(r"[ \t\n]+", " ", chunk).strip(" ")
        if tidy:
            result.append(unmask(tidy))
    return result


def mask(value: Any) -> Any:
    """``value`` with the spaces and line breaks of every string inside it masked."""
    from pydantic import BaseModel

    if isinstance(value, str):
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
