"""The server's tables, on the register's metadata (one database, one Alembic history: revision 0002).

How the server's agencies map onto the register's: the register keys an issuing agency by the (code,
name) pair a record's ``agency`` block carries (``agencies``; many communes share the code UBND, never
the name). The server keys an agency by its identifier (mã định danh, PL VI OrganId, e.g.
``000.01.23.H20``): ``server_agencies.ident``. Each server agency points at exactly one register agency
(``register_agency_id``, UNIQUE), created when the server agency is added; its numbers, counters and
archived files are the register's rows of that agency. A record issued on the server always carries its
agency's code and name (the server writes them in), so it can never land in another agency's register.

Every row a user can reach carries its agency (``agency_id``): drafts directly, versions through their
draft, register rows through the register agency. Times for people are ISO 8601 in Vietnam time;
times for expiry are seconds since the epoch (``Float``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from notices.register.db import metadata

ROLES = {
    "chuyen_vien": "Chuyên viên soạn thảo",
    "lanh_dao_don_vi": "Lãnh đạo đơn vị soạn thảo",
    "kiem_tra_the_thuc": "Người kiểm tra thể thức",
    "nguoi_ky": "Người ký",
    "van_thu": "Văn thư",
    "quan_tri": "Quản trị cơ quan",
    "quan_tri_tinh": "Quản trị cấp trên (xem các cơ quan trực thuộc)",
}

server_agencies = Table(
    "server_agencies", metadata,
    Column("id", Integer, primary_key=True),
    Column("ident", String(60), nullable=False, unique=True),  # mã định danh (OrganId) or a short unique id
    Column("name", String(300), nullable=False),
    Column("code", String(40), nullable=False),
    Column("parent_id", Integer, ForeignKey("server_agencies.id")),  # the agency above (quan_tri_tinh reads down)
    Column("parent_name", String(300)),  # cơ quan chủ quản as printed in the header
    Column("place", String(200)),
    Column("register_agency_id", Integer, ForeignKey("agencies.id"), nullable=False, unique=True),
    Column("profile", Text),  # the agency's office.yaml (its defaults, numbering), as imported
    Column("created_at", String(40), nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("login", String(80), nullable=False, unique=True),  # NFC, lower case
    Column("full_name", String(200), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("unit", String(40)),  # đơn vị (phòng, ban) inside the agency, for the drafting workflow
    Column("password_hash", String(200), nullable=False),  # Argon2id, PHC string; never the password
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(40), nullable=False),
    Column("password_changed_at", String(40)),
)
Index("ix_users_agency", users.c.agency_id)

user_roles = Table(
    "user_roles", metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("role", String(30), primary_key=True),
)

# A session: the cookie holds a random token; the table only its SHA-256 (a stolen table opens nothing).
sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("address", String(64)),
)
Index("ix_sessions_user", sessions.c.user_id)

# Failed logins, per account ("login") and per address ("address"), in the database: every process sees them.
login_failures = Table(
    "login_failures", metadata,
    Column("scope", String(10), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("first", Float, nullable=False),
    Column("locked_until", Float),
)

# A draft: one document being written in one agency; ``state`` and ``head`` change only by compare-and-set.
drafts = Table(
    "drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("server_agencies.id"), nullable=False),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("title", Text, nullable=False),
    Column("state", String(30), nullable=False),  # du_thao, da_cap_so (the drafting workflow adds its states)
    Column("head", Integer, nullable=False),  # the newest version's number (0: none yet)
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
)
Index("ix_drafts_agency", drafts.c.agency_id, drafts.c.state)

# Every saved version, never changed: the YAML text as saved and its SHA-256, who and when, and the version
# the saver had opened (``base``): a version whose base is not the one before it was saved over another's.
draft_versions = Table(
    "draft_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("base", Integer),
    Column("kind", String(20), nullable=False),
    Column("yaml", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("draft_id", "number", name="uq_draft_versions_number"),
)

# A number given to a draft: once per (draft, kind), the register row it became.
draft_issues = Table(
    "draft_issues", metadata,
    Column("draft_id", Integer, ForeignKey("drafts.id"), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("entry_id", Integer, ForeignKey("entries.id"), nullable=False, unique=True),
    Column("version", Integer, nullable=False),  # the draft version that was issued
)

# What happened, append-only: logins, saves, issues, accounts changed (never a password).
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("agency_id", Integer, ForeignKey("server_agencies.id")),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("action", String(40), nullable=False),
    Column("target", String(200)),
    Column("detail", Text),
)

# A photo of a draft's Tin bài (migration 0007): the path the record names it by, its bytes once per content in
# the register's ``blobs``. A name, once given in a draft, always means the same bytes (notices.server.draft_photos).
draft_photos = Table(
    "draft_photos", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, ForeignKey("drafts.id"), nullable=False),
    Column("name", String(300), nullable=False),  # relative to the record: "anh.jpg", "photos/anh.jpg"
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("size", Integer, nullable=False),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("draft_id", "name", name="uq_draft_photos_name"),
)
