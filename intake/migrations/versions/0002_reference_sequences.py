"""PostgreSQL: reference numbers from per-year sequences instead of a locked counter row

Revision ID: 0002_reference_sequences
Revises: 0001_initial

With a counter row, every new ticket waits for the row lock held by the previous one until it commits,
which caps intake at a few dozen tickets per second. ``nextval`` never waits (numbers of rolled-back
requests are simply skipped). SQLite serialises writers anyway and keeps the counter table.
"""

from __future__ import annotations

from alembic import op

revision = "0002_reference_sequences"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION madoguchi_next_reference(ref_year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq text := 'ticket_reference_' || ref_year;
BEGIN
    -- The year's sequence is created on first use; a concurrent creator makes one caller fail
    -- with a unique violation, which the application retries.
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
    RETURN nextval(seq::regclass);
END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    # Continue after any number already issued by the counter table.
    op.execute("""
        DO $$
        DECLARE r record;
        BEGIN
            FOR r IN SELECT year, value FROM reference_counters LOOP
                EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', 'ticket_reference_' || r.year);
                PERFORM setval(('ticket_reference_' || r.year)::regclass, r.value);
            END LOOP;
        END $$;
    """)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS madoguchi_next_reference(integer)")
