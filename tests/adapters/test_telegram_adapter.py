"""The real PTB ``Application`` over the real dispatcher and a migrated SQLite file, with an offline bot:
real ``Update`` objects in, recorded Bot API calls out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import pytest
from telegram import Update

from bot.bootstrap import AppContext, build_app_context, seed_units
from bot.config import Secret, Settings
from bot.core.address import Account
from bot.core.i18n import translator
from bot.core.replies import Choice, Reply
from bot.handlers.application import build_application
from bot.handlers.render import MAX_TEXT, render, split_text, utf16_len
from bot.services import access
from bot.services.conversation import say
from bot.services.dispatcher import Dispatcher
from tests.adapters._offline import OfflineRequest
from tests.e2e.emulator import BOT_USER, BotApiEmulator

STRANGER = BotApiEmulator.user(555, "路人")
MEMBER = BotApiEmulator.user(42, "张三")
GROUP = -1001


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()  # not started: the offline request calls it in-process


@pytest.fixture
def app_context(sqlite_url: str) -> Iterator[AppContext]:
    app = build_app_context(Settings(telegram_bot_token=Secret("123:TEST"), database_url=sqlite_url))
    seed_units(app.uow)
    code = access.create_invite(app.uow, app.clock, city="zhuhai", unit_name="市公安局", role="cdo").code
    access.join_with_code(
        app.uow, app.clock, code=code, account=Account.telegram(MEMBER["id"]), display_name="张三", chat=None
    )
    yield app
    app.close()


@pytest.fixture
async def application(emulator: BotApiEmulator, app_context: AppContext) -> AsyncIterator[Any]:
    app = build_application(app_context, request=OfflineRequest(emulator), rate_limit=False, reminders=False)
    async with app:
        yield app


async def feed(
    application: Any,
    emulator: BotApiEmulator,
    kind: str,
    user: dict[str, Any],
    text: str,
    chat_id: int | None = None,
    **extra: Any,
) -> None:
    """Turn what a user does into the update Telegram would deliver, and let the application process it."""
    if kind == "text":
        emulator.send_text(user, text, chat_id=chat_id, **extra)
    payload = emulator._updates.pop(0)
    await application.process_update(Update.de_json(payload, application.bot))


def sent_texts(emulator: BotApiEmulator, chat_id: int) -> list[str]:
    return [m["text"] for m in emulator.bot_messages(chat_id)]


def table_rows(app: AppContext, table: str) -> int:
    from sqlalchemy import text

    with app.uow() as uow:
        return int(uow.session.scalar(text(f"SELECT count(*) FROM {table}")))


# ---------------------------------------------------------------- render


def test_a_short_reply_is_one_message_with_its_buttons() -> None:
    reply = Reply(
        "bot.hint",
        choices=((Choice("button.confirm", "d:confirm:1"), Choice("button.cancel", "d:cancel:1")),),
    )
    [part] = render(reply, translator())
    assert part.markup is not None
    assert [b.text for b in part.markup.inline_keyboard[0]] == ["确认", "取消"]
    assert part.markup.inline_keyboard[0][0].callback_data == "d:confirm:1"


def test_a_long_reply_is_split_at_line_breaks_under_4096_characters() -> None:
    lines = [f"第{i}条：首席数据官负责统筹本单位数据工作。" * 3 for i in range(200)]
    text = "\n".join(lines)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(utf16_len(p) <= MAX_TEXT for p in parts)
    assert "\n".join(parts) == text  # nothing lost, every cut at a line break


def test_a_single_line_longer_than_the_limit_is_cut_without_breaking_an_emoji() -> None:
    text = "😀" * 3000  # 6,000 UTF-16 units
    parts = split_text(text)
    assert all(utf16_len(p) <= MAX_TEXT for p in parts)
    assert "".join(parts) == text


def test_only_the_last_part_of_a_split_reply_carries_the_buttons() -> None:
    reply = Reply("", literal="\n".join(["一行文字" * 50] * 100), choices=((Choice("button.confirm", "x"),),))
    parts = render(reply, translator())
    assert len(parts) > 1
    assert [p.markup is not None for p in parts] == [False] * (len(parts) - 1) + [True]


async def test_a_long_reply_reaches_telegram_as_several_messages(
    application: Any, emulator: BotApiEmulator, app_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = Reply("", literal="\n".join(["职责清单中的一项内容，" * 20] * 60))
    monkeypatch.setattr(app_context.dispatcher, "handle", lambda event: say(long))
    await feed(application, emulator, "text", MEMBER, "我的职责有哪些")
    texts = sent_texts(emulator, MEMBER["id"])
    assert len(texts) >= 2
    assert all(utf16_len(t) <= MAX_TEXT for t in texts)


# ---------------------------------------------------------------- access


async def test_a_stranger_is_refused_politely_and_nothing_is_passed_on(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    await feed(application, emulator, "text", STRANGER, "上周组织了数据安全培训，30人参加")
    [text] = sent_texts(emulator, STRANGER["id"])
    assert "邀请码" in text
    assert table_rows(app_context, "pending_drafts") == 0


async def test_a_stranger_may_join_with_an_invite_code(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    code = access.create_invite(
        app_context.uow, app_context.clock, city="zhuhai", unit_name="香洲区", role="staff"
    ).code
    await feed(application, emulator, "text", STRANGER, f"/start {code}")
    assert "香洲区" in sent_texts(emulator, STRANGER["id"])[-1]
    joined = access.identify(app_context.uow, Account.telegram(STRANGER["id"]))
    assert joined is not None and joined.role == "staff" and joined.display_name == "路人"


async def test_a_stranger_pressing_an_old_button_gets_an_alert_and_nothing_happens(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    card = {
        "message_id": 7,
        "from": BOT_USER,
        "chat": {"id": STRANGER["id"], "type": "private"},
        "date": 0,
        "text": "卡片",
    }
    query_id = emulator.press(STRANGER, card, "act:confirm:1")
    await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    answer = emulator.callback_answers[query_id]
    assert answer["show_alert"] is True and "邀请码" in answer["text"]
    assert table_rows(app_context, "activities") == 0


async def test_a_member_question_is_answered_from_the_plans(
    application: Any, emulator: BotApiEmulator
) -> None:
    await feed(application, emulator, "text", MEMBER, "一票否决权是什么")
    [answer] = sent_texts(emulator, MEMBER["id"])
    assert "一票否决" in answer


async def test_when_identifying_fails_the_user_is_told_and_nothing_else_happens(
    application: Any, emulator: BotApiEmulator, app_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(access, "identify_event", broken)  # what the dispatcher asks
    await feed(application, emulator, "text", MEMBER, "昨天组织了数据安全培训，30人参加")
    assert "出了点问题" in sent_texts(emulator, MEMBER["id"])[0]
    assert table_rows(app_context, "pending_drafts") == 0


# ---------------------------------------------------------------- groups


async def test_in_a_group_plain_chatter_is_ignored_even_from_strangers(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    await feed(
        application, emulator, "text", MEMBER, "大家下午好，今天组织了数据安全培训，30人参加", chat_id=GROUP
    )
    await feed(application, emulator, "text", STRANGER, "今天开会吗", chat_id=GROUP)
    assert sent_texts(emulator, GROUP) == []
    assert table_rows(app_context, "pending_drafts") == 0


async def test_in_a_group_a_mention_is_answered_without_the_mention(
    application: Any, emulator: BotApiEmulator
) -> None:
    await feed(application, emulator, "text", MEMBER, "@cdo_test_bot 一票否决权是什么", chat_id=GROUP)
    [answer] = sent_texts(emulator, GROUP)
    assert "一票否决" in answer


async def test_in_a_group_a_reply_to_the_bot_is_answered(application: Any, emulator: BotApiEmulator) -> None:
    bot_message = emulator._bot_sends({"chat_id": GROUP, "text": "之前的回答"}, text="之前的回答")
    await feed(application, emulator, "text", MEMBER, "一票否决权是什么", chat_id=GROUP, reply_to=bot_message)
    assert len(sent_texts(emulator, GROUP)) == 2 and "一票否决" in sent_texts(emulator, GROUP)[-1]


async def test_in_a_group_commands_for_another_bot_are_ignored(
    application: Any, emulator: BotApiEmulator
) -> None:
    await feed(application, emulator, "text", MEMBER, "/help@other_bot", chat_id=GROUP)
    await feed(application, emulator, "text", MEMBER, "/help@cdo_test_bot", chat_id=GROUP)
    texts = sent_texts(emulator, GROUP)
    assert len(texts) == 1 and "使用说明" in texts[0]


async def test_an_unknown_command_gets_a_pointer_to_help(application: Any, emulator: BotApiEmulator) -> None:
    await feed(application, emulator, "text", MEMBER, "/unknown")
    assert "/help" in sent_texts(emulator, MEMBER["id"])[0]


async def test_the_command_menu_and_the_help_come_from_the_command_table(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    await application.post_init(application)
    commands = {c["command"]: c["description"] for c in emulator.commands}
    assert list(commands) == [c.name for c in app_context.dispatcher.commands()]
    assert {"help", "train", "meeting", "report", "history", "undo", "duty", "cancel"} <= set(commands)
    assert commands["history"] == "最近的记录"
    await feed(application, emulator, "text", MEMBER, "/help")
    help_text = sent_texts(emulator, MEMBER["id"])[-1]
    # The member is a CDO: the help lists what a CDO may use, the menu everything.
    mine = {c.name for c in app_context.dispatcher.commands() if c.roles is None or "cdo" in c.roles}
    assert all(
        f"/{name} {description}" in help_text for name, description in commands.items() if name in mine
    )
    assert "/overview " not in help_text and "overview" in commands


# ---------------------------------------------------------------- guided dialogs


def dialog_rows(app: AppContext) -> list[tuple[str, str, str]]:
    from sqlalchemy import text

    with app.uow() as uow:
        rows = uow.session.execute(text("SELECT chat_address, account, state FROM conversation_states"))
        return [tuple(r) for r in rows]


async def test_a_guided_training_waits_for_its_description_and_keeps_the_state_in_the_database(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    await feed(application, emulator, "text", MEMBER, "/train")
    assert "/cancel" in sent_texts(emulator, MEMBER["id"])[-1]
    assert dialog_rows(app_context) == [("telegram:42", "telegram:42", "describe:training")]
    await feed(application, emulator, "text", MEMBER, "11月20日 数据安全培训 30人")
    card = emulator.bot_messages(MEMBER["id"])[-1]
    assert "培训" in card["text"] and "30" in card["text"] and "reply_markup" in card
    assert dialog_rows(app_context) == []


async def test_cancel_ends_a_guided_dialog_and_the_next_text_is_ordinary(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    await feed(application, emulator, "text", MEMBER, "/meeting")
    await feed(application, emulator, "text", MEMBER, "/cancel")
    assert sent_texts(emulator, MEMBER["id"])[-1] == "已取消。"
    await feed(application, emulator, "text", MEMBER, "一票否决权是什么")
    assert "一票否决" in sent_texts(emulator, MEMBER["id"])[-1]
    assert table_rows(app_context, "pending_drafts") == 0


async def test_cancel_outside_a_dialog_says_there_is_nothing_to_cancel(
    application: Any, emulator: BotApiEmulator
) -> None:
    await feed(application, emulator, "text", MEMBER, "/cancel")
    assert sent_texts(emulator, MEMBER["id"])[-1] == "当前没有进行中的操作。"


async def test_an_unanswered_guided_dialog_times_out_and_says_so(
    emulator: BotApiEmulator, app_context: AppContext
) -> None:
    app_context.dispatcher = Dispatcher(
        app_context.uow, app_context.clock, dialog_timeout=timedelta(seconds=0.3)
    )
    app = build_application(app_context, request=OfflineRequest(emulator), rate_limit=False, reminders=False)
    async with app:
        await app.start()  # runs the job queue that fires the time-out
        try:
            await feed(app, emulator, "text", MEMBER, "/report")
            await asyncio.sleep(1.0)
        finally:
            await app.stop()
    assert sent_texts(emulator, MEMBER["id"])[-1] == "操作已超时，已自动取消。如需继续，请重新开始。"
    assert dialog_rows(app_context) == []


async def test_an_edited_message_is_not_processed_again(
    application: Any, emulator: BotApiEmulator, app_context: AppContext
) -> None:
    message = emulator.send_text(MEMBER, "昨天组织了数据安全培训")
    emulator._updates.clear()
    edited = {**emulator._public(message), "text": "昨天组织了数据安全培训，30人参加", "edit_date": 1}
    await application.process_update(
        Update.de_json({"update_id": 9, "edited_message": edited}, application.bot)
    )
    assert table_rows(app_context, "pending_drafts") == 0
    assert sent_texts(emulator, MEMBER["id"]) == []


async def test_in_a_group_the_answer_quotes_the_question(application: Any, emulator: BotApiEmulator) -> None:
    question = emulator.send_text(MEMBER, "@cdo_test_bot 一票否决权是什么", chat_id=GROUP)
    emulator._updates.clear()
    emulator._push({"message": emulator._public(question)})
    await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    [answer] = emulator.bot_messages(GROUP)
    assert answer["reply_to_message"]["message_id"] == question["message_id"]


async def test_a_sticker_in_a_private_chat_gets_the_usage_hint(
    application: Any, emulator: BotApiEmulator
) -> None:
    sticker = {
        "file_id": "S1",
        "file_unique_id": "US1",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    emulator._user_message(MEMBER, None, None, sticker=sticker)
    await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    assert "没看懂" in sent_texts(emulator, MEMBER["id"])[-1]
