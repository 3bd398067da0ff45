"""Ký số on the server and Ban hành (notices.server.sealing): each agency's seal (its key encrypted with the
server's key, its PNG), and the time, person and final PDF's SHA-256 of each Ban hành.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_seals",
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("signer", sa.String(300), nullable=False),
        sa.Column("image", sa.LargeBinary, nullable=False),
        sa.Column("secret", sa.LargeBinary, nullable=False),
        sa.Column("set_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False, unique=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("sealed_here", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("issued_documents")
    op.drop_table("agency_seals")
