"""Engines and sessions: a SQLite file by default, PostgreSQL when the URL says so.

SQLite is tuned for a single bot process that also runs jobs: WAL lets readers proceed while
a writer commits, ``busy_timeout`` waits for a lock instead of failing at once, and foreign
keys are off in SQLite unless each connection asks for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
"""SQLite's lock timeout: wait this long for another writer, then fail (``database is locked``)."""
POOL_TIMEOUT_S = 5
"""Wait at most this long for a pooled connection (all of them busy, or stuck on a dead server)."""
POSTGRES_CONNECT_ARGS: dict[str, Any] = {
    # libpq: the whole connection start-up, including the handshake a silent proxy never answers.
    "connect_timeout": 5,
    # A statement or a lock wait that takes longer is cancelled by the server (a row lock held
    # elsewhere, a runaway query); a transaction left idle is ended instead of holding its locks.
    "options": "-c statement_timeout=15000 -c lock_timeout=5000 -c idle_in_transaction_session_timeout=60000",
    # A network partition (no ACKs) breaks the connection in about half a minute instead of
    # blocking its thread for the kernel's 15 minutes; the pool then opens a new one.
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30000,
}
"""PostgreSQL timeouts (issue 11). A server that accepts TCP but never answers (a hung proxy) is not
detected by any of these; ``bot.services.blocking`` stops waiting for such calls instead."""
SUPPORTED = {"sqlite": ("sqlite", "sqlite+pysqlite"), "postgresql": ("postgresql+psycopg",)}
"""Backends and drivers the models, migrations and queries are tested on (SQLite file, PostgreSQL/psycopg 3)."""


class UnsupportedDatabase(ValueError):
    """A ``DATABASE_URL`` this project cannot use: said in one line, never as a driver's traceback."""


def normalize_url(url: str | URL) -> URL:
    """Accept ``postgres://`` and ``postgresql://`` (as hosting platforms hand them out) and use psycopg 3.

    Anything but SQLite and PostgreSQL with psycopg raises ``UnsupportedDatabase``.
    """
    if isinstance(url, str) and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UnsupportedDatabase(
            f"cannot read the database URL {str(url)!r}: use sqlite:///PATH or postgresql://USER@HOST/NAME"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in {d for drivers in SUPPORTED.values() for d in drivers}:
        raise UnsupportedDatabase(
            f"unsupported database {parsed.drivername!r} in "
            f"{parsed.render_as_string(hide_password=True)}: use sqlite:///PATH or postgresql://USER@HOST/NAME"
        )
    return parsed


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect(wal=path is not None))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # Always UTF-8 on the wire: a database created with ENCODING 'SQL_ASCII' would otherwise hand
    # psycopg bytes instead of str (and Alembic fails with "cannot use a string pattern on a bytes-like
    # object"); with client_encoding utf8 our UTF-8 text goes in and comes back as text.
    given = dict(kwargs.pop("connect_args", {}))
    connect_args = POSTGRES_CONNECT_ARGS | given
    if "options" in given:  # the caller's settings and our timeouts, theirs last (they win)
        connect_args["options"] = f"{POSTGRES_CONNECT_ARGS['options']} {given['options']}"
    connect_args.setdefault("client_encoding", "utf8")
    kwargs.setdefault("pool_timeout", POOL_TIMEOUT_S)
    return create_engine(parsed, connect_args=connect_args, **kwargs)


def _sqlite_on_connect(*, wal: bool):
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return on_connect


def make_session_factory(engine: Engine, session_class: type[Session] = Session) -> sessionmaker[Session]:
    # expire_on_commit=False: services return data read inside a unit of work after it closed.
    return sessionmaker(bind=engine, class_=session_class, expire_on_commit=False, autoflush=True)
