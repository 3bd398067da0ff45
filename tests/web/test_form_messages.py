"""No message the page can show names a YAML key (issue 26): every template of the catalogue in the form's
words, and the messages of every field of a record broken in every way the schema refuses."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from notices.records.messages import FORM_CODES, FORM_TYPES, form_words, path_name
from notices.records.models import Record
from notices.records.yamlsource import parse
from notices.web import service
from notices.web.form import form_spec, label_path
from tests.conftest import EXAMPLES


def _keys() -> set[str]:
    from notices.records.schema import record_schema

    schema = record_schema()
    models = [schema, *schema.get("$defs", {}).values()]
    return {key for model in models for key in model.get("properties", {})}


KEYS = "|".join(sorted(_keys()))
SECTIONS = "|".join(Record.model_fields)
KEY_PATH = re.compile(rf"\b(?:{SECTIONS})\b(?:\.|\[)|[a-z_]+\.(?!jpe?g\b|png\b|yaml\b)[a-z_]+|\[\d+\]|“(?:{KEYS})”")


def leaks(message: str) -> bool:
    return bool(KEY_PATH.search(message))


def test_every_template_of_the_form_catalogue():
    context = {"max_length": 5, "min_length": 1, "ge": 0, "le": 100}
    for code, template in FORM_CODES.items():
        assert not leaks(template.format(value="31/02/2024", day="31/02/2024")), code
    for kind, template in FORM_TYPES.items():
        assert not leaks(template.format(value="abc", key="Tên", hint="", **context)), kind


def leaves(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [loc] * bool(loc) + [p for k, v in value.items() for p in leaves(v, (*loc, k))]
    if isinstance(value, list):
        return [loc] + [p for i, v in enumerate(value) for p in leaves(v, (*loc, i))]
    return [loc]


def put(data: Any, loc: tuple[Any, ...], value: Any) -> Any:
    result = copy.deepcopy(data)
    target = result
    for part in loc[:-1]:
        target = target[part]
    if value is KeyError:
        del target[loc[-1]]
    else:
        target[loc[-1]] = value
    return result


BREAKS = (KeyError, "", 12.5, "31/02/2024", ["a", "b"], {"x": 1}, -3)


@pytest.mark.parametrize("example", ["xa-cchc-6-thang-2024.yaml", "mo-duc-bao-cao-cchc-2022.yaml"])
def test_every_field_broken_every_way_speaks_the_forms_words(example: str, tmp_path: Path):
    data = parse((EXAMPLES / example).read_text(encoding="utf-8")).data
    seen = 0
    for loc in leaves(data):
        for broken in BREAKS:
            _, problems, _ = service.check(put(data, loc, broken), tmp_path)
            for problem in problems:
                seen += 1
                assert not leaks(problem["message"]), (path_name(loc), broken, problem["message"])
    assert seen > 500


@pytest.mark.parametrize("kind", [k["key"] for k in service.kinds()])
def test_an_empty_form_of_each_document_speaks_the_forms_words(kind: str, tmp_path: Path):
    _, problems, _ = service.check({"documents": {kind: {}}}, tmp_path, kind)
    assert problems
    for problem in problems:
        assert not leaks(problem["message"]), problem["message"]
        assert problem["fields"], problem  # each is placed at its field


def test_every_field_of_the_form_has_a_label_path():
    def walk(node: dict[str, Any], loc: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if node["kind"] == "object":
            return [p for f in node["fields"] for p in [(*loc, f["key"])] + walk(f["node"], (*loc, f["key"]))]
        if node["kind"] == "array":
            return walk(node["item"], (*loc, 0))
        if node["kind"] == "union":
            return [p for v in node["variants"] for p in walk(v["node"], loc)]
        return []

    for loc in walk(form_spec(), ()):
        with form_words(label_path):
            text = label_path(loc)
        assert text != "Hồ sơ" and not leaks(text), (loc, text)
