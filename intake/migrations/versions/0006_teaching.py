"""The teaching loop: curation queue, feedback, knowledge changes and their version, usage counts, eval runs

Revision ID: 0006_teaching
Revises: 0005_outbox_channel
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006_teaching"
down_revision = "0005_outbox_channel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "curation_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=255), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("top_entry", sa.String(length=64), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_items")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_curation_items_key_hash")),
    )
    with op.batch_alter_table("curation_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_curation_items_last_seen"), ["last_seen"], unique=False)
        batch_op.create_index(batch_op.f("ix_curation_items_signature"), ["signature"], unique=False)
        batch_op.create_index(batch_op.f("ix_curation_items_status"), ["status"], unique=False)

    op.create_table(
        "eval_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file", sa.String(length=200), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("in_scope", sa.Integer(), nullable=False),
        sa.Column("declined", sa.Integer(), nullable=False),
        sa.Column("out_of_scope", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eval_runs")),
    )
    with op.batch_alter_table("eval_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eval_runs_at"), ["at"], unique=False)

    state = op.create_table(
        "knowledge_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_state")),
    )
    # The one row every process polls; version 0 is the bundled knowledge without changes.
    op.bulk_insert(state, [{"id": 1, "version": 0, "changed_at": dt.datetime.now(dt.UTC)}])
    op.create_table(
        "usage_counts",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "kind", "key", name=op.f("pk_usage_counts")),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["curation_items.id"], name=op.f("fk_feedback_item_id_curation_items"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_id"), ["item_id"], unique=False)

    op.create_table(
        "knowledge_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("target_kind", sa.String(length=16), nullable=True),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reverted_by", sa.String(length=200), nullable=True),
        sa.Column("reverted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["curation_items.id"], name=op.f("fk_knowledge_changes_item_id_curation_items"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_changes")),
    )
    with op.batch_alter_table("knowledge_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_changes_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_knowledge_changes_status"), ["status"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("knowledge_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_changes_status"))
        batch_op.drop_index(batch_op.f("ix_knowledge_changes_item_id"))

    op.drop_table("knowledge_changes")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_item_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_at"))

    op.drop_table("feedback")
    op.drop_table("usage_counts")
    op.drop_table("knowledge_state")
    with op.batch_alter_table("eval_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eval_runs_at"))

    op.drop_table("eval_runs")
    with op.batch_alter_table("curation_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curation_items_status"))
        batch_op.drop_index(batch_op.f("ix_curation_items_last_seen"))
        batch_op.drop_index(batch_op.f("ix_curation_items_signature"))

    op.drop_table("curation_items")
