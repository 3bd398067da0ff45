"""Property-based fuzzing on every test run (bounded): generated and mutated records, bad office
templates and bad output folders must never give an internal error, an error without a position,
a partial output or altered text. ``./dev fuzz`` runs the same judge on 10,000 records."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from tests.fuzz.generate import TEMPLATE_NAMES, TEMPLATE_PIECES, dump, mutate, mutations, records
from tests.fuzz.oracle import Tally, check_load, check_render

# Generated records are big: hypothesis' note that printing one is expensive is not a failure.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning")

# Bounded for every run of ./dev test (about a minute in all); NOTICES_FUZZ_EXAMPLES raises it.
EXAMPLES_PER_TEST = int(os.environ.get("NOTICES_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(deadline=None, database=None, phases=[Phase.generate], derandomize=EXAMPLES_PER_TEST is None,
                suppress_health_check=list(HealthCheck))


def _judge(tally: Tally) -> None:
    assert tally.violations == 0, "\n".join(f"{kind}: {d}" for kind, ds in tally.failures.items() for d in ds)


@settings(FUZZ, max_examples=EXAMPLES_PER_TEST or 300)
@given(records(), st.lists(st.integers(0, 11), max_size=60), mutations())
def test_generated_records_load_or_fail_with_positions(tmp_path_factory, record, styles, mutation):
    """Every generated record, mutated or not, loads or is refused at file:line:col in Vietnamese."""
    work = tmp_path_factory.mktemp("rec")
    tally = Tally()
    path = work / "ho-so.yaml"
    path.write_bytes(mutate(dump(record, list(styles)) + "\n", *mutation))
    check_load(path, tally)
    _judge(tally)


@settings(FUZZ, max_examples=EXAMPLES_PER_TEST or 60)
@given(records(), st.lists(st.integers(0, 11), max_size=60))
def test_generated_records_render_whole_and_verbatim(tmp_path_factory, record, styles):
    """A valid generated record renders completely (DOCX, HTML, Markdown), its text verbatim."""
    work = tmp_path_factory.mktemp("render")
    tally = Tally()
    path = work / "ho-so.yaml"
    path.write_text(dump(record, list(styles)) + "\n", encoding="utf-8")
    loaded = check_load(path, tally)
    if loaded is not None:
        check_render(loaded, work / "out", tally, ("docx", "html", "md"))
    _judge(tally)


@settings(FUZZ, max_examples=EXAMPLES_PER_TEST or 40)
@given(st.lists(st.sampled_from(TEMPLATE_PIECES), min_size=1, max_size=8).map("".join),
       st.sampled_from([name for name in TEMPLATE_NAMES if name.startswith("notice/")]),
       st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1258", "utf-16"]))
def test_bad_office_templates_are_errors_at_their_line(tmp_path_factory, source, name, encoding):
    """Whatever an office template holds, rendering either works or names the template file and line."""
    from notices.records import load_record

    work = tmp_path_factory.mktemp("tpl")
    folder = work / "mau"
    (folder / "notice").mkdir(parents=True)
    (folder / name).write_bytes(source.encode(encoding, "replace"))
    tally = Tally()
    loaded = load_record(EXAMPLES / "dak-song-cchc-2023.yaml")
    from notices.compose.templates import environment

    environment.cache_clear()  # each example is a new folder with new content
    rendered = check_render(loaded, work / "out", tally, ("docx", "html"), templates=folder)
    _judge(tally)
    if not rendered:
        assert tally.counts["render_refused"] == 1


OUTPUT_CASES = ["out_is_file", "record_folder_is_file", "document_is_folder", "name_too_long", "parent_is_file",
                "previous_good_set"]  # the long run (./dev fuzz) uses tests.fuzz.generate.prepare_output


@settings(FUZZ, max_examples=EXAMPLES_PER_TEST or 12)
@given(st.sampled_from(OUTPUT_CASES))
def test_bad_output_folders_are_clear_errors_and_keep_what_was_there(tmp_path_factory, case):
    """An output folder that cannot take the documents: a Vietnamese error naming it; nothing changes."""
    from notices.errors import UserError
    from notices.records import load_record
    from notices.render import render_record

    work = tmp_path_factory.mktemp("outdir")
    record = work / "ho-so.yaml"
    shutil.copy(EXAMPLES / "dak-song-cchc-2023.yaml", record)
    out = work / "out"
    if case == "out_is_file":
        out.write_text("tệp")
    elif case == "record_folder_is_file":
        out.mkdir()
        (out / "ho-so").write_text("tệp")
    elif case == "document_is_folder":
        (out / "ho-so" / "thong-bao.docx").mkdir(parents=True)
        (out / "ho-so" / "giay-moi.docx").write_bytes(b"old")
    elif case == "name_too_long":
        out = work / ("a" * 300)
    elif case == "parent_is_file":
        (work / "f").write_text("tệp")
        out = work / "f" / "out"
    before = _snapshot(work)
    loaded = load_record(record)
    with pytest.raises(UserError) as caught:
        if case == "previous_good_set":
            raise_in_third = _break_third_writer(loaded, out)
            raise_in_third()
        else:
            render_record(loaded, out, formats=("docx", "html"))
    message = caught.value.message
    assert ": lỗi: " in message and "Errno" not in message and "Traceback" not in message
    if case != "previous_good_set":
        assert _snapshot(work) == before  # nothing written, nothing removed


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def _break_third_writer(loaded, out: Path):
    """Render once (a good set), then again with the third document's writer failing on disk-full."""
    import errno

    from notices import render

    render.render_record(loaded, out, formats=("docx", "html"))
    good = _snapshot(out)

    def again() -> None:
        calls = {"n": 0}
        real = render.writer

        def failing(fmt: str):
            write = real(fmt)

            def wrapped(document, path, *args, **kwargs):
                calls["n"] += 1
                if calls["n"] == 2:  # the last document of the record
                    raise OSError(errno.ENOSPC, "No space left on device", str(path))
                return write(document, path, *args, **kwargs)

            return wrapped

        render.writer = failing
        try:
            render.render_record(loaded, out, formats=("docx", "html"))
        finally:
            render.writer = real
            assert _snapshot(out) == good  # the previous good set untouched, nothing new left

    return again


NAMES = ["a", "b", "Đắk Song", "dak-song", "c d", "C-D"]  # "Đắk Song"/"dak-song" and "c d"/"C-D" share a folder


@settings(FUZZ, max_examples=EXAMPLES_PER_TEST or 12)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from([".yaml", ".yml"]), records(),
                          st.lists(st.integers(0, 11), max_size=60), mutations()),
                min_size=2, max_size=4, unique_by=lambda r: r[0] + r[1]))
def test_a_folder_of_records_renders_every_good_one_and_names_each_failure(tmp_path_factory, batch):
    """Issue 14, items 10–12 through the command line: bad records and records sharing an output
    folder are reported (file:line:col, or naming both records), every other record is rendered."""
    from click.testing import CliRunner

    from notices import vn
    from notices.cli import main
    from notices.errors import RecordError
    from notices.records import load_record

    work = tmp_path_factory.mktemp("batch")
    folder, out = work / "in", work / "out"
    folder.mkdir()
    valid = {}
    for name, suffix, record, styles, mutation in batch:
        path = folder / f"{name}{suffix}"
        path.write_bytes(mutate(dump(record, list(styles)) + "\n", *mutation))
        try:
            load_record(path)
            valid[path] = True
        except RecordError:
            valid[path] = False
    slugs = [vn.slug(p.stem) for p in valid]
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(out), "--format", "docx", "--jobs", "1"])
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in (0, 1), text
    assert "Lỗi nội bộ" not in text and "Traceback" not in text
    expect_failure = False
    for path, ok in valid.items():
        slug = vn.slug(path.stem)
        shared = slugs.count(slug) > 1
        produced = (out / slug).is_dir() and any((out / slug).iterdir())
        if shared:
            expect_failure = True
            assert f"“{path}”" in text  # named in the message about the shared folder
            assert not produced
        elif not ok:
            expect_failure = True
            assert re.search(rf"{re.escape(str(path))}:\d+:\d+: lỗi: ", text), text
            assert not produced
        else:
            assert produced, text
    assert result.exit_code == (1 if expect_failure else 0), text
