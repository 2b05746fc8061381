"""Run Alembic migrations from code: ``upgrade(url)``, ``downgrade(url, rev)``, ``current(url)``.

Works from a source checkout and from an installed wheel: the migrations folder is found next
to this file, and the URL is passed in instead of being read from ``alembic.ini``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import make_engine

HERE = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(HERE / "alembic.ini"))
    config.set_main_option("script_location", str(HERE / "migrations"))
    if url is not None:
        config.attributes["url"] = url
    return config


def _run(url: str, action, *args: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # SQLite rebuilds a table to alter it (Alembic's batch mode). Rebuilding one that others
                # reference needs foreign keys off (a pragma that only works outside a transaction) and
                # checked before the commit instead: SQLite's own "generalized ALTER TABLE procedure".
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            with connection.begin():
                config = alembic_config(url)
                config.attributes["connection"] = connection
                action(config, *args)
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    _run(url, command.upgrade, revision)


def downgrade(url: str, revision: str) -> None:
    _run(url, command.downgrade, revision)


def current(url: str) -> str | None:
    """The revision the database is at (None for an empty database)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revisions() -> list[str]:
    """All revision ids, oldest first (for the stairway test)."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
