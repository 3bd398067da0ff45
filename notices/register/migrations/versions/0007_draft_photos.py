"""The office server's draft photos, and failed logins that no longer keep the typed login name.

``draft_photos``: a photo of a draft's Tin bài (the path the record names it by, its SHA-256 and size, who
uploaded it), its bytes once per content in ``blobs`` (notices.server.draft_photos).

Failed logins were logged with the name typed into "Tên đăng nhập" and counted under it: a password typed
into that field by mistake stayed in the database. Now an existing account is counted and logged by its id,
an unknown name not at all (notices.server.accounts); what the old way stored is removed here.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft_photos",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("draft_id", "name", name="uq_draft_photos_name"),
    )
    op.execute("UPDATE events SET target = NULL WHERE action = 'login_failed'")
    op.execute("DELETE FROM login_failures WHERE scope = 'login'")


def downgrade() -> None:
    op.drop_table("draft_photos")
