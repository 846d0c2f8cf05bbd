"""The registry: entries (named and submitted items) and their texts.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        # A hash of what makes an entry the same entry (status, campaign, year, kind, name key, ...): the unique
        # index is what keeps re-remembering a batch, even from two machines at once, from duplicating it.
        sa.Column("identity", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("campaign", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(100), nullable=False, server_default=""),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.String(500), nullable=False),
        sa.Column("bare_key", sa.String(500), nullable=False),
        sa.Column("unit", sa.Text, nullable=False, server_default=""),
        sa.Column("unit_key", sa.String(500), nullable=False),
        sa.Column("leader", sa.Text, nullable=False, server_default=""),
        sa.Column("leader_key", sa.String(200), nullable=False),
        sa.Column("source", sa.String(1000), nullable=False, server_default=""),
        sa.Column("ref", sa.String(1000), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('named', 'submitted')", name="ck_entries_status"),
        sa.UniqueConstraint("identity", name="uq_entries_identity"),
    )
    op.create_index("ix_entries_name_key", "entries", ["status", "name_key"])
    op.create_index("ix_entries_bare_key", "entries", ["status", "bare_key"])
    op.create_index("ix_entries_unit_leader", "entries", ["status", "unit_key", "leader_key"])
    op.create_index("ix_entries_batch", "entries", ["campaign", "year", "source", "status"])
    op.create_table(
        "texts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "entry_id",
            sa.Integer,
            sa.ForeignKey("entries.id", ondelete="CASCADE", name="fk_texts_entry"),
            nullable=False,
        ),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.LargeBinary, nullable=True),
        sa.UniqueConstraint("entry_id", "label", name="uq_texts_entry_label"),
    )


def downgrade() -> None:
    op.drop_table("texts")
    op.drop_table("entries")
