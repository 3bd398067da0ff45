"""Jobs: inputs by hash, works keyed per agency, runs, outputs, batches; on PostgreSQL procrastinate's queue.

The queue's own tables and functions (procrastinate's ``schema.sql`` of the installed version) are applied
here, in the same locked migration as ours, so a province server has one way to create and upgrade its
database (``open_database`` → Alembic), never a second tool to remember. SQLite has no queue: jobs run in
the process that asks for them (notices.jobs.queue), on the same tables.
A later procrastinate whose schema changes needs a revision applying its migration files (its
``sql/migrations``), as for any schema change.

Revision ID: 0005
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "job_works",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40)),
        sa.UniqueConstraint("agency_id", "key", name="uq_job_works_agency_key"),
    )
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("work_id", sa.Integer, sa.ForeignKey("job_works.id"), nullable=False),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("seconds", sa.String(20), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_job_runs_work", "job_runs", ["work_id"])
    op.create_table(
        "job_outputs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("work_id", sa.Integer, sa.ForeignKey("job_works.id"), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("seconds", sa.String(20), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("work_id", "name", name="uq_job_outputs_work_name"),
    )
    op.create_table(
        "job_batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
    )
    op.create_table(
        "job_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("job_batches.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("work_id", sa.Integer, sa.ForeignKey("job_works.id")),
        sa.Column("error", sa.Text),
        sa.UniqueConstraint("batch_id", "position", name="uq_job_items_batch_position"),
    )
    op.create_index("ix_job_items_work", "job_items", ["work_id"])
    if op.get_bind().dialect.name == "postgresql":
        from notices.jobs.schema import try_queue_schema

        try_queue_schema(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from notices.jobs.schema import drop_queue_schema

        drop_queue_schema(op.get_bind())
    for table in ("job_items", "job_batches", "job_outputs", "job_runs", "job_works", "job_blobs"):
        op.drop_table(table)
