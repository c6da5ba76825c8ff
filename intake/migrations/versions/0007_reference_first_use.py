"""PostgreSQL: the first references of a new year no longer fail when several are opened at once

Revision ID: 0007_reference_first_use
Revises: 0006_teaching

The year's sequence is created on first use. Transactions that ask for a number while the creating
transaction is still open wait for it and then failed with a unique violation, which the application
retried, up to four times, then answered 500. Now the function catches that violation: by then the
creator has committed, so asking again finds its sequence. SQLite keeps the counter table.
"""

from __future__ import annotations

from alembic import op

revision = "0007_reference_first_use"
down_revision = "0006_teaching"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION madoguchi_next_reference(ref_year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq text := 'ticket_reference_' || ref_year;
BEGIN
    -- The exception block (a subtransaction) only on the year's first uses, not on every ticket.
    IF to_regclass(seq) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
            -- Another transaction created it meanwhile and has committed (that is what we waited
            -- for). Asking again locks the schema, which refreshes this session's catalog cache.
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        END;
    END IF;
    RETURN nextval(seq::regclass);
END $$;
"""

# The function of 0002_reference_sequences, restored by a downgrade.
PREVIOUS = """
CREATE OR REPLACE FUNCTION madoguchi_next_reference(ref_year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq text := 'ticket_reference_' || ref_year;
BEGIN
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
    RETURN nextval(seq::regclass);
END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PREVIOUS)
