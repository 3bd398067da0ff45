"""The register, its counters, the archived files, and Vietnamese search (FTS5 or unaccent + trigram).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("parent", sa.String(300)),
        sa.UniqueConstraint("code", "name", name="uq_agencies_code_name"),
    )
    op.create_table(
        "counters",
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("series", sa.String(40), primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("series", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("notation", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("kind_label", sa.String(80), nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("signer_name", sa.String(200)),
        sa.Column("signer_title", sa.String(200)),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("archive", sa.Text, nullable=False),
        sa.Column("record_name", sa.String(300), nullable=False),
        sa.Column("record_path", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("issued_by", sa.String(200), nullable=False),
        sa.Column("issued_at", sa.String(40), nullable=False),
        sa.Column("stored_at", sa.String(40)),
        sa.Column("void_reason", sa.Text),
        sa.Column("voided_by", sa.String(200)),
        sa.Column("voided_at", sa.String(40)),
        sa.Column("content", sa.Text, nullable=False),
        sa.UniqueConstraint("agency_id", "year", "series", "number", name="uq_entries_series_number"),
        sa.UniqueConstraint("agency_id", "year", "notation", "number", name="uq_entries_notation_number"),
    )
    op.create_index("ix_entries_agency_year", "entries", ["agency_id", "year"])
    op.create_table(
        "files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("entry_id", "name", name="uq_files_entry_name"),
    )
    # Search: hand-written DDL, one per engine (kept out of autogenerate).
    if op.get_bind().dialect.name == "sqlite":
        # rowid = entries.id; the text is folded đ → d (notices.vn.search); unicode61 removes the marks.
        op.execute("CREATE VIRTUAL TABLE entries_fts USING fts5(folded, tokenize='unicode61 remove_diacritics 2')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        # unaccent() is only STABLE; this wrapper names its dictionary so it can be IMMUTABLE and indexed.
        # It removes every Vietnamese mark and folds đ/Đ; case is left to the case-insensitive match (~*).
        op.execute(
            "CREATE OR REPLACE FUNCTION vi_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
            "$$ SELECT public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC)) $$"
        )
        # The folded text is stored (folding 4 KB with unaccent costs ~2 ms: too slow to redo at every search)
        # and indexed by trigrams, which serve the word-boundary regular expressions of a search.
        op.execute("ALTER TABLE entries ADD COLUMN folded text GENERATED ALWAYS AS (vi_fold(content)) STORED")
        op.execute("CREATE INDEX ix_entries_search ON entries USING gin (folded public.gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE entries_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_entries_search")
        op.execute("DROP FUNCTION IF EXISTS vi_fold(text)")
    op.drop_table("files")
    op.drop_table("entries")
    op.drop_table("counters")
    op.drop_table("agencies")
