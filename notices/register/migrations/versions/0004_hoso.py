"""Hồ sơ (Phụ lục V, VI): Danh mục, hồ sơ, their documents, attachments and log (notices.hoso.tables).

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hoso_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("approved_by", sa.Text),
        sa.Column("organ_id", sa.String(13), nullable=False),
        sa.Column("numbering", sa.String(20), nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("stored_by", sa.String(200), nullable=False),
        sa.Column("stored_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("agency_id", "year", name="uq_hoso_plans_agency_year"),
    )
    op.create_table(
        "hoso_headings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("hoso_plans.id"), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("hoso_headings.id")),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("code", sa.String(30)),
        sa.Column("title", sa.String(500), nullable=False),
    )
    op.create_table(
        "hoso_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("notation", sa.String(20), nullable=False),
        sa.Column("heading_id", sa.Integer, sa.ForeignKey("hoso_headings.id")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("maintenance", sa.String(30), nullable=False),
        sa.Column("rights", sa.String(30), nullable=False),
        sa.Column("creator", sa.String(30), nullable=False),
        sa.Column("language", sa.String(50), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("doc_total", sa.Integer),
        sa.Column("page_total", sa.Integer),
        sa.Column("closed_at", sa.String(40)),
        sa.Column("closed_by", sa.String(200)),
        sa.Column("submitted_to", sa.String(200)),
        sa.Column("submitted_at", sa.String(40)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("agency_id", "year", "notation", name="uq_hoso_files_code"),
    )
    op.create_table(
        "hoso_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hoso_id", sa.Integer, sa.ForeignKey("hoso_files.id"), nullable=False),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("doc_ordinal", sa.Integer, nullable=False),
        sa.Column("page_amount", sa.Integer, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("hoso_id", "entry_id", name="uq_hoso_items_entry"),
    )
    op.create_table(
        "hoso_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hoso_id", sa.Integer, sa.ForeignKey("hoso_files.id"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("hoso_id", "name", name="uq_hoso_attachments_name"),
    )
    op.create_table(
        "hoso_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hoso_id", sa.Integer, sa.ForeignKey("hoso_files.id"), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hoso_log")
    op.drop_table("hoso_attachments")
    op.drop_table("hoso_items")
    op.drop_table("hoso_files")
    op.drop_table("hoso_headings")
    op.drop_table("hoso_plans")
