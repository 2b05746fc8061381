"""Long work off the loop (issue 11): while one coordinator's /export is being built, other users'
updates are answered (a 20,000-record export used to hold everyone up for 3.6 s)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from telegram import Update

from tests.adapters import test_groups_and_rights as shared
from tests.e2e.emulator import BotApiEmulator

CDO, COORDINATOR = shared.CDO, shared.COORDINATOR
app_context, application = shared.app_context, shared.application  # the same real-services fixtures


async def test_other_users_are_answered_while_an_export_is_being_built(application: Any, app_context) -> None:
    from bot.services import commands

    building, release = threading.Event(), threading.Event()
    real_export = commands.export_command

    def slow_export(*args):
        building.set()
        release.wait(10)
        return real_export(*args)

    commands.export_command = slow_export
    emulator: BotApiEmulator = application.emulator
    try:
        emulator.send_text(COORDINATOR, "/export")
        emulator.send_text(CDO, "/history")
        for payload in (emulator._updates.pop(0), emulator._updates.pop(0)):
            await application.process_update(Update.de_json(payload, application.bot))
        await asyncio.to_thread(building.wait, 10)
        for _ in range(100):  # the CDO's answer does not wait for the workbook
            if emulator.bot_messages(CDO["id"]):
                break
            await asyncio.sleep(0.05)
        assert "数据安全培训" in emulator.bot_messages(CDO["id"])[-1]["text"]
        assert emulator.method_calls("sendDocument") == []
    finally:
        release.set()
        commands.export_command = real_export
    for _ in range(200):
        if emulator.method_calls("sendDocument"):
            break
        await asyncio.sleep(0.05)
    assert emulator.method_calls("sendDocument")
