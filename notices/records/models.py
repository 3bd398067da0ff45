"""The record format: typed models of one meeting (or reporting period) and the documents it makes.

Every model forbids unknown keys, so a misspelt key is an error, not a silently ignored line.
Descriptions are in Vietnamese: they become the JSON Schema that editors show while typing.
The sections under ``documents:`` are the kinds of :mod:`notices.kinds`: one field per catalogue entry.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)

# Documented limits (README, "Giới hạn"): far above real records, low enough to render in seconds.
MAX_SUBJECT = 1000  # characters of a trích yếu or meeting name (a title's balanced lines cost grows ~n³)
MAX_SIGNATURE_LINE = 200  # characters of an authority or title line of a signature
MAX_CODE = 30  # characters of an abbreviation (UBND, VP-TK): it goes into every document number
MAX_NAME = 100  # characters of the agency's (or its parent's) name: the header breaks it into balanced lines
MAX_ROWS = 1000  # rows of one table
MAX_COLUMNS = 12  # columns of one table (A4 portrait holds far fewer)
MAX_COUNT = 10**15  # done, total, count: beyond any register
MAX_PERCENT_DECIMALS = 6  # decimals of a percent as written


def _visible(value: str) -> str:
    from notices.vn.text import is_blank

    if is_blank(value):
        raise ValueError("blank_text")
    return value


# Required text: at least one character that prints (a zero-width space alone is not a name).
Text = Annotated[str, Field(min_length=1), AfterValidator(_visible)]
Name = Annotated[Text, Field(max_length=MAX_NAME)]
Code = Annotated[Text, Field(max_length=MAX_CODE)]
Subject = Annotated[Text, Field(max_length=MAX_SUBJECT)]  # set in balanced lines under the title
SignatureLine = Annotated[Text, Field(max_length=MAX_SIGNATURE_LINE)]  # balanced in the signature column


def _parse_clock(value: Any) -> Any:
    if isinstance(value, dt.time) and value.tzinfo is None:
        return value
    if not isinstance(value, str):  # time: 730 is not 07:30 (nor 730 seconds after midnight)
        raise ValueError("clock_format")
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})[:hH](\d{2})", value.strip())
        if not match:
            raise ValueError("clock_format")
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ValueError("clock_range")
        return dt.time(hour, minute)
    return value


Clock = Annotated[dt.time, BeforeValidator(_parse_clock)]


def _iso(kind: type[dt.date], pattern: str, code: str) -> Any:
    """A validator accepting only ISO text: a bare number would otherwise pass as a Unix timestamp."""

    def parse(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise ValueError(code)
        try:
            return kind.fromisoformat(value)
        except ValueError:
            raise ValueError("date_impossible") from None

    return BeforeValidator(parse)


Date = Annotated[dt.date, _iso(dt.date, r"\d{4}-\d{2}-\d{2}", "date_format")]
DateTime = Annotated[
    dt.datetime, _iso(dt.datetime, r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?.*)?", "datetime_format")
]


def _empty() -> list[Any]:
    """A new empty list: the default of every list field (pydantic reads the signature of a default
    factory, and a builtin's ``list`` costs it a tokenizer run each time, 15 ms per cold command)."""
    return []


class Model(BaseModel):
    """Base of every record model: unknown keys are errors; objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Agency(Model):
    """Cơ quan ban hành văn bản."""

    name: Name = Field(description="Tên cơ quan ban hành, viết như thường lệ, ví dụ “Ủy ban nhân dân huyện Đắk Song”.")
    code: Code = Field(
        description="Chữ viết tắt tên cơ quan trong ký hiệu văn bản, ví dụ UBND → “TB-UBND”.")
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ “Đắk Song”.")
    parent: Name | None = Field(None, description="Tên cơ quan chủ quản trực tiếp (nếu có), in phía trên tên cơ quan.")
    unit: Code | None = Field(None, description="Đơn vị soạn thảo (ví dụ VP-TK).")
    header: list[Name] | None = Field(None, min_length=1, description=(
        "Tên cơ quan ở đầu văn bản, mỗi phần tử một dòng, khi cơ quan muốn tự ngắt dòng, ví dụ "
        "[Ủy ban nhân dân, xã Hoài Hải]; mặc định notices tự ngắt."))

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ][A-Za-zĐđ0-9]*)*", value):
            raise ValueError("agency_code")
        return value


class Person(Model):
    """Một người: họ tên và chức vụ."""

    name: Text = Field(description="Họ và tên.")
    title: Text | None = Field(None, description="Chức vụ, ví dụ “Chủ tịch UBND huyện”.")


class Metric(Model):
    """Một số liệu kèm theo một kết quả: đã làm/tổng số, số lượng, tỷ lệ."""

    label: Text = Field(description="Đơn vị hoặc tên chỉ tiêu, ví dụ “nhiệm vụ”.")
    done: int | None = Field(None, ge=0, le=MAX_COUNT, description="Số đã thực hiện.")
    total: int | None = Field(None, ge=0, le=MAX_COUNT, description="Tổng số (kế hoạch).")
    count: int | None = Field(None, ge=0, le=MAX_COUNT, description="Số lượng.")
    percent: float | None = Field(None, ge=0, le=100, description="Tỷ lệ phần trăm.")

    @field_validator("percent")
    @classmethod
    def _decimals(cls, value: float | None) -> float | None:
        written = repr(value)
        if value is not None and ("e" in written or len(written.partition(".")[2]) > MAX_PERCENT_DECIMALS):
            raise ValueError("percent_decimals")
        return value


class Item(Model):
    """Một nội dung có thể kèm số liệu, người thực hiện, thời hạn."""

    text: Text = Field(description="Nội dung, viết đầy đủ như sẽ in.")
    metric: Metric | None = None
    assignee: Text | None = Field(None, description="Cơ quan, đơn vị hoặc người thực hiện (chủ trì).")
    partners: Text | None = Field(None, description="Cơ quan, đơn vị phối hợp thực hiện.")
    deadline: Date | None = Field(None, description="Thời hạn hoàn thành (YYYY-MM-DD).")
    recurring: Text | None = Field(None, description="Tần suất, ví dụ “hàng tháng”.")
    partners: Text | None = Field(None, description="Đơn vị phối hợp (cột “Đơn vị phối hợp” của kế hoạch).")


class Table(Model):
    """Bảng số liệu trong báo cáo."""

    caption: Text = Field(description="Tên bảng.")
    columns: list[Text] = Field(min_length=1, max_length=MAX_COLUMNS, description="Tên các cột.")
    rows: list[list[str | int | float]] = Field(max_length=MAX_ROWS, description="Các dòng; mỗi dòng một danh sách ô.")

    @model_validator(mode="after")
    def _row_width(self) -> Table:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError("table_width")
        return self


class Section(Model):
    """Một nhóm kết quả có tiêu đề (báo cáo)."""

    heading: Text = Field(description="Tiêu đề nhóm, ví dụ “Cải cách thủ tục hành chính”.")
    items: list[ItemOrText] = Field(default_factory=_empty)
    table: Table | None = None


class Speech(Model):
    """Một ý kiến phát biểu."""

    speaker: Text = Field(description="Người phát biểu.")
    text: Text = Field(description="Nội dung phát biểu.")


def _shape(value: Any) -> str:
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, dict) and "heading" in value:
        return "<section>"
    if isinstance(value, dict) and "speaker" in value:
        return "<speech>"
    return "<item>"


ItemOrText = Annotated[
    Union[Annotated[Text, Tag("<text>")], Annotated[Item, Tag("<item>")]],  # noqa: UP007
    Discriminator(_shape),
]
ResultEntry = Annotated[
    Union[  # noqa: UP007
        Annotated[Text, Tag("<text>")],
        Annotated[Item, Tag("<item>")],
        Annotated[Section, Tag("<section>")],
    ],
    Discriminator(_shape),
]
SpeechOrText = Annotated[
    Union[Annotated[Text, Tag("<text>")], Annotated[Speech, Tag("<speech>")]],  # noqa: UP007
    Discriminator(_shape),
]


class Meeting(Model):
    """Cuộc họp, hội nghị."""

    name: Subject = Field(description="Tên hội nghị, viết như sẽ in trong câu.")
    date: Date = Field(description="Ngày họp (YYYY-MM-DD).")
    time: Clock | None = Field(None, description="Giờ bắt đầu, ví dụ \"07:30\".")
    end: Clock | None = Field(None, description="Giờ kết thúc, ví dụ \"11:00\".")
    venue: Text | None = Field(None, description="Địa điểm.")
    organizer: Text | None = Field(None, description="Cơ quan tổ chức (mặc định: cơ quan ban hành).")
    chair: Person = Field(description="Người chủ trì.")
    secretary: Person | None = Field(None, description="Thư ký (người ghi biên bản).")
    guests: list[Person] = Field(default_factory=_empty, description="Khách mời có tên, nêu trước.")
    attendees: list[Text] = Field(default_factory=_empty, description="Thành phần tham dự.")
    absentees: list[Text] = Field(default_factory=_empty, description="Vắng mặt.")
    reports: list[Text] = Field(default_factory=_empty, description="Các báo cáo được trình bày.")
    agenda: list[Text] = Field(default_factory=_empty, description="Chương trình, nội dung cuộc họp.")


class Report(Model):
    """Kỳ báo cáo (cho báo cáo định kỳ)."""

    period: Text = Field(description="Kỳ báo cáo, ví dụ “năm 2022”.")
    subject: Subject = Field(description="Trích yếu của báo cáo.")
    background: Text | None = Field(None, description="Bối cảnh, mở đầu.")


class Conclusions(Model):
    """Kết luận của người chủ trì."""

    intro: Text | None = Field(None, description="Câu dẫn trước các kết luận.")
    items: list[ItemOrText] = Field(min_length=1, description="Các kết luận, theo thứ tự.")
    deadline: Date | None = Field(None, description="Thời hạn chung cho mọi kết luận (YYYY-MM-DD).")


Authority = Annotated[
    list[SignatureLine],
    BeforeValidator(lambda v: [v] if isinstance(v, str) else v),
    # One line may be written as plain text, two as a list: say so to editors too.
    WithJsonSchema({"anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 2},
    ]}),
]


class Signer(Model):
    """Người ký."""

    authority: Authority = Field(
        default_factory=_empty,
        max_length=2,
        description="Quyền hạn ký: “TM. ỦY BAN NHÂN DÂN”, “KT. CHỦ TỊCH”, “TL. CHỦ TỊCH”…; một hoặc hai dòng.",
    )
    title: SignatureLine = Field(description="Chức vụ người ký, ví dụ “Phó Chủ tịch”.")
    name: Text = Field(description="Họ và tên người ký.")

    @field_validator("authority")
    @classmethod
    def _prefix(cls, lines: list[str]) -> list[str]:
        for line in lines:
            if not re.match(r"(TM|KT|TL|TUQ|Q)\. ", line.upper()):
                raise ValueError("authority_prefix")
        return lines


# Số và ký hiệu hồ sơ of the Danh mục hồ sơ (FileNotation, String 20 in Phụ lục VI): "05.VP".
FileNotation = Annotated[Text, Field(max_length=20, pattern=r"^\d{2,}\.[A-ZĐ][A-Za-zĐđ0-9-]*$")]

# "archive: VT, VP" (one line of text) means the same as "archive: [VT, VP]".
Archive = Annotated[
    list[Text],
    BeforeValidator(lambda v: [part.strip() for part in v.split(",") if part.strip()] if isinstance(v, str) else v),
]


class Issued(Model):
    """What every issued document has: number, date, signer, recipients."""

    number: int | None = Field(None, ge=1, description="Số văn bản trong năm; để trống khi là dự thảo.")
    date: Date | None = Field(None, description="Ngày ban hành (YYYY-MM-DD); để trống khi là dự thảo.")
    year: int | None = Field(None, ge=1945, le=2200, description="Năm (cho dự thảo chưa có ngày).")
    draft: bool = Field(False, description="In dấu “DỰ THẢO” phía trên tên loại.")
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=_empty, description="Nơi nhận, mỗi dòng một nơi.")
    archive: Archive = Field(
        default_factory=lambda: ["VT"],
        description="Lưu: VT và chữ viết tắt đơn vị soạn thảo; để trống thì dùng VT và agency.unit (nếu có).",
    )
    hoso: FileNotation | None = Field(
        None, description="Số và ký hiệu hồ sơ (trong Danh mục hồ sơ) mà văn bản này được lập vào khi cấp số, "
        "ví dụ 05.VP; mặc định: mục hoso của hồ sơ cuộc họp.")
    body: list[Text] = Field(default_factory=_empty, description=(
        "Các đoạn văn giữ nguyên văn, theo thứ tự (ví dụ từ văn bản Word nhập vào mà chưa xếp được vào phần "
        "nào của hồ sơ); in trước câu kết của văn bản."))
    replaces: Text | None = Field(None, description=(
        "Văn bản mà văn bản này thay thế (Điều 18.3 Nghị định 30/2020/NĐ-CP), tên loại, số, ký hiệu và ngày, "
        "ví dụ “Thông báo số 05/TB-UBND ngày 10/10/2024”; không in ra: câu “… này thay thế …” viết trong nội dung."))

    @model_validator(mode="after")
    def _year_matches(self) -> Issued:
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise ValueError("year_mismatch")
        return self

    def archive_line(self, agency: Agency) -> list[str]:
        """What 'Lưu:' lists: the record's ``archive`` if written, else VT and the agency's drafting unit."""
        if "archive" in self.model_fields_set or not agency.unit:
            return list(self.archive)
        return ["VT", agency.unit]


class Notice(Issued):
    """Thông báo kết luận (TB)."""

    subject: Subject = Field(description="Trích yếu, in dưới chữ THÔNG BÁO.")
    closing: Text | None = Field(None, description="Câu kết của thông báo.")
    signer: Signer


class Invitation(Issued):
    """Giấy mời (GM)."""

    subject: Subject | None = None
    invitees: list[Text] = Field(default_factory=_empty, description="Thành phần được mời.")
    notes: list[Text] = Field(default_factory=_empty, description="Các lưu ý.")
    signer: Signer


class Minutes(Issued):
    """Biên bản (BB)."""

    archive: Archive = Field(default_factory=_empty)


class ReportDoc(Issued):
    """Báo cáo (BC)."""

    signer: Signer


class Photo(Model):
    """Ảnh kèm tin bài."""

    file: Text = Field(description="Đường dẫn ảnh, tính từ thư mục của hồ sơ.")
    caption: Text = Field(description="Chú thích ảnh.")


class News(Model):
    """Tin bài cho trang thông tin điện tử."""

    title: Text | None = Field(
        None, description="Tiêu đề tin bài; để trống thì ghép từ tên hội nghị hoặc trích yếu báo cáo."
    )
    author: Text | None = Field(None, description="Dòng tác giả cuối bài, ví dụ “Thanh Triều - VP-TK”.")
    published: DateTime | None = Field(None, description="Ngày giờ đăng, ví dụ 2024-07-13T09:35:00+07:00.")
    photos: list[Photo] = Field(default_factory=_empty, description="Ảnh kèm tin (JPEG hoặc PNG), theo thứ tự đăng.")
    photo_width: int = Field(1200, ge=100, le=10000,
                             description="Chiều rộng tối đa của ảnh khi đăng web, tính bằng điểm ảnh (mặc định 1200).")


Addressees = Annotated[
    list[Text],
    BeforeValidator(lambda v: [v] if isinstance(v, str) else v),
    # One recipient may be written as plain text, several as a list: say so to editors too.
    WithJsonSchema({"anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ]}),
]


class OfficialLetter(Issued):
    """Công văn (Mẫu 1.5): không có tên loại; “V/v …” dưới số, “Kính gửi:”."""

    subject: Subject = Field(description="Trích yếu sau chữ “V/v”, ví dụ “đôn đốc thực hiện kết luận …”.")
    to: Addressees = Field(min_length=1, description="Kính gửi: một nơi, hoặc danh sách mỗi dòng một nơi.")
    unit: Code | None = Field(None, description=(
        "Chữ viết tắt đơn vị soạn thảo hoặc lĩnh vực trong ký hiệu (UBND-VP); "
        "để trống thì dùng đơn vị soạn thảo của cơ quan."))
    reference: Text | None = Field(None, description=(
        "Văn bản được thực hiện, nêu ở câu mở đầu, ví dụ “Thông báo số 214/TB-UBND ngày 10/10/2024”; để trống "
        "thì dùng thông báo kết luận của hồ sơ (khi đã có số và ngày)."))
    body: list[Text] = Field(default_factory=_empty, description=(
        "Nội dung, mỗi mục một đoạn; để trống thì đôn đốc các đơn vị thực hiện các kết luận của hồ sơ."))
    closing: Text | None = Field(None, description="Câu kết của công văn.")
    signer: Signer


class Plan(Issued):
    """Kế hoạch (KH)."""

    subject: Subject = Field(description="Trích yếu, in dưới chữ KẾ HOẠCH.")
    reference: Text | None = Field(None, description=(
        "Văn bản được thực hiện, nêu ở câu mở đầu, ví dụ “Thông báo số 214/TB-UBND ngày 10/10/2024”; để trống "
        "thì dùng thông báo kết luận của hồ sơ (khi đã có số và ngày)."))
    purposes: list[Text] = Field(default_factory=_empty, description=(
        "Mục I. Mục đích, yêu cầu, mỗi ý một đoạn; để trống thì dùng câu mẫu."))
    organization: list[Text] = Field(default_factory=_empty, description=(
        "Mục III. Tổ chức thực hiện, mỗi ý một đoạn; để trống thì dùng câu mẫu."))
    signer: Signer


class Proposal(Issued):
    """Tờ trình (TTr) gửi cấp trên."""

    subject: Subject = Field(description="Trích yếu, in dưới chữ TỜ TRÌNH, ví dụ “Về việc …”.")
    to: Addressees = Field(min_length=1, description="Kính gửi: cấp trên nhận tờ trình.")
    reference: Text | None = Field(None, description=(
        "Văn bản được thực hiện, nêu ở câu mở đầu, ví dụ “Thông báo số 214/TB-UBND ngày 10/10/2024”; để trống "
        "thì dùng thông báo kết luận của hồ sơ (khi đã có số và ngày)."))
    grounds: list[Text] = Field(default_factory=_empty, description="Căn cứ, lý do đề nghị; mỗi ý một đoạn.")
    requests: list[Text] = Field(min_length=1, description="Nội dung đề nghị cấp trên xem xét, quyết định.")
    closing: Text | None = Field(None, description="Câu kết, ví dụ “Kính trình … xem xét, quyết định.”")
    signer: Signer


def _documents() -> type[Model]:
    """Các văn bản cần tạo: one optional section per kind of the catalogue (:mod:`notices.kinds`)."""
    from pydantic import create_model

    from notices.kinds import kinds

    sections = {k.key: (globals()[k.section] | None, Field(None, description=k.description)) for k in kinds()}
    return create_model("Documents", __base__=Model, __doc__="Các văn bản cần tạo từ hồ sơ.",  # type: ignore[call-overload]
                        **sections)


Documents = _documents()


class Record(Model):
    """Một hồ sơ: cơ quan, cuộc họp (hoặc kỳ báo cáo), nội dung và các văn bản cần tạo."""

    agency: Agency
    meeting: Meeting | None = None
    report: Report | None = None
    results: list[ResultEntry] = Field(default_factory=_empty, description="Kết quả đạt được.")
    shortcomings: list[Text] = Field(default_factory=_empty, description="Tồn tại, hạn chế.")
    discussion: list[SpeechOrText] = Field(default_factory=_empty, description="Ý kiến thảo luận.")
    conclusions: Conclusions | None = None
    tasks: list[ItemOrText] = Field(default_factory=_empty, description="Phương hướng, nhiệm vụ.")
    recommendations: list[Text] = Field(default_factory=_empty, description="Kiến nghị.")
    hoso: FileNotation | None = Field(
        None, description="Số và ký hiệu hồ sơ (Danh mục hồ sơ) lập các văn bản của cuộc họp vào khi cấp số, "
        "cùng hồ sơ YAML này và ảnh, ví dụ 05.VP.")
    documents: Documents


Section.model_rebuild()
