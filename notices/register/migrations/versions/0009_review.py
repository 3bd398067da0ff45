"""The review half of the workflow (notices.server.review): the format check's findings per version, the
comments (Ý kiến) on a document or one of its fields, and the replacements of issued documents. All three
are append-only: on PostgreSQL a trigger refuses UPDATE and DELETE, on SQLite triggers of its own.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("format_checks", "review_comments", "replacements")

FUNCTION = """
CREATE FUNCTION review_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
"""


def upgrade() -> None:
    op.create_table(
        "format_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("fmt", sa.String(8), nullable=False),
        sa.Column("file_sha256", sa.String(64)),
        sa.Column("ran", sa.Boolean, nullable=False),
        sa.Column("findings", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_format_checks_draft", "format_checks", ["draft_id", "version", "id"])
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("role", sa.String(30)),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("field", sa.String(300)),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_review_comments_draft", "review_comments", ["draft_id", "id"])
    op.create_table(
        "replacements",
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), primary_key=True),
        sa.Column("replaced_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False, unique=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION review_append_only()")
    else:  # SQLite: the same wall, as triggers of its own
        for table in TABLES:
            for operation in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS review_append_only()")
    op.drop_table("replacements")
    op.drop_index("ix_review_comments_draft", "review_comments")
    op.drop_table("review_comments")
    op.drop_index("ix_format_checks_draft", "format_checks")
    op.drop_table("format_checks")
