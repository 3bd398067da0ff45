"""Record loading at speed: libyaml's parser, used for speed, reads every record exactly as the pure one."""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest

from notices.records import yamlsource
from tests.conftest import EXAMPLES, ROOT, SHARED_EXAMPLES


def read(text: str, fast: bool) -> yamlsource.Source:
    """``text`` read by one parser only: libyaml's (``fast``) or the pure-Python one."""
    stand_in, raws = yamlsource._swap_unreadable(text)
    builder = yamlsource._Builder(text, stand_in, raws)
    builder.run(text if stand_in is None else yamlsource._UNREADABLE.sub(stand_in, text), fast=fast)
    return builder.source


def same(text: str) -> None:
    fast, pure = dataclasses.asdict(read(text, fast=True)), dataclasses.asdict(read(text, fast=False))
    assert fast == pure


def records(tmp_path):
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    generated = corpus.generate(tmp_path, 5, seed=7)
    found = [*EXAMPLES.glob("*.yaml"), *SHARED_EXAMPLES.glob("*.yaml"), *(ROOT / "tests").rglob("*.yaml"), *generated]
    assert len(found) >= 9
    return found


def test_the_fast_parser_is_there():
    from ruamel.yaml import YAML

    assert YAML(typ="safe").Parser.__name__ == "CParser", "ruamel.yaml.clib is installed"


def test_the_fast_parser_reads_every_record_as_the_pure_one(tmp_path):
    for path in records(tmp_path):
        same(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("text", [
    "a: 0x1F\nb: 1_000\nc: yes\nd: ~\ne: 1.5\nf: 'it''s'\ng: 2023-02-30\nh: [1, {i: j}]\nk: .inf\n",
    "k: >-\n  Tỷ lệ\n\n  đoạn 2\nl: |\n  dòng 1\n  dòng 2\nm: &x Đắk Song\nn: *x\n",
    "a: b\na: c\n",  # a duplicate key: a problem at its line, from either parser
    "a: \"x\\u0007y\"\nb: Đắk\u0085Song\nc: x\u0001y\n",  # control characters, escaped and raw
    "a: !!str 12\nb: !!int x\nc: !foo y\n",  # tags
])
def test_values_positions_and_problems_agree(text):
    same(text)


@pytest.mark.parametrize("text", ["agency:\n  name: x\n  code: [UBND\n", "a: b: c\n", "a:\n  - x\n  y: z\n",
                                  "a: \"\\U00110000\"\n", "a: 1\n---\nb: 2\n"])
def test_a_text_refused_gets_the_pure_parsers_message(text):
    with pytest.raises(yamlsource.YamlSyntaxError) as pure:
        read(text, fast=False)
    with pytest.raises(yamlsource.YamlSyntaxError) as caught:
        yamlsource.parse(text)
    assert (caught.value.mark, caught.value.message) == (pure.value.mark, pure.value.message)


def test_a_tab_inside_a_value_is_judged_by_the_pure_parser_as_before():
    text = "a: Đắk\tSong\n"
    try:
        expected = ("ok", dataclasses.asdict(read(text, fast=False)))
    except yamlsource.YamlSyntaxError as error:
        expected = ("error", error.message)
    try:
        got = ("ok", dataclasses.asdict(yamlsource.parse(text)))
    except yamlsource.YamlSyntaxError as error:
        got = ("error", error.message)
    assert got == expected
