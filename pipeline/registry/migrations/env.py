"""Alembic environment of the registry, run by ``pipeline.registry.store.migrate`` on the connection it passes.

There is no alembic.ini: ``pipeline.registry.store.migrate`` builds the configuration in code and hands over an
open connection in ``config.attributes["connection"]``, inside the caller's transaction.
"""

from __future__ import annotations

from alembic import context

# Several staff may open a shared PostgreSQL registry for the first time at once: one migrates, the others
# wait on this transaction-scoped lock and then find the schema current. The number is arbitrary but fixed.
_PG_LOCK = 0x68756973  # "huis"

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "registry migrations run through pipeline.registry.store.migrate(), which passes a connection"
    )

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
    context.run_migrations()
