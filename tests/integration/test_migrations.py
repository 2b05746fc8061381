"""Guard tests for the Alembic history: every revision goes up and down, and the models match the migrations."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from storage import migrate
from storage.db import make_engine
from storage.models import Base


@pytest.fixture
def empty_db_url(db_url: str) -> str:
    """The shared fixture hands out a migrated database; take it back to an empty one."""
    migrate.downgrade(db_url, "base")
    return db_url


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_there_is_exactly_one_head():
    assert migrate.head() is not None
    assert migrate.revisions()[-1] == migrate.head()


def test_stairway_every_revision_goes_up_down_and_up_again(empty_db_url):
    assert _tables(empty_db_url) == set()
    previous = "base"
    for revision in migrate.revisions():
        migrate.upgrade(empty_db_url, revision)
        assert migrate.current(empty_db_url) == revision
        migrate.downgrade(empty_db_url, previous)
        assert migrate.current(empty_db_url) == (None if previous == "base" else previous)
        migrate.upgrade(empty_db_url, revision)
        previous = revision
    assert _tables(empty_db_url) == set(Base.metadata.tables)


def test_downgrade_to_base_leaves_no_table_behind(db_url):
    migrate.downgrade(db_url, "base")
    assert _tables(db_url) == set()


def test_models_match_the_migrations(db_url):
    assert migrate.current(db_url) == migrate.head()
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_migrations_are_found_from_the_installed_package_location():
    config = migrate.alembic_config()
    assert config.get_main_option("script_location").endswith("migrations")
    assert (migrate.HERE / "migrations" / "script.py.mako").is_file()
    assert (migrate.HERE / "alembic.ini").is_file()
