"""Kind facts the importer needs: tên loại, ký hiệu and record key of each kind (Phụ lục III).

The kinds notices makes are read from the kind catalogue (:mod:`notices.kinds`: tên loại, ký hiệu, the Công
văn rule), so a kind's facts live in one place. Only the kinds notices does not make are listed here: they
are recognised (for the register and the archive) but have no record model (their ``key`` is None).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindFact:
    key: str | None  # the key under ``documents:`` (None: no record model for it)
    code: str  # ký hiệu: TB, GM, …; "" for a công văn (its ký hiệu is the agency and unit: UBND-VP)
    label: str  # tên loại as written in running text: "Thông báo"
    title: str  # tên loại as printed: "THÔNG BÁO"


# Phụ lục III kinds notices has no record for: recognised only (register, archive).
_RECOGNISED = (
    ("QĐ", "Quyết định"), ("NQ", "Nghị quyết"), ("CT", "Chỉ thị"), ("QC", "Quy chế"), ("QyĐ", "Quy định"),
    ("TC", "Thông cáo"), ("HD", "Hướng dẫn"), ("CTr", "Chương trình"), ("PA", "Phương án"), ("ĐA", "Đề án"),
    ("DA", "Dự án"), ("HĐ", "Hợp đồng"), ("CĐ", "Công điện"), ("BGN", "Bản ghi nhớ"), ("BTT", "Bản thỏa thuận"),
    ("GUQ", "Giấy ủy quyền"), ("GGT", "Giấy giới thiệu"), ("GNP", "Giấy nghỉ phép"), ("PG", "Phiếu gửi"),
    ("PC", "Phiếu chuyển"), ("PB", "Phiếu báo"),
)


def _facts() -> tuple[KindFact, ...]:
    from notices import vn
    from notices.kinds import kinds

    made = tuple(KindFact(k.key, k.code or "", k.name, k.title or vn.upper(k.name))
                 for k in kinds() if k.form is not None)  # Decree 30 documents (not the news post)
    return made + tuple(KindFact(None, code, label, vn.upper(label)) for code, label in _RECOGNISED)


KINDS: tuple[KindFact, ...] = _facts()


def by_title(text: str) -> KindFact | None:
    """The kind whose tên loại ``text`` is ('THÔNG BÁO', 'Thông báo'; old and new tone placement alike)."""
    from notices.vn import tone_key

    wanted = tone_key(" ".join(text.split()).upper())
    for fact in KINDS:
        if fact.code and tone_key(fact.title) == wanted:
            return fact
    return None


def by_code(code: str) -> KindFact | None:
    """The kind of ký hiệu ``code`` ('TB' → Thông báo); case-sensitive as Phụ lục III writes them."""
    for fact in KINDS:
        if fact.code and fact.code == code:
            return fact
    for fact in KINDS:
        if fact.code and fact.code.upper() == code.upper():
            return fact
    return None


def by_key(key: str) -> KindFact:
    return next(f for f in KINDS if f.key == key)


OFFICIAL_LETTER = next(f for f in KINDS if f.key is not None and not f.code)  # the Công văn rule: no tên loại
