"""The office server: agencies by identifier, users and roles, sessions, login failures, drafts and their
versions, the numbers drafts were given, and the event log (notices.server.tables).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ident", sa.String(60), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("server_agencies.id")),
        sa.Column("parent_name", sa.String(300)),
        sa.Column("place", sa.String(200)),
        sa.Column("register_agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False, unique=True),
        sa.Column("profile", sa.Text),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(80), nullable=False, unique=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("unit", sa.String(40)),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("password_changed_at", sa.String(40)),
    )
    op.create_index("ix_users_agency", "users", ["agency_id"])
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("role", sa.String(30), primary_key=True),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("last_seen", sa.Float, nullable=False),
        sa.Column("address", sa.String(64)),
    )
    op.create_index("ix_sessions_user", "sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("scope", sa.String(10), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("first", sa.Float, nullable=False),
        sa.Column("locked_until", sa.Float),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("head", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_drafts_agency", "drafts", ["agency_id", "state"])
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("base", sa.Integer),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("draft_id", "number", name="uq_draft_versions_number"),
    )
    op.create_table(
        "draft_issues",
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), nullable=False, unique=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id")),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("detail", sa.Text),
    )


def downgrade() -> None:
    for table in ("events", "draft_issues", "draft_versions", "drafts", "login_failures", "sessions",
                  "user_roles", "users", "server_agencies"):
        op.drop_table(table)
