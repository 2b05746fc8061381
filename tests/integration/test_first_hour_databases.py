"""Issue 15: databases the bot meets in the wild — a PostgreSQL database created with SQL_ASCII."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from bot.bootstrap import prepare_database
from bot.config import Settings
from storage.uow import uow_factory

pytestmark = pytest.mark.postgres


@pytest.fixture
def sql_ascii_url(_postgres_admin):
    from tests.conftest import _database_url, _postgres_server_url

    engine, reason = _postgres_admin
    if engine is None:
        pytest.skip(reason)
    name = f"cdo_test_ascii_{uuid.uuid4().hex[:10]}"
    with engine.connect() as conn:
        conn.execute(
            text(
                f"CREATE DATABASE \"{name}\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
            )
        )
    try:
        yield _database_url(_postgres_server_url(), name)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_a_sql_ascii_database_is_migrated_and_keeps_chinese_text(sql_ascii_url):
    import dataclasses

    settings = dataclasses.replace(Settings.from_env(), database_url=sql_ascii_url)
    prepare_database(settings)  # migrations and the units of the city files
    factory = uow_factory(sql_ascii_url)
    try:
        with factory() as uow:
            names = {u.name for u in uow.units.in_city("zhuhai")}
            encoding = uow.session.execute(text("SHOW server_encoding")).scalar()
        assert encoding == "SQL_ASCII"
        assert "香洲区" in names and "市政务服务数据管理局" in names
    finally:
        factory.dispose()
