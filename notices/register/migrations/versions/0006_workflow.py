"""The drafting and approval workflow (notices.server.workflow): each agency's approval steps, and the
append-only audit of every transition, and
the signed PDFs signers uploaded. On PostgreSQL a trigger refuses UPDATE and DELETE of the audit rows.

The agencies that exist when this revision runs worked without the workflow (the văn thư numbered a saved
draft directly): they are set "off" so nothing changes for them; agencies added later get the full chain.

Revision ID: 0006
Revises: 0005
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE FUNCTION workflow_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'workflow_events is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER workflow_events_append_only BEFORE UPDATE OR DELETE ON workflow_events
    FOR EACH ROW EXECUTE FUNCTION workflow_events_append_only();
"""


def upgrade() -> None:
    workflows = op.create_table(
        "agency_workflows",
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), primary_key=True),
        sa.Column("steps", sa.String(60), nullable=False),
        sa.Column("changed_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "workflow_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("role", sa.String(30)),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("from_state", sa.String(30), nullable=False),
        sa.Column("to_state", sa.String(30), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("comment", sa.Text),
    )
    op.create_index("ix_workflow_events_draft", "workflow_events", ["draft_id", "id"])
    op.create_table(
        "signed_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("server_agencies.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("numbered_sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    connection = op.get_bind()
    moment = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).isoformat(timespec="seconds")
    existing = connection.execute(sa.text("SELECT id FROM server_agencies")).scalars().all()
    if existing:
        op.bulk_insert(workflows, [{"agency_id": a, "steps": "off", "changed_at": moment} for a in existing])
    if connection.dialect.name == "postgresql":
        op.execute(APPEND_ONLY)
    else:  # SQLite: the same wall, as triggers of its own
        op.execute("CREATE TRIGGER workflow_events_no_update BEFORE UPDATE ON workflow_events "
                   "BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END")
        op.execute("CREATE TRIGGER workflow_events_no_delete BEFORE DELETE ON workflow_events "
                   "BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS workflow_events_append_only ON workflow_events")
        op.execute("DROP FUNCTION IF EXISTS workflow_events_append_only()")
    op.drop_table("signed_files")
    op.drop_index("ix_workflow_events_draft", "workflow_events")
    op.drop_table("workflow_events")
    op.drop_table("agency_workflows")
