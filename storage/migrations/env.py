"""Alembic environment, configured by ``storage.migrate`` rather than by ``alembic.ini``.

The caller puts an open ``Connection`` in ``config.attributes["connection"]`` (preferred: it
comes from ``storage.db.make_engine`` with the SQLite pragmas) or a URL in
``config.attributes["url"]``. SQLite needs batch mode to alter tables.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from storage.db import make_engine
from storage.models import Base
from storage.types import AwareDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render our TypeDecorator as its plain implementation, so revisions import only SQLAlchemy."""
    if type_ == "type" and isinstance(obj, AwareDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: pass a connection or a url in config.attributes")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
