"""Web chat transcripts kept with their conversation; a language per staff account

Revision ID: 0003_transcripts_staff_lang
Revises: 0002_reference_sequences

``conversations.transcript`` holds what the web chat showed (so a reload restores it); it is deleted
with the conversation by the idle purge. ``staff.lang`` is the one language a staff member's back
office is shown in (Japanese unless set).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_transcripts_staff_lang"
down_revision = "0002_reference_sequences"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("transcript", sa.JSON(), nullable=True))
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("lang", sa.String(length=2), nullable=False, server_default="ja"))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("lang")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("transcript")
