"""The Zhuhai set-up most adapter tests start from: 香洲区's CDO and the bureau's coordinator on Telegram.

One place for what several test modules built alike: an app on a SQLite file with the units
seeded, the two members (ids in ``app.member_ids``), optional trainings of the CDO's unit, and an
offline PTB ``Application`` around it (``offline_application``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from telegram.ext import Application, Defaults
from telegram.request import BaseRequest

from bot.bootstrap import AppContext, build_app_context, seed_units
from bot.config import Secret, Settings
from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.handlers.application import register_handlers
from bot.handlers.context import context_types
from bot.services.access import new_member
from storage.models import Activity
from tests.e2e.emulator import BotApiEmulator

CDO = BotApiEmulator.user(1001, "香洲区首席数据官")
COORDINATOR = BotApiEmulator.user(2001, "政数局统筹")


def zhuhai_app(
    sqlite_url: str,
    now: datetime,
    *,
    trainings: Iterable[tuple[date, str]] = (),
    stamped: bool = False,
    **settings: Any,
) -> AppContext:
    """``trainings``: (day, title) records of 香洲区 entered by its CDO (``stamped``: entered at noon that day)."""
    app = build_app_context(
        Settings(telegram_bot_token=Secret("123:TEST"), database_url=sqlite_url, **settings),
        clock=FixedClock(now),
    )
    seed_units(app.uow)
    with app.uow() as uow:
        xiangzhou = uow.units.by_name("zhuhai", "香洲区")
        bureau = uow.units.by_name("zhuhai", "市政务服务数据管理局")
        ids = {}
        for user, role, unit in ((CDO, "cdo", xiangzhou), (COORDINATOR, "coordinator", bureau)):
            ids[role] = uow.members.add(
                new_member(
                    Account.telegram(user["id"]),
                    display_name=user["first_name"],
                    city="zhuhai",
                    unit_id=unit.id,
                    role=role,
                    chat_address=Address.telegram(user["id"]).text,
                )
            ).id
        for day, title in trainings:
            uow.activities.add(
                Activity(
                    unit_id=xiangzhou.id,
                    kind="training",
                    date=day,
                    title=title,
                    entered_by=ids["cdo"],
                    **(
                        {"created_at": datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)}
                        if stamped
                        else {}
                    ),
                )
            )
        uow.commit()
    app.member_ids = ids  # type: ignore[attr-defined]
    return app


def offline_application(
    app_context: AppContext, request: BaseRequest
) -> Application[Any, Any, Any, Any, Any, Any]:
    """A PTB application on ``app_context`` whose every request goes to ``request`` (no socket)."""
    app = (
        Application.builder()
        .token("123:TEST")
        .request(request)
        .get_updates_request(request)
        .context_types(context_types())
        .defaults(Defaults(tzinfo=SHANGHAI))
        .build()
    )
    app.bot_data.app = app_context
    register_handlers(app)
    return app
