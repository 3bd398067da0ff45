"""Record loading at speed: the libyaml parser used for speed reads every record exactly as the pure one."""

from __future__ import annotations

import importlib.util

import pytest

from notices.records import yamlsource
from tests.conftest import EXAMPLES, ROOT, SHARED_EXAMPLES


def sources(text: str) -> tuple[yamlsource.Source, yamlsource.Source]:
    """``text`` parsed by the fast loader and by the pure-Python one."""
    fast = yamlsource.Source(None)
    fast.data = yamlsource._build(yamlsource._loader(pure=False).compose(text), (), fast)
    pure = yamlsource.Source(None)
    pure.data = yamlsource._build(yamlsource._loader(pure=True).compose(text), (), pure)
    return fast, pure


def records(tmp_path):
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    generated = corpus.generate(tmp_path, 5, seed=7)
    found = [*EXAMPLES.glob("*.yaml"), *SHARED_EXAMPLES.glob("*.yaml"), *(ROOT / "tests").rglob("*.yaml"), *generated]
    assert len(found) >= 9
    return found


def test_the_fast_parser_reads_every_record_as_the_pure_one(tmp_path):
    from ruamel.yaml.main import CParser

    assert CParser is not None and yamlsource._loader(pure=False).Parser is CParser, "ruamel.yaml.clib is installed"
    for path in records(tmp_path):
        fast, pure = sources(path.read_text(encoding="utf-8-sig"))
        assert fast.data == pure.data, path
        assert fast.values == pure.values and fast.keys == pure.keys, path
        assert fast.problems == pure.problems, path


@pytest.mark.parametrize("text", [
    "a: 0x1F\nb: 1_000\nc: yes\nd: ~\ne: 1.5\nf: 'it''s'\ng: 2023-02-30\nh: [1, {i: j}]\n",
    "k: >-\n  Tỷ lệ\n\n  đoạn 2\nl: |\n  dòng 1\n  dòng 2\nm: &x Đắk Song\nn: *x\n",
    "a: b\na: c\n",  # a duplicate key: a problem with its line, from either parser
])
def test_scalars_and_positions_agree(text):
    fast, pure = sources(text)
    assert (fast.data, fast.values, fast.keys, fast.problems) == (pure.data, pure.values, pure.keys, pure.problems)


@pytest.mark.parametrize("text", ["agency:\n  name: x\n  code: [UBND\n", "a: b: c\n", "a:\n  - x\n  y: z\n"])
def test_a_text_the_fast_parser_refuses_gets_the_pure_parsers_message(text):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    with pytest.raises(MarkedYAMLError) as pure:
        YAML(typ="safe", pure=True).compose(text)
    expected = yamlsource._syntax_error(pure.value)
    with pytest.raises(yamlsource.YamlSyntaxError) as caught:
        yamlsource.parse(text)
    assert (caught.value.mark, caught.value.message) == (expected.mark, expected.message)
    # and the loaders are usable again afterwards
    assert yamlsource.parse("a: b\n").data == {"a": "b"}


def test_a_tab_inside_a_value_is_judged_by_the_pure_parser_as_before():
    with pytest.raises(yamlsource.YamlSyntaxError):
        yamlsource.parse("a: Đắk\tSong\n")
