"""The outbox names the channel of a notice, so each process claims only the notices it can deliver

Notices to applicants share one topic (``applicant.message``) whatever the channel; a process claims
those of the channels it has a delivery for. Rows written before (topics ``slack.dm`` and ``email``)
keep their topics and are still delivered by the handlers of those topics.

Revision ID: 0005_outbox_channel
Revises: 0004_idempotent_replies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_outbox_channel"
down_revision = "0004_idempotent_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("channel")
