"""Alembic environment: migrations run on the connection notices hands over (never from an ini file)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite has almost no ALTER TABLE
)
with context.begin_transaction():
    context.run_migrations()
