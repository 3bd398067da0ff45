"""The web form, described from the record's JSON Schema so that it never drifts from the YAML format.

:func:`form_spec` walks :func:`notices.records.schema.record_schema` and returns a tree the page's
script turns into controls: objects become fieldsets, arrays lists that grow and shrink, unions
("a sentence, or an item with figures") a choice of shape, dates date pickers. The schema gives the
help texts (its Vietnamese descriptions); :data:`LABELS` gives each field its short Vietnamese label
(the schema's titles are the English field names). A test checks every field of the schema has one.
"""

from __future__ import annotations

from typing import Any

# Short labels, by "Model.field" where one name means different things in different models, else by field.
LABELS: dict[str, str] = {
    # Record
    "Record.agency": "Cơ quan ban hành",
    "Record.meeting": "Cuộc họp",
    "Record.report": "Kỳ báo cáo",
    "Record.results": "Kết quả đạt được",
    "Record.shortcomings": "Tồn tại, hạn chế",
    "Record.discussion": "Ý kiến thảo luận",
    "Record.conclusions": "Kết luận",
    "Record.tasks": "Phương hướng, nhiệm vụ",
    "Record.recommendations": "Kiến nghị",
    "Record.documents": "Văn bản",
    "Record.hoso": "Hồ sơ lưu (số, ký hiệu)",
    # Agency
    "Agency.name": "Tên cơ quan",
    "Agency.code": "Chữ viết tắt (ký hiệu)",
    "Agency.place": "Địa danh",
    "Agency.parent": "Cơ quan chủ quản",
    "Agency.unit": "Đơn vị soạn thảo",
    "Agency.header": "Cách ngắt dòng ở đầu văn bản",
    # Person, Signer, Speech
    "Person.name": "Họ và tên",
    "Person.title": "Chức vụ",
    "Signer.authority": "Quyền hạn ký",
    "Signer.title": "Chức vụ người ký",
    "Signer.name": "Họ và tên người ký",
    "Speech.speaker": "Người phát biểu",
    "Speech.text": "Nội dung phát biểu",
    # Meeting
    "Meeting.name": "Tên hội nghị",
    "Meeting.date": "Ngày họp",
    "Meeting.time": "Giờ bắt đầu",
    "Meeting.end": "Giờ kết thúc",
    "Meeting.venue": "Địa điểm",
    "Meeting.organizer": "Cơ quan tổ chức",
    "Meeting.chair": "Người chủ trì",
    "Meeting.secretary": "Thư ký",
    "Meeting.guests": "Khách mời",
    "Meeting.attendees": "Thành phần tham dự",
    "Meeting.absentees": "Vắng mặt",
    "Meeting.reports": "Báo cáo được trình bày",
    "Meeting.agenda": "Chương trình",
    # Report (period)
    "Report.period": "Kỳ báo cáo",
    "Report.subject": "Trích yếu báo cáo",
    "Report.background": "Bối cảnh, mở đầu",
    # Items, metrics, sections, tables
    "Item.text": "Nội dung",
    "Item.metric": "Số liệu",
    "Item.assignee": "Giao cho",
    "Item.partners": "Phối hợp",
    "Item.deadline": "Thời hạn",
    "Item.recurring": "Tần suất",
    "Metric.label": "Tên chỉ tiêu",
    "Metric.done": "Đã thực hiện",
    "Metric.total": "Tổng số",
    "Metric.count": "Số lượng",
    "Metric.percent": "Tỷ lệ (%)",
    "Section.heading": "Tiêu đề nhóm",
    "Section.items": "Các nội dung",
    "Section.table": "Bảng số liệu",
    "Table.caption": "Tên bảng",
    "Table.columns": "Các cột",
    "Table.rows": "Các dòng",
    # Conclusions
    "Conclusions.intro": "Câu dẫn",
    "Conclusions.items": "Các kết luận",
    "Conclusions.deadline": "Thời hạn chung",
    # Documents: each kind's label comes from the catalogue (notices.kinds), see label()
    # Every issued document
    "number": "Số văn bản",
    "date": "Ngày ban hành",
    "year": "Năm",
    "draft": "Dự thảo",
    "signer": "Người ký",
    "recipients": "Nơi nhận",
    "archive": "Lưu",
    "hoso": "Lập vào hồ sơ (số, ký hiệu)",
    "body": "Đoạn giữ nguyên văn",
    "replaces": "Thay thế văn bản",
    "subject": "Trích yếu",
    "Notice.closing": "Câu kết",
    "Invitation.subject": "Trích yếu giấy mời",
    "Invitation.invitees": "Thành phần được mời",
    "Invitation.notes": "Lưu ý",
    "to": "Kính gửi",
    "reference": "Thực hiện văn bản (số, ngày)",
    "OfficialLetter.subject": "V/v (trích yếu công văn)",
    "OfficialLetter.unit": "Đơn vị soạn thảo (ký hiệu)",
    "OfficialLetter.body": "Nội dung",
    "OfficialLetter.closing": "Câu kết",
    "Plan.purposes": "Mục đích, yêu cầu",
    "Plan.organization": "Tổ chức thực hiện",
    "Proposal.grounds": "Căn cứ, lý do",
    "Proposal.requests": "Nội dung đề nghị",
    "Proposal.closing": "Câu kết",
    # News
    "News.title": "Tiêu đề tin bài",
    "News.author": "Tác giả",
    "News.published": "Ngày giờ đăng",
    "News.photos": "Ảnh",
    "News.photo_width": "Chiều rộng ảnh (điểm ảnh)",
    "Photo.file": "Tệp ảnh",
    "Photo.caption": "Chú thích ảnh",
}

# The name of each shape a list entry may take (a union in the schema).
SHAPES: dict[str, str] = {
    "text": "Một câu",
    "Item": "Nội dung kèm số liệu, người thực hiện, thời hạn",
    "Section": "Nhóm có tiêu đề, nội dung và bảng",
    "Speech": "Ý kiến có tên người phát biểu",
}

# Lists the record may also write as one line of text, and what separates the entries there
# (records/models.py: ``Archive`` reads "archive: VT, VP" as [VT, VP]).
SPLIT = {"archive": ","}

# Long prose: a taller text box (every text field is a <textarea>, so a line break is never lost).
LONG = {"text", "subject", "intro", "closing", "background", "heading"}


# Help texts in the form's own words, where the schema's (written for the YAML file) name keys or formats.
HELP: dict[str, str | None] = {
    "Meeting.date": "Gõ ngày/tháng/năm, ví dụ 11/7/2024.",
    "Meeting.time": "Ví dụ 7h30, 7 giờ 30 hoặc 07:30.",
    "Meeting.end": "Ví dụ 11h00.",
    "Item.deadline": "Gõ ngày/tháng/năm, ví dụ 30/9/2024.",
    "Conclusions.deadline": "Một thời hạn cho mọi kết luận (nếu có); gõ ngày/tháng/năm.",
    "date": "Gõ ngày/tháng/năm, ví dụ 12/7/2024; để trống khi là dự thảo.",
    "year": "Năm của dự thảo chưa có ngày ban hành.",
    "archive": "VT và chữ viết tắt đơn vị soạn thảo; để trống thì dùng VT và đơn vị soạn thảo của cơ quan (nếu có).",
    "News.published": "Giờ và ngày đăng, ví dụ 9:35 13/7/2024.",
    "Agency.unit": "Chữ viết tắt của đơn vị soạn thảo, ví dụ VP-TK.",
}

# What each document prints, in the order it is printed (cơ quan → số, ngày → trích yếu → thành phần →
# nội dung → kết luận → nơi nhận → người ký): the form shows these sections, in this order, and checks
# only these. "doc.X" is field X of the document itself. A kind without an entry shows every section.
ISSUED_HEAD = ("agency", "doc.number", "doc.date", "doc.year", "doc.draft")
ISSUED_TAIL = ("doc.recipients", "doc.archive", "doc.signer")
LAYOUTS: dict[str, tuple[str, ...]] = {
    "notice": (*ISSUED_HEAD, "doc.subject", "meeting", "results", "shortcomings", "conclusions", "doc.closing",
               *ISSUED_TAIL),
    "invitation": (*ISSUED_HEAD, "doc.subject", "meeting", "doc.invitees", "doc.notes", *ISSUED_TAIL),
    "minutes": (*ISSUED_HEAD, "meeting", "results", "shortcomings", "discussion", "conclusions", *ISSUED_TAIL),
    "report": (*ISSUED_HEAD, "report", "results", "shortcomings", "tasks", "recommendations", *ISSUED_TAIL),
    "news": ("agency", "doc.title", "meeting", "report", "results", "shortcomings", "discussion", "conclusions",
             "tasks", "recommendations", "doc.author", "doc.published", "doc.photos", "doc.photo_width"),
}
# Fields of a section a document does not print (the form leaves them out for that document).
HIDDEN: dict[str, tuple[str, ...]] = {
    "notice": ("meeting.secretary", "meeting.absentees", "meeting.agenda", "meeting.reports", "meeting.end"),
    "invitation": ("meeting.secretary", "meeting.absentees", "meeting.reports", "meeting.end"),
}


def layout(kind: str) -> list[str]:
    """The record's paths the form shows for ``kind``, in printed order ("documents.notice.subject")."""
    from notices.records.models import Record

    order = LAYOUTS.get(kind) or (*[k for k in Record.model_fields if k != "documents"], "doc")
    return [f"documents.{kind}" + part[3:] if part.startswith("doc") else part for part in order]


def sections(kind: str) -> list[str]:
    """The record's top-level sections ``kind`` reads (besides ``documents``): what its check keeps."""
    return [p for p in dict.fromkeys(p.split(".")[0] for p in layout(kind)) if p != "documents"]


def label(model: str, field: str) -> str | None:
    if model in ("Documents", "OfficeDocuments"):  # one per kind: the catalogue's label
        from notices.kinds import keys, kind

        if field in keys():
            return kind(field).label
    return LABELS.get(f"{model}.{field}") or LABELS.get(field)


def help_text(model: str, field: str, schema_text: str | None) -> str | None:
    """The help under a field: the form's own, else the schema's unless it only repeats the label."""
    key = f"{model}.{field}"
    if key in HELP or field in HELP:
        return HELP[key] if key in HELP else HELP[field]
    text = (schema_text or "").strip()
    name = label(model, field) or ""
    if not text or text.rstrip(".").casefold() == name.casefold() or text.rstrip(".").casefold() in name.casefold():
        return None
    return text


def label_path(loc: tuple[object, ...]) -> str:
    """A field as the form names it: ("documents", "notice", "signer", "name") → "Người ký › Họ và tên người ký";
    ("conclusions", "items", 1, "assignee") → "Kết luận 2 › Giao cho". Never a key of the YAML file."""
    node: dict | None = _spec()
    names: list[str] = []
    parts = list(loc)
    if parts[:1] == ["documents"] and len(parts) >= 2:  # the document is the tab she is on: not repeated
        node = _child(_child(node, "documents"), str(parts[1]))
        parts = parts[2:]
        if not parts:
            return _label_of("Documents", str(loc[1]))
    for part in parts:
        if node is None:
            break
        if isinstance(part, int):
            if node.get("kind") == "array":
                base = names.pop() if names else ""
                if base == "Các kết luận":  # "Kết luận 2", not "Kết luận › Các kết luận 2"
                    base = names.pop() if names else "Kết luận"
                names.append(f"{base} {part + 1}".strip())
                node = node["item"]
            continue
        inner = _object_of(node, str(part))
        field = next((f for f in inner["fields"] if f["key"] == part), None) if inner else None
        if field is None:  # a key out of its place (a file's): its label wherever the form has one
            other = next((text for key, text in LABELS.items() if key == part or key.endswith(f".{part}")), None)
            if other:
                names.append(other)
            break
        names.append(field["label"])
        node = field["node"]
    return " › ".join(names) or "Hồ sơ"


def _label_of(model: str, key: str) -> str:
    return label(model, key) or "Hồ sơ"


def _object_of(node: dict, key: str) -> dict | None:
    """The object node holding ``key``: ``node`` itself, or the variant of a union that has it."""
    if node.get("kind") == "object":
        return node
    if node.get("kind") == "union":
        for variant in node["variants"]:
            inner = variant["node"]
            if inner.get("kind") == "object" and any(f["key"] == key for f in inner["fields"]):
                return inner
    return None


def _child(node: dict | None, key: str) -> dict | None:
    if node is None:
        return None
    inner = _object_of(node, key)
    field = next((f for f in inner["fields"] if f["key"] == key), None) if inner else None
    return field["node"] if field else None


_SPEC: dict | None = None


def _spec() -> dict:
    global _SPEC
    if _SPEC is None:
        _SPEC = form_spec()
    return _SPEC


def form_spec() -> dict[str, Any]:
    """The form of a whole record: a tree of nodes (see the module's docstring)."""
    from notices.records.schema import record_schema

    schema = record_schema()
    return _Builder(schema.get("$defs", {})).model("Record", schema)


class _Builder:
    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs

    def model(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        required = set(schema.get("required", ()))
        fields = []
        for key, prop in schema.get("properties", {}).items():
            text = label(name, key)
            if text is None:
                raise KeyError(f"notices/web/form.py: trường {name}.{key} chưa có nhãn tiếng Việt trong LABELS")
            node, optional = self.node(prop, key)
            described = help_text(name, key, prop.get("description") or node.pop("description", None))
            node.pop("description", None)
            fields.append({
                "key": key,
                "label": text,
                "help": described,
                "required": key in required and not optional,
                "node": node,
            })
            if name == "Documents":  # a document is made only when asked for: a switch, not "any field filled"
                node["toggle"] = f"Tạo {text.lower() if text != 'Thông báo kết luận' else 'thông báo kết luận'}"
        return {"kind": "object", "model": name, "fields": fields, "description": schema.get("description")}

    def node(self, prop: dict[str, Any], key: str) -> tuple[dict[str, Any], bool]:
        """The node for one schema, and whether it may be left out (``X | None``)."""
        wrapped = prop.get("allOf")
        if wrapped and len(wrapped) == 1:  # pydantic < 2.9 writes a described model field as allOf: [{$ref}]
            return self.node({**{k: v for k, v in prop.items() if k != "allOf"}, **wrapped[0]}, key)
        if "$ref" in prop:
            name = prop["$ref"].rsplit("/", 1)[-1]
            return self.model(name, self.defs[name]), False
        choices = prop.get("anyOf") or prop.get("oneOf")
        if choices:
            real = [c for c in choices if c.get("type") != "null"]
            optional = len(real) < len(choices)
            if len(real) == 1:
                node, _ = self.node(real[0], key)
                return node, optional
            types = [c.get("type") for c in real]
            if set(types) <= {"string", "integer", "number"} and "$ref" not in str(real):
                return {"kind": "cell"}, optional  # a table cell: text or a number, as typed
            if types == ["string", "array"]:  # Signer.authority: one line as text, two as a list
                return {"kind": "lines", "max": real[1].get("maxItems")}, optional
            variants = []
            for choice in real:
                tag = choice["$ref"].rsplit("/", 1)[-1] if "$ref" in choice else "text"
                variant, _ = self.node(choice, key)
                if tag == "text":
                    variant = {"kind": "text", "long": True}
                variants.append({"tag": tag, "label": SHAPES[tag], "node": variant})
            return {"kind": "union", "variants": variants}, optional
        kind = prop.get("type")
        if kind == "array":
            item, _ = self.node(prop["items"], key)
            if item["kind"] == "text":
                item["long"] = True
            node = {"kind": "array", "item": item}
            if key in SPLIT:
                node["split"] = SPLIT[key]
            for bound, name in (("minItems", "min"), ("maxItems", "max")):
                if bound in prop:
                    node[name] = prop[bound]
            return node, False
        if kind == "string":
            fmt = prop.get("format")
            if fmt in ("date", "time"):
                return {"kind": fmt}, False
            if fmt == "date-time":
                return {"kind": "datetime"}, False
            return {"kind": "text", "long": key in LONG}, False
        if kind in ("integer", "number"):
            node = {"kind": kind}
            if "default" in prop:
                node["placeholder"] = str(prop["default"])
            return node, False
        if kind == "boolean":
            return {"kind": "boolean"}, False
        raise ValueError(f"notices/web/form.py: kiểu {prop!r} của “{key}” chưa có ô nhập")
