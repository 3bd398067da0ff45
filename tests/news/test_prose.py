"""The news post's prose (issue 26, item 7): every example and held-back record, and the shapes a record can
take (with or without discussion, reports, an introduction to the conclusions, assignees), read sentence by
sentence: no phrase the composer adds is said twice in a sentence, no sentence opens with two connectives
("Ngoài ra, trong đó …") or a small letter, and names stay as written."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from notices.compose.news import compose_news, lower_first
from notices.model import Lead, Paragraph
from notices.records import load_record
from notices.records.models import Item, Record, Speech
from tests.conftest import EXAMPLES

HELD_BACK = Path(__file__).parents[1] / "check" / "records"
RECORDS = sorted(EXAMPLES.glob("*.yaml")) + sorted(HELD_BACK.glob("*.yaml"))
LINKS = ("trong đó", "đồng thời", "bên cạnh đó", "ngoài ra", "song song đó", "tuy nhiên", "do đó", "vì vậy",
         "theo đó", "qua đó", "mặt khác", "cụ thể")
DANGLING = re.compile(rf"^(?:{'|'.join(LINKS)}),?\s+(?:{'|'.join(LINKS)})\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\s])")


def post_text(record: Record) -> list[str]:
    document = compose_news(record, None, EXAMPLES)  # photos (xa-cchc) are in the examples' folder
    return [b.text for b in document.blocks if isinstance(b, Paragraph | Lead)]


def sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in SENTENCE_END.split(p.removesuffix("/.")) if s.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def record_texts(data: Any) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
            found.extend(SENTENCE_END.split(value))  # a text of several sentences, told one by one
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


def repeated_by_the_composer(sentence: str, texts: list[str], size: int = 3) -> list[str]:
    """Phrases of ``size`` words said twice or more in ``sentence`` more often than the record's own texts
    inside it say them (her own repetition is hers to keep)."""
    def grams_of(text: str) -> list[str]:  # never across punctuation: two of her texts side by side are not one
        found = []
        for chunk in re.split(r"[;,:()“”\"–/]|\s-\s", text):
            said = words(chunk)
            found += [" ".join(said[i:i + size]) for i in range(len(said) - size + 1)]
        return found

    grams = grams_of(sentence)
    flat = " ".join(words(sentence))
    inside = [t for t in set(texts) if t.strip() and " ".join(words(t)) in flat]
    problems = []
    for gram in set(grams):
        count = grams.count(gram)
        if count < 2 or any(c.isdigit() for c in gram):  # figures repeat as the data does
            continue
        # each of her texts as often as the sentence uses it (a table's column names, once per row)
        hers = sum(grams_of(t).count(gram) * len(re.findall(rf"(?<!\w){re.escape(' '.join(words(t)))}(?!\w)", flat))
                   for t in inside)
        if count > hers:
            problems.append(gram)
    return problems


def check(data: dict[str, Any], name: str) -> None:
    record = Record.model_validate(data)
    paragraphs = post_text(record)
    texts = record_texts(data)
    for sentence in sentences(paragraphs):
        assert not DANGLING.match(sentence), (name, sentence)
        assert sentence[0].isupper() or sentence[0].isdigit() or sentence[0] in "\"“(", (name, sentence)
        assert not repeated_by_the_composer(sentence, texts), (name, repeated_by_the_composer(sentence, texts),
                                                                sentence)
    body = " ".join(paragraphs)
    meeting = record.meeting
    names = [record.agency.name] if record.meeting is None and record.report else []
    if meeting:
        names += [meeting.chair.name] + [g.name for g in meeting.guests]
    if record.conclusions:  # an assignee that is a name stays as written ("Phòng Tài chính - Kế hoạch")
        names += [lower_first(i.assignee) for i in record.conclusions.items
                  if isinstance(i, Item) and i.assignee and i.assignee.lower() not in i.text.lower()]
    for entry in record.discussion:
        if isinstance(entry, Speech) and entry.speaker.split()[1:2] and entry.speaker.split()[1][:1].isupper():
            names.append(entry.speaker)  # a name ("Lê Văn A"), not a post ("Đại diện …")
    for person in names:
        assert person in body, (name, person)  # as written: not one letter lowered
    if record.conclusions and record.conclusions.intro:
        assert " ".join(record.conclusions.intro.split()).rstrip(".:")[1:] in body, name


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_every_example_and_held_back_record(path: Path):
    check(load_record(path).source.data, path.stem)


def shapes(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The record in the shapes a meeting record can take."""
    made = []

    def variant(label: str, change: Any) -> None:
        changed = copy.deepcopy(data)
        change(changed)
        made.append((label, changed))

    variant("no discussion", lambda d: d.update(discussion=[]))
    variant("no reports", lambda d: d["meeting"].update(reports=[]))
    variant("only a discussion remark that says where", lambda d: d.update(
        discussion=["Các ý kiến tại hội nghị thống nhất cao với báo cáo."]))
    variant("results that link themselves", lambda d: d.update(results=[
        "Xã hoàn thành 17/25 nhiệm vụ.", "Trong đó nhấn mạnh việc số hóa hồ sơ.", "Đồng thời, tiếp nhận 673 hồ sơ."]))
    variant("conclusions with an introduction", lambda d: d["conclusions"].update(
        intro="Trên cơ sở ý kiến của các đại biểu, Chủ tịch UBND xã kết luận như sau"))
    variant("every conclusion with an assignee", lambda d: d["conclusions"].update(items=[
        {"text": "Yêu cầu hoàn thành số hóa hồ sơ hộ tịch.", "assignee": "Công chức Tư pháp - Hộ tịch",
         "deadline": "2024-09-30"},
        {"text": "Đồng thời, rà soát thủ tục hành chính.", "assignee": "Văn phòng - Thống kê"},
        {"text": "Tuyên truyền dịch vụ công trực tuyến.", "assignee": "Các thôn"}]))
    variant("speakers by name and by post", lambda d: d.update(discussion=[
        {"speaker": "Đại diện Công an xã", "text": "Đề nghị tăng cường tuần tra."},
        {"speaker": "Nguyễn Văn Bình", "text": "Đề nghị hỗ trợ kinh phí."}]))
    return made


@pytest.mark.parametrize("example", ["xa-cchc-6-thang-2024.yaml", "phu-tai-cchc-2022.yaml"])
def test_every_shape_of_a_meeting_record(example: str):
    for label, data in shapes(load_record(EXAMPLES / example).source.data):
        check(data, f"{example}: {label}")
