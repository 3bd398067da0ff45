"""Tin bài: the website news post written from the same record as the documents.

A meeting record gives the post of seeds 000 and 003 (lead: who chaired what, when and where;
attendees; reports and results with their figures; discussion; the chair's conclusions as prose;
photos; byline). A period record (a report, no meeting) gives the post of seed 002 (lead from the
background; one paragraph per group of results; shortcomings; the way ahead).

The prose lives in ``templates/news/*.j2``; this module only prepares the sentences: it lowers the
first letter where a sentence continues another ("Bên cạnh đó, xã tiếp nhận …"), gives a
verb-led sentence its subject ("huyện yêu cầu …"), and turns photos into figures.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from notices import vn
from notices.compose.common import as_item, end_text
from notices.compose.templates import TERMINAL, mentions, paragraphs
from notices.errors import UserError
from notices.model import ArticleTitle, Block, Byline, Document, Figure, Lead, Paragraph
from notices.records.messages import field_name
from notices.records.models import Item, Metric, News, Record, Section, Speech

# Sentences that open with one of these verbs have no subject of their own.
VERBS = tuple(
    "yêu cầu|chỉ đạo|siết chặt|thường xuyên|đầu tư|tăng cường|tiếp tục|đẩy mạnh|triển khai|tổ chức|"
    "phấn đấu|tuyên truyền|rà soát|xây dựng|thực hiện|chú trọng|sắp xếp|chuẩn bị|duy trì|nâng cao|"
    "hoàn thiện|tiếp nhận|ban hành|kiện toàn|quán triệt|cử|bố trí|kiểm tra|hoàn thành|tham mưu|phát hành|"
    "phân phối|niêm yết|cung cấp|nâng cấp|phối hợp|phân công|giải quyết|khắc phục|đôn đốc|theo dõi|hướng dẫn|"
    "vận động|tập trung|phát huy|quan tâm|giám sát|giải ngân|bàn giao|cập nhật|đổi mới".split("|")
)
# Words that open a sentence as a link to the one before: a sentence that has one gets no other.
CONNECTIVES = ("trong đó", "đồng thời", "bên cạnh đó", "ngoài ra", "song song đó", "tuy nhiên", "do đó", "vì vậy",
               "theo đó", "qua đó", "mặt khác", "cụ thể", "ngoài những kết quả trên", "bên cạnh")
# Two words that begin the name of an office or a post when a capital follows ("Bộ phận Một cửa").
NAME_HEADS = frozenset("bộ phận|trưởng phòng|phó phòng|trưởng ban|phó ban|chủ tịch|bí thư|giám đốc|chánh văn|"
                       "văn phòng|trung tâm|chi cục|chi nhánh|thường trực|hội đồng|ủy ban|uỷ ban|mặt trận|đảng ủy|"
                       "đảng uỷ|trưởng thôn|tổ trưởng|phó chủ|phó giám|phó bí|chánh thanh".split("|"))
# Words that never begin a name: lowered after a connector even when a name follows ("tại Quyết định số 14").
FUNCTION_WORDS = frozenset("tại|theo|về|trong|với|để|do|qua|từ|đến|các|những|một|nhiều|đã|đang|sẽ|cho|khi|nhằm|"
                           "có|không|chưa|còn|được|bị".split("|"))
LEVELS = ("thị trấn", "thị xã", "thành phố", "phường", "xã", "huyện", "quận", "tỉnh")


class Sentence(BaseModel):
    """One sentence of the record, in the three shapes a template may need."""

    text: str  # as written, closed with a full stop
    linked: bool = False  # it opens with a connective of its own: no other is put before it
    lowered: str  # first letter lowered when it can be, to follow a connector or a subject
    bare: str  # lowered, without its closing full stop (for lists joined with ';')
    plain: str  # as written, without its closing full stop
    subject: str  # with a subject when it opens with a verb ("huyện yêu cầu …"), lowered
    subject_bare: str  # the same without its closing full stop
    assignee: str | None = None  # who does it, when the text does not already say
    partners: str | None = None  # who works with them, when the text does not already say
    deadline: str | None = None  # "15/9/2022", when the item has its own


class Remark(BaseModel):
    """One view from the discussion, with its speaker when the record names one."""

    speaker: str | None = None
    said: Sentence


class Row(BaseModel):
    """A table row told in words: its first cell, then 'column value' pairs."""

    head: str
    pairs: list[str]


class Group(BaseModel):
    """A group of results (a report's section): heading, sentences, table rows."""

    heading: str  # lowered, to follow "Về"
    sentences: list[Sentence]
    caption: str | None = None
    rows: list[Row] = []


def lower_first(text: str) -> str:
    """``text`` with its first letter lowered, unless that would spoil a name or an abbreviation.

    'Kết quả giải quyết' → 'kết quả giải quyết'; 'UBND xã' and 'Lê Quốc Dũng' stay as they are.
    """
    words = text.split(" ", 4)
    first = words[0]
    if not first or not first[0].isupper() or not first[1:].islower() and len(first) > 1:
        return text
    if first.lower() in FUNCTION_WORDS:
        return first[0].lower() + text[1:]  # "tại Quyết định số 14", never a name
    if len(words) > 1 and words[1][:1].isupper():
        return text  # a name: "Lê Quốc Dũng", "UBND xã"
    if len(words) > 2 and words[1] in ("-", "–") and words[2][:1].isupper():
        return text  # "Lao động - Thương binh và Xã hội"
    after = [w for w in text.split(" ", 5)[2:5] if w not in ("-", "–")]
    if after and f"{first} {words[1]}".lower() in NAME_HEADS and after[0][:1].isupper():
        return text  # "Bộ phận Tiếp nhận và trả kết quả", "Văn phòng - Thống kê", "Trưởng phòng Tài chính"
    return first[0].lower() + text[1:]


def opens_with_link(text: str) -> bool:
    """Whether ``text`` opens with a connective of its own ("Trong đó, …", "Đồng thời …")."""
    folded = vn.fold(text.lstrip())
    return any(re.match(rf"{re.escape(vn.fold(c))}\b", folded) for c in CONNECTIVES)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_stop(text: str) -> str:
    text = text.rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def level_word(record: Record) -> str:
    """'xã', 'huyện', 'phường'… from the agency's name; 'đơn vị' when it names none."""
    name = vn.fold(record.agency.name)
    for level in LEVELS:
        if re.search(rf"\b{vn.fold(level)}\b", name):
            return level
    return "đơn vị"


def sentence(text: str, level: str, item: Item | None = None, shared_deadline: object = None) -> Sentence:
    closed = text if text.rstrip().endswith(TERMINAL) else text.rstrip() + "."
    lowered = lower_first(closed)
    folded = vn.fold(lowered)
    verb_led = any(re.match(rf"{re.escape(vn.fold(v))}\b(?!-)", folded) for v in VERBS)
    assignee = None
    if item and item.assignee and not mentions(text, item.assignee):
        assignee = lower_first(item.assignee)  # "các thôn", but "Văn phòng - Thống kê" as written
    partners = None
    if item and item.assignee and item.partners and not mentions(text, item.partners):
        partners = lower_first(item.partners)
    deadline = None
    if item and item.deadline and item.deadline != shared_deadline:
        deadline = vn.body_date(item.deadline)
    return Sentence(
        text=closed,
        linked=opens_with_link(closed),
        lowered=lowered,
        bare=strip_stop(lowered),
        plain=strip_stop(closed),
        subject=f"{level} {lowered}" if verb_led else lowered,
        subject_bare=strip_stop(f"{level} {lowered}" if verb_led else lowered),
        assignee=assignee,
        partners=partners,
        deadline=deadline,
    )


def metric_phrase(metric: Metric | None, text: str) -> str | None:
    """The metric's figures in words, only when ``text`` does not already show them."""
    if metric is None:
        return None
    parts = []
    if metric.done is not None and metric.total is not None:
        parts.append(f"{vn.fmt_number(metric.done)}/{vn.fmt_number(metric.total)} {metric.label}")
    elif metric.count is not None:
        parts.append(f"{vn.fmt_number(metric.count)} {metric.label}")
    if metric.percent is not None:
        shown = vn.fmt_percent(metric.percent)
        parts.append(f"đạt {shown}" if parts else f"{metric.label} đạt {shown}")
    numbers = re.findall(r"\d+(?:[.,/]\d+)*%?", " ".join(parts))
    if all(n in text for n in numbers):
        return None
    return ", ".join(parts)


def entry_sentence(entry: str | Item, level: str, shared_deadline: object = None) -> Sentence:
    item = as_item(entry)
    text = item.text
    phrase = metric_phrase(item.metric, text) if isinstance(entry, Item) else None
    if phrase:
        text = f"{strip_stop(text)} ({phrase})."
    return sentence(text, level, item if isinstance(entry, Item) else None, shared_deadline)


def cell(value: object) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return vn.fmt_number(value)
    return str(value).strip()


def groups(record: Record, level: str) -> tuple[list[Sentence], list[Group]]:
    """Loose results (sentences) and sections (groups), in record order."""
    loose: list[Sentence] = []
    grouped: list[Group] = []
    for entry in record.results:
        if isinstance(entry, Section):
            rows = []
            if entry.table:
                for row in entry.table.rows:
                    pairs = [f"{lower_first(column)} {cell(value)}"
                             for column, value in zip(entry.table.columns[1:], row[1:], strict=True)
                             if cell(value)]
                    rows.append(Row(head=lower_first(cell(row[0])), pairs=pairs))
            grouped.append(Group(
                heading=lower_first(entry.heading),
                sentences=[entry_sentence(i, level) for i in entry.items],
                caption=entry.table.caption if entry.table else None,
                rows=rows,
            ))
        else:
            loose.append(entry_sentence(entry, level))
    return loose, grouped


def published_line(news: News) -> str | None:
    """'Ngày đăng: 13/07/2024 - 09:35' (the office website's own form)."""
    if news.published is None:
        return None
    return f"Ngày đăng: {news.published:%d/%m/%Y - %H:%M}"


def part_of_day(record: Record) -> str | None:
    meeting = record.meeting
    if meeting is None or meeting.time is None:
        return None
    hour = meeting.time.hour + meeting.time.minute / 60
    return "sáng" if hour < 11 else "trưa" if hour < 13 else "chiều" if hour < 18 else "tối"


def figures(news: News, folder: Path | None) -> list[Figure]:
    """The post's photos, upright and resized; a missing or unreadable one names its field."""
    from notices.photos import prepare, unique_names

    if news.photos and folder is None:
        raise UserError("documents.news.photos: cần biết thư mục của hồ sơ để tìm ảnh.")
    images = [
        prepare(folder / photo.file, news.photo_width, field_name(("documents", "news", "photos", index, "file")))
        for index, photo in enumerate(news.photos)
    ] if folder is not None else []
    return [Figure(image=image, caption=photo.caption)
            for image, photo in zip(unique_names(images), news.photos, strict=True)]


def compose_news(record: Record, templates: Path | None = None, folder: Path | None = None) -> Document:
    """The news post of ``record``; photos are read from ``folder``.

    A record that does not declare ``documents.news`` still gets a post when one is asked for
    (``render --only news``): title composed from the meeting, no byline.
    """
    news = record.documents.news or News()
    level = level_word(record)
    loose, grouped = groups(record, level)
    photos = figures(news, folder)

    def prose(name: str, **context: object) -> list[str]:
        return paragraphs(f"news/{name}.j2", templates, **context)

    context = {"agency": record.agency, "level": level, "news": news}
    if record.meeting is not None:
        title, lead, sections = _meeting(record, loose, grouped, prose, context)
    else:
        title, lead, sections = _period(record, loose, grouped, prose, context)

    # Photos go between the sections, one after each, as the seeds place them; any left over end the body.
    body: list[list[Block]] = [[Paragraph(t) for t in texts] for texts in sections if texts]
    if body and body[-1]:
        last = body[-1][-1]
        assert isinstance(last, Paragraph)
        body[-1][-1] = Paragraph(end_text(last.text))
    blocks: list[Block] = [ArticleTitle(title), Lead(lead)]
    remaining = list(photos)
    for index, section in enumerate(body):
        blocks += section
        if remaining and index < len(body) - 1:
            blocks.append(remaining.pop(0))
    blocks += remaining
    if news.author or news.published:
        stamp = news.published.isoformat() if news.published else None
        blocks.append(Byline(author=news.author, published=published_line(news), timestamp=stamp))
    return Document(kind="news", name="tin-bai", title=title, blocks=tuple(blocks), author=record.agency.name)


def _meeting(record, loose, grouped, prose, context):  # type: ignore[no-untyped-def]
    meeting, conclusions, news = record.meeting, record.conclusions, context["news"]
    organizer = meeting.organizer or record.agency.name
    title = news.title or f"{organizer} tổ chức {meeting.name}"
    for group in grouped:  # a meeting record with sections: tell them as results too
        loose += group.sentences
    chair = _chair(meeting.chair)
    (lead,) = prose("lead", meeting=meeting, chair=chair, part_of_day=part_of_day(record), **context)
    attendees = [a for a in meeting.attendees]
    separator = "; " if any("," in a or ":" in a for a in attendees) else ", "
    discussion = [
        Remark(speaker=lower_first(e.speaker), said=sentence(e.text, context["level"])) if isinstance(e, Speech)
        else Remark(said=sentence(e, context["level"]))
        for e in record.discussion
    ]
    items = []
    if conclusions is not None:
        items = [_asked(entry_sentence(e, context["level"], conclusions.deadline)) for e in conclusions.items]
    intro = _intro(conclusions.intro) if conclusions is not None and conclusions.intro else None
    remarks = [d.said for d in discussion if not d.speaker]
    sections = [
        prose("attendees", meeting=meeting, attendees=attendees, separator=separator, **context)
        + prose("reports", reports=[strip_stop(lower_first(r)) for r in meeting.reports], **context),
        prose("results", results=loose, reported=bool(meeting.reports), **context)
        + prose("shortcomings", shortcomings=_bare(record), **context),
        prose("discussion", speeches=[d for d in discussion if d.speaker], remarks=remarks,
              placed=bool(remarks) and _placed(remarks[0].text), **context),
        prose("conclusions", chair=chair, items=items, intro=intro,
              deadline=conclusions.deadline if conclusions else None, **context),
    ]
    return title, lead, sections


def _period(record, loose, grouped, prose, context):  # type: ignore[no-untyped-def]
    report, news = record.report, context["news"]
    title = news.title or (f"{record.agency.place}: {report.subject}" if report else record.agency.name)
    subject = lower_first(report.subject) if report else None
    (lead,) = prose("period_lead", report=report, subject=subject, **context)
    tasks = [entry_sentence(e, context["level"]) for e in record.tasks]
    sections = [
        prose("period_intro", report=report, subject=subject, results=loose, **context),
        *[prose("period_group", group=group, **context) for group in grouped],
        prose("shortcomings", shortcomings=_bare(record), **context),
        prose("tasks", tasks=tasks, recommendations=[strip_stop(lower_first(r)) for r in record.recommendations],
              report=report, **context),
    ]
    return title, lead, sections


ASKING = re.compile(r"^(?:yêu cầu|đề nghị|giao|chỉ đạo)\s+", re.IGNORECASE)


def _asked(item: Sentence) -> Sentence:
    """A conclusion as what the chair asks: its own "Yêu cầu …"/"Đề nghị …" and connective left out
    (the post says "yêu cầu" / "đề nghị" itself)."""
    bare = item.bare
    for connective in CONNECTIVES:
        if vn.fold(bare).startswith(vn.fold(connective) + ","):
            bare = bare[len(connective) + 1:].lstrip()
            break
    bare = lower_first(ASKING.sub("", bare))
    return item.model_copy(update={"bare": bare, "linked": False})


def _intro(text: str) -> str:
    """The conclusions' introduction as the post's sentence: closed with a colon before the items."""
    text = text.strip().rstrip(".:;, ")
    return text + ":"


def _placed(text: str) -> bool:
    """Whether a remark already says where it was made (so the post does not say "Tại hội nghị" again)."""
    folded = vn.fold(text)
    return any(vn.fold(w) in folded for w in ("hội nghị", "cuộc họp", "thảo luận", "phiên họp"))


def _bare(record: Record) -> list[str]:
    return [strip_stop(lower_first(s)) for s in record.shortcomings]


def _chair(person: object) -> str:
    """'Lê Quốc Dũng – Chủ tịch UBND xã': the dash of the seeds' news posts."""
    name, title = person.name, person.title  # type: ignore[attr-defined]
    return f"{name} – {title}" if title else name
