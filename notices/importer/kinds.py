"""Kind facts the importer needs: tên loại, ký hiệu and record key of each kind (Phụ lục III).

One small table, so the kind catalogue (notices/kinds.py) can replace it at merge. Kinds whose record
key is None are recognised (for the register and the archive) but have no record model yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindFact:
    key: str | None  # the key under ``documents:`` (None: no record model for it)
    code: str  # ký hiệu: TB, GM, …; "" for a công văn (its ký hiệu is the agency and unit: UBND-VP)
    label: str  # tên loại as written in running text: "Thông báo"
    title: str  # tên loại as printed: "THÔNG BÁO"


KINDS: tuple[KindFact, ...] = (
    KindFact("notice", "TB", "Thông báo", "THÔNG BÁO"),
    KindFact("invitation", "GM", "Giấy mời", "GIẤY MỜI"),
    KindFact("minutes", "BB", "Biên bản", "BIÊN BẢN"),
    KindFact("report", "BC", "Báo cáo", "BÁO CÁO"),
    # built by the kind catalogue (h21); recognised here, emitted under these keys
    KindFact("official_letter", "", "Công văn", "CÔNG VĂN"),
    KindFact("plan", "KH", "Kế hoạch", "KẾ HOẠCH"),
    KindFact("proposal", "TTr", "Tờ trình", "TỜ TRÌNH"),
    # recognised only (register, archive)
    KindFact(None, "QĐ", "Quyết định", "QUYẾT ĐỊNH"),
    KindFact(None, "NQ", "Nghị quyết", "NGHỊ QUYẾT"),
    KindFact(None, "CT", "Chỉ thị", "CHỈ THỊ"),
    KindFact(None, "QC", "Quy chế", "QUY CHẾ"),
    KindFact(None, "QyĐ", "Quy định", "QUY ĐỊNH"),
    KindFact(None, "TC", "Thông cáo", "THÔNG CÁO"),
    KindFact(None, "HD", "Hướng dẫn", "HƯỚNG DẪN"),
    KindFact(None, "CTr", "Chương trình", "CHƯƠNG TRÌNH"),
    KindFact(None, "PA", "Phương án", "PHƯƠNG ÁN"),
    KindFact(None, "ĐA", "Đề án", "ĐỀ ÁN"),
    KindFact(None, "DA", "Dự án", "DỰ ÁN"),
    KindFact(None, "HĐ", "Hợp đồng", "HỢP ĐỒNG"),
    KindFact(None, "CĐ", "Công điện", "CÔNG ĐIỆN"),
    KindFact(None, "BGN", "Bản ghi nhớ", "BẢN GHI NHỚ"),
    KindFact(None, "BTT", "Bản thỏa thuận", "BẢN THỎA THUẬN"),
    KindFact(None, "GUQ", "Giấy ủy quyền", "GIẤY ỦY QUYỀN"),
    KindFact(None, "GGT", "Giấy giới thiệu", "GIẤY GIỚI THIỆU"),
    KindFact(None, "GNP", "Giấy nghỉ phép", "GIẤY NGHỈ PHÉP"),
    KindFact(None, "PG", "Phiếu gửi", "PHIẾU GỬI"),
    KindFact(None, "PC", "Phiếu chuyển", "PHIẾU CHUYỂN"),
    KindFact(None, "PB", "Phiếu báo", "PHIẾU BÁO"),
)


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


OFFICIAL_LETTER = by_key("official_letter")
