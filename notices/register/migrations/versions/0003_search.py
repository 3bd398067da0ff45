"""Ranked search and storage that grows: a tsvector + GIN (PostgreSQL) or a scoped FTS5 table (SQLite), and
file bytes kept once per content in ``blobs`` instead of in every ``files`` row.

Upgrades an existing register in place: every stored row gets its search vector (PostgreSQL computes the
generated column; SQLite's index is rebuilt from ``entries``), and every file's bytes move to ``blobs``
(a content whose bytes no longer match its recorded SHA-256 moves as it is, so ``archive verify`` still
reports it; where two files share a hash, a copy that matches is kept).

Revision ID: 0003
Revises: 0001
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"  # as notices.register.search.PUNCTUATION


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    _move_files(bind)
    with op.batch_alter_table("files") as batch:
        batch.drop_column("content")
        batch.create_foreign_key("fk_files_blob", "blobs", ["sha256"], ["sha256"])
    op.create_index("ix_entries_agency_id", "entries", ["agency_id", "id"])
    op.create_index("ix_entries_agency_number", "entries", ["agency_id", "number", "notation"])
    if sqlite:
        op.execute("DROP TABLE entries_fts")
        # Contentless: the index only (the text is in entries.content); scope = "a<agency> y<year> k<kind>".
        op.execute("CREATE VIRTUAL TABLE entries_fts USING fts5(scope, subject, body, content='', "
                   "tokenize='unicode61 remove_diacritics 2')")
        from notices.register.search import index_sqlite

        index_sqlite(bind.connection.driver_connection)
        op.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
    else:
        spaces = " " * len(PUNCTUATION)
        quoted = PUNCTUATION.replace("'", "''")
        # vi_fold (NFC, unaccent: marks and đ) with ASCII punctuation as spaces, so that the parser of the
        # `simple` configuration sees words and numbers only ("05/TB-UBND" is 05, tb, ubnd, never a file path).
        op.execute(
            "CREATE OR REPLACE FUNCTION vi_words(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
            f"$$ SELECT translate(public.vi_fold($1), '{quoted}', '{spaces}') $$"
        )
        # The folded copy of the text and its trigram index (every word a regular expression) give way to a
        # search vector: the subject weighted A, the whole text D.
        op.execute("ALTER TABLE entries DROP COLUMN folded")
        op.execute(
            "ALTER TABLE entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple'::regconfig, public.vi_words(subject)), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, public.vi_words(content)), 'D')) STORED"
        )
        op.execute("CREATE INDEX ix_entries_tsv ON entries USING gin (tsv)")


def _move_files(bind: sa.engine.Connection) -> None:
    """Copy every file's bytes into ``blobs`` (once per hash; a copy that matches its hash wins)."""
    files = sa.table("files", sa.column("id"), sa.column("sha256"), sa.column("size"), sa.column("content"))
    blobs = sa.table("blobs", sa.column("sha256"), sa.column("size"), sa.column("content"))
    kept: dict[str, bool] = {}  # hash → the stored copy matches it
    last = 0
    while True:
        rows = bind.execute(sa.select(files.c.id, files.c.sha256, files.c.size, files.c.content)
                            .where(files.c.id > last).order_by(files.c.id).limit(200)).all()
        if not rows:
            break
        last = rows[-1].id
        for row in rows:
            good = hashlib.sha256(row.content).hexdigest() == row.sha256
            if row.sha256 not in kept:
                bind.execute(blobs.insert().values(sha256=row.sha256, size=len(row.content), content=row.content))
                kept[row.sha256] = good
            elif good and not kept[row.sha256]:
                bind.execute(blobs.update().where(blobs.c.sha256 == row.sha256)
                             .values(size=len(row.content), content=row.content))
                kept[row.sha256] = True


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.drop_index("ix_entries_agency_id", "entries")
    op.drop_index("ix_entries_agency_number", "entries")
    with op.batch_alter_table("files") as batch:
        batch.drop_constraint("fk_files_blob", type_="foreignkey")
        batch.add_column(sa.Column("content", sa.LargeBinary, nullable=True))
    op.execute("UPDATE files SET content = (SELECT content FROM blobs WHERE blobs.sha256 = files.sha256)")
    with op.batch_alter_table("files") as batch:
        batch.alter_column("content", nullable=False)
    op.drop_table("blobs")
    if sqlite:
        op.execute("DROP TABLE entries_fts")
        op.execute("CREATE VIRTUAL TABLE entries_fts USING fts5(folded, tokenize='unicode61 remove_diacritics 2')")
        from notices.vn.search import fold_for_index

        raw = bind.connection.driver_connection
        raw.executemany("INSERT INTO entries_fts (rowid, folded) VALUES (?, ?)",
                        [(i, fold_for_index(c)) for i, c in raw.execute("SELECT id, content FROM entries")])
    else:
        op.execute("DROP INDEX IF EXISTS ix_entries_tsv")
        op.execute("ALTER TABLE entries DROP COLUMN tsv")
        op.execute("DROP FUNCTION IF EXISTS vi_words(text)")
        op.execute("ALTER TABLE entries ADD COLUMN folded text GENERATED ALWAYS AS (vi_fold(content)) STORED")
        op.execute("CREATE INDEX ix_entries_search ON entries USING gin (folded public.gin_trgm_ops)")
