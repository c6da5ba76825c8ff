"""The Alembic migrations build exactly the schema the ORM models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from intake.db import Base
from intake.migrate import current_revision, upgrade


def test_migrated_database_matches_the_models(db_engine):
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent_and_reports_head(db_engine):
    before = current_revision(db_engine)
    upgrade(db_engine)
    assert current_revision(db_engine) == before is not None
