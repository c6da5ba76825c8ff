"""Stored first answers for retried requests (Idempotency-Key, chat message ids)

Revision ID: 0004_idempotent_replies
Revises: 0003_transcripts_staff_lang
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_idempotent_replies"
down_revision = "0003_transcripts_staff_lang"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotent_replies",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=True),
        sa.Column("code_salt", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_idempotent_replies")),
    )
    with op.batch_alter_table("idempotent_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotent_replies_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_idempotent_replies_reference"), ["reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("idempotent_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotent_replies_reference"))
        batch_op.drop_index(batch_op.f("ix_idempotent_replies_created_at"))
    op.drop_table("idempotent_replies")
