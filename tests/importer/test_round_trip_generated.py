"""Round trip over generated records: any Thông báo, Giấy mời, Biên bản, Báo cáo, Công văn, Kế hoạch or Tờ trình
notices renders imports back into a record that renders the same text, line for line (hypothesis, bounded; the
words are the fuzz suite's)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notices.importer import read_document
from notices.records.load import validate_text
from tests.fuzz.generate import WORDS
from tests.importer.test_import import _render, _texts

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
sentences = words.map(lambda w: w[:1].upper() + w[1:])
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def notice_records(draw: Any) -> dict[str, Any]:
    day = draw(days)
    person = st.fixed_dictionaries({"name": sentences}, optional={"title": sentences})
    item = st.one_of(sentences, st.fixed_dictionaries(
        {"text": sentences}, optional={"assignee": sentences, "deadline": days.map(dt.date.isoformat),
                                       "recurring": st.sampled_from(["hàng tháng", "hàng quý"])}))
    record: dict[str, Any] = {
        "agency": {"name": "Ủy ban nhân dân xã " + draw(sentences), "code": "UBND", "place": draw(sentences)},
        "meeting": draw(st.fixed_dictionaries(
            {"name": sentences, "date": st.just(day.isoformat()), "chair": person},
            optional={"venue": sentences, "organizer": sentences, "attendees": st.lists(words, max_size=4),
                      "reports": st.lists(words, min_size=1, max_size=2), "guests": st.lists(person, max_size=2),
                      "time": st.sampled_from(["07:30", "14:00"])})),
        "results": draw(st.lists(sentences, max_size=3)),
        "shortcomings": draw(st.lists(sentences, max_size=3)),
        "conclusions": draw(st.fixed_dictionaries(
            {"items": st.lists(item, min_size=1, max_size=4)},
            optional={"intro": sentences.map(lambda s: s + ":"), "deadline": days.map(dt.date.isoformat)})),
    }
    if draw(st.booleans()):
        record["agency"]["parent"] = "Ủy ban nhân dân huyện " + draw(sentences)
    signer = {"title": draw(st.sampled_from(["Chủ tịch", "Phó Chủ tịch"])), "name": draw(sentences)}
    if draw(st.booleans()):
        signer["authority"] = draw(st.sampled_from(["TM. ỦY BAN NHÂN DÂN", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]]))
    doc = {"subject": draw(sentences), "signer": signer, "recipients": draw(st.lists(sentences, max_size=3)),
           "archive": ["VT", draw(st.sampled_from(["VP", "VP-TK"]))]}
    if draw(st.booleans()):
        doc.update(number=draw(st.integers(1, 999)), date=day.isoformat())
    else:
        doc["year"] = day.year
    if draw(st.booleans()):
        doc["closing"] = draw(sentences)
    kind = draw(st.sampled_from(["notice", "invitation", "minutes", "report", "official_letter", "plan", "proposal"]))
    lines = st.lists(sentences, min_size=1, max_size=3)
    if kind in ("official_letter", "plan", "proposal"):
        for entry in record["conclusions"]["items"]:
            if isinstance(entry, dict) and draw(st.booleans()):
                entry["partners"] = draw(sentences)
        doc.pop("closing", None) if kind == "plan" else None
        if draw(st.booleans()):
            doc["reference"] = f"Thông báo số {draw(st.integers(1, 999))}/TB-UBND ngày {vn_day(draw(days))}"
    if kind == "official_letter":
        record["agency"]["unit"] = draw(st.sampled_from(["VP", "VP-TK"]))
        doc["to"] = draw(lines)
        if draw(st.booleans()):
            doc["body"] = draw(lines)
    if kind == "plan":
        if draw(st.booleans()):
            doc["purposes"] = draw(lines)
        if draw(st.booleans()):
            doc["organization"] = draw(lines)
    if kind == "proposal":
        doc["to"] = draw(lines)
        doc["requests"] = draw(lines)
        if draw(st.booleans()):
            doc["grounds"] = draw(lines)
    if kind == "minutes":
        record["meeting"]["secretary"] = draw(person)
        record["meeting"]["agenda"] = draw(st.lists(words, max_size=3))
        record["discussion"] = draw(st.lists(st.one_of(sentences, st.fixed_dictionaries(
            {"speaker": sentences, "text": sentences})), max_size=3))
        doc = {k: v for k, v in doc.items() if k not in ("subject", "closing", "signer")}
        doc.pop("archive") if draw(st.booleans()) else None
        if draw(st.booleans()):
            record.pop("conclusions")
    if kind == "report":
        record.pop("meeting")
        record.pop("conclusions")
        record["report"] = draw(st.fixed_dictionaries({"period": words.map(lambda w: "năm " + w),
                                                       "subject": sentences}, optional={"background": sentences}))
        table = st.fixed_dictionaries({"caption": sentences, "columns": st.just(["Cấp", "Số hồ sơ"]),
                                       "rows": st.lists(st.tuples(sentences, st.integers(0, 99999)).map(list),
                                                        min_size=1, max_size=3)})
        section = st.fixed_dictionaries({"heading": sentences, "items": st.lists(sentences, min_size=1, max_size=3)},
                                        optional={"table": table})
        record["results"] = draw(st.lists(st.one_of(sentences, section), max_size=3))
        record["tasks"] = draw(st.lists(st.one_of(sentences, st.fixed_dictionaries(
            {"text": sentences}, optional={"assignee": sentences})), max_size=3))
        record["recommendations"] = draw(st.lists(sentences, max_size=2))
        doc = {k: v for k, v in doc.items() if k not in ("subject", "closing")}
    if kind == "invitation":
        doc = {k: v for k, v in doc.items() if k not in ("subject", "closing")}
        if draw(st.booleans()):
            doc["invitees"] = draw(st.lists(words, min_size=1, max_size=3))
    record["documents"] = {kind: doc}
    return record


def vn_day(day: dt.date) -> str:
    from notices.vn import body_date

    return body_date(day)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notice_records())
def test_generated_records_round_trip(record: dict[str, Any]) -> None:
    import json

    kind = next(iter(record["documents"]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "goc.yaml"
        source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
        original = _render(validate_text(source.read_text(encoding="utf-8"), source), kind, folder / "a")
        result = read_document(original)
        target = folder / "nhap" / "goc.yaml"
        target.parent.mkdir()
        target.write_text(result.yaml, encoding="utf-8")
        again = _render(validate_text(result.yaml, target), kind, folder / "b")
        assert _texts(again) == _texts(original)
