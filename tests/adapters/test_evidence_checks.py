"""Evidence checks (issue 11) through Telegram, offline on the real services: the type comes from the
file name's extension, not the client's declared type, and the size from Telegram's server
(``getFile``), not the client's declaration (an ``.exe`` declared as PDF, a negative size)."""

from __future__ import annotations

from typing import Any

from telegram import Update

from tests.adapters import test_groups_and_rights as shared
from tests.e2e.emulator import BotApiEmulator

CDO, COORDINATOR = shared.CDO, shared.COORDINATOR
app_context, application = shared.app_context, shared.application  # the same real-services fixtures


async def send_file(application: Any, name: str, mime: str, declared: int, real: int | None) -> str:
    emulator: BotApiEmulator = application.emulator
    message = emulator.send_document(CDO, file_name=name, mime_type=mime, size=declared)
    if real is not None:  # what Telegram's server knows about the file (getFile)
        file_id = message["document"]["file_id"]
        emulator.files[file_id] = {**emulator.files[file_id], "file_size": real}
    await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    return emulator.bot_messages(CDO["id"])[-1]["text"]


def _evidence(app_context) -> list[tuple[str, str, int]]:
    with app_context.uow() as uow:
        unit = uow.units.by_name("zhuhai", "香洲区")
        [activity] = uow.activities.history([unit.id])
        return [(e.file_name, e.mime_type, e.file_size) for e in uow.activities.evidence_of(activity.id)]


async def test_an_exe_declared_as_pdf_is_refused_by_its_extension(application: Any, app_context) -> None:
    answer = await send_file(application, "签到表.exe", "application/pdf", 20_000, None)
    assert "不支持这种文件" in answer
    assert _evidence(app_context) == []


async def test_the_size_checked_is_the_one_telegram_reports_not_the_declared_one(
    application: Any,
    app_context,
) -> None:
    too_big = await send_file(application, "签到表.pdf", "application/pdf", 1_000, 25 * 1024 * 1024)
    assert "文件太大了" in too_big
    kept = await send_file(application, "签到表.pdf", "application/x-msdownload", -5, 30_000)
    assert "不支持" not in kept and "太大" not in kept
    assert _evidence(app_context) == [("签到表.pdf", "application/pdf", 30_000)]


async def test_a_file_whose_size_nobody_knows_is_refused(application: Any, app_context) -> None:
    emulator: BotApiEmulator = application.emulator
    message = emulator.send_document(CDO, file_name="签到表.pdf", size=-5)
    emulator.files.pop(message["document"]["file_id"])  # getFile fails: only the declared -5 is left
    await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    assert "实际大小" in emulator.bot_messages(CDO["id"])[-1]["text"]
    assert _evidence(app_context) == []
