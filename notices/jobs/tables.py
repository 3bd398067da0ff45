"""The jobs room's tables, on the register's metadata (one database, one migration path: revision 0005).

- ``job_blobs``: the inputs a worker on another machine needs (record, office.yaml, photos, templates),
  by SHA-256; job arguments carry ids and hashes, never documents.
- ``job_works``: one unit of work, unique per agency and key (kind + record SHA-256 + the selection of
  kinds and formats + the inputs' digest): queued twice, it runs once; its ``status`` moves
  todo → done/failed by compare-and-set, in the same transaction that stores its outputs.
- ``job_runs``: every execution that got as far as storing, with who ran it: the proof that nothing
  ran twice (``outcome='stored'`` at most once per work) and that a retried job was a no-op.
- ``job_outputs``: a render's files (path inside the record's folder), written once per work.
- ``job_batches`` / ``job_items``: a batch as asked for (its agency, its records in order, each record's
  path as the asker named it), pointing at works that other batches may share.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from notices.register.db import metadata

job_blobs = Table(
    "job_blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

job_works = Table(
    "job_works", metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("kind", String(20), nullable=False),  # render, archive, export
    Column("key", String(200), nullable=False),  # kind:record-sha256:kinds:formats:inputs-digest
    Column("record_sha256", String(64), nullable=False),
    Column("spec", Text, nullable=False),  # JSON: inputs (path → sha256), record name, kinds, formats, entry id…
    Column("status", String(10), nullable=False),  # todo, done, failed
    Column("error", Text),  # the Vietnamese reason a failed work gives (record path as a placeholder)
    Column("created_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    UniqueConstraint("agency_id", "key", name="uq_job_works_agency_key"),
)

job_runs = Table(
    "job_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("work_id", Integer, ForeignKey("job_works.id"), nullable=False),
    Column("worker", String(200), nullable=False),  # host:pid
    Column("outcome", String(10), nullable=False),  # stored, failed, skipped (found done: a retry's no-op)
    Column("seconds", String(20), nullable=False),
    Column("at", String(40), nullable=False),
)
Index("ix_job_runs_work", job_runs.c.work_id)

job_outputs = Table(
    "job_outputs", metadata,
    Column("id", Integer, primary_key=True),
    Column("work_id", Integer, ForeignKey("job_works.id"), nullable=False),
    Column("name", String(300), nullable=False),  # path inside the record's output folder ("anh/x.jpg")
    Column("seconds", String(20), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    UniqueConstraint("work_id", "name", name="uq_job_outputs_work_name"),
)

job_batches = Table(
    "job_batches", metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("label", Text, nullable=False),  # what was asked: "render data/hoso --format pdfa"
    Column("created_by", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("total", Integer, nullable=False),
)

job_items = Table(
    "job_items", metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("job_batches.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("path", Text, nullable=False),  # the record as the asker named it (messages, output folder)
    Column("work_id", Integer, ForeignKey("job_works.id")),  # None: refused before queueing (error below)
    Column("error", Text),
    UniqueConstraint("batch_id", "position", name="uq_job_items_batch_position"),
)
Index("ix_job_items_work", job_items.c.work_id)
