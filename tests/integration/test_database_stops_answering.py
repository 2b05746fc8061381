"""A PostgreSQL that stops answering (a TCP proxy on loopback that stops forwarding), issue 11:
members get "系统繁忙，请稍后再试" within the timeout, the event loop keeps running for everyone
else, a call given up on changes nothing when the database answers again, and the bot recovers
by itself."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime

import pytest
from sqlalchemy.engine import make_url
from telegram import Update

from bot.bootstrap import build_app_context, seed_units
from bot.config import Secret, Settings
from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.handlers.application import build_application
from bot.services import access
from bot.services.access import new_member
from bot.services.blocking import Busy, run_blocking
from bot.services.conversation import Event, Kind, Outcome
from storage.models import Activity
from tests.adapters._offline import OfflineRequest
from tests.e2e.emulator import BotApiEmulator
from tests.integration._tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)
CDO = BotApiEmulator.user(1001, "香洲区首席数据官")
TIMEOUT = 1.5


@pytest.fixture
def proxied(postgres_url: str):
    """An app context whose database connections all go through the proxy."""
    url = make_url(postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = build_app_context(
        Settings(telegram_bot_token=Secret("123:TEST"), database_url=through, service_timeout=TIMEOUT),
        clock=FixedClock(NOW),
    )
    seed_units(app.uow)
    with app.uow() as uow:
        unit = uow.units.by_name("zhuhai", "香洲区")
        member = uow.members.add(
            new_member(
                Account.telegram(CDO["id"]),
                display_name=CDO["first_name"],
                city="zhuhai",
                unit_id=unit.id,
                role="cdo",
                chat_address=Address.telegram(CDO["id"]).text,
            )
        )
        for day, title in ((3, "数据安全培训"), (5, "数据治理培训")):
            uow.activities.add(
                Activity(
                    unit_id=unit.id,
                    kind="training",
                    date=date(2026, 3, day),
                    title=title,
                    entered_by=member.id,
                    created_at=datetime(2026, 3, day, 12, tzinfo=SHANGHAI),
                )
            )
        uow.commit()
    yield app, proxy
    proxy.resume()
    app.close()
    proxy.close()


async def _ticking(ticks: list[float]) -> None:
    while True:
        ticks.append(time.monotonic())
        await asyncio.sleep(0.05)


async def test_a_silent_database_gets_busy_in_time_keeps_the_loop_free_and_changes_nothing(proxied) -> None:
    app, proxy = proxied
    account = Account.telegram(CDO["id"])

    async def say(command: str) -> Outcome:
        event = Event(Kind.COMMAND, account=account, chat=Address.telegram(CDO["id"]), command=command)
        return await run_blocking(app.dispatcher.handle, event, timeout=TIMEOUT)

    member = await run_blocking(access.identify, app.uow, account, timeout=TIMEOUT)
    assert member is not None

    proxy.pause()
    ticks: list[float] = []
    ticker = asyncio.create_task(_ticking(ticks))
    started = time.monotonic()
    with pytest.raises(Busy) as busy:
        await say("undo")
    waited = time.monotonic() - started
    ticker.cancel()
    assert TIMEOUT <= waited < TIMEOUT + 1.5
    assert len(ticks) >= 0.5 * waited / 0.05  # the event loop kept running the whole time
    assert app.translator.render(busy.value.reply()) == "系统繁忙，请稍后再试。"

    proxy.resume()  # the database answers again: the stuck call goes on but must not commit
    await asyncio.sleep(1.0)
    history = app.translator.render((await say("history")).replies[0])
    assert "数据治理培训" in history and "数据安全培训" in history  # the /undo told "busy" did nothing
    undone = app.translator.render((await say("undo")).replies[0])  # and the bot works again by itself
    assert "数据治理培训" in undone


async def test_telegram_users_get_the_busy_answer_while_the_database_is_silent(proxied) -> None:
    app, proxy = proxied
    emulator = BotApiEmulator()
    application = build_application(app, request=OfflineRequest(emulator), rate_limit=False, reminders=False)
    async with application:
        proxy.pause()
        for user in (CDO, BotApiEmulator.user(4242, "路人")):
            emulator.send_text(user, "/history")
            started = time.monotonic()
            await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
            assert time.monotonic() - started < TIMEOUT + 1.5
            [answer] = emulator.bot_messages(user["id"])
            assert answer["text"] == "系统繁忙，请稍后再试。"
        proxy.resume()
        await asyncio.sleep(1.0)
        emulator.send_text(CDO, "/history")
        await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
        assert "数据治理培训" in emulator.bot_messages(CDO["id"])[-1]["text"]


def test_the_database_timeouts_are_set_on_every_connection(proxied) -> None:
    app, proxy = proxied
    from sqlalchemy import text

    with app.uow() as uow:
        timeouts = [
            uow.session.execute(text(f"SHOW {name}")).scalar()
            for name in ("statement_timeout", "lock_timeout")
        ]
    assert timeouts == ["15s", "5s"]
    proxy.pause()
    from storage.db import make_engine

    engine = make_engine(app.settings.database_url)
    started = time.monotonic()
    with pytest.raises(Exception) as refused:
        engine.connect()
    assert time.monotonic() - started < 10  # connect_timeout (5 s), not forever
    assert "timeout" in str(refused.value).lower()
    engine.dispose()
