"""The form is generated from the record model: every field of the schema has a control and a Vietnamese label."""

from __future__ import annotations

from notices.records.schema import record_schema
from notices.web.form import LABELS, form_spec


def schema_fields() -> set[tuple[str, str]]:
    schema = record_schema()
    fields = {("Record", key) for key in schema["properties"]}
    for name, model in schema["$defs"].items():
        fields |= {(name, key) for key in model.get("properties", {})}
    return fields


def spec_fields(node: dict, found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    if node["kind"] == "object":
        for field in node["fields"]:
            found.add((node["model"], field["key"]))
            spec_fields(field["node"], found)
    elif node["kind"] == "array":
        spec_fields(node["item"], found)
    elif node["kind"] == "union":
        for variant in node["variants"]:
            spec_fields(variant["node"], found)
    return found


def labels(node: dict, found: list[str]) -> list[str]:
    if node["kind"] == "object":
        for field in node["fields"]:
            found.append(field["label"])
            labels(field["node"], found)
    elif node["kind"] == "array":
        labels(node["item"], found)
    elif node["kind"] == "union":
        for variant in node["variants"]:
            labels(variant["node"], found)
    return found


def test_every_field_of_the_model_has_a_control():
    assert spec_fields(form_spec(), set()) == schema_fields()


def test_every_label_is_vietnamese_and_every_entry_is_used():
    spec = form_spec()
    for text in labels(spec, []):
        assert text and text[0].isupper() and not text.isascii() or text in ("Năm", "Giao cho"), text
    used = {f"{model}.{key}" for model, key in schema_fields()} | {key for _, key in schema_fields()}
    assert not set(LABELS) - used, f"nhãn thừa (trường không còn trong mô hình): {set(LABELS) - used}"


def test_help_texts_are_the_schema_descriptions():
    spec = form_spec()
    documents = next(f for f in spec["fields"] if f["key"] == "documents")["node"]
    notice = next(f for f in documents["fields"] if f["key"] == "notice")
    subject = next(f for f in notice["node"]["fields"] if f["key"] == "subject")
    described = record_schema()["$defs"]["Notice"]["properties"]["subject"]["description"]
    assert (subject["label"], subject["help"], subject["required"]) == ("Trích yếu", described, True)
    assert notice["node"]["toggle"] == "Tạo thông báo kết luận"
    meeting = next(f for f in spec["fields"] if f["key"] == "meeting")["node"]
    kinds = {f["key"]: f["node"]["kind"] for f in meeting["fields"]}
    assert (kinds["date"], kinds["time"], kinds["attendees"], kinds["chair"]) == ("date", "time", "array", "object")


def test_list_entries_offer_the_shapes_the_model_accepts():
    spec = form_spec()
    results = next(f for f in spec["fields"] if f["key"] == "results")["node"]
    assert results["kind"] == "array"
    assert [v["tag"] for v in results["item"]["variants"]] == ["text", "Item", "Section"]


def test_a_list_written_as_one_line_is_split_as_the_model_splits_it():
    from notices.records.models import Notice

    spec = form_spec()
    documents = next(f for f in spec["fields"] if f["key"] == "documents")["node"]
    notice = next(f for f in documents["fields"] if f["key"] == "notice")["node"]
    archive = next(f for f in notice["fields"] if f["key"] == "archive")["node"]
    assert archive["split"] == ","
    one_line = Notice.model_validate({"subject": "x", "signer": {"title": "a", "name": "b"}, "archive": "VT, VP"})
    assert one_line.archive == [part.strip() for part in "VT, VP".split(archive["split"])]


def test_no_help_text_repeats_its_label_or_names_a_key():
    def walk(node):  # type: ignore[no-untyped-def]
        if node["kind"] == "object":
            for f in node["fields"]:
                yield f
                yield from walk(f["node"])
        elif node["kind"] == "array":
            yield from walk(node["item"])
        elif node["kind"] == "union":
            for v in node["variants"]:
                yield from walk(v["node"])

    for f in walk(form_spec()):
        help_text = f["help"] or ""
        assert help_text.rstrip(".").casefold() != f["label"].casefold(), f
        assert "YYYY" not in help_text and "agency." not in help_text, f


def test_a_model_field_wrapped_in_all_of_is_the_same_control():
    """pydantic before 2.9 writes a model field with a description as {allOf: [{$ref}], description}; later
    versions as {$ref, description}. Both are one form (the installed pydantic makes only one of them)."""
    from notices.web.form import _Builder

    schema = record_schema()
    builder = _Builder(schema["$defs"])
    plain = {"$ref": "#/$defs/Person", "description": "Người chủ trì."}
    wrapped = {"allOf": [{"$ref": "#/$defs/Person"}], "description": "Người chủ trì."}
    assert builder.node(wrapped, "chair") == builder.node(plain, "chair")
    assert builder.node(wrapped, "chair")[0]["model"] == "Person"
    def help_of(prop: dict) -> str | None:
        return builder.model("Meeting", {"properties": {"chair": prop}})["fields"][0]["help"]

    text = "Người điều hành cuộc họp, ghi cả chức vụ."
    assert help_of({**wrapped, "description": text}) == help_of({**plain, "description": text})
