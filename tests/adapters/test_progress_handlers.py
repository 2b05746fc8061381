"""/progress, /overview and /export through Telegram, offline: real ``Update`` objects, the Bot API emulator,
and the real services on a SQLite file. The application holds the access guard and this feature's ``register``.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from telegram import Update
from telegram.request import RequestData

from bot.core.clock import SHANGHAI
from bot.services.commands import Arguments, parse_arguments
from tests.adapters._offline import OfflineRequest
from tests.adapters._zhuhai import CDO, COORDINATOR, offline_application, zhuhai_app
from tests.e2e.emulator import BotApiEmulator

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


class FileKeepingRequest(OfflineRequest):
    """Also keeps the uploaded files (name, bytes), which travel as multipart data, not as parameters."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        super().__init__(emulator)
        self.files: list[tuple[str, bytes]] = []

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        for name, content, *_ in (request_data.multipart_data or {}).values() if request_data else ():
            self.files.append((name, content))
        return await super().do_request(url, method, request_data, *args, **kwargs)


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()


@pytest.fixture
def app_context(sqlite_url: str):
    app = zhuhai_app(sqlite_url, NOW, trainings=((date(2026, 3, 5), "数据安全培训"),))
    yield app
    app.close()


@pytest.fixture
async def application(emulator: BotApiEmulator, app_context) -> AsyncIterator[Any]:
    app = offline_application(app_context, FileKeepingRequest(emulator))
    async with app:
        yield app


async def say(
    application: Any, emulator: BotApiEmulator, user: dict[str, Any], text: str, chat_id: int | None = None
) -> list[str]:
    chat = user["id"] if chat_id is None else chat_id
    before = len(emulator.bot_messages(chat))
    emulator.send_text(user, text, chat_id=chat_id)
    while emulator._updates:
        await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    return [m.get("text", "") or m.get("caption", "") for m in emulator.bot_messages(chat)[before:]]


async def press(application: Any, emulator: BotApiEmulator, user: dict[str, Any], data: str) -> list[str]:
    """Press a button with ``data`` under the user's last message; the texts and captions sent then."""
    shown = emulator.bot_messages(user["id"])[-1]
    before = len(emulator.bot_messages(user["id"]))
    emulator.press(user, shown, data)
    while emulator._updates:
        await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    return [m.get("text", "") or m.get("caption", "") for m in emulator.bot_messages(user["id"])[before:]]


def test_arguments_are_a_year_a_city_and_a_format_in_any_order() -> None:
    assert parse_arguments("csv 珠海 2026") == Arguments(2026, "zhuhai", "csv")
    assert parse_arguments("2025年") == Arguments(year=2025)
    assert parse_arguments("") == Arguments()
    assert parse_arguments("明年").unknown == "明年"


async def test_a_cdo_sees_their_progress_and_its_chart_follows_but_not_the_overview(
    application: Any, emulator: BotApiEmulator
) -> None:
    [mine, chart] = await say(application, emulator, CDO, "/progress")  # the text first, the picture after
    assert "香洲区 2026年进度" in mine and "❌ 培训 1/2 场" in mine
    assert chart == "香洲区 2026年进度图"
    [photo] = emulator.method_calls("sendPhoto")
    [(name, content)] = application.bot.request.files
    assert name.startswith("cdo-progress-unit") and name.endswith("-2026.png")
    assert content.startswith(b"\x89PNG\r\n\x1a\n") and photo.params["caption"] == chart
    texts = [m for m in emulator.bot_messages(CDO["id"]) if m.get("text")]
    assert "reply_markup" not in texts[-1]  # no button to ask for it: it comes by itself
    [refused] = await say(application, emulator, CDO, "/overview")
    assert "仅限本市统筹协调人员和管理员" in refused


async def test_the_same_figures_send_the_same_picture_without_drawing_it_again(
    application: Any, emulator: BotApiEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services import charts

    drawn = []
    real = charts.progress_chart
    monkeypatch.setattr(charts, "progress_chart", lambda found: (drawn.append(1), real(found))[1])
    await say(application, emulator, CDO, "/progress 2025")
    await say(application, emulator, CDO, "/progress 2025")
    assert len(emulator.method_calls("sendPhoto")) == 2 and drawn == [1]


async def test_chart_buttons_of_earlier_messages_still_draw_and_forged_ones_draw_nothing_unseen(
    application: Any, emulator: BotApiEmulator
) -> None:
    await say(application, emulator, CDO, "/history")
    assert await press(application, emulator, CDO, "chart:progress:2026") == ["香洲区 2026年进度图"]
    photos = len(emulator.method_calls("sendPhoto"))
    for data, answer in (
        ("chart:overview:zhuhai:2026", "仅限本市统筹协调人员和管理员"),  # the city's chart, to a CDO
        ("chart:progress:9999", "按钮已失效"),
        ("chart:progress", "按钮已失效"),
    ):
        [reply] = await press(application, emulator, CDO, data)
        assert answer in reply, data
    assert len(emulator.method_calls("sendPhoto")) == photos


async def test_a_coordinator_sees_every_unit_in_one_message_and_the_citys_chart_after_it(
    application: Any, emulator: BotApiEmulator
) -> None:
    [table, chart] = await say(application, emulator, COORDINATOR, "/overview")
    assert "珠海市首席数据官工作概览" in table
    assert chart == "珠海市 2026年各单位进度图（落后的在前）"
    assert application.bot.request.files[-1][0] == "cdo-overview-zhuhai-2026-11-24.png"
    assert table.count("｜培训") == 16
    [hint] = await say(application, emulator, COORDINATOR, "/progress")
    assert "/overview" in hint


async def test_export_sends_the_workbook_as_a_document(application: Any, emulator: BotApiEmulator) -> None:
    await say(application, emulator, COORDINATOR, "/export")
    [call] = emulator.method_calls("sendDocument")
    assert call.params["caption"] == "珠海市 2026年首席数据官工作台账（截至2026-11-24）"
    [(name, content)] = application.bot.request.files
    assert name == "cdo-overview-zhuhai-2026-as-of-2026-11-24.xlsx"
    assert load_workbook(io.BytesIO(content)).sheetnames == ["汇总", "培训记录", "报告报送", "交流会"]
    await say(application, emulator, CDO, "/export csv")
    name, content = application.bot.request.files[-1]
    assert name.startswith("cdo-progress-unit") and name.endswith(".csv")
    assert content.startswith("\ufeff单位".encode())
    [wrong] = await say(application, emulator, COORDINATOR, "/export pdf")
    assert "没有看懂“pdf”" in wrong


async def test_the_city_ledger_is_never_shown_or_sent_in_a_group(
    application: Any, emulator: BotApiEmulator
) -> None:
    group = -100123
    [overview] = await say(application, emulator, COORDINATOR, "/overview", chat_id=group)
    [export] = await say(application, emulator, COORDINATOR, "/export", chat_id=group)
    assert "只在私聊中提供" in overview and "只在私聊中提供" in export
    assert emulator.method_calls("sendDocument") == [] and emulator.method_calls("sendPhoto") == []
    assert "香洲区" not in overview


async def test_summary_sends_the_draft_as_a_word_document(application: Any, emulator: BotApiEmulator) -> None:
    from docx import Document

    await say(application, emulator, CDO, "/summary 2026H2")
    [call] = emulator.method_calls("sendDocument")
    assert "香洲区工作总结报告草稿（2026年下半年）" in call.params["caption"]
    [(name, content)] = application.bot.request.files
    assert name.endswith("-2026H2.docx")
    assert Document(io.BytesIO(content)).paragraphs[0].text == "香洲区首席数据官工作总结报告"
    [refused] = await say(application, emulator, CDO, "/summary 金湾区")
    assert "只能生成本单位" in refused
    await say(application, emulator, COORDINATOR, "/summary 香洲区 2026H1")
    name, _content = application.bot.request.files[-1]
    assert name.endswith("-2026H1.docx")
    [group] = await say(application, emulator, CDO, "/summary", chat_id=-100123)
    assert "只在私聊中提供" in group


async def test_the_chart_shows_the_figures_the_text_was_made_of_read_once(
    application: Any, emulator: BotApiEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services import progress

    reads = []
    real = progress.unit_progress
    monkeypatch.setattr(progress, "unit_progress", lambda *a, **k: (reads.append(1), real(*a, **k))[1])
    [text, chart] = await say(application, emulator, CDO, "/progress 2024")
    assert "2024年进度" in text and chart == "香洲区 2024年进度图"
    assert reads == [1]  # the follow-up drew from the figures just read, not a second read
