"""The hồ sơ tables, on the register's metadata (one database, one migration chain: revision 0004).

- ``hoso_plans``: the approved Danh mục hồ sơ of an agency for a year (the YAML as given is kept);
- ``hoso_headings``: its đề mục lớn (Roman numerals) and nhỏ (Arabic, ``parent_id`` set);
- ``hoso_files``: one hồ sơ (FileCode = agency's OrganId + FileCatalog (year) + FileNotation), its state
  ``open`` → ``closed`` → ``submitted`` (nộp lưu), its fixed dates and counts once closed;
- ``hoso_items``: the many-to-many link of a hồ sơ and a register row (one document in several hồ sơ,
  stored once), with its DocOrdinal and PageAmount;
- ``hoso_attachments``: what a hồ sơ holds besides issued documents (the meeting record, its photos) and
  the Mục lục văn bản made when it was closed, each under its SHA-256;
- ``hoso_log``: every change of a hồ sơ (opened, filed, closed, reopened, handed over), who and when.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, LargeBinary, String, Table, Text, UniqueConstraint

from notices.register.db import metadata

plans = Table(
    "hoso_plans", metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("approved_by", Text),
    Column("organ_id", String(13), nullable=False, default=""),
    Column("numbering", String(20), nullable=False),  # whole | per-heading
    Column("place", String(200)),
    Column("source", Text, nullable=False),  # the Danh mục YAML as given
    Column("stored_by", String(200), nullable=False),
    Column("stored_at", String(40), nullable=False),
    UniqueConstraint("agency_id", "year", name="uq_hoso_plans_agency_year"),
)

headings = Table(
    "hoso_headings", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("hoso_plans.id"), nullable=False),
    Column("parent_id", Integer, ForeignKey("hoso_headings.id")),
    Column("ordinal", Integer, nullable=False),
    Column("code", String(30)),
    Column("title", String(500), nullable=False),
)

hoso_files = Table(
    "hoso_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("year", Integer, nullable=False),  # FileCatalog
    Column("notation", String(20), nullable=False),  # FileNotation: 05.VP
    Column("heading_id", Integer, ForeignKey("hoso_headings.id")),
    Column("position", Integer, nullable=False, default=0),  # order in the Danh mục
    Column("title", String(500), nullable=False),
    Column("maintenance", String(30), nullable=False),  # "10 năm", "Vĩnh viễn"
    Column("rights", String(30), nullable=False),
    Column("creator", String(30), nullable=False),
    Column("language", String(50), nullable=False),
    Column("description", String(500), nullable=False, default=""),
    Column("state", String(10), nullable=False),  # open, closed, submitted
    Column("start_date", Date),
    Column("end_date", Date),
    Column("doc_total", Integer),
    Column("page_total", Integer),
    Column("closed_at", String(40)),
    Column("closed_by", String(200)),
    Column("submitted_to", String(200)),
    Column("submitted_at", String(40)),
    Column("version", Integer, nullable=False, default=1),  # compare-and-set of every state change
    UniqueConstraint("agency_id", "year", "notation", name="uq_hoso_files_code"),
)

items = Table(
    "hoso_items", metadata,
    Column("id", Integer, primary_key=True),
    Column("hoso_id", Integer, ForeignKey("hoso_files.id"), nullable=False),
    Column("entry_id", Integer, ForeignKey("entries.id"), nullable=False),
    Column("doc_ordinal", Integer, nullable=False),
    Column("page_amount", Integer, nullable=False),
    Column("added_by", String(200), nullable=False),
    Column("added_at", String(40), nullable=False),
    UniqueConstraint("hoso_id", "entry_id", name="uq_hoso_items_entry"),
)

attachments = Table(
    "hoso_attachments", metadata,
    Column("id", Integer, primary_key=True),
    Column("hoso_id", Integer, ForeignKey("hoso_files.id"), nullable=False),
    Column("role", String(10), nullable=False),  # record, photo, index (Mục lục văn bản: pdf and docx)
    Column("name", String(300), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added_by", String(200), nullable=False),
    Column("added_at", String(40), nullable=False),
    UniqueConstraint("hoso_id", "name", name="uq_hoso_attachments_name"),
)

log = Table(
    "hoso_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("hoso_id", Integer, ForeignKey("hoso_files.id"), nullable=False),
    Column("action", String(20), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("by", String(200), nullable=False),
    Column("at", String(40), nullable=False),
)
