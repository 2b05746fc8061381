"""Shared database fixtures for every test folder.

- ``sqlite_url``: a fresh migrated SQLite *file* (WAL) in ``tmp_path``.
- ``postgres_url``: a fresh, uniquely named, migrated PostgreSQL database, dropped afterwards;
  the server is ``TEST_POSTGRES_URL`` or ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``.
  Tests skip (with the reason) when no server answers.
- ``db_url``: both of the above, one test run each (``-m "not postgres"`` runs SQLite only).
- ``uow_factory``: a ``storage.uow.SqlUnitOfWorkFactory`` on ``db_url``;
  ``sqlite_uow_factory``: the same on SQLite only (fast service tests).

Migrating costs ~0.3 s, so each database is migrated once per session into a template that every
test copies (a file copy for SQLite, ``CREATE DATABASE … TEMPLATE`` for PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFAULT_POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storage.migrate import upgrade

    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    for suffix in ("-wal", "-shm"):  # the engine is disposed: everything is checkpointed into the file
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    path = tmp_path / "cdo-bot.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


def _postgres_server_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL") or DEFAULT_POSTGRES_SERVER


@pytest.fixture(scope="session")
def _postgres_admin():
    """An AUTOCOMMIT engine on the server's maintenance database, or a skip reason."""
    from sqlalchemy import text

    from storage.db import make_engine

    url = _postgres_server_url()
    engine = make_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        safe = engine.url.render_as_string(hide_password=True)
        yield None, f"PostgreSQL not reachable at {safe}: {type(exc).__name__}: {exc}".splitlines()[0]
        return
    yield engine, None
    engine.dispose()


def _database_url(server: str, name: str) -> str:
    from storage.db import normalize_url

    return normalize_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _postgres_template(_postgres_admin) -> Iterator[str | None]:
    from sqlalchemy import text

    from storage.migrate import upgrade

    engine, _reason = _postgres_admin
    if engine is None:
        yield None
        return
    name = f"cdo_test_tmpl_{uuid.uuid4().hex[:10]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        upgrade(_database_url(_postgres_server_url(), name))
        yield name
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def postgres_url(_postgres_admin, _postgres_template) -> Iterator[str]:
    from sqlalchemy import text

    engine, reason = _postgres_admin
    if engine is None:
        pytest.skip(reason)
    name = f"cdo_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_postgres_template}"'))
    try:
        yield _database_url(_postgres_server_url(), name)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def uow_factory(db_url: str):
    from storage.uow import uow_factory as make_factory

    factory = make_factory(db_url)
    yield factory
    factory.dispose()


@pytest.fixture
def sqlite_uow_factory(sqlite_url: str):
    from storage.uow import uow_factory as make_factory

    factory = make_factory(sqlite_url)
    yield factory
    factory.dispose()
